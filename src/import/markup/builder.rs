//! Builds a positional grid from placed cells: spans become merges, covered positions are
//! skipped, and the size limits are enforced as cells arrive.

use std::collections::HashMap;

use crate::import::ImportError;
use crate::import::grid::{Grid, Merge};
use crate::import::limits::{
    MAX_CELLS, MAX_COLS, MAX_ROWS, MAX_SHEETS, MAX_WORKBOOK_CELLS, MAX_WORKBOOK_TEXT,
};

/// What the earlier sheets of one file have used of the workbook's limits.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Spent {
    sheets: usize,
    cells: usize,
    text: usize,
}

/// Builds a grid from placed cells, honouring spans and enforcing the limits.
pub(super) struct Builder {
    pub(super) rows: Vec<Vec<String>>,
    merges: Vec<Merge>,
    /// Rows marked `table:visibility="collapsed"` or `"filter"` (ODS).
    pub(super) hidden: Vec<usize>,
    /// Per row, the column ranges `[start, end)` merged regions cover: one entry per row
    /// of a merge rather than one per cell, so a 256 × 7,800 merge costs 7,800 entries.
    covered: HashMap<usize, Vec<(usize, usize)>>,
    cells: usize,
    text: usize,
    before: Spent,
}

impl Builder {
    /// A builder for a file's only (or first) sheet.
    pub(super) fn new() -> Self {
        Self::after(Spent::default())
    }

    /// A builder for the next sheet of a file whose earlier sheets used `before`.
    pub(super) fn after(before: Spent) -> Self {
        Self {
            rows: Vec::new(),
            merges: Vec::new(),
            hidden: Vec::new(),
            covered: HashMap::new(),
            cells: 0,
            text: 0,
            before,
        }
    }

    /// What this file has used so far, this sheet included, counting it as one more sheet.
    pub(super) fn spent(&self) -> Spent {
        Spent {
            sheets: self.before.sheets + 1,
            cells: self.before.cells + self.cells,
            text: self.before.text + self.text,
        }
    }

    /// Refuses a new sheet when the file already has [`MAX_SHEETS`].
    pub(super) fn check_sheets(file: &str, spent: Spent) -> Result<(), ImportError> {
        if spent.sheets >= MAX_SHEETS {
            return Err(ImportError::WorkbookTooLarge {
                file: file.to_owned(),
                what: format!("超过 {MAX_SHEETS} 张工作表"),
            });
        }
        Ok(())
    }

    /// The first column at or after `c` in row `r` that no merged region covers.
    pub(super) fn next_free(&self, r: usize, mut c: usize) -> usize {
        let Some(spans) = self.covered.get(&r) else {
            return c;
        };
        // Each pass moves past one span; there are at most as many passes as spans.
        while let Some(&(_, end)) = spans.iter().find(|&&(s, e)| s <= c && c < e) {
            c = end;
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
        if r >= MAX_ROWS || c.saturating_add(colspan) > MAX_COLS {
            return Err(ImportError::SheetTooLarge {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!("第 {} 行第 {} 列", r.saturating_add(1), c.saturating_add(1)),
            });
        }
        let area = rowspan.saturating_mul(colspan);
        self.cells = self.cells.saturating_add(area);
        if self.cells > MAX_CELLS {
            return Err(ImportError::SheetTooLarge {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!("超过 {MAX_CELLS} 个单元格"),
            });
        }
        self.text += text.len();
        let spent = self.spent();
        if spent.cells > MAX_WORKBOOK_CELLS {
            return Err(ImportError::WorkbookTooLarge {
                file: file.to_owned(),
                what: format!(
                    "各工作表合计超过 {MAX_WORKBOOK_CELLS} 个单元格（合并的单元格按面积计）"
                ),
            });
        }
        if spent.text > MAX_WORKBOOK_TEXT {
            return Err(ImportError::WorkbookTooLarge {
                file: file.to_owned(),
                what: format!("单元格文字合计超过 {} MB", MAX_WORKBOOK_TEXT >> 20),
            });
        }
        if rowspan > 1 || colspan > 1 {
            for rr in r..r + rowspan {
                self.covered.entry(rr).or_default().push((c, c + colspan));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_positions_are_skipped() {
        let mut b = Builder::new();
        b.place("a", 0, 1, "x".into(), 3, 2).expect("merge");
        assert_eq!(b.next_free(0, 0), 0);
        assert_eq!(b.next_free(1, 1), 3);
        assert_eq!(b.next_free(2, 2), 3);
        assert_eq!(b.next_free(3, 1), 1);
        b.place("a", 1, 3, "y".into(), 1, 1).expect("beside");
        b.place("a", 1, 4, String::new(), 2, 1).expect("another");
        assert_eq!(b.next_free(2, 1), 3);
        assert_eq!(b.next_free(2, 4), 5);
    }

    #[test]
    fn the_workbook_limits_hold_across_sheets() {
        let mut spent = Spent::default();
        let mut refused = None;
        // Each sheet alone is within the per-sheet limit.
        for _ in 0..10 {
            let mut b = Builder::after(spent);
            if let Err(e) = b.place("a.xls", 0, 0, String::new(), 7_801, 256) {
                refused = Some(e);
                break;
            }
            spent = b.spent();
        }
        assert!(
            matches!(refused, Some(ImportError::WorkbookTooLarge { .. })),
            "{refused:?}"
        );
        let many = Spent {
            sheets: MAX_SHEETS,
            ..Spent::default()
        };
        assert!(Builder::check_sheets("a.xls", many).is_err());
        assert!(Builder::check_sheets("a.xls", Spent::default()).is_ok());
    }
}
