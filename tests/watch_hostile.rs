//! `jixiao watch` against a hostile neighbourhood: other web pages, other local users, slow
//! clients, a spec swapped for a FIFO, a folder deleted under it, a long check.

mod support;

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::seed_spec;
use support::watch::{Watch, save_by_rename, start, start_env};

/// A copy of the seed in a fresh folder (the preview locks and watches it).
fn copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("预览.toml");
    std::fs::copy(seed_spec(), &path).expect("copy spec");
    (dir, path)
}

fn started(spec: &Path) -> Watch {
    start(spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr))
}

#[test]
fn requests_from_other_web_pages_are_refused() {
    let (_dir, spec) = copy();
    let w = started(&spec);
    let port = w
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .expect("port")
        .to_owned();
    let own = format!("http://127.0.0.1:{port}");
    for path in ["/form.pdf", "/form.xlsx", "/state.json", "/"] {
        for headers in [
            &[("Sec-Fetch-Site", "cross-site")][..],
            &[("Sec-Fetch-Site", "same-site")],
            &[("Origin", "http://evil.example")],
            &[("Origin", "null")],
        ] {
            let (status, _, body) = w.get_with(path, headers);
            assert_eq!(status, 403, "{path} {headers:?}");
            assert!(String::from_utf8_lossy(&body).contains("拒绝来自其他网页的请求"));
        }
    }
    // The page itself, and the clerk typing the address, are served.
    let (status, _, pdf) = w.get_with(
        "/form.pdf",
        &[("Sec-Fetch-Site", "same-origin"), ("Origin", &own)],
    );
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(w.get_with("/", &[("Sec-Fetch-Site", "none")]).0, 200);
}

#[test]
fn parallel_downloads_share_one_export() {
    let (_dir, spec) = copy();
    let w = started(&spec);
    let one = Instant::now();
    let (status, _, first) = w.get("/form.xlsx");
    assert_eq!(status, 200);
    let single = one.elapsed();
    // A save that changes the form, so the next downloads cannot reuse the file above.
    let text = std::fs::read_to_string(&spec).expect("spec").replacen(
        "name = \"福建省红十字会(本级)\"",
        "name = \"福建省红十字会(本级)机关\"",
        1,
    );
    save_by_rename(&spec, &text);
    w.wait_state(Duration::from_secs(10), |s| s["version"] == 2);
    let all = Instant::now();
    let bodies: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|_| scope.spawn(|| w.get("/form.xlsx")))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                let (status, _, body) = h.join().expect("request");
                assert_eq!(status, 200);
                body
            })
            .collect()
    });
    let took = all.elapsed();
    assert!(
        bodies.iter().all(|b| *b == bodies[0]),
        "one export, one file"
    );
    assert_ne!(
        bodies[0], first,
        "the file of the saved form, not the one before"
    );
    // Sixteen exports at once took sixteen times as long on two cores (and as much memory).
    assert!(
        took < single * 4 + Duration::from_secs(2),
        "16 downloads took {took:?}, one {single:?}"
    );
}

#[test]
fn a_slow_client_that_never_finishes_its_headers_is_dropped() {
    let (_dir, spec) = copy();
    let w = started(&spec);
    let addr = w
        .url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut slow = std::net::TcpStream::connect(&addr).expect("connect");
    slow.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-a: ").as_bytes())
        .expect("write");
    slow.set_read_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    let started = Instant::now();
    let mut buf = [0u8; 256];
    // The server closes (or answers with an error and closes) once its deadline passes.
    let closed = loop {
        match slow.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
            Err(_) => break false,
        }
    };
    let took = started.elapsed();
    assert!(closed, "still open after {took:?}");
    assert!(took < Duration::from_secs(10), "closed after {took:?}");
    // Meanwhile and after, everyone else is served.
    assert_eq!(w.get("/state.json").0, 200);
}

#[cfg(unix)]
#[test]
fn the_lock_lives_in_a_private_folder_of_the_user() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, spec) = copy();
    let runtime = dir.path().join("运行");
    std::fs::create_dir(&runtime).expect("mkdir");
    std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let w = start_env(&spec, &["--port", "0"], &[("XDG_RUNTIME_DIR", &runtime)])
        .unwrap_or_else(|f| panic!("{}", f.stderr));
    let locks = runtime.join("jixiao-watch");
    let meta = std::fs::symlink_metadata(&locks).expect("the lock folder");
    assert!(meta.is_dir());
    assert_eq!(meta.permissions().mode() & 0o777, 0o700);
    let files: Vec<_> = std::fs::read_dir(&locks).expect("read").collect();
    assert_eq!(files.len(), 1);
    drop(w);
}

#[cfg(target_os = "linux")]
#[test]
fn a_lock_folder_planted_as_a_link_is_refused_in_chinese() {
    use std::os::unix::fs::PermissionsExt as _;
    let (dir, spec) = copy();
    let runtime = dir.path().join("运行");
    let elsewhere = dir.path().join("他人");
    for d in [&runtime, &elsewhere] {
        std::fs::create_dir(d).expect("mkdir");
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    }
    std::os::unix::fs::symlink(&elsewhere, runtime.join("jixiao-watch")).expect("plant");
    let f = start_env(&spec, &["--port", "0"], &[("XDG_RUNTIME_DIR", &runtime)])
        .err()
        .expect("refused");
    assert_eq!(f.status.code(), Some(2), "{}", f.stderr);
    assert!(
        f.stderr.contains("是一个链接") && f.stderr.contains("没有写入任何内容"),
        "{}",
        f.stderr
    );
    assert_eq!(std::fs::read_dir(&elsewhere).expect("read").count(), 0);
}

#[cfg(target_os = "linux")]
#[test]
fn a_fifo_in_place_of_the_spec_freezes_nothing() {
    let (_dir, spec) = copy();
    let w = started(&spec);
    std::fs::remove_file(&spec).expect("remove");
    let made = std::process::Command::new("mkfifo")
        .arg(&spec)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let (state, _) = w.wait_state(Duration::from_secs(10), |s| s["status"] == "unreadable");
    assert!(
        state["headline"]
            .as_str()
            .is_some_and(|h| h.contains("不是普通文件")),
        "{state}"
    );
    // Requests are still answered, and Ctrl-C still stops the preview.
    assert_eq!(w.get("/").0, 200);
    assert_eq!(w.get("/form.pdf").0, 409);
    let (done, took) = w.interrupt();
    assert_eq!(done.status.code(), Some(0), "{}", done.stderr);
    assert!(took < Duration::from_secs(5), "stopping took {took:?}");
}

#[test]
fn the_page_and_the_downloads_agree_after_the_folder_is_made_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("本单位");
    std::fs::create_dir(&folder).expect("mkdir");
    let spec = folder.join("预览.toml");
    std::fs::copy(seed_spec(), &spec).expect("copy");
    let w = started(&spec);
    assert_eq!(w.state()["status"], "ok");
    std::fs::remove_dir_all(&folder).expect("delete the folder");
    std::fs::create_dir(&folder).expect("make it again");
    let seed = std::fs::read_to_string(seed_spec()).expect("seed");
    let e104 = seed.replacen("total = 2120.91", "total = 2120.92", 1);
    std::fs::write(&spec, e104).expect("save an E104");
    let (state, _) = w.wait_state(Duration::from_secs(10), |s| s["status"] == "errors");
    assert!(
        state["headline"]
            .as_str()
            .is_some_and(|h| h.contains("1 个错误")),
        "{state}"
    );
    let (status, _, body) = w.get("/form.pdf");
    assert_eq!(status, 409);
    assert!(String::from_utf8_lossy(&body).contains("1 个错误"));
}

#[test]
fn the_page_is_served_while_a_large_spec_is_checked() {
    let (_dir, spec) = copy();
    let seed = std::fs::read_to_string(seed_spec()).expect("seed");
    let mut big = seed.clone();
    for i in 0..4_000 {
        big.push_str(&format!(
            "\n[[indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"指标{i}\"\ntarget = \"≥{i}次\"\n"
        ));
    }
    let w = started(&spec);
    save_by_rename(&spec, &big);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut saw_checking = false;
    let mut slowest = Duration::ZERO;
    loop {
        let asked = Instant::now();
        let state = w.state();
        slowest = slowest.max(asked.elapsed());
        saw_checking |= state["checking"] == true;
        if state["version"] != 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the large spec was never checked"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(saw_checking, "the state said it was checking while it was");
    assert!(
        slowest < Duration::from_secs(2),
        "a request waited {slowest:?}"
    );
}
