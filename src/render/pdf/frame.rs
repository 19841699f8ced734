//! The geometry the PDF layout produces and the painter consumes: page settings, boxes,
//! positioned text lines, rules, pages and the layout error. Shared by `layout.rs`,
//! `table/` and `paint.rs` so that none of them imports another for its types.

use thiserror::Error;

use super::fonts::FaceKind;
use crate::model::{Orientation, Paper};

/// Millimetres per point.
pub const PT_MM: f64 = 25.4 / 72.0;

/// Paper, margins and type sizes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageSettings {
    /// Page width, mm.
    pub width: f64,
    /// Page height, mm.
    pub height: f64,
    /// Margins, mm.
    pub margin_top: f64,
    /// Bottom margin (the footer sits in it), mm.
    pub margin_bottom: f64,
    /// Left and right margins, mm.
    pub margin_x: f64,
    /// Table text size, pt.
    pub body_size: f64,
    /// Title size, pt.
    pub title_size: f64,
    /// Year line size, pt.
    pub year_size: f64,
    /// Footer size, pt.
    pub footer_size: f64,
    /// Line pitch as a multiple of the size.
    pub leading: f64,
    /// Thickness of the table rules, pt.
    pub rule_width: f64,
    /// Cell padding left/right, mm.
    pub pad_x: f64,
    /// Cell padding top/bottom, mm.
    pub pad_y: f64,
}

impl PageSettings {
    /// The form's settings on the given paper (margins and sizes as in the HTML print
    /// stylesheet).
    pub fn new(paper: Paper, orientation: Orientation) -> Self {
        let (short, long) = match paper {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
        };
        let (width, height) = match orientation {
            Orientation::Landscape => (long, short),
            Orientation::Portrait => (short, long),
        };
        PageSettings {
            width,
            height,
            margin_top: 12.0,
            margin_bottom: 14.0,
            margin_x: 10.0,
            body_size: 10.0,
            title_size: 18.0,
            year_size: 11.0,
            footer_size: 9.0,
            leading: 1.35,
            rule_width: 0.75,
            pad_x: 1.5,
            pad_y: 1.2,
        }
    }
}

/// An axis-aligned box, mm from the top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// One line of text at its place.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    /// What it shows.
    pub text: String,
    /// Face.
    pub face: FaceKind,
    /// Size, pt.
    pub size: f64,
    /// Left end of the text, mm.
    pub x: f64,
    /// Baseline, mm from the top.
    pub baseline: f64,
    /// Drawn width including any justification spacing, mm.
    pub width: f64,
    /// Extra space after every character (justification of a line whose every gap may
    /// stretch), mm.
    pub spacing: f64,
    /// Extra space after single characters, in addition to `spacing`: (index among the
    /// line's characters, mm; negative for compressed punctuation). Sorted by index.
    pub adjust: Vec<(usize, f64)>,
    /// Top of the line box, mm.
    pub top: f64,
    /// Bottom of the line box, mm.
    pub bottom: f64,
}

/// The lines of one box (a cell on this page, the title, the footer) with the text they
/// stand for, so that text extraction gives back each cell whole.
#[derive(Clone, Debug, PartialEq)]
pub struct TextBlock {
    /// The cell shown (index into the form's cells); `None` for the title and footer.
    pub cell: Option<usize>,
    /// The box the lines must stay in (the cell box, or the page's text area).
    pub area: Rect,
    /// Inner bounds for the text: the area less the padding.
    pub inner: Rect,
    /// The source text of these lines (spaces restored, paragraphs on new lines).
    pub actual: String,
    /// The lines, top to bottom.
    pub lines: Vec<TextLine>,
}

/// A straight rule from (x1, y1) to (x2, y2), mm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    /// Start x.
    pub x1: f64,
    /// Start y.
    pub y1: f64,
    /// End x.
    pub x2: f64,
    /// End y.
    pub y2: f64,
}

/// One laid-out page.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Text: title, cells, footer.
    pub blocks: Vec<TextBlock>,
    /// Ruling of the table (merged, no duplicates).
    pub rules: Vec<Rule>,
    /// Cell boxes on this page: (cell number in form order, box).
    pub boxes: Vec<(usize, Rect)>,
}

/// The laid-out document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Page settings used.
    pub settings: PageSettings,
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Number of cells in the form (every one appears in some page's boxes).
    pub cells: usize,
    /// What each cell shows, in cell order (for checks).
    pub cell_fields: Vec<String>,
}

/// Why the layout failed.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LayoutError {
    /// The font lacks a character used in the table.
    #[error("字体中没有“{ch}”（U+{code:04X}）这个字，它出现在{field}中")]
    MissingGlyph {
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
        /// Where it is used.
        field: String,
    },
    /// The page cannot hold even one line of a row.
    #[error("页面太小，连表格的一行都放不下")]
    PageTooSmall,
}

impl LayoutError {
    /// `ch` is not in the font; it stands in `field`.
    pub fn missing_glyph(ch: char, field: &str) -> Self {
        LayoutError::MissingGlyph {
            ch,
            code: u32::from(ch),
            field: field.to_owned(),
        }
    }
}
