//! One spec file taken through the front half of the pipeline: read → load → validate.

use std::path::{Path, PathBuf};

use crate::diag::{self, Code, Diagnostic, SourceFile};
use crate::formdef::FormDef;
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
    /// The printed form of `table` (or `draft`), built once by the checks.
    pub sheet: Option<crate::render::sheet::Sheet>,
    /// A year-end 自评 spec, scored (it has no goal `table`).
    pub selfeval: Option<crate::selfeval::Scored>,
}

impl Document {
    /// Reads and checks a spec file.
    pub fn load(path: &Path) -> Result<Self, ReadError> {
        let decoded = read_text_file(path)?;
        let templates = FileTemplates {
            folder: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        let mut doc = Self::checked(path, decoded.text, &templates);
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
        Self::checked(path, text, &crate::spec::NoTemplates)
    }

    /// Checks the text of a spec about to be written at `path` (an import): a `template`
    /// it names is found beside that path, as it will be when the file is read.
    pub fn for_file(path: &Path, text: String) -> Self {
        let templates = FileTemplates {
            folder: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        Self::checked(path, text, &templates)
    }

    fn checked(path: &Path, text: String, templates: &dyn crate::spec::Templates) -> Self {
        if is_definition(&text) {
            return Self::definition(path, text);
        }
        if crate::selfeval::is_selfeval(&text) {
            return Self::selfeval(path, text);
        }
        let mut checked = validate::check_text_with(&text, templates);
        fits_its_form(&mut checked);
        Self {
            path: path.to_owned(),
            source: SourceFile::new(crate::console::show(path), text),
            diagnostics: checked.diagnostics,
            table: checked.table,
            draft: checked.draft,
            sheet: checked.sheet.and_then(Result::ok),
            selfeval: None,
        }
    }

    /// A 自评 spec: scored and checked by `selfeval`, not by the goal-table rules.
    fn selfeval(path: &Path, text: String) -> Self {
        let (scored, diagnostics) = crate::selfeval::check_text(&text);
        let table = scored.clone().map(|s| Table::SelfEval(Box::new(s)));
        let sheet = table
            .as_ref()
            .and_then(|t| crate::forms::layout::build(t).ok());
        let (table, draft) = if diag::has_errors(&diagnostics) {
            (None, table)
        } else {
            (table, None)
        };
        Self {
            path: path.to_owned(),
            source: SourceFile::new(crate::console::show(path), text),
            diagnostics,
            table,
            draft,
            sheet,
            selfeval: scored,
        }
    }

    /// A form definition given where a spec may be (`jixiao check 表样.toml`): checked as
    /// a definition, its problems located in its own text; it has no table.
    fn definition(path: &Path, text: String) -> Self {
        let diagnostics = match crate::formdef::parse(&text) {
            Ok(_) => Vec::new(),
            Err(e) => e.diagnostics,
        };
        Self {
            path: path.to_owned(),
            source: SourceFile::new(path.display().to_string(), text),
            diagnostics,
            sheet: None,
            table: None,
            draft: None,
            selfeval: None,
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

/// The definition every spec of this run is printed by (`--template`), when one was given.
static FORCED: std::sync::OnceLock<&'static FormDef> = std::sync::OnceLock::new();

/// Reads the definition given with `--template` for every spec of this run. The error is a
/// sentence in Chinese that names the file and, for a wrong definition, where.
pub fn force_template(path: &Path) -> Result<(), String> {
    let def = read_definition(path)?;
    // Set once per process, before any spec is read.
    let _ = FORCED.set(def);
    Ok(())
}

/// The definition given with `--template`, if any.
pub fn forced_template() -> Option<&'static FormDef> {
    FORCED.get().copied()
}

/// Reads and checks a definition file.
pub fn read_definition(path: &Path) -> Result<&'static FormDef, String> {
    let decoded =
        read_text_file(path).map_err(|e| format!("表样文件“{}”无法读取（{e}）", path.display()))?;
    crate::formdef::builtin::from_text(&decoded.text).map_err(|e| {
        let source = SourceFile::new(path.display().to_string(), decoded.text.clone());
        let first = e.diagnostics.first();
        let place = match first.map(|d| &d.location) {
            Some(diag::Location::Span(r)) => {
                let (line, col) = source.line_col(r.start);
                format!("第 {line} 行第 {col} 列")
            }
            _ => String::new(),
        };
        let what = first.map_or(String::new(), |d| format!("{}：{}", d.code, d.message));
        format!(
            "表样文件 {} {place}有误（共 {} 处）：{what}。可运行 jixiao check {} 查看全部",
            path.display(),
            e.diagnostics.len(),
            quote_arg(&path.display().to_string()),
        )
    })
}

/// A path as a command-line argument: quoted when it holds blanks.
fn quote_arg(s: &str) -> String {
    if s.chars().any(char::is_whitespace) {
        format!("\"{s}\"")
    } else {
        s.to_owned()
    }
}

/// A spec's `template = "…"`, found beside the spec.
struct FileTemplates {
    folder: PathBuf,
}

impl crate::spec::Templates for FileTemplates {
    fn forced(&self) -> Option<&'static FormDef> {
        FORCED.get().copied()
    }

    fn resolve(&self, written: &str) -> Result<&'static FormDef, String> {
        read_definition(&self.folder.join(written))
    }
}

/// A definition of the department's own may ask for more columns in a block than the
/// table has (its indicator columns decide): that is found here, at check time, rather
/// than when rendering. The built-in definitions fit every table (tested).
fn fits_its_form(checked: &mut validate::Checked) {
    let Some(table) = &checked.table else { return };
    let def = table.definition();
    if crate::formdef::builtin::is_builtin(def) {
        return;
    }
    if let Some(Err(e)) = &checked.sheet {
        checked.diagnostics.push(
            Diagnostic::file(Code::SpanPastGrid, e.to_string()).with_hint(
                "在表样中减少这一块的列（grid），或让绩效指标表多印几列（only_filled = false）",
            ),
        );
        checked.draft = checked.table.take();
    }
}

/// Whether a file is a form definition: it has a `[form]` table (a spec's `form` is a key).
pub fn is_definition(text: &str) -> bool {
    // Every spec is asked this; a substring search rules most of them out without
    // walking their lines.
    text.contains("[form]") && text.lines().any(|l| l.trim() == "[form]")
}
