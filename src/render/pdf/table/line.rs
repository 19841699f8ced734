//! Places one wrapped line inside a cell: alignment, justification and the baseline.

use super::EPS;
use super::spec::{Align, TableStyle};
use crate::render::pdf::fonts::{FaceKind, Metrics};
use crate::render::pdf::frame::{PT_MM, TextLine};
use crate::render::pdf::linebreak::{self, WrappedLine};

/// Widest gap justification may open between two characters, in ems: a line that would
/// need more (a long word or number pushed to the next line, or too few Chinese characters
/// to share the slack) is set ragged, flush left, like a paragraph's last line.
const MAX_GAP_EM: f64 = 0.2;

/// Positions one wrapped line inside a cell. Justified lines spread their slack over the
/// gaps next to Chinese characters only ([`linebreak::stretchable`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_line(
    line: &WrappedLine,
    face: FaceKind,
    align: Align,
    metrics: &dyn Metrics,
    style: TableStyle,
    inner_x: f64,
    inner_w: f64,
    line_top: f64,
) -> TextLine {
    let em = style.size * PT_MM;
    let asc = metrics.ascent(face) * em;
    let desc = metrics.descent(face) * em;
    let baseline = line_top + (style.line_height - (asc + desc)) / 2.0 + asc;
    let slack = inner_w - line.indent - line.width;
    let mut spacing = 0.0;
    let mut adjust = line.kerns.clone();
    let mut width = line.width;
    let x = match align {
        Align::Left => inner_x + line.indent,
        Align::Center => inner_x + (slack / 2.0).max(0.0),
        Align::Right => inner_x + slack.max(0.0),
        Align::Justify => {
            if line.continues && slack > EPS {
                // Gaps after character i that may stretch.
                let gaps = || {
                    line.text
                        .chars()
                        .zip(line.text.chars().skip(1))
                        .enumerate()
                        .filter(|&(_, (a, b))| linebreak::stretchable(a, b))
                        .map(|(i, _)| i)
                };
                let pairs = line.text.chars().count().saturating_sub(1);
                let count = gaps().count();
                if count > 0 {
                    let gap = slack / count as f64;
                    if gap <= MAX_GAP_EM * em {
                        width += slack;
                        if count == pairs {
                            // Every gap stretches: one character spacing for the line.
                            spacing = gap;
                        } else {
                            adjust = merge_adjust(&line.kerns, gaps().map(|i| (i, gap)));
                        }
                    }
                }
            }
            inner_x + line.indent
        }
    };
    TextLine {
        text: line.text.clone(),
        face,
        size: style.size,
        x,
        baseline,
        width,
        spacing,
        adjust,
        top: line_top,
        bottom: line_top + style.line_height,
    }
}

/// The kerns of compressed punctuation and the justification gaps as one sorted list.
fn merge_adjust(
    kerns: &[(usize, f64)],
    gaps: impl Iterator<Item = (usize, f64)>,
) -> Vec<(usize, f64)> {
    let mut all: Vec<(usize, f64)> = kerns.iter().copied().chain(gaps).collect();
    all.sort_by_key(|&(i, _)| i);
    let mut out: Vec<(usize, f64)> = Vec::with_capacity(all.len());
    for (i, d) in all {
        match out.last_mut() {
            Some(last) if last.0 == i => last.1 += d,
            _ => out.push((i, d)),
        }
    }
    out
}
