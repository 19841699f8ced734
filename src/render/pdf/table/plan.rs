//! The pager's record of one page: row slices and merged-cell fragments at their heights,
//! with the lines each shows, and the cursor that says where the next page starts.

use std::ops::Range;

/// Where the next page starts.
#[derive(Clone, Debug)]
pub(super) struct Cursor {
    pub(super) row: usize,
    /// Lines already shown, per cell (split rows and continued merged cells).
    pub(super) shown: Vec<usize>,
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
