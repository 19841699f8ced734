//! The block height estimate the column fit minimises: each cell's line count from its
//! paragraphs' natural widths, row heights from the tallest cell, merged cells stretching
//! the last row of their run, and penalties for labels left with one character on a line.
//!
//! The fit tries a few hundred width moves per block, each between two columns, over
//! blocks of a hundred cells and more. So the estimate keeps every cell's lines at the
//! accepted widths and, per row, the three tallest single-row cells: a try estimates again
//! only the cells over the two columns it changes (at most two per row, as cells do not
//! overlap) and takes each row's height from the first of its three that it did not change.

use std::ops::Range;

const EPS: f64 = 1e-6;

/// A cell of a block being refitted: the block's columns it covers and the natural
/// widths of its paragraphs.
pub(super) struct Item {
    pub(super) cell: usize,
    pub(super) cols: Range<usize>,
    pub(super) rows: Range<usize>,
    pub(super) natural: Vec<f64>,
    /// Lines the cell reads best in (one for a short label, two for a short centred
    /// value); more cost a little height in the fit.
    pub(super) prefer: usize,
    /// A label: a last line of one character costs a thousand lines in the fit, so the fit
    /// widens (or narrows) its column rather than leave one.
    pub(super) label: bool,
}

/// The geometry the estimate needs, mm.
#[derive(Clone, Copy)]
pub(super) struct Metrics {
    /// Left plus right padding of a cell.
    pub(super) pad: f64,
    pub(super) pad_y: f64,
    pub(super) em: f64,
    pub(super) line_height: f64,
}

/// One cell at some widths: its lines, lines past its preference, a one-character label
/// line.
#[derive(Clone, Copy, Default)]
struct Fit {
    lines: usize,
    over: usize,
    orphan: bool,
}

#[derive(Clone, Copy, Default)]
struct Totals {
    lines: usize,
    over: usize,
    orphans: usize,
}

impl Totals {
    fn add(&mut self, f: Fit) {
        self.lines += f.lines;
        self.over += f.over;
        self.orphans += usize::from(f.orphan);
    }

    fn remove(&mut self, f: Fit) {
        self.lines -= f.lines;
        self.over -= f.over;
        self.orphans -= usize::from(f.orphan);
    }
}

/// No cell: the end of a row's list of tallest cells.
const NONE: usize = usize::MAX;

pub(super) struct Estimate<'a> {
    /// Single-row cells first, then merged ones in the order their runs end.
    items: &'a [Item],
    singles: usize,
    rows: usize,
    metrics: Metrics,
    /// The items over each block column.
    by_col: Vec<Vec<usize>>,
    /// The single-row items of each row (for a row whose three tallest all changed).
    by_row: Vec<Vec<usize>>,
    settled: Vec<Fit>,
    totals: Totals,
    /// Per row, the three tallest single-row items at the accepted widths (lines, item).
    tallest: Vec<[(usize, usize); 3]>,
    // Scratch for one try.
    changed: Vec<bool>,
    touched: Vec<usize>,
    fresh: Vec<Fit>,
    row_k: Vec<usize>,
    row_h: Vec<f64>,
}

impl<'a> Estimate<'a> {
    /// `items` sorted: single-row items first, then merged ones by the end of their runs.
    pub(super) fn new(
        items: &'a [Item],
        columns: usize,
        rows: usize,
        metrics: Metrics,
        w: &[f64],
    ) -> Self {
        let singles = items.iter().take_while(|it| it.rows.len() == 1).count();
        let mut by_col = vec![Vec::new(); columns];
        let mut by_row = vec![Vec::new(); rows];
        for (n, it) in items.iter().enumerate() {
            for k in it.cols.clone() {
                by_col[k].push(n);
            }
            if n < singles {
                by_row[it.rows.start].push(n);
            }
        }
        let mut est = Estimate {
            items,
            singles,
            rows,
            metrics,
            by_col,
            by_row,
            settled: vec![Fit::default(); items.len()],
            totals: Totals::default(),
            tallest: vec![[(0, NONE); 3]; rows],
            changed: vec![false; items.len()],
            touched: Vec::new(),
            fresh: vec![Fit::default(); items.len()],
            row_k: vec![0; rows],
            row_h: vec![0.0; rows],
        };
        est.accept(w);
        est
    }

    /// Whether some cell wraps at these widths (otherwise there is nothing to fit).
    pub(super) fn any_wraps(&self, w: &[f64]) -> bool {
        self.items
            .iter()
            .any(|it| self.lines(it, w) > it.natural.len())
    }

    /// Settles every item at the accepted widths `w`.
    pub(super) fn accept(&mut self, w: &[f64]) {
        self.totals = Totals::default();
        for n in 0..self.items.len() {
            let f = self.fit(n, w);
            self.settled[n] = f;
            self.totals.add(f);
        }
        for (r, top) in self.tallest.iter_mut().enumerate() {
            *top = [(0, NONE); 3];
            for &n in &self.by_row[r] {
                let k = self.settled[n].lines;
                if let Some(at) = top.iter().position(|&(t, m)| m == NONE || t < k) {
                    top.copy_within(at..2, at + 1);
                    top[at] = (k, n);
                }
            }
        }
    }

    /// The block's estimated height with the columns `changed` at the widths `w` and the
    /// others as accepted, plus the penalties.
    pub(super) fn height(&mut self, w: &[f64], changed: [usize; 2]) -> f64 {
        let mut totals = self.totals;
        self.touched.clear();
        let cols = if changed[0] == changed[1] {
            &changed[..1]
        } else {
            &changed[..]
        };
        for &c in cols {
            let Some(over_c) = self.by_col.get(c) else {
                continue;
            };
            for &n in over_c {
                if !self.changed[n] {
                    self.changed[n] = true;
                    self.touched.push(n);
                }
            }
        }
        for i in 0..self.touched.len() {
            let n = self.touched[i];
            let f = self.fit(n, w);
            totals.remove(self.settled[n]);
            totals.add(f);
            self.fresh[n] = f;
        }
        self.row_heights();
        let m = self.metrics;
        for n in self.singles..self.items.len() {
            let it = &self.items[n];
            let k = if self.changed[n] {
                self.fresh[n].lines
            } else {
                self.settled[n].lines
            };
            let need = cell_height(m, k);
            let have: f64 = self.row_h[it.rows.clone()].iter().sum();
            if need > have {
                self.row_h[it.rows.end - 1] += need - have;
            }
        }
        for &n in &self.touched {
            self.changed[n] = false;
        }
        // A label left with one character on its last line costs a thousand lines (the
        // issue's rule: never, while a wider column can have it); a label wrapped past its
        // preference a third of a line; fewer lines in all break ties (a short value on
        // one line where it costs nothing).
        self.row_h.iter().sum::<f64>()
            + m.line_height
                * (1000.0 * totals.orphans as f64
                    + totals.over as f64 / 3.0
                    + 0.01 * totals.lines as f64)
    }

    /// Row heights from their single-row cells, the changed ones as tried.
    fn row_heights(&mut self) {
        for r in 0..self.rows {
            let top = &self.tallest[r];
            let k = match top.iter().find(|&&(_, n)| n == NONE || !self.changed[n]) {
                Some(&(k, _)) => k,
                // All three changed: the row's others, counted one by one.
                None => self.by_row[r]
                    .iter()
                    .filter(|&&n| !self.changed[n])
                    .map(|&n| self.settled[n].lines)
                    .max()
                    .unwrap_or(0),
            };
            self.row_k[r] = k;
        }
        for &n in &self.touched {
            if n < self.singles {
                let r = self.items[n].rows.start;
                self.row_k[r] = self.row_k[r].max(self.fresh[n].lines);
            }
        }
        for (h, &k) in self.row_h.iter_mut().zip(&self.row_k) {
            *h = cell_height(self.metrics, k);
        }
    }

    fn fit(&self, n: usize, w: &[f64]) -> Fit {
        let it = &self.items[n];
        let lines = self.lines(it, w);
        Fit {
            lines,
            over: lines.saturating_sub(it.prefer),
            orphan: it.label && orphan(it, width_of(it, w), self.metrics),
        }
    }

    // Inlined into `fit`, its one hot caller: left to the compiler, the call cost about
    // 80 K instructions on the seed.
    #[inline]
    fn lines(&self, it: &Item, w: &[f64]) -> usize {
        let m = self.metrics;
        // A wrapped line ends on average half a character short of the measure (a word or
        // a mark kept with its neighbour moves down): estimate with that much less.
        let inner = (width_of(it, w) - m.pad - 0.5 * m.em).max(EPS);
        it.natural
            .iter()
            .map(|&nat| {
                // Small whole numbers of lines; the cast truncates, so round up by hand
                // (cheaper than `ceil`, which is a library call on baseline x86-64).
                let q = (nat - EPS) / inner;
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let k = q.max(0.0) as usize;
                if (k as f64) < q { k + 1 } else { k.max(1) }
            })
            .sum()
    }
}

fn cell_height(m: Metrics, lines: usize) -> f64 {
    2.0 * m.pad_y + lines.max(1) as f64 * m.line_height
}

pub(super) fn width_of(it: &Item, w: &[f64]) -> f64 {
    if it.cols.len() == 1 {
        w[it.cols.start]
    } else {
        w[it.cols.clone()].iter().sum::<f64>()
    }
}

/// Whether a label set one character per em would end with a single character on its
/// last line at these widths (`可持续/影响指/标`): the wrapper's balancing cannot mend it.
fn orphan(item: &Item, width: f64, m: Metrics) -> bool {
    let em = m.em;
    // Small whole numbers of characters (the casts truncate: floor of positive values).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let per_line = (((width - m.pad + 1e-6) / em).max(1.0)) as usize;
    item.natural.iter().any(|&nat| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = (nat / em + 0.5).max(0.0) as usize;
        n > per_line && {
            // Balancing evens the lines out: an orphan only when even lines leave one.
            let lines = n.div_ceil(per_line);
            n - n.div_ceil(lines) * (lines - 1) == 1
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block of `rows` rows over four columns: a label merged down every three rows in
    /// column 0, single cells elsewhere, and a cell over columns 2–3 in every other row;
    /// text lengths from a fixed pseudo-random sequence.
    fn block(rows: usize) -> Vec<Item> {
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            f64::from(u32::try_from(seed >> 40).unwrap_or(0) % 400) / 4.0
        };
        let mut items = Vec::new();
        let mut add = |cols: Range<usize>, rows: Range<usize>, label: bool, len: f64| {
            items.push(Item {
                cell: items.len(),
                cols,
                rows,
                natural: vec![len, len / 3.0],
                prefer: if label { 1 } else { usize::MAX },
                label,
            });
        };
        for r in 0..rows {
            if r % 3 == 0 {
                add(0..1, r..(r + 3).min(rows), true, next());
            }
            add(1..2, r..r + 1, false, next());
            if r % 2 == 0 {
                add(2..4, r..r + 1, false, next());
            } else {
                add(2..3, r..r + 1, false, next());
                add(3..4, r..r + 1, true, next());
            }
        }
        items.sort_by_key(|it| (it.rows.len() > 1, it.rows.end, it.rows.start));
        items
    }

    const METRICS: Metrics = Metrics {
        pad: 2.0,
        pad_y: 1.0,
        em: 3.5,
        line_height: 4.7,
    };

    #[test]
    fn a_try_estimates_what_a_fresh_estimate_at_its_widths_does() {
        let items = block(20);
        let w = [20.0, 40.0, 30.0, 25.0];
        let mut est = Estimate::new(&items, 4, 20, METRICS, &w);
        for (i, j, d) in [
            (0, 1, 3.5),
            (1, 2, 7.0),
            (3, 0, 1.75),
            (2, 3, 14.0),
            (1, 1, 0.0),
        ] {
            let mut tried = w;
            tried[i] -= d;
            tried[j] += d;
            let fresh = Estimate::new(&items, 4, 20, METRICS, &tried).height(&tried, [4, 4]);
            assert_eq!(
                est.height(&tried, [i, j]).to_bits(),
                fresh.to_bits(),
                "{i}->{j}"
            );
        }
        // Accepting new widths settles every cell at them.
        let moved = [16.5, 40.0, 33.5, 25.0];
        est.accept(&moved);
        let fresh = Estimate::new(&items, 4, 20, METRICS, &moved).height(&moved, [4, 4]);
        assert_eq!(est.height(&moved, [4, 4]).to_bits(), fresh.to_bits());
    }

    #[test]
    fn a_label_left_with_one_character_costs_a_thousand_lines() {
        // `可持续影响指标`: seven characters; three per line leave one on the last.
        let item = Item {
            cell: 0,
            cols: 0..1,
            rows: 0..1,
            natural: vec![7.0 * METRICS.em],
            prefer: 1,
            label: true,
        };
        let items = [item];
        let three = [3.0 * METRICS.em + METRICS.pad];
        let four = [4.0 * METRICS.em + METRICS.pad];
        assert!(orphan(&items[0], three[0], METRICS));
        assert!(!orphan(&items[0], four[0], METRICS));
        let h3 = Estimate::new(&items, 1, 1, METRICS, &three).height(&three, [1, 1]);
        let h4 = Estimate::new(&items, 1, 1, METRICS, &four).height(&four, [1, 1]);
        assert!(h3 - h4 > 900.0 * METRICS.line_height, "{h3} {h4}");
    }
}
