//! Worksheet columns of the workbook, fitted block by block as the PDF and the HTML fit
//! theirs. A spreadsheet has one set of columns for the whole sheet, so each block (a
//! column-header row and the rows under it) gets the widths its own content wants, and the
//! worksheet's columns are every edge any block uses: a cell merges the worksheet columns
//! between its own edges. In 年度履职目标 部门职能 and 年度目标任务 get the width and 支出项目名称
//! what it needs; among the indicators 内涵解释 gets more than 一级指标.
//!
//! The widths come from a closed-form share (short texts what they need, long texts the
//! rest by the square root of their length), linear in the number of cells, so the
//! workbook of a long table costs no more per indicator than a short one.

use std::collections::BTreeSet;
use std::ops::Range;

use unicode_width::UnicodeWidthChar;

use super::sheet::{Cell, Sheet};

/// No refitted column is narrower than this many units (four CJK characters), or its
/// longest unbreakable run when that is wider.
const FLOOR_UNITS: usize = 8;
/// Two worksheet edges closer than this (pixels) are one: no sliver columns.
const SNAP_PX: f64 = 6.0;

/// The worksheet columns and where each sheet cell goes in them.
#[derive(Debug)]
pub struct Fit {
    /// Width of each worksheet column, pixels.
    pub widths: Vec<f64>,
    /// Per sheet cell (same index): its worksheet columns, first and last.
    pub cols: Vec<(u16, u16)>,
}

/// How text is measured: pixels per half-width unit and the pixels a cell loses to its
/// borders and padding, plus units kept in reserve per line.
#[derive(Clone, Copy, Debug)]
pub struct Measure {
    /// Pixels of one half-width unit.
    pub unit_px: f64,
    /// Pixels a cell loses to borders and padding.
    pub pad_px: f64,
    /// Units per line a client may need more than the estimate.
    pub slack_units: usize,
}

impl Measure {
    /// Half-width units a line in a cell `w` pixels wide (the workbook's estimate).
    pub fn units(self, w: f64) -> usize {
        // A small non-negative whole number of units.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let units = ((w - self.pad_px) / self.unit_px).floor().max(0.0) as usize;
        units.saturating_sub(self.slack_units).max(2)
    }

    /// Pixels a column needs for `units` on one line.
    fn px(self, units: usize) -> f64 {
        (units + self.slack_units) as f64 * self.unit_px + self.pad_px
    }
}

/// Fits the sheet into `base` (the grid's column widths in pixels, adding up to the page).
pub fn fit(sheet: &Sheet, base: &[f64], m: Measure) -> Fit {
    let n = base.len();
    let mut grid_x = vec![0.0];
    for w in base {
        grid_x.push(grid_x[grid_x.len() - 1] + w);
    }
    // Every cell's left and right edge in pixels: the grid's, unless a block refits it.
    let mut edges: Vec<(f64, f64)> = sheet
        .cells
        .iter()
        .map(|c| (grid_x[c.col], grid_x[c.col + c.colspan]))
        .collect();
    let by_row = sheet.cells_by_row();
    for block in crate::sheet::header_blocks(&sheet.header_rows, sheet.rows) {
        if !block.is_empty() {
            refit_block(sheet, &by_row, block, &grid_x, m, &mut edges);
        }
    }
    // The worksheet's edges: the grid's and every refitted one, near ones snapped together.
    let mut xs: Vec<f64> = grid_x.clone();
    for &(a, b) in &edges {
        for x in [a, b] {
            if xs.iter().all(|&e| (e - x).abs() >= SNAP_PX) {
                xs.push(x);
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    let at = |x: f64| {
        xs.iter()
            .enumerate()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map_or(0, |(i, _)| i)
    };
    let cols = edges
        .iter()
        .map(|&(a, b)| {
            let (i, j) = (at(a), at(b).max(at(a) + 1));
            (col(i), col(j - 1))
        })
        .collect();
    let widths = xs.windows(2).map(|w| w[1] - w[0]).collect();
    debug_assert_eq!(grid_x.len(), n + 1);
    Fit { widths, cols }
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Refits the block `rows`: the column ranges its cells use share the width between the
/// edges that must stay (the table's, the whole-block label's, those of cells reaching
/// outside the block).
fn refit_block(
    sheet: &Sheet,
    by_row: &[Vec<usize>],
    rows: Range<usize>,
    grid_x: &[f64],
    m: Measure,
    edges: &mut [(f64, f64)],
) {
    let n = grid_x.len() - 1;
    let mut fixed: BTreeSet<usize> = [0, n].into_iter().collect();
    let mut bounds = fixed.clone();
    let mut inside = Vec::new();
    // Cells reaching into the block from above start in an earlier row: look back to the
    // block's first row only through cells that span down into it.
    for &i in by_row[..rows.end].iter().flatten() {
        let c = &sheet.cells[i];
        if c.row + c.rowspan <= rows.start {
            continue;
        }
        bounds.insert(c.col);
        bounds.insert(c.col + c.colspan);
        let within = c.row >= rows.start && c.row + c.rowspan <= rows.end;
        let whole = c.row <= rows.start && c.row + c.rowspan >= rows.end;
        if !within || whole {
            fixed.insert(c.col);
            fixed.insert(c.col + c.colspan);
        } else {
            inside.push(i);
        }
    }
    let bounds: Vec<usize> = bounds.into_iter().collect();
    let segments: Vec<Range<usize>> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
    let mut text = vec![Text::default(); segments.len()];
    // A long block is fitted on evenly spaced rows, so the fit costs the same for any
    // length.
    let stride = (rows.len() / SAMPLE_ROWS).max(1);
    let sampled = |r: usize| {
        let k = r - rows.start;
        k.is_multiple_of(stride).then_some(k / stride)
    };
    for &i in &inside {
        let c = &sheet.cells[i];
        if let Ok(k) = segments.binary_search_by_key(&c.col, |s| s.start)
            && segments[k].end == c.col + c.colspan
        {
            text[k].add(c, sampled(c.row));
        }
    }
    let mut x = vec![grid_x[0]; segments.len() + 1];
    let mut k = 0;
    while k < segments.len() {
        let mut j = k + 1;
        while j < segments.len() && !fixed.contains(&segments[j].start) {
            j += 1;
        }
        let (left, right) = (grid_x[segments[k].start], grid_x[segments[j - 1].end]);
        let grid: Vec<f64> = segments[k..j]
            .iter()
            .map(|s| grid_x[s.end] - grid_x[s.start])
            .collect();
        let widths = share(right - left, &text[k..j], &grid, m).unwrap_or(grid);
        x[k] = left;
        for (t, w) in widths.iter().enumerate() {
            x[k + t + 1] = x[k + t] + w;
        }
        k = j;
    }
    for &i in &inside {
        let c = &sheet.cells[i];
        let (Ok(a), Ok(b)) = (
            bounds.binary_search(&c.col),
            bounds.binary_search(&(c.col + c.colspan)),
        ) else {
            continue;
        };
        edges[i] = (x[a], x[b]);
    }
}

/// The text over one column range of a block, in half-width units.
#[derive(Clone, Debug, Default)]
struct Text {
    /// The cells over the range: index into the block's sampled rows, rows spanned, and
    /// the half-width units of each paragraph.
    cells: Vec<(usize, usize, Vec<usize>)>,
    /// The longest paragraph.
    longest: usize,
    /// The longest run that cannot break (a Latin word, a number with its unit).
    unbreakable: usize,
    /// All paragraphs together.
    total: usize,
}

impl Text {
    fn add(&mut self, cell: &Cell, sampled_row: Option<usize>) {
        if let Some(r) = sampled_row {
            let paras = cell.paras.iter().map(|p| units(p).0).collect();
            self.cells.push((r, cell.rowspan, paras));
        }
        for p in &cell.paras {
            let (units, run) = units(p);
            self.longest = self.longest.max(units);
            self.unbreakable = self.unbreakable.max(run);
            self.total += units;
        }
    }
}

/// A paragraph's width in half-width units and its longest run of ASCII without a blank.
fn units(p: &str) -> (usize, usize) {
    let (mut all, mut run, mut longest) = (0, 0, 0);
    for c in p.chars() {
        let w = c.width().unwrap_or(0);
        all += w;
        if c.is_ascii_graphic() {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    (all, longest)
}

/// Shares `width` among column ranges so the block is as short as it can be: every range
/// starts at its floor, then the width goes, step by step, to the range where it saves
/// the most lines (see [`Heights::saving`]; where no step saves any, to the range
/// furthest from one line). Text
/// that fits on one line everywhere shares the spare width by its length. `None` when
/// there is nothing to gain or no room.
fn share(width: f64, text: &[Text], grid: &[f64], m: Measure) -> Option<Vec<f64>> {
    if text.len() < 2 || text.iter().all(|t| t.total == 0) {
        return None;
    }
    let need: Vec<f64> = text.iter().map(|t| m.px(t.longest.max(2))).collect();
    let floor: Vec<f64> = text
        .iter()
        .map(|t| m.px(FLOOR_UNITS.min(t.longest).max(t.unbreakable).max(2)))
        .collect();
    // The greedy fill starts from part of the form's own proportions (where the text
    // needs that much), so a text that holds up every row at its floor does not take
    // all the width the columns beside it need later.
    let start: Vec<f64> = (0..text.len())
        .map(|k| floor[k].max((grid[k] * GRID_SHARE).min(need[k])))
        .collect();
    let all_need: f64 = need.iter().sum();
    if all_need <= width {
        // Everything fits on one line: the spare width goes where the text is.
        let spare = width - all_need;
        return Some(need.iter().map(|n| n + spare * n / all_need).collect());
    }
    let all_floor: f64 = start.iter().sum();
    if all_floor > width {
        return None;
    }
    let mut w = start;
    let mut heights = Heights::new(text, &w, m);
    let step = ((width - all_floor) / STEPS).max(2.0 * m.unit_px);
    let mut left = width - all_floor;
    while left > 1e-9 {
        let open: Vec<usize> = (0..text.len()).filter(|&k| w[k] < need[k]).collect();
        let Some(mv) = best_move(&heights, &w, &open, &need, step, left) else {
            break;
        };
        for &(k, d) in &mv {
            w[k] += d;
            heights.set(k, w[k]);
            left -= d;
        }
    }
    Some(w)
}

/// Ranges to widen and by how much, pixels.
type Move = Vec<(usize, f64)>;

/// The next widening: one range, or all open ranges but the one with the most text
/// together (where several narrow columns hold the rows up at once, none saves a line
/// alone), each one, three or eight steps wider; the move that saves the most lines
/// per step taken. Where none saves any, the range with the most text still to place.
fn best_move(
    heights: &Heights,
    w: &[f64],
    open: &[usize],
    need: &[f64],
    step: f64,
    left: f64,
) -> Option<Move> {
    let widest = open
        .iter()
        .copied()
        .max_by(|&a, &b| (need[a] - w[a]).total_cmp(&(need[b] - w[b])))?;
    let mut sets: Vec<Vec<usize>> = open.iter().map(|&k| vec![k]).collect();
    let rest: Vec<usize> = open.iter().copied().filter(|&k| k != widest).collect();
    if rest.len() > 1 {
        sets.push(rest);
    }
    let mut best: Option<(Move, (f64, f64))> = None;
    for set in &sets {
        for n in [1.0, 3.0, 8.0] {
            let d = (step * n).min(left / set.len() as f64);
            let changes: Vec<(usize, f64)> = set.iter().map(|&k| (k, w[k] + d)).collect();
            let (saved, binding) = heights.saving(&changes);
            let cost = n * set.len() as f64;
            let score = (saved as f64 / cost, binding as f64 / cost);
            if best.as_ref().is_none_or(|(_, s)| score > *s) {
                best = Some((set.iter().map(|&k| (k, d)).collect(), score));
            }
        }
    }
    match best {
        Some((mv, score)) if score > (0.0, 0.0) => Some(mv),
        _ => Some(vec![(widest, step.min(left))]),
    }
}

/// Share of the grid's width each range starts from.
const GRID_SHARE: f64 = 0.6;

/// Steps the spare width of a block is handed out in.
const STEPS: f64 = 24.0;
/// Rows of a block the widths are fitted on, at most.
const SAMPLE_ROWS: usize = 256;

/// Lines per sampled row and column range, for the fit: a cell over several rows counts
/// its lines spread over them. Lines are counted as units over units a line, paragraph
/// by paragraph: close to the wrapping the heights are then planned with (which keeps
/// Latin words whole and punctuation off a line's start), and cheap enough to ask for
/// every width the fit tries.
struct Heights<'t> {
    text: &'t [Text],
    m: Measure,
    /// Per row, per range: lines.
    lines: Vec<Vec<usize>>,
    /// Per range, per row: its cell there (index into the range's cells).
    at: Vec<Vec<Option<usize>>>,
}

impl<'t> Heights<'t> {
    fn new(text: &'t [Text], w: &[f64], m: Measure) -> Self {
        let rows = text
            .iter()
            .flat_map(|t| t.cells.iter().map(|c| c.0 + 1))
            .max()
            .unwrap_or(0);
        let at = text
            .iter()
            .map(|t| {
                let mut at = vec![None; rows];
                for (j, c) in t.cells.iter().enumerate() {
                    at[c.0] = Some(j);
                }
                at
            })
            .collect();
        let mut h = Self {
            text,
            m,
            lines: vec![vec![0; text.len()]; rows],
            at,
        };
        for (k, &wk) in w.iter().enumerate() {
            h.set(k, wk);
        }
        h
    }

    /// Lines of cell `j` of range `k` at `w` pixels.
    fn cell_lines(&self, k: usize, j: usize, w: f64) -> usize {
        self.cell_lines_at(k, j, self.m.units(w))
    }

    /// Lines of cell `j` of range `k` at `per` units a line.
    fn cell_lines_at(&self, k: usize, j: usize, per: usize) -> usize {
        let (_, span, paras) = &self.text[k].cells[j];
        let lines: usize = paras.iter().map(|&u| u.div_ceil(per).max(1)).sum();
        lines.max(1).div_ceil((*span).max(1))
    }

    /// Sets range `k` to width `w`.
    fn set(&mut self, k: usize, w: f64) {
        for j in 0..self.text[k].cells.len() {
            let r = self.text[k].cells[j].0;
            self.lines[r][k] = self.cell_lines(k, j, w);
        }
    }

    /// Lines the block saves when the ranges take the given widths, and lines their cells
    /// save in rows where they are (one of) the tallest: where two ranges hold a row up
    /// together, the second counts a step that saves no line yet but makes the next one
    /// save it.
    fn saving(&self, changes: &[(usize, f64)]) -> (usize, usize) {
        // Units a line of each range: as it is, or as the change makes it.
        let mut per: Vec<Option<usize>> = vec![None; self.text.len()];
        for &(k, w) in changes {
            per[k] = Some(self.m.units(w));
        }
        let (mut saved, mut binding) = (0, 0);
        for (r, row) in self.lines.iter().enumerate() {
            let now = row.iter().copied().max().unwrap_or(0);
            let mut then = 0;
            for (k, &l) in row.iter().enumerate() {
                let new = per[k].and_then(|p| self.at[k][r].map(|j| self.cell_lines_at(k, j, p)));
                if let Some(n) = new
                    && l == now
                {
                    binding += l.saturating_sub(n);
                }
                then = then.max(new.unwrap_or(l));
            }
            saved += now.saturating_sub(then);
        }
        (saved, binding)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: Measure = Measure {
        unit_px: 7.0,
        pad_px: 5.0,
        slack_units: 0,
    };

    fn text(paras: &[Vec<String>]) -> Text {
        let mut t = Text::default();
        for (r, p) in paras.iter().enumerate() {
            t.cells
                .push((r, 1, p.iter().map(|s| s.chars().count()).collect()));
            let n = p.iter().map(|s| s.chars().count()).max().unwrap_or(0);
            t.longest = t.longest.max(n);
            t.total += n;
        }
        t
    }

    fn col(lens: &[usize]) -> Vec<Vec<String>> {
        lens.iter().map(|&n| vec!["x".repeat(n)]).collect()
    }

    #[test]
    fn the_width_goes_where_it_saves_lines() {
        // Two rows; a short name beside a long explanation in each.
        let (a, b) = (col(&[6, 6]), col(&[300, 200]));
        let w = share(1000.0, &[text(&a), text(&b)], &[0.0, 0.0], M).expect("refitted");
        assert!((w.iter().sum::<f64>() - 1000.0).abs() < 1e-6, "{w:?}");
        // The name stays on one line; the explanation takes the rest.
        assert!(M.units(w[0]) >= 6, "{w:?}");
        assert!(w[1] > 900.0, "{w:?}");
    }

    #[test]
    fn a_long_text_keeps_its_floor() {
        let (a, b) = (col(&[40]), col(&[4000]));
        let mut t = text(&a);
        t.unbreakable = 12;
        let w = share(400.0, &[t, text(&b)], &[0.0, 0.0], M).expect("refitted");
        assert!(w[0] >= M.px(12) - 1e-9, "{w:?}");
        assert!((w.iter().sum::<f64>() - 400.0).abs() < 1e-6);
    }

    #[test]
    fn text_that_fits_on_one_line_shares_the_spare_width() {
        let (a, b) = (col(&[10]), col(&[20]));
        let w = share(600.0, &[text(&a), text(&b)], &[0.0, 0.0], M).expect("refitted");
        assert!((w.iter().sum::<f64>() - 600.0).abs() < 1e-6);
        assert!(w[1] > w[0]);
    }

    #[test]
    fn units_count_cjk_as_two_and_find_unbreakable_runs() {
        assert_eq!(units("一二 abc"), (8, 3));
        assert_eq!(units("≥6000.00人次"), (12, 7));
    }
}
