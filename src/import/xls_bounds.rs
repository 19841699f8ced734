//! A guard in front of calamine's `.xls` reader, which lays every sheet out as a dense grid
//! when the workbook is opened: a damaged or hostile file with two cells far apart would ask
//! for gigabytes there. Here the cell records' positions are read first (BIFF records of the
//! `Workbook` stream, through the `cfb` crate) and a sheet whose cells span too large an
//! area is refused before calamine sees the file.

use std::io::Read;
use std::path::Path;

use super::ImportError;
use super::limits::{MAX_INPUT_BYTES, MAX_XLS_AREA};

/// Checks every sheet substream of an `.xls`; `Ok` (with the sheets' hidden rows, read
/// from the same records) when calamine may open it.
pub fn check(path: &Path, file: &str) -> Result<super::hidden::HiddenRows, ImportError> {
    let corrupt = |e: std::io::Error| ImportError::Corrupt {
        file: file.to_owned(),
        detail: e.to_string(),
    };
    let mut compound = cfb::open(path).map_err(corrupt)?;
    let Some(name) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| compound.is_stream(n))
    else {
        // No workbook stream: calamine reports what the file is.
        return Ok(super::hidden::HiddenRows::new());
    };
    let mut data = Vec::new();
    compound
        .open_stream(name)
        .map_err(corrupt)?
        .take(MAX_INPUT_BYTES)
        .read_to_end(&mut data)
        .map_err(corrupt)?;
    largest_area(&data).map_or_else(
        || Ok(super::hidden::xls_rows(&data)),
        |(rows, cols)| {
            Err(ImportError::SheetTooLarge {
                file: file.to_owned(),
                sheet: String::new(),
                what: format!(
                    "单元格分布在 {rows} 行 × {cols} 列的范围内，超过 {MAX_XLS_AREA} 个单元格"
                ),
            })
        },
    )
}

/// The first sheet area (rows, columns) above the limit, if any.
fn largest_area(data: &[u8]) -> Option<(u64, u64)> {
    let mut bounds = Bounds::default();
    let mut i = 0;
    while i + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[i], data[i + 1]]);
        let len = usize::from(u16::from_le_bytes([data[i + 2], data[i + 3]]));
        let body = &data[i + 4..(i + 4 + len).min(data.len())];
        i += 4 + len;
        match kind {
            // BOF and EOF delimit a sheet's substream.
            0x0809 | 0x000A => {
                if let Some(area) = bounds.over_limit() {
                    return Some(area);
                }
                bounds = Bounds::default();
            }
            // Formula, Blank, Number, Label, BoolErr, Rk, LabelSst: row and column first.
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD if body.len() >= 4 => {
                bounds.add(u16_at(body, 0), u16_at(body, 2));
            }
            // MulRk, MulBlank: row, first column, …, last column.
            0x00BD | 0x00BE if body.len() >= 6 => {
                let row = u16_at(body, 0);
                bounds.add(row, u16_at(body, 2));
                bounds.add(row, u16_at(body, body.len() - 2));
            }
            _ => {}
        }
    }
    bounds.over_limit()
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

#[derive(Default)]
struct Bounds {
    rows: Option<(u16, u16)>,
    cols: Option<(u16, u16)>,
}

impl Bounds {
    fn add(&mut self, row: u16, col: u16) {
        let widen =
            |r: Option<(u16, u16)>, v: u16| Some(r.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
    }

    fn over_limit(&self) -> Option<(u64, u64)> {
        let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.cols) else {
            return None;
        };
        let rows = u64::from(r1 - r0) + 1;
        let cols = u64::from(c1 - c0) + 1;
        (rows * cols > MAX_XLS_AREA).then_some((rows, cols))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend_from_slice(&u16::try_from(body.len()).unwrap().to_le_bytes());
        r.extend_from_slice(body);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut body = row.to_le_bytes().to_vec();
        body.extend_from_slice(&col.to_le_bytes());
        body.extend_from_slice(&[0; 10]);
        record(0x0203, &body)
    }

    #[test]
    fn two_far_cells_are_refused_and_a_normal_sheet_passes() {
        let mut far = record(0x0809, &[0; 16]);
        far.extend(number(0, 0));
        far.extend(number(65_535, 200));
        far.extend(record(0x000A, &[]));
        assert_eq!(largest_area(&far), Some((65_536, 201)));
        let mut normal = record(0x0809, &[0; 16]);
        for r in 0..40 {
            normal.extend(number(r, 8));
        }
        normal.extend(record(0x000A, &[]));
        assert_eq!(largest_area(&normal), None);
    }

    #[test]
    fn sheets_are_measured_one_by_one_and_truncation_is_harmless() {
        let mut two = record(0x0809, &[0; 16]);
        two.extend(number(0, 0));
        two.extend(record(0x000A, &[]));
        two.extend(record(0x0809, &[0; 16]));
        two.extend(number(60_000, 100));
        two.extend(record(0x000A, &[]));
        assert_eq!(largest_area(&two), None);
        let cut = &two[..two.len() - 7];
        assert_eq!(largest_area(cut), None);
    }
}
