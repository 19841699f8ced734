//! The Hubei layout's 部门总体资金情况 block: 收入构成 (财政拨款, 其他资金, 合计) and 支出构成
//! (基本支出, 项目支出, 合计), each amount beside its item with a 占比 the form derives. The
//! labels are those of the field tables `[income]` and `[expenditure]`.

use crate::forms::department::fields::hubei;
use crate::spec::fields::Section;

use super::Cx;
use super::labels::key;

/// Column headers and the section label of the block: part of the form, no value.
const HEADERS: &[&str] = &[
    "部门总体资金情况",
    "部门资金情况",
    "构成",
    "项目",
    "当年金额",
    "金额",
    "占比",
];

/// Reads both blocks from the head rows (`0..head_end`); the cells read are marked used,
/// so the head reader does not take 项目支出 or 基本支出 for the Fujian budget.
pub(super) fn read_funding(cx: &mut Cx<'_>, head_end: usize) {
    let g = cx.g;
    let mut found = false;
    for r in (0..head_end).filter(|&r| !g.is_hidden(r)) {
        for c in 0..g.rows[r].len() {
            let k = key(g.get(r, c));
            let Some(section) = [hubei("income"), hubei("expenditure")]
                .into_iter()
                .find(|s| key(s.label) == k)
            else {
                continue;
            };
            found = true;
            cx.used.insert((r, c));
            // The block label is merged down its item rows.
            let last_row = g
                .merge_at(r, c)
                .map_or(r, |m| m.r1 as usize)
                .min(head_end.saturating_sub(1));
            let mut values: [Option<String>; 3] = Default::default();
            for rr in r..=last_row {
                read_item(cx, section, rr, g.span_end(r, c) + 1, &mut values);
            }
            let slot = if section.key == "income" {
                &mut cx.out.spec.income
            } else {
                &mut cx.out.spec.expenditure
            };
            if slot.is_none() {
                *slot = Some(values);
            }
        }
    }
    if !found {
        return;
    }
    for r in 0..head_end {
        for c in 0..g.rows[r].len() {
            if HEADERS.contains(&key(g.get(r, c)).as_str()) {
                cx.used.insert((r, c));
            }
        }
    }
}

/// One item row of a block: its label, then its amount, then the 占比 (derived, skipped).
fn read_item(
    cx: &mut Cx<'_>,
    section: &Section,
    r: usize,
    from: usize,
    values: &mut [Option<String>; 3],
) {
    let g = cx.g;
    let Some(lc) = (from..g.rows[r].len()).find(|&c| !g.get(r, c).trim().is_empty()) else {
        return;
    };
    let item = key(g.get(r, lc));
    let Some(i) = section.fields.iter().position(|f| key(f.label) == item) else {
        return;
    };
    cx.used.insert((r, lc));
    let mut cells =
        (g.span_end(r, lc) + 1..g.rows[r].len()).filter(|&c| !g.get(r, c).trim().is_empty());
    if let Some(vc) = cells.next()
        && let Some(slot) = values.get_mut(i)
        && slot.is_none()
    {
        *slot = Some(g.get(r, vc).trim().to_owned());
        cx.take(format!("{}.{}", section.key, section.fields[i].key), r, vc);
    }
    // 占比: computed by the form from the amounts.
    if let Some(pc) = cells.next()
        && g.get(r, pc).trim().ends_with('%')
    {
        cx.used.insert((r, pc));
    }
}
