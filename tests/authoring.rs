//! `jixiao FILE` with no subcommand, as when a file is dropped on the program.

mod support;

use support::{code, fixture, jixiao, seed_spec, stderr};

#[test]
fn a_dropped_spec_is_checked_and_rendered_beside_itself() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("福建 2021.toml");
    std::fs::copy(seed_spec(), &spec).unwrap();
    let out = jixiao([spec.as_os_str()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = dir.path().join("福建 2021.html");
    let pdf = dir.path().join("福建 2021.pdf");
    assert!(html.is_file() && pdf.is_file());
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("已生成 {}、{}", html.display(), pdf.display())),
        "{err}"
    );
}

#[test]
fn a_dropped_workbook_is_imported_then_rendered_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("旧表.xlsx");
    std::fs::copy(fixture("seed-2021.xlsx"), &book).unwrap();
    let out = jixiao([book.as_os_str()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let spec = dir.path().join("旧表.toml");
    assert!(spec.is_file());
    assert!(dir.path().join("旧表.pdf").is_file() && dir.path().join("旧表.html").is_file());
    assert!(stderr(&out).contains("已导入为"), "{}", stderr(&out));
    // Again: the spec (maybe edited since) is left as it is, and the message says what to do.
    std::fs::write(&spec, "# 已经改过的规格\n").unwrap();
    let again = jixiao([book.as_os_str()]);
    assert_eq!(code(&again), 2);
    assert_eq!(
        std::fs::read_to_string(&spec).unwrap(),
        "# 已经改过的规格\n"
    );
    let err = stderr(&again);
    assert!(err.contains("已存在，未重新导入"), "{err}");
    assert!(
        err.contains("--force") && err.contains("jixiao import"),
        "{err}"
    );
}

#[test]
fn a_dropped_spec_with_errors_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("bad.toml");
    std::fs::copy(fixture("invalid/E104-budget-sum.toml"), &spec).unwrap();
    let out = jixiao([spec.as_os_str()]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("错误[E104]"));
    assert!(!dir.path().join("bad.pdf").exists() && !dir.path().join("bad.html").exists());
}

#[test]
fn a_missing_dropped_file_is_reported_as_missing() {
    for name in ["没有这个文件.toml", "没有.xlsx"] {
        let out = jixiao([name]);
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains(&format!("{name}: 文件不存在")),
            "{}",
            stderr(&out)
        );
    }
    let out = jixiao(["bogus"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("无法识别的命令（可用：check、render、watch、init、import、schema")
    );
}
