//! The PDF backend: a submission-ready form drawn with printpdf from the same [`View`] as
//! the HTML. `layout` decides every position (pure, unit-tested with fake metrics);
//! `paint` only turns the placed pages into PDF bytes.

pub mod fonts;
pub mod frame;
pub mod layout;
pub mod linebreak;
pub mod paint;
mod table;

use fonts::FontSet;
use frame::PageSettings;
use paint::PdfMeta;

use super::RenderError;
use super::view::View;

/// Everything besides the view that decides the bytes of a PDF.
#[derive(Clone, Debug)]
pub struct PdfOptions {
    /// Paper, orientation, margins, sizes.
    pub settings: PageSettings,
    /// Creation date as Unix seconds (from `SOURCE_DATE_EPOCH`); none when `None`.
    pub date: Option<i64>,
}

/// Renders the form as PDF bytes.
pub fn render(view: &View, fonts: &FontSet, opts: &PdfOptions) -> Result<Vec<u8>, RenderError> {
    let doc = layout::layout(view, fonts, &opts.settings)?;
    let meta = PdfMeta {
        title: format!("{} {} {}年度", view.title, view.department, view.year),
        author: view.department.clone(),
        creator: format!("jixiao {}", env!("CARGO_PKG_VERSION")),
        date: opts.date,
    };
    paint::paint(&doc, fonts, &meta).map_err(RenderError::Pdf)
}
