//! `jixiao watch` with the real binary: the address, the pages, refusals, live updates.

mod support;

use std::time::Duration;

use support::watch::{save_by_rename, start};
use support::{project_spec, seed_spec};

/// A copy of a spec in a fresh folder (the preview locks and watches it).
fn copy(spec: &std::path::Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("预览.toml");
    std::fs::copy(spec, &path).expect("copy spec");
    (dir, path)
}

#[test]
fn port_0_prints_the_url_and_serves_the_form_its_files_and_nothing_else() {
    let (_dir, spec) = copy(&seed_spec());
    let w = start(&spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr));
    let port: u16 = w
        .url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|r| r.strip_suffix('/'))
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("not a loopback URL: {}", w.url));
    assert_ne!(port, 0);

    let (status, kind, body) = w.get("/");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/html"), "{kind}");
    let page = String::from_utf8(body).expect("utf-8");
    assert!(page.contains("福建省红十字会"));
    assert!(page.contains("data-field=\"budget.total\""));
    assert!(page.contains("id=\"jx-panel\""));
    assert!(page.contains("new EventSource('/events')"));

    // The form alone is exactly what `render -f html` writes.
    let (status, _, form) = w.get("/form.html");
    assert_eq!(status, 200);
    let out = tempfile::tempdir().expect("tempdir");
    let rendered = out.path().join("f.html");
    let r = support::jixiao([
        "render".as_ref(),
        "-f".as_ref(),
        "html".as_ref(),
        spec.as_os_str(),
        "-o".as_ref(),
        rendered.as_os_str(),
    ]);
    assert_eq!(support::code(&r), 0, "{}", support::stderr(&r));
    assert_eq!(form, std::fs::read(&rendered).expect("rendered html"));

    let (status, kind, pdf) = w.get("/form.pdf");
    assert_eq!(status, 200);
    assert_eq!(kind, "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let (status, kind, xlsx) = w.get("/form.xlsx");
    assert_eq!(status, 200);
    assert!(kind.contains("spreadsheetml"), "{kind}");
    assert!(xlsx.starts_with(b"PK"));

    for path in [
        "/nope",
        "/specs/fujian-redcross-2021.toml",
        "/../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "/form.toml",
    ] {
        let (status, _, body) = w.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            String::from_utf8_lossy(&body).contains("没有这个页面"),
            "{path}"
        );
    }

    // Only the preview's own address is answered (no DNS rebinding).
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build(),
    );
    let r = agent
        .get(&w.url)
        .header("Host", "evil.example:80")
        .call()
        .expect("answered");
    assert_eq!(r.status().as_u16(), 403);
    let local = w.url.replace("127.0.0.1", "localhost");
    assert_eq!(
        agent
            .get(&local)
            .call()
            .expect("answered")
            .status()
            .as_u16(),
        200
    );

    // Reading the spec (the exports above did) changes nothing the page shows.
    std::thread::sleep(Duration::from_millis(800));
    let state = w.state();
    assert_eq!(state["status"], "ok");
    assert_eq!(state["name"], "预览");
    assert_eq!(state["version"], 1, "refreshed without a change: {state}");

    let (done, took) = w.interrupt();
    assert_eq!(done.status.code(), Some(0), "{}", done.stderr);
    assert!(done.stderr.contains("已停止预览"), "{}", done.stderr);
    assert!(took < Duration::from_secs(5), "stopping took {took:?}");
}

#[test]
fn a_busy_explicit_port_is_a_chinese_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("addr").port().to_string();
    let (_dir, spec) = copy(&seed_spec());
    let f = start(&spec, &["--port", &port]).err().expect("refused");
    assert_eq!(f.status.code(), Some(2));
    assert!(f.stdout.is_empty());
    assert!(
        f.stderr.contains(&format!("端口 {port} 已被占用")) && f.stderr.contains("--port 0"),
        "{}",
        f.stderr
    );
}

#[test]
fn a_second_watch_on_the_same_file_is_refused() {
    let (dir, spec) = copy(&seed_spec());
    let first = start(&spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr));
    // The same file by another name still counts as the same file.
    let other_name = dir.path().join(".").join("预览.toml");
    let f = start(&other_name, &["--port", "0"]).err().expect("refused");
    assert_eq!(f.status.code(), Some(2));
    assert!(
        f.stderr.contains("已经在另一个 jixiao watch 中预览"),
        "{}",
        f.stderr
    );
    assert!(f.stderr.contains(&first.url), "{}", f.stderr);
    // Once the first stops, the file is free again.
    let (done, _) = first.interrupt();
    assert_eq!(done.status.code(), Some(0));
    let again = start(&spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr));
    drop(again);
}

#[test]
fn a_missing_spec_or_a_folder_is_a_chinese_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = start(&dir.path().join("没有.toml"), &[])
        .err()
        .expect("refused");
    assert_eq!(f.status.code(), Some(2));
    assert!(f.stderr.contains("没有.toml：文件不存在"), "{}", f.stderr);
    let f = start(dir.path(), &[]).err().expect("refused");
    assert_eq!(f.status.code(), Some(2));
    assert!(f.stderr.contains("这是一个文件夹"), "{}", f.stderr);
}

#[test]
fn saves_errors_and_a_vanished_spec_reach_the_state_within_a_second() {
    let (dir, spec) = copy(&seed_spec());
    let text = std::fs::read_to_string(&spec).expect("spec");
    let w = start(&spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr));
    let first = w.state();
    assert_eq!(first["status"], "ok");
    let v0 = first["version"].as_u64().expect("version");

    // A wrong sum: the error, its line, the cell it is about; the form as written.
    let wrong = text.replacen("total = 2120.91", "total = 2120.92", 1);
    assert_ne!(wrong, text);
    std::fs::write(&spec, &wrong).expect("write");
    let (s, took) = w.wait_state(Duration::from_secs(5), |s| s["status"] == "errors");
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert!(s["version"].as_u64() > Some(v0));
    assert_eq!(s["stale"], false, "the form shows the text as written");
    let e104 = s["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["code"] == "E104")
        .unwrap_or_else(|| panic!("no E104: {s}"));
    assert_eq!(e104["cells"], serde_json::json!(["budget.total"]));
    assert!(e104["line"].as_u64().is_some());
    let (status, _, form) = w.get("/form.html");
    assert_eq!(status, 200, "the form as written is served");
    assert!(String::from_utf8_lossy(&form).contains("2120.92"));
    let (status, _, body) = w.get("/form.pdf");
    assert_eq!(status, 409);
    assert!(String::from_utf8_lossy(&body).contains("改正后才能生成 PDF"));

    // Saved by rename with a visible change: the new form.
    let renamed = text.replacen(
        "name = \"福建省红十字会(本级)\"",
        "name = \"福建省红十字总会(本级)\"",
        1,
    );
    assert_ne!(renamed, text);
    save_by_rename(&spec, &renamed);
    let (s, took) = w.wait_state(Duration::from_secs(5), |s| s["form_version"] == 3);
    assert!(took < Duration::from_secs(1), "took {took:?}");
    assert_eq!(s["status"], "ok");
    assert_eq!(s["stale"], false);
    let (_, _, form) = w.get("/form.html");
    assert!(String::from_utf8_lossy(&form).contains("福建省红十字总会"));

    // Gone, then back.
    let away = dir.path().join("改名.toml");
    std::fs::rename(&spec, &away).expect("rename away");
    let (s, _) = w.wait_state(Duration::from_secs(5), |s| s["status"] == "missing");
    assert!(
        s["headline"]
            .as_str()
            .is_some_and(|h| h.contains("找不到规格文件")),
        "{s}"
    );
    std::fs::rename(&away, &spec).expect("rename back");
    w.wait_state(Duration::from_secs(5), |s| s["status"] == "ok");

    // Not TOML at all: the error with its line, the form kept; the server lives on.
    std::fs::write(&spec, "year = = 2021\n").expect("write");
    let (s, _) = w.wait_state(Duration::from_secs(5), |s| s["status"] == "errors");
    assert_eq!(s["diagnostics"][0]["code"], "E001");
    assert_eq!(s["diagnostics"][0]["line"], 1);
    assert_eq!(w.get("/").0, 200);
    std::fs::write(&spec, [0xff, 0x00, 0xfe]).expect("write binary");
    w.wait_state(Duration::from_secs(5), |s| s["status"] == "unreadable");
    assert_eq!(w.get("/").0, 200);
}

#[test]
fn the_project_form_is_previewed_too() {
    let (_dir, spec) = copy(&project_spec());
    let w = start(&spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr));
    let (status, _, page) = w.get("/");
    assert_eq!(status, 200);
    let page = String::from_utf8(page).expect("utf-8");
    assert!(page.contains("项目支出绩效目标表"), "{page}");
    assert_eq!(w.state()["status"], "ok");
}

#[test]
fn a_port_out_of_range_is_told_in_chinese() {
    let (_dir, spec) = copy(&seed_spec());
    let f = start(&spec, &["--port", "70000"]).err().expect("refused");
    assert_eq!(f.status.code(), Some(2));
    assert!(f.stderr.contains("端口“70000”无效"), "{}", f.stderr);
}

#[test]
fn ctrl_c_right_after_the_address_still_stops_cleanly() {
    let (_dir, spec) = copy(&seed_spec());
    for _ in 0..5 {
        let w = start(&spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr));
        let (done, took) = w.interrupt();
        assert_eq!(done.status.code(), Some(0), "{}", done.stderr);
        assert!(done.stderr.contains("已停止预览"), "{}", done.stderr);
        assert!(took < Duration::from_secs(5), "stopping took {took:?}");
    }
}
