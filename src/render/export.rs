//! The exporter interface: one implementation per output format, chosen once from `-f`.
//! Every exporter reads the same validated table and its [`Sheet`], so all formats show the
//! same strings. Adding a format is one file and one arm of [`Format`].

use std::path::Path;

use super::RenderError;
use super::html::HtmlRenderer;
use super::sheet::Sheet;
use crate::model::Table;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// HTML through Tera.
    Html,
    /// The normalised table as JSON.
    Json,
    /// The submission-ready PDF.
    Pdf,
    /// The form as an Excel workbook.
    Xlsx,
}

impl Format {
    /// The file extension it is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Json => "json",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }
}

/// One spec, ready to export.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The spec file (a spec's own font path is relative to its folder).
    pub spec: &'a Path,
    /// The validated table.
    pub table: &'a Table,
    /// Its printed form.
    pub sheet: &'a Sheet,
}

/// Writes one format.
pub trait Exporter: Sync {
    /// Which format.
    fn format(&self) -> Format;
    /// The file's bytes.
    fn export(&self, input: &Input<'_>) -> Result<Vec<u8>, RenderError>;
}

/// HTML from the built-in or a department's templates.
pub struct HtmlExporter(pub HtmlRenderer);

impl Exporter for HtmlExporter {
    fn format(&self) -> Format {
        Format::Html
    }
    fn export(&self, input: &Input<'_>) -> Result<Vec<u8>, RenderError> {
        self.0
            .render(input.table, input.sheet)
            .map(String::into_bytes)
    }
}

/// The JSON export of the table.
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn format(&self) -> Format {
        Format::Json
    }
    fn export(&self, input: &Input<'_>) -> Result<Vec<u8>, RenderError> {
        Ok(super::json::to_json(input.table).into_bytes())
    }
}
