//! The 年度履职目标 block: rows read by their header's columns, or in content order when
//! a text dump dropped merged cells.

use crate::diag::Code;
use crate::spec::write::DutyOut;

use super::labels::DCol;
use super::{Cx, clean, header_columns, row_blank, short, tokens};

pub(super) fn read_duties(cx: &mut Cx<'_>, header: usize, end: usize) {
    let (g, v) = (cx.g, cx.vocab);
    let cols = header_columns(g, header, 0, |t| v.duty(t));
    for &(c, _) in &cols {
        cx.used.insert((header, c));
    }
    for c in 0..g.rows[header].len() {
        if v.is_block(g.get(header, c)) {
            cx.used.insert((header, c));
        }
    }
    let first = cols.first().map_or(0, |&(c, _)| c);
    let last = cols.last().map_or(0, |&(c, _)| c);
    let last_end = g.span_end(header, last);
    let mut prev_function: Option<String> = None;
    for r in header + 1..end {
        if row_blank(g, r) || g.is_hidden(r) {
            continue;
        }
        let toks = tokens(g, v, r);
        if toks.is_empty() {
            for c in 0..g.rows[r].len() {
                cx.used.insert((r, c));
            }
            continue;
        }
        let positional_ok = g.positional
            || (toks.iter().all(|&(c, _)| c >= first && c <= last_end)
                && toks
                    .iter()
                    .all(|(c, _)| cols.iter().any(|&(hc, _)| hc == *c)));
        let mut duty = DutyOut::default();
        let n = cx.out.spec.duties.len() + 1;
        if positional_ok {
            for &(c, kind) in &cols {
                let (text, vr, vc) = g.filled(r, c);
                let Some(v) = clean(text) else { continue };
                let (slot, name) = duty_slot(&mut duty, kind);
                *slot = Some(v);
                cx.take(format!("duties[{n}].{name}"), vr, vc);
            }
        } else {
            // Cells were dropped: read in order; missing leading cells are the merged ones.
            let kinds: Vec<DCol> = cols.iter().map(|&(_, k)| k).collect();
            let skip = kinds.len().saturating_sub(toks.len());
            if toks.len() > kinds.len() {
                let (c, _) = toks[kinds.len()];
                cx.diag(
                    Code::ImportMisaligned,
                    r,
                    c,
                    format!("第 {} 行的单元格比表头多，多出的内容未导入", r + 1),
                    Some("请在导入后的规格中核对这一行"),
                );
            }
            for (kind, (c, v)) in kinds.iter().skip(skip).zip(toks.iter()) {
                let (slot, name) = duty_slot(&mut duty, *kind);
                *slot = Some(v.clone());
                cx.take(format!("duties[{n}].{name}"), r, *c);
            }
        }
        if duty.function.is_none() && duty.task.is_some() && (g.merges.is_empty() || !g.positional)
        {
            duty.function.clone_from(&prev_function);
        }
        if duty.task.is_none() && duty.function.is_none() && duty.project.is_none() {
            if let Some(&(c, ref t)) = toks.first() {
                cx.diag(
                    Code::ImportUnrecognized,
                    r,
                    c,
                    format!("履职目标区的第 {} 行无法识别：“{}”", r + 1, short(t)),
                    None,
                );
            }
            continue;
        }
        prev_function.clone_from(&duty.function);
        cx.out.spec.duties.push(duty);
    }
}

fn duty_slot(d: &mut DutyOut, kind: DCol) -> (&mut Option<String>, &'static str) {
    match kind {
        DCol::Function => (&mut d.function, "function"),
        DCol::Task => (&mut d.task, "task"),
        DCol::Project => (&mut d.project, "project"),
        DCol::Amount => (&mut d.amount, "amount"),
    }
}
