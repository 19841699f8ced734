//! What the panel and the page show of one check: where the spec stands, its
//! diagnostics as listed, and the form rendered.

use serde::Serialize;

/// Where the spec stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It passed the check (warnings allowed): the form on screen is the current one.
    Ok,
    /// It has errors (a TOML syntax error included): the form on screen is the last one
    /// that passed, if any.
    Errors,
    /// The file is gone (deleted, or renamed by an editor that saves by rename).
    Missing,
    /// The file is there but cannot be read as text (too large, binary, a folder).
    Unreadable,
}

/// One diagnostic as the panel lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PanelDiag {
    /// The rule code (`E104`).
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What is wrong, in Chinese.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// 1-based line, when the diagnostic points into the text.
    pub line: Option<usize>,
    /// 1-based column in characters.
    pub column: Option<usize>,
    /// The `data-field` paths of the cells on screen it is about.
    pub cells: Vec<String>,
}

/// A form on screen, rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Form {
    /// Whether it passed the check; otherwise it is a draft, the spec as written with
    /// errors the panel lists.
    pub(crate) passed: bool,
    pub(crate) html: String,
    /// Every cell path of its sheet, each once.
    pub(crate) cells: Vec<String>,
}
