//! Reads a 自评 spec, scores it and reports every finding where it is.

use std::ops::Range;

use rust_decimal::Decimal;
use toml::Spanned;

use super::raw::{Execution, Num, RawIndicator, RawSelfEval, Row};
use super::{FundLine, Scored, ScoredIndicator, SelfEvalKind};
use crate::diag::{Code, Diagnostic};
use crate::model::{Evaluation, Indicator};
use crate::score::{
    self, Actual, BudgetRow, Direction, ExecutionError, RuleSet, fixed, parse_actual, plain,
    printed_differs,
};
use crate::target;

/// Checks 自评 spec text: the scored table when it has no errors' worth of gaps, and every
/// finding.
pub fn check_text(text: &str) -> (Option<Scored>, Vec<Diagnostic>) {
    let raw: RawSelfEval = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return (None, vec![toml_error(&e, text)]),
    };
    let mut diags = Vec::new();
    let scored = Checker {
        diags: &mut diags,
        decimals: 2,
    }
    .spec(raw);
    crate::diag::sort(&mut diags);
    (scored, diags)
}

fn toml_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let msg = e.message();
    let code = if msg.contains("unknown field") {
        Code::UnknownKey
    } else if msg.contains("missing field") {
        Code::MissingField
    } else if msg.contains("invalid type") || msg.contains("不是有效的数字") {
        Code::WrongType
    } else {
        Code::TomlSyntax
    };
    let (message, hint) =
        crate::spec::toml_errors::translate(msg, text, &span).unwrap_or_else(|| {
            (
                format!("自评表规格有误：{}", field_words(msg)),
                "对照 docs/spec.md 的“绩效自评表”一节改正".to_owned(),
            )
        });
    Diagnostic::at(code, span, message).with_hint(hint)
}

/// The parser's English phrases in Chinese, keeping the field names it quotes.
fn field_words(msg: &str) -> String {
    msg.replace("unknown field", "未知字段")
        .replace("missing field", "缺少字段")
        .replace("invalid type", "类型不对")
        .replace(", expected one of", "，可用的字段：")
        .replace(", expected", "，应为")
}

struct Checker<'a> {
    diags: &'a mut Vec<Diagnostic>,
    /// Decimals of printed scores (the rule set's).
    decimals: u32,
}

impl Checker<'_> {
    fn push(&mut self, code: Code, span: Range<usize>, message: String, hint: &str) {
        let d = Diagnostic::at(code, span, message);
        self.diags.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        });
    }

    fn spec(&mut self, raw: RawSelfEval) -> Option<Scored> {
        let kind = self.kind(&raw.form);
        let year = *raw.year.get_ref();
        if !(2000..=2100).contains(&year) {
            self.push(
                Code::YearOutOfRange,
                raw.year.span(),
                format!("年度 {year} 超出 2000–2100"),
                "写四位数的年度，如 year = 2023",
            );
        }
        // The definition first: it names its province's rule set, which the spec may override.
        let definition = kind.and_then(|k| self.definition(k, raw.layout.as_ref()));
        let rules = self.rules(
            raw.rules.as_ref(),
            definition.and_then(|d| d.form.rules.as_deref()),
        );
        self.decimals = rules.score_decimals;
        let (name, department, unit) = self.identity(kind, &raw);
        let execution = &raw.execution;
        let funds_weight = execution
            .weight
            .as_ref()
            .map_or(rules.budget_weight, |w| w.get_ref().0);
        let lines: Vec<FundLine> = raw
            .funds
            .iter()
            .map(|r| FundLine {
                label: r.get_ref().source.get_ref().clone(),
                row: budget_row(r.get_ref()),
            })
            .collect();
        let budget = match raw.funds.split_first() {
            Some((total, parts)) => {
                self.row_sums(total, parts);
                self.budget(&rules, execution, total, funds_weight)
            }
            None => {
                self.diags.push(
                    Diagnostic::file(Code::MissingField, "缺少 [[funds]]：项目资金（年度资金总额等）")
                        .with_hint("第一个 [[funds]] 写年度资金总额：source = \"年度资金总额\"，以及 initial、adjusted、executed"),
                );
                None
            }
        };
        let indicators: Vec<ScoredIndicator> = raw
            .indicators
            .iter()
            .map(|i| self.indicator(&rules, i))
            .collect();
        let indicator_total = self.indicator_total(&rules, &raw.indicators, &indicators);
        let total = match (&budget, &indicator_total) {
            (Some(b), Some(t)) => Some(score::score_total(
                &rules,
                Some(b.score.value),
                t.score.value,
            )),
            _ => None,
        };
        if let (Some(t), Some(printed)) = (&total, &raw.total) {
            self.printed(printed, t.total.value, "总分", &t.total.explanation);
        }
        let kind = kind?;
        let definition = definition?;
        let rows = self.rows(&raw.indicators, &indicators);
        let c = raw.conclusion;
        Some(Scored {
            kind,
            form: kind.title(),
            year: u16::try_from(year).unwrap_or_default(),
            rules,
            layout: raw.layout.map(Spanned::into_inner),
            name,
            department,
            unit,
            goal: raw.goal.map(|g| {
                let span = g.span();
                (g.into_inner(), span)
            }),
            goals: (raw.goals.expected, raw.goals.actual),
            funds: lines,
            funds_weight,
            budget,
            funds_reason: raw.execution.reason,
            indicators,
            indicator_total,
            total,
            conclusion: [c.summary, c.problems, c.measures],
            rows,
            definition,
            style: crate::model::Style::default(),
            extra: std::collections::BTreeMap::new(),
        })
    }

    /// The built-in definition of the form and its `layout` (四川).
    fn definition(
        &mut self,
        kind: SelfEvalKind,
        layout: Option<&Spanned<String>>,
    ) -> Option<&'static crate::formdef::FormDef> {
        let found =
            crate::formdef::builtin::find(kind.model(), layout.map(|l| l.get_ref().as_str()));
        if found.is_none()
            && let Some(l) = layout
        {
            self.push(
                Code::UnknownLayout,
                l.span(),
                format!("{}没有“{}”版式", kind.title(), l.get_ref()),
                "项目支出绩效自评表可写 layout = \"四川\"；不写时为财政部的通用表样",
            );
        }
        found
    }

    /// The indicators as the layout engine prints them; an unknown 一级 is reported here.
    fn rows(
        &mut self,
        raw: &[Spanned<RawIndicator>],
        scored: &[ScoredIndicator],
    ) -> Vec<Indicator> {
        let mut rows = Vec::with_capacity(scored.len());
        for (r, s) in raw.iter().zip(scored) {
            let r = r.get_ref();
            let Some(category) = crate::taxonomy::level1(r.level1.get_ref()) else {
                self.push(
                    Code::UnknownLevel1,
                    r.level1.span(),
                    format!("一级指标“{}”不在指标体系中", r.level1.get_ref()),
                    "一级指标写 产出指标、成本指标、效益指标 或 满意度指标",
                );
                continue;
            };
            let Ok(target) = target::parse(&s.target) else {
                continue;
            };
            let dp = self.decimals;
            rows.push(Indicator {
                level1: s.level1.clone(),
                category,
                level2: s.level2.clone(),
                name: s.name.clone(),
                explanation: None,
                basis: None,
                method: None,
                scoring: None,
                value_type: Some(super::print::nature(&target)),
                standard: None,
                unit: s
                    .unit
                    .clone()
                    .or_else(|| super::print::target_unit(&target)),
                target,
                weight: s.weight,
                note: None,
                evaluation: Some(Evaluation {
                    actual: s.actual.clone().unwrap_or_default(),
                    score: s
                        .score
                        .as_ref()
                        .map(|e| fixed(e.value, dp))
                        .unwrap_or_default(),
                    explanation: s
                        .score
                        .as_ref()
                        .map(|e| e.explanation.clone())
                        .unwrap_or_default(),
                    reason: s.reason.clone(),
                }),
            });
        }
        rows
    }

    fn kind(&mut self, form: &Spanned<String>) -> Option<SelfEvalKind> {
        let kind = SelfEvalKind::named(form.get_ref());
        if kind.is_none() {
            self.push(
                Code::UnsupportedForm,
                form.span(),
                format!("不认识的自评表“{}”", form.get_ref()),
                "写 form = \"项目支出绩效自评表\" 或 form = \"部门整体支出绩效自评表\"",
            );
        }
        kind
    }

    fn rules(&mut self, written: Option<&Spanned<String>>, form_default: Option<&str>) -> RuleSet {
        let Some(w) = written else {
            // A built-in definition's rule set is checked by the definition checks (tested).
            return form_default
                .and_then(|n| RuleSet::builtin(n).ok())
                .unwrap_or_else(RuleSet::central);
        };
        RuleSet::builtin(w.get_ref()).unwrap_or_else(|e| {
            self.push(
                Code::UnknownRuleSet,
                w.span(),
                e.to_string(),
                "不写 rules 时按中央的评分规则",
            );
            RuleSet::central()
        })
    }

    fn identity(
        &mut self,
        kind: Option<SelfEvalKind>,
        raw: &RawSelfEval,
    ) -> (String, Option<String>, Option<String>) {
        let (section, key) = match kind {
            Some(SelfEvalKind::Department) => (&raw.department, "department"),
            _ => (&raw.project, "project"),
        };
        match section {
            Some(s) => {
                let s = s.get_ref();
                (s.name.clone(), s.department.clone(), s.unit.clone())
            }
            None => {
                self.diags.push(
                    Diagnostic::file(
                        Code::MissingField,
                        format!(
                            "缺少 [{key}]：{}",
                            match key {
                                "project" => "项目名称、主管部门、实施单位",
                                _ => "部门(单位)名称",
                            }
                        ),
                    )
                    .with_hint(format!("在文件中加上 [{key}] 一节，写 name = \"…\"")),
                );
                (String::new(), None, None)
            }
        }
    }

    fn row_sums(&mut self, total: &Spanned<Row>, parts: &[Spanned<Row>]) {
        let parts: Vec<BudgetRow> = parts.iter().map(|r| budget_row(r.get_ref())).collect();
        for m in score::check_row_sums(&budget_row(total.get_ref()), &parts) {
            self.push(
                Code::FundRowsSum,
                total.span(),
                format!(
                    "{}的“{}”为 {}，其下各来源之和为 {}（相差 {}）",
                    total.get_ref().source.get_ref(),
                    m.column,
                    plain(m.total),
                    plain(m.sum),
                    plain((m.sum - m.total).abs())
                ),
                "第一行（年度资金总额）= 其下各行之和：财政拨款 + 上年结转 + 其他资金（部门整体表：基本支出 + 项目支出 + 其他）",
            );
        }
    }

    fn budget(
        &mut self,
        rules: &RuleSet,
        execution: &Execution,
        total: &Spanned<Row>,
        weight: Decimal,
    ) -> Option<score::BudgetScore> {
        let row = total.get_ref();
        match score::score_budget(rules, &budget_row(row), weight) {
            Ok(s) => {
                let no_reason = execution
                    .reason
                    .as_deref()
                    .is_none_or(|r| r.trim().is_empty());
                if s.needs_reason && no_reason {
                    self.push(
                        Code::LowExecutionNoReason,
                        span_or(&row.executed, total),
                        format!(
                            "预算执行率 {}% 低于 {}%，未说明原因",
                            fixed(s.rate.value, 2),
                            plain(rules.reason_below_rate * Decimal::ONE_HUNDRED)
                        ),
                        "在 [execution] 中写 reason = \"…\" 说明执行率偏低的原因",
                    );
                }
                if let Some(p) = &execution.score {
                    self.printed(p, s.score.value, "预算执行得分", &s.score.explanation);
                }
                Some(s)
            }
            Err(e @ ExecutionError::ZeroBudget { .. }) => {
                self.push(
                    Code::ZeroDivisor,
                    span_or(&row.adjusted, total),
                    e.to_string(),
                    "填写年度资金总额的全年预算数（调整后预算数）；资金在各来源行时，总额行应为各行之和",
                );
                None
            }
            Err(e @ (ExecutionError::NoBudget | ExecutionError::NoExecution)) => {
                self.push(Code::MissingActual, total.span(), e.to_string(), "");
                None
            }
            Err(e @ ExecutionError::Overflow) => {
                self.push(Code::BadAmount, total.span(), e.to_string(), "");
                None
            }
        }
    }

    fn printed(&mut self, printed: &Spanned<Num>, computed: Decimal, what: &str, how: &str) {
        let p = printed.get_ref().0;
        if printed_differs(p, computed) {
            self.push(
                Code::PrintedScoreDiffers,
                printed.span(),
                format!(
                    "填写的{what} {} 与计算结果 {} 不符（{how}）",
                    plain(p),
                    plain(computed)
                ),
                "表格印出的是计算结果；核对实际完成值和分值，或删去填写的分数",
            );
        }
    }

    fn indicator(&mut self, rules: &RuleSet, spanned: &Spanned<RawIndicator>) -> ScoredIndicator {
        let ind = spanned.get_ref();
        let name = ind.name.get_ref();
        let actual_text = ind.actual.as_ref().map(|a| a.get_ref().0.clone());
        let mut out = ScoredIndicator {
            level1: ind.level1.get_ref().clone(),
            level2: ind.level2.clone(),
            name: name.clone(),
            target: ind.target.get_ref().clone(),
            unit: ind.unit.clone(),
            weight: ind.weight.as_ref().map(|w| w.get_ref().0),
            actual: actual_text.clone(),
            score: None,
            not_applicable: false,
            reason: ind.reason.as_ref().map(|r| r.get_ref().clone()),
            spans: (ind.name.span(), ind.target.span()),
            formula: None,
        };
        let Some(actual) = actual_text.as_deref().and_then(parse_actual) else {
            self.push(
                Code::MissingActual,
                ind.name.span(),
                format!("指标“{name}”缺少实际完成值"),
                "写 actual = 实际完成的数字（带单位），定性指标写 达成、部分达成 或 未达成；不考核的写 不适用",
            );
            return out;
        };
        if actual == Actual::NotApplicable {
            out.not_applicable = true;
            return out;
        }
        let target = match target::parse(ind.target.get_ref()) {
            Ok(t) => t,
            Err(_) => {
                self.push(
                    Code::BadTarget,
                    ind.target.span(),
                    format!("指标“{name}”的年度指标值“{}”无法解读", ind.target.get_ref()),
                    "写成 ≥95%、≤90万元、=100% 或一段文字（定性）",
                );
                return out;
            }
        };
        let Some(weight) = out.weight else {
            self.push(
                Code::MissingField,
                ind.name.span(),
                format!("指标“{name}”缺少分值"),
                "写 weight = 分值",
            );
            return out;
        };
        let typed = ind.score.as_ref().map(|s| s.get_ref().0);
        let actual_span = ind.actual.as_ref().map_or(ind.name.span(), Spanned::span);
        match score::score_indicator(rules, &target, ind.unit.as_deref(), &actual, weight, typed) {
            Ok(s) => {
                self.scored_findings(ind, &s, weight, actual_span);
                if s.note.is_none() {
                    out.formula = super::print::score_formula(rules, &target, s.direction);
                }
                out.score = Some(s.score);
            }
            Err(e) => self.push(
                Code::CannotScore,
                actual_span,
                format!("指标“{name}”：{e}"),
                "",
            ),
        }
        out
    }

    fn scored_findings(
        &mut self,
        ind: &RawIndicator,
        s: &score::IndicatorScore,
        weight: Decimal,
        actual_span: Range<usize>,
    ) {
        let name = ind.name.get_ref();
        let no_reason = ind
            .reason
            .as_ref()
            .is_none_or(|r| r.get_ref().trim().is_empty());
        let score_span = ind
            .score
            .as_ref()
            .map_or(actual_span.clone(), Spanned::span);
        if let Some((low, high)) = s.out_of_band {
            self.push(
                Code::OutOfBand,
                score_span.clone(),
                format!(
                    "指标“{name}”的得分 {} 不在所属档次 [{}, {}{} 内（{}）",
                    plain(s.score.value),
                    plain(low),
                    plain(high),
                    if high == weight { "]" } else { ")" },
                    s.score.explanation
                ),
                "达成、部分达成、未达成各有得分范围；改得分，或改实际完成值的档次",
            );
        }
        if s.direction == Direction::Unstated {
            self.push(
                Code::NoOperator,
                ind.target.span(),
                format!(
                    "指标“{name}”的年度指标值“{}”没有比较符号，按正向（实际 ÷ 目标）计分",
                    ind.target.get_ref()
                ),
                "越低越好的指标（如成本、投诉率）写“≤”",
            );
        }
        if let Some(note) = &s.note {
            self.push(
                Code::UnitConverted,
                actual_span,
                format!("指标“{name}”：{note}"),
                "",
            );
        }
        if s.direction != Direction::Qualitative
            && let Some(printed) = &ind.score
        {
            self.printed(
                printed,
                s.score.value,
                &format!("指标“{name}”的得分"),
                &s.score.explanation,
            );
            if s.met && printed.get_ref().0 < weight && no_reason {
                self.push(
                    Code::MetButDeducted,
                    printed.span(),
                    format!(
                        "指标“{name}”已达成目标，填写的得分 {} 却低于分值 {}，未写原因",
                        plain(printed.get_ref().0),
                        plain(weight)
                    ),
                    "写 reason = \"…\" 说明扣分原因，或改为满分",
                );
            }
        }
        if s.score.value < weight && no_reason {
            self.push(
                Code::DeductionWithoutReason,
                score_span,
                format!(
                    "指标“{name}”得分 {} 低于分值 {}，未写偏差原因分析及改进措施",
                    plain(s.score.value),
                    plain(weight)
                ),
                "写 reason = \"…\" 说明未完成的原因和改进措施",
            );
        }
    }

    fn indicator_total(
        &mut self,
        rules: &RuleSet,
        raw: &[Spanned<RawIndicator>],
        scored: &[ScoredIndicator],
    ) -> Option<score::IndicatorTotal> {
        let items: Option<Vec<(Decimal, Option<Decimal>)>> = scored
            .iter()
            .map(|i| match (i.weight, &i.score, i.not_applicable) {
                (Some(w), _, true) => Some((w, None)),
                (Some(w), Some(s), false) => Some((w, Some(s.value))),
                _ => None,
            })
            .collect();
        let weights: Option<Vec<Decimal>> = scored.iter().map(|i| i.weight).collect();
        if let (Some(weights), Some(first)) = (weights, raw.first()) {
            let sum: Decimal = weights.iter().sum();
            if sum != rules.indicator_total {
                self.push(
                    Code::WeightTotal,
                    first.get_ref().name.span(),
                    format!(
                        "指标分值合计 {}，评分规则“{}”的指标总分是 {}",
                        plain(sum),
                        rules.name,
                        plain(rules.indicator_total)
                    ),
                    "调整各指标的分值（weight），使合计等于指标总分",
                );
            }
        }
        items.map(|items| score::score_indicators(rules, &items))
    }
}

fn budget_row(r: &Row) -> BudgetRow {
    let get = |n: &Option<Spanned<Num>>| n.as_ref().map(|n| n.get_ref().0);
    BudgetRow {
        initial: get(&r.initial),
        adjusted: get(&r.adjusted),
        executed: get(&r.executed),
    }
}

fn span_or(n: &Option<Spanned<Num>>, row: &Spanned<Row>) -> Range<usize> {
    n.as_ref().map_or(row.span(), Spanned::span)
}
