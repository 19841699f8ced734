//! Hidden rows of a workbook, which calamine 0.38 does not expose (it reads sheet
//! visibility, not row visibility). Clerks hide rows of a template that are not part of the
//! form they submit, so the readers skip them.
//!
//! - .xlsx: the `hidden="1"` attribute of `<row>` in each sheet's XML, the sheet found
//!   through `xl/workbook.xml` and its relationships (read with quick-xml from the zip);
//! - .xls: the fDyZero bit of BIFF ROW records, per sheet substream (see [`xls_rows`]);
//! - .ods: `table:visibility` on `<table:table-row>`, read with the rest of the sheet in
//!   `markup::parse_ods`.
//!
//! Best effort: a part that cannot be read yields no hidden rows, never an error, since
//! calamine has already read the cells.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::limits::{MAX_ROWS, MAX_UNCOMPRESSED_BYTES};

/// Sheet name → zero-based hidden rows.
pub type HiddenRows = HashMap<String, Vec<usize>>;

/// The one warning (W407) listing the hidden rows a reader skipped, if the sheet has any.
pub fn skipped(g: &super::grid::Grid) -> Option<crate::diag::Diagnostic> {
    if g.hidden.is_empty() {
        return None;
    }
    let rows: Vec<String> = g
        .hidden
        .iter()
        .take(12)
        .map(|r| (r + 1).to_string())
        .collect();
    let more = if g.hidden.len() > 12 {
        format!(" 等 {} 行", g.hidden.len())
    } else {
        String::new()
    };
    Some(crate::diag::Diagnostic {
        code: crate::diag::Code::ImportHiddenRows,
        message: format!("跳过了隐藏的行：第 {} 行{more}", rows.join("、")),
        hint: Some(
            "隐藏的行不算表格内容；如果其中有要导入的指标，请在 Excel 中取消隐藏后重新导入".into(),
        ),
        location: crate::diag::Location::Cell(g.where_()),
    })
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().into_inner().to_owned()
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.into_inner() == name || a.key.local_name().into_inner() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn read_part(zip: &mut zip::ZipArchive<File>, name: &str) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry
        .take(MAX_UNCOMPRESSED_BYTES)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// `(name, r:id)` of every sheet in `xl/workbook.xml`, and `Id → Target` of its rels.
fn xlsx_sheet_parts(zip: &mut zip::ZipArchive<File>) -> Vec<(String, String)> {
    let (Some(book), Some(rels)) = (
        read_part(zip, "xl/workbook.xml"),
        read_part(zip, "xl/_rels/workbook.xml.rels"),
    ) else {
        return Vec::new();
    };
    let mut targets = HashMap::new();
    let mut reader = quick_xml::Reader::from_str(&rels);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if local(e) == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target")) {
                    targets.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(&book);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(ref e) | Event::Empty(ref e) if local(e) == "sheet" => {
                let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "r:id").or(attr(e, "id")))
                else {
                    continue;
                };
                let Some(target) = targets.get(&id) else {
                    continue;
                };
                // Targets are relative to xl/ unless absolute.
                let part = match target.strip_prefix('/') {
                    Some(abs) => abs.to_owned(),
                    None => format!("xl/{target}"),
                };
                out.push((name, part));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Hidden rows of every sheet of an .xlsx.
pub fn xlsx_rows(path: &Path) -> HiddenRows {
    let Ok(f) = File::open(path) else {
        return HiddenRows::new();
    };
    let Ok(mut zip) = zip::ZipArchive::new(f) else {
        return HiddenRows::new();
    };
    let mut out = HiddenRows::new();
    for (name, part) in xlsx_sheet_parts(&mut zip) {
        let Ok(entry) = zip.by_name(&part) else {
            continue;
        };
        let rows = sheet_hidden_rows(BufReader::new(entry.take(MAX_UNCOMPRESSED_BYTES)));
        if !rows.is_empty() {
            out.insert(name, rows);
        }
    }
    out
}

/// The `r` (one-based) of each `<row hidden="1">` of a sheet part, read as a stream.
fn sheet_hidden_rows<R: std::io::BufRead>(src: R) -> Vec<usize> {
    let mut reader = quick_xml::Reader::from_reader(src);
    let mut buf = Vec::new();
    let mut rows = Vec::new();
    // Rows without `r` follow the previous one.
    let mut next = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(ref e) | Event::Empty(ref e)) if local(e) == "row" => {
                let r = attr(e, "r")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .map_or(next, |r| r.saturating_sub(1));
                next = r + 1;
                let hidden = attr(e, "hidden").is_some_and(|v| v == "1" || v == "true");
                if hidden && r < MAX_ROWS {
                    rows.push(r);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    rows
}

/// Hidden rows of every sheet of an .xls `Workbook` stream: BOUNDSHEET records name each
/// sheet and give the offset of its BOF; ROW records (0x0208) of that substream with the
/// fDyZero bit (0x20 of grbit) are hidden.
pub fn xls_rows(data: &[u8]) -> HiddenRows {
    let mut names: Vec<(usize, String)> = Vec::new();
    let mut by_offset: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut current: Option<usize> = None;
    let mut i = 0;
    while i + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[i], data[i + 1]]);
        let len = usize::from(u16::from_le_bytes([data[i + 2], data[i + 3]]));
        let body = &data[i + 4..(i + 4 + len).min(data.len())];
        match kind {
            0x0809 => current = Some(i),
            0x0085 if body.len() >= 8 => {
                let offset = u32::from_le_bytes([body[0], body[1], body[2], body[3]]) as usize;
                if let Some(name) = short_unicode(&body[6..]) {
                    names.push((offset, name));
                }
            }
            0x0208 if body.len() >= 14 => {
                let row = usize::from(u16::from_le_bytes([body[0], body[1]]));
                let grbit = u16::from_le_bytes([body[12], body[13]]);
                if grbit & 0x20 != 0
                    && let Some(at) = current
                {
                    by_offset.entry(at).or_default().push(row);
                }
            }
            _ => {}
        }
        i += 4 + len;
    }
    names
        .into_iter()
        .filter_map(|(offset, name)| by_offset.remove(&offset).map(|rows| (name, rows)))
        .collect()
}

/// A BIFF8 ShortXLUnicodeString: length, flags (bit 0: UTF-16), characters.
pub(super) fn short_unicode(b: &[u8]) -> Option<String> {
    let n = usize::from(*b.first()?);
    let wide = b.get(1)? & 1 == 1;
    let chars = b.get(2..)?;
    if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(n)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        (units.len() == n).then(|| String::from_utf16_lossy(&units))
    } else {
        // Compressed: the low bytes of UTF-16 code units (Latin-1).
        let bytes = chars.get(..n)?;
        Some(bytes.iter().map(|&b| char::from(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_row_attributes() {
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1"/></row>
            <row r="3" hidden="1"/><row spans="1:2" hidden="true"/><row r="9" hidden="0"/>
            </sheetData></worksheet>"#;
        assert_eq!(sheet_hidden_rows(xml.as_bytes()), vec![2, 3]);
    }

    fn record(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend_from_slice(&u16::try_from(body.len()).unwrap().to_le_bytes());
        r.extend_from_slice(body);
        r
    }

    #[test]
    fn xls_row_records_by_sheet() {
        let mut globals = record(0x0809, &[0; 16]);
        // BOUNDSHEET for “表” (UTF-16) at the offset filled in below.
        let name: Vec<u8> = "表".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut bs = vec![0u8; 6];
        bs.extend_from_slice(&[1, 1]);
        bs.extend_from_slice(&name);
        let bs_at = globals.len() + 4;
        globals.extend(record(0x0085, &bs));
        globals.extend(record(0x000A, &[]));
        let sheet_at = u32::try_from(globals.len()).unwrap();
        globals[bs_at..bs_at + 4].copy_from_slice(&sheet_at.to_le_bytes());
        let row = |r: u16, grbit: u16| {
            let mut b = r.to_le_bytes().to_vec();
            b.extend_from_slice(&[0; 10]);
            b.extend_from_slice(&grbit.to_le_bytes());
            b.extend_from_slice(&[0; 2]);
            record(0x0208, &b)
        };
        globals.extend(record(0x0809, &[0; 16]));
        globals.extend(row(4, 0x0100));
        globals.extend(row(5, 0x0120));
        globals.extend(record(0x000A, &[]));
        let hidden = xls_rows(&globals);
        assert_eq!(hidden.get("表"), Some(&vec![5]));
    }
}
