//! The pager's record of one page: row slices and merged-cell fragments at their heights,
//! with the lines each shows, and the cursor that says where the next page starts.

use std::ops::{Index, IndexMut, Range};

use super::prepare::Prepared;

/// Where the next page starts.
#[derive(Clone, Debug, Default)]
pub(super) struct Cursor {
    pub(super) row: usize,
    /// Lines already shown, per cell (split rows and continued merged cells).
    pub(super) shown: Shown,
}

/// Lines already shown per cell, 0 for a cell not reached. Only cells of the rows still
/// to come are kept (`retain_from`): the cursor is copied for every page tried, so its
/// size must not grow with the table. Sorted by cell; cells are mostly reached in order,
/// so an entry is usually pushed at the end.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Shown(Vec<(usize, usize)>);

impl Shown {
    /// Forgets the cells that end above `row`: nothing reads them again.
    pub(super) fn retain_from(&mut self, row: usize, cells: &[Prepared]) {
        self.0.retain(|&(c, _)| cells[c].last_row() >= row);
    }

    fn find(&self, cell: usize) -> Result<usize, usize> {
        match self.0.last() {
            Some(&(last, _)) if last < cell => Err(self.0.len()),
            _ => self.0.binary_search_by_key(&cell, |&(c, _)| c),
        }
    }
}

impl Index<usize> for Shown {
    type Output = usize;

    fn index(&self, cell: usize) -> &usize {
        match self.find(cell) {
            Ok(i) => &self.0[i].1,
            Err(_) => &0,
        }
    }
}

impl IndexMut<usize> for Shown {
    fn index_mut(&mut self, cell: usize) -> &mut usize {
        let i = match self.find(cell) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (cell, 0));
                i
            }
        };
        &mut self.0[i].1
    }
}

/// A row, or the part of a split row, on one page.
#[derive(Clone, Debug)]
pub(super) struct Slice {
    pub(super) y: f64,
    pub(super) h: f64,
    /// Lines of the row's single-row cells shown here.
    pub(super) lines: Vec<(usize, Range<usize>)>,
    /// Whether the whole row is in this one slice.
    pub(super) whole: bool,
}

/// The part of a merged cell on one page, from `y0` to `y1`.
#[derive(Clone, Debug)]
pub(super) struct Fragment {
    pub(super) cell: usize,
    pub(super) y0: f64,
    pub(super) y1: f64,
    pub(super) lines: Range<usize>,
}

/// One page's slices and fragments.
#[derive(Clone, Debug, Default)]
pub(super) struct Plan {
    pub(super) slices: Vec<Slice>,
    pub(super) fragments: Vec<Fragment>,
}

#[cfg(test)]
mod tests {
    use super::Shown;

    #[test]
    fn shown_reads_zero_until_set_and_keeps_cells_sorted() {
        let mut s = Shown::default();
        assert_eq!(s[7], 0);
        s[7] = 3;
        s[2] = 1;
        s[9] = 4;
        s[7] += 1;
        assert_eq!((s[2], s[7], s[9], s[8]), (1, 4, 4, 0));
        assert_eq!(s.0, vec![(2, 1), (7, 4), (9, 4)]);
    }
}
