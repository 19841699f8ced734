//! Bad input for both forms (issue 8, "Bad input"): each case a located Chinese diagnostic
//! with its stable code and the README's exit code, never a panic. Covered elsewhere: a
//! folder with two department specs of one year (tests/forms.rs, W110 naming both files),
//! a workbook with both forms on two sheets (tests/import_project.rs), an unknown title in
//! an imported sheet (tests/import.rs, E402).

mod support;

use std::path::Path;

use support::{code, fixture, stderr};

fn check(path: &Path) -> (i32, String) {
    let out = support::jixiao(["check".as_ref(), path.as_os_str()]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    (code(&out), err)
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const INDICATORS: &str = r#"
[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "完成数量"
target = "≥1个"

[[indicators]]
level1 = "效益指标"
level2 = "社会效益指标"
name = "效果"
target = "持续改善"

[[indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "满意率"
target = "≥90%"
"#;

#[test]
fn project_sums_that_do_not_add_up_are_located_errors() {
    // In a spec: 资金总额 ≠ 财政拨款 + 其他资金, and a 当年 amount above its total.
    let dir = tempfile::tempdir().unwrap();
    let spec = write(
        dir.path(),
        "项目.toml",
        &format!(
            "form = \"项目支出绩效目标表\"\nyear = 2020\n\n[project]\nname = \"某项目\"\n\
             department = \"某局\"\nunit = \"某局\"\n\n[funds]\ntotal = 100\nfiscal = 80\n\
             other = 10\ncurrent_total = 120\n\n[goals]\nannual = \"完成任务\"\n{INDICATORS}"
        ),
    );
    let (rc, err) = check(&spec);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("错误[E106]"), "{err}");
    assert!(err.contains("项目.toml:10:9"), "{err}");
    assert!(err.contains("错误[E107]"), "{err}");

    // In an imported sheet: the spec is written, and its errors point into it (exit 1).
    let text = std::fs::read_to_string(fixture("project/project-qingshan-2020.txt")).unwrap();
    let mut lines: Vec<&str> = text.split('\n').collect();
    let label = lines.iter().position(|l| *l == "其中:财政拨款").unwrap();
    let value = (label + 1..lines.len())
        .find(|&i| !lines[i].trim().is_empty())
        .unwrap();
    lines[value] = "9000万元";
    let input = write(dir.path(), "青山.txt", &lines.join("\n"));
    let out_spec = dir.path().join("青山.toml");
    let out = support::jixiao([
        "import".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out_spec.as_os_str(),
    ]);
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(
        err.contains("错误[E106]: 资金总额 10000.00 不等于 财政拨款 9000.00"),
        "{err}"
    );
    assert!(err.contains("青山.toml:17:9"), "{err}");
    assert!(out_spec.exists());
}

#[test]
fn a_missing_required_block_says_how_to_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let project = write(
        dir.path(),
        "无资金.toml",
        &format!(
            "form = \"项目支出绩效目标表\"\nyear = 2020\n\n[project]\nname = \"某项目\"\n\
             department = \"某局\"\nunit = \"某局\"\n{INDICATORS}"
        ),
    );
    let (rc, err) = check(&project);
    assert_eq!(rc, 1, "{err}");
    for (block, first) in [("funds", "total = 0.00"), ("goals", "annual = \"…\"")] {
        assert!(
            err.contains(&format!("错误[E004]: 缺少必填字段 `{block}`")),
            "{err}"
        );
        assert!(
            err.contains(&format!(
                "另起一行写 [{block}]，下面逐行写字段，例如 {first}"
            )),
            "{err}"
        );
    }
    assert!(err.contains("位置: "), "{err}");

    let department = write(
        dir.path(),
        "无指标.toml",
        "form = \"部门整体支出绩效目标表\"\nyear = 2022\noverall_goal = \"做好工作。\"\n\n\
         [department]\nname = \"某局\"\n\n[budget]\ntotal = 10\nproject = 4\nbasic = 6\n",
    );
    let (rc, err) = check(&department);
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("缺少必填字段 `indicators`"), "{err}");
    assert!(err.contains("以 [[indicators]] 开头"), "{err}");
    assert!(!err.contains("indicators = …"), "not a key to add: {err}");
}

#[test]
fn an_unknown_form_title_lists_the_forms_jixiao_knows() {
    let (rc, err) = check(&fixture("invalid/E006-unsupported-form.toml"));
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("错误[E006]"), "{err}");
    assert!(err.contains("E006-unsupported-form.toml:3:8"), "{err}");
    let titles: Vec<String> = jixiao::forms::KINDS
        .iter()
        .map(|k| format!("form = \"{}\"", k.kind.title()))
        .collect();
    assert!(
        err.contains(&format!("目前支持：{}", titles.join(" 或 "))),
        "{err}"
    );
}
