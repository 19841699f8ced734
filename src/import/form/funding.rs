//! The Hubei layout's 部门总体资金情况 block: 收入构成 (财政拨款, 其他资金, 合计) and 支出构成
//! (基本支出, 项目支出, 合计), each amount beside its item with a 占比 the form derives.

use super::Cx;
use super::labels::key;

/// The items of each block, in `[income]` / `[expenditure]` order.
const BLOCKS: &[(&str, [&str; 3])] = &[
    ("收入构成", ["财政拨款", "其他资金", "合计"]),
    ("支出构成", ["基本支出", "项目支出", "合计"]),
];

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
            let Some(block) = BLOCKS.iter().position(|(label, _)| *label == k) else {
                continue;
            };
            found = true;
            cx.used.insert((r, c));
            let last_row = g.merge_at(r, c).map_or(r, |m| m.r1 as usize);
            let mut values: [Option<String>; 3] = Default::default();
            for rr in r..=last_row.min(head_end.saturating_sub(1)) {
                read_item(cx, block, rr, g.span_end(r, c) + 1, &mut values);
            }
            let section = if block == 0 {
                &mut cx.out.spec.income
            } else {
                &mut cx.out.spec.expenditure
            };
            if section.is_none() {
                *section = Some(values);
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
    block: usize,
    r: usize,
    from: usize,
    values: &mut [Option<String>; 3],
) {
    let g = cx.g;
    let (name, items) = BLOCKS[block];
    let Some(lc) = (from..g.rows[r].len()).find(|&c| !g.get(r, c).trim().is_empty()) else {
        return;
    };
    let Some(i) = items.iter().position(|it| *it == key(g.get(r, lc))) else {
        return;
    };
    cx.used.insert((r, lc));
    let mut cells =
        (g.span_end(r, lc) + 1..g.rows[r].len()).filter(|&c| !g.get(r, c).trim().is_empty());
    if let Some(vc) = cells.next() {
        let section = if name == "收入构成" {
            "income"
        } else {
            "expenditure"
        };
        let field = match (block, i) {
            (0, 0) => "fiscal",
            (0, 1) => "other",
            (1, 0) => "basic",
            (1, 1) => "project",
            _ => "total",
        };
        if values[i].is_none() {
            values[i] = Some(g.get(r, vc).trim().to_owned());
            cx.take(format!("{section}.{field}"), r, vc);
        }
    }
    // 占比: computed by the form from the amounts.
    if let Some(pc) = cells.next()
        && g.get(r, pc).trim().ends_with('%')
    {
        cx.used.insert((r, pc));
    }
}
