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
    let ws = wb.add_worksheet().set_name("Sheet1")?;
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
    wb.save(path)
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
