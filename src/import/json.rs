//! jixiao's own JSON export (`render -f json`) read back into a spec, so a table edited by
//! another system comes back as TOML, and spec → JSON → spec is the identity.

use serde::Deserialize;

use super::ImportError;
use crate::render::json::SCHEMA;
use crate::spec::write::{DutyOut, IndicatorOut, SpecOut};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonTable {
    schema: String,
    form: String,
    year: i64,
    department: JsonDepartment,
    budget: JsonBudget,
    overall_goal: String,
    duties: Vec<JsonDuty>,
    indicators: Vec<JsonIndicator>,
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

/// Parses the export into spec values; the validator then checks them like any spec.
pub fn parse(file: &str, text: &str) -> Result<SpecOut, ImportError> {
    let t: JsonTable = serde_json::from_str(text).map_err(|e| ImportError::BadJson {
        file: file.to_owned(),
        detail: format!("第 {} 行第 {} 列：{e}", e.line(), e.column()),
    })?;
    if t.schema != SCHEMA {
        return Err(ImportError::BadJson {
            file: file.to_owned(),
            detail: format!("格式版本为“{}”，本程序读取“{SCHEMA}”", t.schema),
        });
    }
    Ok(SpecOut {
        header: Vec::new(),
        form: t.form,
        year: Some(t.year),
        overall_goal: Some(t.overall_goal),
        name: Some(t.department.name),
        code: t.department.code,
        total: Some(t.budget.total),
        project: Some(t.budget.project),
        basic: Some(t.budget.basic),
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
        indicators: t
            .indicators
            .into_iter()
            .map(|i| IndicatorOut {
                level1: Some(i.level1),
                level2: i.level2,
                name: Some(i.name),
                explanation: i.explanation,
                basis: i.basis,
                method: i.method,
                scoring: i.scoring,
                target: Some(i.target.text),
                unit: i.unit,
                weight: i.weight,
                note: i.note,
            })
            .collect(),
    })
}
