//! What the table engine is given (the grid, its sizes, the page bands) and what it gives
//! back (placed pages).

use crate::render::pdf::fonts::FaceKind;
use crate::render::pdf::frame::{Rect, TextBlock};

/// Horizontal alignment inside a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
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
