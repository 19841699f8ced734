//! Reading and checking the spec for the preview, without its state: what the page would
//! show of the file as it is now (status, headline, the panel's diagnostics with their
//! cells, the rendered form, the table the downloads are made from). The server runs this
//! outside the state's lock and hands the result to [`State::apply`](super::state::State::apply).

use std::path::PathBuf;
use std::sync::Arc;

use super::panel::{Form, PanelDiag, Status};
use crate::diag::{Diagnostic, Location, Severity};
use crate::document::Document;
use crate::model::Table;
use crate::render::html::HtmlRenderer;
use crate::spec::paths::{PathIndex, related};
use crate::spec::read::ReadError;

/// Reads and checks the spec, without the state: what [`State::apply`] then takes in.
pub struct Checker {
    pub(super) spec: PathBuf,
    pub(super) renderer: Arc<HtmlRenderer>,
    /// The form on screen before this reading.
    pub(super) previous: Option<Arc<Form>>,
}

/// What one reading of the spec found.
pub struct Checked {
    pub(super) status: Status,
    pub(super) headline: String,
    pub(super) diagnostics: Vec<PanelDiag>,
    pub(super) form: Option<Form>,
    pub(super) table: Option<Arc<Table>>,
}

impl Checker {
    /// Reads and checks the spec and renders its form.
    pub fn run(&self) -> Checked {
        let previous = self.previous.as_deref();
        match Document::load(&self.spec) {
            Ok(doc) => judge(&self.renderer, previous, doc),
            Err(ReadError::NotFound { .. }) => Checked {
                status: Status::Missing,
                headline: format!(
                    "找不到规格文件 {}（可能已被删除、移走或改名）。正在等待它重新出现{}",
                    crate::console::show(&self.spec),
                    kept(previous)
                ),
                diagnostics: Vec::new(),
                form: None,
                table: None,
            },
            Err(e) => Checked {
                status: Status::Unreadable,
                headline: format!("{e}{}", kept(previous)),
                diagnostics: Vec::new(),
                form: None,
                table: None,
            },
        }
    }
}

/// The note that the form below is an older one, when there is one.
fn kept(previous: Option<&Form>) -> &'static str {
    match previous {
        Some(f) if f.passed => "；下方是上次通过校验的表格",
        Some(_) => "；下方是上次读到的表格",
        None => "",
    }
}

fn judge(renderer: &HtmlRenderer, previous: Option<&Form>, mut doc: Document) -> Checked {
    // A spec with errors that the rules could still build (a wrong sum) is shown as
    // written, its faulty cells marked; only one they could not build keeps the last form
    // on screen.
    let passed = doc.table.is_some();
    let form = doc.table.as_ref().or(doc.draft.as_ref()).and_then(|table| {
        let sheet = crate::forms::sheet(table).ok()?;
        let html = renderer.render(table, &sheet).ok()?;
        let mut seen = std::collections::HashSet::new();
        let cells: Vec<String> = sheet
            .cells
            .iter()
            .filter(|c| !c.path.is_empty() && seen.insert(c.path.as_str()))
            .map(|c| c.path.clone())
            .collect();
        Some(Form {
            passed,
            html,
            cells,
        })
    });
    let shown = form.as_ref().or(previous);
    let diagnostics = panel_diags(&doc, shown.map_or(&[][..], |f| f.cells.as_slice()));
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
            format!("{counted}：表格按当前内容显示，标出的格需要改正；改正后才能生成 PDF 和 Excel")
        } else {
            let below = match previous {
                Some(f) if f.passed => "下方是上次通过校验的表格",
                Some(_) => "下方是上次读到的表格",
                None => "修改后这里会显示表格",
            };
            format!("{counted}，表格未更新；{below}")
        };
        (Status::Errors, headline)
    };
    let table = if status == Status::Ok {
        doc.table.take().map(Arc::new)
    } else {
        None
    };
    Checked {
        status,
        headline,
        diagnostics,
        form,
        table,
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
