//! Importing a 自评表 from a workbook (.xlsx, .xls, .ods; `import` hands each sheet here
//! first, through `import::Options::other`): the printed layouts (central,
//! 四川, 部门整体) and the 一体化 systems' flat 自评指标 template. Columns are found by their
//! headers, not their positions; the printed scores are kept (`score = …`, `total = …`) so
//! that `check` reports every difference from the computed ones (W602).

use std::fmt::Write as _;

use crate::import::grid::Grid;

/// Header texts of each indicator column, as printed by the layouts seen (folded: no
/// blanks, no bracketed annotations such as `(A)`).
const INDICATOR_HEADERS: &[(&str, &[&str])] = &[
    ("level1", &["一级指标"]),
    ("level2", &["二级指标", "二级绩效指标"]),
    ("name", &["三级指标", "三级指标名称", "指标名称"]),
    ("op", &["计算符号", "指标性质"]),
    (
        "target",
        &["年度指标值", "指标值", "绩效目标值", "年初指标值"],
    ),
    ("unit", &["计量单位", "度量单位"]),
    (
        "actual",
        &["实际完成值", "完成值", "全年实际值", "全年完成值"],
    ),
    ("weight", &["分值", "权重", "指标分值", "指标权重"]),
    ("score", &["得分", "指标得分"]),
    (
        "reason",
        &[
            "偏差原因分析及改进措施",
            "偏差原因及改进措施",
            "未完成原因分析",
            "未完成原因和改进措施",
        ],
    ),
];

/// Header texts of the budget columns.
const FUND_HEADERS: &[(&str, &[&str])] = &[
    ("initial", &["年初预算数", "年初预算"]),
    (
        "adjusted",
        &["全年预算数", "调整后预算数", "全年调整预算数"],
    ),
    ("executed", &["全年执行数", "预算执行数"]),
    ("weight", &["分值", "权重", "执行率权重"]),
    ("score", &["得分", "执行率得分"]),
];

/// Rows that end the indicator block.
const CLOSING: &[&str] = &[
    "总分",
    "合计",
    "评价结论",
    "存在问题",
    "改进措施",
    "自评总分",
];

/// A header or label as compared: no blanks, no bracketed annotation, `：` as `:`.
fn fold(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = (depth as i32 - 1).max(0) as usize,
            c if c.is_whitespace() => {}
            '：' => out.push(':'),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The column of each key in a header row, when the row has the keys `needed`.
fn header_columns(
    row: &[String],
    headers: &[(&'static str, &[&str])],
    needed: &[&str],
) -> Option<Vec<(&'static str, usize)>> {
    let mut found: Vec<(&'static str, usize)> = Vec::new();
    for (c, cell) in row.iter().enumerate() {
        let f = fold(cell);
        if let Some((key, _)) = headers
            .iter()
            .find(|(k, names)| names.contains(&f.as_str()) && !found.iter().any(|(fk, _)| fk == k))
        {
            found.push((key, c));
        }
    }
    needed
        .iter()
        .all(|k| found.iter().any(|(f, _)| f == k))
        .then_some(found)
}

fn col(cols: &[(&'static str, usize)], key: &str) -> Option<usize> {
    cols.iter().find(|(k, _)| *k == key).map(|&(_, c)| c)
}

fn cell(row: &[String], c: Option<usize>) -> String {
    c.and_then(|c| row.get(c))
        .map_or(String::new(), |s| s.trim().to_owned())
}

/// The text right of a label cell (`项目名称 | 委托业务项目`).
fn labelled(grid: &Grid, labels: &[&str]) -> Option<String> {
    grid.rows.iter().find_map(|row| {
        let at = row
            .iter()
            .position(|c| labels.contains(&fold(c).as_str()))?;
        row[at + 1..]
            .iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .map(str::to_owned)
    })
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A plain number as TOML (`89.974`); none for text or a percentage.
fn number(s: &str) -> Option<String> {
    let t = s.trim();
    if t.ends_with('%') {
        return None;
    }
    crate::money::parse_decimal(t)
        .ok()
        .map(|d| d.normalize().to_string())
}

/// The spec of one sheet, when it is a 自评表.
pub fn from_grid(grid: &Grid, year: Option<u16>) -> Option<String> {
    let title = grid
        .rows
        .iter()
        .take(4)
        .flatten()
        .find(|c| c.contains("自评"))
        .cloned();
    let (header_row, cols) = grid.rows.iter().enumerate().find_map(|(r, row)| {
        header_columns(row, INDICATOR_HEADERS, &["name", "actual", "score"]).map(|c| (r, c))
    })?;
    if title.is_none() && col(&cols, "op").is_none() {
        return None;
    }
    let department = title.as_deref().is_some_and(|t| t.contains("部门整体"))
        || labelled(grid, &["部门(单位)名称", "部门名称", "单位名称"]).is_some()
            && labelled(grid, &["项目名称"]).is_none();
    let kind = if department {
        super::SelfEvalKind::Department
    } else {
        super::SelfEvalKind::Project
    };
    let year = grid
        .rows
        .iter()
        .take(4)
        .flatten()
        .find_map(|c| year_in(c))
        .or(year);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# 由 {} 导入的绩效自评表；原表印出的得分写在 score、total 中，检查时与计算结果核对",
        grid.file
    );
    let _ = writeln!(out, "form = {}", quoted(kind.title()));
    match year {
        Some(y) => {
            let _ = writeln!(out, "year = {y}");
        }
        None => {
            let _ = writeln!(
                out,
                "year = 0                    # 原表没有写年度：请改为自评的年度"
            );
        }
    }
    if let Some(t) = labelled(grid, &["自评总分", "总分"]).and_then(|t| number(&t)) {
        let _ = writeln!(out, "total = {t}");
    }
    identity(&mut out, grid, kind);
    funds(&mut out, grid, header_row);
    indicators(&mut out, grid, header_row, &cols);
    Some(out)
}

/// `(2022年度)` → 2022.
fn year_in(text: &str) -> Option<u16> {
    let digits: Vec<char> = text.chars().collect();
    digits.windows(5).find_map(|w| {
        let s: String = w[..4].iter().collect();
        (w[4] == '年')
            .then(|| s.parse::<u16>().ok())
            .flatten()
            .filter(|y| (2000..=2100).contains(y))
    })
}

fn identity(out: &mut String, grid: &Grid, kind: super::SelfEvalKind) {
    if kind == super::SelfEvalKind::Department {
        let name = labelled(grid, &["部门(单位)名称", "部门名称", "单位名称"]).unwrap_or_default();
        let _ = writeln!(out, "\n[department]\nname = {}", quoted(&name));
    } else {
        let get = |labels: &[&str]| labelled(grid, labels).unwrap_or_default();
        let _ = writeln!(
            out,
            "\n[project]\nname = {}\ndepartment = {}\nunit = {}",
            quoted(&get(&["项目名称"])),
            quoted(&get(&["主管部门", "主管部门及代码"])),
            quoted(&get(&["实施单位", "项目实施单位"]))
        );
    }
    let goal = |labels: &[&str]| labelled(grid, labels);
    let expected = goal(&["预期目标", "项目年度目标"]);
    let actual = goal(&["实际完成情况", "年度目标完成情况"]);
    if expected.is_some() || actual.is_some() {
        let _ = writeln!(out, "\n[goals]");
        for (key, v) in [("expected", expected), ("actual", actual)] {
            if let Some(v) = v.filter(|v| !["预期目标", "实际完成情况"].contains(&fold(v).as_str()))
            {
                let _ = writeln!(out, "{key} = {}", quoted(&v));
            }
        }
    }
}

/// The budget block: its header row, then one `[[funds]]` per source row until the
/// indicators' header.
fn funds(out: &mut String, grid: &Grid, indicator_header: usize) {
    let Some((r0, cols)) = grid.rows[..indicator_header]
        .iter()
        .enumerate()
        .find_map(|(r, row)| header_columns(row, FUND_HEADERS, &["executed"]).map(|c| (r, c)))
    else {
        let _ = writeln!(
            out,
            "\n# 原表没有项目资金：请填写\n# [[funds]]\n# source = \"年度资金总额\""
        );
        return;
    };
    let first_amount = cols.iter().map(|&(_, c)| c).min().unwrap_or(0);
    let mut first = true;
    for row in &grid.rows[r0 + 1..indicator_header] {
        let label = row[..first_amount.min(row.len())]
            .iter()
            .rev()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or("");
        let amounts: Vec<(&str, Option<String>)> = ["initial", "adjusted", "executed"]
            .iter()
            .map(|k| (*k, number(&cell(row, col(&cols, k)))))
            .collect();
        let is_source = !label.is_empty() && !label.contains("目标") && !label.contains("预算执行");
        if !is_source {
            if amounts.iter().all(|(_, v)| v.is_none()) {
                break;
            }
            continue;
        }
        if first {
            let weight = number(&cell(row, col(&cols, "weight")));
            let score = number(&cell(row, col(&cols, "score")));
            if weight.is_some() || score.is_some() {
                let _ = writeln!(out, "\n[execution]");
                if let Some(w) = weight {
                    let _ = writeln!(out, "weight = {w}");
                }
                if let Some(s) = score {
                    let _ = writeln!(out, "score = {s}                  # 原表印出的得分");
                }
            }
        }
        let source = label.trim_end_matches([':', '：']);
        let _ = writeln!(out, "\n[[funds]]\nsource = {}", quoted(source));
        for (k, v) in amounts {
            if let Some(v) = v {
                let _ = writeln!(out, "{k} = {v}");
            }
        }
        first = false;
    }
}

fn indicators(out: &mut String, grid: &Grid, header: usize, cols: &[(&'static str, usize)]) {
    let (mut level1, mut level2) = (String::new(), String::new());
    for row in &grid.rows[header + 1..] {
        let first = row
            .iter()
            .map(|s| fold(s))
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        if row.iter().all(|s| s.trim().is_empty()) || CLOSING.contains(&first.as_str()) {
            break;
        }
        let text = |k: &str| cell(row, col(cols, k));
        // Merged 一级/二级 cells read as empty below their first row.
        if !text("level1").is_empty() {
            level1 = text("level1");
            level2.clear();
        }
        if !text("level2").is_empty() {
            level2 = text("level2");
        }
        let name = text("name");
        if name.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n[[indicators]]\nlevel1 = {}", quoted(&level1));
        if !level2.is_empty() {
            let _ = writeln!(out, "level2 = {}", quoted(&level2));
        }
        let _ = writeln!(out, "name = {}", quoted(&name));
        let _ = writeln!(
            out,
            "target = {}",
            quoted(&target_text(&text("op"), &text("target"), &text("unit")))
        );
        if !text("unit").is_empty() && col(cols, "op").is_none() {
            let _ = writeln!(out, "unit = {}", quoted(&text("unit")));
        }
        if let Some(w) = number(&text("weight")) {
            let _ = writeln!(out, "weight = {w}");
        }
        let actual = text("actual");
        if !actual.is_empty() {
            // A bare number with its unit printed apart (`50` | `个`) keeps the unit.
            let with_unit = if number(&actual).is_some() && col(cols, "op").is_some() {
                format!("{actual}{}", text("unit"))
            } else {
                actual
            };
            let _ = writeln!(out, "actual = {}", quoted(&with_unit));
        }
        if let Some(s) = number(&text("score")) {
            let _ = writeln!(out, "score = {s}                  # 原表印出的得分");
        }
        if !text("reason").is_empty() {
            let _ = writeln!(out, "reason = {}", quoted(&text("reason")));
        }
    }
}

/// The 目标值 from the 一体化 parts (计算符号 / 指标值 / 计量单位), printed joined as the
/// systems print them (`≥` + `95` + `%`); 计算符号 6 or 定性 is a qualitative target.
fn target_text(op: &str, value: &str, unit: &str) -> String {
    let op = op.trim();
    if op.is_empty() || op == "6" || op == "定性" || crate::target::Op::from_spelling(op).is_none()
    {
        return value.to_owned();
    }
    let value = value.trim();
    if crate::target::Op::from_spelling(&value.chars().take(1).collect::<String>()).is_some() {
        return value.to_owned();
    }
    let unit = if value.ends_with(unit.trim()) {
        ""
    } else {
        unit.trim()
    };
    format!("{op}{value}{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_fold_their_annotations() {
        assert_eq!(fold("年度指标值(A)"), "年度指标值");
        assert_eq!(fold(" 得 分 "), "得分");
        assert_eq!(fold("其中：财政拨款"), "其中:财政拨款");
    }

    #[test]
    fn targets_from_the_flat_template_parts() {
        assert_eq!(target_text("≥", "95", "%"), "≥95%");
        assert_eq!(target_text("6", "效果明显", ""), "效果明显");
        assert_eq!(target_text("≤", "≤90万元", "万元"), "≤90万元");
        assert_eq!(target_text("", "≥50个", "个"), "≥50个");
    }

    #[test]
    fn year_from_the_title() {
        assert_eq!(year_in("项目支出绩效自评表(2022年度)"), Some(2022));
        assert_eq!(year_in("项目支出绩效自评表"), None);
    }
}
