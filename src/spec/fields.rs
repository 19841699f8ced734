//! Field tables: one description per spec field (key, Chinese label, kind, required, doc).
//! A form kind lists its sections as tables; the same tables drive the TOML walker (which
//! keys exist, which are required, what type), the commented skeleton `init` writes and the
//! labels of the sheet, so the spec language of a form is written down once.

use std::collections::BTreeMap;

use super::{AmountLit, Sp};

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Text that may run over several lines (written with `"""`).
    LongText,
    /// An amount in 万元.
    Amount,
    /// A code of digits that keeps its leading zeros (`"015001"`); a bare integer is
    /// accepted and kept as written.
    Code,
    /// A whole number (`year = 2022`).
    Integer,
    /// A 目标值: text, or an inline table `{ op, value, unit }` (read by the indicator reader).
    Target,
}

/// One field of a section.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The TOML key.
    pub key: &'static str,
    /// The label printed on the form.
    pub label: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether the spec must give it.
    pub required: bool,
    /// A short Chinese explanation (skeleton comments, schema descriptions).
    pub doc: &'static str,
    /// An example value for the skeleton (TOML source text).
    pub example: &'static str,
}

/// A field, for the `const` field tables of the forms.
pub const fn field(
    key: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    doc: &'static str,
    example: &'static str,
) -> Field {
    Field {
        key,
        label,
        kind,
        required,
        doc,
        example,
    }
}

/// A table of fields (`[project]`) or the root of the file (key "").
#[derive(Clone, Copy, Debug)]
pub struct Section {
    /// The TOML table name; empty for top-level keys.
    pub key: &'static str,
    /// The Chinese name of the section.
    pub label: &'static str,
    /// Whether the table must be present.
    pub required: bool,
    /// A Chinese comment above it in the skeleton.
    pub doc: &'static str,
    /// Its fields, in form order.
    pub fields: &'static [Field],
}

impl Section {
    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Every key of the section.
    pub fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.key).collect()
    }
}

/// A value read for a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text (also codes).
    Text(String),
    /// An amount as written.
    Amount(AmountLit),
    /// A whole number.
    Integer(i64),
}

/// The values of one section as written, by key. Absent and empty fields are missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values {
    /// Values by key.
    pub map: BTreeMap<&'static str, Sp<Value>>,
    /// Span of the section's header (or of the whole file for the root).
    pub span: Option<std::ops::Range<usize>>,
}

impl Values {
    /// A text field's value.
    pub fn string(&self, key: &str) -> Option<String> {
        match self.map.get(key).map(|v| &v.value) {
            Some(Value::Text(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// An amount field as written, with its span.
    pub fn amount(&self, key: &str) -> Option<Sp<AmountLit>> {
        let v = self.map.get(key)?;
        match &v.value {
            Value::Amount(a) => Some(Sp {
                value: a.clone(),
                span: v.span.clone(),
            }),
            Value::Text(_) | Value::Integer(_) => None,
        }
    }

    /// A whole-number field with its span.
    pub fn integer(&self, key: &str) -> Option<Sp<i64>> {
        let v = self.map.get(key)?;
        match &v.value {
            Value::Integer(i) => Some(Sp {
                value: *i,
                span: v.span.clone(),
            }),
            Value::Text(_) | Value::Amount(_) => None,
        }
    }

    /// A text field as `Sp<String>`.
    pub fn spanned(&self, key: &str) -> Option<Sp<String>> {
        let v = self.map.get(key)?;
        match &v.value {
            Value::Text(s) => Some(Sp {
                value: s.clone(),
                span: v.span.clone(),
            }),
            Value::Amount(_) | Value::Integer(_) => None,
        }
    }
}

/// `[style]`: page settings for the PDF, the same for every form.
pub const STYLE: Section = Section {
    key: "style",
    label: "页面设置",
    required: false,
    doc: "页面设置（可省略）：纸张 A4/A3，方向 横向/纵向，字体文件路径",
    fields: &[
        Field {
            key: "paper",
            label: "纸张",
            kind: Kind::Text,
            required: false,
            doc: "A4 或 A3",
            example: "\"A4\"",
        },
        Field {
            key: "orientation",
            label: "方向",
            kind: Kind::Text,
            required: false,
            doc: "横向 或 纵向",
            example: "\"横向\"",
        },
        Field {
            key: "font",
            label: "字体文件",
            kind: Kind::Text,
            required: false,
            doc: "本单位字体文件的路径（.ttf、.otf、.ttc），相对于规格文件所在文件夹",
            example: "\"C:/Windows/Fonts/simsun.ttc\"",
        },
        Field {
            key: "font_index",
            label: "字体序号",
            kind: Kind::Integer,
            required: false,
            doc: "字体集（.ttc）中的序号，从 0 开始",
            example: "0",
        },
    ],
};

/// Writes a section of a commented skeleton: a `[table]` header (unless root), each field
/// with its doc as a comment and its example (optional fields commented out).
pub fn skeleton_section(section: &Section) -> String {
    let mut out = String::new();
    if !section.doc.is_empty() {
        for line in section.doc.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    if !section.key.is_empty() {
        out.push('[');
        out.push_str(section.key);
        out.push_str("]\n");
    }
    for f in section.fields {
        let need = if f.required { "必填" } else { "可选" };
        out.push_str(&format!("# {}（{need}）：{}\n", f.label, f.doc));
        let line = format!("{} = {}", f.key, f.example);
        for l in line.lines() {
            // Optional fields are written commented out, every line of them.
            if !f.required {
                out.push_str("# ");
            }
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// The field table of a definition's section, made once per section and kept (definitions
/// live for the whole process, see `formdef::builtin`).
pub fn from_def(def: &'static crate::formdef::SectionDef) -> &'static Section {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static MADE: OnceLock<Mutex<HashMap<usize, &'static Section>>> = OnceLock::new();
    let key = std::ptr::from_ref(def) as usize;
    let made = MADE.get_or_init(Default::default);
    if let Some(s) = made.lock().ok().and_then(|m| m.get(&key).copied()) {
        return s;
    }
    let fields: Vec<Field> = def
        .fields
        .iter()
        .filter(|f| !f.computed)
        .map(|f| Field {
            key: &f.key,
            label: &f.label,
            kind: kind_of(f.kind),
            required: f.required,
            doc: &f.doc,
            example: f.example.as_deref().unwrap_or(match f.kind {
                crate::formdef::FieldKind::Money => "0.00",
                crate::formdef::FieldKind::Integer => "0",
                _ => "\"\"",
            }),
        })
        .collect();
    let section: &'static Section = Box::leak(Box::new(Section {
        key: &def.key,
        label: &def.label,
        required: def.required,
        doc: &def.doc,
        fields: Box::leak(fields.into_boxed_slice()),
    }));
    if let Ok(mut m) = made.lock() {
        m.insert(key, section);
    }
    section
}

fn kind_of(k: crate::formdef::FieldKind) -> Kind {
    use crate::formdef::FieldKind as F;
    match k {
        F::Text => Kind::Text,
        F::Longtext => Kind::LongText,
        F::Money => Kind::Amount,
        F::Code => Kind::Code,
        F::Integer => Kind::Integer,
        F::Target => Kind::Target,
    }
}
