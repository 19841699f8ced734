//! What the clerk reads: each message for an exact input, in Chinese, true, and pointing
//! at what to do. No English from the operating system, the archive reader or the template
//! engine reaches the user except in brackets after a Chinese sentence.

mod support;

use std::path::{Path, PathBuf};

use support::{code, fixture, jixiao, seed_spec, stderr, stdout};

/// The seed spec with `from` replaced once by `to`, written into `dir` as `name`.
fn seed_with(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(seed_spec()).expect("seed");
    assert!(text.contains(from), "the seed no longer holds {from:?}");
    let path = dir.join(name);
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    path
}

fn check(path: &Path) -> (i32, String) {
    let run = jixiao(["check".as_ref(), path.as_os_str()]);
    (code(&run), stderr(&run))
}

#[test]
fn a_year_with_its_character_is_told_to_be_a_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = seed_with(dir.path(), "y.toml", "year = 2021\n", "year = 2027年\n");
    let (rc, err) = check(&spec);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("年度写数字：year = 2027"), "{err}");
    assert!(
        !err.contains("year = \"2027年\""),
        "quoting would give E002: {err}"
    );
}

#[test]
fn an_amount_with_thousands_separators_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = seed_with(
        dir.path(),
        "t.toml",
        "total = 2120.91  # 资金总额",
        "total = 1,220.50",
    );
    let (rc, err) = check(&spec);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("千位分隔符"), "{err}");
    assert!(err.contains("total = 1220.50"), "{err}");
    assert!(!err.contains("一行只能写一个字段"), "{err}");
}

#[test]
fn a_single_bracket_indicators_header_is_pointed_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = seed_with(dir.path(), "i.toml", "[[indicators]]", "[indicators]");
    let (rc, err) = check(&spec);
    assert_eq!(rc, 1, "{err}");
    assert_eq!(err.matches("错误[E001]").count(), 1, "{err}");
    assert!(err.contains("应写作“[[indicators]]”"), "{err}");
    // The line of the mistake, not a later row.
    let text = std::fs::read_to_string(&spec).expect("spec");
    let line = text
        .lines()
        .position(|l| l.starts_with("[indicators]"))
        .expect("the mistake")
        + 1;
    assert!(err.contains(&format!("i.toml:{line}:1")), "{err}");
    assert!(!err.contains("重复的键"), "{err}");
}

#[test]
fn an_unclosed_header_has_no_follow_on_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = seed_with(
        dir.path(),
        "b.toml",
        "[budget]  # 年度预算安排(万元)",
        "[budget",
    );
    let (rc, err) = check(&spec);
    assert_eq!(rc, 1, "{err}");
    assert_eq!(err.matches("错误[").count(), 1, "{err}");
    assert!(err.contains("右方括号"), "{err}");
}

#[test]
fn a_year_too_large_is_not_called_a_non_integer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = seed_with(
        dir.path(),
        "big.toml",
        "year = 2021\n",
        "year = 99999999999999999999\n",
    );
    let (rc, err) = check(&spec);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("太大"), "{err}");
    assert!(!err.contains("实际是整数"), "{err}");
}

#[test]
fn percentages_written_in_words_are_percentages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = fixture("invalid/W303-satisfaction-not-percent.toml");
    let text = std::fs::read_to_string(base).expect("fixture");
    for target in [
        "target = \"95%以上\"",
        "target = \"≥95%以上\"",
        "target = \"不低于95%\"",
        "target = \"95\"\nunit = \"%\"",
    ] {
        let spec = dir.path().join("p.toml");
        std::fs::write(&spec, text.replacen("target = \"较高\"", target, 1)).expect("write");
        let (rc, err) = check(&spec);
        assert_eq!(rc, 0, "{target}: {err}");
        assert!(!err.contains("W303"), "{target}: {err}");
    }
}

#[test]
fn a_target_and_a_unit_that_disagree_are_warned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = fixture("invalid/W303-satisfaction-not-percent.toml");
    let text = std::fs::read_to_string(base).expect("fixture");
    for (target, said) in [
        ("target = \"28.8万元\"\nunit = \"%\"", "单位是“万元”"),
        ("target = \"应保尽保\"\nunit = \"%\"", "是文字"),
    ] {
        let spec = dir.path().join("u.toml");
        let row = "target = \"≥100人次\"";
        std::fs::write(&spec, text.replacen(row, target, 1)).expect("write");
        let (rc, err) = check(&spec);
        assert_eq!(rc, 0, "{target}: {err}");
        assert!(
            err.contains("警告[W307]") && err.contains(said),
            "{target}: {err}"
        );
    }
}

#[test]
fn an_empty_required_field_is_not_invited_to_stay_empty() {
    let (rc, err) = check(&fixture("invalid/E005-empty-field.toml"));
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("E005"), "{err}");
    assert!(!err.contains("后再留空"), "{err}");
    assert!(err.contains("不能留空"), "{err}");
}

#[test]
fn suggested_commands_quote_a_path_with_spaces() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("项目 A.toml");
    let run = jixiao(["init".as_ref(), spec.as_os_str()]);
    let err = stderr(&run);
    assert_eq!(code(&run), 0, "{err}");
    assert!(
        err.contains(&format!("jixiao check \"{}\"", spec.display())),
        "{err}"
    );
}

#[test]
fn an_untouched_project_skeleton_does_not_pass() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("p.toml");
    let run = jixiao([
        "init".as_ref(),
        spec.as_os_str(),
        "--form".as_ref(),
        "项目".as_ref(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let (rc, err) = check(&spec);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("E019") && err.contains("某某项目"), "{err}");
}

#[test]
fn a_truncated_workbook_is_told_in_chinese() {
    let run = jixiao([
        "import".as_ref(),
        fixture("import/truncated.xlsx").as_os_str(),
        "-o".as_ref(),
        "-".as_ref(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "{err}");
    assert!(!err.contains("invalid Zip archive"), "{err}");
    assert!(err.contains("下载或复制"), "{err}");
}

#[test]
fn a_missing_templates_folder_is_told_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = jixiao([
        "render".as_ref(),
        seed_spec().as_os_str(),
        "-o".as_ref(),
        dir.path().join("a.html").as_os_str(),
        "--templates".as_ref(),
        dir.path().join("nodir").as_os_str(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert!(err.contains("不存在"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_link_loop_is_told_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    std::os::unix::fs::symlink(&b, &a).expect("link");
    std::os::unix::fs::symlink(&a, &b).expect("link");
    let (rc, err) = check(&a);
    assert_eq!(rc, 2, "{err}");
    assert!(!err.contains("Too many levels"), "{err}");
    assert!(err.contains("符号链接"), "{err}");
}

#[test]
fn template_errors_say_what_to_do_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tpl = dir.path().join("tpl");
    std::fs::create_dir(&tpl).expect("folder");
    for (template, said) in [
        ("{% if x %}", "是否成对"),
        ("{{ x }}", "变量“x”不存在"),
        ("{{ 1 / 0 }}", "除以了 0"),
    ] {
        std::fs::write(tpl.join("goal_table.html"), template).expect("write");
        let run = jixiao([
            "render".as_ref(),
            seed_spec().as_os_str(),
            "-o".as_ref(),
            dir.path().join("a.html").as_os_str(),
            "--templates".as_ref(),
            tpl.as_os_str(),
        ]);
        let err = stderr(&run);
        assert_eq!(code(&run), 2, "{template}: {err}");
        assert!(err.contains(said), "{template}: {err}");
        // Tera's own words only in brackets, after the Chinese.
        assert!(err.contains("（原文："), "{template}: {err}");
    }
}

#[test]
fn a_field_in_a_row_is_named_in_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = seed_with(
        dir.path(),
        "k.toml",
        "target = \"≥300.00册\"",
        "targt = \"≥300.00册\"",
    );
    let (rc, err) = check(&spec);
    assert_eq!(rc, 1, "{err}");
    assert!(!err.contains("indicators[1]"), "{err}");
    assert!(err.contains("绩效指标第 1 条"), "{err}");
}

#[test]
fn a_department_table_without_indicators_lists_what_is_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sheet = dir.path().join("bad-no-indicators.txt");
    std::fs::write(
        &sheet,
        "部门整体支出绩效目标表\n(2021 年度)\n部门(单位)名称\t某局\t部门预算编码\t100001\n\
         年度预算安排(万元)\t资金总额\t100\n\t项目支出\t60\n\t基本支出\t40\n",
    )
    .expect("write");
    let run = jixiao([
        "import".as_ref(),
        sheet.as_os_str(),
        "-o".as_ref(),
        dir.path().join("x.toml").as_os_str(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 1, "{err}");
    assert!(
        err.contains("E401") && err.contains("年度绩效指标"),
        "{err}"
    );
    assert!(!err.contains("不是绩效目标表"), "{err}");
}

#[test]
fn rolled_forward_reminders_stay_in_check_and_the_schema_follows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let last = dir.path().join("2021.toml");
    std::fs::write(
        &last,
        format!(
            "#:schema ./jixiao.schema.json\n{}",
            std::fs::read_to_string(seed_spec()).expect("seed")
        ),
    )
    .expect("write");
    let next = dir.path().join("新/2022.toml");
    std::fs::create_dir(dir.path().join("新")).expect("folder");
    let run = jixiao([
        "init".as_ref(),
        next.as_os_str(),
        "--from".as_ref(),
        last.as_os_str(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 0, "{err}");
    let shown = err.matches("W016").count();
    assert!(shown > 0, "{err}");
    assert!(
        dir.path().join("新/jixiao.schema.json").is_file(),
        "the #:schema line points at a file that exists"
    );
    let (rc, err) = check(&next);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(err.matches("W016").count(), shown, "{err}");
}

#[test]
fn init_from_a_workbook_points_to_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = jixiao([
        "init".as_ref(),
        dir.path().join("2022.toml").as_os_str(),
        "--from".as_ref(),
        fixture("seed-2021.xlsx").as_os_str(),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), 2, "{err}");
    assert!(
        err.contains("jixiao import") && err.contains("--year 2022"),
        "{err}"
    );
}

#[test]
fn schema_help_has_no_empty_arguments_heading() {
    let run = jixiao(["schema", "--help"]);
    assert_eq!(code(&run), 0);
    let out = stdout(&run);
    assert!(!out.contains("参数："), "{out}");
    assert!(out.contains("--output"), "{out}");
}

#[test]
fn excel_line_breaks_become_plain_lines_in_the_spec() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A two-line text, exported, then stored as Excel and WPS store a line break typed in
    // a cell: CR LF, the CR written `_x000D_`.
    let spec = seed_with(
        dir.path(),
        "crlf.toml",
        "overall_goal = \"2021年是“十四五”开局之年,",
        "overall_goal = \"目标1：开局之年。\\r\\n目标2：",
    );
    let xlsx = dir.path().join("crlf.xlsx");
    let run = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "xlsx".as_ref(),
        "-o".as_ref(),
        xlsx.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    with_excel_line_break(&xlsx, "目标1：开局之年。\n目标2：");
    let out = dir.path().join("back.toml");
    let run = jixiao([
        "import".as_ref(),
        xlsx.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let text = std::fs::read_to_string(&out).expect("spec");
    assert!(!text.contains("\\r") && !text.contains('\r'), "{text}");
    assert!(text.contains("目标1：开局之年。\n目标2："), "{text}");
}

/// Rewrites the workbook's shared strings so that the line break inside `text` is Excel's
/// `_x000D_` + LF.
fn with_excel_line_break(xlsx: &Path, text: &str) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(xlsx).expect("workbook");
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut changed = false;
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read entry");
        if name == "xl/sharedStrings.xml" {
            let xml = String::from_utf8(data).expect("utf-8");
            changed = xml.contains(text);
            data = xml
                .replace(text, &text.replace('\n', "_x000D_\n"))
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start entry");
        out.write_all(&data).expect("write entry");
    }
    assert!(changed, "the exported workbook no longer holds {text:?}");
    let bytes = out.finish().expect("finish").into_inner();
    std::fs::write(xlsx, bytes).expect("write workbook");
}

fn read_doc(rel: &str) -> String {
    std::fs::read_to_string(support::root().join(rel)).expect("document")
}

#[test]
fn the_readme_limits_for_import_give_the_exit_code_the_program_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = jixiao([
        "import".as_ref(),
        fixture("import/huge-sheet.xlsx").as_os_str(),
        "-o".as_ref(),
        dir.path().join("h.toml").as_os_str(),
    ]);
    let rc = code(&run);
    assert_ne!(rc, 0, "{}", stderr(&run));
    let readme = read_doc("README.md");
    let rows: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| 导入："))
        .collect();
    assert!(rows.len() >= 4, "the limits table moved");
    for row in rows {
        assert!(row.ends_with(&format!("退出码 {rc} |")), "{row}");
    }
}

#[test]
fn the_docs_and_help_name_both_forms() {
    let help = stdout(&jixiao(["--help"]));
    assert!(help.contains("项目支出绩效目标表"), "{help}");
    let readme = read_doc("README.md");
    let e006 = readme
        .lines()
        .find(|l| l.starts_with("| E006 |"))
        .expect("E006 row");
    assert!(e006.contains("项目支出绩效目标表"), "{e006}");
    let spec = read_doc("docs/spec.md");
    let form = spec
        .lines()
        .find(|l| l.starts_with("| `form` |"))
        .expect("form row");
    assert!(
        form.contains("项目支出绩效目标表") && !form.contains("目前只能"),
        "{form}"
    );
    assert!(read_doc("Cargo.toml").contains("项目支出绩效目标表"));
    let dir = tempfile::tempdir().expect("tempdir");
    let skeleton = dir.path().join("s.toml");
    let run = jixiao(["init".as_ref(), skeleton.as_os_str()]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let text = std::fs::read_to_string(&skeleton).expect("skeleton");
    assert!(!text.contains("目前仅支持"), "{text}");
}

#[test]
fn the_english_example_writes_what_the_summary_promises() {
    let readme = read_doc("README.md");
    let example = readme
        .lines()
        .find(|l| l.starts_with("- Run the example:"))
        .expect("the example line");
    for format in ["html", "pdf"] {
        assert!(example.contains(format), "{example}");
    }
}

/// docs/spec.md names every field a built-in goal-table definition declares (the field
/// lists of the docs follow the definitions, which are the one field table).
#[test]
fn the_spec_docs_name_every_field_of_the_built_in_definitions() {
    let spec = read_doc("docs/spec.md");
    let mut missing = Vec::new();
    for def in jixiao::formdef::builtin::all() {
        if !["项目", "部门整体"].contains(&def.form.model.as_str()) {
            continue;
        }
        for section in &def.sections {
            for field in &section.fields {
                if !spec.contains(&format!("`{}`", field.key)) {
                    missing.push(format!("{} {}.{}", def.form.title, section.key, field.key));
                }
            }
        }
    }
    assert!(missing.is_empty(), "docs/spec.md lacks: {missing:?}");
}
