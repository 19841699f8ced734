//! A 自评 spec as written: every value keeps its byte span, so each finding points at it.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::money::{decimal_from_f64, parse_decimal};

/// A number written as a TOML integer, float or string (`89.974`, `"89.974"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Num(pub Decimal);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Written::deserialize(d)? {
            Written::Int(i) => Ok(Num(Decimal::from(i))),
            Written::Float(f) => decimal_from_f64(f).map(Num),
            Written::Text(s) => parse_decimal(&s).map(Num),
        }
        .map_err(|_| serde::de::Error::custom("不是有效的数字"))
    }
}

/// A value that may be written as a number or as text (`实际完成值 = 50` or `"达成"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Text(match Written::deserialize(d)? {
            Written::Int(i) => i.to_string(),
            // `{}` on f64 prints the shortest round-trip form: 89.974 stays 89.974.
            Written::Float(f) => format!("{f}"),
            Written::Text(s) => s,
        }))
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Written {
    Int(i64),
    Float(f64),
    Text(String),
}

/// The whole spec.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSelfEval {
    /// `项目支出绩效自评表` or `部门整体支出绩效自评表` (or a short name).
    pub form: Spanned<String>,
    /// The year evaluated.
    pub year: Spanned<i64>,
    /// The rule set (`中央`, `湖北`); the central one when absent.
    #[serde(default)]
    pub rules: Option<Spanned<String>>,
    /// The printed layout (`四川`); the central one when absent.
    #[serde(default)]
    pub layout: Option<Spanned<String>>,
    /// The goal table this evaluation was rolled from (relative to the spec's folder).
    #[serde(default)]
    pub goal: Option<Spanned<String>>,
    /// 项目名称 / 主管部门 / 实施单位 (project form).
    #[serde(default)]
    pub project: Option<Spanned<Identity>>,
    /// 部门(单位)名称 (department form).
    #[serde(default)]
    pub department: Option<Spanned<Identity>>,
    /// 预算执行: the block's 分值, printed score and reason.
    #[serde(default)]
    pub execution: Execution,
    /// 项目资金 / 部门预算 rows, 年度资金总额 first (checked as required by the rules, so
    /// that a spec without them is still scored and its other findings reported).
    #[serde(default)]
    pub funds: Vec<Spanned<Row>>,
    /// 年度总体目标: 预期目标 / 实际完成情况.
    #[serde(default)]
    pub goals: Goals,
    /// The indicators.
    #[serde(default)]
    pub indicators: Vec<Spanned<RawIndicator>>,
    /// 总分 as printed (imported, or typed by hand), compared with the computed one.
    #[serde(default)]
    pub total: Option<Spanned<Num>>,
    /// 评价结论 / 存在问题 / 改进措施 (四川).
    #[serde(default)]
    pub conclusion: Conclusion,
}

/// Who the evaluation is of.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// 项目名称 or 部门(单位)名称.
    pub name: String,
    /// 主管部门.
    #[serde(default)]
    pub department: Option<String>,
    /// 实施单位.
    #[serde(default)]
    pub unit: Option<String>,
    /// 部门预算编码.
    #[serde(default)]
    pub code: Option<String>,
}

/// The budget execution block's own values.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Execution {
    /// The block's 分值 (default: the rule set's).
    #[serde(default)]
    pub weight: Option<Spanned<Num>>,
    /// 得分 as printed.
    #[serde(default)]
    pub score: Option<Spanned<Num>>,
    /// Why the 执行率 is low (needed below the rule set's threshold).
    #[serde(default)]
    pub reason: Option<String>,
}

/// One row: 资金来源 and 年初预算数 / 全年预算数 / 全年执行数, in 万元.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// 年度资金总额, 其中:当年财政拨款, 上年结转资金, 其他资金 (基本支出, 项目支出 …).
    pub source: Spanned<String>,
    /// 年初预算数.
    #[serde(default)]
    pub initial: Option<Spanned<Num>>,
    /// 全年预算数 (调整后预算数).
    #[serde(default)]
    pub adjusted: Option<Spanned<Num>>,
    /// 全年执行数.
    #[serde(default)]
    pub executed: Option<Spanned<Num>>,
}

/// 年度总体目标.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    /// 预期目标.
    #[serde(default)]
    pub expected: Option<String>,
    /// 实际完成情况.
    #[serde(default)]
    pub actual: Option<String>,
}

/// 评价结论 / 存在问题 / 改进措施.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conclusion {
    /// 评价结论.
    #[serde(default)]
    pub summary: Option<String>,
    /// 存在问题.
    #[serde(default)]
    pub problems: Option<String>,
    /// 改进措施.
    #[serde(default)]
    pub measures: Option<String>,
}

/// One 三级指标 with its actual and scores.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    /// 一级指标.
    pub level1: Spanned<String>,
    /// 二级指标.
    #[serde(default)]
    pub level2: Option<String>,
    /// 三级指标.
    pub name: Spanned<String>,
    /// 年度指标值 as the goal table has it.
    pub target: Spanned<String>,
    /// 计量单位, when kept apart from the target.
    #[serde(default)]
    pub unit: Option<String>,
    /// 分值.
    #[serde(default)]
    pub weight: Option<Spanned<Num>>,
    /// 实际完成值: a number with its unit, 达成 / 部分达成 / 未达成, or 不适用.
    #[serde(default)]
    pub actual: Option<Spanned<Text>>,
    /// 得分 as printed or typed (定性: the clerk's score within the band).
    #[serde(default)]
    pub score: Option<Spanned<Num>>,
    /// 偏差原因分析及改进措施.
    #[serde(default)]
    pub reason: Option<Spanned<String>>,
}
