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
    /// Essentials that were not found (Chinese names); non-empty means "do not write".
    pub missing: Vec<String>,
    /// The sections of a 项目支出绩效目标表 (`None` for the department form); `spec` then
    /// carries its form, year, 项目名称 (as `name`) and indicators.
    pub project: Option<crate::spec::write_project::ProjectOut>,
}
