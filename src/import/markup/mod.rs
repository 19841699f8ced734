//! "xls" files that are really markup: an HTML table, or an Excel 2003 XML Spreadsheet.
//! Government systems export both under `.xls`. A small tolerant tag scanner reads cells
//! with their spans into a positional [`Grid`](super::grid::Grid) with merges.
//!
//! One file per job: `scan` splits markup into tags, `entities` decodes references,
//! `builder` places cells into a grid, and `html`, `xml2003` and `ods` read one format each.

mod builder;
mod entities;
mod html;
mod ods;
mod scan;
mod xml2003;

pub use entities::decode_entities;
pub use html::parse_html;
pub use ods::parse_ods;
pub use xml2003::parse_xml2003;
