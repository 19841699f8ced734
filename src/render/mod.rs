//! Exporters: every output format reads the same [`sheet::Sheet`] (and, for JSON, the model),
//! through the [`export::Exporter`] interface.

pub mod block_widths;
pub mod export;
pub mod html;
mod html_pages;
mod html_templates;
pub mod json;
pub mod pdf;
// The sheet is the layer below the exporters (`crate::sheet`); named here too, as the
// exporters read it.
pub use crate::sheet;
pub mod xlsx;
mod xlsx_fit;
mod xlsx_plan;
mod xlsx_rows;
mod xlsx_wrap;

use thiserror::Error;

/// Why a render failed (not the spec's fault: templates, fonts, output).
#[derive(Debug, Error)]
pub enum RenderError {
    /// A template could not be loaded or rendered.
    #[error("模板错误：{0}")]
    Template(String),
    /// The templates folder could not be read.
    #[error("无法读取模板文件夹 {path}：{reason}")]
    TemplateDir {
        /// Folder as given.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The font could not be loaded.
    #[error("{0}")]
    Font(#[from] pdf::fonts::FontError),
    /// `--font-index` without a font file to pick the face from.
    #[error(
        "--font-index {index} 只用于选择字体文件中的字体，但没有指定字体文件：请同时写 --font 字体文件（.ttc），或在规格文件的 [style] 中写 font = \"字体文件\""
    )]
    FontIndexWithoutFont {
        /// The index or name given.
        index: String,
    },
    /// The layout failed (a character missing from the font, a page too small).
    #[error("{0}")]
    Layout(#[from] pdf::layout::LayoutError),
    /// The PDF could not be written.
    #[error("无法生成 PDF：{0}")]
    Pdf(String),
    /// The workbook could not be written.
    #[error("无法生成 Excel 文件：{0}")]
    Xlsx(String),
}
