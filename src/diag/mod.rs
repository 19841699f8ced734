//! Diagnostics as data: severity, rule code, Chinese message, hint and location.
//!
//! This module knows nothing about goal tables, TOML or Excel; rules build
//! [`Diagnostic`]s and only [`emit`] turns them into text or JSON.

mod code;
pub mod emit;
mod source;

use std::ops::Range;

use serde::Serialize;

pub use code::Code;
pub use source::SourceFile;

/// How serious a diagnostic is. Errors stop rendering; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The table is wrong and will not be rendered.
    Error,
    /// Suspicious but accepted: real published tables do this.
    Warning,
}

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A byte range in the source text of the file being checked.
    Span(Range<usize>),
    /// A spreadsheet cell, already formatted (`file.xlsx[Sheet1]!C7`).
    Cell(String),
    /// The file as a whole.
    File,
}

/// One problem found in an input file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that fired.
    pub code: Code,
    /// What is wrong, in Chinese.
    pub message: String,
    /// How to fix it, in Chinese.
    pub hint: Option<String>,
    /// Where it is.
    pub location: Location,
}

impl Diagnostic {
    /// A diagnostic at a byte span of the source.
    pub fn at(code: Code, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            hint: None,
            location: Location::Span(span),
        }
    }

    /// A diagnostic about the whole file.
    pub fn file(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            hint: None,
            location: Location::File,
        }
    }

    /// Adds advice on how to fix the problem.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The severity, fixed by the rule code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// Whether this diagnostic blocks rendering.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Whether any diagnostic in the list is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Orders diagnostics by position in the file, errors first on ties, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| {
        let start = match &d.location {
            Location::Span(r) => r.start,
            // A missing table is often explained by a misspelled one (E003): that comes first.
            Location::File if d.code == Code::MissingField => usize::MAX,
            Location::Cell(_) | Location::File => 0,
        };
        (start, d.severity(), d.code)
    });
}
