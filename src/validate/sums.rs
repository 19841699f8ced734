//! The sums a form's definition declares (`[[sum]]`: a bureau's own 合计 rows): the total
//! must equal its parts, the parts a spec leaves out counting as 0.

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic};
use crate::money::format_money;
use crate::spec::fields::Value;
use crate::spec::{RawSpec, Sp};

/// Checks every declared sum whose total and at least one part are written. An amount
/// that is not a number is reported where it is read, not here.
pub(super) fn declared(raw: &RawSpec, diags: &mut Vec<Diagnostic>) {
    let Some(def) = raw.definition else { return };
    for sum in &def.sums {
        let Some((total, span)) = amount_at(raw, &sum.total) else {
            continue;
        };
        let parts: Vec<(&str, Decimal)> = sum
            .parts
            .iter()
            .filter_map(|p| amount_at(raw, p).map(|(d, _)| (p.as_str(), d)))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let added: Decimal = parts.iter().map(|(_, d)| *d).sum();
        if added == total {
            continue;
        }
        let label = |path: &str| def.field(path).map_or(path.to_owned(), |f| f.label.clone());
        let terms: Vec<String> = parts
            .iter()
            .map(|(p, d)| format!("{} {}", label(p), format_money(*d)))
            .collect();
        diags.push(
            Diagnostic::at(
                Code::DeclaredSumMismatch,
                span,
                format!(
                    "{} {} 不等于 {} = {}",
                    label(&sum.total),
                    format_money(total),
                    terms.join(" + "),
                    format_money(added)
                ),
            )
            .with_hint(format!(
                "相差 {}；表样规定{}等于{}之和，核对各项金额，没有的项目可以不写",
                format_money((total - added).abs()),
                label(&sum.total),
                sum.parts
                    .iter()
                    .map(|p| label(p))
                    .collect::<Vec<_>>()
                    .join("、")
            )),
        );
    }
}

/// A money field's amount and where it is written, when it is a valid amount.
fn amount_at(raw: &RawSpec, path: &str) -> Option<(Decimal, std::ops::Range<usize>)> {
    let value = raw.values.get(path)?;
    let Value::Amount(lit) = &value.value else {
        return None;
    };
    let lit = Sp {
        value: lit.clone(),
        span: value.span.clone(),
    };
    // Its own problems (not a number, negative) are reported where the field is read.
    let amount = super::amounts::amount(&lit, path, &mut Vec::new())?;
    Some((amount, value.span.clone()))
}
