//! One spec file taken through the front half of the pipeline: read → load → validate.

use std::path::{Path, PathBuf};

use crate::diag::{self, Code, Diagnostic, SourceFile};
use crate::model::Table;
use crate::spec::read::{Encoding, ReadError, read_text_file};
use crate::validate;

/// A checked spec: its source text, every diagnostic, and the table if it had no errors.
#[derive(Debug)]
pub struct Document {
    /// Path as given on the command line.
    pub path: PathBuf,
    /// The decoded text, for locating diagnostics.
    pub source: SourceFile,
    /// All diagnostics, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The validated table, when there were no errors.
    pub table: Option<Table>,
    /// The table as written when errors remain but the rules could still build it: for
    /// the live preview only (see [`validate::Checked::draft`]).
    pub draft: Option<Table>,
}

impl Document {
    /// Reads and checks a spec file.
    pub fn load(path: &Path) -> Result<Self, ReadError> {
        let decoded = read_text_file(path)?;
        let mut doc = Self::from_text(path, decoded.text);
        if decoded.encoding == Encoding::Gbk {
            doc.diagnostics.insert(
                0,
                Diagnostic::file(
                    Code::GbkConverted,
                    "文件是 GBK（ANSI）编码，已自动按 GBK 读取",
                )
                .with_hint("建议用记事本打开后“另存为”，编码选择 UTF-8，以免在其他电脑上出现乱码"),
            );
        }
        Ok(doc)
    }

    /// Checks spec text that did not come from a file (tests, imports).
    pub fn from_text(path: &Path, text: String) -> Self {
        let checked = validate::check_text(&text);
        Self {
            path: path.to_owned(),
            source: SourceFile::new(crate::console::show(path), text),
            diagnostics: checked.diagnostics,
            table: checked.table,
            draft: checked.draft,
        }
    }

    /// Adds findings made beyond this file (the cross-form check), keeping the order.
    pub fn add_diagnostics(&mut self, found: Vec<Diagnostic>) {
        self.diagnostics.extend(found);
        diag::sort(&mut self.diagnostics);
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Whether the spec passed (warnings allowed).
    pub fn passed(&self) -> bool {
        !diag::has_errors(&self.diagnostics)
    }
}
