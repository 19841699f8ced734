//! The year-end 自评表 as data: the scored table the validator makes of a 自评 spec and
//! the exporters print (reading, checking and scoring it is `crate::selfeval`'s job).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{FieldValue, FormKind, Indicator, Style};
use crate::formdef::FormDef;
use crate::score::{
    BudgetRow, BudgetScore, Explained, IndicatorTotal, RuleSet, Total, fixed, plain,
};
use crate::sheet::Formula;

/// The two 自评 forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelfEvalKind {
    /// 项目支出绩效自评表.
    Project,
    /// 部门整体支出绩效自评表.
    Department,
}

impl SelfEvalKind {
    /// The title as printed.
    pub fn title(self) -> &'static str {
        match self {
            SelfEvalKind::Project => "项目支出绩效自评表",
            SelfEvalKind::Department => "部门整体支出绩效自评表",
        }
    }

    /// The model of its form definitions (`[form] model`).
    pub fn model(self) -> &'static str {
        match self {
            SelfEvalKind::Project => "项目自评",
            SelfEvalKind::Department => "部门整体自评",
        }
    }

    /// The form a `form = …` names: the titles and the short names clerks use.
    pub fn named(name: &str) -> Option<SelfEvalKind> {
        let folded = crate::formdef::builtin::fold(name);
        const PROJECT: &[&str] = &[
            "项目支出绩效自评表",
            "自评",
            "项目自评",
            "项目支出自评",
            "绩效自评表",
            "部门预算项目支出绩效自评表",
            "项目绩效自评表",
        ];
        const DEPARTMENT: &[&str] = &[
            "部门整体支出绩效自评表",
            "部门整体自评",
            "整体自评",
            "部门整体绩效自评表",
            "部门(单位)整体支出绩效自评表",
        ];
        let is = |names: &[&str]| {
            names
                .iter()
                .any(|n| crate::formdef::builtin::fold(n) == folded)
        };
        if is(PROJECT) {
            Some(SelfEvalKind::Project)
        } else if is(DEPARTMENT) {
            Some(SelfEvalKind::Department)
        } else {
            None
        }
    }
}

/// One budget row with its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundLine {
    /// 年度资金总额, 其中:当年财政拨款 …
    pub label: String,
    /// The amounts.
    pub row: BudgetRow,
}

/// One scored indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoredIndicator {
    /// 一级指标.
    pub level1: String,
    /// 二级指标.
    pub level2: Option<String>,
    /// 三级指标.
    pub name: String,
    /// 年度指标值 as written.
    pub target: String,
    /// 计量单位.
    pub unit: Option<String>,
    /// 分值.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// 实际完成值 as written.
    pub actual: Option<String>,
    /// The computed score; `None` for 不适用 or when it cannot be computed.
    pub score: Option<Explained>,
    /// Marked 不适用.
    pub not_applicable: bool,
    /// 偏差原因分析及改进措施.
    pub reason: Option<String>,
    /// Where its name and its target are in the spec (for the link to the goal table).
    #[serde(skip)]
    pub spans: (Range<usize>, Range<usize>),
    /// The score as a spreadsheet formula of `{actual}` and `{weight}` (placeholders for this
    /// row's cells), when it is one (a number against a quantitative target, no unit
    /// conversion); 定性 and 不适用 scores are typed, not computed.
    #[serde(skip)]
    pub formula: Option<String>,
}

/// A checked, scored 自评.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scored {
    /// Which form.
    #[serde(skip)]
    pub kind: SelfEvalKind,
    /// The form's title (for the JSON export).
    pub form: &'static str,
    /// The year evaluated.
    pub year: u16,
    /// The rule set used.
    #[serde(serialize_with = "rule_set_name")]
    pub rules: RuleSet,
    /// The printed layout (`四川`), when not the central one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// 项目名称 or 部门(单位)名称.
    pub name: String,
    /// 主管部门.
    pub department: Option<String>,
    /// 实施单位.
    pub unit: Option<String>,
    /// The goal table it was rolled from, and where `goal = …` is.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "goal_path")]
    pub goal: Option<(String, Range<usize>)>,
    /// 预期目标 / 实际完成情况.
    pub goals: (Option<String>, Option<String>),
    /// Budget rows, 年度资金总额 first.
    pub funds: Vec<FundLine>,
    /// The budget block's 分值.
    #[serde(with = "rust_decimal::serde::str")]
    pub funds_weight: Decimal,
    /// 执行率 and its score, when computable.
    pub budget: Option<BudgetScore>,
    /// Why the 执行率 is low.
    pub funds_reason: Option<String>,
    /// The indicators in the order written.
    pub indicators: Vec<ScoredIndicator>,
    /// The indicators' part of the total, when every applicable one could be scored.
    pub indicator_total: Option<IndicatorTotal>,
    /// 总分 and grade, when everything could be scored.
    pub total: Option<Total>,
    /// 评价结论 / 存在问题 / 改进措施.
    pub conclusion: [Option<String>; 3],
    /// The indicators as the layout engine prints them (with their 自评 columns).
    #[serde(skip)]
    pub rows: Vec<Indicator>,
    /// The form definition it is printed by.
    #[serde(skip)]
    pub definition: &'static FormDef,
    /// Page settings.
    #[serde(skip)]
    pub style: Style,
    /// Fields a definition adds (none for the built-in 自评 forms).
    #[serde(skip)]
    pub extra: BTreeMap<String, String>,
}

fn goal_path<S: serde::Serializer>(
    goal: &Option<(String, Range<usize>)>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match goal {
        Some((path, _)) => s.serialize_str(path),
        None => s.serialize_none(),
    }
}

/// `indicators[3].score` → (3, `score`).
fn indicator_cell(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("indicators[")?;
    let (n, key) = rest.split_once("].")?;
    Some((n.parse().ok()?, key))
}

fn rule_set_name<S: serde::Serializer>(rules: &RuleSet, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rules.name)
}

fn text(s: &str) -> Option<Option<FieldValue<'_>>> {
    Some(Some(FieldValue::Text(Cow::Borrowed(s))))
}

fn opt(s: &Option<String>) -> Option<Option<FieldValue<'_>>> {
    Some(s.as_deref().map(|s| FieldValue::Text(Cow::Borrowed(s))))
}

fn owned(s: Option<String>) -> Option<Option<FieldValue<'static>>> {
    Some(s.map(|s| FieldValue::Text(Cow::Owned(s))))
}

impl Scored {
    /// The form kind of the goal-table registry this 自评 prints as.
    pub fn form_kind(&self) -> FormKind {
        match self.kind {
            SelfEvalKind::Project => FormKind::ProjectSelfEval,
            SelfEvalKind::Department => FormKind::DepartmentSelfEval,
        }
    }

    /// A field by its spec path, computed ones included (`execution.rate`, `total_points`):
    /// `Some(value)` for a path the 自评 has, `None` for one it does not.
    pub fn typed(&self, path: &str) -> Option<Option<FieldValue<'_>>> {
        let dp = self.rules.score_decimals;
        let b = self.budget.as_ref();
        match path {
            "project.name" | "department.name" => text(&self.name),
            "project.department" => opt(&self.department),
            "project.unit" => opt(&self.unit),
            "goals.expected" => opt(&self.goals.0),
            "goals.actual" => opt(&self.goals.1),
            "rules" => text(&self.rules.name),
            "execution.weight" => owned(Some(plain(self.funds_weight))),
            "execution.rate" => owned(b.map(|b| format!("{}%", fixed(b.rate.value, 2)))),
            "execution.points" => owned(b.map(|b| fixed(b.score.value, dp))),
            "execution.reason" => opt(&self.funds_reason),
            "indicator_points" => owned(
                self.indicator_total
                    .as_ref()
                    .map(|t| fixed(t.score.value, dp)),
            ),
            "total_points" => owned(self.total.as_ref().map(|t| fixed(t.total.value, dp))),
            "grade" => owned(self.total.as_ref().and_then(|t| t.grade.clone())),
            "conclusion.summary" => opt(&self.conclusion[0]),
            "conclusion.problems" => opt(&self.conclusion[1]),
            "conclusion.measures" => opt(&self.conclusion[2]),
            _ => None,
        }
    }

    /// A cell of the `funds` rows: the amounts as written, and on the first row (年度资金总额)
    /// the block's 分值, 执行率 and 得分.
    pub fn row_field(&self, array: &str, row: usize, key: &str) -> Option<FieldValue<'_>> {
        if array != "funds" {
            return None;
        }
        let line = self.funds.get(row)?;
        let amount = |d: Option<Decimal>| d.map(|d| FieldValue::Text(Cow::Owned(plain(d))));
        let first = |path: &str| {
            if row == 0 {
                self.typed(path).flatten()
            } else {
                None
            }
        };
        match key {
            "source" => Some(FieldValue::Text(Cow::Borrowed(&line.label))),
            "initial" => amount(line.row.initial),
            "adjusted" => amount(line.row.adjusted),
            "executed" => amount(line.row.executed),
            "weight" => first("execution.weight"),
            "rate" => first("execution.rate"),
            "points" => first("execution.points"),
            _ => None,
        }
    }

    /// The formula of a computed cell, by the cell's spec path.
    pub fn formula(&self, path: &str) -> Option<Formula> {
        let dp = self.rules.score_decimals;
        let number = |expr: String| {
            Some(Formula {
                expr,
                format: Some("0.00"),
            })
        };
        let (e, a, w) = (
            "{funds[0].executed}",
            "{funds[0].adjusted}",
            "{funds[0].weight}",
        );
        match path {
            "funds[0].rate" if self.budget.is_some() => Some(Formula {
                expr: format!("ROUND(MAX({e},0)/{a}*100,2)"),
                format: Some("0.00\"%\""),
            }),
            "funds[0].points" if self.budget.is_some() => {
                let rate = match self.rules.rate_percent_decimals {
                    Some(rd) => format!("ROUND(MAX({e},0)/{a}*100,{rd})/100"),
                    None => format!("MAX({e},0)/{a}"),
                };
                number(format!("ROUND(MIN({rate},1)*{w},{dp})"))
            }
            "total_points" => {
                self.total.as_ref()?;
                number(format!(
                    "ROUND({{funds[0].points}}+{},{dp})",
                    self.indicator_sum()?
                ))
            }
            "grade" => {
                self.total.as_ref()?;
                let mut expr = String::new();
                let (last, above) = self.rules.grades.split_last()?;
                for g in above {
                    expr.push_str(&format!(
                        "IF({{total_points}}>={},\"{}\",",
                        plain(g.min),
                        g.name
                    ));
                }
                expr.push_str(&format!("\"{}\"", last.name));
                expr.push_str(&")".repeat(above.len()));
                Some(Formula { expr, format: None })
            }
            _ => {
                let (i, key) = indicator_cell(path)?;
                let ind = self.indicators.get(i).filter(|_| key == "score")?;
                let f = ind.formula.as_ref()?;
                number(
                    f.replace("{actual}", &format!("{{indicators[{i}].actual}}"))
                        .replace("{weight}", &format!("{{indicators[{i}].weight}}")),
                )
            }
        }
    }

    /// The indicators' part of 总分 as an expression of their score cells: their sum, or the
    /// rescaled sum when some are 不适用.
    fn indicator_sum(&self) -> Option<String> {
        self.indicator_total.as_ref()?;
        let applicable: Vec<usize> = (0..self.indicators.len())
            .filter(|&i| !self.indicators[i].not_applicable)
            .collect();
        let cells: Vec<String> = applicable
            .iter()
            .map(|i| format!("{{indicators[{i}].score}}"))
            .collect();
        let sum = if cells.is_empty() {
            "0".to_owned()
        } else {
            cells.join("+")
        };
        if applicable.len() == self.indicators.len() {
            return Some(format!("({sum})"));
        }
        let applicable_weight: Decimal = applicable
            .iter()
            .filter_map(|&i| self.indicators[i].weight)
            .sum();
        if applicable_weight.is_zero() {
            return Some("0".to_owned());
        }
        Some(format!(
            "({sum})/{}*{}",
            plain(applicable_weight),
            plain(self.rules.indicator_total)
        ))
    }

    /// Every computed number with where it is and how it was computed, in form order.
    pub fn explanations(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(b) = &self.budget {
            out.push(("预算执行率".to_owned(), b.rate.explanation.clone()));
            out.push(("预算执行得分".to_owned(), b.score.explanation.clone()));
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            let what = format!("第 {} 个指标“{}”", i + 1, ind.name);
            match &ind.score {
                Some(s) => out.push((what, s.explanation.clone())),
                None if ind.not_applicable => out.push((what, "不适用，不计分".to_owned())),
                None => out.push((what, "无法计分（见检查结果）".to_owned())),
            }
        }
        if let Some(t) = &self.indicator_total {
            out.push(("绩效指标".to_owned(), t.score.explanation.clone()));
        }
        if let Some(t) = &self.total {
            out.push(("总分".to_owned(), t.total.explanation.clone()));
        }
        out
    }
}
