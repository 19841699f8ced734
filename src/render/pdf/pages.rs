//! The PDF's pagination as other renderers need it: for each page, the cells placed on it
//! (a row's part, a merged cell's fragment, a label repeated), each with its box and the
//! lines it shows there. The HTML print view draws its pages from this, so that a browser
//! prints the form page for page as the PDF (labels and continued 三级指标 names repeated
//! where the PDF repeats them). Derived from the laid-out [`Document`]; the pager itself is
//! not touched.

use super::fonts::Metrics;
use super::frame::{Document, LayoutError, PageSettings, Rect, TextBlock, TextLine};
use super::layout;
use crate::render::sheet::{Align, Sheet};

/// Distances below this many mm are taken as equal (float noise in summed heights).
const EPS: f64 = 1e-3;

/// The form laid out over pages.
#[derive(Clone, Debug)]
pub struct Paged {
    /// Paper, margins and type sizes used.
    pub settings: PageSettings,
    /// Where the table starts on page one (below the title block), mm from the top.
    pub first_top: f64,
    /// The pages in order.
    pub pages: Vec<PagedPage>,
}

/// One page's cells, in the order the layout placed them.
#[derive(Clone, Debug, Default)]
pub struct PagedPage {
    /// The cells on this page.
    pub cells: Vec<PagedCell>,
}

/// A cell, or its part, on one page.
#[derive(Clone, Debug)]
pub struct PagedCell {
    /// Index into the sheet's cells.
    pub cell: usize,
    /// Its box on the page, mm from the page's top-left corner.
    pub rect: Rect,
    /// The lines shown in this box, top to bottom (none for an empty cell).
    pub lines: Vec<PagedLine>,
    /// Whether its text sits vertically centred in the box (a cell shown whole, such as a
    /// label repeated beside continued rows) rather than from the top (a split row's part).
    pub middle: bool,
}

/// One line as the PDF sets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagedLine {
    /// The characters.
    pub text: String,
    /// The first line of an indented paragraph.
    pub indent: bool,
    /// Stretched to the full measure (justified; a paragraph's last line never is).
    pub justify: bool,
}

/// Lays the sheet out as the PDF does and returns its pages.
pub fn paginate(
    sheet: &Sheet,
    metrics: &dyn Metrics,
    settings: &PageSettings,
) -> Result<Paged, LayoutError> {
    let doc = layout::layout(sheet, metrics, settings)?;
    Ok(from_document(&doc, sheet))
}

/// The pages of a document laid out from `sheet`.
pub fn from_document(doc: &Document, sheet: &Sheet) -> Paged {
    let s = &doc.settings;
    let pages: Vec<PagedPage> = doc.pages.iter().map(|p| paged_page(p, sheet, s)).collect();
    let first_top = pages
        .first()
        .and_then(|p| p.cells.iter().map(|c| c.rect.y).reduce(f64::min))
        .unwrap_or(s.margin_top);
    Paged {
        settings: *s,
        first_top,
        pages,
    }
}

fn paged_page(page: &super::frame::Page, sheet: &Sheet, s: &PageSettings) -> PagedPage {
    // Boxes and the text blocks of cells come in the same order (an empty cell has a box
    // and no block); the title and footer blocks have no cell.
    let mut blocks = page.blocks.iter().filter(|b| b.cell.is_some()).peekable();
    let cells = page
        .boxes
        .iter()
        .map(|&(cell, rect)| {
            let block = blocks.next_if(|b| b.cell == Some(cell) && b.area == rect);
            // Only left-set and justified lines start an indent in; centred and
            // right-aligned ones start where their width puts them.
            let left_set = sheet
                .cells
                .get(cell)
                .is_some_and(|c| matches!(c.align, Align::Left | Align::Justify));
            paged_cell(cell, rect, block, left_set, s)
        })
        .collect();
    PagedPage { cells }
}

fn paged_cell(
    cell: usize,
    rect: Rect,
    block: Option<&TextBlock>,
    left_set: bool,
    s: &PageSettings,
) -> PagedCell {
    let Some(block) = block else {
        return PagedCell {
            cell,
            rect,
            lines: Vec::new(),
            middle: true,
        };
    };
    let em = s.body_size * super::frame::PT_MM;
    let lines = block
        .lines
        .iter()
        .map(|l| PagedLine {
            text: l.text.clone(),
            // The indent is two characters; half of that tells it from float noise.
            indent: left_set && l.x - block.inner.x > em,
            justify: stretched(l),
        })
        .collect();
    let middle = block
        .lines
        .first()
        .is_some_and(|l| l.top > block.inner.y + EPS);
    PagedCell {
        cell,
        rect,
        lines,
        middle,
    }
}

fn stretched(l: &TextLine) -> bool {
    l.spacing > EPS || l.adjust.iter().any(|&(_, d)| d > EPS)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::document::Document as SpecDocument;
    use crate::model::{Orientation, Paper};

    const STRESS: &str = include_str!("../../../tests/fixtures/stress.toml");

    fn sheet_of(text: &str) -> Sheet {
        let doc = SpecDocument::from_text(Path::new("t.toml"), text.to_owned());
        crate::forms::sheet(doc.table.as_ref().expect("fixture passes check"))
            .expect("built-in layouts fit")
    }

    #[test]
    fn pages_carry_every_box_and_line_of_the_pdf_layout() {
        let sheet = sheet_of(STRESS);
        let fonts = crate::render::pdf::fonts::bundled();
        let settings = PageSettings::new(Paper::A4, Orientation::Portrait);
        let doc = layout::layout(&sheet, fonts, &settings).unwrap();
        let paged = from_document(&doc, &sheet);
        assert_eq!(paged.pages.len(), doc.pages.len());
        for (p, page) in doc.pages.iter().zip(&paged.pages) {
            assert_eq!(p.boxes.len(), page.cells.len());
            let pdf_lines: Vec<&str> = p
                .blocks
                .iter()
                .filter(|b| b.cell.is_some())
                .flat_map(|b| b.lines.iter().map(|l| l.text.as_str()))
                .collect();
            let lines: Vec<&str> = page
                .cells
                .iter()
                .flat_map(|c| c.lines.iter().map(|l| l.text.as_str()))
                .collect();
            assert_eq!(pdf_lines, lines);
        }
        assert!(paged.first_top > settings.margin_top + 10.0, "title above");
    }

    #[test]
    fn labels_are_centred_and_paragraph_ends_ragged() {
        let sheet = sheet_of(STRESS);
        let fonts = crate::render::pdf::fonts::bundled();
        let settings = PageSettings::new(Paper::A4, Orientation::Landscape);
        let paged = paginate(&sheet, fonts, &settings).unwrap();
        let lh = settings.body_size * settings.leading * crate::render::pdf::frame::PT_MM;
        let mut centred = 0;
        let mut ends = vec![None; sheet.cells.len()];
        for c in paged.pages.iter().flat_map(|p| &p.cells) {
            let cell = &sheet.cells[c.cell];
            let room = c.rect.h - 2.0 * settings.pad_y - c.lines.len() as f64 * lh;
            if cell.repeat && !c.lines.is_empty() && room > 1.0 {
                assert!(c.middle, "{} set from the top", cell.field);
                centred += 1;
            }
            if let Some(last) = c.lines.last() {
                ends[c.cell] = Some(last.justify);
            }
            for l in &c.lines {
                assert!(!l.justify || cell.align == Align::Justify, "{}", cell.field);
                assert!(!l.indent || cell.indent, "{}", cell.field);
            }
        }
        assert!(centred > 20, "{centred} labels centred");
        // A cell's last line closes its last paragraph: never stretched.
        assert!(ends.iter().all(|e| *e != Some(true)));
        let justified = paged
            .pages
            .iter()
            .flat_map(|p| &p.cells)
            .flat_map(|c| &c.lines)
            .filter(|l| l.justify)
            .count();
        assert!(justified > 50, "{justified}");
    }
}
