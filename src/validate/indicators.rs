//! Indicator rules: taxonomy of 一级/二级, required categories, duplicate and confusing
//! 三级 names. Targets are checked in `targets`.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic};
use crate::model::Indicator;
use crate::spec::{RawIndicator, RawSpec};
use crate::taxonomy::{self, Level1, Level2};

use super::{amounts, targets};

/// What the rules learned about one row's classification.
pub(crate) struct Class {
    pub(super) level1: Level1,
    pub(super) level2: Option<Level2>,
}

impl Class {
    pub(super) fn is_cost(&self) -> bool {
        self.level1 == Level1::Cost || self.level2.is_some_and(|l| l.is_cost)
    }

    pub(super) fn is_satisfaction(&self) -> bool {
        self.level1 == Level1::Satisfaction || self.level2.is_some_and(|l| l.is_satisfaction)
    }
}

pub(crate) fn check(
    raw: &RawSpec,
    total: Option<rust_decimal::Decimal>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Indicator>> {
    let rows = check_rows(&raw.indicators, "indicators", total, diags);
    required_categories(raw, diags);
    rows
}

/// The rules of one set of indicator rows (`array` names it in messages): taxonomy, targets
/// (cost targets against `total`), 分值, duplicate names; the rows grouped as printed.
/// The required 一级 categories are a rule of the annual set only ([`check`]).
pub(crate) fn check_rows(
    raw_rows: &[RawIndicator],
    array: &str,
    total: Option<rust_decimal::Decimal>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Indicator>> {
    let mut rows = Vec::with_capacity(raw_rows.len());
    for ind in raw_rows {
        let class = classify(ind, diags);
        if let Some(class) = &class {
            super::grouping::canonical_names(ind, class, diags);
        }
        let target = class
            .as_ref()
            .and_then(|c| targets::check(ind, c, total, diags));
        let weight = ind
            .weight
            .as_ref()
            .and_then(|w| amounts::amount(w, "指标分值", diags));
        rows.push(build(ind, class, target, weight));
    }
    duplicate_names(raw_rows, array, diags);
    let rows: Vec<Indicator> = rows.into_iter().collect::<Option<_>>()?;
    Some(super::grouping::group(rows, raw_rows, diags))
}

fn build(
    ind: &RawIndicator,
    class: Option<Class>,
    target: Option<crate::target::Target>,
    weight: Option<rust_decimal::Decimal>,
) -> Option<Indicator> {
    let text = |f: &Option<crate::spec::Sp<String>>| f.as_ref().map(|s| s.value.clone());
    if ind.weight.is_some() && weight.is_none() {
        return None;
    }
    let class = class?;
    let (level1, level2) = super::grouping::names(ind, &class);
    Some(Indicator {
        level1: level1?,
        category: class.level1,
        level2,
        name: text(&ind.name)?,
        explanation: text(&ind.explanation),
        basis: text(&ind.basis),
        method: text(&ind.method),
        scoring: text(&ind.scoring),
        standard: text(&ind.standard),
        value_type: text(&ind.value_type),
        target: target?,
        unit: text(&ind.unit),
        weight,
        note: text(&ind.note),
        evaluation: None,
    })
}

fn classify(ind: &RawIndicator, diags: &mut Vec<Diagnostic>) -> Option<Class> {
    let l1 = ind.level1.as_ref()?;
    let Some(level1) = taxonomy::level1(&l1.value) else {
        diags.push(
            Diagnostic::at(
                Code::UnknownLevel1,
                l1.span.clone(),
                format!("一级指标“{}”不在指标体系中", l1.value),
            )
            .with_hint("一级指标应为：产出指标、效益指标、满意度指标，或 成本指标"),
        );
        return None;
    };
    let Some(l2) = ind.level2.as_ref() else {
        let name = ind.name.as_ref().map_or("", |n| n.value.as_str());
        let span = ind
            .level1
            .as_ref()
            .map(|l| l.span.clone())
            .unwrap_or_default();
        let hint = if level1 == Level1::Cost {
            "成本指标作为一级指标时，二级可写 经济成本指标、社会成本指标 或 生态环境成本指标"
                .to_owned()
        } else {
            format!(
                "可选的二级指标：{}",
                taxonomy::level2_names_under(level1).join("、")
            )
        };
        diags.push(
            Diagnostic::at(
                Code::MissingLevel2,
                span,
                format!("指标“{name}”没有二级指标，直接挂在一级“{}”下", l1.value),
            )
            .with_hint(hint),
        );
        return Some(Class {
            level1,
            level2: None,
        });
    };
    let allowed = taxonomy::level2_names_under(level1).join("、");
    match taxonomy::level2(&l2.value) {
        None => {
            diags.push(
                Diagnostic::at(
                    Code::UnknownLevel2,
                    l2.span.clone(),
                    format!("二级指标“{}”不在指标体系中", l2.value),
                )
                .with_hint(format!("“{}”下可选：{allowed}", l1.value)),
            );
            None
        }
        Some(level2) if !level2.parents.contains(&level1) => {
            diags.push(
                Diagnostic::at(
                    Code::Level2Mismatch,
                    l2.span.clone(),
                    format!("二级指标“{}”不属于一级指标“{}”", l2.value, l1.value),
                )
                .with_hint(format!(
                    "“{}”属于“{}”；“{}”下可选：{allowed}",
                    level2.name,
                    level2.parents[0].name(),
                    l1.value
                )),
            );
            None
        }
        Some(level2) => Some(Class {
            level1,
            level2: Some(level2),
        }),
    }
}

fn required_categories(raw: &RawSpec, diags: &mut Vec<Diagnostic>) {
    if raw.indicators.is_empty() {
        return; // The loader already reported the empty list.
    }
    let present: Vec<Level1> = raw
        .indicators
        .iter()
        .filter_map(|i| i.level1.as_ref().and_then(|l| taxonomy::level1(&l.value)))
        .collect();
    let missing: Vec<&str> = Level1::REQUIRED
        .iter()
        .filter(|l| !present.contains(l))
        .map(|l| l.name())
        .collect();
    if missing.is_empty() {
        return;
    }
    let span = raw.indicators[0].span.clone();
    diags.push(
        Diagnostic::at(
            Code::MissingLevel1,
            span.start..span.start,
            format!("年度绩效指标缺少一级指标：{}", missing.join("、")),
        )
        .with_hint("绩效目标表必须包含产出指标、效益指标和满意度指标三类"),
    );
}

fn duplicate_names(rows: &[RawIndicator], array: &str, diags: &mut Vec<Diagnostic>) {
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for (i, ind) in rows.iter().enumerate() {
        let Some(name) = &ind.name else { continue };
        let key: String = name.value.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(&first) = first_seen.get(&key) {
            diags.push(
                Diagnostic::at(
                    Code::DuplicateName,
                    name.span.clone(),
                    format!("三级指标“{}”重复出现", name.value),
                )
                .with_hint(format!(
                    "同名指标第一次出现在第 {first} 个 [[{array}]]；请合并或改名"
                )),
            );
        } else {
            // The row's place among the [[indicators]], as a clerk counts them; not the
            // number of distinct names seen so far.
            first_seen.insert(key.clone(), i + 1);
        }
        let repeats_level2 = taxonomy::level2(&name.value).is_some()
            || taxonomy::level1(&name.value).is_some()
            || ind.level2.as_ref().is_some_and(|l2| {
                taxonomy::normalize(&l2.value) == taxonomy::normalize(&name.value)
            });
        if repeats_level2 {
            diags.push(
                Diagnostic::at(
                    Code::NameRepeatsLevel2,
                    name.span.clone(),
                    format!("三级指标“{}”与指标体系中的类别同名", name.value),
                )
                .with_hint("三级指标应写具体内容，例如“业务费控制数”，而不是类别名称"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_repeated_name_points_at_the_row_where_it_first_stands() {
        let spec = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/valid/minimal.toml"
        ))
        .expect("minimal spec");
        // 培训人次 twice, then 宣传条数 (the third row) twice.
        let spec = spec
            .replacen("name = \"宣传条数\"", "name = \"培训人次\"", 1)
            .replacen("name = \"学员满意度\"", "name = \"宣传条数\"", 1)
            + "\n[[indicators]]\nlevel1 = \"满意度指标\"\nlevel2 = \"服务对象满意度指标\"\n\
               name = \"宣传条数\"\ntarget = \"≥90%\"\n";
        let checked = crate::validate::check_text(&spec);
        let hints: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == crate::diag::Code::DuplicateName)
            .filter_map(|d| d.hint.clone())
            .collect();
        assert_eq!(hints.len(), 2, "{:?}", checked.diagnostics);
        assert!(hints[0].contains("第 1 个"), "{}", hints[0]);
        assert!(hints[1].contains("第 3 个"), "{}", hints[1]);
    }
}
