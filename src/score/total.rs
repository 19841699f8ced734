//! Sums: the indicators (rescaled when some are 不适用), the total and its grade.

use rust_decimal::Decimal;

use super::rules::RuleSet;
use super::{Explained, fixed, plain, round};

/// At most this many terms are written out in a sum's explanation; longer sums give the count.
const TERMS_SHOWN: usize = 12;

/// The indicators' part of the total.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct IndicatorTotal {
    /// The indicators' score, rescaled when some are 不适用.
    pub score: Explained,
    /// Σ 分值 of every indicator, applicable or not.
    #[serde(with = "rust_decimal::serde::str")]
    pub weight_sum: Decimal,
    /// Whether `weight_sum` is the rule set's indicator total.
    pub weights_match: bool,
}

/// Sums indicator scores. Each item is (分值, score), the score `None` for 不适用: those are
/// dropped and the rest rescaled to the rule set's indicator total ("不考核该指标，用适用指标
/// 得分汇总后…折算计分"; the exact rescaling is not written down, this is the proportional one).
pub fn score_indicators(rules: &RuleSet, items: &[(Decimal, Option<Decimal>)]) -> IndicatorTotal {
    let dp = rules.score_decimals;
    let weight_sum: Decimal = items.iter().map(|(w, _)| *w).sum();
    let applicable: Vec<(Decimal, Decimal)> = items
        .iter()
        .filter_map(|(w, s)| s.map(|s| (*w, s)))
        .collect();
    let raw: Decimal = applicable.iter().map(|(_, s)| *s).sum();
    let applicable_weight: Decimal = applicable.iter().map(|(w, _)| *w).sum();
    let dropped = applicable.len() < items.len();
    let score = if !dropped {
        let value = round(raw, dp);
        Explained {
            value,
            explanation: format!("指标得分 = {} = {}", terms(&applicable), fixed(value, dp)),
        }
    } else if applicable_weight.is_zero() {
        Explained {
            value: Decimal::ZERO,
            explanation: "所有指标均不适用，指标得分 = 0".to_owned(),
        }
    } else {
        let total = rules.indicator_total;
        let value = round(raw * total / applicable_weight, dp);
        Explained {
            value,
            explanation: format!(
                "{} 项不适用，已剔除后折算：指标得分 = ({}) / {} × {} = {}",
                items.len() - applicable.len(),
                terms(&applicable),
                plain(applicable_weight),
                plain(total),
                fixed(value, dp)
            ),
        }
    };
    IndicatorTotal {
        score,
        weight_sum,
        weights_match: weight_sum == rules.indicator_total,
    }
}

fn terms(items: &[(Decimal, Decimal)]) -> String {
    if items.len() > TERMS_SHOWN {
        let sum: Decimal = items.iter().map(|(_, s)| *s).sum();
        return format!("{} 项之和 {}", items.len(), plain(sum));
    }
    let parts: Vec<String> = items.iter().map(|(_, s)| plain(*s)).collect();
    if parts.is_empty() {
        "0".to_owned()
    } else {
        parts.join(" + ")
    }
}

/// The total and its grade.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Total {
    /// 总分.
    pub total: Explained,
    /// 优 / 良 / 中 / 差.
    pub grade: Option<String>,
}

/// 总分 = budget score + indicator score, with the grade the rule set gives it.
pub fn score_total(rules: &RuleSet, budget: Option<Decimal>, indicators: Decimal) -> Total {
    let dp = rules.score_decimals;
    let value = round(budget.unwrap_or_default() + indicators, dp);
    let grade = rules.grade(value).map(str::to_owned);
    let budget_text = budget.map_or_else(|| "0（预算执行未计分）".to_owned(), |b| fixed(b, dp));
    let grade_text = grade
        .as_deref()
        .map(|g| format!("，等级：{g}"))
        .unwrap_or_default();
    Total {
        total: Explained {
            value,
            explanation: format!(
                "总分 = {budget_text} + {} = {}{grade_text}",
                fixed(indicators, dp),
                fixed(value, dp)
            ),
        },
        grade,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_sum_and_weight_check() {
        let r = RuleSet::central();
        let t = score_indicators(&r, &[(d("50"), Some(d("50"))), (d("40"), Some(d("39.5")))]);
        assert_eq!(t.score.value, d("89.5"));
        assert_eq!(t.score.explanation, "指标得分 = 50 + 39.5 = 89.50");
        assert!(t.weights_match);
        let t = score_indicators(&r, &[(d("50"), Some(d("50"))), (d("30"), Some(d("30")))]);
        assert!(!t.weights_match);
        assert_eq!(t.weight_sum, d("80"));
    }

    #[test]
    fn not_applicable_is_dropped_and_the_rest_rescaled() {
        let r = RuleSet::central();
        let t = score_indicators(
            &r,
            &[
                (d("30"), Some(d("30"))),
                (d("30"), None),
                (d("30"), Some(d("15"))),
            ],
        );
        // (30 + 15) / 60 × 90 = 67.5
        assert_eq!(t.score.value, d("67.5"));
        assert_eq!(
            t.score.explanation,
            "1 项不适用，已剔除后折算：指标得分 = (30 + 15) / 60 × 90 = 67.50"
        );
        assert!(
            t.weights_match,
            "a 不适用 indicator's 分值 still counts toward the total"
        );
        let none = score_indicators(&r, &[(d("90"), None)]);
        assert_eq!(none.score.value, Decimal::ZERO);
    }

    #[test]
    fn total_and_grade() {
        let r = RuleSet::central();
        let t = score_total(&r, Some(d("7.6")), d("90"));
        assert_eq!(t.total.value, d("97.6"));
        assert_eq!(t.grade.as_deref(), Some("优"));
        assert_eq!(t.total.explanation, "总分 = 7.60 + 90.00 = 97.60，等级：优");
        let t = score_total(&r, None, d("59.99"));
        assert_eq!(t.grade.as_deref(), Some("差"));
    }

    #[test]
    fn long_sums_are_counted_not_listed() {
        let r = RuleSet::central();
        let items: Vec<_> = (0..20).map(|_| (d("4.5"), Some(d("4.5")))).collect();
        let t = score_indicators(&r, &items);
        assert_eq!(t.score.explanation, "指标得分 = 20 项之和 90 = 90.00");
    }
}
