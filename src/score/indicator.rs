//! Scoring one 三级指标: the direction comes from the target's operator as the target grammar
//! parses it, the actual is read with the same grammar, and the score is capped at 分值.

use std::fmt;

use rust_decimal::Decimal;

use super::rules::{EqualMiss, ReverseFormula, RuleSet};
use super::units::{UnitMismatch, UnitNote, reconcile};
use super::{Explained, fixed, plain, round};
use crate::target::{self, Op, Target, TargetKind};

/// A 定性 grade the clerk states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QualGrade {
    /// 达成 (年度指标): [achieved, 100 %] of 分值.
    Achieved,
    /// 部分达成: [partial, achieved).
    Partial,
    /// 未达成: [0, partial).
    NotAchieved,
}

impl QualGrade {
    /// The grade's name as printed.
    pub fn name(self) -> &'static str {
        match self {
            QualGrade::Achieved => "达成",
            QualGrade::Partial => "部分达成",
            QualGrade::NotAchieved => "未达成",
        }
    }
}

/// A 实际完成值 as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actual {
    /// A number, with the unit written after it (may be empty).
    Number {
        /// The number, exact.
        value: Decimal,
        /// The unit as written.
        unit: String,
    },
    /// A 定性 grade (`达成预期指标`, `部分达成`).
    Graded(QualGrade),
    /// 不适用: the indicator is not assessed.
    NotApplicable,
    /// Text that is neither a number nor a grade (`完成`, `良好`).
    Text(String),
}

/// Reads a 实际完成值: `不适用`, a grade, a number with a unit, or other text. `None` when blank.
pub fn parse_actual(text: &str) -> Option<Actual> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if t == "不适用" || t == "/" {
        return Some(Actual::NotApplicable);
    }
    // Longest first: 部分达成 and 未达成 both contain 达成.
    let grades = [
        ("部分达成", QualGrade::Partial),
        ("未达成", QualGrade::NotAchieved),
        ("未完成", QualGrade::NotAchieved),
        ("达成", QualGrade::Achieved),
    ];
    if let Some(&(_, g)) = grades.iter().find(|(w, _)| t.starts_with(w)) {
        return Some(Actual::Graded(g));
    }
    Some(match target::parse(t) {
        Ok(Target {
            kind: TargetKind::Quantitative { value, unit, .. },
            ..
        }) => Actual::Number { value, unit },
        _ => Actual::Text(t.to_owned()),
    })
}

/// How an indicator scores, from its target's operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// ≥, >: 实际 ÷ 目标.
    Positive,
    /// ≤, <: 目标 ÷ 实际 (or the rule set's deviation formula).
    Reverse,
    /// =: full marks when met.
    Equal,
    /// A number with no operator: scored as 正向, and said so.
    Unstated,
    /// 定性: the clerk grades and scores within the band.
    Qualitative,
}

impl Direction {
    /// From a parsed target.
    pub fn of(target: &Target) -> Direction {
        match &target.kind {
            TargetKind::Qualitative => Direction::Qualitative,
            TargetKind::Quantitative { op, .. } => match op {
                Some(Op::Ge | Op::Gt) => Direction::Positive,
                Some(Op::Le | Op::Lt) => Direction::Reverse,
                Some(Op::Eq) => Direction::Equal,
                None => Direction::Unstated,
            },
        }
    }

    /// The Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Positive => "正向",
            Direction::Reverse => "反向",
            Direction::Equal => "等于",
            Direction::Unstated => "未写比较符号，按正向",
            Direction::Qualitative => "定性",
        }
    }
}

/// Why an indicator cannot be scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScoreError {
    /// The target and the actual are in units that cannot be compared.
    Units(UnitMismatch),
    /// A quantitative target with an actual that is not a number (`完成`).
    TextOnQuantitative(String),
    /// A 定性 target with a number for an actual.
    NumberOnQualitative,
    /// A 定性 target with an actual that is not a grade.
    UnknownGrade(String),
    /// 部分达成 / 未达成 with no score typed: the band does not fix one.
    ScoreNeeded(QualGrade),
    /// Numbers too large for exact arithmetic.
    Overflow,
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScoreError::Units(m) => m.fmt(f),
            ScoreError::TextOnQuantitative(t) => write!(
                f,
                "目标值是数字，实际完成值“{t}”不是数字，无法按公式计分；请填写实际完成的数字"
            ),
            ScoreError::NumberOnQualitative => write!(
                f,
                "定性指标的实际完成值应写 达成、部分达成 或 未达成，并在得分中填写所在档次内的分数"
            ),
            ScoreError::UnknownGrade(t) => write!(
                f,
                "定性指标的实际完成值“{t}”不是 达成、部分达成 或 未达成 之一"
            ),
            ScoreError::ScoreNeeded(g) => {
                write!(f, "定性指标“{}”须在得分中填写所在档次内的分数", g.name())
            }
            ScoreError::Overflow => write!(f, "数值过大，无法精确计算"),
        }
    }
}

/// A scored indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndicatorScore {
    /// The direction used.
    pub direction: Direction,
    /// The score and its explanation.
    pub score: Explained,
    /// Whether the target was met (a deduction on a met target needs a reason).
    pub met: bool,
    /// For 定性: the band `[low, high]` the typed score must lie in, when it does not.
    pub out_of_band: Option<(Decimal, Decimal)>,
    /// A unit conversion the clerk should see.
    pub note: Option<UnitNote>,
}

/// The band of a 定性 grade, `[low, high]` in points; `high` is excluded below 达成.
pub fn band_of(rules: &RuleSet, grade: QualGrade, weight: Decimal) -> (Decimal, Decimal) {
    let q = &rules.qualitative;
    match grade {
        QualGrade::Achieved => (q.achieved * weight, weight),
        QualGrade::Partial => (q.partial * weight, q.achieved * weight),
        QualGrade::NotAchieved => (Decimal::ZERO, q.partial * weight),
    }
}

/// Scores one indicator. `unit` is the 计量单位 column when the target text has none;
/// `typed` is the score the clerk typed (used for 定性, where the band only bounds it).
pub fn score_indicator(
    rules: &RuleSet,
    target: &Target,
    unit: Option<&str>,
    actual: &Actual,
    weight: Decimal,
    typed: Option<Decimal>,
) -> Result<IndicatorScore, ScoreError> {
    let direction = Direction::of(target);
    match (&target.kind, actual) {
        (TargetKind::Qualitative, Actual::Graded(g)) => Ok(qualitative(rules, *g, weight, typed)?),
        (TargetKind::Qualitative, Actual::Number { .. }) => Err(ScoreError::NumberOnQualitative),
        (TargetKind::Qualitative, Actual::Text(t)) => Err(ScoreError::UnknownGrade(t.clone())),
        (
            TargetKind::Quantitative {
                value, unit: tu, ..
            },
            Actual::Number { value: b, unit: au },
        ) => {
            let tu = if tu.trim().is_empty() {
                unit.unwrap_or("")
            } else {
                tu
            };
            let r = reconcile(*value, tu, *b, au).map_err(ScoreError::Units)?;
            let (met, score) = quantitative(rules, direction, target, r.target, r.actual, weight)?;
            Ok(IndicatorScore {
                direction,
                score,
                met,
                out_of_band: None,
                note: r.note,
            })
        }
        (TargetKind::Quantitative { .. }, Actual::Graded(_) | Actual::Text(_)) => {
            let text = match actual {
                Actual::Graded(g) => g.name().to_owned(),
                Actual::Text(t) => t.clone(),
                _ => String::new(),
            };
            Err(ScoreError::TextOnQuantitative(text))
        }
        // Callers drop 不适用 before scoring; scoring one anyway gives nothing to explain.
        (_, Actual::NotApplicable) => Ok(IndicatorScore {
            direction,
            score: Explained {
                value: Decimal::ZERO,
                explanation: "不适用，不计分".to_owned(),
            },
            met: true,
            out_of_band: None,
            note: None,
        }),
    }
}

fn qualitative(
    rules: &RuleSet,
    grade: QualGrade,
    weight: Decimal,
    typed: Option<Decimal>,
) -> Result<IndicatorScore, ScoreError> {
    let (low, high) = band_of(rules, grade, weight);
    let dp = rules.score_decimals;
    let (value, how) = match (typed, grade) {
        (Some(s), _) => (s, "填写的得分"),
        (None, QualGrade::Achieved) => (weight, "未填得分，按满分"),
        (None, g) => return Err(ScoreError::ScoreNeeded(g)),
    };
    let inside = match grade {
        QualGrade::Achieved => value >= low && value <= high,
        _ => value >= low && value < high,
    };
    let close = if grade == QualGrade::Achieved {
        "]"
    } else {
        ")"
    };
    let explanation = format!(
        "定性：{}，档次 [{}, {}{close}，{how}：得分 = {}",
        grade.name(),
        fixed(low, dp),
        fixed(high, dp),
        fixed(value, dp)
    );
    Ok(IndicatorScore {
        direction: Direction::Qualitative,
        score: Explained {
            value: round(value, dp),
            explanation,
        },
        met: grade == QualGrade::Achieved,
        out_of_band: (!inside).then_some((low, high)),
        note: None,
    })
}

/// Whether `b` meets target `a` under `op` (no operator: at least `a`).
fn is_met(op: Option<Op>, a: Decimal, b: Decimal) -> bool {
    match op {
        Some(Op::Ge) | None => b >= a,
        Some(Op::Gt) => b > a,
        Some(Op::Le) => b <= a,
        Some(Op::Lt) => b < a,
        Some(Op::Eq) => b == a,
    }
}

fn quantitative(
    rules: &RuleSet,
    direction: Direction,
    target: &Target,
    a: Decimal,
    b: Decimal,
    w: Decimal,
) -> Result<(bool, Explained), ScoreError> {
    // A negative actual counts as 0 (the 一体化 systems' rule).
    let b = b.max(Decimal::ZERO);
    let met = is_met(target.op(), a, b);
    let dp = rules.score_decimals;
    let done = |raw: Decimal, explanation: String| {
        let value = round(raw.clamp(Decimal::ZERO, w), dp);
        Ok((
            met,
            Explained {
                value,
                explanation: format!("{explanation} = {}", fixed(value, dp)),
            },
        ))
    };
    let (pa, pb, pw) = (plain(a), plain(b), plain(w));
    match direction {
        Direction::Positive | Direction::Unstated if a <= Decimal::ZERO => done(
            if b >= a { w } else { Decimal::ZERO },
            format!("目标值为 {pa}，不能作除数；实际值 {pb} 不低于目标值，得满分：得分"),
        ),
        Direction::Positive | Direction::Unstated => {
            let raw = capped_ratio(b, a, w)?;
            let prefix = if direction == Direction::Unstated {
                "目标值未写比较符号，按正向计分："
            } else {
                ""
            };
            done(raw, format!("{prefix}得分 = min({pb} / {pa}, 1) × {pw}"))
        }
        Direction::Reverse if b <= a && b.is_zero() => {
            done(w, format!("实际值 0 不高于目标值 {pa}，得满分：得分"))
        }
        Direction::Reverse if a <= Decimal::ZERO => done(
            Decimal::ZERO,
            format!("目标值为 {pa}，实际值 {pb} 高于目标值，不能作除数：得分"),
        ),
        Direction::Reverse => match rules.reverse {
            ReverseFormula::Ratio => done(
                capped_ratio(a, b, w)?,
                format!("得分 = min({pa} / {pb}, 1) × {pw}"),
            ),
            ReverseFormula::Deviation => {
                let over = b
                    .checked_sub(a)
                    .ok_or(ScoreError::Overflow)?
                    .max(Decimal::ZERO);
                let share = over.checked_div(a).ok_or(ScoreError::Overflow)?;
                let raw = (Decimal::ONE - share.min(Decimal::ONE))
                    .checked_mul(w)
                    .ok_or(ScoreError::Overflow)?;
                done(
                    raw,
                    format!("得分 = max(1 − max({pb} − {pa}, 0) / {pa}, 0) × {pw}"),
                )
            }
        },
        Direction::Equal if met => done(w, format!("实际值 {pb} 等于目标值 {pa}，得满分：得分")),
        Direction::Equal => match rules.equal_miss {
            EqualMiss::Ratio if !a.is_zero() && !b.is_zero() => {
                let (lo, hi) = (a.min(b), a.max(b));
                done(
                    capped_ratio(lo, hi, w)?,
                    format!("得分 = min({pa}, {pb}) / max({pa}, {pb}) × {pw}"),
                )
            }
            _ => done(
                Decimal::ZERO,
                format!("实际值 {pb} 不等于目标值 {pa}：得分"),
            ),
        },
        Direction::Qualitative => {
            unreachable!("a quantitative target has an operator or none, never 定性")
        }
    }
}

/// min(num / den, 1) × w, with den > 0 (callers handle 0 first).
fn capped_ratio(num: Decimal, den: Decimal, w: Decimal) -> Result<Decimal, ScoreError> {
    let ratio = num.checked_div(den).ok_or(ScoreError::Overflow)?;
    ratio
        .min(Decimal::ONE)
        .checked_mul(w)
        .ok_or(ScoreError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn score(rules: &RuleSet, target: &str, actual: &str, w: &str) -> IndicatorScore {
        let t = target::parse(target).unwrap();
        let a = parse_actual(actual).unwrap();
        score_indicator(rules, &t, None, &a, d(w), None).unwrap()
    }

    fn central() -> RuleSet {
        RuleSet::central()
    }

    #[test]
    fn positive_below_target_is_proportional_and_explained() {
        let s = score(&central(), "≥90万元", "89.9", "10");
        assert_eq!(s.direction, Direction::Positive);
        assert_eq!(s.score.value, d("9.99"));
        assert_eq!(s.score.explanation, "得分 = min(89.9 / 90, 1) × 10 = 9.99");
        assert!(!s.met);
        // 89.974 / 90 × 10 = 9.9971…, which rounds to 10.00 (the sample line shows
        // 9.99, a truncation): the target is still not met, though the points are full.
        let s = score(&central(), "≥90万元", "89.974", "10");
        assert_eq!(
            s.score.explanation,
            "得分 = min(89.974 / 90, 1) × 10 = 10.00"
        );
        assert!(!s.met);
    }

    #[test]
    fn positive_over_target_is_capped_at_the_weight() {
        let s = score(&central(), "≥50个", "80", "8");
        assert_eq!(s.score.value, d("8"));
        assert!(s.met);
        assert_eq!(s.score.explanation, "得分 = min(80 / 50, 1) × 8 = 8.00");
    }

    #[test]
    fn greater_than_met_only_when_strictly_above() {
        assert!(!score(&central(), ">95%", "95%", "10").met);
        assert!(score(&central(), ">95%", "96%", "10").met);
    }

    #[test]
    fn reverse_central_and_deviation_formulas() {
        let s = score(&central(), "≤90万元", "120", "10");
        assert_eq!(s.direction, Direction::Reverse);
        assert_eq!(s.score.value, d("7.5"));
        assert_eq!(s.score.explanation, "得分 = min(90 / 120, 1) × 10 = 7.50");
        let hubei = RuleSet::builtin("湖北").unwrap();
        let s = score(&hubei, "≤90万元", "120", "10");
        assert_eq!(s.score.value, d("6.67"));
        assert_eq!(
            s.score.explanation,
            "得分 = max(1 − max(120 − 90, 0) / 90, 0) × 10 = 6.67"
        );
        // From twice the target the deviation formula gives nothing.
        assert_eq!(score(&hubei, "≤90万元", "180", "10").score.value, d("0"));
        assert_eq!(score(&hubei, "≤90万元", "500", "10").score.value, d("0"));
        // Met: full marks under both.
        assert_eq!(
            score(&central(), "≤90万元", "89", "10").score.value,
            d("10")
        );
        assert_eq!(score(&hubei, "≤90万元", "89", "10").score.value, d("10"));
    }

    #[test]
    fn reverse_with_zero_actual_or_zero_target_never_divides_by_zero() {
        let s = score(&central(), "≤3次", "0", "5");
        assert_eq!(s.score.value, d("5"));
        assert_eq!(
            s.score.explanation,
            "实际值 0 不高于目标值 3，得满分：得分 = 5.00"
        );
        let s = score(&central(), "≤0起", "2", "5");
        assert_eq!(s.score.value, d("0"));
        assert!(s.score.explanation.contains("不能作除数"));
        assert_eq!(score(&central(), "≤0起", "0", "5").score.value, d("5"));
    }

    #[test]
    fn positive_with_zero_target_is_handled_and_said() {
        let s = score(&central(), "≥0个", "3", "5");
        assert_eq!(s.score.value, d("5"));
        assert!(s.score.explanation.starts_with("目标值为 0，不能作除数"));
    }

    #[test]
    fn equal_full_when_met_zero_or_ratio_when_missed() {
        assert_eq!(
            score(&central(), "=100%", "100%", "10").score.value,
            d("10")
        );
        assert_eq!(score(&central(), "=100%", "90%", "10").score.value, d("0"));
        let mut ratio = central();
        ratio.equal_miss = EqualMiss::Ratio;
        assert_eq!(score(&ratio, "=100%", "90%", "10").score.value, d("9"));
        assert_eq!(score(&ratio, "=100%", "110%", "10").score.value, d("9.09"));
        // = 0: full when the actual is 0 (or negative, read as 0), else nothing.
        assert_eq!(score(&ratio, "=0起", "0", "4").score.value, d("4"));
        assert_eq!(score(&ratio, "=0起", "-1", "4").score.value, d("4"));
        assert_eq!(score(&ratio, "=0起", "1", "4").score.value, d("0"));
    }

    #[test]
    fn no_operator_scores_as_positive_and_says_so() {
        let s = score(&central(), "100%", "92%", "2");
        assert_eq!(s.direction, Direction::Unstated);
        assert_eq!(s.score.value, d("1.84"));
        assert!(
            s.score
                .explanation
                .starts_with("目标值未写比较符号，按正向计分")
        );
    }

    #[test]
    fn rounding_half_up_at_the_second_decimal() {
        // 40.1 / 200 × 10 = 2.005 exactly: half up gives 2.01 (half to even would give 2.00).
        assert_eq!(
            score(&central(), "≥200", "40.1", "10").score.value,
            d("2.01")
        );
        assert_eq!(score(&central(), "≥3", "1", "10").score.value, d("3.33"));
        assert_eq!(score(&central(), "≥3", "2", "10").score.value, d("6.67"));
    }

    #[test]
    fn qualitative_bands_central_and_hubei() {
        let c = central();
        let t = target::parse("效果明显").unwrap();
        let run = |rules: &RuleSet, g: QualGrade, typed: &str| {
            score_indicator(rules, &t, None, &Actual::Graded(g), d("10"), Some(d(typed))).unwrap()
        };
        assert_eq!(run(&c, QualGrade::Achieved, "8").out_of_band, None);
        assert_eq!(run(&c, QualGrade::Achieved, "10").out_of_band, None);
        assert_eq!(
            run(&c, QualGrade::Achieved, "7.9").out_of_band,
            Some((d("8.0"), d("10")))
        );
        assert_eq!(run(&c, QualGrade::Partial, "6").out_of_band, None);
        assert!(
            run(&c, QualGrade::Partial, "8").out_of_band.is_some(),
            "[6, 8) excludes 8"
        );
        assert!(run(&c, QualGrade::Partial, "5.5").out_of_band.is_some());
        assert_eq!(run(&c, QualGrade::NotAchieved, "5.99").out_of_band, None);
        assert!(run(&c, QualGrade::NotAchieved, "6").out_of_band.is_some());
        let h = RuleSet::builtin("湖北").unwrap();
        assert_eq!(run(&h, QualGrade::Partial, "5.5").out_of_band, None);
        assert!(run(&h, QualGrade::NotAchieved, "5.5").out_of_band.is_some());
        let s = run(&c, QualGrade::Partial, "7");
        assert_eq!(
            s.score.explanation,
            "定性：部分达成，档次 [6.00, 8.00)，填写的得分：得分 = 7.00"
        );
    }

    #[test]
    fn qualitative_achieved_without_a_score_gets_full_marks_others_must_type_one() {
        let t = target::parse("效果明显").unwrap();
        let s = score_indicator(
            &central(),
            &t,
            None,
            &parse_actual("达成预期指标").unwrap(),
            d("10"),
            None,
        )
        .unwrap();
        assert_eq!(s.score.value, d("10"));
        let e = score_indicator(
            &central(),
            &t,
            None,
            &Actual::Graded(QualGrade::Partial),
            d("10"),
            None,
        );
        assert_eq!(e, Err(ScoreError::ScoreNeeded(QualGrade::Partial)));
    }

    #[test]
    fn mismatched_kinds_and_units_are_errors_not_guesses() {
        let c = central();
        let t = target::parse("≤30万元").unwrap();
        let e = score_indicator(&c, &t, None, &parse_actual("完成").unwrap(), d("90"), None)
            .unwrap_err();
        assert_eq!(e, ScoreError::TextOnQuantitative("完成".into()));
        assert!(e.to_string().contains("不是数字"));
        let t = target::parse("≥50个").unwrap();
        let e = score_indicator(&c, &t, None, &parse_actual("50人次").unwrap(), d("8"), None)
            .unwrap_err();
        assert!(matches!(e, ScoreError::Units(_)));
        let t = target::parse("效果明显").unwrap();
        let e =
            score_indicator(&c, &t, None, &parse_actual("95%").unwrap(), d("8"), None).unwrap_err();
        assert_eq!(e, ScoreError::NumberOnQualitative);
    }

    #[test]
    fn unit_column_is_used_when_the_target_has_none() {
        let t = target::parse("≥95").unwrap();
        let s = score_indicator(
            &central(),
            &t,
            Some("%"),
            &parse_actual("0.9").unwrap(),
            d("10"),
            None,
        )
        .unwrap();
        assert_eq!(s.score.value, d("9.47"));
        assert!(matches!(s.note, Some(UnitNote::FractionAsPercent { .. })));
    }

    #[test]
    fn actual_parsing() {
        assert_eq!(parse_actual("  "), None);
        assert_eq!(parse_actual("不适用"), Some(Actual::NotApplicable));
        assert_eq!(
            parse_actual("部分达成"),
            Some(Actual::Graded(QualGrade::Partial))
        );
        assert_eq!(
            parse_actual("未达成"),
            Some(Actual::Graded(QualGrade::NotAchieved))
        );
        assert_eq!(
            parse_actual("达成预期指标"),
            Some(Actual::Graded(QualGrade::Achieved))
        );
        assert_eq!(
            parse_actual("72.74%"),
            Some(Actual::Number {
                value: d("72.74"),
                unit: "%".into()
            })
        );
        assert_eq!(parse_actual("良好"), Some(Actual::Text("良好".into())));
    }
}
