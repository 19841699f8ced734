//! The spec as written: spanned raw types mirroring the TOML, and the loader that fills them.
//!
//! Nothing here judges the table (sums, taxonomy, targets); that is `validate`'s job. The
//! loader only reports what is wrong with the TOML itself: syntax, types, unknown keys,
//! missing or empty fields.

pub mod fields;
mod load;
pub mod paths;
mod prescan;
pub mod read;
pub mod schema;
pub(crate) mod toml_errors;
pub mod write;
pub mod write_project;

use std::ops::Range;

pub use load::{MAX_INDICATORS, MAX_TEXT_CHARS, NoTemplates, Templates, load, load_with};

/// A value with the byte span it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Byte range in the source text.
    pub span: Range<usize>,
}

/// An amount as written: the literal text of a TOML number, or a TOML string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountLit {
    /// A TOML integer or float, as its exact source text (`2120.91`, `1_000`, `1e3`).
    Number(String),
    /// A TOML string (`"2120.91"`).
    Text(String),
}

impl AmountLit {
    /// The text to parse.
    pub fn text(&self) -> &str {
        match self {
            AmountLit::Number(s) | AmountLit::Text(s) => s,
        }
    }
}

/// A spec as read through its form definition, whichever form it is: the top-level fields,
/// each section of fields, each array of rows and the indicator arrays, all by the keys
/// the definition declares. Which of them make which table is the model's business
/// (`validate`, `forms`); nothing here names a form.
#[derive(Clone, Debug, Default)]
pub struct RawSpec {
    /// `form`: which form this is.
    pub form: Option<Sp<String>>,
    /// `template`: the spec's own form definition, as written.
    pub template: Option<Sp<String>>,
    /// The form definition the spec was read by (`None` when the form is unknown).
    pub definition: Option<&'static crate::formdef::FormDef>,
    /// The top-level fields (`year`, `layout`, `overall_goal` …).
    pub top: fields::Values,
    /// Each `[section]` of fields the definition declares, by key (written or not).
    pub sections: std::collections::BTreeMap<&'static str, fields::Values>,
    /// Each `[[array]]` of rows of fields (`duties`), by key: one set of values per row,
    /// spanning the row.
    pub rows: std::collections::BTreeMap<&'static str, Vec<fields::Values>>,
    /// `[[indicators]]`: 年度绩效指标, without placeholders.
    pub indicators: Vec<RawIndicator>,
    /// The definition's other indicator arrays (`midterm_indicators`), by key.
    pub indicator_sets: std::collections::BTreeMap<&'static str, Vec<RawIndicator>>,
    /// `[style]`: page settings for the PDF.
    pub style: RawStyle,
    /// Every scalar field read, by spec path (`project.name`).
    pub values: std::collections::BTreeMap<String, Sp<fields::Value>>,
}

impl RawSpec {
    /// The values of a section (empty when absent).
    pub fn section(&self, key: &str) -> &fields::Values {
        self.sections.get(key).unwrap_or_else(|| empty_values())
    }

    /// Whether a section was written in the file.
    pub fn has_section(&self, key: &str) -> bool {
        self.sections.get(key).is_some_and(|v| v.span.is_some())
    }

    /// The rows of an array of rows (empty when absent).
    pub fn rows(&self, key: &str) -> &[fields::Values] {
        self.rows.get(key).map_or(&[], Vec::as_slice)
    }

    /// An indicator array by key: `indicators` or one of the definition's other sets.
    pub fn indicator_set(&self, key: &str) -> &[RawIndicator] {
        if key == "indicators" {
            &self.indicators
        } else {
            self.indicator_sets.get(key).map_or(&[], Vec::as_slice)
        }
    }

    /// `year`.
    pub fn year(&self) -> Option<Sp<i64>> {
        self.top.integer("year")
    }

    /// `layout`: the provincial layout, as written.
    pub fn layout(&self) -> Option<Sp<String>> {
        self.top.spanned("layout")
    }

    /// The model of the definition it was read by (`部门整体`, `项目`).
    pub fn model(&self) -> Option<&'static str> {
        self.definition.map(|d| d.form.model.as_str())
    }
}

fn empty_values() -> &'static fields::Values {
    static EMPTY: std::sync::OnceLock<fields::Values> = std::sync::OnceLock::new();
    EMPTY.get_or_init(fields::Values::default)
}

/// One `[[indicators]]` row: 年度绩效指标.
#[derive(Clone, Debug, Default)]
pub struct RawIndicator {
    /// 一级指标.
    pub level1: Option<Sp<String>>,
    /// 二级指标 (may be absent).
    pub level2: Option<Sp<String>>,
    /// 三级指标.
    pub name: Option<Sp<String>>,
    /// 内涵解释 / 指标解释.
    pub explanation: Option<Sp<String>>,
    /// 设置依据.
    pub basis: Option<Sp<String>>,
    /// 指标计算公式或方法.
    pub method: Option<Sp<String>>,
    /// 评分标准.
    pub scoring: Option<Sp<String>>,
    /// 绩效标准.
    pub standard: Option<Sp<String>>,
    /// 指标值类型 (定量 / 定性).
    pub value_type: Option<Sp<String>>,
    /// 目标值.
    pub target: Option<Sp<RawTarget>>,
    /// 计量单位, when kept apart from the value.
    pub unit: Option<Sp<String>>,
    /// 指标分值.
    pub weight: Option<Sp<AmountLit>>,
    /// 备注.
    pub note: Option<Sp<String>>,
    /// The whole row.
    pub span: Range<usize>,
}

/// A 目标值 as written: one text, or its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawTarget {
    /// `target = "≥300.00册"`.
    Text(String),
    /// `target = { op = "≥", value = "300.00", unit = "册" }`.
    Parts {
        /// Operator spelling, if any.
        op: Option<Sp<String>>,
        /// The number as written.
        value: Sp<AmountLit>,
        /// Unit, if any.
        unit: Option<Sp<String>>,
    },
}

/// `[style]`: page settings for the PDF.
#[derive(Clone, Debug, Default)]
pub struct RawStyle {
    /// `paper`: A4 or A3.
    pub paper: Option<Sp<String>>,
    /// `orientation`: landscape / portrait (横向 / 纵向).
    pub orientation: Option<Sp<String>>,
    /// `font`: path to a .ttf/.otf/.ttc.
    pub font: Option<Sp<String>>,
    /// `font_index`: face index inside a .ttc.
    pub font_index: Option<Sp<i64>>,
}
