//! Each cell of the grid at its column position, with its text wrapped to the column.

use super::spec::{Align, CellSpec, TableSpec, TableStyle};
use crate::render::pdf::columns;
use crate::render::pdf::fonts::Metrics;
use crate::render::pdf::frame::{LayoutError, PT_MM};
use crate::render::pdf::linebreak::{Shaped, WrappedLine};

/// A cell with its position and wrapped lines.
pub(super) struct Prepared {
    pub(super) spec: CellSpec,
    pub(super) x: f64,
    pub(super) w: f64,
    pub(super) lines: Vec<WrappedLine>,
}

impl Prepared {
    pub(super) fn last_row(&self) -> usize {
        self.spec.row + self.spec.rowspan - 1
    }
    pub(super) fn covers(&self, r: usize) -> bool {
        (self.spec.row..=self.last_row()).contains(&r)
    }
    pub(super) fn spans(&self) -> bool {
        self.spec.rowspan > 1
    }
}

/// Places every cell in its columns (fitted to the content) and wraps its paragraphs to the
/// column's inner width; centred cells get balanced lines.
pub(super) fn prepare(
    table: &TableSpec,
    metrics: &dyn Metrics,
    style: TableStyle,
    left: f64,
    width: f64,
) -> Result<Vec<Prepared>, LayoutError> {
    let em = style.size * PT_MM;
    // Every paragraph shaped once: measured for the column fit, then wrapped. A character
    // the font lacks stops here, naming the field it is in.
    let shaped: Vec<Vec<Shaped>> = table
        .cells
        .iter()
        .map(|c| {
            c.paras
                .iter()
                .map(|p| {
                    Shaped::try_new(&p.text, em, |ch| {
                        metrics.advance(c.face, ch).map(|a| a * em)
                    })
                    .map_err(|ch| LayoutError::missing_glyph(ch, &c.field))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<_, _>>()?;
    let boxes = columns::cell_columns(table, &shaped, style, left, width);
    Ok(table
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
        .collect())
}
