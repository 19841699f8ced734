//! An OpenDocument spreadsheet's `content.xml`, through the tolerant tag scanner.

use super::builder::{Builder, Spent};
use super::entities::decode_entities;
use super::scan::{Tok, attr, scan};
use crate::import::ImportError;
use crate::import::SheetGrid;
use crate::import::limits::{MAX_CELL_TEXT, MAX_COLS, MAX_ROWS, MAX_WORKBOOK_TEXT};

/// An OpenDocument spreadsheet's `content.xml`: the text each cell shows (so `95%` and
/// `1119.80` arrive as displayed), spans as merges, repeats expanded within the limits.
pub fn parse_ods(file: &str, src: &str) -> Vec<SheetGrid> {
    let mut sheets = Vec::new();
    let mut current: Option<(String, Builder)> = None;
    // What the sheets read so far used of the workbook's limits.
    let mut spent = Spent::default();
    let mut r = 0usize;
    let mut c = 0usize;
    let mut row_repeat = 1usize;
    let mut row_has_text = false;
    let mut row_hidden = false;
    // (text, rowspan, colspan, repeat)
    let mut cell: Option<(String, usize, usize, usize)> = None;
    let mut paragraphs = 0usize;
    // Spaces made from `<text:s text:c="N"/>` in the whole file: the one place where a few
    // bytes of markup make many of text, so the one place that needs a budget of its own.
    let mut spaces = 0usize;
    let mut error: Option<ImportError> = None;
    let count = |attrs: &str, name: &str| {
        attr(attrs, name)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .max(1)
    };
    for tok in scan(src) {
        if error.is_some() {
            break;
        }
        match tok {
            Tok::Open(name, attrs, self_closing) => match name.as_str() {
                "table" => {
                    let sheet =
                        attr(attrs, "name").unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                    if let Err(e) = Builder::check_sheets(file, spent) {
                        error = Some(e);
                        continue;
                    }
                    current = Some((sheet, Builder::after(spent)));
                    r = 0;
                }
                "table-row" => {
                    c = 0;
                    row_repeat = count(attrs, "number-rows-repeated");
                    row_has_text = false;
                    row_hidden = attr(attrs, "visibility").is_some_and(|v| v != "visible");
                    if self_closing {
                        r = r.saturating_add(row_repeat);
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    let repeat = count(attrs, "number-columns-repeated");
                    if self_closing {
                        c = c.saturating_add(repeat);
                        continue;
                    }
                    cell = Some((
                        String::new(),
                        count(attrs, "number-rows-spanned").min(MAX_ROWS),
                        count(attrs, "number-columns-spanned").min(MAX_COLS),
                        repeat,
                    ));
                    paragraphs = 0;
                }
                "p" if cell.is_some() => {
                    if let Some((t, ..)) = cell.as_mut()
                        && paragraphs > 0
                    {
                        t.push('\n');
                    }
                    paragraphs += 1;
                }
                "s" => {
                    if let Some((t, ..)) = cell.as_mut() {
                        // Twenty bytes of markup ask for a thousand spaces: kept within a
                        // cell's text limit and the file's text budget (once either is
                        // spent, the tag is not even read).
                        let room = MAX_CELL_TEXT
                            .saturating_sub(t.len())
                            .min(MAX_WORKBOOK_TEXT.saturating_sub(spaces));
                        if room > 0 {
                            let n = count(attrs, "c").min(1000).min(room);
                            spaces += n;
                            t.push_str(&" ".repeat(n));
                        }
                    }
                }
                "line-break" => {
                    if let Some((t, ..)) = cell.as_mut() {
                        t.push('\n');
                    }
                }
                "tab" => {
                    if let Some((t, ..)) = cell.as_mut() {
                        t.push('\t');
                    }
                }
                _ => {}
            },
            Tok::Close(name) => match name.as_str() {
                "table-cell" | "covered-table-cell" => {
                    let Some((t, rs, cs, repeat)) = cell.take() else {
                        continue;
                    };
                    let text = decode_entities(&t);
                    let text = text.trim();
                    if text.is_empty() && rs == 1 && cs == 1 {
                        c = c.saturating_add(repeat);
                        continue;
                    }
                    row_has_text = true;
                    if let Some((_, b)) = current.as_mut() {
                        for _ in 0..repeat {
                            if let Err(e) = b.place(file, r, c, text.to_owned(), rs, cs) {
                                error = Some(e);
                                break;
                            }
                            c += 1;
                        }
                    }
                }
                "table-row" => {
                    if row_has_text
                        && let Some((_, b)) = current.as_mut()
                        && let Err(e) = repeat_row(b, file, r, row_repeat, row_hidden)
                    {
                        error = Some(e);
                    }
                    r = r.saturating_add(row_repeat);
                }
                "table" => {
                    if let Some((name, b)) = current.take() {
                        spent = b.spent();
                        let g = b.finish(file, Some(name.clone()));
                        sheets.push((name, Ok(g)));
                    }
                }
                _ => {}
            },
            Tok::Text(t) => {
                if let Some((buf, ..)) = cell.as_mut()
                    && buf.len() < MAX_CELL_TEXT
                {
                    buf.push_str(t);
                }
            }
        }
    }
    if let Some(e) = error {
        let name = current.map(|(n, _)| n).unwrap_or_default();
        sheets.push((name, Err(e)));
    }
    sheets
}

/// A row with text that ends: marked hidden when it is, and copied `repeat - 1` more
/// times below itself. Only rows with text get here: an empty hidden repeat of a million
/// rows (LibreOffice writes them) costs nothing. Every copy is placed through the limits,
/// so a repeat count of 2^64 stops at the sheet's last row.
fn repeat_row(
    b: &mut Builder,
    file: &str,
    r: usize,
    repeat: usize,
    hidden: bool,
) -> Result<(), ImportError> {
    let last = r.saturating_add(repeat).min(MAX_ROWS);
    if hidden {
        b.hidden.extend(r..last.max(r + 1));
    }
    let copy = b.rows.get(r).cloned().unwrap_or_default();
    if repeat <= 1 || copy.iter().all(String::is_empty) {
        return Ok(());
    }
    // One copy past the last row is enough to be refused.
    let repeat = repeat.min(MAX_ROWS.saturating_sub(r).saturating_add(1));
    for k in 1..repeat {
        for (cc, t) in copy.iter().enumerate() {
            if !t.is_empty() {
                b.place(file, r.saturating_add(k), cc, t.clone(), 1, 1)?;
            }
        }
    }
    Ok(())
}
