//! The HTML form's print view: the PDF's own pages, one `<table>` each. A browser cannot
//! know where its page breaks fall, so it could neither repeat a label cut by a break nor
//! agree with the PDF on the pages; here every page is laid out by the PDF engine
//! (`pdf::pages`) and drawn as a table of exactly the PDF's boxes: the same rows on each
//! page, the same lines in each cell (one line a block, not re-wrapped by the browser),
//! row heights in mm. The screen keeps the one long table; the stylesheet shows one or
//! the other.

use serde::Serialize;

use super::pdf::frame::{PT_MM, PageSettings};
use super::pdf::pages::{Paged, PagedCell, PagedLine};
use super::sheet::{Align, Role, Sheet};

/// Box edges closer than this (mm) are one grid line of the page's table.
const SNAP_MM: f64 = 0.05;
/// How much taller the printed page's text area is than the PDF's, mm: a browser rounds
/// row heights and borders to its layout units, and a page filled to the last line by
/// the PDF would otherwise end a fraction too low and send its last row to a page of its
/// own (every later page then moved on by one). The footer sits in the rest of the margin.
const SLACK_MM: f64 = 1.0;

/// The print view in the template context (`print`).
#[derive(Serialize, Debug)]
pub(super) struct PrintView {
    /// The CSS `@page` size (`A4 landscape`).
    size: String,
    /// Page margins as the PDF has them, CSS lengths (top, right, bottom, left).
    margin: String,
    /// Height of the title block above the table on page one, CSS length.
    head: String,
    /// The table's width, CSS length.
    width: String,
    /// One text line's height, CSS length.
    line: String,
    pages: Vec<PrintPage>,
}

#[derive(Serialize, Debug)]
struct PrintPage {
    /// Column widths, CSS lengths.
    cols: Vec<String>,
    rows: Vec<PrintRow>,
}

#[derive(Serialize, Debug)]
struct PrintRow {
    /// Row height, CSS length.
    height: String,
    cells: Vec<PrintCell>,
}

#[derive(Serialize, Debug)]
struct PrintCell {
    tag: &'static str,
    rowspan: usize,
    colspan: usize,
    class: String,
    lines: Vec<PrintLine>,
}

#[derive(Serialize, Debug)]
struct PrintLine {
    text: String,
    /// `i` (indented), `j` (justified), both or none.
    class: &'static str,
}

fn mm(v: f64) -> String {
    format!("{v:.3}mm")
}

/// The print view of a paged form.
pub(super) fn print_view(paged: &Paged, sheet: &Sheet) -> PrintView {
    let s = &paged.settings;
    PrintView {
        size: page_size(s),
        margin: format!(
            "{} {} {} {}",
            mm(s.margin_top),
            mm(s.margin_x),
            mm(s.margin_bottom - SLACK_MM),
            mm(s.margin_x)
        ),
        head: mm(paged.first_top - s.margin_top),
        width: mm(s.width - 2.0 * s.margin_x),
        line: mm(s.body_size * s.leading * PT_MM),
        pages: paged
            .pages
            .iter()
            .map(|p| print_page(&p.cells, sheet))
            .collect(),
    }
}

/// The CSS page size of the settings: a named paper when it is one, else its lengths.
fn page_size(s: &PageSettings) -> String {
    let (short, long) = (s.width.min(s.height), s.width.max(s.height));
    let paper = match (short.round() as i64, long.round() as i64) {
        (210, 297) => Some("A4"),
        (297, 420) => Some("A3"),
        _ => None,
    };
    let orientation = if s.width > s.height {
        "landscape"
    } else {
        "portrait"
    };
    match paper {
        Some(p) => format!("{p} {orientation}"),
        None => format!("{} {}", mm(s.width), mm(s.height)),
    }
}

/// The distinct edges among `values`, sorted, those within [`SNAP_MM`] of the previous
/// one taken as it.
fn grid_lines(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::with_capacity(values.len());
    for v in values {
        if out.last().is_none_or(|&last| v - last > SNAP_MM) {
            out.push(v);
        }
    }
    out
}

/// The grid line nearest to `v`.
fn line_of(lines: &[f64], v: f64) -> usize {
    let at = lines.partition_point(|&l| l < v - SNAP_MM);
    at.min(lines.len().saturating_sub(1))
}

/// One page as a table: its grid lines are the edges of its boxes, so every box is a cell
/// spanning whole rows and columns of it; the places no box covers are empty cells.
fn print_page(cells: &[PagedCell], sheet: &Sheet) -> PrintPage {
    let xs = grid_lines(
        cells
            .iter()
            .flat_map(|c| [c.rect.x, c.rect.right()])
            .collect(),
    );
    let ys = grid_lines(
        cells
            .iter()
            .flat_map(|c| [c.rect.y, c.rect.bottom()])
            .collect(),
    );
    let (ncols, nrows) = (xs.len().saturating_sub(1), ys.len().saturating_sub(1));
    // The box starting at each grid place, and the places covered by one.
    let mut start: Vec<Option<usize>> = vec![None; nrows * ncols];
    let mut covered = vec![false; nrows * ncols];
    let mut spans = Vec::with_capacity(cells.len());
    for (i, c) in cells.iter().enumerate() {
        let (r0, r1) = (line_of(&ys, c.rect.y), line_of(&ys, c.rect.bottom()));
        let (c0, c1) = (line_of(&xs, c.rect.x), line_of(&xs, c.rect.right()));
        spans.push((r1.saturating_sub(r0), c1.saturating_sub(c0)));
        if r1 <= r0 || c1 <= c0 {
            continue;
        }
        start[r0 * ncols + c0] = Some(i);
        for r in r0..r1 {
            covered[r * ncols + c0..r * ncols + c1].fill(true);
        }
    }
    let mut rows = Vec::with_capacity(nrows);
    for r in 0..nrows {
        let mut row = Vec::new();
        let mut gap = 0;
        for col in 0..ncols {
            let at = r * ncols + col;
            match start[at] {
                Some(i) => {
                    push_gap(&mut row, &mut gap);
                    let (rowspan, colspan) = spans[i];
                    row.push(print_cell(&cells[i], sheet, rowspan, colspan));
                }
                None if covered[at] => push_gap(&mut row, &mut gap),
                None => gap += 1,
            }
        }
        push_gap(&mut row, &mut gap);
        rows.push(PrintRow {
            height: mm(ys[r + 1] - ys[r]),
            cells: row,
        });
    }
    PrintPage {
        cols: xs.windows(2).map(|w| mm(w[1] - w[0])).collect(),
        rows,
    }
}

/// Closes a run of grid places no box covers with one empty, unruled cell.
fn push_gap(row: &mut Vec<PrintCell>, gap: &mut usize) {
    if *gap > 0 {
        row.push(PrintCell {
            tag: "td",
            rowspan: 1,
            colspan: *gap,
            class: "gap".to_owned(),
            lines: Vec::new(),
        });
        *gap = 0;
    }
}

fn print_cell(c: &PagedCell, sheet: &Sheet, rowspan: usize, colspan: usize) -> PrintCell {
    let cell = sheet.cells.get(c.cell);
    let label = cell.is_some_and(|c| c.role.is_label());
    let mut class: Vec<&str> = Vec::new();
    if let Some(cell) = cell {
        if cell.role == Role::Note {
            class.push("note");
        }
        // Aligned as the PDF aligns it: by the cell's alignment alone, whatever its role.
        class.push(match cell.align {
            Align::Center => "c",
            Align::Right => "right",
            Align::Justify => "long",
            Align::Left => "left",
        });
    }
    class.push(if c.middle { "mid" } else { "top" });
    PrintCell {
        tag: if label { "th" } else { "td" },
        rowspan,
        colspan,
        class: class.join(" "),
        lines: c.lines.iter().map(print_line).collect(),
    }
}

fn print_line(l: &PagedLine) -> PrintLine {
    PrintLine {
        text: l.text.clone(),
        class: match (l.indent, l.justify) {
            (true, true) => "i j",
            (true, false) => "i",
            (false, true) => "j",
            (false, false) => "",
        },
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::{Orientation, Paper};
    use crate::render::pdf::{fonts, pages};

    const SEED: &str = include_str!("../../specs/fujian-redcross-2021.toml");
    const STRESS: &str = include_str!("../../tests/fixtures/stress.toml");

    fn sheet_of(text: &str) -> Sheet {
        let doc = crate::document::Document::from_text(Path::new("t.toml"), text.to_owned());
        crate::forms::sheet(doc.table.as_ref().expect("fixture passes check"))
            .expect("built-in layouts fit")
    }

    fn view(text: &str, orientation: Orientation) -> (Sheet, Paged, PrintView) {
        let sheet = sheet_of(text);
        let settings = PageSettings::new(Paper::A4, orientation);
        let paged = pages::paginate(&sheet, fonts::bundled(), &settings).unwrap();
        let view = print_view(&paged, &sheet);
        (sheet, paged, view)
    }

    fn parse_mm(s: &str) -> f64 {
        s.trim_end_matches("mm").parse().unwrap()
    }

    /// Every row of every page's table is filled to the page's width by its cells and the
    /// cells reaching down from the rows above: a browser draws the grid as the PDF.
    #[test]
    fn every_page_table_is_a_full_grid_of_the_pdf_boxes() {
        for text in [SEED, STRESS] {
            for orientation in [Orientation::Landscape, Orientation::Portrait] {
                let (_, paged, view) = view(text, orientation);
                assert_eq!(view.pages.len(), paged.pages.len());
                for (page, p) in view.pages.iter().zip(&paged.pages) {
                    let ncols = page.cols.len();
                    let mut below = vec![0usize; ncols];
                    let mut boxes = 0;
                    for row in &page.rows {
                        let mut col = 0;
                        let mut cells = row.cells.iter();
                        while col < ncols {
                            if below[col] > 0 {
                                below[col] -= 1;
                                col += 1;
                                continue;
                            }
                            let c = cells.next().expect("a cell for every place");
                            below[col..col + c.colspan].fill(c.rowspan - 1);
                            col += c.colspan;
                            boxes += usize::from(c.class != "gap");
                        }
                        assert!(cells.next().is_none(), "a row wider than the page");
                    }
                    assert_eq!(boxes, p.cells.len());
                    let width: f64 = page.cols.iter().map(|c| parse_mm(c)).sum();
                    assert!((width - parse_mm(&view.width)).abs() < 0.01, "{width}");
                    // The rows take the PDF's height: the table ends where the PDF's does.
                    let height: f64 = page.rows.iter().map(|r| parse_mm(&r.height)).sum();
                    let top = p.cells.iter().map(|c| c.rect.y).fold(f64::MAX, f64::min);
                    let bottom = p.cells.iter().map(|c| c.rect.bottom()).fold(0.0, f64::max);
                    assert!((height - (bottom - top)).abs() < 0.01);
                }
            }
        }
    }

    #[test]
    fn labels_are_centred_and_lines_keep_their_marks() {
        let (_, _, view) = view(SEED, Orientation::Landscape);
        let cells: Vec<&PrintCell> = view
            .pages
            .iter()
            .flat_map(|p| &p.rows)
            .flat_map(|r| &r.cells)
            .collect();
        let level1 = cells
            .iter()
            .find(|c| c.lines.iter().any(|l| l.text == "产出指标"))
            .expect("the 一级 label");
        // Merged over its rows and centred both ways, as the PDF draws it.
        assert!(level1.rowspan > 1);
        assert_eq!(level1.class, "c mid");
        let heading = cells
            .iter()
            .find(|c| c.lines.iter().any(|l| l.text == "一级指标"))
            .expect("the column header");
        assert_eq!(heading.tag, "th");
        assert!(
            cells
                .iter()
                .any(|c| c.lines.iter().any(|l| l.class == "i j"))
        );
        assert!(cells.iter().any(|c| c.lines.iter().any(|l| l.class == "j")));
        assert_eq!(view.size, "A4 landscape");
    }

    #[test]
    fn page_sizes_follow_paper_and_orientation() {
        let mut s = PageSettings::new(Paper::A3, Orientation::Portrait);
        assert_eq!(page_size(&s), "A3 portrait");
        s.width = 100.0;
        assert_eq!(page_size(&s), "100.000mm 420.000mm");
    }

    #[test]
    fn near_edges_are_one_grid_line() {
        assert_eq!(
            grid_lines(vec![3.0, 1.0, 1.0 + 1e-9, 2.0, 3.01]),
            [1.0, 2.0, 3.0]
        );
        let lines = [1.0, 2.0, 3.0];
        assert_eq!(line_of(&lines, 2.0 - 1e-9), 1);
        assert_eq!(line_of(&lines, 3.02), 2);
    }
}
