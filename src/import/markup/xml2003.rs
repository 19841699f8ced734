//! An Excel 2003 XML Spreadsheet saved as `.xls`, read with quick-xml.

use super::builder::{Builder, Spent};
use super::entities::decode_entities;
use crate::import::limits::{MAX_CELL_TEXT, MAX_COLS, MAX_ROWS};
use crate::import::{ImportError, SheetGrid};

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
    // What the sheets read so far used of the workbook's limits.
    let mut spent = Spent::default();
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
                        Builder::check_sheets(file, spent)?;
                        current = Some((sheet, Builder::after(spent)));
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
                            c = c.saturating_add(across + 1);
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
                        c = c.saturating_add(cs);
                    }
                }
                "worksheet" => {
                    if let Some((name, b)) = current.take() {
                        spent = b.spent();
                        let g = b.finish(file, Some(name.clone()));
                        sheets.push((name, Ok(g)));
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if in_data
                    && let Some((buf, _, _)) = cell.as_mut()
                    && buf.len() < MAX_CELL_TEXT
                {
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

#[cfg(test)]
mod tests {
    use super::*;

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
