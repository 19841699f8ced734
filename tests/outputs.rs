//! What `render` and drag-and-drop write, and what they refuse to write: no output may land
//! on another output of the same run or on an input, a format that fails does not keep the
//! others from being written, and a workbook of several tables becomes one spec per table.

mod support;

use std::path::Path;

use support::{code, fixture, jixiao, project_spec, stderr};

/// The project example under another 项目名称, so two copies can be told apart.
fn project_named(name: &str) -> String {
    let text = std::fs::read_to_string(project_spec()).expect("project example");
    let old = "name = \"教育系统基础设施建设和设备购置\"";
    assert!(text.contains(old), "the example changed");
    text.replacen(old, &format!("name = \"{name}\""), 1)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
    std::fs::write(path, text).expect("write");
}

#[test]
fn same_named_specs_in_subfolders_keep_their_folders_under_o() {
    let dir = tempfile::tempdir().expect("tempdir");
    let specs = dir.path().join("specs");
    write(&specs.join("项目 A.toml"), &project_named("甲项目"));
    write(&specs.join("本单位/项目 A.toml"), &project_named("乙项目"));
    let out = dir.path().join("allout");
    let run = jixiao([
        "render".as_ref(),
        specs.as_os_str(),
        "-f".as_ref(),
        "html".as_ref(),
        "-o".as_ref(),
        format!("{}/", out.display()).as_ref(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let top = std::fs::read_to_string(out.join("项目 A.html")).expect("top-level output");
    let deep = std::fs::read_to_string(out.join("本单位/项目 A.html")).expect("sub-folder output");
    assert!(
        top.contains("甲项目") && !top.contains("乙项目"),
        "top: wrong table"
    );
    assert!(
        deep.contains("乙项目") && !deep.contains("甲项目"),
        "deep: wrong table"
    );
}

#[test]
fn two_specs_meeting_on_one_output_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a/项目 A.toml");
    let b = dir.path().join("b/项目 A.toml");
    write(&a, &project_named("甲项目"));
    write(&b, &project_named("乙项目"));
    let out = dir.path().join("out");
    let run = jixiao([
        "render".as_ref(),
        a.as_os_str(),
        b.as_os_str(),
        "-f".as_ref(),
        "pdf".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "{err}");
    assert!(
        err.contains(&a.display().to_string()) && err.contains(&b.display().to_string()),
        "both sources named: {err}"
    );
    assert!(err.contains("未写出任何文件"), "{err}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn an_output_on_the_spec_itself_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("s.toml");
    let text = project_named("甲项目");
    write(&spec, &text);
    let run = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "pdf".as_ref(),
        "-o".as_ref(),
        spec.as_os_str(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "{err}");
    assert!(err.contains("是输入的规格文件"), "{err}");
    assert_eq!(std::fs::read_to_string(&spec).expect("spec"), text);
}

#[test]
fn an_output_named_for_another_format_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("s.toml");
    write(&spec, &project_named("甲项目"));
    for (wrong, said) in [("a.xlsx", "与格式 pdf 不符"), ("other.toml", "规格文件")] {
        let out = dir.path().join(wrong);
        let run = jixiao([
            "render".as_ref(),
            spec.as_os_str(),
            "-f".as_ref(),
            "pdf".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        let err = stderr(&run);
        assert_eq!(code(&run), 2, "{wrong}: {err}");
        assert!(err.contains(said), "{wrong}: {err}");
        assert!(!out.exists(), "{wrong} was written");
    }
}

#[test]
fn a_project_name_the_font_lacks_is_found_by_check_and_html_is_still_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("rare.toml");
    // U+20000 is outside the bundled subset.
    write(&spec, &project_named("教育系统𠀀建设"));
    let run = jixiao(["check".as_ref(), spec.as_os_str()]);
    let err = stderr(&run);
    assert_eq!(code(&run), 0, "a warning only: {err}");
    assert!(
        err.contains("警告[W015]") && err.contains("项目名称"),
        "{err}"
    );

    let run = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "pdf,html".as_ref(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "the PDF failed: {err}");
    assert!(dir.path().join("rare.html").is_file(), "{err}");
    assert!(!dir.path().join("rare.pdf").exists(), "{err}");
    assert!(err.contains("已生成") && err.contains("rare.html"), "{err}");
    assert!(err.contains("U+20000"), "{err}");
}

#[test]
fn a_dropped_workbook_of_two_tables_becomes_two_specs_named_by_department() {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("两个单位.xlsx");
    std::fs::copy(fixture("import/multi-sheet.xlsx"), &book).expect("copy");
    let run = jixiao([book.as_os_str()]);
    let err = stderr(&run);
    assert_eq!(code(&run), 0, "{err}");
    assert!(!err.contains("-o"), "no option the user never typed: {err}");
    assert!(err.contains("2 张绩效目标表"), "{err}");
    for unit in ["甲单位", "乙单位"] {
        for ext in ["toml", "html", "pdf"] {
            let p = dir.path().join(format!("{unit}.{ext}"));
            assert!(p.is_file(), "{} missing: {err}", p.display());
        }
    }
}

#[test]
fn font_index_without_a_font_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("s.toml");
    write(&spec, &project_named("甲项目"));
    let run = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "pdf".as_ref(),
        "--font-index".as_ref(),
        "5".as_ref(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "{err}");
    assert!(
        err.contains("--font-index") && err.contains("--font"),
        "{err}"
    );
    assert!(!dir.path().join("s.pdf").exists());
}

#[test]
fn orientation_is_accepted_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("s.toml");
    write(&spec, &project_named("甲项目"));
    let run = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "xlsx".as_ref(),
        "--orientation".as_ref(),
        "纵向".as_ref(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    assert!(dir.path().join("s.xlsx").is_file());
}
