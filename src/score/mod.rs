//! Year-end 绩效自评 scoring, pure: no files, no diagnostics. Every computed number comes with
//! the sentence that explains it (`得分 = min(89.974 / 90, 1) × 10 = 9.99`), so a clerk can
//! check it by hand. What differs by province is a [`RuleSet`], read from data.

mod budget;
mod indicator;
mod rules;
mod total;
mod units;

#[cfg(test)]
mod published;

pub use budget::{BudgetRow, BudgetScore, ExecutionError, RowSumMismatch};
pub use budget::{check_row_sums, score_budget};
pub use indicator::{Actual, Direction, IndicatorScore, QualGrade, ScoreError, parse_actual};
pub use indicator::{band_of, score_indicator};
pub use rules::{EqualMiss, Grade, QualitativeBands, ReverseFormula, RuleSet, RuleSetError, names};
pub use total::{IndicatorTotal, Total, score_indicators, score_total};
pub use units::{Reconciled, UnitMismatch, UnitNote, reconcile};

use rust_decimal::{Decimal, RoundingStrategy};

/// A computed number and how it was computed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Explained {
    /// The number, already rounded as the rule set says.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// `得分 = min(89.974 / 90, 1) × 10 = 9.99`.
    pub explanation: String,
}

/// Rounds half away from zero, as 四舍五入 does (Decimal's own `round_dp` rounds half to even).
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// A number as the clerk wrote it: no trailing zeros (`90`, `89.974`).
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A result with exactly `decimals` places (`9.99`, `10.00`).
pub fn fixed(value: Decimal, decimals: u32) -> String {
    let mut v = round(value, decimals);
    v.rescale(decimals);
    v.to_string()
}

/// Whether a printed score differs from the computed one by more than 0.01.
pub fn printed_differs(printed: Decimal, computed: Decimal) -> bool {
    (printed - computed).abs() > Decimal::new(1, 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round(d("2.345"), 2), d("2.35"));
        assert_eq!(round(d("2.355"), 2), d("2.36"));
        assert_eq!(round(d("0.125"), 2), d("0.13"));
        assert_eq!(d("0.125").round_dp(2), d("0.12"), "the strategy we avoid");
        assert_eq!(fixed(d("10"), 2), "10.00");
        assert_eq!(plain(d("90.000")), "90");
    }

    #[test]
    fn printed_tolerance_is_one_cent_of_a_point() {
        assert!(!printed_differs(d("9.99"), d("9.98")));
        assert!(printed_differs(d("9.99"), d("9.97")));
        assert!(printed_differs(d("0"), d("10")));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn dec(max: i64) -> impl Strategy<Value = Decimal> {
        (-max..=max, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s))
    }

    proptest! {
        /// A score is never above its 分值 nor below 0, in every direction and rule set.
        #[test]
        fn score_within_zero_and_weight(
            op in prop::sample::select(vec!["≥", "≤", "=", ">", "<", ""]),
            a in dec(1_000_000),
            b in dec(1_000_000),
            w in (0i64..=10_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
            hubei in any::<bool>(),
            ratio_eq in any::<bool>(),
        ) {
            let mut rules = if hubei { RuleSet::builtin("湖北").unwrap() } else { RuleSet::central() };
            if ratio_eq {
                rules.equal_miss = EqualMiss::Ratio;
            }
            let t = crate::target::parse(&format!("{op}{a}万元")).unwrap();
            let actual = Actual::Number { value: b, unit: "万元".into() };
            let s = score_indicator(&rules, &t, None, &actual, w, None).unwrap();
            prop_assert!(s.score.value >= Decimal::ZERO, "{}", s.score.explanation);
            prop_assert!(s.score.value <= w, "{}", s.score.explanation);
        }

        /// The budget score too, for any budget and execution.
        #[test]
        fn budget_score_within_zero_and_weight(
            budget in dec(10_000_000),
            executed in dec(10_000_000),
            w in 0i64..=20,
        ) {
            let row = BudgetRow { initial: None, adjusted: Some(budget), executed: Some(executed) };
            if let Ok(s) = score_budget(&RuleSet::central(), &row, Decimal::from(w)) {
                prop_assert!(s.score.value >= Decimal::ZERO && s.score.value <= Decimal::from(w));
            } else {
                prop_assert!(budget <= Decimal::ZERO);
            }
        }
    }
}
