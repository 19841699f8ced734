//! Text dumps, read in content order: merged cells are lost, so label/value pairs are
//! read as a queue and indicator rows are cut at 一级 names and split at 二级 names.

use crate::diag::Code;
use crate::taxonomy;

use super::super::columns::Col;
use super::super::words::norm;
use super::labels::Slot;
use super::{Cx, Tok, push_indicator};

pub(super) fn stream(cx: &mut Cx<'_>, start: usize) {
    let vocab = cx.vocab;
    let g = cx.g;
    let mut toks: Vec<Tok> = Vec::new();
    for r in start..g.height() {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            if t.is_empty() {
                continue;
            }
            if cx.used.contains(&(r, c)) && !vocab.is_label(t) {
                continue;
            }
            toks.push(Tok {
                text: t.trim().to_owned(),
                r,
                c,
                empty: t.trim().is_empty(),
            });
        }
    }
    // A label broken over two cells (主管部门 / 及编码).
    let mut i = 0;
    while i + 1 < toks.len() {
        let joined = format!("{}{}", toks[i].text, toks[i + 1].text);
        if !toks[i + 1].empty
            && vocab.slot_of(&joined).is_some()
            && vocab.slot_of(&toks[i + 1].text).is_none()
        {
            cx.used.insert((toks[i + 1].r, toks[i + 1].c));
            toks[i].text = joined;
            toks.remove(i + 1);
        }
        i += 1;
    }
    let header = toks
        .iter()
        .position(|t| vocab.column(&t.text).is_some_and(|(k, _)| k == Col::Level1));
    let head_end = header.unwrap_or(toks.len());
    pairs_in_order(cx, &toks[..head_end]);
    let Some(h) = header else { return };
    let mut cols: Vec<(Col, bool)> = Vec::new();
    let mut j = h;
    let header_row = toks[h].r;
    while j < toks.len() && !toks[j].empty {
        match vocab.column(&toks[j].text) {
            Some(col) => {
                cols.push(col);
                cx.used.insert((toks[j].r, toks[j].c));
                j += 1;
            }
            None => break,
        }
    }
    let one_row = toks[h..j].iter().all(|t| t.r == header_row);
    let body: Vec<&Tok> = toks[j..].iter().collect();
    let end = body
        .iter()
        .position(|t| !t.empty && vocab.ends_block(&t.text))
        .unwrap_or(body.len());
    let data: Vec<&Tok> = body[..end].iter().copied().filter(|t| !t.empty).collect();
    for t in body[..end].iter().filter(|t| t.empty) {
        cx.used.insert((t.r, t.c));
    }
    // Records: rows when the dump kept them, otherwise runs starting at a 一级指标.
    let mut records: Vec<Vec<&Tok>> = Vec::new();
    for (i, t) in data.iter().copied().enumerate() {
        let starts = if one_row {
            records.last().is_none_or(|rec| rec[0].r != t.r)
        } else {
            // A 一级 name starts a row, unless it directly follows the row's 一级 or a 二级
            // (成本指标 and 满意度 are also 二级 names).
            is_level1_name(&t.text)
                && records.last().is_none_or(|rec| rec.len() >= 2)
                && (i == 0 || taxonomy::level2(&data[i - 1].text).is_none())
        };
        if starts || records.is_empty() {
            records.push(Vec::new());
        }
        if let Some(rec) = records.last_mut() {
            rec.push(t);
        }
    }
    let set_cols = |long: bool| -> Vec<Col> {
        cols.iter()
            .filter(|(k, l)| *l == long && !matches!(k, Col::Level1 | Col::Level2))
            .map(|(k, _)| *k)
            .collect()
    };
    let annual_cols = set_cols(false);
    let long_cols = set_cols(true);
    let has_long = cols.iter().any(|&(_, l)| l);
    let mut prev_l1: Option<(String, usize, usize)> = None;
    let mut prev_l2: Option<(String, usize, usize)> = None;
    let mut prev_long_l2: Option<(String, usize, usize)> = None;
    for rec in records {
        let mut k = 0;
        if let Some(t) = rec.first()
            && taxonomy::level1(&t.text).is_some()
            // 成本指标 alone on a row is an empty 二级 placeholder, not a 一级.
            && (taxonomy::level2(&t.text).is_none()
                || (!one_row && is_level1_name(&t.text))
                || rec
                    .get(1)
                    .is_some_and(|n| taxonomy::level2(&n.text).is_some()))
        {
            if prev_l1.as_ref().is_none_or(|p| p.0 != t.text) {
                prev_l2 = None;
                prev_long_l2 = None;
            }
            prev_l1 = Some((t.text.clone(), t.r, t.c));
            cx.used.insert((t.r, t.c));
            k = 1;
        }
        // Sets: each starts at a 二级 name.
        let mut sets: Vec<(Option<&Tok>, Vec<&Tok>)> = Vec::new();
        for t in &rec[k..] {
            if taxonomy::level2(&t.text).is_some() {
                sets.push((Some(t), Vec::new()));
            } else if let Some(last) = sets.last_mut() {
                last.1.push(t);
            } else {
                sets.push((None, vec![t]));
            }
        }
        for (l2, body) in &sets {
            if let Some(l2) = l2 {
                cx.used.insert((l2.r, l2.c));
            }
            if body.is_empty() {
                // An empty 二级 placeholder (or the empty long-term set): not an indicator.
                if let Some(l2) = l2 {
                    prev_l2 = Some((l2.text.clone(), l2.r, l2.c));
                }
            }
        }
        let filled: Vec<&(Option<&Tok>, Vec<&Tok>)> =
            sets.iter().filter(|(_, b)| !b.is_empty()).collect();
        let skip = if has_long && filled.len() >= 2 {
            filled.len() - 1
        } else {
            0
        };
        for (i, (l2, body)) in filled.into_iter().enumerate() {
            // The sets before the last are the long-term (中期) ones of the 88号 layout.
            let long = i < skip;
            let (set_cols, prev) = if long {
                (&long_cols, &mut prev_long_l2)
            } else {
                (&annual_cols, &mut prev_l2)
            };
            let l2 = l2
                .map(|t| (t.text.clone(), t.r, t.c))
                .or_else(|| prev.clone());
            prev.clone_from(&l2);
            let width = set_cols.len().max(1);
            for chunk in body.chunks(width) {
                if chunk.len() < width && body.len() > width {
                    for t in chunk {
                        cx.diag(
                            Code::ImportMisaligned,
                            t.r,
                            t.c,
                            format!("“{}”与表头对不齐，未导入", t.text),
                            Some("请在导入后的规格中核对这一行"),
                        );
                        cx.used.insert((t.r, t.c));
                    }
                    continue;
                }
                let fields: Vec<(Col, String, usize, usize)> = set_cols
                    .iter()
                    .zip(chunk.iter())
                    .map(|(k, t)| (*k, t.text.clone(), t.r, t.c))
                    .collect();
                let r = chunk[0].r;
                push_indicator(cx, prev_l1.clone(), l2.clone(), &fields, r, long);
            }
        }
    }
    pairs_in_order(
        cx,
        &body[end..].iter().map(|t| (*t).clone()).collect::<Vec<_>>(),
    );
}

/// A 一级 name: not also a 二级 name, or one of the four 一级 names themselves
/// (服务对象满意度指标 is a 二级 name that also reads as 一级).
fn is_level1_name(t: &str) -> bool {
    taxonomy::level1(t).is_some()
        && (taxonomy::level2(t).is_none()
            || matches!(
                taxonomy::normalize(t).as_str(),
                "产出" | "效益" | "满意度" | "成本"
            ))
}

/// Label/value pairs in reading order: a label takes the next cell; a run of labels (a
/// header row: 中期目标, 年度目标) takes the next values in turn, skipping empty cells.
fn pairs_in_order(cx: &mut Cx<'_>, toks: &[Tok]) {
    let vocab = cx.vocab;
    let mut queue: std::collections::VecDeque<Slot> = std::collections::VecDeque::new();
    let mut run = false;
    for t in toks {
        let n = norm(&t.text);
        if !t.empty && (n.starts_with("填报单位") || n.starts_with("单位:")) {
            if n.contains("单位:万元") {
                cx.wan = true;
            }
            cx.used.insert((t.r, t.c));
            continue;
        }
        if t.empty {
            cx.used.insert((t.r, t.c));
            if !run {
                queue.pop_front();
            }
            continue;
        }
        if let Some(slot) = vocab.slot_of(&t.text) {
            cx.used.insert((t.r, t.c));
            if slot == Slot::Block {
                continue;
            }
            if slot == Slot::Overall {
                // A section label when labels follow; otherwise the goal itself.
                queue.clear();
                queue.push_back(slot);
                run = false;
                continue;
            }
            if queue.front() == Some(&Slot::Overall) {
                queue.clear();
            }
            run = !queue.is_empty();
            queue.push_back(slot);
            continue;
        }
        if let Some(pairs) = vocab.split_fused(&t.text) {
            cx.used.insert((t.r, t.c));
            for (slot, v) in pairs {
                cx.assign(slot, &v, t.r, t.c);
            }
            queue.clear();
            run = false;
            continue;
        }
        if let Some(slot) = queue.pop_front() {
            cx.assign(slot, &t.text, t.r, t.c);
            cx.used.insert((t.r, t.c));
            if queue.is_empty() {
                run = false;
            }
        }
    }
}
