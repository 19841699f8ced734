//! The JSON Schema of the spec language, generated from the same field tables the loader
//! reads, so that editors (Even Better TOML / taplo, VS Code) complete and explain exactly
//! the fields jixiao knows. Schema validation itself is left to the editors and, in the
//! tests, to the `jsonschema` crate.

use serde_json::{Map, Value, json};

use super::fields::{self as fields, Field, Kind, STYLE, Section};
use crate::formdef::{BlockKind, FormDef, builtin};
use crate::forms::indicators;
use crate::taxonomy::{self, Level1};

/// Where the schema is published beside a spec (`#:schema` points here).
pub const FILE_NAME: &str = "jixiao.schema.json";

/// The whole schema: one branch per built-in form definition (any may match).
pub fn schema() -> Value {
    let branches: Vec<Value> = builtin::all().iter().map(|d| branch(d)).collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://jixiao.invalid/spec.schema.json",
        "title": "jixiao 规格文件",
        "description": "部门整体支出绩效目标表、项目支出绩效目标表的 TOML 规格文件（各种表样）",
        "anyOf": branches,
    })
}

/// The schema of the specs of one definition (`jixiao schema --template 表样.toml`).
pub fn for_definition(def: &'static FormDef) -> Value {
    let mut v = branch(def);
    v["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    v
}

/// The schema as pretty JSON with a trailing newline.
pub fn to_string() -> String {
    pretty(&schema())
}

/// A schema as pretty JSON with a trailing newline.
pub fn pretty(schema: &Value) -> String {
    // A `Value` built from literals always serializes.
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The specs of one definition: its sections' fields, its indicator arrays and `[style]`.
fn branch(def: &'static FormDef) -> Value {
    let mut props = Map::new();
    let title = def.bare_title();
    let mut names = vec![title.clone()];
    names.extend(def.form.names.iter().cloned());
    // A spec may also name its model's usual form (`form = "项目支出绩效目标表"` with a
    // `template` or a `layout`).
    if let Some(usual) = builtin::find(&def.form.model, None) {
        for n in std::iter::once(usual.bare_title()).chain(usual.form.names.iter().cloned()) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    props.insert(
        "form".into(),
        json!({"title": "表格类型", "description": format!("填 \"{title}\""), "type": "string", "enum": names}),
    );
    props.insert(
        "template".into(),
        json!({"title": "表样文件", "description": "本地表样定义文件的路径（相对于规格文件所在的文件夹）", "type": "string"}),
    );
    let mut required = vec!["form".to_owned(), "indicators".into()];
    for s in &def.sections {
        let section = fields::from_def(s);
        if s.key.is_empty() {
            add_fields(&mut props, section);
            required.extend(required_keys(section));
        } else if s.rows {
            props.insert(s.key.clone(), rows(section));
        } else {
            props.insert(s.key.clone(), table(section));
            if s.required {
                required.push(s.key.clone());
            }
        }
    }
    for b in def
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Indicators)
    {
        let label = b.section.as_deref().unwrap_or(indicators::FIELDS.label);
        let arrays = b.array.as_deref().into_iter();
        for array in arrays.chain(b.sets.iter().map(|s| s.array.as_str())) {
            props
                .entry(array.to_owned())
                .or_insert_with(|| indicator_rows_of(array, label));
        }
    }
    props.insert("style".into(), table(&STYLE));
    if let Some(layout) = layout_property(def) {
        if !is_default(def) {
            required.push("layout".into());
        }
        props.insert("layout".into(), layout);
    }
    let title = match &def.form.layout {
        Some(l) => format!("{title}（{l}）"),
        None => title,
    };
    object(&title, &def.form.doc, props, required)
}

/// Whether a built-in definition is its model's default (the one without `layout`).
fn is_default(def: &'static FormDef) -> bool {
    builtin::find(&def.form.model, None).is_some_and(|d| std::ptr::eq(d, def))
}

/// `layout = …` naming this definition, when it has a layout name.
fn layout_property(def: &FormDef) -> Option<Value> {
    let layout = def.form.layout.as_deref()?;
    let mut names = vec![layout.to_owned()];
    names.extend(def.form.layout_names.iter().cloned());
    Some(
        json!({"title": "版式", "description": format!("{layout}：{}", def.form.doc), "type": "string", "enum": names}),
    )
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

/// An array of indicator rows (`[[indicators]]`, `[[midterm_indicators]]`): full rows, or
/// the empty 二级 placeholders real forms carry (skipped).
fn indicator_rows_of(array: &str, label: &str) -> Value {
    let section = Section {
        key: "",
        label: "",
        ..indicators::FIELDS
    };
    let mut v = rows(&section);
    v["title"] = Value::String(label.to_owned());
    v["description"] = Value::String(format!("{label}：每个三级指标复制一段 [[{array}]]"));
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
