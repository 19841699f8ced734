//! Indicator rules: taxonomy of 一级/二级, required categories, duplicate and confusing
//! 三级 names. Targets are checked in `targets`.

use std::collections::HashMap;

use crate::diag::{Code, Diagnostic};
use crate::model::Indicator;
use crate::spec::{RawIndicator, RawSpec};
use crate::taxonomy::{self, Level1};

use super::class::{Class, classify};
use super::{amounts, targets};

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
        let key = super::grouping::compact(&name.value).into_owned();
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
                taxonomy::normalized(&l2.value) == taxonomy::normalized(&name.value)
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
