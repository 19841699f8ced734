//! `jixiao check` on real fixtures: the seed, one invalid spec per rule, and bad input.

mod support;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use support::{check_json, code, fixture, jixiao, seed_spec, stderr};

#[test]
fn seed_passes_with_its_two_known_warnings() {
    let (exit, diags) = check_json(&seed_spec());
    assert_eq!(exit, 0);
    let codes: Vec<&str> = diags.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["W205", "W304"], "{diags:?}");
}

#[test]
fn minimal_valid_spec_is_clean() {
    let (exit, diags) = check_json(&fixture("valid/minimal.toml"));
    assert_eq!((exit, diags), (0, vec![]));
}

/// Each `tests/fixtures/invalid/*.toml` lists exactly the diagnostics it must produce as
/// `# expect: CODE line:col` lines (no location for file-level ones).
#[test]
fn every_invalid_fixture_reports_exactly_its_expected_diagnostics() {
    let dir = fixture("invalid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 25, "one fixture per rule");
    let mut failures = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let expected: BTreeSet<(String, String)> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# expect: "))
            .map(|e| {
                let mut parts = e.split_whitespace();
                let code = parts.next().unwrap_or_default().to_owned();
                (code, parts.next().unwrap_or_default().to_owned())
            })
            .collect();
        assert!(
            !expected.is_empty(),
            "{} has no expectations",
            file.display()
        );
        let (exit, got) = check_json(file);
        let got: BTreeSet<_> = got.into_iter().collect();
        let has_error = expected.iter().any(|(c, _)| c.starts_with('E'));
        let want_exit = i32::from(has_error);
        if got != expected || exit != want_exit {
            let _ = writeln!(
                failures,
                "{}: expected {expected:?} exit {want_exit}, got {got:?} exit {exit}",
                file.display()
            );
        }
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn every_rule_code_has_an_invalid_fixture_or_a_dedicated_test() {
    // Codes exercised by tests that build their input on the fly (below).
    // Import codes (E4xx/W4xx) are covered by tests/import*.rs on spreadsheet fixtures (W407,
    // hidden rows, by tests/import_department.rs), the
    // cross-form codes (W108–W110) and roll-forward (W016) by tests/forms.rs, the 自评 ↔ goal
    // table link (W614) by tests/selfeval.rs.
    let dedicated = [
        "E009", "W010", "E012", "W016", "W108", "W109", "W110", "E401", "E402", "W403", "W404",
        "W405", "W406", "W407", "W408", "W614",
    ];
    let names: Vec<String> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for code in jixiao::diag::Code::ALL {
        let c = code.as_str();
        assert!(
            dedicated.contains(&c) || names.iter().any(|n| n.starts_with(c)),
            "rule {c} has no test fixture"
        );
    }
}

#[test]
fn human_output_shows_location_source_and_caret() {
    let out = jixiao([
        "check".as_ref(),
        fixture("invalid/E104-budget-sum.toml").as_os_str(),
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("错误[E104]"), "{err}");
    assert!(err.contains("E104-budget-sum.toml:12:9"), "{err}");
    assert!(err.contains("total = 101.00"), "{err}");
    assert!(err.contains("^^^^^^"), "{err}");
    assert!(err.contains("提示"), "{err}");
}

#[test]
fn short_format_is_one_line_each() {
    let out = jixiao([
        "check".as_ref(),
        "--format".as_ref(),
        "short".as_ref(),
        seed_spec().as_os_str(),
    ]);
    assert_eq!(code(&out), 0);
    let err = stderr(&out);
    assert!(
        err.contains("fujian-redcross-2021.toml:114:10: 警告[W205]"),
        "{err}"
    );
    assert!(
        err.contains("fujian-redcross-2021.toml:120:10: 警告[W304]"),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.contains("警告[")).count(),
        2,
        "{err}"
    );
}

mod bad_input {
    use super::support::{check_json, code, jixiao, stderr};
    use std::io::Write;

    fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
        (dir, p)
    }

    fn check_fails_with(path: &std::path::Path, exit: i32, needle: &str) {
        let out = jixiao(["check".as_ref(), path.as_os_str()]);
        let err = stderr(&out);
        assert_eq!(code(&out), exit, "{err}");
        assert!(err.contains(needle), "expected {needle:?} in {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
    }

    #[test]
    fn missing_file() {
        check_fails_with(std::path::Path::new("没有这个文件.toml"), 2, "文件不存在");
    }

    #[test]
    fn a_folder_without_specs() {
        let dir = tempfile::tempdir().unwrap();
        check_fails_with(dir.path(), 2, "文件夹");
    }

    #[test]
    fn empty_file() {
        let (_d, p) = temp_file("空.toml", b"");
        check_fails_with(&p, 1, "E009");
    }

    #[test]
    fn invalid_utf8_that_is_not_gbk() {
        let (_d, p) = temp_file("坏.toml", b"year = 2021\n\xff\xfe\xfa\n");
        check_fails_with(&p, 2, "编码无法识别");
    }

    #[test]
    fn binary_garbage() {
        let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        let (_d, p) = temp_file("garbage.toml", &bytes);
        check_fails_with(&p, 2, "不是文本文件");
    }

    #[test]
    fn broken_toml_is_located() {
        let (_d, p) = temp_file(
            "broken.toml",
            "form = \"部门整体支出绩效目标表\"\n[budget\n".as_bytes(),
        );
        let (exit, diags) = check_json(&p);
        assert_eq!(exit, 1);
        assert_eq!(diags[0].0, "E001");
        assert!(diags[0].1.starts_with("2:"), "{diags:?}");
    }

    #[test]
    fn file_over_the_size_limit_is_refused_quickly() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("huge.toml");
        let f = std::fs::File::create(&p).unwrap();
        f.set_len(50 * 1024 * 1024).unwrap();
        let start = std::time::Instant::now();
        check_fails_with(&p, 2, "文件过大");
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn bom_and_crlf_from_notepad_just_work() {
        let text = std::fs::read_to_string(super::fixture("valid/minimal.toml")).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
        let (_d, p) = temp_file("记事本.toml", &bytes);
        let (exit, diags) = check_json(&p);
        assert_eq!((exit, diags), (0, vec![]));
    }

    #[test]
    fn gbk_file_is_read_with_a_warning() {
        let text = std::fs::read_to_string(super::fixture("valid/minimal.toml")).unwrap();
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        let (_d, p) = temp_file("国标.toml", &bytes);
        let (exit, diags) = check_json(&p);
        assert_eq!(exit, 0);
        assert_eq!(diags, vec![("W010".to_owned(), String::new())]);
    }

    #[test]
    fn too_many_rows_is_refused() {
        let mut text = std::fs::read_to_string(super::fixture("valid/minimal.toml")).unwrap();
        for i in 0..20_001 {
            text.push_str(&format!(
                "\n[[indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"指标{i}\"\ntarget = \"≥1次\"\n"
            ));
        }
        let (_d, p) = temp_file("many.toml", text.as_bytes());
        let (exit, diags) = check_json(&p);
        assert_eq!(exit, 1);
        assert!(diags.iter().any(|(c, _)| c == "E012"), "{diags:?}");
    }

    #[test]
    fn ten_thousand_indicators_work() {
        let mut text = std::fs::read_to_string(super::fixture("valid/minimal.toml")).unwrap();
        for i in 0..10_000 {
            text.push_str(&format!(
                "\n[[indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"指标{i}\"\nexplanation = \"反映第{i}项工作的完成情况\"\ntarget = \"≥{i}.00次\"\n"
            ));
        }
        let (_d, p) = temp_file("万条.toml", text.as_bytes());
        let (exit, diags) = check_json(&p);
        // The appended 产出 rows come after 满意度: one W209 at the first of them.
        assert_eq!(exit, 0);
        assert_eq!(diags, [("W209".to_owned(), "40:10".to_owned())]);
    }

    #[test]
    fn several_specs_one_bad_does_not_hide_the_others() {
        let (_d, bad) = temp_file("bad.toml", b"year = ");
        let out = jixiao([
            "check".as_ref(),
            bad.as_os_str(),
            super::seed_spec().as_os_str(),
        ]);
        assert_eq!(code(&out), 1);
        let err = stderr(&out);
        assert!(err.contains("bad.toml：1 个错误"), "{err}");
        assert!(
            err.contains("fujian-redcross-2021.toml：0 个错误，2 个警告"),
            "{err}"
        );
    }

    #[test]
    fn usage_errors_exit_2_in_chinese() {
        let out = jixiao(["check", "--format", "xml", "a.toml"]);
        assert_eq!(code(&out), 2);
        assert!(stderr(&out).contains("参数错误"));
        let out = jixiao(["frobnicate"]);
        assert_eq!(code(&out), 2);
    }
}

#[test]
fn readme_rule_table_documents_every_code() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for code in jixiao::diag::Code::ALL {
        let row = format!("| {} |", code.as_str());
        assert!(
            readme.contains(&row),
            "README rule table lacks {}",
            code.as_str()
        );
    }
}

/// E001 in the clerk's words: what was typed, and the line as it should be.
#[test]
fn toml_syntax_errors_are_translated_with_the_fix() {
    let cases = [
        ("year ＝ 2022", "2:6", "全角等号“＝”", "year = 2022"),
        ("name = “某某局”", "2:8", "全角引号", "name = \"某某局\""),
        ("total = 1220万元", "2:9", "带了单位", "total = 1220"),
        ("code = 040210", "2:8", "以 0 开头", "code = \"040210\""),
        ("total = １２２０", "2:9", "全角", "total = 1220"),
        ("name = 某某局", "2:8", "没有加引号", "name = \"某某局\""),
        ("x = 1.2.3", "2:8", "小数格式错误", "1119.80"),
        ("[budget", "2:8", "右方括号", "[budget]"),
        ("x = \"C:\\q\"", "2:9", "反斜杠", "单引号"),
    ];
    for (line, at, message, hint) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.toml");
        std::fs::write(
            &path,
            format!("form = \"部门整体支出绩效目标表\"\n{line}\n"),
        )
        .unwrap();
        let out = jixiao(["check".as_ref(), path.as_os_str()]);
        let err = stderr(&out);
        assert_eq!(code(&out), 1, "{err}");
        assert!(err.contains(&format!("t.toml:{at}")), "{line}: {err}");
        assert!(err.contains(message), "{line}: {err}");
        assert!(
            err.contains("提示: ") && err.contains(hint),
            "{line}: {err}"
        );
        assert!(
            !err.contains("expected"),
            "English leaked for {line}: {err}"
        );
    }
}

/// Folders are walked recursively; hidden folders are skipped; an empty one is exit 2.
#[test]
fn folders_are_walked_recursively_and_empty_ones_refused() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a/b", ".git", "empty"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    std::fs::copy(seed_spec(), dir.path().join("a/b/seed.toml")).unwrap();
    std::fs::write(dir.path().join(".git/bad.toml"), "year = ").unwrap();
    let out = jixiao([
        "check".as_ref(),
        "--format".as_ref(),
        "short".as_ref(),
        dir.path().as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{err}");
    assert!(err.contains("seed.toml"), "{err}");
    assert!(!err.contains("bad.toml"), "hidden folder was read: {err}");
    let out = jixiao(["check".as_ref(), dir.path().join("empty").as_os_str()]);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(err.contains("没有找到规格文件"), "{err}");
    assert!(!err.contains("不是规格文件"), "{err}");
}

/// `jixiao check DIR --format json | head`: the reader leaving early is not a failure.
#[test]
fn closed_pipe_ends_quietly_with_exit_0() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    for i in 0..200 {
        std::fs::copy(seed_spec(), dir.path().join(format!("s{i:03}.toml"))).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "check".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            dir.path().as_os_str(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{err}");
    assert!(!err.contains("内部错误"), "{err}");
}

/// Runs `check` (human output) on text written to a temporary `t.toml`.
fn check_text(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.toml");
    std::fs::write(&path, text).unwrap();
    let out = jixiao(["check".as_ref(), path.as_os_str()]);
    (code(&out), stderr(&out))
}

#[test]
fn hints_do_not_mislead() {
    let minimal = std::fs::read_to_string(fixture("valid/minimal.toml")).unwrap();
    // A missing [budget] table: add a section, not a line `budget = …`.
    let without: String = minimal
        .lines()
        .filter(|l| {
            !(l.starts_with("[budget]")
                || l.starts_with("total")
                || l.starts_with("basic")
                || l.starts_with("project = 6"))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let (exit, err) = check_text(&without);
    assert_eq!(exit, 1, "{err}");
    assert!(err.contains("另起一行写 [budget]"), "{err}");
    assert!(!err.contains("budget = …"), "{err}");
    // A misspelled table: the E003 that explains it comes before the E004.
    let (_, err) = check_text(&minimal.replace("[budget]", "[budgett]"));
    let e003 = err.find("[E003]").expect("E003 reported");
    let e004 = err.find("[E004]").expect("E004 reported");
    assert!(e003 < e004, "{err}");
    // CRLF files: no ␍ in the snippet.
    let (_, err) = check_text("form = \"部门整体支出绩效目标表\"\r\nyear = 20x22\r\n");
    assert!(err.contains("2 | year = 20x22\n"), "{err}");
    assert!(!err.contains('␍'), "{err}");
}
