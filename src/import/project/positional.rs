//! Spreadsheets, read by position: label/value pairs to the right of (or below) their
//! labels, and the indicator rows under the column header, long-term and annual sets side
//! by side in the 88号 layout.

use super::super::columns::Col;
use super::super::words::norm;
use super::labels::Slot;
use super::{Cx, push_indicator};

pub(super) fn positional(cx: &mut Cx<'_>, start: usize) {
    let vocab = cx.vocab;
    let g = cx.g;
    let header = (start..g.height()).find(|&r| {
        let cols: Vec<Col> = g.rows[r]
            .iter()
            .filter_map(|t| vocab.column(t))
            .map(|(c, _)| c)
            .collect();
        cols.contains(&Col::Level1) && (cols.contains(&Col::Name) || cols.contains(&Col::Level2))
    });
    let head_end = header.unwrap_or(g.height());
    pairs_by_position(cx, start, head_end);
    let Some(h) = header else { return };
    let mut cols = block_columns(cx, h);
    let mut prev_l1: Option<(String, usize, usize)> = None;
    let mut prev_l2: Option<(String, usize, usize)> = None;
    let mut prev_long_l2: Option<(String, usize, usize)> = None;
    let mut end = g.height();
    for r in h + 1..g.height() {
        if g.is_hidden(r) {
            for c in 0..g.rows[r].len() {
                cx.used.insert((r, c));
            }
            continue;
        }
        let first = g.rows[r].iter().position(|t| !t.trim().is_empty());
        let Some(fc) = first else { continue };
        if vocab.ends_block(g.get(r, fc)) {
            end = r;
            break;
        }
        // A second indicator block under its own header (jixiao's own workbook prints
        // 中期绩效指标 and 年度绩效指标 one above the other).
        if g.rows[r]
            .iter()
            .any(|t| vocab.column(t).map(|(c, _)| c) == Some(Col::Level1))
        {
            cols = block_columns(cx, r);
            prev_l1 = None;
            prev_l2 = None;
            prev_long_l2 = None;
            continue;
        }
        let cell = |c: usize| {
            let (t, tr, tc) = g.filled(r, c);
            (t.trim().to_owned(), tr, tc)
        };
        let mut l1 = None;
        let mut sets: [Vec<(Col, String, usize, usize)>; 2] = [Vec::new(), Vec::new()];
        for &(c, kind, long) in &cols {
            let (t, tr, tc) = cell(c);
            if kind == Col::Level1 {
                if !t.is_empty() {
                    l1 = Some((t, tr, tc));
                }
                continue;
            }
            if t.is_empty() {
                cx.used.insert((r, c));
                continue;
            }
            sets[usize::from(long)].push((kind, t, tr, tc));
        }
        for c in 0..g.rows[r].len() {
            if g.get(r, c).trim().is_empty() {
                cx.used.insert((r, c));
            }
        }
        if l1.is_some() {
            if l1.as_ref().map(|l| &l.0) != prev_l1.as_ref().map(|l| &l.0) {
                prev_l2 = None;
                prev_long_l2 = None;
            }
            prev_l1.clone_from(&l1);
        }
        let [annual, long] = sets;
        // The long-term set beside the annual one: its own 二级 run; a 二级 with nothing
        // after it is the form's empty placeholder.
        let long_l2 = long
            .iter()
            .find(|(k, ..)| *k == Col::Level2)
            .map(|(_, t, tr, tc)| (t.clone(), *tr, *tc))
            .or_else(|| prev_long_l2.clone());
        if long.iter().any(|(k, ..)| *k == Col::Level2) {
            prev_long_l2.clone_from(&long_l2);
        }
        for (_, _, tr, tc) in &long {
            cx.used.insert((*tr, *tc));
        }
        let long_fields: Vec<(Col, String, usize, usize)> = long
            .into_iter()
            .filter(|(k, ..)| *k != Col::Level2)
            .collect();
        push_indicator(cx, prev_l1.clone(), long_l2, &long_fields, r, true);
        let l2 = annual
            .iter()
            .find(|(k, ..)| *k == Col::Level2)
            .map(|(_, t, tr, tc)| (t.clone(), *tr, *tc))
            .or_else(|| prev_l2.clone());
        if annual.iter().any(|(k, ..)| *k == Col::Level2) {
            prev_l2.clone_from(&l2);
        }
        for (_, _, tr, tc) in &annual {
            cx.used.insert((*tr, *tc));
        }
        let fields: Vec<(Col, String, usize, usize)> = annual
            .into_iter()
            .filter(|(k, ..)| *k != Col::Level2)
            .collect();
        push_indicator(cx, prev_l1.clone(), l2, &fields, r, false);
    }
    pairs_by_position(cx, end, g.height());
}

/// The indicator columns of a header row, `(column, kind, long-term)`; every column is
/// long-term when the block's section label says 中期/长期/实施期 (a block of its own).
fn block_columns(cx: &mut Cx<'_>, h: usize) -> Vec<(usize, Col, bool)> {
    let vocab = cx.vocab;
    let g = cx.g;
    let long_block = (0..g.rows[h].len()).any(|c| {
        let k = super::super::words::key(g.filled(h, c).0);
        ["中期绩效指标", "长期绩效指标", "实施期绩效指标"].contains(&k.as_str())
    });
    for c in 0..g.rows[h].len() {
        cx.used.insert((h, c));
    }
    (0..g.rows[h].len())
        .filter_map(|c| {
            vocab
                .column(g.get(h, c))
                .map(|(k, long)| (c, k, long || long_block))
        })
        .collect()
}

/// Label/value pairs by position: a value to the right of its label, or below it when the
/// label stands in a row of labels (中期目标 | 年度目标 over their texts).
pub(super) fn pairs_by_position(cx: &mut Cx<'_>, from: usize, to: usize) {
    let vocab = cx.vocab;
    let g = cx.g;
    for r in (from..to).filter(|&r| !g.is_hidden(r)) {
        let row_labels: Vec<usize> = (0..g.rows[r].len())
            .filter(|&c| !g.get(r, c).trim().is_empty())
            .collect();
        let all_labels = row_labels.len() >= 2
            && row_labels
                .iter()
                .all(|&c| vocab.is_label(g.get(r, c)) || vocab.split_fused(g.get(r, c)).is_some());
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            if t.trim().is_empty() || cx.used.contains(&(r, c)) && vocab.slot_of(t).is_none() {
                continue;
            }
            let n = norm(t);
            if n.starts_with("填报单位") || n.starts_with("单位:") {
                if n.contains("单位:万元") {
                    cx.wan = true;
                }
                cx.used.insert((r, c));
                continue;
            }
            let Some(slot) = vocab.slot_of(t) else {
                if let Some(pairs) = vocab.split_fused(t) {
                    cx.used.insert((r, c));
                    for (slot, v) in pairs {
                        cx.assign(slot, &v, r, c);
                    }
                }
                continue;
            };
            cx.used.insert((r, c));
            if slot == Slot::Block {
                continue;
            }
            let mut found = None;
            for cc in g.span_end(r, c) + 1..g.rows[r].len() {
                let v = g.get(r, cc);
                if v.trim().is_empty() {
                    continue;
                }
                if !vocab.is_label(v) && vocab.split_fused(v).is_none() {
                    found = Some((r, cc));
                }
                break;
            }
            if found.is_none() && all_labels {
                let below = g.merge_at(r, c).map_or(r + 1, |m| m.r1 as usize + 1);
                let v = g.get(below, c);
                if below < to && !v.trim().is_empty() && !vocab.is_label(v) {
                    found = Some((below, c));
                }
            }
            if let Some((vr, vc)) = found {
                let v = g.get(vr, vc).to_owned();
                cx.assign(slot, &v, vr, vc);
                cx.used.insert((vr, vc));
            }
        }
    }
}
