//! One merged cell per category: 一级/二级 names normalised to their canonical spelling
//! (`产出` → 产出指标), and rows of one category written apart grouped together, in the
//! order each category first appears. Done on the validated table so every renderer benefits.

use std::borrow::Cow;
use std::ops::Range;

use crate::diag::{Code, Diagnostic};
use crate::model::Indicator;
use crate::spec::{RawIndicator, Sp};

use super::class::Class;

/// Whether `written` is the canonical name, possibly followed by a point annotation
/// (`产出指标(50分)`), which real tables use and the form keeps.
fn is_canonical(written: &str, canonical: &str) -> bool {
    match compact(written).strip_prefix(canonical) {
        Some("") => true,
        Some(rest) => {
            (rest.starts_with('(') || rest.starts_with('（'))
                && (rest.ends_with("分)") || rest.ends_with("分）"))
        }
        None => false,
    }
}

/// The canonical 一级 and 二级 texts for a classified row; written text when it is canonical.
pub(super) fn names(ind: &RawIndicator, class: &Class) -> (Option<String>, Option<String>) {
    let pick = |field: &Option<Sp<String>>, canonical: &str| {
        field.as_ref().map(|f| {
            if is_canonical(&f.value, canonical) {
                f.value.clone()
            } else {
                canonical.to_owned()
            }
        })
    };
    let level1 = pick(&ind.level1, class.level1.name());
    let level2 = match class.level2 {
        Some(l2) => pick(&ind.level2, l2.name),
        None => ind.level2.as_ref().map(|l| l.value.clone()),
    };
    (level1, level2)
}

/// Warns for each 一级/二级 name that is a short or local spelling of a canonical one.
pub(super) fn canonical_names(ind: &RawIndicator, class: &Class, diags: &mut Vec<Diagnostic>) {
    let mut warn = |field: &Option<Sp<String>>, canonical: &str, what: &str| {
        let Some(f) = field else { return };
        if is_canonical(&f.value, canonical) {
            return;
        }
        diags.push(
            Diagnostic::at(
                Code::LevelNameNormalized,
                f.span.clone(),
                format!("{what}“{}”不是标准名称，已按“{canonical}”处理", f.value),
            )
            .with_hint(format!(
                "请写作 \"{canonical}\"，同类指标才能在表格中合并为一格"
            )),
        );
    };
    warn(&ind.level1, class.level1.name(), "一级指标");
    if let Some(l2) = class.level2 {
        warn(&ind.level2, l2.name, "二级指标");
    }
}

/// Groups rows of one 一级 (and, inside it, one 二级) together, each group where it first
/// appears; warns at each row that had to move.
pub(super) fn group(
    rows: Vec<Indicator>,
    raw: &[RawIndicator],
    diags: &mut Vec<Diagnostic>,
) -> Vec<Indicator> {
    let mut level1_order: Vec<String> = Vec::new();
    let mut pair_order: Vec<(String, Option<String>)> = Vec::new();
    let mut keys = Vec::with_capacity(rows.len());
    let mut previous: Option<(String, Option<String>)> = None;
    for (i, row) in rows.iter().enumerate() {
        let pair = (
            compact(&row.level1).into_owned(),
            row.level2.as_deref().map(|l| compact(l).into_owned()),
        );
        let l1_seen = level1_order.iter().position(|l| *l == pair.0);
        let pair_seen = pair_order.iter().position(|p| *p == pair);
        let moved = previous.as_ref().is_some_and(|prev| {
            (prev.0 != pair.0 && l1_seen.is_some()) || (*prev != pair && pair_seen.is_some())
        });
        let l1_index = l1_seen.unwrap_or_else(|| {
            level1_order.push(pair.0.clone());
            level1_order.len() - 1
        });
        let pair_index = pair_seen.unwrap_or_else(|| {
            pair_order.push(pair.clone());
            pair_order.len() - 1
        });
        if moved {
            let span = raw.get(i).map(row_span).unwrap_or_default();
            let category = match &row.level2 {
                Some(l2) => format!("{}—{l2}", row.level1),
                None => row.level1.clone(),
            };
            diags.push(
                Diagnostic::at(
                    Code::IndicatorsApart,
                    span,
                    format!(
                        "指标“{}”与前面的“{category}”分开书写，表格中已归入该组",
                        row.name
                    ),
                )
                .with_hint("把同一一级、二级指标的行写在一起；表格中各类按第一次出现的顺序排列"),
            );
        }
        keys.push((l1_index, pair_index));
        previous = Some(pair);
    }
    let mut keyed: Vec<((usize, usize), Indicator)> = keys.into_iter().zip(rows).collect();
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, row)| row).collect()
}

/// `s` without its whitespace; `s` itself when it has none, as nearly every name.
pub(super) fn compact(s: &str) -> Cow<'_, str> {
    if s.contains(char::is_whitespace) {
        Cow::Owned(s.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Where to point for a moved row: its 一级 field, else the row header.
fn row_span(r: &RawIndicator) -> Range<usize> {
    r.level1
        .as_ref()
        .map_or_else(|| r.span.clone(), |l| l.span.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_their_whitespace() {
        assert_eq!(compact("产出指标"), "产出指标");
        assert!(matches!(compact("产出指标"), Cow::Borrowed(_)));
        assert_eq!(compact(" 产出 指标\u{3000}"), "产出指标");
        assert!(is_canonical("产出指标", "产出指标"));
        assert!(is_canonical("产 出指标（50分）", "产出指标"));
        assert!(is_canonical("产出指标 (50分)", "产出指标"));
        assert!(!is_canonical("产出", "产出指标"));
        assert!(!is_canonical("产出指标其他", "产出指标"));
    }
}
