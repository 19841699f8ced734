//! The year-end 绩效自评表: `check` scores it, reports the published tables' own errors and
//! explains every number with `--explain`.

mod support;

use support::{check_json, code, fixture, jixiao, stdout};

#[test]
fn chizhou_2022_is_flagged_where_the_published_table_is_wrong() {
    // selfeval.md E1: 年度资金总额 0/0/0 over a 财政拨款 row of 90/89.974/89.974, and the
    // copy ends before the 满意度 indicators (80 of the 90 points are visible).
    let (exit, diags) = check_json(&fixture("selfeval/chizhou-2022.toml"));
    assert_eq!(exit, 1);
    let codes: Vec<&str> = diags.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["E610", "E610", "E610", "E609", "E606"], "{diags:?}");
}

#[test]
fn chizhou_2022_indicator_scores_are_explained_and_agree_with_the_printed_ones() {
    let out = jixiao([
        "check",
        "--explain",
        &fixture("selfeval/chizhou-2022.toml").to_string_lossy(),
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("第 1 个指标“基建工程委托业务项目数量”：得分 = min(50 / 50, 1) × 8 = 8.00"),
        "{text}"
    );
    assert!(
        text.contains("第 5 个指标“项目总成本”：得分 = min(90 / 90, 1) × 8 = 8.00"),
        "{text}"
    );
    assert!(
        text.contains("定性：达成，档次 [8.00, 10.00]，填写的得分：得分 = 10.00"),
        "{text}"
    );
    // No W602: every printed indicator score is the computed one.
    let (_, diags) = check_json(&fixture("selfeval/chizhou-2022.toml"));
    assert!(diags.iter().all(|(c, _)| c != "W602"), "{diags:?}");
}

#[test]
fn a_filled_selfeval_is_clean_and_its_total_explained() {
    let path = fixture("selfeval/valid.toml");
    assert_eq!(check_json(&path), (0, vec![]));
    let out = jixiao(["check", "--explain", &path.to_string_lossy()]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    for line in [
        "预算执行率：执行率 = 9500 / 10000 = 95.00%",
        "预算执行得分：得分 = min(9500 / 10000, 1) × 10 = 9.50",
        "第 6 个指标“基础教育学校办学条件”：不适用，不计分",
        "绩效指标：1 项不适用，已剔除后折算：指标得分 = (15 + 15 + 10 + 10 + 11 + 10) / 75 × 90 = 85.20",
        "总分：总分 = 9.50 + 85.20 = 94.70，等级：优",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    // Without --explain nothing goes to stdout.
    let quiet = jixiao(["check", &path.to_string_lossy()]);
    assert_eq!(stdout(&quiet), "");
}

#[test]
fn the_hubei_rule_set_changes_the_weights_and_the_reverse_formula() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("selfeval/valid.toml"))
        .unwrap()
        .replace("year = 2020\n", "year = 2020\nrules = \"湖北\"\n")
        .replace(
            "actual = \"9500万元\"",
            "actual = \"12000万元\"\nreason = \"材料涨价\"",
        );
    let spec = dir.path().join("湖北.toml");
    std::fs::write(&spec, text).unwrap();
    let (exit, diags) = check_json(&spec);
    assert_eq!(exit, 1);
    let codes: Vec<&str> = diags.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["E606"], "湖北's indicators add up to 80: {diags:?}");
    let out = jixiao(["check", "--explain", &spec.to_string_lossy()]);
    let text = stdout(&out);
    assert!(text.contains("（评分规则：湖北）"), "{text}");
    assert!(
        text.contains("得分 = min(9500 / 10000, 1) × 20 = 19.00"),
        "{text}"
    );
    // 12000 against ≤10000: (1 − 2000/10000) × 10 = 8.00, where the central A/B gives 8.33.
    assert!(
        text.contains("得分 = max(1 − max(12000 − 10000, 0) / 10000, 0) × 10 = 8.00"),
        "{text}"
    );
}

#[test]
fn pdf_html_and_json_print_the_computed_scores() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("selfeval/valid.toml");
    let out = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "html,pdf,json".as_ref(),
        "-o".as_ref(),
        dir.path().as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", support::stderr(&out));
    let pdf = dir.path().join("valid.pdf");
    let text = support::squash(&support::poppler(
        "pdftotext",
        &["-layout", &pdf.to_string_lossy(), "-"],
    ));
    let html = std::fs::read_to_string(dir.path().join("valid.html")).unwrap();
    // 执行率 95.00 %, its score 9.50, the 部分达成 score 11.00, the total 94.70 and its grade:
    // none of them is written in the spec.
    for shown in [
        "项目支出绩效自评表",
        "95.00%",
        "9.50",
        "11.00",
        "94.70",
        "自评等级",
        "优",
    ] {
        assert!(text.contains(shown), "PDF lacks {shown}: {text}");
        assert!(html.contains(shown), "HTML lacks {shown}");
    }
    for header in [
        "年度指标值",
        "实际完成值",
        "偏差原因分析及改进措施",
        "全年执行数",
    ] {
        assert!(text.contains(header), "PDF lacks {header}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("valid.json")).unwrap()).unwrap();
    assert_eq!(json["total"]["total"]["value"], "94.70", "{json}");
    assert_eq!(json["budget"]["rate"]["value"], "95.00", "{json}");
}

#[test]
fn a_selfeval_with_errors_is_not_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("selfeval/chizhou-2022.toml");
    let out = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-o".as_ref(),
        dir.path().join("x.html").as_os_str(),
    ]);
    assert_eq!(code(&out), 1);
    assert!(!dir.path().join("x.html").exists());
}

/// Renders a 自评 fixture to PDF and returns its text, squashed.
fn pdf_text(name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture(&format!("selfeval/{name}.toml"));
    let pdf = dir.path().join("out.pdf");
    let out = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "pdf".as_ref(),
        "-o".as_ref(),
        pdf.as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", support::stderr(&out));
    support::squash(&support::poppler(
        "pdftotext",
        &["-layout", &pdf.to_string_lossy(), "-"],
    ))
}

#[test]
fn the_sichuan_layout_prints_its_own_columns_and_closing_rows() {
    let text = pdf_text("sichuan");
    for shown in [
        "预算执行情况(10分)",
        "调整后预算数",
        "绩效指标(90分)",
        "指标性质",
        "度量单位",
        "未完成原因分析",
        "评价结论",
        "存在问题",
        "改进措施",
        "加强项目进度管理。",
        "94.70",
    ] {
        assert!(text.contains(shown), "PDF lacks {shown}: {text}");
    }
}

#[test]
fn the_department_selfeval_caps_an_execution_over_one_hundred_percent() {
    let text = pdf_text("department");
    for shown in [
        "部门整体支出绩效自评表",
        "绩效目标值",
        "指标分值",
        "108.20%",
        "10.00",
        "100.00",
    ] {
        assert!(text.contains(shown), "PDF lacks {shown}: {text}");
    }
    assert!(
        !text.contains("年度总体目标"),
        "no goals written, none printed"
    );
}

/// `init --from` on the 青山 project goal table, then the clerk's part: 分值, 全年预算数 and
/// 全年执行数, and an actual for every indicator (the text edits a clerk would make).
fn rolled_and_filled(dir: &std::path::Path) -> std::path::PathBuf {
    let goal = dir.join("目标2020.toml");
    std::fs::copy(support::project_spec(), &goal).unwrap();
    let spec = dir.join("自评2020.toml");
    let out = jixiao([
        "init".as_ref(),
        spec.as_os_str(),
        "--from".as_ref(),
        goal.as_os_str(),
        "--form".as_ref(),
        "自评".as_ref(),
    ]);
    assert_eq!(code(&out), 0, "{}", support::stderr(&out));
    let text = std::fs::read_to_string(&spec).unwrap();
    assert!(text.contains("goal = \"目标2020.toml\""), "{text}");
    assert!(
        text.contains("initial = 10000"),
        "the budget comes over as 年初预算数: {text}"
    );
    let weights = ["15", "15", "10", "10", "15", "15", "10"];
    let actuals = ["2", "100%", "达成", "100%", "达成", "达成", "95%"];
    let mut filled = text
        .replace(
            "# adjusted =                 # 全年预算数（调整后）：去掉行首的 # 并填写",
            "adjusted = 10000",
        )
        .replace(
            "# executed =                 # 全年执行数：去掉行首的 # 并填写",
            "executed = 9800",
        );
    for (w, a) in weights.iter().zip(actuals) {
        filled = filled
            .replacen(
                "# weight =                   # 分值：去掉行首的 # 并填写（各指标合计 90）",
                &format!("weight = {w}"),
                1,
            )
            .replacen(
                "actual = \"\"                   # 实际完成值，请填写",
                &format!("actual = \"{a}\""),
                1,
            );
    }
    std::fs::write(&spec, filled).unwrap();
    spec
}

#[test]
fn a_goal_table_rolls_into_its_selfeval_which_is_filled_scored_and_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let spec = rolled_and_filled(dir.path());
    // Unfilled, the rolled spec names what is missing; filled, it is scored.
    let out = jixiao(["check", "--explain", &spec.to_string_lossy()]);
    let text = stdout(&out);
    assert!(
        text.contains("执行率 = 9800 / 10000 = 98.00%"),
        "{text}\n{}",
        support::stderr(&out)
    );
    assert!(
        text.contains("总分 = 9.80 + 90.00 = 99.80，等级：优"),
        "{text}"
    );
    // The 青山 targets have no operator (`2`, `100%`): said, and scored as 正向.
    let (exit, diags) = check_json(&spec);
    assert_eq!(exit, 0, "{diags:?}");
    assert!(diags.iter().all(|(c, _)| c == "W613"), "{diags:?}");
    let render = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "html,pdf,xlsx,json".as_ref(),
        "-o".as_ref(),
        dir.path().join("out/").as_os_str(),
    ]);
    assert_eq!(code(&render), 0, "{}", support::stderr(&render));
    for ext in ["html", "pdf", "xlsx", "json"] {
        assert!(
            dir.path().join(format!("out/自评2020.{ext}")).exists(),
            "{ext}"
        );
    }
}

#[test]
fn checking_the_folder_reports_indicators_dropped_renamed_or_retargeted() {
    let dir = tempfile::tempdir().unwrap();
    let spec = rolled_and_filled(dir.path());
    let clean = jixiao(["check", "--format", "short", &dir.path().to_string_lossy()]);
    assert!(
        !support::stderr(&clean).contains("W614"),
        "{}",
        support::stderr(&clean)
    );
    let text = std::fs::read_to_string(&spec).unwrap();
    let edited = text
        .replace("name = \"重点建设工程安排数量\"", "name = \"重点工程数量\"")
        .replace(
            "target = \"100%\"\nweight = 15",
            "target = \"≥95%\"\nweight = 15",
        );
    assert_ne!(edited, text);
    std::fs::write(&spec, edited).unwrap();
    let out = jixiao(["check", "--format", "short", &dir.path().to_string_lossy()]);
    let err = support::stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("W614")).collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("“重点工程数量”不在绩效目标表 目标2020.toml 中")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("年度指标值“≥95%”与绩效目标表 目标2020.toml 中的“100%”不同")),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("指标“重点建设工程安排数量”在自评表中没有")),
        "{err}"
    );
}

/// The cell address (`F17`) of the first cell of a worksheet range holding `value`.
fn address_of(range: &calamine::Range<calamine::Data>, value: f64) -> (u32, u32) {
    let (r0, c0) = range.start().unwrap();
    range
        .cells()
        .find(|(_, _, d)| matches!(d, calamine::Data::Float(f) if (*f - value).abs() < 1e-9))
        .map(|(r, c, _)| (r0 + r as u32, c0 + c as u32))
        .unwrap_or_else(|| panic!("no cell holds {value}"))
}

fn a1((row, col): (u32, u32)) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        letters.insert(0, char::from(b'A' + ((c - 1) % 26) as u8));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// Replaces the value of one cell in the first worksheet of an .xlsx, as a clerk typing a
/// new actual would; the formulas' cached results are left as they were.
fn edit_cell(xlsx: &std::path::Path, out: &std::path::Path, address: &str, from: &str, to: &str) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let start = xml
                .find(&format!("<c r=\"{address}\""))
                .expect("the cell is written");
            let end = start + xml[start..].find("</c>").unwrap();
            let cell = &xml[start..end];
            assert!(cell.contains(&format!("<v>{from}</v>")), "{cell}");
            let edited = cell.replace(&format!("<v>{from}</v>"), &format!("<v>{to}</v>"));
            bytes = format!("{}{edited}{}", &xml[..start], &xml[end..]).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
}

/// LibreOffice opens `xlsx`, recalculates every formula (its profile says so: by default it
/// trusts the cached results of an .xlsx) and saves it into `out_dir`.
fn recalculate_with_libreoffice(xlsx: &std::path::Path, out_dir: &std::path::Path) {
    let profile = out_dir.join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let o = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(out_dir.join("recalculated"))
        .arg(xlsx)
        .output()
        .unwrap_or_else(|e| support::missing_tool("soffice", "libreoffice-calc-nogui", &e));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_workbook_recomputes_when_an_actual_is_edited_in_libreoffice() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let spec = fixture("selfeval/valid.toml");
    let xlsx = dir.path().join("自评.xlsx");
    let out = jixiao([
        "render".as_ref(),
        spec.as_os_str(),
        "-f".as_ref(),
        "xlsx".as_ref(),
        "-o".as_ref(),
        xlsx.as_os_str(),
    ]);
    assert_eq!(code(&out), 0, "{}", support::stderr(&out));
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    // The cached results are jixiao's: 执行率 95, its score 9.5, the total 94.7.
    let total = address_of(&range, 94.7);
    let actual = address_of(&range, 92.0);
    let formulas = wb.worksheet_formula(&name).unwrap();
    let (f0, fc0) = formulas.start().unwrap();
    let formula_at = |(r, c): (u32, u32)| {
        formulas
            .get(((r - f0) as usize, (c - fc0) as usize))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        formula_at(total).starts_with("ROUND("),
        "{}",
        formula_at(total)
    );
    assert!(
        formula_at(address_of(&range, 9.5)).contains("MIN("),
        "the budget score is a formula"
    );

    // The clerk types 80 for the 92 % 满意度 actual and LibreOffice recalculates.
    let edited = dir.path().join("edited.xlsx");
    edit_cell(&xlsx, &edited, &a1(actual), "92", "80");
    recalculate_with_libreoffice(&edited, dir.path());
    let mut again: Xlsx<_> = open_workbook(dir.path().join("recalculated/edited.xlsx")).unwrap();
    let range = again.worksheet_range_at(0).unwrap().unwrap();
    let at = |(r, c): (u32, u32)| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);

    // jixiao's own scoring of the same edit, for comparison.
    let edited_spec = dir.path().join("edited.toml");
    let text = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("actual = \"92%\"", "actual = \"80%\"");
    std::fs::write(&edited_spec, text).unwrap();
    let explained = stdout(&jixiao([
        "check",
        "--explain",
        &edited_spec.to_string_lossy(),
    ]));
    let line = explained.lines().find(|l| l.contains("总分 = ")).unwrap();
    let expected: f64 = line
        .split(" = ")
        .nth(2)
        .unwrap()
        .split('，')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(expected, 94.7, "the edit changes the total");
    match at(total) {
        Data::Float(f) => assert!(
            (f - expected).abs() < 1e-9,
            "LibreOffice {f}, jixiao {expected}"
        ),
        other => panic!("total cell holds {other:?}"),
    }
    // Its score: the cell in the same row whose formula reads the actual (the workbook's
    // columns follow each block's own fit, so it is not a fixed number of columns over).
    let satisfaction = (actual.1 + 1..actual.1 + 64)
        .map(|c| (actual.0, c))
        .find(|&at| formula_at(at).contains(&a1(actual)))
        .expect("a formula reads the edited actual");
    let score_line = explained
        .lines()
        .find(|l| l.contains("学生、家长、社会满意度"))
        .unwrap();
    let score: f64 = score_line.rsplit(" = ").next().unwrap().parse().unwrap();
    assert_eq!(at(satisfaction), Data::Float(score), "{score_line}");
}

#[test]
fn watch_shows_the_scores_updating_as_an_actual_is_typed() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("自评.toml");
    std::fs::copy(fixture("selfeval/valid.toml"), &spec).unwrap();
    let w =
        support::watch::start(&spec, &["--port", "0"]).unwrap_or_else(|f| panic!("{}", f.stderr));
    let form = |w: &support::watch::Watch| String::from_utf8(w.get("/form.html").2).unwrap();
    assert_eq!(w.state()["status"], "ok");
    assert!(form(&w).contains("94.70"));
    let v0 = w.state()["version"].as_u64().unwrap();
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, text.replace("actual = \"92%\"", "actual = \"80%\"")).unwrap();
    w.wait_state(Duration::from_secs(5), |s| s["version"].as_u64() > Some(v0));
    let page = form(&w);
    // 80 / 90 × 10 = 8.89 and the total follows; the missing reason is a warning (W603).
    assert!(page.contains("8.89") && page.contains("93.37"), "{page}");
    assert!(!page.contains("94.70"));
}

/// Writes rows of texts (numbers where they parse) into the first sheet of a new workbook,
/// merging the cells `merges` names (first row, first col, last row, last col).
fn workbook(path: &std::path::Path, rows: &[Vec<&str>], merges: &[(u32, u16, u32, u16)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for &(r0, c0, r1, c1) in merges {
        let text = rows[r0 as usize][c0 as usize];
        ws.merge_range(r0, c0, r1, c1, text, &rust_xlsxwriter::Format::new())
            .unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if text.is_empty()
                || merges
                    .iter()
                    .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&r) && (c0..=c1).contains(&c))
            {
                continue;
            }
            match text.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n).unwrap(),
                Err(_) => ws.write_string(r, c, *text).unwrap(),
            };
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn the_published_chizhou_table_imports_and_its_errors_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("池州.xlsx");
    let e = "";
    // selfeval.md E1, as its layout prints it (the 一级 cells merged down their rows).
    let rows: Vec<Vec<&str>> = vec![
        vec!["项目支出绩效自评表", e, e, e, e, e, e, e, e],
        vec!["(2022年度)", e, e, e, e, e, e, e, e],
        vec!["项目名称", "委托业务项目", e, e, e, e, e, e, e],
        vec![
            "主管部门",
            "219-池州市贵池区棠溪镇人民政府",
            e,
            e,
            "实施单位",
            "219001-池州市贵池区棠溪镇人民政府",
            e,
            e,
            e,
        ],
        vec![
            "项目资金(万元)",
            e,
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
            e,
        ],
        vec![e, "年度资金总额:", "0", "0", "0", "10", "0", "0", e],
        vec![e, "其中:本年财政拨款", "90", "89.974", "89.974", e, e, e, e],
        vec![e, "上年结转资金", e, e, e, e, e, e, e],
        vec![e, "其他资金", e, e, e, e, e, e, e],
        vec![
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        vec![
            e,
            "产出指标(50分)",
            "数量指标",
            "基建工程委托业务项目数量",
            "≥50个",
            "50",
            "8",
            "8",
            e,
        ],
        vec![
            e,
            e,
            "质量指标",
            "委托业务报告合格率",
            "≥100百分比",
            "100",
            "8",
            "8",
            e,
        ],
        vec![
            e,
            e,
            e,
            "经费支出合规性",
            "严格执行相关制度规定",
            "达成预期指标",
            "8",
            "8",
            e,
        ],
        vec![
            e,
            e,
            "时效指标",
            "提交报告及时性",
            "在项目计划完成时间内完成",
            "达成预期指标",
            "8",
            "8",
            e,
        ],
        vec![e, e, "成本指标", "项目总成本", "≤90万元", "90", "8", "8", e],
        vec![
            e,
            e,
            e,
            "单项业务成本",
            "符合相关规定",
            "达成预期指标",
            "10",
            "10",
            e,
        ],
        vec![
            e,
            "效益指标(30分)",
            "社会效益指标",
            "对维护基建市场公平的影响程度",
            "效果明显",
            "达成预期指标",
            "10",
            "10",
            e,
        ],
        vec![
            e,
            e,
            "生态效益指标",
            "对控制基建项目成本影响程度",
            "效果明显",
            "达成预期指标",
            "10",
            "10",
            e,
        ],
        vec![
            e,
            e,
            "可持续影响指标",
            "对推动基建项目“四项制度”健全和落实的持续性影响",
            "效果明显",
            "达成预期指标",
            "10",
            "10",
            e,
        ],
    ];
    workbook(
        &xlsx,
        &rows,
        &[(10, 1, 15, 1), (16, 1, 18, 1), (9, 0, 18, 0), (4, 0, 8, 0)],
    );
    chizhou_imports_with_its_findings(&xlsx);
    // The same sheet saved by LibreOffice as .xls and .ods reads the same.
    for ext in ["xls", "ods"] {
        let o = std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("profile").display()
            ))
            .args(["--headless", "--norestore", "--convert-to", ext, "--outdir"])
            .arg(dir.path().join(ext))
            .arg(&xlsx)
            .output()
            .unwrap_or_else(|e| support::missing_tool("soffice", "libreoffice-calc-nogui", &e));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        chizhou_imports_with_its_findings(&dir.path().join(format!("{ext}/池州.{ext}")));
    }
}

fn chizhou_imports_with_its_findings(book: &std::path::Path) {
    let out = jixiao(["import".as_ref(), book.as_os_str()]);
    let err = support::stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    let spec = book.with_extension("toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    assert!(text.contains("year = 2022"), "{text}");
    assert!(
        text.contains("level1 = \"效益指标(30分)\""),
        "merged 一级 cells forward-filled: {text}"
    );
    assert!(text.contains("adjusted = 89.974"), "{text}");
    // The same findings as the transcribed spec: the broken budget rows and the cut-off 满意度.
    let (_, diags) = check_json(&spec);
    let mut codes: Vec<&str> = diags.iter().map(|(c, _)| c.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["E606", "E609", "E610", "E610", "E610"], "{diags:?}");
}

#[test]
fn the_flat_template_of_the_integrated_systems_imports_and_printed_scores_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("自评指标.xlsx");
    let e = "";
    let rows: Vec<Vec<&str>> = vec![
        vec![
            "一级指标",
            "二级指标",
            "三级指标名称",
            "计算符号",
            "指标值",
            "实际完成值",
            "计量单位",
            "分值",
            "指标得分",
            "扣减分数",
            "完成情况简要描述",
            "偏差原因及改进措施",
        ],
        vec![
            "产出指标",
            "数量指标",
            "培训人次",
            "≥",
            "500",
            "450",
            "人次",
            "40",
            "40",
            "0",
            "完成培训",
            e,
        ],
        vec![
            "效益指标",
            "社会效益指标",
            "群众急救技能",
            "6",
            "明显提升",
            "达成",
            e,
            "40",
            "36",
            "4",
            e,
            "个别地区培训偏少",
        ],
        vec![
            "满意度指标",
            "服务对象满意度指标",
            "参训人员满意度",
            "≥",
            "90",
            "95",
            "%",
            "10",
            "10",
            "0",
            e,
            e,
        ],
    ];
    workbook(&xlsx, &rows, &[]);
    let spec = dir.path().join("自评.toml");
    let out = jixiao([
        "import".as_ref(),
        xlsx.as_os_str(),
        "-o".as_ref(),
        spec.as_os_str(),
        "--year".as_ref(),
        "2023".as_ref(),
    ]);
    let err = support::stderr(&out);
    let text = std::fs::read_to_string(&spec).unwrap_or_else(|_| panic!("{err}"));
    assert!(
        text.contains("target = \"≥500人次\""),
        "计算符号 + 指标值 + 计量单位: {text}"
    );
    assert!(text.contains("actual = \"450人次\""), "{text}");
    assert!(
        text.contains("target = \"明显提升\""),
        "计算符号 6 is 定性: {text}"
    );
    // 450 / 500 × 40 = 36, printed 40: the difference is reported where the score is.
    assert!(
        err.contains("W602") && err.contains("填写的指标“培训人次”的得分 40 与计算结果 36 不符"),
        "{err}"
    );
}

#[test]
fn init_form_selfeval_without_a_goal_table_says_how() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("自评.toml");
    let out = jixiao([
        "init".as_ref(),
        spec.as_os_str(),
        "--form".as_ref(),
        "自评".as_ref(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        support::stderr(&out).contains("--from 绩效目标表.toml --form 自评"),
        "{}",
        support::stderr(&out)
    );
    assert!(!spec.exists());
}
