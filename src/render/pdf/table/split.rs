//! How a row that does not fit may be split between lines at the foot of a page.

use std::collections::BTreeMap;

use super::EPS;
use super::pager::Pager;
use super::plan::Cursor;
use super::spec::Band;

/// Fewest lines of a split row left at the foot of a page.
pub(super) const MIN_LINES: usize = 2;

/// A row that fits a fresh page is split rather than moved whole when moving it would
/// leave more than this share of the page empty.
const SPLIT_GAP: f64 = 0.12;

/// Where a row may be split on the page.
pub(super) struct Split {
    /// Lines that fit in what is left of the page.
    pub(super) n_fit: usize,
    /// Lines to put here when the row is split here.
    pub(super) take: Option<usize>,
}

impl Pager<'_> {
    /// How row `r` may be split at `y`: the lines that fit, and how many of them to take
    /// if a split is worth it and keeps the rules (two lines on each side, the other cells
    /// and repeated labels whole in the first fragment).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn split_here(
        &self,
        r: usize,
        cur: &Cursor,
        y: f64,
        band: Band,
        fresh_cap: f64,
        open: &BTreeMap<usize, f64>,
        flow: &[bool],
    ) -> Split {
        let over_tall = self.own_height(r, cur) > fresh_cap + EPS;
        let avail = band.bottom - y;
        // Exact: a small non-negative whole number.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n_fit = ((avail - 2.0 * self.style.pad_y + EPS) / self.lh())
            .floor()
            .max(0.0) as usize;
        // A repeated label over this row must fit whole beside the part that stays on
        // this page; otherwise the row starts on the next page, where it does.
        let labels_fit = self.spanning[r].iter().all(|&c| {
            !self.shown_whole(c, flow) || {
                let y0 = open.get(&c).copied().unwrap_or(y);
                self.box_height(self.cells[c].lines.len()) <= band.bottom - y0 + EPS
            }
        });
        // A label in the row's own cells (一级/二级 of a one-row run) is shown whole on
        // each page the row reaches, so it needs its full height here too.
        let label_lines = self.singles[r]
            .iter()
            .filter(|&&c| self.shown_whole(c, flow))
            .map(|&c| self.cells[c].lines.len())
            .max()
            .unwrap_or(0);
        // Remaining lines of the row's own (non-label) cells, tallest first: the
        // tallest is split; every other cell must fit whole in the first fragment.
        let mut rest: Vec<usize> = self.singles[r]
            .iter()
            .filter(|&&c| !self.shown_whole(c, flow))
            .map(|&c| self.cells[c].lines.len().saturating_sub(cur.shown[c]))
            .collect();
        rest.sort_unstable_by(|a, b| b.cmp(a));
        let tallest = rest.first().copied().unwrap_or(0);
        let others = rest.get(1).copied().unwrap_or(0);
        // Keep at least two lines for the next page too (no widow line); a row that
        // fits a fresh page is split only when moving it whole would leave more than
        // SPLIT_GAP of this page empty.
        let mut take = if over_tall {
            n_fit
        } else {
            n_fit.min(tallest.saturating_sub(MIN_LINES))
        };
        // A row taller than a page is split anyway, so it starts where it stands: its
        // other long cells continue over the break too (none left with a widow line);
        // a row that fits a page keeps them whole in its first part.
        let others_fit = if over_tall {
            if others > take && others - take < MIN_LINES {
                take = others.saturating_sub(MIN_LINES);
            }
            true
        } else {
            take >= others
        };
        let worth = over_tall || avail > (band.bottom - band.top) * SPLIT_GAP + EPS;
        let splittable =
            take >= MIN_LINES.max(label_lines) && others_fit && labels_fit && tallest > 1;
        Split {
            n_fit,
            take: (worth && splittable).then_some(take),
        }
    }
}
