//! Rules of the department form's provincial variants: the layout name and the Hubei
//! 收入构成 / 支出构成 sums. The Fujian rules (年度预算安排, 年度履职目标) are in `validate`.

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic};
use crate::model::Funding;
use crate::money::format_money;
use crate::spec::RawSpec;
use crate::spec::fields::{Section, Values};
use crate::validate::amounts;

use super::fields::{Layout, hubei};

/// The layout the spec names (福建 when it names none).
pub fn layout(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<Layout> {
    let Some(written) = &raw.layout() else {
        return Some(Layout::Fujian);
    };
    if let Some(l) = Layout::parse(&written.value) {
        return Some(l);
    }
    let names: Vec<&str> = Layout::ALL.iter().map(|(_, n)| *n).collect();
    diags.push(
        Diagnostic::at(
            Code::UnknownLayout,
            written.span.clone(),
            format!("未知的版式“{}”", written.value),
        )
        .with_hint(format!(
            "可用的版式：{}（不写时为福建版式）",
            names.join("、")
        )),
    );
    None
}

/// 收入构成 and 支出构成: each 合计 equals its parts and the two 合计 agree. `Some(None)` when
/// the spec has no such blocks, `None` when they are wrong (reported).
pub fn funding(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<Option<Funding>> {
    let income = raw.sections.get("income").filter(|v| v.span.is_some());
    let spend = raw.sections.get("expenditure").filter(|v| v.span.is_some());
    let (Some(income), Some(spend)) = (income, spend) else {
        return Some(None);
    };
    let i = block(income, hubei("income"), ["fiscal", "other"], diags);
    let s = block(spend, hubei("expenditure"), ["basic", "project"], diags);
    let (i, s) = (i?, s?);
    if i[2] != s[2] {
        let span = spend.amount("total").map(|a| a.span).unwrap_or_default();
        diags.push(
            Diagnostic::at(
                Code::FundingTotalsDiffer,
                span,
                format!(
                    "支出合计 {} 与收入合计 {} 不相等",
                    format_money(s[2]),
                    format_money(i[2])
                ),
            )
            .with_hint(format!(
                "相差 {}；部门的收入与支出应当平衡",
                format_money((i[2] - s[2]).abs())
            )),
        );
        return None;
    }
    Some(Some(Funding {
        income_fiscal: i[0],
        income_other: i[1],
        income_total: i[2],
        spend_basic: s[0],
        spend_project: s[1],
        spend_total: s[2],
    }))
}

/// The two parts and the 合计 of one block, checked.
fn block(
    v: &Values,
    section: &Section,
    parts: [&str; 2],
    diags: &mut Vec<Diagnostic>,
) -> Option<[Decimal; 3]> {
    let mut read = |key: &str| {
        let lit = v.amount(key)?;
        let label = section.field(key).map_or(key, |f| f.label);
        amounts::amount(&lit, label, diags)
    };
    let a = read(parts[0]);
    let b = read(parts[1]);
    let total = read("total");
    let (a, b, total) = (a?, b?, total?);
    if a + b != total {
        let label = |k: &str| section.field(k).map_or("", |f| f.label);
        let span = v.amount("total").map(|l| l.span).unwrap_or_default();
        diags.push(
            Diagnostic::at(
                Code::FundingSumMismatch,
                span,
                format!(
                    "{}合计 {} 不等于 {} {} + {} {} = {}",
                    section.label,
                    format_money(total),
                    label(parts[0]),
                    format_money(a),
                    label(parts[1]),
                    format_money(b),
                    format_money(a + b)
                ),
            )
            .with_hint(format!("相差 {}", format_money((total - a - b).abs()))),
        );
        return None;
    }
    Some([a, b, total])
}

/// A share of a total in percent with two decimals (`88.30%`), empty for a zero total.
pub fn share(part: Decimal, total: Decimal) -> String {
    if total.is_zero() {
        return String::new();
    }
    let mut p = part * Decimal::ONE_HUNDRED / total;
    p = p.round_dp(2);
    p.rescale(2);
    format!("{p}%")
}
