//! The table engine behind the PDF layout: column widths from content, wrapped cell text,
//! row heights, and pagination with row splits, a repeated column header and merged cells
//! repeated (or continued) across page breaks. Pure: input cells and metrics in, placed
//! boxes and text lines out, in mm from the page's top-left corner.

use std::collections::BTreeMap;
use std::ops::Range;

use super::columns;
use super::fonts::{FaceKind, Metrics};
use super::frame::{LayoutError, PT_MM, Rect, TextBlock, TextLine};
use super::linebreak::Shaped;
use super::linebreak::{self, WrappedLine};

const EPS: f64 = 1e-6;

/// Fewest lines of a split row left at the foot of a page.
const MIN_LINES: usize = 2;

/// A row that fits a fresh page is split rather than moved whole when moving it would
/// leave more than this share of the page empty.
const SPLIT_GAP: f64 = 0.12;

/// Horizontal alignment inside a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Both edges, except a paragraph's last line.
    Justify,
}

/// One paragraph of a cell.
#[derive(Clone, Debug)]
pub(crate) struct Para {
    /// The text (no newlines).
    pub text: String,
    /// Indent the first line by two characters.
    pub indent: bool,
}

/// One cell of the grid.
#[derive(Clone, Debug)]
pub(crate) struct CellSpec {
    /// First row.
    pub row: usize,
    /// First column.
    pub col: usize,
    /// Rows covered (≥ 1).
    pub rowspan: usize,
    /// Columns covered (≥ 1).
    pub colspan: usize,
    /// Text.
    pub paras: Vec<Para>,
    /// Face.
    pub face: FaceKind,
    /// Alignment.
    pub align: Align,
    /// What the cell shows, for error messages (Chinese).
    pub field: String,
    /// For a merged cell cut by a page break: show the whole text again on the next page
    /// (labels) rather than continue it.
    pub repeat: bool,
}

/// The whole grid.
#[derive(Clone, Debug)]
pub(crate) struct TableSpec {
    /// Relative column widths.
    pub weights: Vec<u32>,
    /// Number of rows.
    pub rows: usize,
    /// Cells; every grid position is covered by at most one.
    pub cells: Vec<CellSpec>,
    /// Column-header rows: each is repeated at the top of a page that continues the rows
    /// after it (up to the next header row), as the 年度履职目标 and 年度绩效指标 headers.
    pub header_rows: Vec<usize>,
    /// Rows that must not end a page (headers): the next row starts on the same page.
    pub keep_with_next: Vec<usize>,
}

/// Sizes the table engine works with (mm and pt).
#[derive(Clone, Copy, Debug)]
pub(crate) struct TableStyle {
    /// Font size, pt.
    pub size: f64,
    /// Line pitch, mm.
    pub line_height: f64,
    /// Cell padding left/right, mm.
    pub pad_x: f64,
    /// Cell padding top/bottom, mm.
    pub pad_y: f64,
}

/// The vertical band of one page available to the table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Band {
    /// Top of the table area, mm.
    pub top: f64,
    /// Bottom of the table area, mm.
    pub bottom: f64,
}

/// One page of placed table content.
#[derive(Clone, Debug, Default)]
pub(crate) struct TablePage {
    /// Cell boxes drawn on this page: (cell index, box).
    pub boxes: Vec<(usize, Rect)>,
    /// Text, one block per box.
    pub blocks: Vec<TextBlock>,
}

/// A cell with its position and wrapped lines.
struct Prepared {
    spec: CellSpec,
    x: f64,
    w: f64,
    lines: Vec<WrappedLine>,
}

impl Prepared {
    fn last_row(&self) -> usize {
        self.spec.row + self.spec.rowspan - 1
    }
    fn covers(&self, r: usize) -> bool {
        (self.spec.row..=self.last_row()).contains(&r)
    }
    fn spans(&self) -> bool {
        self.spec.rowspan > 1
    }
}

/// Lays the table out over pages. `first` is the band on page one, `rest` on later pages.
pub(crate) fn layout_table(
    table: &TableSpec,
    metrics: &dyn Metrics,
    style: TableStyle,
    left: f64,
    width: f64,
    first: Band,
    rest: Band,
) -> Result<Vec<TablePage>, LayoutError> {
    let em = style.size * PT_MM;
    let adv = |face: FaceKind, c: char| metrics.advance(face, c).unwrap_or(0.0) * em;
    // Every paragraph shaped once: measured for the column fit, then wrapped.
    let shaped: Vec<Vec<Shaped>> = table
        .cells
        .iter()
        .map(|c| {
            c.paras
                .iter()
                .map(|p| Shaped::new(&p.text, em, |ch| adv(c.face, ch)))
                .collect()
        })
        .collect();
    let boxes = columns::cell_columns(table, &shaped, style, left, width);
    let cells: Vec<Prepared> = table
        .cells
        .iter()
        .zip(&boxes)
        .zip(&shaped)
        .map(|((c, &(x, w)), shaped)| {
            let inner = w - 2.0 * style.pad_x;
            let lines = c
                .paras
                .iter()
                .zip(shaped)
                .flat_map(|(p, sh)| {
                    let indent = if p.indent { 2.0 * em } else { 0.0 };
                    let indent = indent.min(inner / 2.0);
                    if c.align == Align::Center {
                        sh.wrap_balanced(inner, indent, em)
                    } else {
                        sh.wrap(inner, indent)
                    }
                })
                .collect();
            Prepared {
                spec: c.clone(),
                x,
                w,
                lines,
            }
        })
        .collect();
    let pager = Pager::new(table, &cells, style);
    let plans = pager.paginate(first, rest)?;
    Ok(plans
        .iter()
        .map(|plan| paint_plan(plan, &cells, metrics, style))
        .collect())
}

#[derive(Clone, Debug)]
struct Cursor {
    row: usize,
    /// Lines already shown, per cell (split rows and continued merged cells).
    shown: Vec<usize>,
}

#[derive(Clone, Debug)]
struct Slice {
    y: f64,
    h: f64,
    /// Lines of the row's single-row cells shown here.
    lines: Vec<(usize, Range<usize>)>,
    /// Whether the whole row is in this one slice.
    whole: bool,
}

#[derive(Clone, Debug)]
struct Fragment {
    cell: usize,
    y0: f64,
    y1: f64,
    lines: Range<usize>,
}

#[derive(Clone, Debug, Default)]
struct Plan {
    slices: Vec<Slice>,
    fragments: Vec<Fragment>,
}

/// Where a row may be split on the page.
struct Split {
    /// Lines that fit in what is left of the page.
    n_fit: usize,
    /// Lines to put here when the row is split here.
    take: Option<usize>,
}

enum Retry {
    /// Page ended inside a merged label that does not fit: end the page earlier.
    Shrink(usize),
    /// The label cannot be repeated at all: continue its text instead.
    Flow(usize),
}

struct Pager<'a> {
    table: &'a TableSpec,
    cells: &'a [Prepared],
    style: TableStyle,
    /// Single-row cells of each row.
    singles: Vec<Vec<usize>>,
    /// Merged cells covering each row.
    spanning: Vec<Vec<usize>>,
}

impl<'a> Pager<'a> {
    fn new(table: &'a TableSpec, cells: &'a [Prepared], style: TableStyle) -> Self {
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

    fn lh(&self) -> f64 {
        self.style.line_height
    }

    fn box_height(&self, lines: usize) -> f64 {
        2.0 * self.style.pad_y + lines.max(1) as f64 * self.lh()
    }

    /// Height of the rest of row `r` with nothing merged taken into account.
    fn own_height(&self, r: usize, cur: &Cursor) -> f64 {
        let most = self.singles[r]
            .iter()
            .map(|&c| self.cells[c].lines.len().saturating_sub(cur.shown[c]))
            .max()
            .unwrap_or(0);
        self.box_height(most)
    }

    /// Height a merged cell needs in the fragment that ends its run.
    fn need(&self, c: usize, cur: &Cursor, flow: &[bool]) -> f64 {
        let cell = &self.cells[c];
        if cell.spec.repeat && !flow[c] {
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

    fn header_height(&self) -> f64 {
        let blank = Cursor {
            row: 0,
            shown: vec![0; self.cells.len()],
        };
        self.table
            .header_rows
            .iter()
            .map(|&h| self.own_height(h, &blank))
            .fold(0.0, f64::max)
    }

    fn paginate(&self, first: Band, rest: Band) -> Result<Vec<Plan>, LayoutError> {
        let mut cursor = Cursor {
            row: 0,
            shown: vec![0; self.cells.len()],
        };
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

    /// Fills one page from `cur`. The outer error is fatal; the inner one asks the caller
    /// to try again with fewer rows or a continued label.
    #[allow(clippy::too_many_lines)]
    fn fill_page(
        &self,
        cur: &Cursor,
        band: Band,
        fresh: Band,
        continuing: bool,
        limit: Option<usize>,
        flow: &[bool],
    ) -> Result<Result<(Plan, Cursor), Retry>, LayoutError> {
        let lh = self.lh();
        let pad = self.style.pad_y;
        let mut cur = cur.clone();
        let mut plan = Plan::default();
        let mut y = band.top;
        let mut open: BTreeMap<usize, f64> = BTreeMap::new();
        // Repeat the column header when this page continues the rows under it.
        let header = self
            .table
            .header_rows
            .iter()
            .copied()
            .filter(|&h| h < cur.row)
            .max()
            // A page that starts with a header row shows that one, not the last block's.
            .filter(|_| continuing && !self.table.header_rows.contains(&cur.row));
        if let Some(h) = header {
            let lines = self.singles[h]
                .iter()
                .map(|&c| (c, 0..self.cells[c].lines.len()))
                .collect();
            let blank = Cursor {
                row: h,
                shown: vec![0; self.cells.len()],
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
            // A header keeps the next row on the same page: whole, or its first lines when
            // that row would be split there anyway (taller than a page, or moving it would
            // leave much of the page empty).
            let keep = if self.table.keep_with_next.contains(&r) && r + 1 < self.table.rows {
                let next = self.own_height(r + 1, &cur);
                let below = y + h_full;
                if below + next <= band.bottom + EPS {
                    next
                } else {
                    let mut open_after = open.clone();
                    for &c in &self.spanning[r] {
                        open_after.entry(c).or_insert(y);
                    }
                    let split =
                        self.split_here(r + 1, &cur, below, band, fresh_cap, &open_after, flow);
                    match split.take {
                        Some(_) => self.box_height(MIN_LINES),
                        None if next > fresh_cap + EPS => self.box_height(MIN_LINES),
                        None => next,
                    }
                }
            } else {
                0.0
            };
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
            let n_fit = take.unwrap_or(split.n_fit);
            for &c in &self.spanning[r] {
                open.entry(c).or_insert(y);
            }
            let lines = self.singles[r]
                .iter()
                .map(|&c| {
                    let n = self.cells[c].lines.len();
                    if self.cells[c].spec.repeat {
                        (c, 0..n)
                    } else {
                        let s = cur.shown[c];
                        (c, s..(s + n_fit).min(n))
                    }
                })
                .collect::<Vec<_>>();
            for (c, l) in &lines {
                if !self.cells[*c].spec.repeat {
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
                .all(|&c| self.cells[c].spec.repeat || cur.shown[c] >= self.cells[c].lines.len())
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
        // Merged cells cut by the page break.
        let mut extend: f64 = 0.0;
        for (&c, &y0) in &open {
            if self.cells[c].spec.repeat && !flow[c] {
                let need = self.box_height(self.cells[c].lines.len());
                extend = extend.max(need - (y - y0));
                if y + (need - (y - y0)) > band.bottom + EPS {
                    return Ok(Err(if body > 1 {
                        Retry::Shrink(body)
                    } else {
                        Retry::Flow(c)
                    }));
                }
            }
        }
        if extend > EPS {
            if let Some(last) = plan.slices.last_mut() {
                last.h += extend;
            }
            y += extend;
        }
        for (&c, &y0) in &open {
            let fits = ((y - y0 - 2.0 * pad + EPS) / lh).floor().max(0.0);
            // Exact: a small non-negative whole number.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let lines = self.fragment_lines(c, &cur, flow, fits as usize);
            if !self.cells[c].spec.repeat || flow[c] {
                cur.shown[c] = lines.end;
            }
            plan.fragments.push(Fragment {
                cell: c,
                y0,
                y1: y,
                lines,
            });
        }
        Ok(Ok((plan, cur)))
    }

    /// How row `r` may be split at `y`: the lines that fit, and how many of them to take
    /// if a split is worth it and keeps the rules (two lines on each side, the other cells
    /// and repeated labels whole in the first fragment).
    #[allow(clippy::too_many_arguments)]
    fn split_here(
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
            !self.cells[c].spec.repeat || flow[c] || {
                let y0 = open.get(&c).copied().unwrap_or(y);
                self.box_height(self.cells[c].lines.len()) <= band.bottom - y0 + EPS
            }
        });
        // A label in the row's own cells (一级/二级 of a one-row run) is shown whole on
        // each page the row reaches, so it needs its full height here too.
        let label_lines = self.singles[r]
            .iter()
            .filter(|&&c| self.cells[c].spec.repeat)
            .map(|&c| self.cells[c].lines.len())
            .max()
            .unwrap_or(0);
        // Remaining lines of the row's own (non-label) cells, tallest first: the
        // tallest is split; every other cell must fit whole in the first fragment.
        let mut rest: Vec<usize> = self.singles[r]
            .iter()
            .filter(|&&c| !self.cells[c].spec.repeat)
            .map(|&c| self.cells[c].lines.len().saturating_sub(cur.shown[c]))
            .collect();
        rest.sort_unstable_by(|a, b| b.cmp(a));
        let tallest = rest.first().copied().unwrap_or(0);
        let others = rest.get(1).copied().unwrap_or(0);
        // Keep at least two lines for the next page too (no widow line); a row that
        // fits a fresh page is split only when moving it whole would leave more than
        // SPLIT_GAP of this page empty.
        let take = if over_tall {
            n_fit
        } else {
            n_fit.min(tallest.saturating_sub(MIN_LINES))
        };
        let worth = over_tall || avail > (band.bottom - band.top) * SPLIT_GAP + EPS;
        let splittable =
            take >= MIN_LINES.max(label_lines).max(others) && labels_fit && tallest > 1;
        Split {
            n_fit,
            take: (worth && splittable).then_some(take),
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
        if self.cells[c].spec.repeat && !flow[c] {
            0..n
        } else {
            let s = cur.shown[c].min(n);
            s..(s.saturating_add(fits)).min(n)
        }
    }
}

/// Turns a page plan into boxes and positioned text lines.
fn paint_plan(
    plan: &Plan,
    cells: &[Prepared],
    metrics: &dyn Metrics,
    style: TableStyle,
) -> TablePage {
    let mut page = TablePage::default();
    let mut place = |c: usize, rect: Rect, lines: Range<usize>, middle: bool| {
        let cell = &cells[c];
        page.boxes.push((c, rect));
        let shown = &cell.lines[lines];
        if shown.is_empty() {
            return;
        }
        let content = shown.len() as f64 * style.line_height;
        let top = if middle {
            rect.y + ((rect.h - content) / 2.0).max(style.pad_y)
        } else {
            rect.y + style.pad_y
        };
        let inner = Rect {
            x: rect.x + style.pad_x,
            y: rect.y + style.pad_y,
            w: rect.w - 2.0 * style.pad_x,
            h: rect.h - 2.0 * style.pad_y,
        };
        let placed = shown
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let line_top = top + i as f64 * style.line_height;
                place_line(
                    line,
                    cell.spec.face,
                    cell.spec.align,
                    metrics,
                    style,
                    inner.x,
                    inner.w,
                    line_top,
                )
            })
            .collect();
        page.blocks.push(TextBlock {
            cell: Some(c),
            area: rect,
            inner,
            actual: linebreak::rejoin(shown),
            lines: placed,
        });
    };
    for s in &plan.slices {
        for (c, lines) in &s.lines {
            let cell = &cells[*c];
            let rect = Rect {
                x: cell.x,
                y: s.y,
                w: cell.w,
                h: s.h,
            };
            // A cell shown whole beside a split one sits vertically centred in its part.
            let whole = lines.start == 0 && lines.end == cell.lines.len();
            place(*c, rect, lines.clone(), s.whole || whole);
        }
    }
    for f in &plan.fragments {
        let cell = &cells[f.cell];
        let rect = Rect {
            x: cell.x,
            y: f.y0,
            w: cell.w,
            h: f.y1 - f.y0,
        };
        let whole = f.lines.start == 0 && f.lines.end == cell.lines.len();
        place(f.cell, rect, f.lines.clone(), whole);
    }
    page
}

/// Widest gap justification may open between two characters, in ems: a line that would
/// need more (a long word or number pushed to the next line, or too few Chinese characters
/// to share the slack) is set ragged, flush left, like a paragraph's last line.
const MAX_GAP_EM: f64 = 0.2;

/// Positions one wrapped line inside a cell. Justified lines spread their slack over the
/// gaps next to Chinese characters only ([`linebreak::stretchable`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_line(
    line: &WrappedLine,
    face: FaceKind,
    align: Align,
    metrics: &dyn Metrics,
    style: TableStyle,
    inner_x: f64,
    inner_w: f64,
    line_top: f64,
) -> TextLine {
    let em = style.size * PT_MM;
    let asc = metrics.ascent(face) * em;
    let desc = metrics.descent(face) * em;
    let baseline = line_top + (style.line_height - (asc + desc)) / 2.0 + asc;
    let slack = inner_w - line.indent - line.width;
    let mut spacing = 0.0;
    let mut adjust = line.kerns.clone();
    let mut width = line.width;
    let x = match align {
        Align::Left => inner_x + line.indent,
        Align::Center => inner_x + (slack / 2.0).max(0.0),
        Align::Justify => {
            if line.continues && slack > EPS {
                // Gaps after character i that may stretch.
                let gaps = || {
                    line.text
                        .chars()
                        .zip(line.text.chars().skip(1))
                        .enumerate()
                        .filter(|&(_, (a, b))| linebreak::stretchable(a, b))
                        .map(|(i, _)| i)
                };
                let pairs = line.text.chars().count().saturating_sub(1);
                let count = gaps().count();
                if count > 0 {
                    let gap = slack / count as f64;
                    if gap <= MAX_GAP_EM * em {
                        width += slack;
                        if count == pairs {
                            // Every gap stretches: one character spacing for the line.
                            spacing = gap;
                        } else {
                            adjust = merge_adjust(&line.kerns, gaps().map(|i| (i, gap)));
                        }
                    }
                }
            }
            inner_x + line.indent
        }
    };
    TextLine {
        text: line.text.clone(),
        face,
        size: style.size,
        x,
        baseline,
        width,
        spacing,
        adjust,
        top: line_top,
        bottom: line_top + style.line_height,
    }
}

/// The kerns of compressed punctuation and the justification gaps as one sorted list.
fn merge_adjust(
    kerns: &[(usize, f64)],
    gaps: impl Iterator<Item = (usize, f64)>,
) -> Vec<(usize, f64)> {
    let mut all: Vec<(usize, f64)> = kerns.iter().copied().chain(gaps).collect();
    all.sort_by_key(|&(i, _)| i);
    let mut out: Vec<(usize, f64)> = Vec::with_capacity(all.len());
    for (i, d) in all {
        match out.last_mut() {
            Some(last) if last.0 == i => last.1 += d,
            _ => out.push((i, d)),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::render::pdf::fonts::tests::FakeMetrics;

    /// 10 pt type: 1 em = 3.53 mm; lines 5 mm apart; 1 mm padding.
    pub(crate) fn style() -> TableStyle {
        TableStyle {
            size: 10.0,
            line_height: 5.0,
            pad_x: 1.0,
            pad_y: 1.0,
        }
    }

    /// A one-column, one-paragraph cell set left in the regular face.
    pub(crate) fn cell(
        row: usize,
        col: usize,
        rowspan: usize,
        text: &str,
        repeat: bool,
    ) -> CellSpec {
        CellSpec {
            row,
            col,
            rowspan,
            colspan: 1,
            paras: vec![Para {
                text: text.to_owned(),
                indent: false,
            }],
            face: FaceKind::Regular,
            align: Align::Left,
            field: format!("r{row}c{col}"),
            repeat,
        }
    }

    /// A header row, then `rows` body rows: a label spanning all of them, and a value.
    fn table(rows: usize, value: impl Fn(usize) -> String) -> TableSpec {
        let mut cells = vec![cell(0, 0, 1, "标签", false), cell(0, 1, 1, "数值", false)];
        cells.push(cell(1, 0, rows, "合并标签", true));
        for r in 1..=rows {
            cells.push(cell(r, 1, 1, &value(r), false));
        }
        TableSpec {
            weights: vec![1, 3],
            rows: rows + 1,
            cells,
            header_rows: vec![0],
            keep_with_next: vec![0],
        }
    }

    fn run(t: &TableSpec) -> Vec<TablePage> {
        let band = Band {
            top: 10.0,
            bottom: 100.0,
        };
        layout_table(t, &FakeMetrics::new(), style(), 10.0, 100.0, band, band).unwrap()
    }

    fn texts(page: &TablePage, field_cell: usize) -> Vec<String> {
        page.blocks
            .iter()
            .filter(|b| b.cell == Some(field_cell))
            .map(|b| b.actual.clone())
            .collect()
    }

    #[test]
    fn merged_label_is_repeated_under_a_repeated_header() {
        // 40 rows of one line (7 mm each) need three 90 mm pages.
        let t = table(40, |r| format!("第{r}行"));
        let pages = run(&t);
        assert!(pages.len() >= 3, "{}", pages.len());
        for page in &pages {
            assert_eq!(texts(page, 0), ["标签"], "header on every page");
            assert_eq!(texts(page, 2), ["合并标签"], "label on every page");
            let header = page.boxes.iter().find(|(c, _)| *c == 0).unwrap().1;
            let label = page.boxes.iter().find(|(c, _)| *c == 2).unwrap().1;
            assert!((header.y - 10.0).abs() < 1e-9);
            assert!(
                (label.y - header.bottom()).abs() < 1e-9,
                "label starts under the header"
            );
        }
        // Every body row is drawn exactly once.
        for r in 1..=40 {
            let c = r + 2;
            let n: usize = pages.iter().map(|p| texts(p, c).len()).sum();
            assert_eq!(n, 1, "row {r}");
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_between_lines() {
        // Row 2 has 60 lines of 5 mm: more than three pages.
        let long: String = "字".repeat(60 * 20);
        let t = table(3, |r| if r == 2 { long.clone() } else { "短".into() });
        let pages = run(&t);
        let pieces: Vec<String> = pages.iter().flat_map(|p| texts(p, 4)).collect();
        assert!(pieces.len() >= 3, "{}", pieces.len());
        assert_eq!(pieces.concat(), long, "every line once, in order");
        for page in &pages {
            for b in page.blocks.iter().filter(|b| b.cell == Some(4)) {
                for l in &b.lines {
                    assert!(l.top >= b.inner.y - 1e-9 && l.bottom <= b.inner.bottom() + 1e-9);
                }
            }
        }
    }

    #[test]
    fn a_row_moves_whole_when_little_of_the_page_would_stay_empty() {
        // Rows of 3 lines (17 mm): header 7 mm + 4 rows = 75 mm; the 15 mm left are less
        // than a quarter of the 90 mm page, so the fifth row moves whole.
        let three: String = "字".repeat(3 * 20);
        let t = table(9, |_| three.clone());
        for page in run(&t) {
            for r in 1..=9 {
                for text in texts(&page, r + 2) {
                    assert_eq!(text, three, "row {r} split");
                }
            }
        }
    }

    #[test]
    fn a_row_is_split_rather_than_leave_a_quarter_page_empty() {
        // Rows of about ten lines (some 50 mm, however the columns are fitted): after one
        // row about a third of the page would stay empty, so the next row is split between
        // lines; every fragment keeps at least two lines.
        let eight: String = "字".repeat(12 * 20);
        let t = table(5, |_| eight.clone());
        let pages = run(&t);
        let split =
            (1..=5).any(|r| pages.iter().filter(|p| !texts(p, r + 2).is_empty()).count() > 1);
        assert!(split, "no row was split");
        for r in 1..=5 {
            let pieces: Vec<String> = pages.iter().flat_map(|p| texts(p, r + 2)).collect();
            assert_eq!(pieces.concat(), eight, "row {r}: every line once, in order");
            for p in &pages {
                for b in p.blocks.iter().filter(|b| b.cell == Some(r + 2)) {
                    assert!(
                        b.lines.len() >= MIN_LINES,
                        "row {r}: a fragment of one line"
                    );
                }
            }
        }
        // Every page but the last is filled to the bottom of its band (less than a line).
        for p in &pages[..pages.len() - 1] {
            let bottom = p.boxes.iter().map(|(_, r)| r.bottom()).fold(0.0, f64::max);
            assert!(bottom >= 100.0 - 5.0 - 1e-9, "page ends at {bottom}");
        }
    }

    #[test]
    fn other_cells_of_a_split_row_stay_whole_in_the_first_fragment() {
        let long: String = "字".repeat(8 * 20);
        let mut t = table(2, |r| {
            if r == 2 {
                long.clone()
            } else {
                "短".repeat(20 * 8)
            }
        });
        // A third column: a short value beside the long text.
        t.weights.push(1);
        for c in &mut t.cells {
            if c.row == 0 && c.col == 1 {
                c.colspan = 2;
            }
        }
        let mut side = cell(2, 2, 1, "旁边的短值", false);
        side.align = Align::Center;
        t.cells.push(side);
        let pages = run(&t);
        let c = t.cells.len() - 1;
        let shown: Vec<String> = pages.iter().flat_map(|p| texts(p, c)).collect();
        assert_eq!(shown, ["旁边的短值"], "shown once, whole");
    }

    fn justify(text: &str, width: f64, continues: bool) -> TextLine {
        let em = 10.0 * PT_MM;
        let adv = |c: char| if c.is_ascii() { em / 2.0 } else { em };
        let mut lines = linebreak::wrap(text, 1000.0, 0.0, em, adv);
        let mut line = lines.remove(0);
        line.continues = continues;
        place_line(
            &line,
            FaceKind::Regular,
            Align::Justify,
            &FakeMetrics::new(),
            style(),
            0.0,
            width,
            0.0,
        )
    }

    #[test]
    fn justification_spreads_the_slack_between_chinese_characters_only() {
        let em = 10.0 * PT_MM;
        // 4 ideographs + 2 full-width marks + 18 ASCII: 6 em + 9 em natural.
        let text = "开展（Automated External）急救";
        let natural = 6.0 * em + 18.0 * em / 2.0;
        let line = justify(text, natural + 0.5 * em, true);
        assert!((line.width - (natural + 0.5 * em)).abs() < 1e-9);
        assert_eq!(line.spacing, 0.0, "not one spacing for every letter");
        let chars: Vec<char> = text.chars().collect();
        let at: Vec<usize> = line.adjust.iter().map(|&(i, _)| i).collect();
        // Gaps after 开, 展, （ (before A), l (before ）), ）(before 急), 急.
        assert_eq!(at, [0, 1, 2, 20, 21, 22], "{:?}", line.adjust);
        for &(i, d) in &line.adjust {
            assert!(linebreak::is_cjk(chars[i]) || linebreak::is_cjk(chars[i + 1]));
            assert!((d - 0.5 * em / 6.0).abs() < 1e-9);
        }
    }

    #[test]
    fn an_all_chinese_line_is_justified_with_one_character_spacing() {
        let em = 10.0 * PT_MM;
        let line = justify("一二三四五", 5.4 * em, true);
        assert!(line.adjust.is_empty());
        assert!((line.spacing - 0.1 * em).abs() < 1e-9);
        assert!((line.width - 5.4 * em).abs() < 1e-9);
    }

    #[test]
    fn last_lines_and_loose_lines_are_ragged() {
        let em = 10.0 * PT_MM;
        let last = justify("一二三四五", 5.4 * em, false);
        assert_eq!((last.spacing, last.adjust.len()), (0.0, 0));
        assert!((last.width - 5.0 * em).abs() < 1e-9);
        // Slack of 2 em over 4 gaps is more than the widest gap: flush left, no spacing.
        let loose = justify("一二三四五", 7.0 * em, true);
        assert_eq!((loose.spacing, loose.adjust.len()), (0.0, 0));
        assert!((loose.width - 5.0 * em).abs() < 1e-9 && loose.x == 0.0);
        // Latin only: nothing may stretch.
        let latin = justify("Automated", 5.0 * em, true);
        assert_eq!((latin.spacing, latin.adjust.len()), (0.0, 0));
    }

    #[test]
    fn compressed_punctuation_is_painted_where_it_was_measured() {
        let em = 10.0 * PT_MM;
        // 》《 loses half an em after 》; the line is 5.5 em, justified into 5.5 em: no
        // slack, the kern stays.
        let line = justify("《甲》《乙》", 5.5 * em, true);
        assert_eq!(line.adjust.len(), 1);
        assert_eq!(line.adjust[0].0, 2);
        assert!((line.adjust[0].1 + 0.5 * em).abs() < 1e-9);
        assert!((line.width - 5.5 * em).abs() < 1e-9);
    }

    #[test]
    fn a_page_starting_with_a_header_row_does_not_repeat_the_previous_header() {
        // Block one: a header (7 mm) and six rows of two lines (12 mm): 79 mm of the 90 mm
        // page. Block two's header and first row (19 mm) go to page two, which starts
        // with that header and must not repeat block one's above it.
        let two: String = "字".repeat(2 * 20);
        let mut t = table(6, |_| two.clone());
        let second = t.rows;
        t.cells.push(cell(second, 0, 1, "标签二", false));
        t.cells.push(cell(second, 1, 1, "数值二", false));
        for r in second + 1..second + 4 {
            t.cells.push(cell(r, 0, 1, "短", false));
            t.cells.push(cell(r, 1, 1, &two, false));
        }
        t.rows = second + 4;
        t.header_rows.push(second);
        t.keep_with_next.push(second);
        let pages = run(&t);
        let head_two = t.cells.iter().position(|c| c.row == second).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(texts(&pages[1], head_two), ["标签二"]);
        assert!(
            texts(&pages[1], 0).is_empty(),
            "block one's header repeated"
        );
        let top = pages[1]
            .boxes
            .iter()
            .map(|(_, r)| r.y)
            .fold(f64::MAX, f64::min);
        let (_, head_box) = pages[1].boxes.iter().find(|(c, _)| *c == head_two).unwrap();
        assert!((head_box.y - top).abs() < 1e-9);
    }
}
