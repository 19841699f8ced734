//! Builds a positional grid from placed cells: spans become merges, covered positions are
//! skipped, and the size limits are enforced as cells arrive.

use std::collections::HashSet;

use crate::import::ImportError;
use crate::import::grid::{Grid, Merge};
use crate::import::limits::{MAX_CELLS, MAX_COLS, MAX_ROWS};

/// Builds a grid from placed cells, honouring spans and enforcing the limits.
pub(super) struct Builder {
    pub(super) rows: Vec<Vec<String>>,
    merges: Vec<Merge>,
    /// Rows marked `table:visibility="collapsed"` or `"filter"` (ODS).
    pub(super) hidden: Vec<usize>,
    occupied: HashSet<(usize, usize)>,
    cells: usize,
}

impl Builder {
    pub(super) fn new() -> Self {
        Self {
            rows: Vec::new(),
            merges: Vec::new(),
            hidden: Vec::new(),
            occupied: HashSet::new(),
            cells: 0,
        }
    }

    pub(super) fn next_free(&self, r: usize, mut c: usize) -> usize {
        while self.occupied.contains(&(r, c)) {
            c += 1;
        }
        c
    }

    pub(super) fn place(
        &mut self,
        file: &str,
        r: usize,
        c: usize,
        text: String,
        rowspan: usize,
        colspan: usize,
    ) -> Result<(), ImportError> {
        if r >= MAX_ROWS || c + colspan > MAX_COLS {
            return Err(ImportError::SheetTooLarge {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!("第 {} 行第 {} 列", r + 1, c + 1),
            });
        }
        self.cells += rowspan * colspan;
        if self.cells > MAX_CELLS {
            return Err(ImportError::SheetTooLarge {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!("超过 {MAX_CELLS} 个单元格"),
            });
        }
        if rowspan > 1 || colspan > 1 {
            for rr in r..r + rowspan {
                for cc in c..c + colspan {
                    self.occupied.insert((rr, cc));
                }
            }
            self.merges.push(Merge {
                r0: u32::try_from(r).unwrap_or(u32::MAX),
                c0: u32::try_from(c).unwrap_or(u32::MAX),
                r1: u32::try_from(r + rowspan - 1).unwrap_or(u32::MAX),
                c1: u32::try_from(c + colspan - 1).unwrap_or(u32::MAX),
            });
        }
        if text.is_empty() {
            return Ok(());
        }
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize_with(c + 1, String::new);
        }
        row[c] = text;
        Ok(())
    }

    pub(super) fn finish(self, file: &str, sheet: Option<String>) -> Grid {
        let mut g = Grid::new(file.to_owned(), sheet, self.rows);
        g.set_merges(self.merges);
        g.set_hidden(self.hidden);
        g
    }
}
