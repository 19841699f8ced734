//! A clerk's files on a shared machine: nothing skipped silently, nothing left behind,
//! nothing made more readable than it was, no name Windows cannot open, and no control
//! characters reaching the terminal or the form.

mod support;

use std::path::Path;

use support::{fixture, jixiao, seed_spec};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
#[test]
fn a_folder_check_reports_a_dangling_spec_link_and_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(seed_spec(), dir.path().join("福建.toml")).expect("copy");
    std::os::unix::fs::symlink(dir.path().join("已删除.toml"), dir.path().join("链接.toml"))
        .expect("link");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("零.toml")).expect("link");
    // A link to nowhere that is not named like a spec is no business of the check.
    std::os::unix::fs::symlink(dir.path().join("无"), dir.path().join("备份.lnk")).expect("link");
    let out = jixiao(["check".as_ref(), dir.path().as_os_str()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("链接.toml：链接指向的文件不存在，已跳过"),
        "{err}"
    );
    assert!(!err.contains("备份.lnk"), "{err}");
    assert!(err.contains("零.toml：不是普通文件"), "{err}");
    assert!(err.contains("另有 2 处无法读取，已跳过"), "{err}");
    let json = jixiao([
        "check".as_ref(),
        dir.path().as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(json.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let skipped = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| {
            f["ok"] == false && f["file"].as_str().is_some_and(|p| p.ends_with("链接.toml"))
        })
        .count();
    assert_eq!(skipped, 1, "{report}");
    assert_eq!(
        report["files"].as_array().expect("files").len(),
        3,
        "{report}"
    );
}

/// Whether this process can read a folder whatever its mode says (root can).
#[cfg(unix)]
fn reads_everything(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok()
}

#[cfg(unix)]
#[test]
fn a_folder_check_reports_an_unreadable_subfolder_and_fails() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    // Open to everyone but the subfolder, for the run as an ordinary user below.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::copy(seed_spec(), dir.path().join("福建.toml")).expect("copy");
    let closed = dir.path().join("科室");
    std::fs::create_dir(&closed).expect("mkdir");
    std::fs::copy(seed_spec(), closed.join("项目.toml")).expect("copy");
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let check = |args: &[&std::ffi::OsStr]| {
        if !reads_everything(&closed) {
            return jixiao(args);
        }
        // Root reads any folder: the check runs as an ordinary user instead.
        support::as_nobody(args)
    };
    let out = check(&["check".as_ref(), dir.path().as_os_str()]);
    std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("科室：没有读取权限，无法读取，已跳过"),
        "{err}"
    );
    assert!(err.contains("另有 1 处无法读取"), "{err}");
}

#[test]
fn a_stale_temporary_file_of_a_killed_run_is_removed_by_the_next() {
    let dir = tempfile::tempdir().expect("tempdir");
    // What a run killed between naming its temporary file and the rename leaves: a pid
    // beyond Linux's largest (4,194,304), so no process can still own it.
    let stale = dir.path().join(".jixiao-999999999-0.tmp");
    let foreign = dir.path().join(".jixiao-editor.tmp");
    std::fs::write(&stale, b"half").expect("write");
    std::fs::write(&foreign, b"not ours").expect("write");
    let out = jixiao([
        "render".as_ref(),
        seed_spec().as_os_str(),
        "-o".as_ref(),
        dir.path().join("表.html").as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    if cfg!(target_os = "linux") {
        assert!(!stale.exists(), "the stale temporary file is removed");
    }
    assert!(foreign.exists(), "a name not of our exact pattern is kept");
}

#[cfg(unix)]
#[test]
fn re_rendering_over_a_private_file_keeps_it_private() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let out_path = dir.path().join("表.html");
    std::fs::write(&out_path, b"old").expect("write");
    std::fs::set_permissions(&out_path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = jixiao([
        "render".as_ref(),
        seed_spec().as_os_str(),
        "-o".as_ref(),
        out_path.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::metadata(&out_path).expect("written");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(meta.len() > 1000, "the new form was written");
}

#[test]
fn a_department_named_like_a_windows_device_gets_a_file_windows_can_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = fixture("regressions/import/department-named-con.xls");
    let out = jixiao([
        "import".as_ref(),
        input.as_os_str(),
        "--out-dir".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["CON_.toml"]);
}

#[test]
fn control_characters_are_escaped_in_diagnostics_and_stripped_from_the_form() {
    let dir = tempfile::tempdir().expect("tempdir");
    let seed = std::fs::read_to_string(seed_spec()).expect("seed");
    // An OSC window title, a screen clear and a NUL, written as TOML escapes.
    let name = "name = \"福建省红十字会(本级)\"";
    assert!(seed.contains(name));
    let hostile = seed.replacen(
        name,
        r#"name = "福建省\u001b]0;pwned\u0007红十字会\u001b[2J(本级)\u0000""#,
        1,
    );
    let spec = dir.path().join("表.toml");
    std::fs::write(&spec, hostile).expect("write");
    let out = jixiao(["check".as_ref(), spec.as_os_str()]);
    let err = stderr(&out);
    assert!(out.status.success(), "a warning, not an error: {err}");
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "raw control in {err:?}"
    );
    assert!(err.contains("警告[W020]"), "{err}");
    assert!(err.contains("department.name"), "{err}");
    assert!(err.contains(r"\u{1b}、\u{7}、\u{0}"), "{err}");
    let html = dir.path().join("表.html");
    let out = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-o".as_ref(),
        html.as_os_str(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(!page.contains('\u{1b}') && !page.contains('\u{7}') && !page.contains('\0'));
    assert!(
        page.contains("福建省]0;pwned红十字会[2J(本级)"),
        "the visible text is kept"
    );
}
