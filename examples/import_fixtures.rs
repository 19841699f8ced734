//! Writes the .xlsx fixtures for the import tests into a folder (default
//! `tests/fixtures/import/`). Run through `tools/make-import-fixtures.sh`, which also
//! converts them to .xls and .ods with LibreOffice. With `--big N DIR` it writes only a
//! benchmark workbook with N indicator rows.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

type R = Result<(), XlsxError>;

fn main() -> R {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--big") {
        let n: u32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5000);
        let dir = PathBuf::from(args.get(2).map_or("target", String::as_str));
        return big(&dir.join(format!("big-{n}.xlsx")), n);
    }
    let dir = PathBuf::from(args.first().map_or("tests/fixtures/import", String::as_str));
    std::fs::create_dir_all(&dir).map_err(XlsxError::IoError)?;
    ningde(&dir.join("ningde-2019.xlsx"))?;
    extra_columns(&dir.join("extra-columns.xlsx"))?;
    multi_sheet(&dir.join("multi-sheet.xlsx"))?;
    no_goal_table(&dir.join("no-goal-table.xlsx"))?;
    empty_sheet(&dir.join("empty-sheet.xlsx"))?;
    missing_name(&dir.join("missing-name.xlsx"))?;
    huge_sheet(&dir.join("huge-sheet.xlsx"))?;
    far_cells(&dir.join("far-cells.xlsx"))?;
    project_88(&dir.join("project-88.xlsx"))?;
    project_hunan(&dir.join("project-hunan.xlsx"))?;
    project_transfer(&dir.join("project-transfer.xlsx"))?;
    two_forms(&dir.join("two-forms.xlsx"))?;
    split_target_op(&dir.join("split-target-op.xlsx"))?;
    split_target_unit(&dir.join("split-target-unit.xlsx"))?;
    hunan_department(&dir.join("hunan-department.xlsx"))?;
    project_88_midterm(&dir.join("project-88-midterm.xlsx"))?;
    hubei_department(&dir.join("hubei-department.xlsx"))?;
    std::fs::write(dir.join("xml2003.xls"), xml2003()).map_err(XlsxError::IoError)?;
    Ok(())
}

/// An Excel 2003 XML Spreadsheet saved as .xls, as some budget systems export: a notes
/// sheet and a goal table using ss:Index, ss:MergeAcross and ss:MergeDown.
fn xml2003() -> String {
    let cell = |idx: Option<u32>, across: u32, down: u32, text: &str| {
        let mut attrs = String::new();
        if let Some(i) = idx {
            attrs.push_str(&format!(" ss:Index=\"{i}\""));
        }
        if across > 0 {
            attrs.push_str(&format!(" ss:MergeAcross=\"{across}\""));
        }
        if down > 0 {
            attrs.push_str(&format!(" ss:MergeDown=\"{down}\""));
        }
        let (ty, text) = match text.parse::<f64>() {
            Ok(_) => ("Number", text.to_owned()),
            Err(_) => ("String", text.replace('&', "&amp;").replace('<', "&lt;")),
        };
        format!("<Cell{attrs}><Data ss:Type=\"{ty}\">{text}</Data></Cell>")
    };
    let rows: Vec<String> = vec![
        cell(None, 4, 0, "部门整体支出绩效目标表"),
        cell(None, 4, 0, "（2020年度）"),
        format!(
            "{}{}",
            cell(None, 0, 0, "单位名称"),
            cell(None, 3, 0, "XML测试单位")
        ),
        format!(
            "{}{}{}",
            cell(None, 0, 2, "年度预算安排（万元）"),
            cell(None, 0, 0, "资金总额"),
            cell(None, 0, 0, "30.5")
        ),
        format!(
            "{}{}",
            cell(Some(2), 0, 0, "项目支出"),
            cell(None, 0, 0, "10.5")
        ),
        format!(
            "{}{}",
            cell(Some(2), 0, 0, "基本支出"),
            cell(None, 0, 0, "20")
        ),
        format!(
            "{}{}",
            cell(None, 0, 0, "年度总体目标"),
            cell(None, 3, 0, "目标1：A&B 协同。")
        ),
        ["一级指标", "二级指标", "三级指标", "指标解释", "目标值"]
            .iter()
            .map(|t| cell(None, 0, 0, t))
            .collect(),
        format!(
            "{}{}{}{}",
            cell(None, 0, 1, "产出指标"),
            cell(None, 0, 0, "数量指标"),
            cell(None, 0, 0, "完成项目数"),
            cell(Some(5), 0, 0, "≥3个")
        ),
        format!(
            "{}{}{}",
            cell(Some(2), 0, 0, "质量指标"),
            cell(None, 0, 0, "验收合格率"),
            cell(Some(5), 0, 0, "100%")
        ),
        format!(
            "{}{}{}{}",
            cell(None, 0, 0, "效益指标"),
            cell(None, 0, 0, "社会效益指标"),
            cell(None, 0, 0, "受益人数"),
            cell(Some(5), 0, 0, "≥100人")
        ),
        format!(
            "{}{}{}{}",
            cell(None, 0, 0, "满意度指标"),
            cell(None, 0, 0, "服务对象满意度指标"),
            cell(None, 0, 0, "满意度"),
            cell(Some(5), 0, 0, "≥90%")
        ),
    ];
    let body: String = rows.iter().map(|r| format!("<Row>{r}</Row>\n")).collect();
    format!(
        "<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n\
<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">\n\
<Worksheet ss:Name=\"说明\"><Table><Row><Cell><Data ss:Type=\"String\">本文件由预算系统导出</Data></Cell></Row></Table></Worksheet>\n\
<Worksheet ss:Name=\"目标表\"><Table>\n{body}</Table></Worksheet>\n</Workbook>\n"
    )
}

/// The 宁德 2019 layout: 附件4 line, title, broken year line `2019年度)`, table from column
/// B, full-width brackets and spaced labels, the block label repeated on every row instead
/// of merged, 5 indicator columns, amounts stored as text, continuation cells left empty.
fn ningde(path: &Path) -> R {
    let mut wb = Workbook::new();
    ningde_sheet(wb.add_worksheet().set_name("Sheet1")?)?;
    wb.save(path)
}

fn ningde_sheet(ws: &mut Worksheet) -> R {
    ws.write_string(0, 1, "附件4：")?;
    ws.write_string(1, 1, "部门整体支出绩效目标表")?;
    ws.write_string(2, 1, "2019年度)")?;
    ws.write_string(3, 1, "部门（单位）名称：")?;
    ws.write_string(3, 2, "宁德市测试局")?;
    ws.write_string(3, 4, "部门预算编码：")?;
    ws.write_string(3, 5, "901001033")?;
    ws.write_string(4, 1, "年度\n预算\n安排（万元）")?;
    ws.write_string(4, 2, "资金总额")?;
    ws.write_string(4, 3, "171.41")?;
    ws.write_string(5, 1, "年度\n预算\n安排（万元）")?;
    ws.write_string(5, 2, "项目支出")?;
    ws.write_string(5, 3, "60.8")?;
    ws.write_string(6, 1, "年度\n预算\n安排（万元）")?;
    ws.write_string(6, 2, "基本支出")?;
    ws.write_string(6, 3, "110.61")?;
    ws.write_string(7, 1, "年 度 总 体 目 标")?;
    ws.write_string(7, 2, "目标1：做好日常工作。\n目标2：完成重点任务。")?;
    let rows: &[[&str; 5]] = &[
        ["一级指标", "二级指标", "三级指标", "指标解释", "目标值"],
        ["产出指标", "数量指标", "办理案件数", "", "≥50件"],
        ["", "", "开展培训次数", "", "10次"],
        ["", "质量指标", "办结率", "100%(历史标准)", "100%"],
        ["", "时效指标", "完成时间", "", "2019年12月"],
        ["效益指标", "社会效益指标", "群众知晓率", "", "≥90%"],
        ["满意度指标", "服务对象满意度指标", "群众满意度", "", "≥90%"],
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = 8 + u32::try_from(i).unwrap_or(0);
        ws.write_string(r, 1, "年度绩效指标")?;
        for (j, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r, 2 + u16::try_from(j).unwrap_or(0), *text)?;
            }
        }
    }
    Ok(())
}

/// Extra and split columns: operator, 指标值类型, 计量单位, 指标分值, 备注; `*` required
/// marks; numbers as numbers with formats (0.00, %, dates); a bare date serial in a 时效
/// row; labels with line breaks; merged block labels.
fn extra_columns(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("整体绩效目标表")?;
    let two = Format::new().set_num_format("0.00");
    let pct = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let merged = Format::new().set_text_wrap();
    ws.merge_range(0, 0, 0, 10, "部门整体支出绩效目标表", &merged)?;
    ws.write_string(1, 0, "（2022 年度）")?;
    ws.write_string(2, 0, "*部门(单位)名称")?;
    ws.merge_range(2, 1, 2, 4, "湖南省测试中心", &merged)?;
    ws.write_string(2, 5, "部门预算编码")?;
    ws.write_number(2, 6, 123_456.0)?;
    ws.merge_range(3, 0, 5, 0, "年度预算安排(万元)", &merged)?;
    ws.write_string(3, 1, "资金总额")?;
    ws.write_number_with_format(3, 2, 2120.91, &two)?;
    ws.write_string(4, 1, "项目支出")?;
    ws.write_number_with_format(4, 2, 1119.8, &two)?;
    ws.write_string(5, 1, "基本支出")?;
    ws.write_number(5, 2, 1001.11)?;
    ws.write_string(6, 0, "*年度总体绩效目标")?;
    ws.merge_range(6, 1, 6, 10, "保障中心正常运转，完成年度重点任务。", &merged)?;
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值类型(定量/定性)",
        "指标性质",
        "*指标值",
        "计量单位",
        "*指标解释",
        "*评(扣)分标准",
        "指标分值",
        "备注",
    ];
    for (j, h) in header.iter().enumerate() {
        ws.write_string(7, u16::try_from(j).unwrap_or(0), *h)?;
    }
    // 产出: 4 rows, merged 一级.
    ws.merge_range(8, 0, 11, 0, "产出指标", &merged)?;
    ws.merge_range(8, 1, 9, 1, "数量指标", &merged)?;
    row(
        ws,
        8,
        &[
            "",
            "",
            "培训人次",
            "定量",
            "≥",
            "",
            "人次",
            "培训规模",
            "未达指标值酌情扣分",
            "10",
            "",
        ],
    )?;
    ws.write_number(8, 5, 300.0)?;
    row(
        ws,
        9,
        &[
            "",
            "",
            "检查覆盖率",
            "定量",
            "≥",
            "",
            "",
            "覆盖面",
            "未达指标值酌情扣分",
            "10",
            "抽查",
        ],
    )?;
    ws.write_number_with_format(9, 5, 0.95, &pct)?;
    ws.write_string(10, 1, "时效指标")?;
    row(
        ws,
        10,
        &[
            "",
            "",
            "完成时限",
            "定性",
            "",
            "",
            "",
            "按期完成",
            "逾期扣分",
            "5",
            "",
        ],
    )?;
    ws.write_datetime_with_format(10, 5, ExcelDateTime::from_ymd(2022, 12, 31)?, &date)?;
    ws.write_string(11, 1, "时效指标")?;
    row(
        ws,
        11,
        &["", "", "报送时间", "定性", "", "", "", "", "", "5", ""],
    )?;
    ws.write_number(11, 5, 44_926.0)?;
    ws.merge_range(12, 0, 12, 1, "成本指标", &merged)?;
    row(
        ws,
        12,
        &[
            "",
            "",
            "业务费控制数",
            "定量",
            "≤",
            "",
            "万元",
            "",
            "",
            "10",
            "",
        ],
    )?;
    ws.write_number_with_format(12, 5, 1119.8, &two)?;
    ws.write_string(13, 0, "效益指标")?;
    row(
        ws,
        13,
        &[
            "",
            "社会效益指标",
            "服务群众人次",
            "定量",
            "≥",
            "5000",
            "人次",
            "",
            "",
            "30",
            "",
        ],
    )?;
    ws.write_string(14, 0, "满意度指标")?;
    row(
        ws,
        14,
        &[
            "",
            "服务对象满意度指标",
            "满意度",
            "定量",
            "≥",
            "",
            "",
            "",
            "",
            "10",
            "",
        ],
    )?;
    ws.write_number_with_format(14, 5, 0.9, &pct)?;
    ws.write_string(16, 0, "填表人：张三")?;
    wb.save(path)
}

fn row(ws: &mut Worksheet, r: u32, cells: &[&str]) -> R {
    for (j, text) in cells.iter().enumerate() {
        if !text.is_empty() {
            ws.write_string(r, u16::try_from(j).unwrap_or(0), *text)?;
        }
    }
    Ok(())
}

/// A Fujian-style table at a column offset, with merges like the seed.
fn fujian(ws: &mut Worksheet, name: &str, year: u16, total: f64) -> R {
    fujian_with(ws, Some(name), year, total)
}

fn fujian_with(ws: &mut Worksheet, name: Option<&str>, year: u16, total: f64) -> R {
    let m = Format::new().set_text_wrap();
    ws.merge_range(0, 0, 0, 8, "部门整体支出绩效目标表", &m)?;
    ws.merge_range(1, 0, 1, 8, &format!("({year} 年度)"), &m)?;
    if let Some(name) = name {
        ws.merge_range(2, 0, 2, 1, "部门(单位)名称", &m)?;
        ws.merge_range(2, 2, 2, 4, name, &m)?;
    }
    ws.merge_range(2, 5, 2, 6, "部门预算编码", &m)?;
    ws.merge_range(2, 7, 2, 8, "100001", &m)?;
    ws.merge_range(3, 0, 5, 0, "年度预算安排(万元)", &m)?;
    ws.write_string(3, 1, "资金总额")?;
    ws.write_number(3, 3, total)?;
    ws.write_string(4, 1, "项目支出")?;
    ws.write_number(4, 3, total - 100.0)?;
    ws.write_string(5, 1, "基本支出")?;
    ws.write_number(5, 3, 100.0)?;
    ws.write_string(6, 0, "年度总体目标")?;
    ws.merge_range(6, 1, 6, 8, "完成年度工作。", &m)?;
    ws.merge_range(7, 0, 11, 0, "年度绩效指标", &m)?;
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "内涵解释",
        "设置依据",
        "指标计算公式或方法",
        "评分标准",
        "目标值",
    ];
    for (j, h) in header.iter().enumerate() {
        ws.write_string(7, 1 + u16::try_from(j).unwrap_or(0), *h)?;
    }
    ws.merge_range(8, 1, 9, 1, "产出指标", &m)?;
    ws.merge_range(8, 2, 9, 2, "数量指标", &m)?;
    row(
        ws,
        8,
        &["", "", "", "开展活动", "", "", "统计法", "", "≥2.00场次"],
    )?;
    row(
        ws,
        9,
        &["", "", "", "发放资料", "", "", "统计法", "", "≥300.00册"],
    )?;
    row(
        ws,
        10,
        &[
            "",
            "效益指标",
            "社会效益指标",
            "受益人次",
            "",
            "",
            "",
            "",
            "≥500人次",
        ],
    )?;
    row(
        ws,
        11,
        &[
            "",
            "满意度指标",
            "服务对象满意度指标",
            "满意度",
            "",
            "",
            "",
            "",
            "≥95.00%",
        ],
    )?;
    Ok(())
}

/// Instructions, two goal tables, notes and an empty sheet.
fn multi_sheet(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("填表说明")?;
    ws.write_string(0, 0, "填表说明")?;
    ws.write_string(1, 0, "1. 本表适用于预算部门在申请部门整体支出预算时填报。")?;
    let ws = wb.add_worksheet().set_name("甲单位")?;
    fujian(ws, "甲单位", 2021, 500.0)?;
    let ws = wb.add_worksheet().set_name("乙单位")?;
    fujian(ws, "乙单位", 2021, 800.5)?;
    let ws = wb.add_worksheet().set_name("备注")?;
    ws.write_string(0, 0, "以上数据截至 2021 年 1 月。")?;
    wb.add_worksheet().set_name("空白")?;
    wb.save(path)
}

fn no_goal_table(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("说明")?;
    ws.write_string(0, 0, "本工作簿只有说明，没有绩效目标表。")?;
    let ws = wb.add_worksheet().set_name("人员")?;
    ws.write_string(0, 0, "姓名")?;
    ws.write_string(0, 1, "职务")?;
    wb.save(path)
}

fn empty_sheet(path: &Path) -> R {
    let mut wb = Workbook::new();
    wb.add_worksheet().set_name("Sheet1")?;
    wb.save(path)
}

fn missing_name(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    // No 部门(单位)名称: an essential is missing.
    fujian_with(ws, None, 2021, 500.0)?;
    wb.save(path)
}

/// A goal table plus one stray cell far below: beyond the row limit.
fn huge_sheet(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    fujian(ws, "大表单位", 2021, 500.0)?;
    ws.write_string(1_000_000, 3, "x")?;
    wb.save(path)
}

/// A goal table plus one cell 60,000 rows down and 100 columns across: within the row and
/// column limits, but as `.xls` (converted by the script) its cells span 6 million cells,
/// which the `.xls` reader would allocate whole.
fn far_cells(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    fujian(ws, "远端单元格单位", 2021, 500.0)?;
    ws.write_string(60_000, 100, "x")?;
    wb.save(path)
}

/// A Fujian table with `n` indicator rows (benchmarks).
fn big(path: &Path, n: u32) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    fujian(ws, "基准测试单位", 2021, 500.0)?;
    let groups = [
        ("产出指标", "数量指标", "≥{}.00个"),
        ("效益指标", "社会效益指标", "≥{}人次"),
        ("满意度指标", "服务对象满意度指标", "≥95.00%"),
    ];
    for i in 0..n {
        let r = 12 + i;
        let (l1, l2, t) = groups[(i as usize * 3 / n.max(1) as usize).min(2)];
        ws.write_string(r, 1, l1)?;
        ws.write_string(r, 2, l2)?;
        ws.write_string(r, 3, format!("第{i}项指标"))?;
        ws.write_string(r, 4, "反映工作完成情况，内容较长的解释文字用于模拟真实表格")?;
        ws.write_string(r, 5, "年度工作要点")?;
        ws.write_string(r, 6, "统计法")?;
        ws.write_string(r, 7, "得分=完成数量/目标数量*指标分值")?;
        ws.write_string(r, 8, t.replace("{}", &(i + 1).to_string()))?;
    }
    wb.save(path)
}

/// Writes `text` over a merged range, or into the cell when the range is one cell.
fn put(ws: &mut Worksheet, (r0, c0): (u32, u16), (r1, c1): (u32, u16), text: &str) -> R {
    let f = Format::new().set_text_wrap();
    if (r0, c0) == (r1, c1) {
        ws.write_string(r0, c0, text)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, text, &f)?;
    }
    Ok(())
}

/// The 青山 2020 项目支出绩效目标表 (central 88号 layout) as the spreadsheet it was: every
/// text from tests/fixtures/project/project-qingshan-2020.txt; merged labels; money with
/// units; long-term indicator columns with an empty 三级; 一级 repeated on every row.
fn project_88_sheet(ws: &mut Worksheet) -> R {
    put(ws, (0, 0), (0, 7), "项目支出绩效目标表")?;
    put(ws, (1, 0), (1, 7), "(2020年度)")?;
    put(ws, (2, 0), (2, 0), "项目名称")?;
    put(ws, (2, 1), (2, 7), "教育系统基础设施建设和设备购置")?;
    put(ws, (3, 0), (3, 0), "主管部门\n及编码")?;
    put(ws, (3, 1), (3, 3), "[015001]武汉市青山区教育局")?;
    put(ws, (3, 4), (3, 4), "实施单位")?;
    put(ws, (3, 5), (3, 7), "武汉市青山区教育局")?;
    put(ws, (4, 0), (4, 0), "项目属性")?;
    put(ws, (4, 1), (4, 3), "基础建设、修缮类")?;
    put(ws, (4, 4), (4, 4), "项目起止时间")?;
    put(ws, (4, 5), (4, 7), "202001-202012")?;
    put(ws, (5, 0), (7, 0), "项目资金")?;
    let money = [
        ("资金总额", "10000万元", "当年资金总额:", "10000万元"),
        (
            "其中:财政拨款",
            "10000万元",
            "其中:当年财政拨款",
            "10000万元",
        ),
        ("其他资金", "", "当年其他资金", ""),
    ];
    for (i, (a, av, b, bv)) in money.iter().enumerate() {
        let r = 5 + u32::try_from(i).unwrap_or(0);
        put(ws, (r, 1), (r, 1), a)?;
        put(ws, (r, 2), (r, 3), av)?;
        put(ws, (r, 4), (r, 4), b)?;
        put(ws, (r, 5), (r, 7), bv)?;
    }
    put(ws, (8, 0), (9, 0), "总体目标")?;
    put(ws, (8, 1), (8, 3), "中期目标")?;
    put(ws, (8, 4), (8, 7), "年度目标")?;
    put(
        ws,
        (9, 1),
        (9, 3),
        "优化教育布局,推进教育领域综合改革全面提升育人质量实现基础教育持续发展",
    )?;
    put(
        ws,
        (9, 4),
        (9, 7),
        "按工作计划完成教育局重点项目建设经费预算安排",
    )?;
    put(ws, (10, 0), (17, 0), "绩效项目指标表")?;
    let header = [
        "一级指标",
        "二级指标(长期)",
        "三级指标(长期)",
        "指标值(长期)",
        "二级指标(年度)",
        "三级指标(年度)",
        "指标值(年度)",
    ];
    for (j, h) in header.iter().enumerate() {
        ws.write_string(10, 1 + u16::try_from(j).unwrap_or(0), *h)?;
    }
    let rows = [
        ("产出指标", "数量指标", "重点建设工程安排数量", "2"),
        ("产出指标", "质量指标", "重点建设工程验收合格率", "100%"),
        (
            "产出指标",
            "成本指标",
            "建设项目成本",
            "参照政府采购成本控制",
        ),
        ("产出指标", "时效指标", "重点建设工程按期完成率", "100%"),
        (
            "效益指标",
            "可持续影响指标",
            "基础教育巩固提高情况",
            "巩固提高",
        ),
        (
            "效益指标",
            "社会效益指标",
            "基础教育学校办学条件",
            "持续改善",
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "学生、家长、社会满意度",
            "≥90%",
        ),
    ];
    for (i, (l1, l2, l3, v)) in rows.iter().enumerate() {
        let r = 11 + u32::try_from(i).unwrap_or(0);
        ws.write_string(r, 1, *l1)?;
        ws.write_string(r, 2, *l2)?;
        ws.write_string(r, 5, *l2)?;
        ws.write_string(r, 6, *l3)?;
        ws.write_string(r, 7, *v)?;
    }
    Ok(())
}

fn project_88(path: &Path) -> R {
    let mut wb = Workbook::new();
    project_88_sheet(wb.add_worksheet().set_name("项目支出绩效目标表")?)?;
    wb.save(path)
}

/// The Hunan 项目支出绩效目标申报表 (湘潭 2023 layout): a `填报单位:(盖章) 单位:万元` line,
/// 项目支出名称 / 预算部门 / 年度本级预算金额 / 该项目支出上级资金 / 项目支出实施期, 实施期 and
/// 本年度 goals side by side, 指标值及单位 and 绩效标准 columns, 一级 merged down, empty 二级
/// placeholder rows, a 财政部门审核意见 row and the signature line under the table.
fn project_hunan(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("申报表")?;
    put(ws, (0, 0), (0, 4), "项目支出绩效目标申报表")?;
    put(ws, (1, 0), (1, 4), "（2023年度）")?;
    put(
        ws,
        (2, 0),
        (2, 4),
        "填报单位:(盖章)                    单位:万元",
    )?;
    put(ws, (3, 0), (3, 0), "项目支出名称")?;
    put(ws, (3, 1), (3, 4), "城区市政道路维护")?;
    put(ws, (4, 0), (4, 0), "预算部门")?;
    put(ws, (4, 1), (4, 4), "湘潭市测试局")?;
    put(ws, (5, 0), (5, 0), "年度本级预算金额")?;
    put(ws, (5, 1), (5, 1), "250万")?;
    put(ws, (5, 2), (5, 2), "该项目支出上级资金")?;
    put(ws, (5, 3), (5, 4), "50万")?;
    put(ws, (6, 0), (6, 0), "项目支出实施期")?;
    put(ws, (6, 1), (6, 4), "2023年1月-2023年12月")?;
    put(ws, (7, 0), (7, 1), "实施期绩效目标")?;
    put(ws, (7, 2), (7, 4), "本年度绩效目标")?;
    put(
        ws,
        (8, 0),
        (8, 1),
        "三年内完成城区主干道维护，道路完好率保持在95%以上。",
    )?;
    put(ws, (8, 2), (8, 4), "完成12公里道路维护，保障市民出行安全。")?;
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值及单位",
        "绩效标准",
    ];
    for (j, h) in header.iter().enumerate() {
        ws.write_string(9, u16::try_from(j).unwrap_or(0), *h)?;
    }
    put(ws, (10, 0), (13, 0), "产出指标")?;
    put(ws, (14, 0), (16, 0), "效益指标")?;
    put(ws, (17, 0), (17, 0), "满意度指标")?;
    let rows: [[&str; 4]; 8] = [
        ["数量指标", "维护道路长度", "≥12公里", "计划标准"],
        ["质量指标", "维护验收合格率", "100%", "行业标准"],
        ["时效指标", "完成时间", "2023年12月底前", "计划标准"],
        ["成本指标", "", "", ""],
        ["经济效益指标", "", "", ""],
        ["社会效益指标", "道路通行状况", "明显改善", "历史标准"],
        ["生态效益指标", "", "", ""],
        ["服务对象满意度指标", "市民满意度", "≥90%", "计划标准"],
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = 10 + u32::try_from(i).unwrap_or(0);
        for (j, t) in row.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(r, 1 + u16::try_from(j).unwrap_or(0), *t)?;
            }
        }
    }
    put(ws, (18, 0), (18, 0), "财政部门审核意见")?;
    put(ws, (18, 1), (18, 4), "同意申报。")?;
    put(
        ws,
        (19, 0),
        (19, 4),
        "填表人:张三        联系电话:0731-58580000        填报日期:2023年1月10日        单位负责人签字:李四",
    )?;
    wb.save(path)
}

/// A transfer-fund 绩效目标表 (青山 2021 layout): the title says only 绩效目标表; labels are
/// fused with their values in one cell; 项目主管部门 / 项目执行单位; 年度资金总额 with
/// 其中:上级资金; 指标内容 in place of 三级指标.
fn project_transfer_sheet(ws: &mut Worksheet) -> R {
    put(ws, (0, 0), (0, 3), "绩效目标表")?;
    put(ws, (1, 0), (1, 3), "(2021年度)")?;
    put(ws, (2, 0), (2, 3), "项目名称农村义务教育学生营养改善计划")?;
    put(ws, (3, 0), (3, 1), "项目主管部门武汉市青山区教育局")?;
    put(ws, (3, 2), (3, 3), "项目执行单位武汉市青山区教育局")?;
    put(ws, (4, 0), (5, 0), "资金情况(万元)")?;
    put(ws, (4, 1), (4, 1), "年度资金总额:")?;
    put(ws, (4, 2), (4, 3), "320.5")?;
    put(ws, (5, 1), (5, 1), "其中:上级资金")?;
    put(ws, (5, 2), (5, 3), "300")?;
    put(ws, (6, 0), (6, 0), "总体目标")?;
    put(
        ws,
        (6, 1),
        (6, 3),
        "改善农村义务教育学生营养状况，提高学生健康水平。",
    )?;
    put(ws, (7, 0), (7, 0), "年度目标")?;
    put(ws, (7, 1), (7, 3), "按每生每天4元标准发放营养膳食补助。")?;
    let header = ["一级指标", "二级指标", "指标内容", "指标值"];
    for (j, h) in header.iter().enumerate() {
        ws.write_string(8, u16::try_from(j).unwrap_or(0), *h)?;
    }
    put(ws, (9, 0), (11, 0), "产出指标")?;
    let rows: [[&str; 3]; 5] = [
        ["数量指标", "受益学生人数", "≥5000人"],
        ["质量指标", "食品安全事故", "0起"],
        ["时效指标", "补助资金发放及时率", "100%"],
        ["社会效益指标", "学生营养状况", "持续改善"],
        ["服务对象满意度指标", "学生家长满意度", "≥90%"],
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = 9 + u32::try_from(i).unwrap_or(0);
        for (j, t) in row.iter().enumerate() {
            ws.write_string(r, 1 + u16::try_from(j).unwrap_or(0), *t)?;
        }
    }
    ws.write_string(12, 0, "效益指标")?;
    ws.write_string(13, 0, "满意度指标")?;
    Ok(())
}

fn project_transfer(path: &Path) -> R {
    let mut wb = Workbook::new();
    project_transfer_sheet(wb.add_worksheet().set_name("Sheet1")?)?;
    wb.save(path)
}

/// One workbook, two forms: the 宁德 department table and the 青山 project table.
fn two_forms(path: &Path) -> R {
    let mut wb = Workbook::new();
    ningde_sheet(wb.add_worksheet().set_name("部门整体")?)?;
    project_88_sheet(wb.add_worksheet().set_name("项目")?)?;
    wb.save(path)
}

/// The head of a Fujian department table from row `r`: name and code, 年度预算安排,
/// 年度总体目标; returns the next row.
fn fujian_head(ws: &mut Worksheet, r: u32, name: &str) -> Result<u32, XlsxError> {
    put(ws, (r, 0), (r, 1), "部门(单位)名称")?;
    put(ws, (r, 2), (r, 3), name)?;
    put(ws, (r, 4), (r, 4), "部门预算编码")?;
    put(ws, (r, 5), (r, 6), "338001")?;
    put(ws, (r + 1, 0), (r + 3, 0), "年度预算安排(万元)")?;
    for (i, (label, amount)) in [
        ("资金总额", "120.00"),
        ("项目支出", "20.00"),
        ("基本支出", "100.00"),
    ]
    .iter()
    .enumerate()
    {
        let rr = r + 1 + u32::try_from(i).unwrap_or(0);
        put(ws, (rr, 1), (rr, 2), label)?;
        put(ws, (rr, 3), (rr, 6), amount)?;
    }
    put(ws, (r + 4, 0), (r + 4, 0), "年度总体目标")?;
    put(ws, (r + 4, 1), (r + 4, 6), "完成年度宣传和培训任务。")?;
    Ok(r + 5)
}

/// Writes indicator rows `[一级, 二级, 三级, 指标解释, part1, part2]` from row `r`.
fn split_rows(ws: &mut Worksheet, r: u32, rows: &[[&str; 6]]) -> R {
    for (i, row) in rows.iter().enumerate() {
        let rr = r + u32::try_from(i).unwrap_or(0);
        for (j, t) in row.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(rr, u16::try_from(j).unwrap_or(0), *t)?;
            }
        }
    }
    Ok(())
}

/// A Fujian department table as many counties publish it: the preamble `附件2` and
/// `填报单位（盖章）：… 单位：万元` above the title, 目标值 merged over an operator column and
/// a value column (`≥` | `300.00册`) with no labels under it, a hidden row holding a
/// withdrawn indicator, and notes and the signature line under the table.
fn split_target_op(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("目标表")?;
    ws.write_string(0, 0, "附件2")?;
    put(ws, (1, 0), (1, 6), "部门整体支出绩效目标表")?;
    put(ws, (2, 0), (2, 6), "（2023年度）")?;
    put(
        ws,
        (3, 0),
        (3, 6),
        "填报单位（盖章）：福建省测试宣传中心                单位：万元",
    )?;
    let r = fujian_head(ws, 4, "福建省测试宣传中心")?;
    for (j, h) in ["一级指标", "二级指标", "三级指标", "指标解释"]
        .iter()
        .enumerate()
    {
        ws.write_string(r, u16::try_from(j).unwrap_or(0), *h)?;
    }
    put(ws, (r, 4), (r, 5), "目标值")?;
    put(ws, (r, 6), (r, 6), "备注")?;
    split_rows(
        ws,
        r + 1,
        &[
            [
                "产出指标",
                "数量指标",
                "发放资料",
                "宣传资料册数",
                "≥",
                "300.00册",
            ],
            ["产出指标", "数量指标", "旧指标（已撤销）", "", "≥", "1个"],
            ["产出指标", "质量指标", "资料合格率", "", "", "100%"],
            ["产出指标", "时效指标", "完成时间", "", "", "2023年12月底前"],
            ["成本指标", "经济成本指标", "印刷费", "", "≤", "2.00万元"],
            ["效益指标", "社会效益指标", "受益人次", "", "≥", "500人次"],
            [
                "满意度指标",
                "服务对象满意度指标",
                "群众满意度",
                "",
                "≥",
                "90%",
            ],
        ],
    )?;
    ws.set_row_hidden(r + 2)?;
    let end = r + 8;
    put(
        ws,
        (end, 0),
        (end, 6),
        "注：1. 本表由部门填报，金额单位为万元。",
    )?;
    put(ws, (end + 1, 0), (end + 1, 6), "2. 指标值应尽量量化。")?;
    put(
        ws,
        (end + 2, 0),
        (end + 2, 6),
        "单位负责人：李四        填表人：张三        联系电话：0591-87654321        填报日期：2023年1月10日",
    )?;
    wb.save(path)
}

/// 目标值 merged over a value column and a 计量单位 column, labelled in a second header
/// row (`指标值` | `计量单位`), the other headers merged down over both header rows.
fn split_target_unit(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("目标表")?;
    put(ws, (0, 0), (0, 6), "部门整体支出绩效目标表")?;
    put(ws, (1, 0), (1, 6), "（2023年度）")?;
    let r = fujian_head(ws, 2, "福建省测试宣传中心")?;
    for (j, h) in ["一级指标", "二级指标", "三级指标", "指标解释"]
        .iter()
        .enumerate()
    {
        let c = u16::try_from(j).unwrap_or(0);
        put(ws, (r, c), (r + 1, c), h)?;
    }
    put(ws, (r, 4), (r, 5), "目标值")?;
    put(ws, (r, 6), (r + 1, 6), "备注")?;
    ws.write_string(r + 1, 4, "指标值")?;
    ws.write_string(r + 1, 5, "计量单位")?;
    split_rows(
        ws,
        r + 2,
        &[
            [
                "产出指标",
                "数量指标",
                "发放资料",
                "宣传资料册数",
                "≥300.00",
                "册",
            ],
            ["产出指标", "质量指标", "资料合格率", "", "100", "%"],
            ["产出指标", "时效指标", "完成时间", "", "2023年12月底前", ""],
            ["成本指标", "经济成本指标", "印刷费", "", "≤2.00", "万元"],
            ["效益指标", "社会效益指标", "受益人次", "", "≥500", "人次"],
            [
                "满意度指标",
                "服务对象满意度指标",
                "群众满意度",
                "",
                "≥90",
                "%",
            ],
        ],
    )?;
    wb.save(path)
}

/// The Hunan department form (岳阳楼区 2023 columns), the table of
/// tests/fixtures/valid/hunan-layout.toml: no money, 部门(单位)职责 and 年度总体绩效目标,
/// indicator columns 指标值类型 · 指标值 · 计量单位 · 指标解释 · 评(扣)分标准 · 备注, an empty
/// 二级 placeholder row, the 附件 line above and a signature line below.
fn hunan_department(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("整体绩效目标")?;
    ws.write_string(0, 0, "附件2")?;
    put(ws, (1, 0), (1, 8), "部门整体支出绩效目标表")?;
    put(ws, (2, 0), (2, 8), "（2023年度）")?;
    put(ws, (3, 0), (3, 1), "部门(单位)名称")?;
    put(ws, (3, 2), (3, 8), "岳阳市岳阳楼区城市管理局")?;
    put(ws, (4, 0), (4, 1), "部门(单位)职责")?;
    put(
        ws,
        (4, 2),
        (4, 8),
        "负责全区城市管理工作的统筹协调、监督检查和考核评价。",
    )?;
    put(ws, (5, 0), (5, 1), "年度总体绩效目标")?;
    put(
        ws,
        (5, 2),
        (5, 8),
        "提升城市精细化管理水平，市容环境持续改善。",
    )?;
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值类型\n（定量/定性）",
        "指标值",
        "计量单位",
        "指标解释",
        "评(扣)分标准",
        "备注",
    ];
    for (j, h) in header.iter().enumerate() {
        ws.write_string(6, u16::try_from(j).unwrap_or(0), *h)?;
    }
    put(ws, (8, 0), (9, 0), "效益指标")?;
    let rows: [[&str; 9]; 4] = [
        [
            "产出指标",
            "数量指标",
            "道路清扫保洁面积",
            "定量",
            "≥320",
            "万平方米",
            "全年道路清扫保洁的面积",
            "未达指标值酌情扣分",
            "",
        ],
        ["", "经济效益指标", "", "", "", "", "", "", ""],
        [
            "",
            "社会效益指标",
            "市容环境",
            "定性",
            "持续改善",
            "",
            "群众对市容环境的评价",
            "未达指标值酌情扣分",
            "",
        ],
        [
            "满意度指标",
            "服务对象满意度指标",
            "市民满意度",
            "定量",
            "≥90%",
            "",
            "抽样调查的满意率",
            "未达指标值酌情扣分",
            "问卷调查",
        ],
    ];
    for (i, row) in rows.iter().enumerate() {
        let r = 7 + u32::try_from(i).unwrap_or(0);
        for (j, t) in row.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(r, u16::try_from(j).unwrap_or(0), *t)?;
            }
        }
    }
    put(
        ws,
        (12, 0),
        (12, 8),
        "填表人：王五    联系电话：0730-8888888    填报日期：2023年1月15日",
    )?;
    wb.save(path)
}

/// The 青山 2020 table with its long-term (中期) set filled: 三级指标(长期) and
/// 指标值(长期) beside the annual ones, as tests/fixtures/valid/project-midterm.toml.
fn project_88_midterm(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("项目支出绩效目标表")?;
    project_88_sheet(ws)?;
    for (r, name, value) in [
        (11, "累计完成重点建设工程数量", "≥6个"),
        (12, "重点建设工程验收合格率", "100%"),
        (15, "基础教育持续发展", "持续提升"),
        (17, "社会满意度", "≥90%"),
    ] {
        ws.write_string(r, 3, name)?;
        ws.write_string(r, 4, value)?;
    }
    wb.save(path)
}

/// The Hubei department form (广水市教育局 2021, the table of
/// tests/fixtures/valid/hubei-layout.toml): 部门总体资金情况 with 收入构成 and 支出构成, each
/// item with its amount and 占比, then 部门职能概述 and 年度总体目标.
fn hubei_department(path: &Path) -> R {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    put(ws, (0, 0), (0, 5), "部门整体支出绩效目标申报表")?;
    put(ws, (1, 0), (1, 5), "（2021年度）")?;
    put(ws, (2, 0), (2, 1), "部门(单位)名称")?;
    put(ws, (2, 2), (2, 5), "广水市教育局")?;
    put(ws, (3, 0), (9, 0), "部门总体资金情况（万元）")?;
    put(ws, (3, 1), (3, 1), "构成")?;
    put(ws, (3, 2), (3, 3), "项目")?;
    put(ws, (3, 4), (3, 4), "金额")?;
    put(ws, (3, 5), (3, 5), "占比")?;
    put(ws, (4, 1), (6, 1), "收入构成")?;
    put(ws, (7, 1), (9, 1), "支出构成")?;
    let items = [
        ("财政拨款", "108292.73", "88.30%"),
        ("其他资金", "14348.77", "11.70%"),
        ("合计", "122641.50", "100.00%"),
        ("基本支出", "93199.91", "75.99%"),
        ("项目支出", "29441.59", "24.01%"),
        ("合计", "122641.50", "100.00%"),
    ];
    for (i, (item, amount, share)) in items.iter().enumerate() {
        let r = 4 + u32::try_from(i).unwrap_or(0);
        put(ws, (r, 2), (r, 3), item)?;
        ws.write_string(r, 4, *amount)?;
        ws.write_string(r, 5, *share)?;
    }
    put(ws, (10, 0), (10, 1), "部门职能概述")?;
    put(
        ws,
        (10, 2),
        (10, 5),
        "贯彻执行国家和省的教育方针、政策和法规，统筹全市各级各类教育发展。",
    )?;
    put(ws, (11, 0), (11, 1), "年度总体目标")?;
    put(
        ws,
        (11, 2),
        (11, 5),
        "保障全市教育事业正常运转，推进义务教育优质均衡发展。",
    )?;
    put(ws, (12, 0), (15, 0), "年度绩效指标")?;
    for (j, h) in ["一级指标", "二级指标", "三级指标"].iter().enumerate() {
        ws.write_string(12, 1 + u16::try_from(j).unwrap_or(0), *h)?;
    }
    put(ws, (12, 4), (12, 5), "指标值")?;
    let rows = [
        ("产出指标", "数量指标", "义务教育在校学生数", "≥60000人"),
        ("效益指标", "社会效益指标", "义务教育巩固率", "≥99%"),
        ("满意度指标", "服务对象满意度指标", "学生家长满意度", "≥90%"),
    ];
    for (i, (l1, l2, name, target)) in rows.iter().enumerate() {
        let r = 13 + u32::try_from(i).unwrap_or(0);
        ws.write_string(r, 1, *l1)?;
        ws.write_string(r, 2, *l2)?;
        ws.write_string(r, 3, *name)?;
        put(ws, (r, 4), (r, 5), target)?;
    }
    wb.save(path)
}
