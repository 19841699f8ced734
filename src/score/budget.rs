//! The budget execution block: 执行率 = 全年执行数 / 全年预算数 (never 年初预算数), score
//! min(执行率, 1) × 分值, and the rows adding up (年度资金总额 = Σ its parts).

use std::fmt;

use rust_decimal::Decimal;

use super::rules::RuleSet;
use super::{Explained, fixed, plain, round};

/// One row of 项目资金: 年初预算数 / 全年预算数 / 全年执行数, in 万元.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct BudgetRow {
    /// 年初预算数.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub initial: Option<Decimal>,
    /// 全年预算数 (调整后预算数).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub adjusted: Option<Decimal>,
    /// 全年执行数.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub executed: Option<Decimal>,
}

/// The computed 执行率 and 得分.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct BudgetScore {
    /// 执行率 in percent (`100.00` for 100 %), rounded to two decimals for print.
    pub rate: Explained,
    /// The score.
    pub score: Explained,
    /// Whether the rate is below the rule set's threshold, so a reason is required.
    pub needs_reason: bool,
}

/// Why the 执行率 cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecutionError {
    /// 全年预算数 is empty.
    NoBudget,
    /// 全年执行数 is empty.
    NoExecution,
    /// 全年预算数 is 0: the rate has no denominator.
    ZeroBudget {
        /// What was spent anyway.
        executed: Decimal,
    },
    /// Numbers too large for exact arithmetic.
    Overflow,
}

impl fmt::Display for ExecutionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecutionError::NoBudget => write!(f, "全年预算数未填写，无法计算执行率"),
            ExecutionError::NoExecution => write!(f, "全年执行数未填写，无法计算执行率"),
            ExecutionError::ZeroBudget { executed } => write!(
                f,
                "全年预算数为 0，不能作除数，无法计算执行率（全年执行数 {}）",
                plain(*executed)
            ),
            ExecutionError::Overflow => write!(f, "数值过大，无法精确计算"),
        }
    }
}

/// 执行率 and its score for the 年度资金总额 row.
pub fn score_budget(
    rules: &RuleSet,
    row: &BudgetRow,
    weight: Decimal,
) -> Result<BudgetScore, ExecutionError> {
    let budget = row.adjusted.ok_or(ExecutionError::NoBudget)?;
    let executed = row.executed.ok_or(ExecutionError::NoExecution)?;
    if budget <= Decimal::ZERO {
        return Err(ExecutionError::ZeroBudget { executed });
    }
    let ratio = executed
        .max(Decimal::ZERO)
        .checked_div(budget)
        .ok_or(ExecutionError::Overflow)?;
    let percent = ratio
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or(ExecutionError::Overflow)?;
    let (pe, pb, pw) = (plain(executed), plain(budget), plain(weight));
    let dp = rules.score_decimals;
    let rate = Explained {
        value: round(percent, 2),
        explanation: format!("执行率 = {pe} / {pb} = {}%", fixed(percent, 2)),
    };
    let (used, formula) = match rules.rate_percent_decimals {
        // Some provinces round the rate to a whole percent before scoring (49.88 % → 50 %).
        Some(rd) => {
            let r = round(percent, rd);
            (
                r / Decimal::ONE_HUNDRED,
                format!("min({}%, 100%)", fixed(r, rd)),
            )
        }
        None => (ratio, format!("min({pe} / {pb}, 1)")),
    };
    let raw = used
        .min(Decimal::ONE)
        .checked_mul(weight)
        .ok_or(ExecutionError::Overflow)?;
    let value = round(raw, dp);
    Ok(BudgetScore {
        rate,
        score: Explained {
            value,
            explanation: format!("得分 = {formula} × {pw} = {}", fixed(value, dp)),
        },
        needs_reason: used < rules.reason_below_rate,
    })
}

/// A column of 年度资金总额 that is not the sum of the rows under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowSumMismatch {
    /// The column's name (`全年执行数`).
    pub column: &'static str,
    /// The total as written (empty counts as 0).
    pub total: Decimal,
    /// The sum of the parts written.
    pub sum: Decimal,
}

/// Reads one column of a row.
type Column = fn(&BudgetRow) -> Option<Decimal>;

/// Each column where the total row differs from the sum of the parts; a column where no
/// part is written is not compared.
pub fn check_row_sums(total: &BudgetRow, parts: &[BudgetRow]) -> Vec<RowSumMismatch> {
    let columns: [(&'static str, Column); 3] = [
        ("年初预算数", |r| r.initial),
        ("全年预算数", |r| r.adjusted),
        ("全年执行数", |r| r.executed),
    ];
    columns
        .into_iter()
        .filter_map(|(column, get)| {
            let written: Vec<Decimal> = parts.iter().filter_map(get).collect();
            if written.is_empty() {
                return None;
            }
            // Amounts are bounded by the loader, so the sum cannot overflow a Decimal.
            let sum: Decimal = written.iter().sum();
            let total = get(total).unwrap_or(Decimal::ZERO);
            (total != sum).then_some(RowSumMismatch { column, total, sum })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn row(initial: &str, adjusted: &str, executed: &str) -> BudgetRow {
        let opt = |s: &str| (!s.is_empty()).then(|| d(s));
        BudgetRow {
            initial: opt(initial),
            adjusted: opt(adjusted),
            executed: opt(executed),
        }
    }

    #[test]
    fn rate_uses_the_adjusted_budget_and_is_explained() {
        let s = score_budget(&RuleSet::central(), &row("90", "89.974", "89.974"), d("10")).unwrap();
        assert_eq!(s.rate.value, d("100"));
        assert_eq!(s.rate.explanation, "执行率 = 89.974 / 89.974 = 100.00%");
        assert_eq!(
            s.score.explanation,
            "得分 = min(89.974 / 89.974, 1) × 10 = 10.00"
        );
        assert!(!s.needs_reason);
    }

    #[test]
    fn over_one_hundred_percent_is_capped() {
        let s = score_budget(&RuleSet::central(), &row("", "1172.55", "1268.72"), d("10")).unwrap();
        assert_eq!(s.rate.value, d("108.20"));
        assert_eq!(s.score.value, d("10"));
    }

    #[test]
    fn below_ninety_percent_needs_a_reason() {
        let s = score_budget(&RuleSet::central(), &row("", "100", "76"), d("10")).unwrap();
        assert_eq!(s.score.value, d("7.6"));
        assert!(s.needs_reason);
        let s = score_budget(&RuleSet::central(), &row("", "100", "90"), d("10")).unwrap();
        assert!(!s.needs_reason, "exactly 90 % needs none");
    }

    #[test]
    fn rate_rounding_rule_when_the_set_has_one() {
        let mut beijing = RuleSet::central();
        beijing.rate_percent_decimals = Some(0);
        let s = score_budget(&beijing, &row("", "100", "49.88"), d("10")).unwrap();
        assert_eq!(s.score.value, d("5"));
        assert_eq!(s.score.explanation, "得分 = min(50%, 100%) × 10 = 5.00");
        let exact = score_budget(&RuleSet::central(), &row("", "100", "49.88"), d("10")).unwrap();
        assert_eq!(exact.score.value, d("4.99"));
        let hubei = RuleSet::builtin("湖北").unwrap();
        let s = score_budget(&hubei, &row("", "100", "49.88"), hubei.budget_weight).unwrap();
        assert_eq!(s.score.value, d("9.98"));
    }

    #[test]
    fn zero_or_missing_budget_is_said_not_divided() {
        let e = score_budget(&RuleSet::central(), &row("0", "0", "0"), d("10")).unwrap_err();
        assert_eq!(e, ExecutionError::ZeroBudget { executed: d("0") });
        assert_eq!(
            e.to_string(),
            "全年预算数为 0，不能作除数，无法计算执行率（全年执行数 0）"
        );
        let e = score_budget(&RuleSet::central(), &row("90", "", "80"), d("10")).unwrap_err();
        assert_eq!(
            e,
            ExecutionError::NoBudget,
            "年初预算数 is never the denominator"
        );
        let e = score_budget(&RuleSet::central(), &row("90", "90", ""), d("10")).unwrap_err();
        assert_eq!(e, ExecutionError::NoExecution);
    }

    #[test]
    fn rows_must_add_up_where_parts_are_written() {
        let parts = [row("985.19", "", "914.97"), row("187.36", "", "353.75")];
        assert!(check_row_sums(&row("1172.55", "", "1268.72"), &parts).is_empty());
        let bad = check_row_sums(&row("1172.55", "", "1268.00"), &parts);
        assert_eq!(
            bad,
            vec![RowSumMismatch {
                column: "全年执行数",
                total: d("1268.00"),
                sum: d("1268.72")
            }]
        );
    }
}
