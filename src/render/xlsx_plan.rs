//! The workbook's plan: the worksheet's columns (each block's own fit, `xlsx_fit`), the
//! rows' heights from their text, and the pages (`xlsx_rows`), and what each cell shows
//! where a row is split over pages.

use super::sheet::{Cell, Sheet};
use super::xlsx::Page;
use super::xlsx_fit::{self, Measure};
use super::xlsx_rows::{self, LINE_PT, ROW_PAD_PT, RowMap, TallCell};
use super::xlsx_wrap;

/// Column widths, row placement and page breaks of a sheet on a page.
#[derive(Debug)]
pub struct Plan {
    /// Worksheet column widths, pixels at 96 dpi.
    pub widths: Vec<f64>,
    /// Per sheet cell (same index): its worksheet columns, first and last. Each block of
    /// the sheet has its own column fit, so a cell merges the worksheet columns between
    /// its own edges (see `render::xlsx_fit`).
    pub cols: Vec<(u16, u16)>,
    /// Where each sheet row goes.
    pub rows: RowMap,
    /// Worksheet rows that start a new page.
    pub breaks: Vec<u32>,
}

impl Plan {
    /// The worksheet rows a cell is written in: one merged range, or, for a label cut by
    /// a page break between two rows, one range per page, each with the label again (as
    /// in the PDF), or, in a row split over pages, one range per piece. Other text runs
    /// on across a break.
    pub fn segments(&self, cell: &Cell) -> Vec<(u32, u32)> {
        if cell.rowspan == 1
            && let Some(split) = self.rows.split(cell.row)
        {
            return split.pieces.clone();
        }
        let (r0, r1) = self.rows.span(cell.row, cell.last_row());
        let mut segments = vec![(r0, r1)];
        if cell.repeat {
            let mut cuts: Vec<u32> = self
                .breaks
                .iter()
                .copied()
                .filter(|&b| b > r0 && b <= r1 && self.rows.starts_at(b))
                .collect();
            cuts.sort_unstable();
            for b in cuts {
                let (first, _) = segments.pop().unwrap_or((r0, r1));
                segments.push((first, b - 1));
                segments.push((b, r1));
            }
        }
        segments
    }

    /// What cell `i` shows in each of its [`segments`](Self::segments): in a row split
    /// over pages, the lines that fit each piece (a label all of them in every piece).
    pub fn shows(&self, sheet: &Sheet, i: usize) -> Vec<((u32, u32), Shows)> {
        let cell = &sheet.cells[i];
        let split = self
            .rows
            .split(cell.row)
            .filter(|_| cell.rowspan == 1)
            .and_then(|s| {
                let k = s.cells.iter().position(|(c, _)| *c == i)?;
                Some((s, &s.cells[k].1))
            });
        let Some((split, parts)) = split else {
            return self
                .segments(cell)
                .into_iter()
                .map(|s| (s, Shows::All))
                .collect();
        };
        let lines = xlsx_wrap::line_texts(&cell.paras, self.width_px(i));
        split
            .pieces
            .iter()
            .zip(parts)
            .map(|(&rows, &(a, b))| {
                let shows = if a == 0 && b >= lines.len() {
                    Shows::All
                } else if a >= b {
                    Shows::Nothing
                } else {
                    Shows::Part(join_lines(&lines[a..b.min(lines.len())]))
                };
                (rows, shows)
            })
            .collect()
    }

    /// The cells of pieces after the first that continue the text of the piece above
    /// (worksheet row and column): those going on within a paragraph, and those starting
    /// a new one.
    pub fn continued(&self, sheet: &Sheet) -> [Vec<(u32, u16)>; 2] {
        let mut out = [Vec::new(), Vec::new()];
        for split in self.rows.splits() {
            for (i, parts) in &split.cells {
                let lines = xlsx_wrap::line_texts(&sheet.cells[*i].paras, self.width_px(*i));
                for (k, &(a, b)) in parts.iter().enumerate().skip(1) {
                    if a > 0 && a < b && a < lines.len() {
                        let new_para = lines[a].0 != lines[a - 1].0;
                        out[usize::from(new_para)].push((split.pieces[k].0, self.cols[*i].0));
                    }
                }
            }
        }
        out
    }

    /// Lines the text of cell `i` (an index into the sheet's cells) is estimated to take.
    pub fn lines(&self, sheet: &Sheet, i: usize) -> usize {
        xlsx_wrap::lines(&sheet.cells[i].paras, self.width_px(i))
    }

    /// Width of cell `i`, pixels.
    fn width_px(&self, i: usize) -> f64 {
        let (c0, c1) = self.cols[i];
        self.widths[usize::from(c0)..=usize::from(c1)].iter().sum()
    }
}

/// What one range of a cell shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shows {
    /// The whole cell (its number or formula, if it has one).
    All,
    /// These lines of its text (a piece of a row split over pages).
    Part(String),
    /// Nothing: its text ended in an earlier piece.
    Nothing,
}

/// Lines back into text: a paragraph's lines run on, paragraphs on lines of their own.
fn join_lines(lines: &[(usize, &str)]) -> String {
    let mut out = String::new();
    for (k, &(para, line)) in lines.iter().enumerate() {
        if k > 0 && lines[k - 1].0 != para {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// Plans the worksheet: widths from the weights, heights from the text, then the pages
/// (splitting rows taller than a page).
pub fn plan(sheet: &Sheet, page: Page) -> Plan {
    let measure = Measure {
        unit_px: xlsx_wrap::UNIT_PX,
        pad_px: xlsx_wrap::CELL_PAD_PX,
        slack_units: xlsx_wrap::WRAP_SLACK_UNITS,
    };
    let fit = xlsx_fit::fit(sheet, &column_px(sheet, page), measure);
    let mut plan = Plan {
        // As written: whole pixels, rounded down (see `render`).
        widths: fit.widths.iter().map(|w| w.floor()).collect(),
        cols: fit.cols,
        rows: RowMap::default(),
        breaks: Vec::new(),
    };
    let heights = row_heights(sheet, &plan);
    // Built when a row first needs splitting: most sheets have none.
    let index = std::cell::OnceCell::new();
    let page_pt = page.printable_pt();
    let tall = |r: usize| {
        let (by_row, covered): &(Vec<Vec<usize>>, Vec<bool>) =
            index.get_or_init(|| (sheet.cells_by_row(), under_merged_text(sheet)));
        (!covered[r]).then(|| tall_cells(sheet, &plan, &by_row[r], page_pt))
    };
    let (rows, breaks) = xlsx_rows::paginate(sheet, &heights, page_pt, &tall);
    plan.rows = rows;
    plan.breaks = breaks;
    plan
}

/// Per row: whether a merged cell of text (not a label) runs over it. Such a row is not
/// split, as the cell would be cut.
fn under_merged_text(sheet: &Sheet) -> Vec<bool> {
    let mut covered = vec![false; sheet.rows];
    for c in &sheet.cells {
        if c.rowspan > 1 && !c.repeat && c.paras.iter().any(|p| !p.trim().is_empty()) {
            for slot in covered.iter_mut().take(c.last_row() + 1).skip(c.row) {
                *slot = true;
            }
        }
    }
    covered
}

/// The cells of a row to split over pages: labels (一级/二级, the 三级指标
/// name, as the PDF repeats them) are written again in every piece unless they are long
/// themselves (more than a third of a page); the rest run on.
fn tall_cells(sheet: &Sheet, plan: &Plan, row: &[usize], page_pt: f64) -> Vec<TallCell> {
    let most_repeated = page_pt / 3.0;
    row.iter()
        .filter(|&&i| sheet.cells[i].rowspan == 1)
        .map(|&i| {
            let c = &sheet.cells[i];
            let lines = plan.lines(sheet, i);
            let label = c.repeat || c.key == Some("name");
            TallCell {
                cell: i,
                lines,
                repeat: label && lines as f64 * LINE_PT + ROW_PAD_PT <= most_repeated,
            }
        })
        .collect()
}

/// Column widths: the sheet's weights scaled to the printable width, pixels.
fn column_px(sheet: &Sheet, page: Page) -> Vec<f64> {
    let total: u32 = sheet.weights.iter().sum::<u32>().max(1);
    let width = page.printable_px();
    sheet
        .weights
        .iter()
        .map(|&w| (f64::from(w) * width / f64::from(total)).max(12.0))
        .collect()
}

/// Height cell `i` needs, points.
fn needed_pt(sheet: &Sheet, plan: &Plan, i: usize) -> f64 {
    plan.lines(sheet, i) as f64 * LINE_PT + ROW_PAD_PT
}

/// Row heights (points, possibly above Excel's limit) that fit every cell: single-row cells first, then each merged cell's
/// shortfall spread evenly over the rows it covers (shortest spans first).
pub fn row_heights(sheet: &Sheet, plan: &Plan) -> Vec<f64> {
    let mut heights = vec![LINE_PT + ROW_PAD_PT; sheet.rows];
    for (i, cell) in sheet
        .cells
        .iter()
        .enumerate()
        .filter(|(_, c)| c.rowspan == 1)
    {
        let h = &mut heights[cell.row];
        *h = h.max(needed_pt(sheet, plan, i));
    }
    let mut merged: Vec<usize> = (0..sheet.cells.len())
        .filter(|&i| sheet.cells[i].rowspan > 1)
        .collect();
    merged.sort_by_key(|&i| sheet.cells[i].rowspan);
    for i in merged {
        let cell = &sheet.cells[i];
        let span = cell.row..=cell.last_row();
        let have: f64 = heights[span.clone()].iter().sum();
        let need = needed_pt(sheet, plan, i);
        if need > have {
            let extra = (need - have) / cell.rowspan as f64;
            for h in &mut heights[span] {
                *h += extra;
            }
        }
    }
    heights
}
