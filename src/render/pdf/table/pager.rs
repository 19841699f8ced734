//! Cuts the rows into pages: the retry loop over page plans, and the heights a row or a
//! merged cell needs. Filling one page is in `fill`, splitting a row in `split`.

use super::plan::{Cursor, Plan};
use super::prepare::Prepared;
use super::spec::{Band, TableSpec, TableStyle};
use crate::render::pdf::frame::LayoutError;

/// Why a page plan was refused, and how to try again.
pub(super) enum Retry {
    /// Page ended inside a merged label that does not fit: end the page earlier.
    Shrink(usize),
    /// The label cannot be repeated at all: continue its text instead.
    Flow(usize),
}

/// The rows and cells being paginated, with each row's cells sorted by kind.
pub(super) struct Pager<'a> {
    pub(super) table: &'a TableSpec,
    pub(super) cells: &'a [Prepared],
    pub(super) style: TableStyle,
    /// Single-row cells of each row.
    pub(super) singles: Vec<Vec<usize>>,
    /// Merged cells covering each row.
    pub(super) spanning: Vec<Vec<usize>>,
}

impl<'a> Pager<'a> {
    pub(super) fn new(table: &'a TableSpec, cells: &'a [Prepared], style: TableStyle) -> Self {
        let mut singles = vec![Vec::new(); table.rows];
        let mut spanning = vec![Vec::new(); table.rows];
        for (i, c) in cells.iter().enumerate() {
            if c.spans() {
                for covered in &mut spanning[c.spec.row..=c.last_row()] {
                    covered.push(i);
                }
            } else {
                singles[c.spec.row].push(i);
            }
        }
        Pager {
            table,
            cells,
            style,
            singles,
            spanning,
        }
    }

    /// Whether cell `c` shows its whole text on each page it reaches: a repeated label (or
    /// repeated 三级 name) that has not been switched to continuing its text.
    pub(super) fn shown_whole(&self, c: usize, flow: &[bool]) -> bool {
        self.cells[c].spec.repeat && !flow[c]
    }

    pub(super) fn lh(&self) -> f64 {
        self.style.line_height
    }

    pub(super) fn box_height(&self, lines: usize) -> f64 {
        2.0 * self.style.pad_y + lines.max(1) as f64 * self.lh()
    }

    /// Height of the rest of row `r` with nothing merged taken into account.
    pub(super) fn own_height(&self, r: usize, cur: &Cursor) -> f64 {
        let most = self.singles[r]
            .iter()
            .map(|&c| self.cells[c].lines.len().saturating_sub(cur.shown[c]))
            .max()
            .unwrap_or(0);
        self.box_height(most)
    }

    /// Height a merged cell needs in the fragment that ends its run.
    pub(super) fn need(&self, c: usize, cur: &Cursor, flow: &[bool]) -> f64 {
        let cell = &self.cells[c];
        if self.shown_whole(c, flow) {
            self.box_height(cell.lines.len())
        } else {
            let rest = cell.lines.len().saturating_sub(cur.shown[c]);
            if rest == 0 {
                2.0 * self.style.pad_y
            } else {
                self.box_height(rest)
            }
        }
    }

    pub(super) fn header_height(&self) -> f64 {
        let blank = Cursor::default();
        self.table
            .header_rows
            .iter()
            .map(|&h| self.own_height(h, &blank))
            .fold(0.0, f64::max)
    }

    pub(super) fn paginate(&self, first: Band, rest: Band) -> Result<Vec<Plan>, LayoutError> {
        let mut cursor = Cursor::default();
        let mut flow = vec![false; self.cells.len()];
        let mut plans = Vec::new();
        while cursor.row < self.table.rows {
            let band = if plans.is_empty() { first } else { rest };
            let continuing = !plans.is_empty();
            let mut limit = None;
            loop {
                match self.fill_page(&cursor, band, rest, continuing, limit, &flow)? {
                    Ok((plan, next)) => {
                        // Every page shows something new; a page that could not would
                        // repeat forever.
                        if next.row == cursor.row && next.shown == cursor.shown {
                            return Err(LayoutError::PageTooSmall);
                        }
                        plans.push(plan);
                        cursor = next;
                        break;
                    }
                    Err(Retry::Shrink(placed)) => limit = Some(placed - 1),
                    Err(Retry::Flow(c)) => {
                        flow[c] = true;
                        limit = None;
                    }
                }
            }
        }
        Ok(plans)
    }
}
