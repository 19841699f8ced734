//! What the preview shows: the last form that passed, the current diagnostics with the
//! cells they are about, and whether the spec is there at all. Refreshed on every save.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::{Diagnostic, Location, Severity};
use crate::document::Document;
use crate::render::export::{Exporter, Input};
use crate::render::html::HtmlRenderer;
use crate::spec::paths::{PathIndex, related};
use crate::spec::read::ReadError;

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

/// The state the page reads from `/state.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// Grows by one with every change the page should show.
    pub version: u64,
    /// Where the spec stands.
    pub status: Status,
    /// One Chinese line above the list.
    pub headline: String,
    /// This run of the preview: a page left open from an earlier run that reconnects to a
    /// new one on the same port reloads rather than mix the two.
    pub session: String,
    /// The spec file's name (`福建2021.toml`), shown in the panel.
    pub file: String,
    /// The spec file's name without extension (for the downloads' names).
    pub name: String,
    /// Grows by one whenever the form's HTML changes (the page then fetches it again).
    pub form_version: u64,
    /// Whether there is any form to show.
    pub has_form: bool,
    /// Whether the form on screen is an older one than the file (errors, missing file).
    pub stale: bool,
    /// The diagnostics of the current file.
    pub diagnostics: Vec<PanelDiag>,
}

impl Snapshot {
    /// One line for the terminal: the headline, without the page's own directions.
    pub fn summary(&self) -> String {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == "error")
            .count();
        match self.status {
            Status::Errors => format!("有 {errors} 个错误，详见预览页面"),
            Status::Ok | Status::Missing | Status::Unreadable => self.headline.clone(),
        }
    }
}

/// A form on screen, rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Form {
    /// Whether it passed the check; otherwise it is a draft, the spec as written with
    /// errors the panel lists.
    passed: bool,
    html: String,
    /// Every cell path of its sheet, each once.
    cells: Vec<String>,
}

/// The preview's state. Not thread-safe by itself: the server keeps it behind a mutex.
pub struct State {
    spec: PathBuf,
    renderer: HtmlRenderer,
    form: Option<Form>,
    snapshot: Snapshot,
}

impl State {
    /// The state for a spec file, loaded once.
    pub fn new(spec: &Path) -> Result<Self, crate::render::RenderError> {
        let name = spec
            .file_stem()
            .map_or_else(|| "form".to_owned(), |s| s.to_string_lossy().into_owned());
        let file = spec
            .file_name()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let session = format!("{:x}-{started:x}", std::process::id());
        let mut state = Self {
            spec: spec.to_owned(),
            renderer: HtmlRenderer::new(None)?,
            form: None,
            snapshot: Snapshot {
                version: 0,
                status: Status::Missing,
                headline: String::new(),
                session,
                file,
                name,
                form_version: 0,
                has_form: false,
                stale: false,
                diagnostics: Vec::new(),
            },
        };
        state.refresh();
        Ok(state)
    }

    /// What the page shows now.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// The form on screen (the last one that passed) as `render -f html` writes it.
    pub fn form_html(&self) -> Option<&str> {
        self.form.as_ref().map(|f| f.html.as_str())
    }

    /// Reads the spec again. Returns whether anything the page shows changed: an editor
    /// that writes the same text twice, or a save that only touches the file's time,
    /// changes nothing and wakes no page.
    pub fn refresh(&mut self) -> bool {
        let (status, headline, diagnostics, form) = match Document::load(&self.spec) {
            Ok(doc) => self.judge(&doc),
            Err(ReadError::NotFound { .. }) => (
                Status::Missing,
                format!(
                    "找不到规格文件 {}（可能已被删除、移走或改名）。正在等待它重新出现{}",
                    crate::console::show(&self.spec),
                    self.kept()
                ),
                Vec::new(),
                None,
            ),
            Err(e) => (
                Status::Unreadable,
                format!("{e}{}", self.kept()),
                Vec::new(),
                None,
            ),
        };
        let form_changed = form.is_some() && form != self.form;
        let current = form.is_some();
        if form.is_some() {
            self.form = form;
        }
        let next = Snapshot {
            version: self.snapshot.version,
            status,
            headline,
            session: self.snapshot.session.clone(),
            file: self.snapshot.file.clone(),
            name: self.snapshot.name.clone(),
            form_version: self.snapshot.form_version + u64::from(form_changed),
            has_form: self.form.is_some(),
            stale: !current && self.form.is_some(),
            diagnostics,
        };
        if next == self.snapshot && self.snapshot.version > 0 {
            return false;
        }
        self.snapshot = Snapshot {
            version: self.snapshot.version + 1,
            ..next
        };
        true
    }

    /// The note that the form below is an older one, when there is one.
    fn kept(&self) -> &'static str {
        match &self.form {
            Some(f) if f.passed => "；下方是上次通过校验的表格",
            Some(_) => "；下方是上次读到的表格",
            None => "",
        }
    }

    fn judge(&self, doc: &Document) -> (Status, String, Vec<PanelDiag>, Option<Form>) {
        // A spec with errors that the rules could still build (a wrong sum) is shown as
        // written, its faulty cells marked; only one they could not build keeps the
        // last form on screen.
        let passed = doc.table.is_some();
        let form = doc.table.as_ref().or(doc.draft.as_ref()).and_then(|table| {
            let sheet = crate::forms::sheet(table);
            let html = self.renderer.render(table, &sheet).ok()?;
            let mut cells: Vec<String> = Vec::new();
            for c in &sheet.cells {
                if !c.path.is_empty() && !cells.contains(&c.path) {
                    cells.push(c.path.clone());
                }
            }
            Some(Form {
                passed,
                html,
                cells,
            })
        });
        let shown = form.as_ref().or(self.form.as_ref());
        let diagnostics = panel_diags(doc, shown.map_or(&[][..], |f| f.cells.as_slice()));
        let (errors, warnings) = (doc.errors(), doc.warnings());
        let (status, headline) = if errors == 0 && passed {
            let headline = if warnings == 0 {
                "通过校验".to_owned()
            } else {
                format!("通过校验，有 {warnings} 个警告")
            };
            (Status::Ok, headline)
        } else {
            let counted = if warnings == 0 {
                format!("有 {errors} 个错误")
            } else {
                format!("有 {errors} 个错误、{warnings} 个警告")
            };
            let headline = if form.is_some() {
                format!(
                    "{counted}：表格按当前内容显示，标出的格需要改正；改正后才能生成 PDF 和 Excel"
                )
            } else {
                let below = match &self.form {
                    Some(f) if f.passed => "下方是上次通过校验的表格",
                    Some(_) => "下方是上次读到的表格",
                    None => "修改后这里会显示表格",
                };
                format!("{counted}，表格未更新；{below}")
            };
            (Status::Errors, headline)
        };
        (status, headline, diagnostics, form)
    }
}

/// The diagnostics of a document for the panel, each with the cells among `cells` that
/// show the value it points at.
pub fn panel_diags(doc: &Document, cells: &[String]) -> Vec<PanelDiag> {
    let index = PathIndex::of(&doc.source.text);
    doc.diagnostics
        .iter()
        .map(|d| {
            let (line, column) = match &d.location {
                Location::Span(span) => {
                    let (l, c) = doc.source.line_col(span.start);
                    (Some(l), Some(c))
                }
                Location::Cell(_) | Location::File => (None, None),
            };
            PanelDiag {
                code: d.code.as_str(),
                severity: match d.severity() {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                message: d.message.clone(),
                hint: d.hint.clone(),
                line,
                column,
                cells: cells_of(d, &index, cells),
            }
        })
        .collect()
}

/// The cells a diagnostic is about: those showing the value its span lies in.
fn cells_of(d: &Diagnostic, index: &PathIndex, cells: &[String]) -> Vec<String> {
    let Location::Span(span) = &d.location else {
        return Vec::new();
    };
    let Some(path) = index.path_at(span) else {
        return Vec::new();
    };
    cells.iter().filter(|c| related(c, path)).cloned().collect()
}

/// Loads the spec as it is now and writes it with one exporter (the PDF and Excel links):
/// never an older form, so a downloaded file is always what the file says.
pub fn export_current(spec: &Path, exporter: &dyn Exporter) -> Result<Vec<u8>, String> {
    let doc = Document::load(spec).map_err(|e| e.to_string())?;
    let Some(table) = &doc.table else {
        return Err(format!(
            "规格文件有 {} 个错误，改正后才能生成{}",
            doc.errors(),
            match exporter.format() {
                crate::render::export::Format::Pdf => " PDF",
                crate::render::export::Format::Xlsx => " Excel 文件",
                _ => "文件",
            }
        ));
    };
    let sheet = crate::forms::sheet(table);
    exporter
        .export(&Input {
            spec,
            table,
            sheet: &sheet,
        })
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> String {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/fujian-redcross-2021.toml"),
        )
        .expect("seed spec")
    }

    fn spec_in(dir: &tempfile::TempDir, text: &str) -> PathBuf {
        let path = dir.path().join("表.toml");
        std::fs::write(&path, text).expect("write spec");
        path
    }

    #[test]
    fn a_good_spec_shows_its_form() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = State::new(&spec_in(&dir, &seed())).expect("state");
        let s = state.snapshot();
        assert_eq!(s.status, Status::Ok);
        assert!(s.has_form && !s.stale);
        assert_eq!((s.version, s.form_version), (1, 1));
        assert!(
            state
                .form_html()
                .is_some_and(|h| h.contains("福建省红十字会"))
        );
    }

    #[test]
    fn a_wrong_sum_shows_the_form_as_written_and_points_at_its_cell() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, &seed());
        let mut state = State::new(&path).expect("state");
        let text = seed().replacen("total = 2120.91", "total = 2120.92", 1);
        assert_ne!(text, seed(), "the seed's total is written as expected");
        std::fs::write(&path, text).expect("write");
        assert!(state.refresh());
        let s = state.snapshot();
        assert_eq!(s.status, Status::Errors);
        assert!(
            !s.stale && s.has_form,
            "the form on screen is the current text"
        );
        assert_eq!(s.form_version, 2, "the form is rendered as written");
        assert!(s.headline.contains("表格按当前内容显示"), "{}", s.headline);
        assert_eq!(s.summary(), "有 1 个错误，详见预览页面");
        assert!(state.form_html().is_some_and(|h| h.contains("2120.92")));
        let sum = s
            .diagnostics
            .iter()
            .find(|d| d.severity == "error")
            .expect("an error");
        assert_eq!(sum.cells, vec!["budget.total".to_owned()]);
        assert!(sum.line.is_some() && sum.column.is_some());
    }

    #[test]
    fn a_form_the_rules_cannot_build_keeps_the_last_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, &seed());
        let mut state = State::new(&path).expect("state");
        let good = state.form_html().map(str::to_owned);
        // No 资金总额 at all: there is no 年度预算安排 to draw.
        let text = seed().replacen("total = 2120.91  # 资金总额\n", "", 1);
        assert_ne!(text, seed());
        std::fs::write(&path, text).expect("write");
        assert!(state.refresh());
        let s = state.snapshot();
        assert_eq!(s.status, Status::Errors);
        assert!(s.stale && s.has_form);
        assert_eq!(s.form_version, 1, "the form is kept, not re-rendered");
        assert!(s.headline.contains("上次通过校验的表格"), "{}", s.headline);
        assert_eq!(state.form_html().map(str::to_owned), good);
    }

    #[test]
    fn a_syntax_error_is_listed_with_its_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, &seed());
        let mut state = State::new(&path).expect("state");
        std::fs::write(&path, seed().replacen("year = ", "year = = ", 1)).expect("write");
        assert!(state.refresh());
        let s = state.snapshot();
        assert_eq!(s.status, Status::Errors);
        assert!(s.stale);
        let d = &s.diagnostics[0];
        assert_eq!(d.code, "E001");
        assert!(d.line.is_some());
        assert!(d.cells.is_empty(), "the year has no cell of its own");
        // A broken amount: its cell is still found in what the parser recovered.
        std::fs::write(
            &path,
            seed().replacen("total = 2120.91", "total = 2120.91\"", 1),
        )
        .expect("write");
        assert!(state.refresh());
        let d = &state.snapshot().diagnostics[0];
        assert_eq!(d.code, "E001");
        assert_eq!(d.cells, vec!["budget.total".to_owned()]);
    }

    #[test]
    fn a_row_missing_a_field_marks_the_cells_of_that_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, &seed());
        let mut state = State::new(&path).expect("state");
        let text = seed().replacen("target = \"≥300.00册\"\n", "", 1);
        assert_ne!(text, seed());
        std::fs::write(&path, text).expect("write");
        assert!(state.refresh());
        let missing = state
            .snapshot()
            .diagnostics
            .iter()
            .find(|d| d.severity == "error")
            .expect("an error");
        assert!(!missing.cells.is_empty(), "{missing:?}");
        assert!(
            missing
                .cells
                .iter()
                .all(|c| c.starts_with("indicators[0].")),
            "{missing:?}"
        );
        assert!(missing.cells.contains(&"indicators[0].name".to_owned()));
    }

    #[test]
    fn the_same_text_again_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, &seed());
        let mut state = State::new(&path).expect("state");
        std::fs::write(&path, seed()).expect("write");
        assert!(!state.refresh());
        assert_eq!(state.snapshot().version, 1);
        // A change that only moves lines: the form is the same, the page need not fetch it.
        std::fs::write(&path, format!("# 注释\n{}", seed())).expect("write");
        assert!(state.refresh());
        assert_eq!(state.snapshot().form_version, 1);
    }

    #[test]
    fn a_vanished_spec_is_missing_until_it_comes_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, &seed());
        let mut state = State::new(&path).expect("state");
        std::fs::rename(&path, dir.path().join("表.toml.bak")).expect("rename away");
        assert!(state.refresh());
        let s = state.snapshot();
        assert_eq!(s.status, Status::Missing);
        assert!(
            s.stale && s.headline.contains("找不到规格文件"),
            "{}",
            s.headline
        );
        std::fs::rename(dir.path().join("表.toml.bak"), &path).expect("rename back");
        assert!(state.refresh());
        assert_eq!(state.snapshot().status, Status::Ok);
        assert!(!state.snapshot().stale);
    }

    #[test]
    fn a_spec_that_never_passed_has_no_form() {
        let dir = tempfile::tempdir().expect("tempdir");
        let state = State::new(&spec_in(&dir, "year = 2021\n")).expect("state");
        let s = state.snapshot();
        assert_eq!(s.status, Status::Errors);
        assert!(!s.has_form && !s.stale);
        assert!(state.form_html().is_none());
    }

    #[test]
    fn exports_refuse_a_spec_with_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, "year = 2021\n");
        let xlsx = crate::render::xlsx::XlsxExporter::new(None, None, None);
        let err = export_current(&path, &xlsx).expect_err("errors");
        assert!(err.contains("改正后才能生成 Excel"), "{err}");
        std::fs::write(&path, seed()).expect("write");
        let bytes = export_current(&path, &xlsx).expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
    }
}
