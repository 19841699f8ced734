//! jixiao's own JSON export (`render -f json`) read back into a spec, so a table edited by
//! another system comes back as TOML, and spec → JSON → spec is the identity.

use serde::Deserialize;

use super::ImportError;
use crate::model::FormKind;
use crate::model::SCHEMA;
use crate::spec::write::{DutyOut, IndicatorOut, SpecOut};
use crate::spec::write_project::ProjectOut;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonTable {
    schema: String,
    form: String,
    year: i64,
    #[serde(default)]
    layout: Option<String>,
    department: JsonDepartment,
    #[serde(default)]
    responsibilities: Option<String>,
    #[serde(default)]
    budget: Option<JsonBudget>,
    #[serde(default)]
    funding: Option<JsonFunding>,
    overall_goal: String,
    duties: Vec<JsonDuty>,
    indicators: Vec<JsonIndicator>,
    /// Fields the definition adds beyond the model's own, by spec path.
    #[serde(default)]
    extra: std::collections::BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDepartment {
    name: String,
    code: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonBudget {
    total: String,
    project: String,
    basic: String,
}

/// 收入构成 / 支出构成 of the Hubei layout.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFunding {
    income_fiscal: String,
    income_other: String,
    income_total: String,
    spend_basic: String,
    spend_project: String,
    spend_total: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDuty {
    function: String,
    task: String,
    project: Option<String>,
    amount: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonIndicator {
    level1: String,
    /// Derived from `level1` by the validator; read and dropped.
    #[allow(dead_code)]
    category: serde_json::Value,
    level2: Option<String>,
    name: String,
    explanation: Option<String>,
    basis: Option<String>,
    method: Option<String>,
    scoring: Option<String>,
    #[serde(default)]
    standard: Option<String>,
    #[serde(default)]
    value_type: Option<String>,
    target: JsonTarget,
    unit: Option<String>,
    weight: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonTarget {
    text: String,
    /// Derived from `text`; read and dropped.
    #[allow(dead_code)]
    kind: serde_json::Value,
}

/// Whether a text looks like jixiao's JSON export (checked before parsing it whole).
pub fn looks_like_export(text: &str) -> bool {
    text.trim_start().starts_with('{') && text.contains(SCHEMA)
}

/// The export of a 项目支出绩效目标表: its sections by the field tables' keys.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonProject {
    schema: String,
    form: String,
    year: i64,
    project: serde_json::Map<String, serde_json::Value>,
    funds: serde_json::Map<String, serde_json::Value>,
    goals: serde_json::Map<String, serde_json::Value>,
    review: serde_json::Map<String, serde_json::Value>,
    signature: serde_json::Map<String, serde_json::Value>,
    indicators: Vec<JsonIndicator>,
    #[serde(default)]
    midterm_indicators: Vec<JsonIndicator>,
    /// The built-in layout the table is printed by (`湘潭`), when not the usual one.
    #[serde(default)]
    layout: Option<String>,
    /// Fields a form of the department's own adds (`project.leader`).
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

fn bad(file: &str, e: &serde_json::Error) -> ImportError {
    ImportError::BadJson {
        file: file.to_owned(),
        detail: format!("第 {} 行第 {} 列：{e}", e.line(), e.column()),
    }
}

fn check_schema(file: &str, schema: &str) -> Result<(), ImportError> {
    if schema == SCHEMA {
        Ok(())
    } else {
        Err(ImportError::BadJson {
            file: file.to_owned(),
            detail: format!("格式版本为“{schema}”，本程序读取“{SCHEMA}”"),
        })
    }
}

/// Parses the export into spec values (and, for a project table, its sections); the
/// validator then checks them like any spec.
pub fn parse(file: &str, text: &str) -> Result<(SpecOut, Option<ProjectOut>), ImportError> {
    #[derive(Deserialize)]
    struct Head {
        form: Option<String>,
    }
    let head: Head = serde_json::from_str(text).map_err(|e| bad(file, &e))?;
    if head.form.as_deref().and_then(crate::forms::kind_of) == Some(FormKind::Project) {
        return parse_project(file, text).map(|(s, p)| (s, Some(p)));
    }
    parse_department(file, text).map(|s| (s, None))
}

fn indicator(i: JsonIndicator) -> IndicatorOut {
    IndicatorOut {
        level1: Some(i.level1),
        level2: i.level2,
        name: Some(i.name),
        explanation: i.explanation,
        basis: i.basis,
        method: i.method,
        scoring: i.scoring,
        standard: i.standard,
        value_type: i.value_type,
        target: Some(i.target.text),
        unit: i.unit,
        weight: i.weight,
        note: i.note,
    }
}

fn parse_project(file: &str, text: &str) -> Result<(SpecOut, ProjectOut), ImportError> {
    let t: JsonProject = serde_json::from_str(text).map_err(|e| bad(file, &e))?;
    check_schema(file, &t.schema)?;
    if !t.extra.is_empty() {
        let keys: Vec<&str> = t.extra.keys().map(String::as_str).collect();
        return Err(ImportError::BadJson {
            file: file.to_owned(),
            detail: format!(
                "表格按本单位自己的表样印出，含有表样增加的字段（{}）；JSON 中没有那份表样，导入会丢掉这些内容。请直接使用原来的规格文件（.toml）",
                keys.join("、")
            ),
        });
    }
    let Some(def) = crate::formdef::builtin::find("项目", t.layout.as_deref()) else {
        return Err(ImportError::BadJson {
            file: file.to_owned(),
            detail: format!(
                "版式“{}”不是 jixiao 内置的项目表版式",
                t.layout.as_deref().unwrap_or_default()
            ),
        });
    };
    let mut out = ProjectOut::default();
    for (key, map) in [
        ("project", &t.project),
        ("funds", &t.funds),
        ("goals", &t.goals),
        ("review", &t.review),
        ("signature", &t.signature),
    ] {
        // The sections of the table's own layout, as its definition declares them.
        let Some(section) = def.section(key) else {
            continue;
        };
        for (k, v) in map {
            let Some(field) = section.fields.iter().find(|f| f.key == *k) else {
                return Err(ImportError::BadJson {
                    file: file.to_owned(),
                    detail: format!("“{key}”中没有字段“{k}”"),
                });
            };
            match v {
                serde_json::Value::Null => {}
                // A field the table's form does not print (湘潭: 主管部门) is exported empty.
                serde_json::Value::String(s) if s.is_empty() => {}
                serde_json::Value::String(s) => {
                    out.set(&section.key, &field.key, s.clone());
                }
                other => {
                    return Err(ImportError::BadJson {
                        file: file.to_owned(),
                        detail: format!("“{key}.{k}”应为文字，实际是 {other}"),
                    });
                }
            }
        }
    }
    out.midterm_indicators = t.midterm_indicators.into_iter().map(indicator).collect();
    let spec = SpecOut {
        form: t.form,
        year: Some(t.year),
        name: out.get("project", "name").map(str::to_owned),
        indicators: t.indicators.into_iter().map(indicator).collect(),
        layout: t.layout,
        ..SpecOut::default()
    };
    Ok((spec, out))
}

fn parse_department(file: &str, text: &str) -> Result<SpecOut, ImportError> {
    let t: JsonTable = serde_json::from_str(text).map_err(|e| bad(file, &e))?;
    check_schema(file, &t.schema)?;
    let (total, project, basic) = match t.budget {
        Some(b) => (Some(b.total), Some(b.project), Some(b.basic)),
        None => (None, None, None),
    };
    let (income, expenditure) = match t.funding {
        Some(f) => (
            Some([
                Some(f.income_fiscal),
                Some(f.income_other),
                Some(f.income_total),
            ]),
            Some([
                Some(f.spend_basic),
                Some(f.spend_project),
                Some(f.spend_total),
            ]),
        ),
        None => (None, None),
    };
    Ok(SpecOut {
        header: Vec::new(),
        form: t.form,
        year: Some(t.year),
        layout: t.layout,
        responsibilities: t.responsibilities,
        overall_goal: Some(t.overall_goal),
        name: Some(t.department.name),
        code: t.department.code,
        total,
        project,
        basic,
        income,
        expenditure,
        extra: t.extra.into_iter().collect(),
        template: None,
        duties: t
            .duties
            .into_iter()
            .map(|d| DutyOut {
                function: Some(d.function),
                task: Some(d.task),
                project: d.project,
                amount: d.amount,
            })
            .collect(),
        indicators: t.indicators.into_iter().map(indicator).collect(),
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::spec::write::IndicatorOut;
    use crate::spec::write::SpecOut;
    use crate::spec::write_project::{ProjectOut, to_toml};

    fn text() -> impl Strategy<Value = String> {
        "[\\p{Han}a-z][\\p{Han}a-z0-9 ,。“”\"\\\\\n]{0,20}[\\p{Han}a-z]"
    }

    proptest! {
        #[test]
        fn project_spec_to_json_to_spec_is_the_identity(
            year in 2000i64..=2100,
            fiscal in 0i64..1_000_000,
            other in proptest::option::of(0i64..1_000_000),
            name in text(),
            dept in text(),
            annual in text(),
            midterm in proptest::option::of(text()),
            finance in proptest::option::of(text()),
            phone in proptest::option::of("[0-9-]{3,12}"),
            standard in proptest::option::of(text()),
        ) {
            let cents = |c: i64| format!("{}.{:02}", c / 100, c % 100);
            let mut p = ProjectOut::default();
            p.set("project", "name", name);
            p.set("project", "department", dept.clone());
            p.set("project", "department_code", "015001".into());
            p.set("project", "unit", dept);
            let total = fiscal + other.unwrap_or(0);
            p.set("funds", "total", cents(total));
            p.set("funds", "fiscal", cents(fiscal));
            if let Some(o) = other {
                p.set("funds", "other", cents(o));
            }
            p.set("goals", "annual", annual);
            if let Some(m) = midterm {
                p.set("goals", "midterm", m);
            }
            if let Some(f) = finance {
                p.set("review", "finance", f);
            }
            if let Some(ph) = phone {
                p.set("signature", "phone", ph);
            }
            let ind = |l1: &str, l2: &str, t: &str| IndicatorOut {
                level1: Some(l1.into()),
                level2: Some(l2.into()),
                name: Some(format!("{l2}的指标")),
                target: Some(t.into()),
                standard: standard.clone(),
                ..IndicatorOut::default()
            };
            let spec = SpecOut {
                form: "项目支出绩效目标表".into(),
                year: Some(year),
                indicators: vec![
                    ind("产出指标", "数量指标", "≥1个"),
                    ind("效益指标", "社会效益指标", "改善"),
                    ind("满意度指标", "服务对象满意度指标", "≥90%"),
                ],
                ..SpecOut::default()
            };
            let toml = to_toml(&spec, &p);
            let checked = crate::validate::check_text(&toml);
            let table = checked.table.clone().unwrap_or_else(|| panic!("{:?}\n{toml}", checked.diagnostics));
            let json = crate::render::json::to_json(&table);
            let (back, project) = super::parse("t.json", &json).expect("own export parses");
            let project = project.expect("a project table");
            let again = crate::validate::check_text(&to_toml(&back, &project));
            prop_assert_eq!(again.table.as_ref(), Some(&table));
            prop_assert_eq!(crate::render::json::to_json(&table), json);
        }
    }
}
