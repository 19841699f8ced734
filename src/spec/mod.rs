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

/// The top of a spec file.
#[derive(Clone, Debug, Default)]
pub struct RawSpec {
    /// `form`: which form this is.
    pub form: Option<Sp<String>>,
    /// `year`.
    pub year: Option<Sp<i64>>,
    /// `overall_goal`: 年度总体目标.
    pub overall_goal: Option<Sp<String>>,
    /// `[department]`.
    pub department: RawDepartment,
    /// `[budget]`.
    pub budget: RawBudget,
    /// Whether `[budget]` was written (the Hunan and Hubei layouts have none).
    pub has_budget: bool,
    /// `layout`: the department form's provincial layout (福建 when absent).
    pub layout: Option<Sp<String>>,
    /// `responsibilities`: 部门(单位)职责 / 部门职能概述.
    pub responsibilities: Option<Sp<String>>,
    /// `[income]`, `[expenditure]` (Hubei), by section key.
    pub funding: std::collections::BTreeMap<&'static str, fields::Values>,
    /// `[[duties]]`: 年度履职目标.
    pub duties: Vec<RawDuty>,
    /// `[[indicators]]`: 年度绩效指标.
    pub indicators: Vec<RawIndicator>,
    /// `[style]`: page settings for the PDF.
    pub style: RawStyle,
    /// The sections of a 项目支出绩效目标表 (`None` for the department form).
    pub project: Option<RawProject>,
    /// `template`: the spec's own form definition, as written.
    pub template: Option<Sp<String>>,
    /// The form definition the spec was read by (`None` when the form is unknown).
    pub definition: Option<&'static crate::formdef::FormDef>,
    /// Every scalar field read, by spec path (`project.name`), for the fields a
    /// definition adds beyond the model's own.
    pub values: std::collections::BTreeMap<String, Sp<fields::Value>>,
}

/// The sections of a project spec as read through its field tables, by section key.
#[derive(Clone, Debug, Default)]
pub struct RawProject {
    /// `project`, `funds`, `goals`, `review`, `signature` → their values.
    pub sections: std::collections::BTreeMap<&'static str, fields::Values>,
    /// `[[midterm_indicators]]`: the long-term (中期) indicator set, without placeholders.
    pub midterm_indicators: Vec<RawIndicator>,
}

impl RawProject {
    /// The values of a section (empty when absent).
    pub fn section(&self, key: &str) -> &fields::Values {
        static EMPTY: std::sync::OnceLock<fields::Values> = std::sync::OnceLock::new();
        self.sections
            .get(key)
            .unwrap_or_else(|| EMPTY.get_or_init(fields::Values::default))
    }
}

/// `[department]`.
#[derive(Clone, Debug, Default)]
pub struct RawDepartment {
    /// 部门(单位)名称.
    pub name: Option<Sp<String>>,
    /// 部门预算编码.
    pub code: Option<Sp<String>>,
}

/// `[budget]`: 年度预算安排(万元).
#[derive(Clone, Debug, Default)]
pub struct RawBudget {
    /// 资金总额.
    pub total: Option<Sp<AmountLit>>,
    /// 项目支出.
    pub project: Option<Sp<AmountLit>>,
    /// 基本支出.
    pub basic: Option<Sp<AmountLit>>,
}

/// One `[[duties]]` row: 年度履职目标.
#[derive(Clone, Debug, Default)]
pub struct RawDuty {
    /// 部门职能.
    pub function: Option<Sp<String>>,
    /// 年度目标任务.
    pub task: Option<Sp<String>>,
    /// 支出项目名称.
    pub project: Option<Sp<String>>,
    /// 预算金额(万元).
    pub amount: Option<Sp<AmountLit>>,
    /// The whole row.
    pub span: Range<usize>,
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
