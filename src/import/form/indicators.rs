//! The 年度绩效指标 block of the department form: the header (with a second header row or
//! a 目标值 merged over several columns), then one indicator per row, read by column, or in
//! content order when the row does not line up with its header.

use crate::diag::Code;
use crate::spec::write::IndicatorOut;
use crate::taxonomy;

use super::super::columns::{self, Col};
use super::super::grid::column_name;
use super::fixups::{lost_percent, time_serial};
use super::labels::{is_footer, key};
use super::{Cx, clean, header_columns, row_blank, short, tokens};

#[allow(clippy::too_many_lines)]
pub(super) fn read_indicators(cx: &mut Cx<'_>, header: usize) {
    let (g, v) = (cx.g, cx.vocab);
    let mut cols = header_columns(g, header, 0, |t| {
        if key(t).is_empty() {
            None
        } else {
            Some(v.column(t).unwrap_or(Col::Ignored))
        }
    });
    // Drop the block label and anything else left of 一级指标: that is the label column.
    let l1col = cols
        .iter()
        .find(|&&(_, k)| k == Col::Level1)
        .map_or(0, |&(c, _)| c);
    cols.retain(|&(c, _)| c >= l1col);
    for c in 0..g.rows[header].len() {
        cx.used.insert((header, c));
    }
    // A second header row (e.g. 指标性质 | 指标值 | 度量单位 under a merged 年度指标值).
    let mut data_start = header + 1;
    // Columns whose cells together are the one 目标值 of the form, in column order.
    let mut target_parts: Vec<usize> = Vec::new();
    if data_start < g.height() {
        let sub = header_columns(g, data_start, l1col, |t| {
            v.column(t).filter(|&k| k != Col::Ignored)
        });
        if sub.len() >= 2
            && !g.rows[data_start]
                .iter()
                .any(|t| taxonomy::level1(t).is_some())
        {
            for &(c, k) in &sub {
                cols.retain(|&(cc, _)| cc != c);
                cols.push((c, k));
                cx.used.insert((data_start, c));
                // Operator, value and unit under a merged 目标值 are parts of one target.
                let under_target = g.merge_at(header, c).is_some_and(|m| {
                    m.c1 > m.c0
                        && v.column(g.get(m.r0 as usize, m.c0 as usize)) == Some(Col::Target)
                });
                if under_target && matches!(k, Col::Op | Col::Target | Col::Unit) {
                    target_parts.push(c);
                }
            }
            // The merged parent header no longer stands for a field of its own.
            cols.sort_by_key(|&(c, _)| c);
            let mut dedup: Vec<(usize, Col)> = Vec::new();
            for (c, k) in cols {
                if let Some(m) = g.merge_at(header, c)
                    && sub
                        .iter()
                        .any(|&(sc, _)| sc >= m.c0 as usize && sc <= m.c1 as usize)
                    && !sub.iter().any(|&(sc, _)| sc == c)
                {
                    continue;
                }
                dedup.push((c, k));
            }
            cols = dedup;
            data_start += 1;
        }
    }
    let col_of = |kind: Col| cols.iter().find(|&&(_, k)| k == kind).map(|&(c, _)| c);
    let l2col = col_of(Col::Level2);
    let name_col = col_of(Col::Name);
    let target_col = col_of(Col::Target);
    // 目标值 merged over several columns with no labels under it: `≥` | `300.00册`, or
    // `300.00` | `册`.
    if target_parts.is_empty()
        && let Some(tc) = target_col
        && g.merge_at(header, tc)
            .is_some_and(|m| m.r0 as usize == header)
    {
        let end = g.span_end(header, tc);
        if end > tc {
            target_parts = (tc..=end).collect();
        }
    }
    target_parts.sort_unstable();
    let joined_target = target_parts.len() > 1;
    let last = cols.last().map_or(l1col, |&(c, _)| c);
    let last_end = g.span_end(header, last);
    for &(c, k) in &cols {
        if k == Col::Ignored {
            cx.diag(
                Code::ImportIgnoredColumn,
                header,
                c,
                format!(
                    "“{}”列（{} 列）在规格中没有对应字段，未导入",
                    g.get(header, c).trim(),
                    column_name(c)
                ),
                Some("如需保留，可在导入后写入 note（备注）"),
            );
        }
    }
    // Fields after 三级指标, in column order: what a shifted row's cells are read into.
    let after_name: Vec<Col> = cols
        .iter()
        .filter(|&&(c, k)| {
            !matches!(k, Col::Level1 | Col::Level2 | Col::Name) && name_col.is_none_or(|n| c > n)
        })
        .map(|&(_, k)| k)
        .collect();

    let mut prev_l1: Option<String> = None;
    let mut prev_l2: Option<String> = None;
    for r in data_start..g.height() {
        if row_blank(g, r) || g.is_hidden(r) {
            continue;
        }
        let toks = tokens(g, v, r);
        if let Some((_, t)) = toks.first()
            && is_footer(t)
        {
            // Notes and the signature line end the form: nothing below is an indicator.
            super::footer::read_footer(cx, r);
            break;
        }
        if let Some((c, t)) = toks.first()
            && g.get(r, *c) == t
            && v.column(t) == Some(Col::Level1)
        {
            break;
        }
        if toks.is_empty() {
            for c in 0..g.rows[r].len() {
                cx.used.insert((r, c));
            }
            continue;
        }
        let own = |c: Option<usize>| c.map_or("", |c| g.get(r, c).trim());
        // Is the row where its header says?
        let l2_own = own(l2col);
        let target_empty = target_col.is_none_or(|c| g.filled(r, c).0.trim().is_empty());
        let shifted_l2 = !l2_own.is_empty() && taxonomy::level2(l2_own).is_none() && target_empty;
        let l1_own = own(Some(l1col));
        let shifted_l1 = !l1_own.is_empty()
            && taxonomy::level1(l1_own).is_none()
            && taxonomy::level2(l1_own).is_some();
        if g.positional
            && own(name_col).is_empty()
            && target_empty
            && toks
                .iter()
                .all(|(_, t)| taxonomy::level1(t).is_some() || taxonomy::level2(t).is_some())
        {
            // An empty 二级 row (经济效益指标 with nothing under it): the form's placeholder,
            // not an indicator.
            if let Some(v) = clean(g.filled(r, l1col).0) {
                prev_l1 = Some(v);
            }
            if let Some(v) = l2col.and_then(|c| clean(g.filled(r, c).0)) {
                prev_l2 = Some(v);
            }
            for c in 0..g.rows[r].len() {
                cx.used.insert((r, c));
            }
            continue;
        }
        let stray = !g.positional && toks.iter().any(|&(c, _)| c < l1col || c > last_end);
        let sequential = shifted_l2 || shifted_l1 || stray || own(name_col).is_empty();
        let n = cx.out.spec.indicators.len() + 1;
        let mut ind = IndicatorOut::default();
        let mut op: Option<String> = None;

        // 一级 from the row, its merged region, or the rows above.
        let (l1_text, l1r, l1c) = g.filled(r, l1col);
        let l1_here = !l1_text.trim().is_empty() && l1r == r;
        if sequential {
            let mut i = 0;
            let mut l1_from_row = false;
            if let Some((c, t)) = toks.get(i)
                && taxonomy::level1(t).is_some()
            {
                ind.level1 = Some(t.clone());
                cx.take(format!("indicators[{n}].level1"), r, *c);
                l1_from_row = true;
                i += 1;
            } else if let Some(v) = clean(l1_text) {
                ind.level1 = Some(v);
                cx.take(format!("indicators[{n}].level1"), l1r, l1c);
            } else {
                ind.level1.clone_from(&prev_l1);
            }
            if let Some((c, t)) = toks.get(i)
                && taxonomy::level2(t).is_some()
                && toks.len() > i + 1
            {
                ind.level2 = Some(t.clone());
                cx.take(format!("indicators[{n}].level2"), r, *c);
                i += 1;
            } else if !l1_from_row && !g.positional {
                ind.level2.clone_from(&prev_l2);
            }
            if let Some((c, t)) = toks.get(i) {
                ind.name = Some(t.clone());
                cx.take(format!("indicators[{n}].name"), r, *c);
                i += 1;
            }
            let rest = &toks[i.min(toks.len())..];
            if rest.len() != after_name.len() {
                let (c, _) = toks[0];
                cx.diag(
                    Code::ImportMisaligned,
                    r,
                    c,
                    format!(
                        "第 {} 行与表头对不齐（三级指标后有 {} 格，表头有 {} 列），已按顺序读取",
                        r + 1,
                        rest.len(),
                        after_name.len()
                    ),
                    Some("请在导入后的规格中核对这一行各字段"),
                );
            }
            for (kind, (c, v)) in after_name.iter().zip(rest.iter()) {
                assign(cx, &mut ind, &mut op, *kind, v.clone(), n, r, *c);
            }
        } else {
            if let Some(v) = clean(l1_text) {
                ind.level1 = Some(v);
                cx.take(format!("indicators[{n}].level1"), l1r, l1c);
            } else {
                ind.level1.clone_from(&prev_l1);
            }
            if let Some(l2c) = l2col {
                let (t, tr, tc) = g.filled(r, l2c);
                if tc != l2c && tc <= l1col {
                    // 一级 merged across the 二级 column: this row has no 二级.
                } else if let Some(v) = clean(t) {
                    ind.level2 = Some(v);
                    cx.take(format!("indicators[{n}].level2"), tr, tc);
                } else if !l1_here {
                    ind.level2.clone_from(&prev_l2);
                }
            }
            if joined_target {
                let parts: Vec<(usize, &str)> = target_parts
                    .iter()
                    .map(|&c| (c, g.get(r, c).trim()))
                    .filter(|(_, t)| !t.is_empty())
                    .collect();
                for &c in &target_parts {
                    cx.used.insert((r, c));
                }
                if let Some(&(c0, _)) = parts.first() {
                    let text: String = parts.iter().map(|&(_, t)| t).collect();
                    assign(cx, &mut ind, &mut op, Col::Target, text, n, r, c0);
                    for &(c, _) in &parts[1..] {
                        cx.take(format!("indicators[{n}].target"), r, c);
                    }
                }
            }
            for &(c, kind) in &cols {
                if matches!(kind, Col::Level1 | Col::Level2)
                    || (joined_target && target_parts.contains(&c))
                {
                    continue;
                }
                let t = g.get(r, c).trim();
                if t.is_empty() {
                    cx.used.insert((r, c));
                    continue;
                }
                assign(cx, &mut ind, &mut op, kind, t.to_owned(), n, r, c);
            }
        }
        // Mark the rest of the row as read (label column, merged leftovers).
        for c in 0..g.rows[r].len() {
            if g.get(r, c).trim().is_empty() || v.is_block(g.get(r, c)) {
                cx.used.insert((r, c));
            }
        }
        columns::finish_target(&mut ind, op);
        if ind.name.is_none() {
            let (c, t) = &toks[0];
            cx.diag(
                Code::ImportUnrecognized,
                r,
                *c,
                format!(
                    "指标区第 {} 行没有三级指标名称，未导入：“{}”",
                    r + 1,
                    short(t)
                ),
                Some("若这是说明文字，可忽略；若是指标，请补上三级指标名称后重新导入"),
            );
            continue;
        }
        time_serial(cx, &mut ind, r, target_col.unwrap_or(0));
        lost_percent(cx, &ind, r, target_col.unwrap_or(0));
        prev_l1.clone_from(&ind.level1);
        prev_l2.clone_from(&ind.level2);
        cx.out.spec.indicators.push(ind);
    }
}

#[allow(clippy::too_many_arguments)]
fn assign(
    cx: &mut Cx<'_>,
    ind: &mut IndicatorOut,
    op: &mut Option<String>,
    kind: Col,
    value: String,
    n: usize,
    r: usize,
    c: usize,
) {
    cx.used.insert((r, c));
    if let Some(field) = columns::put(ind, op, kind, value) {
        cx.take(format!("indicators[{n}].{field}"), r, c);
    }
}
