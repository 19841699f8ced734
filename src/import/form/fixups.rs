//! Fix-ups after reading: Excel date serials and lost percent formats in targets, hidden
//! rows, the layout the sheet shows, and one warning for the cells nobody read.

use crate::diag::Code;
use crate::spec::write::IndicatorOut;
use crate::taxonomy;

use super::super::columns::Col;
use super::super::grid::column_name;
use super::{Cx, short};

/// A bare Excel date serial (`44561`) as the target of a 时效 indicator becomes a date.
pub(super) fn time_serial(cx: &mut Cx<'_>, ind: &mut IndicatorOut, r: usize, c: usize) {
    let is_time = ind
        .level2
        .as_deref()
        .is_some_and(|l2| taxonomy::normalize(l2) == "时效");
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    let digits: String = t.chars().filter(|&ch| ch != ',').collect();
    if !is_time || digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let Ok(serial) = digits.parse::<i64>() else {
        return;
    };
    if !(36_526..=73_050).contains(&serial) {
        return;
    }
    let date = super::super::excel::serial_to_date_text(serial, true);
    cx.diag(
        Code::ImportConverted,
        r,
        c,
        format!("时效指标目标值 {t} 是 Excel 日期序号，已转换为 {date}"),
        Some("请核对日期"),
    );
    ind.target = Some(date);
}

/// `0.95` where the sheet showed `95%`: .xls files do not expose number formats.
pub(super) fn lost_percent(cx: &mut Cx<'_>, ind: &IndicatorOut, r: usize, c: usize) {
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    let body = t.trim_start_matches(['≥', '≤', '>', '<', '=', '＝', '﹦']);
    let fraction = body.strip_prefix("0.").is_some_and(|d| {
        !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && d.bytes().any(|b| b != b'0')
    });
    if fraction
        && ind
            .unit
            .as_deref()
            .is_none_or(|u| u.trim().is_empty() || u.contains('%'))
    {
        cx.diag(
            Code::ImportConverted,
            r,
            c,
            format!("目标值“{t}”可能是丢失了百分比格式的数字（如 0.95 应为 95%）"),
            Some("原表若显示为百分比，请在规格中改写；.xls 文件读不到数字格式，建议另存为 .xlsx 再导入"),
        );
    }
}

/// Hidden rows are not part of the form: their cells are skipped, with one warning.
pub(super) fn skip_hidden(cx: &mut Cx<'_>) {
    let g = cx.g;
    if g.hidden.is_empty() {
        return;
    }
    for &r in &g.hidden {
        for c in 0..g.rows[r].len() {
            cx.used.insert((r, c));
        }
    }
    cx.out.diagnostics.extend(super::super::hidden::skipped(g));
}

/// The department layout the sheet shows (domain.md §2.1): Hubei when it has the 收入构成 /
/// 支出构成 blocks; Hunan when it has no money at all but carries 部门(单位)职责 or a
/// 指标值类型 column.
pub(super) fn set_layout(cx: &mut Cx<'_>, ind_header: Option<usize>) {
    let s = &cx.out.spec;
    let no_money = s.total.is_none() && s.project.is_none() && s.basic.is_none();
    let value_types = ind_header.is_some_and(|h| {
        cx.g.rows[h]
            .iter()
            .any(|t| cx.vocab.column(t) == Some(Col::ValueType))
    });
    if s.income.is_some() || s.expenditure.is_some() {
        cx.out.spec.layout = Some("湖北".to_owned());
    } else if no_money && s.duties.is_empty() && (s.responsibilities.is_some() || value_types) {
        cx.out.spec.layout = Some("湖南".to_owned());
    }
}

pub(super) fn report_unused(cx: &mut Cx<'_>) {
    let g = cx.g;
    let mut found = Vec::new();
    for r in 0..g.height() {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c).trim();
            // A section label written again down its block (a workbook's page breaks)
            // is a label, not content.
            if !t.is_empty() && !cx.used.contains(&(r, c)) && !cx.vocab.is_block(t) {
                found.push((r, c, t.to_owned()));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    cx.out.unused = found
        .iter()
        .map(|(r, c, t)| (column_ref(*r, *c), t.clone()))
        .collect();
    // One warning listing the cells, not one per cell; the first cell locates it.
    let shown: Vec<String> = found
        .iter()
        .take(12)
        .map(|(r, c, t)| format!("{}“{}”", column_ref(*r, *c), short(t)))
        .collect();
    let more = if found.len() > 12 {
        format!(" 等 {} 格", found.len())
    } else {
        String::new()
    };
    let (r, c, _) = found[0];
    cx.diag(
        Code::ImportUnrecognized,
        r,
        c,
        format!("未导入的内容：{}{more}", shown.join("、")),
        Some(super::super::extracted::UNUSED_HINT),
    );
}

/// `C7`: a cell's name within its sheet.
fn column_ref(r: usize, c: usize) -> String {
    format!("{}{}", column_name(c), r + 1)
}
