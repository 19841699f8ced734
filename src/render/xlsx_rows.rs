//! Where the sheet's rows go in the worksheet and where pages start. The columns are as
//! wide as the page, so a client prints at 100 % and the explicit row heights decide the
//! pages; breaking there ourselves lets the labels of merged cells cut by a break be
//! written again on the new page.
//!
//! A row taller than a page cannot be moved whole, and a client cuts such a row through
//! the middle of a line (and draws no rule under the page). So it is split: it starts
//! where it stands, and each piece is a worksheet row of its own holding the lines
//! (counted as the row heights count them) that fit the rest of its page. Its labels
//! (一级/二级, the 三级指标 name) are written again in every piece, as the PDF repeats
//! them; every other cell runs on from piece to piece. Each piece has its own borders, so
//! every page is closed by a rule.

use super::sheet::Sheet;

/// Baseline-to-baseline distance of one body line, in points. LibreOffice, falling back
/// to Noto Serif CJK for 宋体, sets 10.5 pt lines 14.3 pt apart (measured); SimSun in Excel
/// needs less, so Excel shows a little more air, never clipped text.
pub const LINE_PT: f64 = super::xlsx_wrap::BODY_PT * 1.4;
/// Space above and below the text in a cell, points.
pub const ROW_PAD_PT: f64 = 6.0;
/// Excel's largest row height, points.
const MAX_ROW_PT: f64 = 409.0;
/// Rows above the grid: the title and the year line.
pub const TITLE_ROWS: u32 = 2;
/// The most manual page breaks Excel keeps in one sheet (and the writer accepts). Pages
/// after the last one are broken by the client itself, as it does without breaks.
const MAX_PAGE_BREAKS: usize = 1023;
/// Share of a page's height the rows are planned to fill, leaving room for a client
/// that prints a little larger.
const PAGE_FILL: f64 = 0.97;
/// Lines of a split row a page must have room for before the row starts on it.
const MIN_PIECE_LINES: usize = 3;

/// Where each row of the sheet goes in the worksheet. A row taller than Excel allows
/// (409 pt) becomes several worksheet rows with every cell merged across them; a row
/// taller than a page is split into pieces (see [`Split`]).
#[derive(Debug, Default)]
pub struct RowMap {
    /// First worksheet row of each sheet row.
    first: Vec<u32>,
    /// Worksheet rows each sheet row takes.
    count: Vec<u32>,
    /// Height of each worksheet row from [`TITLE_ROWS`] on, points.
    heights: Vec<f64>,
    /// The split rows, by sheet row.
    splits: Vec<Split>,
}

/// A row taller than a page, in pieces.
#[derive(Debug)]
pub struct Split {
    /// The sheet row.
    pub row: usize,
    /// Each piece's worksheet rows, first and last.
    pub pieces: Vec<(u32, u32)>,
    /// The row's cells (index into the sheet's cells) with the lines they show in each
    /// piece: (first, end) into the cell's lines. A repeated label shows all of them in
    /// every piece.
    pub cells: Vec<(usize, Vec<(usize, usize)>)>,
}

impl RowMap {
    /// The worksheet rows of sheet rows `r0..=r1`: (first, last).
    pub fn span(&self, r0: usize, r1: usize) -> (u32, u32) {
        (self.first[r0], self.first[r1] + self.count[r1] - 1)
    }

    /// Height of worksheet row `x` (at or below [`TITLE_ROWS`]), points.
    pub fn height(&self, x: u32) -> f64 {
        self.heights[(x - TITLE_ROWS) as usize]
    }

    /// Worksheet rows of the grid: the first and one past the last.
    pub fn ws_rows(&self) -> std::ops::Range<u32> {
        TITLE_ROWS..TITLE_ROWS + u32::try_from(self.heights.len()).unwrap_or(u32::MAX)
    }

    /// The rows split over pages.
    pub fn splits(&self) -> &[Split] {
        &self.splits
    }

    /// The split of sheet row `r`, if it is one.
    pub fn split(&self, r: usize) -> Option<&Split> {
        self.splits
            .binary_search_by_key(&r, |s| s.row)
            .ok()
            .map(|k| &self.splits[k])
    }

    /// Whether a sheet row or a piece of one starts at worksheet row `x`.
    pub fn starts_at(&self, x: u32) -> bool {
        if self.first.binary_search(&x).is_ok() {
            return true;
        }
        // The sheet row holding x: the last one starting before it.
        let r = self.first.partition_point(|&f| f <= x).saturating_sub(1);
        self.split(r)
            .is_some_and(|s| s.pieces.iter().any(|&(p0, _)| p0 == x))
    }

    /// Places the next sheet row: `heights` are its worksheet rows'.
    fn push_row(&mut self, heights: &[f64]) -> (u32, u32) {
        let first = self.ws_rows().end;
        let n = u32::try_from(heights.len()).unwrap_or(u32::MAX);
        self.first.push(first);
        self.count.push(n);
        self.heights.extend_from_slice(heights);
        (first, first + n - 1)
    }
}

/// Worksheet rows of a height (points): as many as Excel's row limit needs, each
/// rounded up to a quarter point.
fn ws_heights(h: f64) -> Vec<f64> {
    let k = (h / MAX_ROW_PT).ceil().max(1.0);
    // A small positive whole number: the row's height over Excel's limit.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = k as usize;
    vec![((h / k) * 4.0).ceil() / 4.0; n]
}

/// The rows' heights as one merged range each: the map without splits.
#[cfg(test)]
fn unsplit(heights: &[f64]) -> RowMap {
    let mut map = RowMap::default();
    for &h in heights {
        map.push_row(&ws_heights(h));
    }
    map
}

/// What the pager needs to know of a row taller than a page: per cell of the row (index
/// into the sheet's cells) its lines and whether it repeats in every piece.
pub struct TallCell {
    /// Index into the sheet's cells.
    pub cell: usize,
    /// Lines the cell's text takes.
    pub lines: usize,
    /// A label written again in every piece.
    pub repeat: bool,
}

/// Rows and page breaks of a sheet on a page `page_pt` high (points between the
/// margins), the rows `heights` high (points, from the text); `tall(r)` lists the cells
/// of a row to split, none when it cannot be (a merged text cell runs over it).
pub fn paginate(
    sheet: &Sheet,
    heights: &[f64],
    page_pt: f64,
    tall: &dyn Fn(usize) -> Option<Vec<TallCell>>,
) -> (RowMap, Vec<u32>) {
    let mut p = Pager::new(sheet, heights, page_pt * PAGE_FILL);
    let mut r = 0;
    while r < sheet.rows {
        r = p.place(r, tall);
    }
    (p.map, p.breaks)
}

/// The state of pagination.
struct Pager<'a> {
    heights: &'a [f64],
    avail: f64,
    keep: Vec<bool>,
    /// Rows a merged text cell runs into from the row above (see [`glued_rows`]).
    glued: Vec<bool>,
    /// The column-header row repeated at the top of continuation pages.
    repeat: Option<usize>,
    map: RowMap,
    breaks: Vec<u32>,
    /// Height used on the current page, points.
    used: f64,
    /// The first sheet row on the current page.
    page_start: usize,
}

impl<'a> Pager<'a> {
    fn new(sheet: &'a Sheet, heights: &'a [f64], avail: f64) -> Self {
        Self {
            heights,
            avail,
            keep: sheet.keep_flags(),
            glued: glued_rows(sheet),
            repeat: sheet.header_rows.iter().max().copied(),
            map: RowMap::default(),
            breaks: Vec::new(),
            used: super::xlsx::TITLE_HEIGHT_PT,
            page_start: 0,
        }
    }

    /// Height the repeated header takes on a page that continues at sheet row `r`.
    fn repeat_pt(&self, r: usize) -> f64 {
        match self.repeat {
            Some(hr) if r > hr && hr < self.map.first.len() => {
                let (x0, x1) = self.map.span(hr, hr);
                (x0..=x1).map(|x| self.map.height(x)).sum()
            }
            _ => 0.0,
        }
    }

    /// Height of placed sheet row `r`, points.
    fn placed_pt(&self, r: usize) -> f64 {
        let (x0, x1) = self.map.span(r, r);
        (x0..=x1).map(|x| self.map.height(x)).sum()
    }

    /// Starts a new page at worksheet row `x`, which continues sheet row `r`.
    fn new_page(&mut self, x: u32, r: usize) {
        if self.breaks.len() < MAX_PAGE_BREAKS {
            self.breaks.push(x);
        }
        self.used = self.repeat_pt(r);
        self.page_start = r;
    }

    /// Places sheet row `r` (or, when the page ends before it, goes back to the row the
    /// new page starts with); the next row to place. A row that does not fit the rest of
    /// the page is split there, as the PDF splits it, when it is long enough to leave a
    /// few lines on each side; a row taller than a page is always split.
    fn place(&mut self, r: usize, tall: &dyn Fn(usize) -> Option<Vec<TallCell>>) -> usize {
        if r >= self.map.first.len() {
            let h = self.heights[r];
            let room = self.avail - self.used;
            let must = h > self.avail - self.repeat_pt(r);
            let may = h > room && r > self.page_start && !self.keep[r];
            if must || may {
                let cells = tall(r).filter(|c| c.iter().any(|c| !c.repeat && c.lines > 1));
                if let Some(cells) = cells {
                    let first = first_piece_lines(room, &cells);
                    if first.is_some() || (must && r == self.page_start) {
                        self.split(r, &cells, first.unwrap_or(1));
                        return r + 1;
                    }
                    if must {
                        return self.break_before(r);
                    }
                }
            }
            self.map.push_row(&ws_heights(h));
        }
        let h = self.placed_pt(r);
        if self.used + h > self.avail && r > self.page_start {
            return self.break_before(r);
        }
        self.used += h;
        r + 1
    }

    /// Ends the page before row `r`, or before the rows kept with it; the row the new
    /// page starts with.
    fn break_before(&mut self, r: usize) -> usize {
        let mut b = r;
        while b > self.page_start + 1
            && (self.keep[b - 1] || self.glued[b])
            && self.map.split(b - 1).is_none()
        {
            b -= 1;
        }
        let x = if b < self.map.first.len() {
            self.map.first[b]
        } else {
            self.map.ws_rows().end
        };
        self.new_page(x, b);
        b
    }

    /// Splits row `r` into pieces: the first, of `first` lines, fills the rest of this
    /// page, each next one the page after, none leaving fewer than a few lines to the
    /// next.
    fn split(&mut self, r: usize, cells: &[TallCell], first: usize) {
        let total = run_on_lines(cells);
        let mut split = Split {
            row: r,
            pieces: Vec::new(),
            cells: cells.iter().map(|c| (c.cell, Vec::new())).collect(),
        };
        let start = self.map.ws_rows().end;
        let mut heights: Vec<f64> = Vec::new();
        let mut done = 0;
        while done < total {
            let fit = if split.pieces.is_empty() {
                first
            } else {
                let x = start + u32::try_from(heights.len()).unwrap_or(u32::MAX);
                self.new_page(x, r);
                let fit = lines_in(self.avail - self.used).max(1);
                keep_some_back(fit, total - done)
            };
            let end = (done + fit).min(total);
            let mut shown = 0;
            for (c, (_, parts)) in cells.iter().zip(&mut split.cells) {
                let part = if c.repeat {
                    (0, c.lines)
                } else {
                    (done.min(c.lines), end.min(c.lines))
                };
                shown = shown.max(part.1 - part.0);
                parts.push(part);
            }
            let piece = ws_heights(shown.max(1) as f64 * LINE_PT + ROW_PAD_PT);
            let x0 = start + u32::try_from(heights.len()).unwrap_or(u32::MAX);
            let n = u32::try_from(piece.len()).unwrap_or(u32::MAX);
            split.pieces.push((x0, x0 + n - 1));
            self.used += piece.iter().sum::<f64>();
            heights.extend(piece);
            done = end;
        }
        self.map.push_row(&heights);
        self.map.splits.push(split);
    }
}

/// Lines of the longest text running on over the pieces of a split row.
fn run_on_lines(cells: &[TallCell]) -> usize {
    cells
        .iter()
        .filter(|c| !c.repeat)
        .map(|c| c.lines)
        .max()
        .unwrap_or(1)
}

/// Lines a piece takes of the `left` still to place when `fit` would fit: all of them,
/// or as many as leave a few for the next piece (a single line carried over reads badly).
fn keep_some_back(fit: usize, left: usize) -> usize {
    if fit >= left {
        left
    } else if left - fit < MIN_PIECE_LINES && fit > MIN_PIECE_LINES {
        (left - MIN_PIECE_LINES).max(MIN_PIECE_LINES).min(fit)
    } else {
        fit
    }
}

/// Lines the first piece of a split row takes in `room` points, none when it cannot
/// start there: a few lines at least, room for its repeated labels, and a few lines
/// left for the next page.
fn first_piece_lines(room: f64, cells: &[TallCell]) -> Option<usize> {
    let total = run_on_lines(cells);
    let repeated = cells
        .iter()
        .filter(|c| c.repeat)
        .map(|c| c.lines)
        .max()
        .unwrap_or(0);
    let fit = lines_in(room);
    let take = fit.min(total.saturating_sub(MIN_PIECE_LINES));
    (take >= MIN_PIECE_LINES && fit >= repeated).then_some(take)
}

/// Per row: whether a merged cell of text (not a label, which is written again on the
/// next page) runs into it from the row above. A page break there would cut that text,
/// so the rows it spans move on together when they fit a page.
fn glued_rows(sheet: &Sheet) -> Vec<bool> {
    let mut glued = vec![false; sheet.rows];
    for c in &sheet.cells {
        if c.rowspan > 1 && !c.repeat && c.paras.iter().any(|p| !p.trim().is_empty()) {
            for slot in glued.iter_mut().take(c.last_row() + 1).skip(c.row + 1) {
                *slot = true;
            }
        }
    }
    glued
}

/// Whole lines that fit in `pt` points of a row.
fn lines_in(pt: f64) -> usize {
    // A small non-negative whole number of lines.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let n = ((pt - ROW_PAD_PT) / LINE_PT).floor().max(0.0) as usize;
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_taller_than_excel_allows_take_several_worksheet_rows() {
        let map = unsplit(&[20.0, 1000.0, 30.0]);
        assert_eq!(map.span(0, 0), (2, 2));
        assert_eq!(map.span(1, 1), (3, 5));
        assert_eq!(map.span(2, 2), (6, 6));
        assert_eq!(map.span(0, 2), (2, 6));
        assert!(map.heights.iter().all(|&h| h <= MAX_ROW_PT));
        assert!(map.height(3) * 3.0 >= 1000.0);
    }

    #[test]
    fn lines_in_a_height() {
        assert_eq!(lines_in(ROW_PAD_PT + LINE_PT * 3.0 + 0.1), 3);
        assert_eq!(lines_in(ROW_PAD_PT - 1.0), 0);
    }
}
