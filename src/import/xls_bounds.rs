//! A guard in front of calamine's `.xls` reader, which reads every sheet when the workbook
//! is opened and sizes two allocations from the file itself:
//!
//! - it reserves room for as many cells as the sheet's DIMENSIONS record declares
//!   (`Xls::new` in calamine's `xls.rs`: `cells.reserve(rows * cols)`). A damaged record
//!   whose first row lies past its last one wraps round to about four billion rows there,
//!   and the reservation (terabytes) fails, which aborts the process: an allocation failure
//!   cannot be caught like a panic;
//! - it lays the sheet's cells out as a dense grid, so two cells far apart would ask for
//!   gigabytes.
//!
//! Here the `Workbook` stream is read first (through the `cfb` crate) and walked the way
//! calamine walks it: the BOUNDSHEET records of the globals give each sheet's offset, and
//! each sheet's records are read from there to its EOF, nested substreams (embedded charts)
//! skipped. A sheet whose declared dimensions exceed the `.xls` grid is reported as a
//! damaged file, one whose cells span too large an area as too large, before calamine sees
//! the file.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::ImportError;
use super::limits::{MAX_INPUT_BYTES, MAX_XLS_AREA};

/// Rows of the largest `.xls` (BIFF8) sheet.
pub const XLS_MAX_ROWS: u64 = 65_536;
/// Columns of the largest `.xls` (BIFF8) sheet.
pub const XLS_MAX_COLS: u64 = 256;

/// Checks every sheet substream of an `.xls`; `Ok` (with the sheets' hidden rows, read
/// from the same records) when calamine may open it.
pub fn check(path: &Path, file: &str) -> Result<super::hidden::HiddenRows, ImportError> {
    let corrupt = |e: std::io::Error| ImportError::Corrupt {
        file: file.to_owned(),
        detail: e.to_string(),
    };
    let mut compound = cfb::open(path).map_err(corrupt)?;
    // calamine takes the first directory entry named `Workbook` (else `Book`), compared
    // without case and at any depth, so every such stream is checked; hidden rows come from
    // the root one, as before.
    let candidates: Vec<PathBuf> = compound
        .walk()
        .filter(|e| {
            e.is_stream()
                && ["Workbook", "Book"]
                    .iter()
                    .any(|n| e.name().eq_ignore_ascii_case(n))
        })
        .map(|e| e.path().to_path_buf())
        .collect();
    let root = ["/Workbook", "/Book"].into_iter().find_map(|n| {
        let entry = compound.entry(n).ok()?;
        entry.is_stream().then(|| entry.path().to_path_buf())
    });
    let mut hidden = super::hidden::HiddenRows::new();
    for stream in &candidates {
        let mut data = Vec::new();
        compound
            .open_stream(stream)
            .map_err(corrupt)?
            .take(MAX_INPUT_BYTES)
            .read_to_end(&mut data)
            .map_err(corrupt)?;
        if let Some(problem) = first_problem(&data) {
            return Err(problem.into_error(file));
        }
        if root.as_ref() == Some(stream) {
            hidden = super::hidden::xls_rows(&data);
        }
    }
    // No workbook stream at all: calamine reports what the file is.
    Ok(hidden)
}

/// Why a sheet may not be handed to calamine.
#[derive(Debug, PartialEq, Eq)]
enum Problem {
    /// The DIMENSIONS record declares more cells than an `.xls` sheet can hold (rows and
    /// columns as calamine computes them from the record).
    Dimensions { sheet: Sheet, rows: u64, cols: u64 },
    /// The cells span an area (rows, columns) above [`MAX_XLS_AREA`].
    Area { sheet: Sheet, rows: u64, cols: u64 },
}

/// A sheet as the BOUNDSHEET record names it: its position among them and its name, when
/// readable.
#[derive(Debug, PartialEq, Eq)]
struct Sheet {
    index: usize,
    name: Option<String>,
}

impl Sheet {
    fn label(&self) -> String {
        match &self.name {
            Some(n) if !n.trim().is_empty() => format!("工作表“{n}”"),
            _ => format!("第 {} 张工作表", self.index + 1),
        }
    }
}

impl Problem {
    fn into_error(self, file: &str) -> ImportError {
        match self {
            Self::Dimensions { sheet, rows, cols } => ImportError::Corrupt {
                file: file.to_owned(),
                detail: format!(
                    "{}的尺寸记录声明了 {rows} 行 × {cols} 列，超出 .xls 格式的最大范围 {XLS_MAX_ROWS} 行 × {XLS_MAX_COLS} 列",
                    sheet.label()
                ),
            },
            Self::Area { sheet, rows, cols } => ImportError::SheetTooLarge {
                file: file.to_owned(),
                sheet: sheet.name.unwrap_or_default(),
                what: format!(
                    "单元格分布在 {rows} 行 × {cols} 列的范围内，超过 {MAX_XLS_AREA} 个单元格"
                ),
            },
        }
    }
}

/// One BIFF record: type and body (cut short at the end of the stream).
struct Record<'a> {
    kind: u16,
    body: &'a [u8],
}

/// The records from `at` on; stops where a record header or body runs past the end, as
/// calamine's reader stops with an error there.
fn records(data: &[u8], at: usize) -> impl Iterator<Item = Record<'_>> {
    let mut i = at;
    std::iter::from_fn(move || {
        let header = data.get(i..i.checked_add(4)?)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let body = data.get(i + 4..i + 4 + len)?;
        i += 4 + len;
        Some(Record { kind, body })
    })
}

/// The first sheet calamine must not open, if any.
fn first_problem(data: &[u8]) -> Option<Problem> {
    // Globals substream: BOUNDSHEET (0x0085) records up to the first EOF (0x000A).
    let mut sheets = Vec::new();
    for r in records(data, 0) {
        match r.kind {
            0x0085 if r.body.len() >= 4 => {
                let offset = u32::from_le_bytes([r.body[0], r.body[1], r.body[2], r.body[3]]);
                let name = r.body.get(6..).and_then(super::hidden::short_unicode);
                sheets.push((offset as usize, name));
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    for (index, (offset, name)) in sheets.into_iter().enumerate() {
        if !seen.insert(offset) {
            continue;
        }
        let sheet = Sheet { index, name };
        if let Some(problem) = sheet_problem(data, offset, sheet) {
            return Some(problem);
        }
    }
    None
}

/// Walks one sheet substream like calamine: the first BOF opens it, a later BOF opens a
/// nested substream whose records are skipped up to its EOF, and the sheet's EOF ends it.
fn sheet_problem(data: &[u8], offset: usize, sheet: Sheet) -> Option<Problem> {
    let mut bounds = Bounds::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for Record { kind, body } in records(data, offset) {
        if depth > 0 {
            match kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                if let Some((rows, cols)) = declared_extent(body)
                    && rows * cols > XLS_MAX_ROWS * XLS_MAX_COLS
                {
                    return Some(Problem::Dimensions { sheet, rows, cols });
                }
            }
            // Formula, Blank, Number, Label, BoolErr, Rk, LabelSst, RString: row and
            // column first.
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x00D6
                if body.len() >= 4 =>
            {
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
    bounds
        .over_limit()
        .map(|(rows, cols)| Problem::Area { sheet, rows, cols })
}

/// The rows and columns calamine 0.38 reserves cells for from a DIMENSIONS record body
/// (`parse_dimensions`, then `end - start + 1` in `u32`, which wraps round in a release
/// build when the first row lies past the last); `None` for a body calamine refuses.
fn declared_extent(body: &[u8]) -> Option<(u64, u64)> {
    let u16_as_u32 = |at: usize| u32::from(u16_at(body, at));
    let u32_at =
        |at: usize| u32::from_le_bytes([body[at], body[at + 1], body[at + 2], body[at + 3]]);
    let (first_row, row_past, first_col, col_past) = match body.len() {
        10 => (u16_as_u32(0), u16_as_u32(2), u16_as_u32(4), u16_as_u32(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_as_u32(8), u16_as_u32(10)),
        _ => return None,
    };
    // calamine: a first column past 0xFF or past the last one is taken as 0.
    let first_col = if first_col > 0xFF || col_past < first_col {
        0
    } else {
        first_col
    };
    let (start, end) = if row_past >= 1 && col_past >= 1 {
        ((first_row, first_col), (row_past - 1, col_past - 1))
    } else {
        ((first_row, first_col), (first_row, first_col))
    };
    let span = |a: u32, b: u32| u64::from(b.wrapping_sub(a).wrapping_add(1));
    Some((span(start.0, end.0), span(start.1, end.1)))
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

    /// A BIFF8 DIMENSIONS record: first row, last row + 1, first column, last column + 1.
    fn dimensions(first_row: u32, row_past: u32, first_col: u16, col_past: u16) -> Vec<u8> {
        let mut body = first_row.to_le_bytes().to_vec();
        body.extend_from_slice(&row_past.to_le_bytes());
        body.extend_from_slice(&first_col.to_le_bytes());
        body.extend_from_slice(&col_past.to_le_bytes());
        body.extend_from_slice(&[0; 2]);
        record(0x0200, &body)
    }

    fn bof() -> Vec<u8> {
        record(0x0809, &[0; 16])
    }

    fn eof() -> Vec<u8> {
        record(0x000A, &[])
    }

    /// A Workbook stream: globals with one BOUNDSHEET per sheet (named S1, S2, …), then
    /// each sheet's records between its BOF and EOF.
    fn workbook(sheets: &[Vec<u8>]) -> Vec<u8> {
        let boundsheet = |offset: u32, name: &str| {
            let mut body = offset.to_le_bytes().to_vec();
            body.extend_from_slice(&[0, 0, u8::try_from(name.len()).unwrap(), 0]);
            body.extend_from_slice(name.as_bytes());
            record(0x0085, &body)
        };
        let names: Vec<String> = (1..=sheets.len()).map(|i| format!("S{i}")).collect();
        let globals_len =
            bof().len() + names.iter().map(|n| boundsheet(0, n).len()).sum::<usize>() + eof().len();
        let mut out = bof();
        let mut offset = globals_len;
        for (name, sheet) in names.iter().zip(sheets) {
            out.extend(boundsheet(u32::try_from(offset).unwrap(), name));
            offset += bof().len() + sheet.len() + eof().len();
        }
        out.extend(eof());
        for sheet in sheets {
            out.extend(bof());
            out.extend_from_slice(sheet);
            out.extend(eof());
        }
        out
    }

    fn sheet(index: usize) -> Sheet {
        Sheet {
            index,
            name: Some(format!("S{}", index + 1)),
        }
    }

    #[test]
    fn two_far_cells_are_refused_and_a_normal_sheet_passes() {
        let mut far = number(0, 0);
        far.extend(number(65_535, 200));
        assert_eq!(
            first_problem(&workbook(&[far])),
            Some(Problem::Area {
                sheet: sheet(0),
                rows: 65_536,
                cols: 201
            })
        );
        let mut normal = dimensions(0, 40, 8, 9);
        for r in 0..40 {
            normal.extend(number(r, 8));
        }
        assert_eq!(first_problem(&workbook(&[normal])), None);
    }

    #[test]
    fn sheets_are_measured_one_by_one_and_truncation_is_harmless() {
        let stream = workbook(&[number(0, 0), number(60_000, 100)]);
        assert_eq!(first_problem(&stream), None);
        assert_eq!(first_problem(&stream[..stream.len() - 7]), None);
    }

    /// The fixture's damage: a first row past the last one, which calamine's `end - start +
    /// 1` turns into about four billion rows (and a reservation of terabytes).
    #[test]
    fn dimensions_past_the_xls_grid_are_refused() {
        let wrapped = dimensions(3, 2, 0, 9);
        assert_eq!(
            declared_extent(&wrapped[4..]),
            Some((u64::from(u32::MAX), 9))
        );
        assert_eq!(
            first_problem(&workbook(&[number(0, 0), wrapped])),
            Some(Problem::Dimensions {
                sheet: sheet(1),
                rows: u64::from(u32::MAX),
                cols: 9
            })
        );
        // BIFF5's 10-byte record: 16-bit rows, and columns up to 65,535.
        let wide = record(0x0200, &[0, 0, 0, 0x04, 0, 0, 0xFF, 0xFF, 0, 0]);
        assert_eq!(declared_extent(&wide[4..]), Some((1024, 65_535)));
        assert!(first_problem(&workbook(&[wide])).is_some());
    }

    #[test]
    fn dimensions_within_the_grid_pass() {
        // The whole grid, a column past the last one (taken as 0, as calamine does), an
        // empty sheet, a record calamine refuses by length.
        for dims in [
            dimensions(0, 65_536, 0, 256),
            dimensions(0, 10, 300, 5),
            dimensions(0, 0, 0, 0),
            record(0x0200, &[0xFF; 12]),
        ] {
            assert_eq!(first_problem(&workbook(&[dims])), None);
        }
    }

    /// calamine reads a sheet from its BOUNDSHEET offset and skips nested substreams, and so
    /// does the check: what lies outside the sheet's own records does not count.
    #[test]
    fn only_the_sheets_own_records_count() {
        let mut chart = bof();
        chart.extend(dimensions(9, 1, 0, 1));
        chart.extend(number(65_000, 0));
        chart.extend(eof());
        chart.extend(number(1, 1));
        assert_eq!(first_problem(&workbook(&[chart])), None);
        // Unreferenced bytes after the sheets, and an offset past the end.
        let mut stream = workbook(&[number(0, 0)]);
        stream.extend(bof());
        stream.extend(dimensions(5, 1, 0, 1));
        stream.extend(eof());
        assert_eq!(first_problem(&stream), None);
        let mut past = bof();
        past.extend(record(0x0085, &[0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 1, 0, b'A']));
        past.extend(eof());
        assert_eq!(first_problem(&past), None);
    }

    /// calamine may read a `Workbook` stream that is not the root one (the first entry of
    /// that name in the directory); every such stream is checked.
    #[test]
    fn a_workbook_stream_in_a_storage_is_checked_too() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested.xls");
        let mut compound = cfb::create(&path).unwrap();
        let mut good = dimensions(0, 2, 0, 2);
        good.extend(number(1, 1));
        compound
            .create_stream("/Workbook")
            .unwrap()
            .write_all(&workbook(&[good]))
            .unwrap();
        compound.create_storage("/Sub").unwrap();
        compound
            .create_stream("/Sub/WORKBOOK")
            .unwrap()
            .write_all(&workbook(&[dimensions(7, 1, 0, 200)]))
            .unwrap();
        compound.flush().unwrap();
        drop(compound);
        let err = check(&path, "nested.xls").unwrap_err();
        assert!(matches!(err, ImportError::Corrupt { .. }), "{err}");
    }

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    }

    /// The fuzz-found file that made a release build abort (exit 134) in calamine's
    /// reservation is refused here, before calamine opens it.
    #[test]
    fn the_aborting_fixture_is_refused_as_damaged() {
        let err = check(
            &fixture("regressions/import/corrupt-panics-reader.xls"),
            "corrupt-panics-reader.xls",
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, ImportError::Corrupt { .. }), "{message}");
        assert!(message.contains("文件已损坏或不完整"), "{message}");
        assert!(message.contains("超出 .xls 格式的最大范围"), "{message}");
    }

    #[test]
    fn the_real_xls_fixtures_pass() {
        let dir = fixture("import");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            // Compound files only (some fixtures are HTML or XML named .xls).
            if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || path.ends_with("far-cells.xls") {
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(check(&path, &name).is_ok(), "{name}");
            checked += 1;
        }
        assert!(checked >= 10, "{checked}");
    }
}
