//! What a reader found on one sheet, whichever form it holds.

use crate::diag::Diagnostic;

/// What was found on one sheet.
#[derive(Debug, Default)]
pub struct Extracted {
    /// The spec values.
    pub spec: crate::spec::write::SpecOut,
    /// `(field, cell)` for every value taken, in reading order.
    pub provenance: Vec<(String, String)>,
    /// Problems met on the way, located at cells.
    pub diagnostics: Vec<Diagnostic>,
    /// The cells no field took, `(cell, text)` in reading order (what a definition of the
    /// department's own would have to place).
    pub unused: Vec<(String, String)>,
    /// Essentials that were not found (Chinese names); non-empty means "do not write".
    pub missing: Vec<String>,
    /// The sections of a 项目支出绩效目标表 (`None` for the department form); `spec` then
    /// carries its form, year, 项目名称 (as `name`) and indicators.
    pub project: Option<crate::spec::write_project::ProjectOut>,
}

/// What to do about cells no field took.
pub const UNUSED_HINT: &str = "这些格不属于表格的任何字段；如是需要的内容，请在导入后的规格中补上。如果它们是本局表样的栏目，可加 --emit-template 本局表样.toml 生成表样定义的底稿，补上这些栏目后用 --template 本局表样.toml 导入";
