//! "xls" files that are really markup: an HTML table, or an Excel 2003 XML Spreadsheet.
//! Government systems export both under `.xls`. A small tolerant tag scanner reads cells
//! with their spans into a positional [`Grid`] with merges.

use std::collections::HashSet;

use super::grid::{Grid, Merge};
use super::limits::{MAX_CELLS, MAX_COLS, MAX_ROWS};
use super::{ImportError, SheetGrid};

/// One tag or text run.
#[derive(Debug)]
enum Tok<'a> {
    Open(String, &'a str, bool),
    Close(String),
    Text(&'a str),
}

/// Splits markup into tags and texts; comments, doctypes and processing instructions are
/// skipped; `<script>`/`<style>` contents are dropped.
fn scan(src: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = src;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Tok::Text(rest));
            break;
        };
        if lt > 0 {
            out.push(Tok::Text(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            out.push(Tok::Text(rest));
            break;
        };
        let inner = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = inner.strip_prefix('/') {
            out.push(Tok::Close(tag_name(name)));
            continue;
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name = tag_name(inner);
        let attrs = &inner[inner.find(char::is_whitespace).unwrap_or(inner.len())..];
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower
                .find(&close)
                .and_then(|e| rest[e..].find('>').map(|g| &rest[e + g + 1..]))
                .unwrap_or("");
            continue;
        }
        out.push(Tok::Open(name, attrs, self_closing));
    }
    out
}

/// Lower-cased local name (`ss:Cell` → `cell`).
fn tag_name(s: &str) -> String {
    let raw = s
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("");
    let local = raw.rsplit(':').next().unwrap_or(raw);
    local.to_ascii_lowercase()
}

/// An attribute value by local name, case-insensitive (`ss:MergeAcross`, `colspan`).
fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let at = from + pos;
        from = at + name.len();
        let before_ok = at == 0 || {
            let b = lower.as_bytes()[at - 1];
            b == b':' || b.is_ascii_whitespace()
        };
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = attrs.len() - rest.len() + 1;
        let v = attrs[value_start..].trim_start();
        let (quote, body) = match v.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &v[1..]),
            _ => (None, v),
        };
        let end = match quote {
            Some(q) => body.find(q).unwrap_or(body.len()),
            None => body.find(char::is_whitespace).unwrap_or(body.len()),
        };
        return Some(decode_entities(&body[..end]));
    }
    None
}

fn span_attr(attrs: &str, name: &str) -> usize {
    attr(attrs, name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_ROWS)
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` and numeric references.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // `;` is ASCII, so its byte position is always a char boundary.
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let decoded = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => ent
                .strip_prefix("#x")
                .or_else(|| ent.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Builds a grid from placed cells, honouring spans and enforcing the limits.
struct Builder {
    rows: Vec<Vec<String>>,
    merges: Vec<Merge>,
    /// Rows marked `table:visibility="collapsed"` or `"filter"` (ODS).
    hidden: Vec<usize>,
    occupied: HashSet<(usize, usize)>,
    cells: usize,
}

impl Builder {
    fn new() -> Self {
        Self {
            rows: Vec::new(),
            merges: Vec::new(),
            hidden: Vec::new(),
            occupied: HashSet::new(),
            cells: 0,
        }
    }

    fn next_free(&self, r: usize, mut c: usize) -> usize {
        while self.occupied.contains(&(r, c)) {
            c += 1;
        }
        c
    }

    fn place(
        &mut self,
        file: &str,
        r: usize,
        c: usize,
        text: String,
        rowspan: usize,
        colspan: usize,
    ) -> Result<(), ImportError> {
        if r >= MAX_ROWS || c + colspan > MAX_COLS {
            return Err(ImportError::SheetTooLarge {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!("第 {} 行第 {} 列", r + 1, c + 1),
            });
        }
        self.cells += rowspan * colspan;
        if self.cells > MAX_CELLS {
            return Err(ImportError::SheetTooLarge {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!("超过 {MAX_CELLS} 个单元格"),
            });
        }
        if rowspan > 1 || colspan > 1 {
            for rr in r..r + rowspan {
                for cc in c..c + colspan {
                    self.occupied.insert((rr, cc));
                }
            }
            self.merges.push(Merge {
                r0: u32::try_from(r).unwrap_or(u32::MAX),
                c0: u32::try_from(c).unwrap_or(u32::MAX),
                r1: u32::try_from(r + rowspan - 1).unwrap_or(u32::MAX),
                c1: u32::try_from(c + colspan - 1).unwrap_or(u32::MAX),
            });
        }
        if text.is_empty() {
            return Ok(());
        }
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut self.rows[r];
        if row.len() <= c {
            row.resize_with(c + 1, String::new);
        }
        row[c] = text;
        Ok(())
    }

    fn finish(self, file: &str, sheet: Option<String>) -> Grid {
        let mut g = Grid::new(file.to_owned(), sheet, self.rows);
        g.set_merges(self.merges);
        g.set_hidden(self.hidden);
        g
    }
}

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

/// An Excel 2003 XML Spreadsheet: one grid per `<Worksheet ss:Name>`, with `ss:Index`,
/// `ss:MergeAcross` and `ss:MergeDown`. Read with quick-xml, so a `>` inside an attribute and
/// CDATA sections are what XML says they are.
pub fn parse_xml2003(file: &str, src: &str) -> Result<Vec<SheetGrid>, ImportError> {
    use quick_xml::events::{BytesStart, Event};
    let corrupt = |e: &dyn std::fmt::Display, at: u64| ImportError::Corrupt {
        file: file.to_owned(),
        detail: format!("XML 表格在第 {at} 个字节处格式错误（{e}）"),
    };
    let mut reader = quick_xml::Reader::from_str(src);
    let lower = |e: &BytesStart<'_>| e.local_name().as_ref().to_ascii_lowercase();
    let attr = |e: &BytesStart<'_>, name: &str| -> Option<String> {
        e.attributes().flatten().find_map(|a| {
            let key = a.key.local_name().as_ref().to_ascii_lowercase();
            (key == name).then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .unwrap_or_default()
            })
        })
    };
    let number =
        |e: &BytesStart<'_>, name: &str| attr(e, name).and_then(|v| v.trim().parse::<usize>().ok());
    let mut sheets = Vec::new();
    let mut current: Option<(String, Builder)> = None;
    let mut r: Option<usize> = None;
    let mut c = 0usize;
    let mut cell: Option<(String, usize, usize)> = None;
    let mut in_data = false;
    loop {
        let at = reader.buffer_position();
        let event = reader.read_event().map_err(|e| corrupt(&e, at))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let self_closing = matches!(event, Event::Empty(_));
                match lower(e).as_str() {
                    "worksheet" => {
                        let sheet =
                            attr(e, "name").unwrap_or_else(|| format!("Sheet{}", sheets.len() + 1));
                        current = Some((sheet, Builder::new()));
                        r = None;
                    }
                    "row" => {
                        let next = r.map_or(0, |x| x + 1);
                        r = Some(number(e, "index").map_or(next, |i| i.saturating_sub(1)));
                        c = 0;
                    }
                    "cell" => {
                        if let Some(i) = number(e, "index") {
                            c = i.saturating_sub(1);
                        }
                        let across = number(e, "mergeacross").unwrap_or(0).min(MAX_COLS);
                        let down = number(e, "mergedown").unwrap_or(0).min(MAX_ROWS);
                        if self_closing {
                            if let (Some((_, b)), Some(row)) = (current.as_mut(), r) {
                                b.place(file, row, c, String::new(), down + 1, across + 1)?;
                            }
                            c += across + 1;
                        } else {
                            cell = Some((String::new(), down + 1, across + 1));
                        }
                    }
                    "data" => in_data = !self_closing,
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref().to_ascii_lowercase().as_str() {
                "data" => in_data = false,
                "cell" => {
                    if let (Some((t, rs, cs)), Some((_, b)), Some(row)) =
                        (cell.take(), current.as_mut(), r)
                    {
                        let text = t.replace("\r\n", "\n");
                        b.place(file, row, c, text.trim().to_owned(), rs, cs)?;
                        c += cs;
                    }
                }
                "worksheet" => {
                    if let Some((name, b)) = current.take() {
                        let g = b.finish(file, Some(name.clone()));
                        sheets.push((name, Ok(g)));
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if in_data && let Some((buf, _, _)) = cell.as_mut() {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if in_data && let Some((buf, _, _)) = cell.as_mut() {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if in_data && let Some((buf, _, _)) = cell.as_mut() {
                    buf.push_str(&decode_entities(&format!("&{};", g.xml10_content())));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some((name, b)) = current.take() {
        let g = b.finish(file, Some(name.clone()));
        sheets.push((name, Ok(g)));
    }
    Ok(sheets)
}

/// An OpenDocument spreadsheet's `content.xml`: the text each cell shows (so `95%` and
/// `1119.80` arrive as displayed), spans as merges, repeats expanded within the limits.
pub fn parse_ods(file: &str, src: &str) -> Vec<SheetGrid> {
    let mut sheets = Vec::new();
    let mut current: Option<(String, Builder)> = None;
    let mut r = 0usize;
    let mut c = 0usize;
    let mut row_repeat = 1usize;
    let mut row_has_text = false;
    let mut row_hidden = false;
    // (text, rowspan, colspan, repeat)
    let mut cell: Option<(String, usize, usize, usize)> = None;
    let mut paragraphs = 0usize;
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
                    current = Some((sheet, Builder::new()));
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
                        let n = count(attrs, "c").min(1000);
                        t.push_str(&" ".repeat(n));
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
                    // Only rows with text are recorded: an empty hidden repeat of a million
                    // rows (LibreOffice writes them) costs nothing.
                    if row_hidden
                        && row_has_text
                        && let Some((_, b)) = current.as_mut()
                    {
                        b.hidden
                            .extend(r..r.saturating_add(row_repeat.min(MAX_ROWS)));
                    }
                    // A repeated row with content is copied; empty repeats only move on.
                    if row_has_text
                        && row_repeat > 1
                        && let Some((_, b)) = current.as_mut()
                    {
                        let copy = b.rows.get(r).cloned().unwrap_or_default();
                        for k in 1..row_repeat {
                            for (cc, t) in copy.iter().enumerate() {
                                if t.is_empty() {
                                    continue;
                                }
                                if let Err(e) = b.place(file, r + k, cc, t.clone(), 1, 1) {
                                    error = Some(e);
                                    break;
                                }
                            }
                        }
                    }
                    r = r.saturating_add(row_repeat);
                }
                "table" => {
                    if let Some((name, b)) = current.take() {
                        let g = b.finish(file, Some(name.clone()));
                        sheets.push((name, Ok(g)));
                    }
                }
                _ => {}
            },
            Tok::Text(t) => {
                if let Some((buf, ..)) = cell.as_mut() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_next_to_wide_characters() {
        assert_eq!(
            decode_entities("&amp;B 协同。&#x4E00;&bogus 同"),
            "&B 协同。一&bogus 同"
        );
    }

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

    #[test]
    fn xml2003_index_and_merges() {
        let src = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="表1"><Table><Row><Cell ss:MergeAcross="1"><Data ss:Type="String">a&amp;b</Data></Cell><Cell><Data ss:Type="Number">1119.8</Data></Cell></Row>
<Row ss:Index="3"><Cell ss:Index="2"><Data ss:Type="String">x</Data></Cell></Row></Table></Worksheet></Workbook>"#;
        let sheets = parse_xml2003("a.xls", src).unwrap();
        assert_eq!(sheets.len(), 1);
        let g = sheets[0].1.as_ref().unwrap();
        assert_eq!(sheets[0].0, "表1");
        assert_eq!(g.get(0, 0), "a&b");
        assert_eq!(g.get(0, 2), "1119.8");
        assert_eq!(g.get(2, 1), "x");
        assert_eq!(g.span_end(0, 0), 1);
    }

    #[test]
    fn xml2003_attribute_gt_and_cdata() {
        let src = r#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="a>b"><Table><Row><Cell ss:StyleID="x>y"><Data ss:Type="String"><![CDATA[≥95% <优良>]]></Data></Cell><Cell><Data ss:Type="String">c</Data></Cell></Row></Table></Worksheet></Workbook>"#;
        let sheets = parse_xml2003("a.xls", src).unwrap();
        assert_eq!(sheets[0].0, "a>b");
        let g = sheets[0].1.as_ref().unwrap();
        assert_eq!(g.get(0, 0), "≥95% <优良>");
        assert_eq!(g.get(0, 1), "c");
    }
}
