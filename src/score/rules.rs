//! Scoring rule sets as data: what differs between provinces (weights, the 反向 formula,
//! the 定性 bands, rounding, grades) lives in `templates/rules/*.toml`, not in code.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::money::{decimal_from_f64, parse_decimal};

/// How a 反向 (≤, <) indicator that missed its target scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReverseFormula {
    /// Central: 目标值 ÷ 实际值 × 分值.
    Ratio,
    /// The 一体化 systems: (1 − (实际 − 目标) ÷ 目标) × 分值, 0 from twice the target.
    Deviation,
}

/// How an `=` indicator that missed its target scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EqualMiss {
    /// No points.
    Zero,
    /// The smaller of the two over the larger, times 分值.
    Ratio,
}

/// Lower bounds of the 定性 bands, as fractions of 分值.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualitativeBands {
    /// 达成: [achieved, 1].
    #[serde(deserialize_with = "decimal")]
    pub achieved: Decimal,
    /// 部分达成: [partial, achieved).
    #[serde(deserialize_with = "decimal")]
    pub partial: Decimal,
}

/// One grade: a total of at least `min` earns `name`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// 优, 良, 中, 差.
    pub name: String,
    /// The lowest total with this grade.
    #[serde(deserialize_with = "decimal")]
    pub min: Decimal,
}

/// A named set of scoring rules.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// 中央, 湖北.
    pub name: String,
    /// Points of the budget execution block.
    #[serde(deserialize_with = "decimal")]
    pub budget_weight: Decimal,
    /// Points the indicators add up to.
    #[serde(deserialize_with = "decimal")]
    pub indicator_total: Decimal,
    /// The 反向 formula.
    pub reverse: ReverseFormula,
    /// The `=` formula when missed.
    pub equal_miss: EqualMiss,
    /// Decimals every score is rounded to (half away from zero, as 四舍五入).
    pub score_decimals: u32,
    /// Decimals of the percentage the 执行率 is rounded to before scoring, if any.
    #[serde(default)]
    pub rate_percent_decimals: Option<u32>,
    /// An 执行率 below this needs a reason.
    #[serde(deserialize_with = "decimal")]
    pub reason_below_rate: Decimal,
    /// The 定性 bands.
    pub qualitative: QualitativeBands,
    /// Grades, highest first.
    pub grades: Vec<Grade>,
}

/// The built-in rule sets: name and definition text.
const BUILTIN: &[(&str, &str)] = &[
    ("中央", include_str!("../../templates/rules/central.toml")),
    ("湖北", include_str!("../../templates/rules/hubei.toml")),
];

/// Why a rule set cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSetError {
    /// No built-in set has this name.
    Unknown(String),
    /// The definition text is malformed.
    Invalid(String),
}

impl fmt::Display for RuleSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleSetError::Unknown(name) => write!(
                f,
                "没有名为“{name}”的评分规则，可用的有：{}",
                names().join("、")
            ),
            RuleSetError::Invalid(why) => write!(f, "评分规则的写法有误：{why}"),
        }
    }
}

/// Names of the built-in rule sets.
pub fn names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(n, _)| *n).collect()
}

impl RuleSet {
    /// Reads a rule set from its TOML text and checks it is coherent.
    pub fn parse(text: &str) -> Result<RuleSet, RuleSetError> {
        let set: RuleSet =
            toml::from_str(text).map_err(|e| RuleSetError::Invalid(e.message().to_owned()))?;
        set.validate()?;
        Ok(set)
    }

    /// A built-in rule set by name (`中央`, `湖北`).
    pub fn builtin(name: &str) -> Result<RuleSet, RuleSetError> {
        let (_, text) = BUILTIN
            .iter()
            .find(|(n, _)| *n == name.trim())
            .ok_or_else(|| RuleSetError::Unknown(name.trim().to_owned()))?;
        Self::parse(text)
    }

    /// The central rule set, used when a spec names none.
    pub fn central() -> RuleSet {
        // The built-in text is compiled in and parsed by a unit test, so it cannot fail here.
        Self::builtin("中央").expect("the built-in central rule set parses (tested)")
    }

    /// The grade a total earns: the first grade whose minimum it reaches.
    pub fn grade(&self, total: Decimal) -> Option<&str> {
        self.grades
            .iter()
            .find(|g| total >= g.min)
            .map(|g| g.name.as_str())
    }

    fn validate(&self) -> Result<(), RuleSetError> {
        let bad = |why: &str| Err(RuleSetError::Invalid(why.to_owned()));
        let q = &self.qualitative;
        if !(Decimal::ZERO < q.partial && q.partial < q.achieved && q.achieved <= Decimal::ONE) {
            return bad("定性档次须满足 0 < partial < achieved ≤ 1");
        }
        if self.budget_weight < Decimal::ZERO || self.indicator_total <= Decimal::ZERO {
            return bad("预算执行分值不能为负，指标总分须大于 0");
        }
        if self.score_decimals > 6 || self.rate_percent_decimals.is_some_and(|d| d > 6) {
            return bad("小数位数最多 6 位");
        }
        if self.grades.is_empty() || self.grades.windows(2).any(|w| w[0].min <= w[1].min) {
            return bad("等级须从高到低排列，下限递减");
        }
        Ok(())
    }
}

/// A decimal written as a TOML integer, float or string.
fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Int(i64),
        Float(f64),
        Text(String),
    }
    let parsed = match Written::deserialize(d)? {
        Written::Int(i) => Ok(Decimal::from(i)),
        Written::Float(f) => decimal_from_f64(f),
        Written::Text(s) => parse_decimal(&s),
    };
    parsed.map_err(|_| serde::de::Error::custom("不是有效的数字"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_and_differ_where_the_provinces_differ() {
        let central = RuleSet::central();
        let hubei = RuleSet::builtin("湖北").unwrap();
        assert_eq!(central.budget_weight, Decimal::from(10));
        assert_eq!(hubei.budget_weight, Decimal::from(20));
        assert_eq!(
            central.indicator_total + central.budget_weight,
            Decimal::ONE_HUNDRED
        );
        assert_eq!(
            hubei.indicator_total + hubei.budget_weight,
            Decimal::ONE_HUNDRED
        );
        assert_eq!(central.reverse, ReverseFormula::Ratio);
        assert_eq!(hubei.reverse, ReverseFormula::Deviation);
        assert_eq!(central.qualitative.partial, Decimal::new(6, 1));
        assert_eq!(hubei.qualitative.partial, Decimal::new(5, 1));
    }

    #[test]
    fn grade_bands() {
        let c = RuleSet::central();
        for (total, grade) in [
            (100, "优"),
            (90, "优"),
            (89, "良"),
            (80, "良"),
            (79, "中"),
            (60, "中"),
            (59, "差"),
            (0, "差"),
        ] {
            assert_eq!(c.grade(Decimal::from(total)), Some(grade), "{total}");
        }
        assert_eq!(c.grade(Decimal::new(8999, 2)), Some("良"));
    }

    #[test]
    fn unknown_name_lists_the_known_ones() {
        let e = RuleSet::builtin("江苏").unwrap_err();
        assert_eq!(
            e.to_string(),
            "没有名为“江苏”的评分规则，可用的有：中央、湖北"
        );
    }

    #[test]
    fn incoherent_sets_are_refused() {
        let text = include_str!("../../templates/rules/central.toml");
        let swapped = text.replace("partial = 0.6", "partial = 0.9");
        assert!(matches!(
            RuleSet::parse(&swapped),
            Err(RuleSetError::Invalid(_))
        ));
        let unknown = format!("{text}\nextra = 1\n");
        assert!(RuleSet::parse(&unknown).is_err());
    }
}
