//! Fills one page: the repeated header, the rows that fit, the row split at the foot, and
//! the merged cells cut by the page break.

use std::collections::BTreeMap;
use std::ops::Range;

use super::EPS;
use super::pager::{Pager, Retry};
use super::plan::{Cursor, Fragment, Plan, Slice};
use super::spec::Band;
use super::split::MIN_LINES;

/// A first row under a header with fewer lines than this does not end a page alone.
const LONE_LINES: usize = 6;
use crate::render::pdf::frame::LayoutError;

impl Pager<'_> {
    /// Fills one page from `cur`. The outer error is fatal; the inner one asks the caller
    /// to try again with fewer rows or a continued label.
    #[allow(clippy::too_many_lines)]
    pub(super) fn fill_page(
        &self,
        cur: &Cursor,
        band: Band,
        fresh: Band,
        continuing: bool,
        limit: Option<usize>,
        flow: &[bool],
    ) -> Result<Result<(Plan, Cursor), Retry>, LayoutError> {
        let mut cur = cur.clone();
        let mut plan = Plan::default();
        let mut y = band.top;
        let mut open: BTreeMap<usize, f64> = BTreeMap::new();
        if let Some(hh) = self.repeat_header(&cur, continuing, y, &mut open, &mut plan) {
            y += hh;
        }
        let fresh_cap = fresh.bottom - fresh.top - self.header_height();
        let mut body = 0usize;
        while cur.row < self.table.rows {
            if limit.is_some_and(|l| body >= l) {
                break;
            }
            let r = cur.row;
            let mut h_full = self.own_height(r, &cur);
            for &c in &self.spanning[r] {
                if self.cells[c].last_row() == r {
                    let y0 = open.get(&c).copied().unwrap_or(y);
                    h_full = h_full.max(self.need(c, &cur, flow) - (y - y0));
                }
            }
            let keep = self.keep_below(r, y, y + h_full, &cur, band, fresh_cap, &open, flow);
            let fits = y + h_full <= band.bottom + EPS;
            if fits && (y + h_full + keep <= band.bottom + EPS || body == 0) {
                for &c in &self.spanning[r] {
                    open.entry(c).or_insert(y);
                }
                let lines = self.singles[r]
                    .iter()
                    .map(|&c| (c, cur.shown[c]..self.cells[c].lines.len()))
                    .collect::<Vec<_>>();
                let whole = lines.iter().all(|(_, l)| l.start == 0);
                for (c, l) in &lines {
                    cur.shown[*c] = l.end;
                }
                plan.slices.push(Slice {
                    y,
                    h: h_full,
                    lines,
                    whole,
                });
                y += h_full;
                self.close_runs_ending_at(r, y, &mut open, &mut cur, flow, &mut plan);
                cur.row += 1;
                body += 1;
                continue;
            }
            // The row does not fit in what is left of the page. A row that fits on a fresh
            // page starts the next page whole (its cells stay whole for reading and text
            // extraction) unless that would leave much of this page empty; then it is
            // split between lines, as is a row taller than a page.
            let split = self.split_here(r, &cur, y, band, fresh_cap, &open, flow);
            if split.n_fit == 0 && body == 0 {
                return Err(LayoutError::PageTooSmall);
            }
            let take = split.take;
            if body > 0 && take.is_none() {
                break;
            }
            // A row that must be split at the top of a page with a repeated cell of its own
            // taller than the page cannot show that cell whole here: continue its text.
            if take.is_none()
                && let Some(c) = self.singles[r]
                    .iter()
                    .copied()
                    .find(|&c| self.shown_whole(c, flow) && self.cells[c].lines.len() > split.n_fit)
            {
                return Ok(Err(Retry::Flow(c)));
            }
            let n_fit = take.unwrap_or(split.n_fit);
            for &c in &self.spanning[r] {
                open.entry(c).or_insert(y);
            }
            let lines = self.singles[r]
                .iter()
                .map(|&c| {
                    let n = self.cells[c].lines.len();
                    if self.shown_whole(c, flow) {
                        (c, 0..n)
                    } else {
                        let s = cur.shown[c];
                        (c, s..(s + n_fit).min(n))
                    }
                })
                .collect::<Vec<_>>();
            for (c, l) in &lines {
                if !self.shown_whole(*c, flow) {
                    cur.shown[*c] = l.end;
                }
            }
            plan.slices.push(Slice {
                y,
                h: band.bottom - y,
                lines,
                whole: false,
            });
            y = band.bottom;
            body += 1;
            // The row ends here if its own cells are done and every merged cell that ends
            // with it fits in what it has on this page; otherwise it goes on over the page.
            let done = self.singles[r]
                .iter()
                .all(|&c| self.shown_whole(c, flow) || cur.shown[c] >= self.cells[c].lines.len())
                && self.spanning[r].iter().all(|&c| {
                    self.cells[c].last_row() != r
                        || self.need(c, &cur, flow) <= y - open.get(&c).copied().unwrap_or(y) + EPS
                });
            if done {
                self.close_runs_ending_at(r, y, &mut open, &mut cur, flow, &mut plan);
                cur.row += 1;
            }
            break;
        }
        if body == 0 && cur.row < self.table.rows {
            return Err(LayoutError::PageTooSmall);
        }
        let extend = match self.label_extension(y, band, body, &open, flow) {
            Ok(extend) => extend,
            Err(retry) => return Ok(Err(retry)),
        };
        if extend > EPS {
            if let Some(last) = plan.slices.last_mut() {
                last.h += extend;
            }
            y += extend;
        }
        self.close_cut_runs(y, &open, &mut cur, flow, &mut plan);
        cur.shown.retain_from(cur.row, self.cells);
        Ok(Ok((plan, cur)))
    }

    /// Room row `r` (from `y` to `below`) needs under it for the rows it keeps with it.
    /// A header keeps the next row on the same page: whole, or its first lines when that
    /// row would be split there anyway (taller than a page, or moving it would leave much
    /// of the page empty). A short first row under a header keeps the row after it in
    /// the same way, so no page ends with a header and one lone row.
    #[allow(clippy::too_many_arguments)]
    fn keep_below(
        &self,
        r: usize,
        y: f64,
        below: f64,
        cur: &Cursor,
        band: Band,
        fresh_cap: f64,
        open: &BTreeMap<usize, f64>,
        flow: &[bool],
    ) -> f64 {
        if !self.keeps_next(r) {
            return 0.0;
        }
        let mut next = self.own_height(r + 1, cur);
        if self.lone_after_header(r + 1) {
            next += self.keep_below(r + 1, below, below + next, cur, band, fresh_cap, open, flow);
        }
        if below + next <= band.bottom + EPS {
            return next;
        }
        let mut open_after = open.clone();
        for &c in &self.spanning[r] {
            open_after.entry(c).or_insert(y);
        }
        let split = self.split_here(r + 1, cur, below, band, fresh_cap, &open_after, flow);
        let own = self.own_height(r + 1, cur);
        match split.take {
            Some(_) => self.box_height(MIN_LINES),
            None if own > fresh_cap + EPS => self.box_height(MIN_LINES),
            None => next,
        }
    }

    /// Whether row `r` must not end a page: a header, or a short first row under one.
    fn keeps_next(&self, r: usize) -> bool {
        r + 1 < self.table.rows
            && (self.table.keep_with_next.contains(&r) || self.lone_after_header(r))
    }

    /// Whether row `r` is the first row under a column header and short (under
    /// `LONE_LINES` lines): alone at a page's foot under its header it would read as a
    /// stray line, so it keeps the next row with it.
    fn lone_after_header(&self, r: usize) -> bool {
        r > 0
            && r + 1 < self.table.rows
            && self.table.header_rows.contains(&(r - 1))
            && !self.table.header_rows.contains(&r)
            && self.singles[r]
                .iter()
                .map(|&c| self.cells[c].lines.len())
                .max()
                .unwrap_or(0)
                < LONE_LINES
    }

    /// Repeats the column header when this page continues the rows under it, and opens
    /// the header's merged cells that reach the page's first row. Returns its height.
    fn repeat_header(
        &self,
        cur: &Cursor,
        continuing: bool,
        y: f64,
        open: &mut BTreeMap<usize, f64>,
        plan: &mut Plan,
    ) -> Option<f64> {
        let h = self
            .table
            .header_rows
            .iter()
            .copied()
            .filter(|&h| h < cur.row)
            .max()
            // A page that starts with a header row shows that one, not the last block's.
            .filter(|_| continuing && !self.table.header_rows.contains(&cur.row))?;
        let lines = self.singles[h]
            .iter()
            .map(|&c| (c, 0..self.cells[c].lines.len()))
            .collect();
        let blank = Cursor {
            row: h,
            ..Cursor::default()
        };
        let hh = self.own_height(h, &blank);
        for &c in &self.spanning[h] {
            if self.cells[c].covers(cur.row) {
                open.insert(c, y);
            }
        }
        plan.slices.push(Slice {
            y,
            h: hh,
            lines,
            whole: true,
        });
        Some(hh)
    }

    /// How far the page's last row must grow so that every repeated label cut by the page
    /// break is shown whole. A label that cannot grow that far within the band refuses the
    /// page: fewer rows, or (with one row left) the label continued instead.
    fn label_extension(
        &self,
        y: f64,
        band: Band,
        body: usize,
        open: &BTreeMap<usize, f64>,
        flow: &[bool],
    ) -> Result<f64, Retry> {
        let mut extend: f64 = 0.0;
        for (&c, &y0) in open {
            if self.shown_whole(c, flow) {
                let need = self.box_height(self.cells[c].lines.len());
                extend = extend.max(need - (y - y0));
                if y + (need - (y - y0)) > band.bottom + EPS {
                    return Err(if body > 1 {
                        Retry::Shrink(body)
                    } else {
                        Retry::Flow(c)
                    });
                }
            }
        }
        Ok(extend)
    }

    /// Ends the merged cells cut by the page break at `y`, as fragments with the lines
    /// that fit; continued cells resume after them on the next page.
    fn close_cut_runs(
        &self,
        y: f64,
        open: &BTreeMap<usize, f64>,
        cur: &mut Cursor,
        flow: &[bool],
        plan: &mut Plan,
    ) {
        let lh = self.lh();
        let pad = self.style.pad_y;
        for (&c, &y0) in open {
            let fits = ((y - y0 - 2.0 * pad + EPS) / lh).floor().max(0.0);
            // Exact: a small non-negative whole number.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let lines = self.fragment_lines(c, cur, flow, fits as usize);
            if !self.shown_whole(c, flow) {
                cur.shown[c] = lines.end;
            }
            plan.fragments.push(Fragment {
                cell: c,
                y0,
                y1: y,
                lines,
            });
        }
    }

    /// Ends the merged cells whose run finishes with row `r` at `y`, as fragments.
    fn close_runs_ending_at(
        &self,
        r: usize,
        y: f64,
        open: &mut BTreeMap<usize, f64>,
        cur: &mut Cursor,
        flow: &[bool],
        plan: &mut Plan,
    ) {
        for &c in &self.spanning[r] {
            if self.cells[c].last_row() == r {
                let y0 = open.remove(&c).unwrap_or(y);
                let lines = self.fragment_lines(c, cur, flow, usize::MAX);
                cur.shown[c] = lines.end;
                plan.fragments.push(Fragment {
                    cell: c,
                    y0,
                    y1: y,
                    lines,
                });
            }
        }
    }

    fn fragment_lines(&self, c: usize, cur: &Cursor, flow: &[bool], fits: usize) -> Range<usize> {
        let n = self.cells[c].lines.len();
        if self.shown_whole(c, flow) {
            0..n
        } else {
            let s = cur.shown[c].min(n);
            s..(s.saturating_add(fits)).min(n)
        }
    }
}
