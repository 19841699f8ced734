//! The HTML form through Tera. Default templates are embedded; `--templates DIR` overrides
//! them file by file. Autoescape stays on: spec text can never become markup.

use std::path::Path;

use tera::{Context, Tera};

use serde::Serialize;

use std::ops::Range;

use super::RenderError;
use super::block_widths;
use super::html_pages::{self, PrintView};
use super::html_templates::{describe, read_dir_templates};
use super::pdf::frame::PageSettings;
use super::pdf::{fonts, pages};
use super::sheet::{Align, Role, Sheet};
use crate::model::{Orientation, Paper, Table};

/// The entry template every render starts from.
pub const MAIN_TEMPLATE: &str = "goal_table.html";

/// Built-in templates: (name, source).
const BUILTIN: &[(&str, &str)] = &[
    (
        MAIN_TEMPLATE,
        include_str!("../../templates/goal_table.html"),
    ),
    ("cell.html", include_str!("../../templates/cell.html")),
    ("style.css", include_str!("../../templates/style.css")),
    ("print.html", include_str!("../../templates/print.html")),
    ("print.css", include_str!("../../templates/print.css")),
];

/// A loaded template set.
pub struct HtmlRenderer {
    tera: Tera,
    /// `--paper` and `--orientation`, over the spec's `[style]`, for the printed pages.
    paper: Option<Paper>,
    orientation: Option<Orientation>,
}

impl HtmlRenderer {
    /// Loads the built-in templates, then any `.html`/`.css` files in `dir` over them.
    pub fn new(dir: Option<&Path>) -> Result<Self, RenderError> {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
            .collect();
        if let Some(dir) = dir {
            for (name, text) in read_dir_templates(dir)? {
                match sources.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = text,
                    None => sources.push((name, text)),
                }
            }
        }
        let mut tera = Tera::default();
        // Escape everything that is HTML, including the stylesheet partial's context values.
        tera.autoescape_on([".html", ".css"]);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| RenderError::Template(describe(&e)))?;
        if !tera.contains_template(MAIN_TEMPLATE) {
            return Err(RenderError::Template(format!("缺少主模板 {MAIN_TEMPLATE}")));
        }
        Ok(Self {
            tera,
            paper: None,
            orientation: None,
        })
    }

    /// Prints on this paper and in this orientation, whatever the spec's `[style]` says
    /// (`--paper`, `--orientation`); `None` leaves the spec's choice.
    pub fn with_page(mut self, paper: Option<Paper>, orientation: Option<Orientation>) -> Self {
        self.paper = paper;
        self.orientation = orientation;
        self
    }

    /// Renders the form: the sheet as HTML tables, with the validated table beside it
    /// (`form`) for custom templates that lay out their own form.
    pub fn render(&self, table: &Table, sheet: &Sheet) -> Result<String, RenderError> {
        let style = table.style();
        let settings = PageSettings::new(
            self.paper.unwrap_or(style.paper),
            self.orientation.unwrap_or(style.orientation),
        );
        let mut page = Page::new(table, sheet);
        page.print = print_view(sheet, &settings);
        let ctx =
            Context::from_serialize(&page).map_err(|e| RenderError::Template(describe(&e)))?;
        self.tera
            .render(MAIN_TEMPLATE, &ctx)
            .map_err(|e| RenderError::Template(describe(&e)))
    }
}

/// The template context.
#[derive(Serialize)]
struct Page<'a> {
    title: &'a str,
    subtitle: &'a str,
    owner: &'a str,
    year: u16,
    /// Column widths as CSS percentages.
    percents: Vec<String>,
    /// The sheet cut into tables at its column-header rows, so that a printing browser
    /// repeats each header (`thead`) on the pages its rows run over.
    tables: Vec<HtmlTable>,
    sheet: &'a Sheet,
    form: &'a Table,
    /// Names that templates written for the first version read (department form only).
    #[serde(skip_serializing_if = "Option::is_none")]
    department: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget_code: Option<&'a str>,
    year_line: &'a str,
    /// The printed pages, laid out as the PDF's (`html_pages`); none when the PDF
    /// layout cannot be made (a character missing from the bundled font), and the long
    /// table is printed instead.
    print: Option<PrintView>,
}

/// The print view on the PDF's pages. The pages are those of the PDF with the bundled
/// font: a browser prints with its own fonts, and the bundled metrics stand for the
/// 宋体-like faces it uses. A layout error leaves the page without a print view: the
/// HTML form is still made, and printed as the long table.
fn print_view(sheet: &Sheet, settings: &PageSettings) -> Option<PrintView> {
    let paged = pages::paginate(sheet, fonts::bundled(), settings).ok()?;
    Some(html_pages::print_view(&paged, sheet))
}

#[derive(Serialize, Default)]
struct HtmlTable {
    /// This table's column widths as CSS percentages: the grid's, or fitted to the
    /// block's own content (see `render::block_widths`).
    percents: Vec<String>,
    /// Number of grid columns (the `tfoot` rule spans them all).
    columns: usize,
    head: Vec<HtmlRow>,
    body: Vec<HtmlRow>,
}

/// A row and how a printing browser may break pages at it.
#[derive(Serialize)]
struct HtmlRow {
    /// `keep` for short rows (kept whole on a page; long rows may split between lines),
    /// `with-next` for rows not to end a page.
    class: String,
    cells: Vec<HtmlCell>,
}

/// Rows whose cells all hold at most this many characters are kept whole on a page.
const KEEP_CHARS: usize = 60;

/// A merged label whose rows take at most this much of a printed page stays merged in
/// print, its rows kept on one page (a page that cannot take them ends at most that much
/// early); taller runs are printed one cell per row (see `split_label`).
const WHOLE_SHARE: f64 = 0.25;
/// The print stylesheet's text area height (A4 landscape less 12 and 14 mm margins), one
/// line of its 10 pt type at line height 1.35, and a cell's padding and rule, in mm.
const PAGE_MM: f64 = 184.0;
const LINE_MM: f64 = 10.0 * 1.35 * 25.4 / 72.0;
const CELL_MM: f64 = 2.4 + 0.3;

fn html_row(cells: Vec<HtmlCell>, with_next: bool) -> HtmlRow {
    let longest = cells
        .iter()
        .filter(|c| c.rowspan == 1)
        .map(|c| chars(&c.paras))
        .max()
        .unwrap_or(0);
    // A row where a merged cell starts is not kept whole when the cell is printed merged
    // over rows that may split across pages: keeping it would keep every row the cell
    // covers, and a printing browser would move them all to the next page.
    let spans = cells
        .iter()
        .any(|c| c.rowspan > 1 && c.print == Print::AsShown);
    let mut class = Vec::new();
    if longest <= KEEP_CHARS && !spans {
        class.push("keep");
    }
    if with_next {
        class.push("with-next");
    }
    HtmlRow {
        class: class.join(" "),
        cells,
    }
}

fn chars(paras: &[String]) -> usize {
    paras.iter().map(|p| p.chars().count()).sum()
}

/// How a cell is printed.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Print {
    /// As on screen.
    #[default]
    AsShown,
    /// Not at all: a merged label printed one cell per row.
    ScreenOnly,
    /// Merged as on screen, its rows kept on one page.
    Whole,
}

#[derive(Serialize, Clone)]
struct HtmlCell {
    tag: &'static str,
    rowspan: usize,
    colspan: usize,
    class: String,
    paras: Vec<String>,
    indent: bool,
    path: String,
    /// `print`/`screen` when a label cut between a `thead` and its body shows its text in
    /// only one of the two parts; empty otherwise.
    show: &'static str,
    /// Grid column, to keep cells in order when a label part is put back.
    #[serde(skip)]
    col: usize,
    /// How the cell is printed (merged labels: kept whole, or one cell per row).
    #[serde(skip)]
    print: Print,
}

/// A merged label printed one cell per row: the rows below its first one, and the cell to
/// put in each of them.
struct PrintRun {
    rows: Range<usize>,
    cell: HtmlCell,
}

/// How one table's merged labels are printed.
struct PrintPlan<'a> {
    sheet: &'a Sheet,
    /// The cells starting in each row (`Sheet::cells_by_row`).
    by_row: &'a [Vec<usize>],
    /// The table's column widths, percent.
    widths: &'a [f64],
    /// Labels printed one cell per row, still to be continued.
    runs: Vec<PrintRun>,
    /// Rows not to end a printed page (by grid row).
    with_next: Vec<bool>,
}

impl PrintPlan<'_> {
    /// Puts a merged label starting in `row` into `cells`: kept whole in print when its
    /// rows are short (they are then kept on one page), else printed one cell per row.
    fn place(&mut self, cell: HtmlCell, row: usize, cells: &mut Vec<HtmlCell>) {
        let rows = row..row + cell.rowspan;
        if self.height_mm(&cell, rows.clone()) <= WHOLE_SHARE * PAGE_MM {
            self.with_next[rows.start..rows.end - 1].fill(true);
            cells.push(HtmlCell {
                print: Print::Whole,
                ..cell
            });
        } else {
            self.runs.push(split_label(cell, row, cells));
        }
    }

    /// About how tall a merged label and the rows beside it print: each row as tall as its
    /// cell of most lines, the whole at least as tall as the label.
    fn height_mm(&self, label: &HtmlCell, rows: Range<usize>) -> f64 {
        let width = |col: usize, span: usize| self.widths[col..col + span].iter().sum::<f64>();
        let beside: f64 = rows
            .map(|r| {
                let lines = self.by_row[r]
                    .iter()
                    .map(|&i| &self.sheet.cells[i])
                    .filter(|c| c.rowspan == 1)
                    .map(|c| block_widths::lines(&c.paras, width(c.col, c.colspan)))
                    .fold(1.0, f64::max);
                lines * LINE_MM + CELL_MM
            })
            .sum();
        let own =
            block_widths::lines(&label.paras, width(label.col, label.colspan)) * LINE_MM + CELL_MM;
        beside.max(own)
    }
}

impl<'a> Page<'a> {
    fn new(table: &'a Table, sheet: &'a Sheet) -> Self {
        let percents = css(&grid_percents(sheet));
        Page {
            title: &sheet.title,
            subtitle: &sheet.subtitle,
            owner: &sheet.owner,
            year: sheet.year,
            percents,
            tables: tables(sheet),
            sheet,
            form: table,
            department: table.as_department().map(|t| t.department.name.as_str()),
            budget_code: table
                .as_department()
                .map(|t| t.department.code.as_deref().unwrap_or("")),
            year_line: &sheet.subtitle,
            print: None,
        }
    }
}

/// The grid's column widths, percent.
fn grid_percents(sheet: &Sheet) -> Vec<f64> {
    let total: u32 = sheet.weights.iter().sum::<u32>().max(1);
    sheet
        .weights
        .iter()
        .map(|&w| f64::from(w) * 100.0 / f64::from(total))
        .collect()
}

fn css(percents: &[f64]) -> Vec<String> {
    percents.iter().map(|p| format!("{p:.2}%")).collect()
}

fn tables(sheet: &Sheet) -> Vec<HtmlTable> {
    let grid = grid_percents(sheet);
    let by_row = sheet.cells_by_row();
    let keep = sheet.keep_flags();
    let mut starts = vec![0];
    starts.extend(sheet.header_rows.iter().copied().filter(|&h| h > 0));
    starts.dedup();
    let mut out = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(sheet.rows);
        let has_head = sheet.header_rows.contains(&start);
        let widths = if has_head {
            block_widths::block_percents(sheet, start..end, &grid).unwrap_or_else(|| grid.clone())
        } else {
            grid.clone()
        };
        let mut t = HtmlTable {
            percents: css(&widths),
            columns: sheet.columns(),
            ..HtmlTable::default()
        };
        // A label that starts in the head row and runs on over the body rows is cut in two:
        // a head part (repeated with the head on every printed page) and the body part
        // beside the body rows. On screen the parts read as one cell: no rule between them.
        let mut body_label: Option<HtmlCell> = None;
        let mut plan = PrintPlan {
            sheet,
            by_row: &by_row,
            widths: &widths,
            runs: Vec::new(),
            with_next: keep.clone(),
        };
        for (row, starting) in by_row.iter().enumerate().take(end).skip(start) {
            let in_head = has_head && row == start;
            let mut cells = Vec::new();
            for c in starting.iter().map(|&i| &sheet.cells[i]) {
                let rowspan = c.rowspan.min(end - row);
                let mut cell = html_cell(c);
                cell.rowspan = rowspan;
                if in_head && rowspan > 1 {
                    // The head part prints the text on every page; the body part shows it
                    // on screen, where the head is not repeated.
                    let mut rest = cell.clone();
                    cell.rowspan = 1;
                    cell.show = "print";
                    cell.class = join_class(&cell.class, "head-label");
                    rest.rowspan = rowspan - 1;
                    rest.show = "screen";
                    rest.class = join_class(&rest.class, "body-label");
                    body_label = Some(rest);
                    cells.push(cell);
                } else if c.repeat && rowspan > 1 {
                    plan.place(cell, row, &mut cells);
                } else {
                    cells.push(cell);
                }
            }
            if !in_head {
                if let Some(part) = body_label.take() {
                    let mut parts = Vec::new();
                    if part.rowspan > 1 {
                        plan.place(part, row, &mut parts);
                    } else {
                        parts.push(part);
                    }
                    for part in parts {
                        insert_in_order(&mut cells, part);
                    }
                }
                // The rows a printed label run goes on beside get their cell of the run.
                for run in plan.runs.iter().filter(|r| r.rows.contains(&row)) {
                    let mut cell = run.cell.clone();
                    if row + 1 < run.rows.end {
                        cell.class = join_class(&cell.class, "open");
                    }
                    insert_in_order(&mut cells, cell);
                }
                plan.runs.retain(|r| r.rows.end > row + 1);
            }
            if in_head {
                t.head.push(html_row(cells, false));
            } else {
                t.body.push(html_row(cells, plan.with_next[row]));
            }
        }
        out.push(t);
    }
    out
}

/// A merged label starting in `row` as two variants: the merged cell as published, shown
/// on screen, and one cell per row for print. A printing browser draws merged cells cut by
/// a page break badly (ending a row early, or reaching below the table); single-row cells
/// it splits and closes cleanly. The printed run has no rules between its rows (class
/// `open`) and its text in its first row. Pushes the cells of `row` and returns the run
/// for the rows below.
fn split_label(merged: HtmlCell, row: usize, cells: &mut Vec<HtmlCell>) -> PrintRun {
    let mut rest = merged.clone();
    rest.rowspan = 1;
    rest.paras = Vec::new();
    rest.path = String::new();
    rest.show = "";
    rest.class = join_class(&merged.class, "print-cell");
    let first = if merged.show == "screen" {
        // The body part of a label cut under a head: the head prints the text.
        HtmlCell {
            class: join_class(&rest.class, "open"),
            ..rest.clone()
        }
    } else {
        HtmlCell {
            rowspan: 1,
            class: join_class(&merged.class, "print-cell open"),
            ..merged.clone()
        }
    };
    let run = PrintRun {
        rows: row + 1..row + merged.rowspan,
        cell: rest,
    };
    let mut screen = merged;
    screen.print = Print::ScreenOnly;
    screen.class = join_class(&screen.class, "screen-cell");
    cells.push(screen);
    cells.push(first);
    run
}

/// Puts a cell among a row's cells in grid-column order, after the cells of its column.
fn insert_in_order(cells: &mut Vec<HtmlCell>, cell: HtmlCell) {
    let at = cells
        .iter()
        .position(|c| c.col > cell.col)
        .unwrap_or(cells.len());
    cells.insert(at, cell);
}

fn join_class(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a} {b}")
    }
}

fn html_cell(c: &super::sheet::Cell) -> HtmlCell {
    let tag = if c.role.is_label() { "th" } else { "td" };
    let mut classes: Vec<String> = Vec::new();
    if c.col == 0 {
        // The table's left rule: on the cells, as a table's own border runs on to the foot
        // of every printed page it breaks on.
        classes.push("edge".into());
    }
    if c.role == Role::Section {
        classes.push("section".into());
    }
    if c.role == Role::Note {
        classes.push("note".into());
    }
    if !c.role.is_label() {
        match (c.role, c.align) {
            (Role::Amount, _) => classes.push("num".into()),
            (_, Align::Center) => classes.push("c".into()),
            (_, Align::Justify) => classes.push("long".into()),
            (_, Align::Left) => classes.push("left".into()),
            (_, Align::Right) => classes.push("right".into()),
        }
        if let Some(key) = c.key {
            classes.push(format!("col-{key}"));
        }
    }
    HtmlCell {
        tag,
        rowspan: c.rowspan,
        colspan: c.colspan,
        class: classes.join(" "),
        paras: c.paras.clone(),
        indent: c.indent,
        path: c.path.clone(),
        show: "",
        col: c.col,
        print: Print::AsShown,
    }
}
