//! An HTML page saved as `.xls`: its table cells with their spans, and the text around
//! the tables as one-cell rows.

use super::builder::Builder;
use super::entities::decode_entities;
use super::scan::{Tok, attr, scan};
use crate::import::ImportError;
use crate::import::grid::Grid;
use crate::import::limits::MAX_ROWS;

/// A `rowspan`/`colspan`, within the limits; a missing or unreadable one is 1.
fn span_attr(attrs: &str, name: &str) -> usize {
    attr(attrs, name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_ROWS)
}

/// Cell text as a browser shows it: references decoded, runs of whitespace as one space.
fn collapse(text: &str) -> String {
    let decoded = decode_entities(text);
    // HTML whitespace collapses; explicit <br> arrives as '\n' and is kept.
    let mut out = String::new();
    for (i, line) in decoded.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let words: Vec<&str> = line
            .split([' ', '\t', '\r'])
            .filter(|w| !w.is_empty())
            .collect();
        out.push_str(&words.join(" "));
    }
    out.trim_matches(|c: char| c.is_whitespace() && c != '\u{3000}')
        .to_owned()
}

/// An HTML page: every table cell with its spans; text outside tables (title, year line)
/// becomes one-cell rows in reading order.
pub fn parse_html(file: &str, src: &str) -> Result<Grid, ImportError> {
    let mut b = Builder::new();
    let mut row: Option<usize> = None;
    let mut next_row = 0usize;
    let mut col = 0usize;
    let mut cell: Option<(String, usize, usize)> = None;
    let mut loose = String::new();
    let mut depth = 0usize;
    let flush_loose = |b: &mut Builder, loose: &mut String, next_row: &mut usize| {
        let t = collapse(&std::mem::take(loose).replace('\n', " "));
        if t.is_empty() {
            return Ok(());
        }
        let r = *next_row;
        *next_row += 1;
        b.place(file, r, 0, t, 1, 1)
    };
    for tok in scan(src) {
        match tok {
            Tok::Open(name, attrs, _) => match name.as_str() {
                "table" => {
                    flush_loose(&mut b, &mut loose, &mut next_row)?;
                    depth += 1;
                }
                "tr" if depth > 0 => {
                    let r = row.map_or(next_row, |r| r + 1).max(next_row);
                    row = Some(r);
                    next_row = r + 1;
                    col = 0;
                }
                "td" | "th" if depth > 0 => {
                    let r = row.unwrap_or_else(|| {
                        let r = next_row;
                        next_row += 1;
                        row = Some(r);
                        r
                    });
                    col = b.next_free(r, col);
                    cell = Some((
                        String::new(),
                        span_attr(attrs, "rowspan"),
                        span_attr(attrs, "colspan"),
                    ));
                }
                "br" => {
                    if let Some((t, _, _)) = cell.as_mut() {
                        t.push('\n');
                    } else {
                        loose.push('\n');
                    }
                }
                "p" | "div" | "h1" | "h2" | "h3" | "h4" | "center" if depth == 0 => {
                    flush_loose(&mut b, &mut loose, &mut next_row)?;
                }
                _ => {}
            },
            Tok::Close(name) => match name.as_str() {
                "td" | "th" => {
                    if let (Some((t, rs, cs)), Some(r)) = (cell.take(), row) {
                        b.place(file, r, col, collapse(&t), rs, cs)?;
                        col += cs;
                    }
                }
                "tr" => {
                    if let (Some((t, rs, cs)), Some(r)) = (cell.take(), row) {
                        b.place(file, r, col, collapse(&t), rs, cs)?;
                    }
                }
                "table" => {
                    depth = depth.saturating_sub(1);
                    row = None;
                    next_row = next_row.max(b.rows.len());
                }
                "p" | "div" | "h1" | "h2" | "h3" | "h4" | "center" if depth == 0 => {
                    flush_loose(&mut b, &mut loose, &mut next_row)?;
                }
                _ => {}
            },
            Tok::Text(t) => {
                if let Some((buf, _, _)) = cell.as_mut() {
                    buf.push_str(&t.replace(['\n', '\r'], " "));
                } else if depth == 0 {
                    loose.push_str(&t.replace(['\n', '\r'], " "));
                }
            }
        }
    }
    flush_loose(&mut b, &mut loose, &mut next_row)?;
    Ok(b.finish(file, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_spans_and_loose_text() {
        let src = "<html><body><h2>部门整体支出绩效目标表</h2><p>(2021 年度)</p>\
            <table><tr><td rowspan=2>年度预算安排</td><td>资金总额</td><td>10</td></tr>\
            <tr><td>项目支出</td><td>4&nbsp;</td></tr></table></body></html>";
        let g = parse_html("a.xls", src).unwrap();
        assert_eq!(g.get(0, 0), "部门整体支出绩效目标表");
        assert_eq!(g.get(1, 0), "(2021 年度)");
        assert_eq!(g.get(2, 0), "年度预算安排");
        assert_eq!(g.get(3, 1), "项目支出");
        assert_eq!(g.get(3, 2), "4");
        assert_eq!(g.filled(3, 0).0, "年度预算安排");
    }
}
