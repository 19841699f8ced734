//! The head of the department form: title and year line (with the preamble above it),
//! then the label/value pairs above the blocks (名称, 编码, 年度预算安排, 职责, 总体目标).

use crate::diag::{Code, Diagnostic, Location};

use super::super::grid::Grid;
use super::super::words::year_in;
use super::labels::{Head, Vocab, norm};
use super::{Cx, clean};

pub(super) fn read_title_and_year(cx: &mut Cx<'_>, head_end: usize) {
    let (g, v) = (cx.g, cx.vocab);
    // The title and year line sit above the first label; look only there, plus the
    // label rows themselves for titles written beside them.
    let first_label = (0..head_end)
        .find(|&r| g.rows[r].iter().any(|t| v.head(t).is_some()))
        .unwrap_or(head_end);
    let mut year: Option<(i64, bool, usize, usize)> = None;
    for r in 0..first_label {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            if t.trim().is_empty() {
                continue;
            }
            let n = norm(t);
            if v.is_own_title(t) {
                cx.used.insert((r, c));
            } else if n.contains("绩效目标") || n.contains("自评") {
                cx.used.insert((r, c));
                if !v.is_own()
                    && (n.contains("项目支出") || n.contains("项目绩效") || n.contains("自评"))
                {
                    cx.diag(
                        Code::ImportUnsupportedForm,
                        r,
                        c,
                        format!("标题“{}”不是 jixiao 认识的表格", t.trim()),
                        Some(&super::super::known::known_forms_hint()),
                    );
                }
            }
            if let Some((y, du)) = year_in(t) {
                cx.used.insert((r, c));
                if year.is_none_or(|(_, d, _, _)| du && !d) {
                    year = Some((y, du, r, c));
                }
            } else if let Some(unit) = super::footer::filling_unit(t) {
                // 填报单位（盖章）：… 单位：万元, printed again above the table.
                cx.used.insert((r, c));
                super::footer::set(cx, "signature.unit", unit, r, c);
            } else if n.starts_with("附件")
                || n.starts_with("单位:")
                || n.starts_with("填报单位")
                || n.starts_with("编制单位")
                || n.starts_with("金额单位")
            {
                // The preamble: 附件2, an empty 填报单位（盖章） line, 单位：万元.
                cx.used.insert((r, c));
            }
        }
    }
    if let Some((y, _, r, c)) = year {
        cx.out.spec.year = Some(y);
        cx.take("year", r, c);
        return;
    }
    // Fall back to the sheet name, then the file name.
    for text in [g.sheet.clone().unwrap_or_default(), g.file.clone()] {
        if let Some(y) = bare_year(&text) {
            cx.out.spec.year = Some(y);
            cx.out.provenance.push(("year".into(), text.clone()));
            cx.out.diagnostics.push(Diagnostic {
                code: Code::ImportConverted,
                message: format!("表内没有年度行，年度 {y} 取自名称“{text}”"),
                hint: Some("请核对 year 一行".into()),
                location: Location::Cell(g.where_()),
            });
            return;
        }
    }
}

fn bare_year(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|x| !x.is_ascii_digit());
        if bounded && w.iter().all(u8::is_ascii_digit) && (w[0..2] == *b"19" || w[0..2] == *b"20") {
            std::str::from_utf8(w).ok()?.parse().ok()
        } else {
            None
        }
    })
}

/// The first value right of a label cell, skipping its merged span; `None` at another label.
fn value_right(g: &Grid, v: &Vocab, r: usize, c: usize) -> Option<(String, usize, usize)> {
    let start = g.span_end(r, c) + 1;
    let len = g.rows[r].len();
    for cc in start..len {
        let t = g.get(r, cc);
        if t.trim().is_empty() {
            continue;
        }
        if v.is_any_label(t) {
            return None;
        }
        return clean(t).map(|v| (v, r, cc));
    }
    None
}

/// The value under a label (budgets laid out as a header row over a value row).
fn value_below(g: &Grid, v: &Vocab, r: usize, c: usize) -> Option<(String, usize, usize)> {
    let below = g.merge_at(r, c).map_or(r + 1, |m| m.r1 as usize + 1);
    let t = g.get(below, c);
    if t.trim().is_empty() || v.is_any_label(t) {
        return None;
    }
    clean(t).map(|v| (v, below, c))
}

pub(super) fn read_head(cx: &mut Cx<'_>, head_end: usize) {
    let (g, v) = (cx.g, cx.vocab);
    for r in (0..head_end).filter(|&r| !g.is_hidden(r)) {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            // Cells another block reader took (the Hubei 收入/支出构成) are not head labels.
            if t.trim().is_empty() || cx.used.contains(&(r, c)) {
                continue;
            }
            if v.is_block(t) {
                cx.used.insert((r, c));
                continue;
            }
            let (head, inline) = match v.head(t) {
                Some(h) => (h, None),
                None => match split_inline(v, t) {
                    Some((h, v)) => (h, Some(v)),
                    None => continue,
                },
            };
            cx.used.insert((r, c));
            let found = match inline {
                Some(v) => Some((v, r, c)),
                None => value_right(g, v, r, c)
                    .or_else(|| head.is_money().then(|| value_below(g, v, r, c)).flatten()),
            };
            let Some((value, vr, vc)) = found else {
                continue;
            };
            let (slot, field) = match head {
                Head::Other(s, f) => {
                    super::footer::set(cx, &s.path_of(f), value, vr, vc);
                    continue;
                }
                Head::Name => (&mut cx.out.spec.name, "department.name"),
                Head::Code => (&mut cx.out.spec.code, "department.code"),
                Head::Total => (&mut cx.out.spec.total, "budget.total"),
                Head::Project => (&mut cx.out.spec.project, "budget.project"),
                Head::Basic => (&mut cx.out.spec.basic, "budget.basic"),
                Head::Goal => (&mut cx.out.spec.overall_goal, "overall_goal"),
                Head::Duties => (&mut cx.out.spec.responsibilities, "responsibilities"),
            };
            if slot.is_none() {
                *slot = Some(value);
                cx.take(field, vr, vc);
            }
        }
    }
}

/// `部门(单位)名称：福建省…` written in one cell.
fn split_inline(v: &Vocab, text: &str) -> Option<(Head, String)> {
    let pos = text.find([':', '：'])?;
    let (label, rest) = text.split_at(pos);
    let head = v.head(label)?;
    let value = rest.trim_start_matches([':', '：']);
    clean(value).map(|v| (head, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(bare_year("红十字会2020.xlsx"), Some(2020));
        assert_eq!(bare_year("338601"), None);
    }
}
