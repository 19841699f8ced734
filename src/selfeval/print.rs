//! What the printed form and the workbook need beyond the scores: the 四川 form's 指标性质
//! and 度量单位 columns, and each computed score as a spreadsheet formula.

use rust_decimal::Decimal;

use crate::score::{self, Direction, RuleSet, plain};
use crate::target;

/// 指标性质 as the 四川 form prints it: the operator, or 定性.
pub(super) fn nature(t: &target::Target) -> String {
    match &t.kind {
        target::TargetKind::Quantitative { op, .. } => op.map_or("", |o| o.symbol()).to_owned(),
        target::TargetKind::Qualitative => "定性".to_owned(),
    }
}

/// The unit written after a target's number (`万元` of `≤30万元`), if any.
pub(super) fn target_unit(t: &target::Target) -> Option<String> {
    match &t.kind {
        target::TargetKind::Quantitative { unit, .. } if !unit.trim().is_empty() => {
            Some(unit.trim().to_owned())
        }
        _ => None,
    }
}

/// The score of a quantitative indicator as a spreadsheet formula of its row's `{actual}`
/// and `{weight}` cells, the same formula [`score::score_indicator`] computes (a target of 0
/// or less is scored as a constant: it has no ratio).
pub(super) fn score_formula(
    rules: &RuleSet,
    target: &target::Target,
    direction: Direction,
) -> Option<String> {
    let target::TargetKind::Quantitative { value, .. } = &target.kind else {
        return None;
    };
    if *value <= Decimal::ZERO {
        return None;
    }
    let (a, dp) = (plain(*value), rules.score_decimals);
    let b = "MAX({actual},0)";
    Some(match direction {
        Direction::Positive | Direction::Unstated => {
            format!("ROUND(MIN({b}/{a},1)*{{weight}},{dp})")
        }
        Direction::Reverse => match rules.reverse {
            score::ReverseFormula::Ratio => {
                format!("IF({b}<={a},{{weight}},ROUND(MIN({a}/{b},1)*{{weight}},{dp}))")
            }
            score::ReverseFormula::Deviation => {
                format!("ROUND(MAX(1-MAX({b}-{a},0)/{a},0)*{{weight}},{dp})")
            }
        },
        Direction::Equal => match rules.equal_miss {
            score::EqualMiss::Zero => format!("IF({b}={a},{{weight}},0)"),
            score::EqualMiss::Ratio => {
                format!("IF({b}={a},{{weight}},ROUND(MIN({b},{a})/MAX({b},{a})*{{weight}},{dp}))")
            }
        },
        Direction::Qualitative => return None,
    })
}
