//! Rules of the 项目支出绩效目标表: identity, the money by source, and the shared
//! indicator rules with the project's 资金总额 as the ceiling for cost targets.

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic};
use crate::model::{Funds, Goals, Indicator, ProjectInfo, ProjectTable, Review, Signature};
use crate::money::format_money;
use crate::spec::RawSpec;
use crate::spec::fields::Values;
use crate::validate::{amounts, header, indicators};

/// Runs every rule on a project spec; returns the table if all required parts were usable.
pub fn validate(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<ProjectTable> {
    let sections = raw;
    let form = header::form(raw, diags);
    let year = header::year(raw, diags);
    let style = header::style(raw, diags);
    let project = info(sections, raw.definition, diags);
    let layout_known = layout(raw, diags);
    let (funds, funds_agree) = funds(sections.section("funds"), diags).unzip();
    // Amounts that do not add up stay in the table as written (for the live preview), but
    // no other rule measures against them.
    let ceiling = funds.filter(|_| funds_agree == Some(true)).map(|f| f.total);
    let indicators = indicators::check(raw, ceiling, diags);
    if let Some(rows) = &indicators {
        weight_sum(raw, rows, diags);
    }
    let midterm = indicators::check_rows(
        raw.indicator_set(super::fields::MIDTERM_INDICATORS.key),
        super::fields::MIDTERM_INDICATORS.key,
        ceiling,
        diags,
    );
    let goals = sections.section("goals");
    let review = sections.section("review");
    let signature = sections.section("signature");
    layout_known?;
    let mut table = ProjectTable {
        form: form?,
        year: year?,
        project: project?,
        funds: funds?,
        goals: Goals {
            midterm: goals.string("midterm"),
            annual: goals.string("annual")?,
        },
        indicators: indicators?,
        midterm_indicators: midterm?,
        review: Review {
            department: review.string("department"),
            finance: review.string("finance"),
        },
        signature: Signature {
            filler: signature.string("filler"),
            phone: signature.string("phone"),
            date: signature.string("date"),
            leader: signature.string("leader"),
        },
        layout: raw
            .template
            .is_none()
            .then(|| raw.values.get("layout"))
            .flatten()
            .and_then(|v| match &v.value {
                crate::spec::fields::Value::Text(s) => Some(s.trim().to_owned()),
                _ => None,
            }),
        extra: Default::default(),
        style: style?,
        definition: raw.definition?,
    };
    table.extra = crate::validate::extra::values(raw, |p| table.typed(p).is_some(), diags);
    Some(table)
}

/// A `layout = …` names a built-in project layout (a spec with its own `template` is
/// printed by that, whatever it says).
fn layout(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<()> {
    let Some(value) = raw.values.get("layout") else {
        return Some(());
    };
    let crate::spec::fields::Value::Text(written) = &value.value else {
        return Some(());
    };
    if raw.template.is_some() || crate::formdef::builtin::find("项目", Some(written)).is_some() {
        return Some(());
    }
    let names = crate::formdef::builtin::layouts("项目");
    diags.push(
        Diagnostic::at(
            Code::UnknownLayout,
            value.span.clone(),
            format!("未知的项目表版式“{written}”"),
        )
        .with_hint(format!(
            "可用的版式：{}（不写时为通用的项目支出绩效目标表）；本地的表样不在其中时，用 template 指向自己的表样定义",
            names.join("、")
        )),
    );
    None
}

fn info(
    sections: &RawSpec,
    def: Option<&crate::formdef::FormDef>,
    diags: &mut Vec<Diagnostic>,
) -> Option<ProjectInfo> {
    let p = sections.section("project");
    // A bureau's form may not print 主管部门 or 实施单位 (the 湘潭 申报表 has 预算部门):
    // where its definition makes them optional, they are empty.
    let optional = |key: &str| {
        def.and_then(|d| d.field(&format!("project.{key}")))
            .is_none_or(|f| !f.required)
            .then(String::new)
    };
    let code = match p.spanned("department_code") {
        None => None,
        Some(code) => {
            let value = code.value.trim().to_owned();
            if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit()) {
                diags.push(
                    Diagnostic::at(
                        Code::ProjectCodeNotDigits,
                        code.span.clone(),
                        format!("主管部门编码“{}”含有数字以外的字符", code.value),
                    )
                    .with_hint("编码只写数字并加引号，例如 department_code = \"015001\"；部门名称写在 department 中"),
                );
                return None;
            }
            Some(value)
        }
    };
    Some(ProjectInfo {
        name: p.string("name")?,
        department: p.string("department").or_else(|| optional("department"))?,
        department_code: code,
        unit: p.string("unit").or_else(|| optional("unit"))?,
        attribute: p.string("attribute"),
        category: p.string("category"),
        period: p.string("period"),
        budget_department: p.string("budget_department"),
    })
}

/// Each amount valid; 资金总额 = 财政拨款 + 其他资金 (+ 上年结转) where the parts are given;
/// the 当年 amounts add up the same way and stay within their totals. Returns the funds
/// as written and whether those rules held.
fn funds(v: &Values, diags: &mut Vec<Diagnostic>) -> Option<(Funds, bool)> {
    let mut ok = true;
    let mut read = |key: &str| -> Option<Decimal> {
        let lit = v.amount(key)?;
        let label = funds_label(key);
        let amount = amounts::amount(&lit, label.trim_start_matches("其中:"), diags);
        ok &= amount.is_some();
        amount
    };
    let f = Funds {
        total: read("total").unwrap_or_default(),
        fiscal: read("fiscal"),
        other: read("other"),
        superior: read("superior"),
        carryover: read("carryover"),
        current_total: read("current_total"),
        current_fiscal: read("current_fiscal"),
        current_other: read("current_other"),
    };
    if !ok || v.amount("total").is_none() {
        return None;
    }
    let sum_rule = |total_key: &str, total: Option<Decimal>, parts: &[(&str, Option<Decimal>)]| {
        let given: Vec<(&str, Decimal)> = parts
            .iter()
            .filter_map(|(k, a)| a.map(|a| (*k, a)))
            .collect();
        let total = total?;
        if given.is_empty() {
            return None;
        }
        let sum: Decimal = given.iter().map(|(_, a)| *a).sum();
        if sum == total {
            return None;
        }
        let terms: Vec<String> = given
            .iter()
            .map(|(k, a)| format!("{} {}", label_of(k), format_money(*a)))
            .collect();
        let span = v.amount(total_key).map(|l| l.span).unwrap_or_default();
        Some(
            Diagnostic::at(
                Code::FundsSumMismatch,
                span,
                format!(
                    "{} {} 不等于 {} = {}",
                    label_of(total_key),
                    format_money(total),
                    terms.join(" + "),
                    format_money(sum)
                ),
            )
            .with_hint(format!(
                "相差 {}；核对各来源的金额，没有的来源可以不写",
                format_money((total - sum).abs())
            )),
        )
    };
    let mut bad = false;
    for d in [
        sum_rule(
            "total",
            Some(f.total),
            &[
                ("fiscal", f.fiscal),
                ("other", f.other),
                ("carryover", f.carryover),
            ],
        ),
        sum_rule(
            "current_total",
            f.current_total,
            &[
                ("current_fiscal", f.current_fiscal),
                ("current_other", f.current_other),
            ],
        ),
    ]
    .into_iter()
    .flatten()
    {
        bad = true;
        diags.push(d);
    }
    for (part, whole) in [
        ("current_total", "total"),
        ("current_fiscal", "fiscal"),
        ("current_other", "other"),
        ("superior", "total"),
    ] {
        let (Some(p), Some(w)) = (get(&f, part), get(&f, whole)) else {
            continue;
        };
        if p > w {
            bad = true;
            let span = v.amount(part).map(|l| l.span).unwrap_or_default();
            diags.push(
                Diagnostic::at(
                    Code::CurrentOverTotal,
                    span,
                    format!(
                        "{} {} 超过{} {}",
                        label_of(part),
                        format_money(p),
                        label_of(whole),
                        format_money(w)
                    ),
                )
                .with_hint("当年（或其中）的金额是总数的一部分，不能大于总数"),
            );
        }
    }
    Some((f, !bad))
}

fn get(f: &Funds, key: &str) -> Option<Decimal> {
    match key {
        "total" => Some(f.total),
        "fiscal" => f.fiscal,
        "other" => f.other,
        "superior" => f.superior,
        "carryover" => f.carryover,
        "current_total" => f.current_total,
        "current_fiscal" => f.current_fiscal,
        "current_other" => f.current_other,
        _ => None,
    }
}

fn label_of(key: &str) -> &'static str {
    funds_label(key).trim_start_matches("其中:")
}

/// A 项目资金 field's label as the model's own form (the built-in definition) prints it.
fn funds_label(key: &str) -> &'static str {
    crate::formdef::builtin::find("项目", None)
        .and_then(|d| d.field(&format!("funds.{key}")))
        .map_or("", |f| f.label.as_str())
}

/// When 分值 are given they add up to 90 (with 10 for 预算执行率) or 100.
fn weight_sum(raw: &RawSpec, rows: &[Indicator], diags: &mut Vec<Diagnostic>) {
    let weights: Vec<Decimal> = rows.iter().filter_map(|i| i.weight).collect();
    if weights.is_empty() {
        return;
    }
    let sum: Decimal = weights.iter().sum();
    if sum == Decimal::from(90) || sum == Decimal::ONE_HUNDRED {
        return;
    }
    let span = raw
        .indicators
        .iter()
        .find_map(|i| i.weight.as_ref())
        .map(|w| w.span.clone())
        .unwrap_or_default();
    let missing = rows.iter().filter(|i| i.weight.is_none()).count();
    let mut hint = "绩效指标分值合计应为 90（另 10 分为预算执行率）或 100".to_owned();
    if missing > 0 {
        hint.push_str(&format!("；另有 {missing} 条指标没有写分值"));
    }
    diags.push(
        Diagnostic::at(
            Code::WeightSum,
            span,
            format!("指标分值合计为 {}，不是 90 或 100", format_money(sum)),
        )
        .with_hint(hint),
    );
}

#[cfg(test)]
mod tests {
    use crate::diag::Code;
    use crate::validate::check_text;

    const SPEC: &str = r#"
form = "项目支出绩效目标表"
year = 2020
[project]
name = "教育系统基础设施建设和设备购置"
department = "武汉市青山区教育局"
department_code = "015001"
unit = "武汉市青山区教育局"
[funds]
total = 10000
fiscal = 10000
[goals]
annual = "按工作计划完成"
[[indicators]]
level1 = "产出指标"
level2 = "数量指标"
name = "重点建设工程安排数量"
target = "2"
[[indicators]]
level1 = "效益指标"
level2 = "社会效益指标"
name = "基础教育学校办学条件"
target = "持续改善"
[[indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
name = "学生、家长、社会满意度"
target = "≥90%"
"#;

    fn codes(text: &str) -> Vec<&'static str> {
        check_text(text)
            .diagnostics
            .iter()
            .map(|d| d.code.as_str())
            .collect()
    }

    #[test]
    fn a_plain_project_passes() {
        let checked = check_text(SPEC);
        assert!(checked.table.is_some(), "{:?}", checked.diagnostics);
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        let t = checked.table.unwrap();
        let p = t.as_project().expect("a project table");
        assert_eq!(p.project.department_code.as_deref(), Some("015001"));
    }

    #[test]
    fn sources_must_add_up() {
        let text = SPEC.replace("fiscal = 10000", "fiscal = 9000\nother = 500");
        assert_eq!(codes(&text), vec![Code::FundsSumMismatch.as_str()]);
        let text = SPEC.replace(
            "fiscal = 10000",
            "fiscal = 9000\nother = 500\ncarryover = 500",
        );
        assert!(codes(&text).is_empty());
    }

    #[test]
    fn current_amounts_stay_within_totals() {
        let text = SPEC.replace("fiscal = 10000", "fiscal = 10000\ncurrent_total = 12000");
        assert_eq!(codes(&text), vec![Code::CurrentOverTotal.as_str()]);
    }

    #[test]
    fn weights_add_up_to_90_or_100() {
        let with = |a: &str, b: &str, c: &str| {
            let mut n = 0;
            SPEC.split("target = ")
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        return part.to_owned();
                    }
                    n += 1;
                    let w = [a, b, c][n - 1];
                    format!("weight = {w}\ntarget = {part}")
                })
                .collect::<Vec<_>>()
                .join("")
        };
        assert!(codes(&with("50", "30", "10")).is_empty());
        assert!(codes(&with("50", "30", "20")).is_empty());
        assert_eq!(
            codes(&with("50", "30", "15")),
            vec![Code::WeightSum.as_str()]
        );
    }

    #[test]
    fn cost_above_total_is_an_error() {
        let text = SPEC.replace(
            "[[indicators]]\nlevel1 = \"效益指标\"",
            "[[indicators]]\nlevel1 = \"产出指标\"\nlevel2 = \"成本指标\"\nname = \"建设成本\"\ntarget = \"≤12000万元\"\n[[indicators]]\nlevel1 = \"效益指标\"",
        );
        assert!(
            codes(&text).contains(&Code::CostOverBudget.as_str()),
            "{:?}",
            codes(&text)
        );
    }

    #[test]
    fn code_with_letters_is_refused() {
        let text = SPEC.replace("\"015001\"", "\"[015001]武汉\"");
        assert_eq!(codes(&text), vec![Code::ProjectCodeNotDigits.as_str()]);
    }

    #[test]
    fn missing_funds_table_is_reported() {
        let text = SPEC.replace("[funds]\ntotal = 10000\nfiscal = 10000\n", "");
        assert!(
            codes(&text).contains(&Code::MissingField.as_str()),
            "{:?}",
            codes(&text)
        );
    }
}
