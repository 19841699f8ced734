//! Turns a page plan into cell boxes and positioned text lines.

use std::ops::Range;

use super::line::place_line;
use super::plan::Plan;
use super::prepare::Prepared;
use super::spec::{TablePage, TableStyle};
use crate::render::pdf::fonts::Metrics;
use crate::render::pdf::frame::{Rect, TextBlock};
use crate::render::pdf::linebreak;

/// Turns a page plan into boxes and positioned text lines.
pub(super) fn paint_plan(
    plan: &Plan,
    cells: &[Prepared],
    metrics: &dyn Metrics,
    style: TableStyle,
) -> TablePage {
    let mut page = TablePage::default();
    let mut place = |c: usize, rect: Rect, lines: Range<usize>, middle: bool| {
        let cell = &cells[c];
        page.boxes.push((c, rect));
        let shown = &cell.lines[lines];
        if shown.is_empty() {
            return;
        }
        let content = shown.len() as f64 * style.line_height;
        let top = if middle {
            rect.y + ((rect.h - content) / 2.0).max(style.pad_y)
        } else {
            rect.y + style.pad_y
        };
        let inner = Rect {
            x: rect.x + style.pad_x,
            y: rect.y + style.pad_y,
            w: rect.w - 2.0 * style.pad_x,
            h: rect.h - 2.0 * style.pad_y,
        };
        let placed = shown
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let line_top = top + i as f64 * style.line_height;
                place_line(
                    line,
                    cell.spec.face,
                    cell.spec.align,
                    metrics,
                    style,
                    inner.x,
                    inner.w,
                    line_top,
                )
            })
            .collect();
        page.blocks.push(TextBlock {
            cell: Some(c),
            area: rect,
            inner,
            actual: linebreak::rejoin(shown),
            lines: placed,
        });
    };
    for s in &plan.slices {
        for (c, lines) in &s.lines {
            let cell = &cells[*c];
            let rect = Rect {
                x: cell.x,
                y: s.y,
                w: cell.w,
                h: s.h,
            };
            // A cell shown whole beside a split one sits vertically centred in its part.
            let whole = lines.start == 0 && lines.end == cell.lines.len();
            place(*c, rect, lines.clone(), s.whole || whole);
        }
    }
    for f in &plan.fragments {
        let cell = &cells[f.cell];
        let rect = Rect {
            x: cell.x,
            y: f.y0,
            w: cell.w,
            h: f.y1 - f.y0,
        };
        let whole = f.lines.start == 0 && f.lines.end == cell.lines.len();
        place(f.cell, rect, f.lines.clone(), whole);
    }
    page
}
