//! The form kinds end to end through the real binary: the 项目支出绩效目标表 example checks
//! clean and renders every cell of the published original in HTML, PDF and JSON; `init
//! --form`; the cross-form check between a department spec and its project specs.

mod support;

use std::path::Path;

use support::{code, fixture, jixiao, project_spec, seed_spec, stderr, valid_specs};

/// Every non-empty cell of the published 青山 table, from its page text (one cell per line),
/// between the title and the end of the indicator block, without the long-term headers'
/// empty cells.
fn qingshan_cells() -> Vec<String> {
    let text = std::fs::read_to_string(fixture("project/project-qingshan-2020.txt")).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let start = lines
        .iter()
        .rposition(|l| *l == "项目支出绩效目标表")
        .expect("title");
    let end = lines.iter().position(|l| *l == "附件:").expect("end");
    lines[start..end]
        .iter()
        .filter(|l| !l.is_empty())
        // Labels the printed form words differently or leaves out: the page's own caption
        // of the indicator table, the long-term column heads (the long-term set is empty),
        // the split label 主管部门/及编码 and the year line (bracket lost on the page).
        .filter(|l| {
            !matches!(
                **l,
                "绩效项目指标表"
                    | "二级指标(长期)"
                    | "三级指标(长期)"
                    | "指标值(长期)"
                    | "二级指标(年度)"
                    | "三级指标(年度)"
                    | "指标值(年度)"
                    | "主管部门"
                    | "及编码"
                    | "2020年度)"
                    | "项目资金"
            )
        })
        .map(|l| l.trim_end_matches(':').to_owned())
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn project_example_checks_clean() {
    let out = jixiao(["check".as_ref(), project_spec().as_os_str()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 个错误，0 个警告"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn project_example_renders_every_cell_in_html_pdf_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = jixiao([
        "render".as_ref(),
        project_spec().as_os_str(),
        "-f".as_ref(),
        "html,pdf,json".as_ref(),
        "-o".as_ref(),
        dir.path().join("out/").as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let base = dir.path().join("out/qingshan-education-project-2020");
    let html = unescape(&std::fs::read_to_string(base.with_extension("html")).unwrap());
    let cells = qingshan_cells();
    assert!(cells.len() > 40, "{cells:?}");
    for cell in &cells {
        // Money is printed in 万元 with two decimals (`10000万元` → 10000.00).
        let shown = cell
            .strip_suffix("万元")
            .map_or_else(|| cell.clone(), |n| format!("{n}.00"));
        assert!(html.contains(&shown), "HTML lacks {shown:?}");
    }
    assert!(html.contains("[015001]武汉市青山区教育局"));
    let json = std::fs::read_to_string(base.with_extension("json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["form"], "项目支出绩效目标表");
    assert_eq!(v["project"]["department_code"], "015001");
    assert_eq!(v["funds"]["total"], "10000.00");
    assert_eq!(v["indicators"].as_array().unwrap().len(), 7);
    let pdf = base.with_extension("pdf");
    if let Some(text) = pdftotext(&pdf) {
        let text = squash(&text);
        for cell in &cells {
            let shown = cell
                .strip_suffix("万元")
                .map_or_else(|| cell.clone(), |n| format!("{n}.00"));
            assert!(text.contains(&squash(&shown)), "PDF lacks {shown:?}");
        }
    }
}

/// pdftotext's output, or a loud failure saying how to install it.
fn pdftotext(pdf: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext 不可用（{e}）：请安装 poppler-utils（apt-get install poppler-utils）")
        });
    assert!(out.status.success());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn init_writes_a_project_skeleton_whose_only_errors_are_its_examples() {
    let dir = tempfile::tempdir().unwrap();
    for form in ["项目", "项目支出绩效目标表"] {
        let path = dir.path().join(format!("{form}.toml"));
        let out = jixiao([
            "init".as_ref(),
            path.as_os_str(),
            "--form".as_ref(),
            form.as_ref(),
            "--year".as_ref(),
            "2027".as_ref(),
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("form = \"项目支出绩效目标表\""));
        assert!(text.contains("year = 2027"));
        assert!(text.contains("# 主管部门编码（可选）"), "{text}");
        // Well-formed, but an untouched skeleton must not pass: only its examples
        // (某某项目 …) are reported.
        let check = jixiao([
            "check".as_ref(),
            "--format".as_ref(),
            "short".as_ref(),
            path.as_os_str(),
        ]);
        let err = stderr(&check);
        assert_eq!(code(&check), 1, "{err}");
        let lines: Vec<&str> = err.lines().filter(|l| l.contains("[E")).collect();
        assert!(!lines.is_empty(), "{err}");
        assert!(lines.iter().all(|l| l.contains("E019")), "{err}");
    }
    let out = jixiao([
        "init".as_ref(),
        dir.path().join("x.toml").as_os_str(),
        "--form".as_ref(),
        "自评表".as_ref(),
    ]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("未知的表格类型“自评表”") && err.contains("项目支出绩效目标表"),
        "{err}"
    );
}

#[test]
fn unknown_form_title_lists_the_known_forms() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.toml");
    std::fs::write(&path, "form = \"绩效目标表\"\nyear = 2022\n").unwrap();
    let out = jixiao(["check".as_ref(), path.as_os_str()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("错误[E006]: 未知的表格类型“绩效目标表”"),
        "{err}"
    );
    assert!(
        err.contains("form = \"部门整体支出绩效目标表\" 或 form = \"项目支出绩效目标表\""),
        "{err}"
    );
}

/// A project spec of the seed department for 2021, named and costed as given.
fn first_aid_project(name: &str, total: &str) -> String {
    std::fs::read_to_string(project_spec())
        .unwrap()
        .replace("year = 2020", "year = 2021")
        .replace("教育系统基础设施建设和设备购置", name)
        .replace(
            "department = \"武汉市青山区教育局\"",
            "department = \"福建省红十字会\"",
        )
        .replace("department_code = \"015001\"\n", "")
        .replace(
            "total = 10000\ncurrent_total = 10000",
            &format!("total = {total}"),
        )
        .replace(
            "fiscal = 10000\ncurrent_fiscal = 10000",
            &format!("fiscal = {total}"),
        )
}

fn folder_with(projects: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(seed_spec(), dir.path().join("部门整体.toml")).unwrap();
    for (file, text) in projects {
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    dir
}

fn check_short(dir: &Path) -> (i32, String) {
    let out = jixiao([
        "check".as_ref(),
        "--format".as_ref(),
        "short".as_ref(),
        dir.as_os_str(),
    ]);
    (code(&out), stderr(&out))
}

#[test]
fn cross_check_is_silent_when_amounts_agree() {
    let dir = folder_with(&[
        (
            "急救.toml",
            first_aid_project("群众性急救公益服务项目", "662.00"),
        ),
        ("事业.toml", first_aid_project("红十字事业发展", "1458.91")),
    ]);
    let (rc, err) = check_short(dir.path());
    assert_eq!(rc, 0, "{err}");
    assert!(!err.contains("W108") && !err.contains("W109"), "{err}");
}

#[test]
fn cross_check_names_the_project_both_amounts_and_both_places() {
    let dir = folder_with(&[(
        "急救.toml",
        first_aid_project("群众性急救公益服务项目", "600"),
    )]);
    let (rc, err) = check_short(dir.path());
    assert_eq!(rc, 0, "warnings only: {err}");
    // The seed's first duty amount is at line 24, column 10.
    let line = err
        .lines()
        .find(|l| l.contains("W108"))
        .unwrap_or_else(|| panic!("no W108 in {err}"));
    assert!(line.contains("部门整体.toml:24:10: 警告[W108]"), "{line}");
    assert!(
        line.contains("“群众性急救公益服务项目”的预算金额 662.00 万元"),
        "{line}"
    );
    assert!(
        line.contains("急救.toml 的资金总额 600.00 万元不一致"),
        "{line}"
    );
    // The other duty names a project no spec holds: nothing is said about it.
    assert!(!err.contains("红十字事业发展"), "{err}");
}

#[test]
fn a_project_no_duty_names_gets_a_note() {
    let dir = folder_with(&[(
        "其他.toml",
        first_aid_project("应急救护培训基地建设", "100"),
    )]);
    let (rc, err) = check_short(dir.path());
    assert_eq!(rc, 0, "{err}");
    let line = err.lines().find(|l| l.contains("W109")).expect("W109");
    assert!(line.contains("其他.toml:"), "{line}");
    assert!(
        line.contains("项目“应急救护培训基地建设”没有出现在"),
        "{line}"
    );
}

#[test]
fn two_department_specs_for_one_year_are_named() {
    let dir = folder_with(&[(
        "急救.toml",
        first_aid_project("群众性急救公益服务项目", "600"),
    )]);
    std::fs::copy(seed_spec(), dir.path().join("部门整体-旧版.toml")).unwrap();
    let (rc, err) = check_short(dir.path());
    assert_eq!(rc, 0, "{err}");
    assert_eq!(err.matches("W110").count(), 2, "{err}");
    assert!(
        err.contains("部门整体-旧版.toml") && err.contains("部门整体.toml"),
        "{err}"
    );
    assert!(
        !err.contains("W108"),
        "no guess which one to compare: {err}"
    );
}

#[test]
fn a_bureau_folder_of_many_departments_keeps_each_cross_check() {
    // One year, 60 departments of a bureau, and one project whose amount differs from its
    // department's duty row (600 against 662.00).
    let dir = folder_with(&[(
        "急救.toml",
        first_aid_project("群众性急救公益服务项目", "600"),
    )]);
    let seed = std::fs::read_to_string(seed_spec()).unwrap();
    let name = "name = \"福建省红十字会(本级)\"";
    assert!(seed.contains(name));
    for i in 0..60 {
        let other = seed.replacen(name, &format!("name = \"第{i}局\""), 1);
        std::fs::write(dir.path().join(format!("局{i}.toml")), other).unwrap();
    }
    let (rc, err) = check_short(dir.path());
    assert_eq!(rc, 0, "{err}");
    assert_eq!(
        err.matches("W110").count(),
        0,
        "different departments: {err}"
    );
    assert_eq!(err.matches("W108").count(), 1, "{err}");
    assert!(err.len() < 200_000, "{} bytes of report", err.len());
}

#[test]
fn many_copies_of_one_department_are_counted_not_listed() {
    let dir = folder_with(&[]);
    for i in 0..30 {
        std::fs::copy(seed_spec(), dir.path().join(format!("旧版{i}.toml"))).unwrap();
    }
    let (rc, err) = check_short(dir.path());
    assert_eq!(rc, 0, "{err}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("W110")).collect();
    assert_eq!(lines.len(), 31, "{err}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains("共有 31 份") && l.contains("等 30 份")),
        "{err}"
    );
}

#[test]
fn render_reports_the_cross_check_too() {
    let dir = folder_with(&[(
        "急救.toml",
        first_aid_project("群众性急救公益服务项目", "600"),
    )]);
    let out = jixiao([
        "render".as_ref(),
        dir.path().as_os_str(),
        "-f".as_ref(),
        "json".as_ref(),
        "-o".as_ref(),
        dir.path().join("out/").as_os_str(),
        "--diagnostics".as_ref(),
        "short".as_ref(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("警告[W108]"), "{}", stderr(&out));
}

#[test]
fn every_sheet_keeps_its_cells_inside_the_grid() {
    for path in valid_specs() {
        let doc = jixiao::document::Document::load(&path).unwrap();
        let table = doc
            .table
            .as_ref()
            .unwrap_or_else(|| panic!("{}: {:?}", path.display(), doc.diagnostics));
        let sheet = jixiao::forms::sheet(table).expect("built-in layouts fit");
        sheet
            .check_grid()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // Every grid position is covered: no hole in the printed form.
        let covered: usize = sheet.cells.iter().map(|c| c.rowspan * c.colspan).sum();
        assert_eq!(covered, sheet.rows * sheet.columns(), "{}", path.display());
    }
}

#[test]
fn hunan_layout_prints_no_money_and_its_own_columns() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("valid/hunan-layout.toml");
    let out = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "html,pdf".as_ref(),
        "-o".as_ref(),
        dir.path().join("o/").as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let html = unescape(&std::fs::read_to_string(dir.path().join("o/hunan-layout.html")).unwrap());
    for text in [
        "部门(单位)职责",
        "年度总体绩效目标",
        "指标值类型",
        "评(扣)分标准",
        "指标解释",
        "定性",
        "问卷调查",
    ] {
        assert!(html.contains(text), "lacks {text}");
    }
    assert!(!html.contains("年度预算安排") && !html.contains("部门预算编码"));
    // The Hunan order: 指标值类型 · 指标值 · 计量单位 · 指标解释 · 评(扣)分标准 · 备注.
    let order = [
        "指标值类型",
        "指标值</th>",
        "计量单位",
        "指标解释",
        "评(扣)分标准",
        "备注",
    ];
    let at: Vec<usize> = order.iter().map(|t| html.find(t).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
    // The empty 经济效益指标 placeholder is not a row.
    assert!(!html.contains("经济效益指标"));
    let text = squash(&pdftotext(&dir.path().join("o/hunan-layout.pdf")).unwrap());
    assert!(text.contains("负责全区城市管理工作的统筹协调"), "{text}");
}

#[test]
fn hubei_layout_prints_income_and_expenditure_with_shares() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("valid/hubei-layout.toml");
    let out = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "html,pdf,json".as_ref(),
        "-o".as_ref(),
        dir.path().join("o/").as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = squash(&pdftotext(&dir.path().join("o/hubei-layout.pdf")).unwrap());
    for cell in [
        "部门总体资金情况(万元)",
        "收入构成",
        "支出构成",
        "108292.73",
        "88.30%",
        "11.70%",
        "93199.91",
        "75.99%",
        "24.01%",
        "122641.50",
        "100.00%",
        "部门职能概述",
    ] {
        assert!(text.contains(cell), "PDF lacks {cell}");
    }
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("o/hubei-layout.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["layout"], "湖北");
    assert_eq!(json["funding"]["income_total"], "122641.50");
    assert!(json.get("budget").is_none());
}

#[test]
fn fujian_layout_still_requires_its_budget() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(seed_spec()).unwrap();
    let start = text.find("[budget]").unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    let path = dir.path().join("x.toml");
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let out = jixiao([
        "check".as_ref(),
        "--format".as_ref(),
        "short".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("错误[E004]: 缺少必填字段 `budget`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn init_from_last_year_rolls_the_spec_forward() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("2022.toml");
    let last = seed_spec();
    let run = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "init".as_ref(),
            new.as_os_str(),
            "--from".as_ref(),
            last.as_os_str(),
        ];
        args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
        jixiao(args)
    };
    let out = run(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&new).unwrap();
    assert!(text.starts_with("# 由 fujian-redcross-2021.toml（2021 年度）转入 2022 年度"));
    assert!(text.contains("\nyear = 2022\n"));
    // Everything else is last year's, unchanged.
    let seed = std::fs::read_to_string(seed_spec()).unwrap();
    assert_eq!(text.lines().count(), seed.lines().count() + 1);
    let err = stderr(&out);
    // The goal's first words and a 设置依据 still name 2021, located in the new file.
    assert!(
        err.contains("警告[W016]: “2021年”仍是 2021 年度或更早的年份、日期"),
        "{err}"
    );
    assert!(
        err.contains("--> ") && err.contains("2022.toml:9:17"),
        "{err}"
    );
    assert!(err.contains("2 处仍写着旧的年份或日期"), "{err}");
    assert!(err.contains("金额和目标值仍是 2021 年度的"), "{err}");
    // The new spec checks like the old one.
    let check = jixiao(["check".as_ref(), new.as_os_str()]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    // Never overwritten without --force.
    std::fs::write(&new, "留着").unwrap();
    let again = run(&[]);
    assert_eq!(code(&again), 2);
    assert_eq!(std::fs::read_to_string(&new).unwrap(), "留着");
    assert_eq!(code(&run(&["--force", "--year", "2023"])), 0);
    assert!(
        std::fs::read_to_string(&new)
            .unwrap()
            .contains("\nyear = 2023\n")
    );
    // A year outside 2000–2100 is refused.
    let out = run(&["--force", "--year", "22"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("年度“22”无效"), "{}", stderr(&out));
}

#[test]
fn init_from_a_spec_with_errors_is_refused_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let bad = fixture("invalid/E104-budget-sum.toml");
    let new = dir.path().join("new.toml");
    let out = jixiao([
        "init".as_ref(),
        new.as_os_str(),
        "--from".as_ref(),
        bad.as_os_str(),
    ]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("错误[E104]") && err.contains("请先改正"),
        "{err}"
    );
    assert!(!new.exists());
}

#[test]
fn import_with_year_writes_next_years_spec_and_lists_old_dates() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2022.toml");
    let run = jixiao([
        "import".as_ref(),
        fixture("seed-2021.xlsx").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--year".as_ref(),
        "2022".as_ref(),
    ]);
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\nyear = 2022\n"), "{text}");
    assert!(text.starts_with("# 由 seed-2021.xlsx（2021 年度）转入 2022 年度"));
    let err = stderr(&run);
    assert_eq!(err.matches("警告[W016]").count(), 2, "{err}");
    let check = jixiao(["check".as_ref(), out.as_os_str()]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
}
