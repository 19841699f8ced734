//! Command-line parsing: Chinese usage errors, tolerant enum values, refused years.

mod support;

use support::{code, jixiao, jixiao_env, seed_spec, stderr, stdout};

/// No clap English may reach the clerk.
fn assert_chinese_only(err: &str) {
    for english in [
        "error:",
        "Usage:",
        "tip:",
        "For more information",
        "invalid digit",
        "unexpected argument",
        "invalid value",
    ] {
        assert!(!err.contains(english), "English “{english}” leaked: {err}");
    }
}

#[test]
fn usage_errors_are_chinese_with_exit_2() {
    for args in [
        vec!["render", "x.toml", "--bogus"],
        vec!["check"],
        vec!["render", "x.toml", "-f", "docx"],
        vec!["rendr"],
        vec!["import", "a.xlsx", "-o", "b.toml", "--out-dir", "c"],
    ] {
        let out = jixiao(&args);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{args:?}: {err}");
        assert!(err.starts_with("参数错误"), "{args:?}: {err}");
        assert_chinese_only(&err);
    }
    let err = stderr(&jixiao(["render", "x.toml", "-f", "docx"]));
    assert!(err.contains("可用：html、json、pdf"), "{err}");
    let err = stderr(&jixiao(["rendr"]));
    assert!(err.contains("是否想写 “render”"), "{err}");
}

#[test]
fn format_values_ignore_case_and_spaces() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["HTML", "html, json", " Json ,HTML"] {
        let out = jixiao([
            "render".as_ref(),
            seed_spec().as_os_str(),
            "-f".as_ref(),
            format.as_ref(),
            "-o".as_ref(),
            dir.path().as_os_str(),
        ]);
        assert_eq!(code(&out), 0, "-f {format:?}: {}", stderr(&out));
    }
    assert!(dir.path().join("fujian-redcross-2021.html").is_file());
    assert!(dir.path().join("fujian-redcross-2021.json").is_file());
    let out = jixiao([
        "check".as_ref(),
        "--format".as_ref(),
        "SHORT".as_ref(),
        seed_spec().as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn init_refuses_short_or_suffixed_years() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.toml");
    for year in ["22", "2022年", "abc", "1999"] {
        let out = jixiao([
            "init".as_ref(),
            path.as_os_str(),
            "--year".as_ref(),
            year.as_ref(),
        ]);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "--year {year}: {err}");
        assert!(err.contains("四位数字"), "--year {year}: {err}");
        assert_chinese_only(&err);
        assert!(!path.exists(), "nothing written for --year {year}");
    }
}

#[test]
fn init_takes_the_year_from_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.toml");
    let out = jixiao(["init".as_ref(), path.as_os_str()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("year = 2022"), "{text}");
    assert!(stderr(&out).contains("2022 年度"));
}

/// Double-clicked or dropped on (JIXIAO_PAUSE=always stands in for a console window of its
/// own, see src/console.rs): the result, then the prompt; no file gives the short help. Run
/// from a script, nothing waits. Standard input is closed here, so the wait ends at once.
#[test]
fn a_window_of_its_own_waits_for_enter_and_a_script_never_does() {
    let pause = [("JIXIAO_PAUSE", "always")];
    let out = jixiao_env(Vec::<&str>::new(), &pause);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("拖到 jixiao.exe"), "{}", stdout(&out));
    assert!(stderr(&out).trim_end().ends_with("按回车键关闭窗口"));
    let out = jixiao_env(["没有这个文件.toml"], &pause);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("没有这个文件.toml"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).trim_end().ends_with("按回车键关闭窗口"));
    let out = jixiao(Vec::<&str>::new());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("参数错误"), "{}", stderr(&out));
    for out in [
        out,
        jixiao_env(["没有这个文件.toml"], &[("JIXIAO_PAUSE", "never")]),
    ] {
        assert!(!stderr(&out).contains("按回车键"), "{}", stderr(&out));
        assert!(!stdout(&out).contains("按回车键"));
    }
}
