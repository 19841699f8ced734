//! What the preview shows: the last form that passed, the current diagnostics with the
//! cells they are about, and whether the spec is there at all. Refreshed on every save.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use super::check::{Checked, Checker};
use super::panel::Form;
pub use super::panel::{PanelDiag, Status};
use crate::model::Table;
use crate::render::export::{Exporter, Format, Input};
use crate::render::html::HtmlRenderer;

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
            Status::Ok => self.headline.clone(),
            // The note about the form below is for the page: nothing is below a terminal line.
            Status::Missing | Status::Unreadable => [KEPT_PASSED, KEPT_READ]
                .iter()
                .find_map(|k| self.headline.strip_suffix(k))
                .unwrap_or(&self.headline)
                .to_owned(),
        }
    }
}

/// The page's note that the form under the panel is the last one that passed.
const KEPT_PASSED: &str = "；下方是上次通过校验的表格";
/// The page's note that the form under the panel is the last one read (with errors).
const KEPT_READ: &str = "；下方是上次读到的表格";

/// The preview's state. Not thread-safe by itself: the server keeps it behind a mutex,
/// and reads the spec with a [`Checker`] outside that mutex (a large spec takes seconds to
/// check, during which the page keeps being served from the last state).
pub struct State {
    spec: PathBuf,
    renderer: Arc<HtmlRenderer>,
    form: Option<Arc<Form>>,
    /// The table of the current text, when it passed: what the downloads are made from, so
    /// that the page and the files always tell the same.
    table: Option<Arc<Table>>,
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
            renderer: Arc::new(HtmlRenderer::new(None)?),
            form: None,
            table: None,
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
        let checked = self.checker().run();
        self.apply(checked)
    }

    /// What reads the spec next, to be run without holding the state.
    pub fn checker(&self) -> Checker {
        Checker {
            spec: self.spec.clone(),
            renderer: Arc::clone(&self.renderer),
            previous: self.form.clone(),
        }
    }

    /// Takes in what a [`Checker`] found; returns whether the page should change.
    pub fn apply(&mut self, checked: Checked) -> bool {
        let Checked {
            status,
            headline,
            diagnostics,
            form,
            table,
        } = checked;
        self.table = table;
        let form_changed = form
            .as_ref()
            .is_some_and(|f| self.form.as_deref() != Some(f));
        let current = form.is_some();
        if let Some(form) = form
            && form_changed
        {
            self.form = Some(Arc::new(form));
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

    /// The table the downloads are made from: the current text's, when it passed;
    /// otherwise why there is none, in Chinese, for a file of `format`.
    pub fn export_table(&self, format: Format) -> Result<Arc<Table>, String> {
        if let Some(table) = &self.table {
            return Ok(Arc::clone(table));
        }
        let what = match format {
            Format::Pdf => " PDF",
            Format::Xlsx => " Excel 文件",
            _ => "文件",
        };
        let errors = self
            .snapshot
            .diagnostics
            .iter()
            .filter(|d| d.severity == "error")
            .count();
        Err(match self.snapshot.status {
            Status::Errors => format!("规格文件有 {errors} 个错误，改正后才能生成{what}"),
            Status::Ok | Status::Missing | Status::Unreadable => {
                // The headline's note on the form below the panel is not for a download.
                let why = self
                    .snapshot
                    .headline
                    .split("；下方")
                    .next()
                    .unwrap_or_default();
                format!("现在不能生成{what}：{why}")
            }
        })
    }
}

/// Writes a table of the spec with one exporter (the PDF and Excel links).
pub fn export(spec: &Path, table: &Table, exporter: &dyn Exporter) -> Result<Vec<u8>, String> {
    let sheet = crate::forms::sheet(table).map_err(|e| e.to_string())?;
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
        // The terminal line has nothing "below" it.
        assert!(s.summary().contains("找不到规格文件"), "{}", s.summary());
        assert!(!s.summary().contains("下方"), "{}", s.summary());
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
        let mut state = State::new(&path).expect("state");
        let xlsx = crate::render::xlsx::XlsxExporter::new(None, None, None);
        let err = state.export_table(Format::Xlsx).expect_err("errors");
        assert!(err.contains("改正后才能生成 Excel"), "{err}");
        std::fs::write(&path, seed()).expect("write");
        assert!(state.refresh());
        let table = state.export_table(Format::Xlsx).expect("passed");
        let bytes = export(&path, &table, &xlsx).expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
    }

    #[test]
    fn the_downloads_follow_the_state_the_page_shows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, &seed());
        let mut state = State::new(&path).expect("state");
        assert!(state.export_table(Format::Pdf).is_ok());
        // A save the state has not read yet changes neither the page nor the downloads.
        std::fs::write(
            &path,
            seed().replacen("total = 2120.91", "total = 2120.92", 1),
        )
        .expect("write");
        assert_eq!(state.snapshot().status, Status::Ok);
        assert!(state.export_table(Format::Pdf).is_ok());
        // Once read, both say the same.
        assert!(state.refresh());
        assert_eq!(state.snapshot().status, Status::Errors);
        let err = state.export_table(Format::Pdf).expect_err("errors");
        assert!(err.contains("有 1 个错误"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_spec_replaced_by_a_fifo_is_unreadable_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = spec_in(&dir, &seed());
        let mut state = State::new(&path).expect("state");
        std::fs::remove_file(&path).expect("remove");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .expect("mkfifo");
        // Would block in open() for good before: nobody writes to this FIFO.
        assert!(state.refresh());
        let s = state.snapshot();
        assert_eq!(s.status, Status::Unreadable);
        assert!(s.headline.contains("不是普通文件"), "{}", s.headline);
        assert!(state.export_table(Format::Pdf).is_err());
    }
}
