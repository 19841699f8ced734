//! The table engine behind the PDF layout: column widths from content, wrapped cell text,
//! row heights, and pagination with row splits, a repeated column header and merged cells
//! repeated (or continued) across page breaks. Pure: input cells and metrics in, placed
//! boxes and text lines out, in mm from the page's top-left corner.
//!
//! The steps, one file each: `prepare` wraps every cell to its column; `pager` cuts the
//! rows into page plans (`fill` fills one page, `split` decides where a row may break);
//! `page` turns a plan into boxes and text; `line` places one line in its cell.

mod fill;
mod line;
mod page;
mod pager;
mod plan;
mod prepare;
mod split;
#[cfg(test)]
pub(crate) mod tests;

pub(crate) use line::place_line;
// The table's input and output types sit below the table and the column fit alike
// (`spec` to the steps here).
use super::table_spec as spec;
pub(crate) use super::table_spec::{Align, Band, CellSpec, Para, TablePage, TableSpec, TableStyle};

use super::fonts::Metrics;
use super::frame::LayoutError;
use pager::Pager;

/// Slack for comparing lengths in mm, so that sums of heights that fit exactly still fit.
const EPS: f64 = 1e-6;

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
    let cells = prepare::prepare(table, metrics, style, left, width)?;
    let pager = Pager::new(table, &cells, style);
    let plans = pager.paginate(first, rest)?;
    Ok(plans
        .iter()
        .map(|plan| page::paint_plan(plan, &cells, metrics, style))
        .collect())
}
