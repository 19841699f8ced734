//! The PDF backend: a submission-ready form drawn with printpdf from the same [`Sheet`] as
//! the HTML. `layout` decides every position (pure, unit-tested with fake metrics);
//! `paint` only turns the placed pages into PDF bytes.

mod columns;
// The typefaces are below the renderers (`crate::fonts`): `check` reads them too.
pub use crate::fonts;
pub mod frame;
pub mod layout;
pub mod linebreak;
pub mod pages;
pub mod paint;
mod table;
mod table_spec;
mod writer;

use std::path::{Path, PathBuf};

use fonts::{FaceSelector, FontCache, FontSet};
use frame::PageSettings;
use paint::PdfMeta;

use super::RenderError;
use super::export::{Exporter, Format, Input};
use super::sheet::Sheet;
use crate::model::{Orientation, Paper};

/// Everything besides the sheet that decides the bytes of a PDF.
#[derive(Clone, Debug)]
pub struct PdfOptions {
    /// Paper, orientation, margins, sizes.
    pub settings: PageSettings,
    /// Creation date as Unix seconds (from `SOURCE_DATE_EPOCH`); none when `None`.
    pub date: Option<i64>,
}

/// Renders the form as PDF bytes.
pub fn render(sheet: &Sheet, fonts: &FontSet, opts: &PdfOptions) -> Result<Vec<u8>, RenderError> {
    let doc = layout::layout(sheet, fonts, &opts.settings)?;
    let meta = PdfMeta {
        title: format!("{} {} {}年度", sheet.title, sheet.owner, sheet.year),
        author: sheet.owner.clone(),
        creator: format!("jixiao {}", env!("CARGO_PKG_VERSION")),
        date: opts.date,
    };
    paint::paint(&doc, fonts, &meta).map_err(RenderError::Pdf)
}

/// `--paper`, `--orientation`, `--font`, `--font-index`: override the spec's `[style]`.
#[derive(Clone, Debug, Default)]
pub struct PageOverrides {
    /// Paper size.
    pub paper: Option<Paper>,
    /// Orientation.
    pub orientation: Option<Orientation>,
    /// Font file (relative to the working folder).
    pub font: Option<PathBuf>,
    /// Face index or name inside a collection.
    pub font_index: Option<String>,
}

/// The PDF exporter of one run: fonts are loaded once and shared by every spec.
pub struct PdfExporter {
    fonts: FontCache,
    date: Option<i64>,
    page: PageOverrides,
}

impl PdfExporter {
    /// An exporter with the command line's overrides and the document date.
    pub fn new(page: PageOverrides, date: Option<i64>) -> Self {
        Self {
            fonts: FontCache::new(),
            date,
            page,
        }
    }
}

impl Exporter for PdfExporter {
    fn format(&self) -> Format {
        Format::Pdf
    }

    fn export(&self, input: &Input<'_>) -> Result<Vec<u8>, RenderError> {
        let style = input.table.style();
        let page = &self.page;
        let settings = PageSettings::new(
            page.paper.unwrap_or(style.paper),
            page.orientation.unwrap_or(style.orientation),
        );
        // The command line's font is relative to the working folder, the spec's to the
        // spec's folder. `--font-index` alone applies to the spec's font.
        let font_path = match (&page.font, &style.font) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(f)) => Some(input.spec.parent().unwrap_or(Path::new("")).join(f)),
            (None, None) => None,
        };
        // `--font-index` picks a face of a font file: with the bundled font it would be
        // silently ignored.
        if let (Some(index), None) = (&page.font_index, &font_path) {
            return Err(RenderError::FontIndexWithoutFont {
                index: index.clone(),
            });
        }
        let selector = match (&page.font_index, style.font_index) {
            (Some(s), _) => FaceSelector::parse(s),
            (None, Some(i)) => FaceSelector::Index(i),
            (None, None) => FaceSelector::Default,
        };
        let loaded;
        let fonts: &FontSet = match &font_path {
            Some(p) => {
                loaded = self.fonts.get(p, &selector)?;
                &loaded
            }
            None => fonts::bundled(),
        };
        let opts = PdfOptions {
            settings,
            date: self.date,
        };
        render(input.sheet, fonts, &opts)
    }
}
