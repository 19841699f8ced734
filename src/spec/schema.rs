//! The JSON Schema of the spec language, generated from the same field tables the loader
//! reads, so that editors (Even Better TOML / taplo, VS Code) complete and explain exactly
//! the fields jixiao knows. Schema validation itself is left to the editors and, in the
//! tests, to the `jsonschema` crate.

use serde_json::{Map, Value, json};

use super::fields::{Field, Kind, STYLE, Section};
use crate::forms::department::fields as dept;
use crate::forms::{indicators, project};
use crate::model::FormKind;
use crate::taxonomy::{self, Level1};

/// Where the schema is published beside a spec (`#:schema` points here).
pub const FILE_NAME: &str = "jixiao.schema.json";

/// The whole schema: one branch per form kind, chosen by `form`.
pub fn schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://jixiao.invalid/spec.schema.json",
        "title": "jixiao 规格文件",
        "description": "部门整体支出绩效目标表、项目支出绩效目标表的 TOML 规格文件",
        "oneOf": [department(), project_form()],
    })
}

/// The schema as pretty JSON with a trailing newline.
pub fn to_string() -> String {
    // A `Value` built from literals always serializes.
    let mut s = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    s.push('\n');
    s
}

fn form_property(kind: FormKind) -> Value {
    let entry = crate::forms::entry(kind);
    let mut names = vec![kind.title()];
    names.extend_from_slice(entry.aliases);
    json!({
        "title": "表格类型",
        "description": format!("填 \"{}\"", kind.title()),
        "type": "string",
        "enum": names,
    })
}

fn department() -> Value {
    let mut props = Map::new();
    props.insert("form".into(), form_property(FormKind::DepartmentOverall));
    add_fields(&mut props, &dept::ROOT);
    props.insert("layout".into(), layout_property());
    for s in [
        &dept::DEPARTMENT,
        &dept::BUDGET,
        &dept::INCOME,
        &dept::EXPENDITURE,
        &STYLE,
    ] {
        props.insert(s.key.into(), table(s));
    }
    props.insert(dept::DUTY.key.into(), rows(&dept::DUTY));
    props.insert(indicators::FIELDS.key.into(), indicator_rows());
    let mut required = vec!["form".to_owned(), "department".into(), "indicators".into()];
    required.extend(required_keys(&dept::ROOT));
    object("部门整体支出绩效目标表", "", props, required)
}

fn project_form() -> Value {
    let mut props = Map::new();
    props.insert("form".into(), form_property(FormKind::Project));
    props.insert(
        "year".into(),
        json!({"title": "年度", "description": "预算年度，四位数字", "type": "integer", "minimum": 2000, "maximum": 2100}),
    );
    let mut required = vec!["form".to_owned(), "year".into(), "indicators".into()];
    for s in project::fields::SECTIONS {
        props.insert(s.key.into(), table(s));
        if s.required {
            required.push(s.key.into());
        }
    }
    props.insert("style".into(), table(&STYLE));
    props.insert(indicators::FIELDS.key.into(), indicator_rows());
    let midterm = &project::fields::MIDTERM_INDICATORS;
    props.insert(midterm.key.into(), indicator_rows_of(midterm));
    object("项目支出绩效目标表", "", props, required)
}

fn layout_property() -> Value {
    let names: Vec<&str> = dept::Layout::ALL.iter().map(|(_, n)| *n).collect();
    json!({"title": "版式", "description": "福建（默认）、湖南 或 湖北", "type": "string", "enum": names})
}

fn object(title: &str, doc: &str, props: Map<String, Value>, required: Vec<String>) -> Value {
    let mut o = json!({
        "type": "object",
        "title": title,
        "properties": props,
        "required": required,
        "additionalProperties": false,
    });
    if !doc.is_empty() {
        o["description"] = Value::String(doc.to_owned());
    }
    o
}

fn add_fields(props: &mut Map<String, Value>, section: &Section) {
    for f in section.fields {
        props.insert(f.key.into(), field(f));
    }
}

fn required_keys(section: &Section) -> Vec<String> {
    section
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key.to_owned())
        .collect()
}

fn table(section: &Section) -> Value {
    let mut props = Map::new();
    add_fields(&mut props, section);
    object(section.label, section.doc, props, required_keys(section))
}

fn rows(section: &Section) -> Value {
    json!({
        "type": "array",
        "title": section.label,
        "description": section.doc,
        "items": table(section),
    })
}

/// `[[indicators]]`: full rows, or the empty 二级 placeholders real forms carry (skipped).
fn indicator_rows() -> Value {
    indicator_rows_of(&indicators::FIELDS)
}

/// An array of indicator rows named by `section` (`[[indicators]]`, `[[midterm_indicators]]`).
fn indicator_rows_of(section: &crate::spec::fields::Section) -> Value {
    let mut v = rows(section);
    let full = v["items"].take();
    let level = |key: &str| indicators::FIELDS.field(key).map(field).unwrap_or_default();
    v["items"] = json!({"anyOf": [
        full,
        {
            "type": "object",
            "title": "空的二级指标占位行",
            "properties": {"level1": level("level1"), "level2": level("level2")},
            "required": ["level2"],
            "additionalProperties": false,
        },
    ]});
    v
}

/// An amount: a number, or its digits as text (`"2120.91"`).
fn amount() -> Value {
    json!({"anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": "^\\s*[0-9][0-9_]*(\\.[0-9]+)?\\s*$"},
    ]})
}

fn field(f: &Field) -> Value {
    let mut v = match f.kind {
        Kind::Text | Kind::LongText => json!({"type": "string"}),
        Kind::Code => json!({"anyOf": [
            {"type": "string", "pattern": "^[0-9]*$"},
            {"type": "integer", "minimum": 0},
        ]}),
        Kind::Amount => amount(),
        Kind::Integer => json!({"type": "integer"}),
        Kind::Target => json!({"anyOf": [
            {"type": "string", "minLength": 1, "examples": ["≥300.00册", "≥95.00%", "≤90万元", "优良"]},
            {
                "type": "object",
                "properties": {
                    "op": {"type": "string", "enum": ["≥", "≤", "=", ">", "<", ">=", "<="], "title": "运算符"},
                    "value": amount(),
                    "unit": {"type": "string", "title": "计量单位"},
                },
                "required": ["value"],
                "additionalProperties": false,
            },
        ]}),
    };
    v["title"] = Value::String(f.label.to_owned());
    v["description"] = Value::String(f.doc.to_owned());
    match f.key {
        // Completion offers the canonical names; the loader also accepts known local
        // spellings (产出指标(50分), 效果指标), so any text validates.
        "level1" => names(
            &mut v,
            [
                Level1::Output,
                Level1::Cost,
                Level1::Benefit,
                Level1::Satisfaction,
            ]
            .map(Level1::name)
            .to_vec(),
        ),
        "level2" => {
            let mut all = Vec::new();
            for l1 in [
                Level1::Output,
                Level1::Cost,
                Level1::Benefit,
                Level1::Satisfaction,
            ] {
                for n in taxonomy::level2_names_under(l1) {
                    if !all.contains(&n) {
                        all.push(n);
                    }
                }
            }
            names(&mut v, all);
        }
        "value_type" => names(&mut v, vec!["定量", "定性"]),
        "paper" => names(&mut v, vec!["A4", "A3"]),
        "orientation" => names(&mut v, vec!["横向", "纵向", "landscape", "portrait"]),
        _ => {}
    }
    v
}

fn names(v: &mut Value, list: Vec<&str>) {
    v["examples"] = json!(list);
    v["anyOf"] = json!([{"enum": list}, {"type": "string"}]);
}
