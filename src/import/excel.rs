//! Reading workbooks (.xlsx/.xlsm, .xls, .ods) with calamine into [`Grid`]s of display text.
//!
//! Numbers become the text Excel shows: the cell's number format when the format exposes
//! it (`0.00` → `662.00`, `0%` → `95%`, dates → `2021年12月31日`), otherwise the float's
//! shortest exact decimal (`1119.8`, never `1119.7999999`). Sheets are bounded by
//! [`super::limits`] while they are read, so a huge sheet fails fast.

use std::io::{Read, Seek};
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Reader, Xls, Xlsx, open_workbook};
use rust_decimal::Decimal;

use super::ImportError;
use super::SheetGrid;
use super::grid::{Grid, Merge};
use super::limits::{MAX_CELLS, MAX_COLS, MAX_ROWS};
use crate::money::decimal_from_f64;

/// Which reader to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Book {
    /// Office Open XML (.xlsx, .xlsm).
    Xlsx,
    /// BIFF (.xls).
    Xls,
}

/// Reads every sheet (or the one named) of a workbook.
pub fn read_book(
    path: &Path,
    file: &str,
    book: Book,
    only: Option<&str>,
    hidden: &super::hidden::HiddenRows,
) -> Result<Vec<SheetGrid>, ImportError> {
    let with_hidden = |name: &str, grid: Result<Grid, ImportError>| {
        grid.map(|mut g| {
            if let Some(rows) = hidden.get(name) {
                g.set_hidden(rows.clone());
            }
            g
        })
    };
    let corrupt = |e: &dyn std::fmt::Display| classify(file, &e.to_string());
    match book {
        Book::Xlsx => {
            let mut wb: Xlsx<_> = open_workbook(path).map_err(|e| corrupt(&e))?;
            let names = select(file, wb.sheet_names(), only)?;
            let mut out = Vec::new();
            for name in names {
                let grid = with_hidden(&name, read_xlsx_sheet(&mut wb, file, &name));
                out.push((name, grid));
            }
            Ok(out)
        }
        Book::Xls => {
            let mut wb: Xls<_> = open_workbook(path).map_err(|e| corrupt(&e))?;
            let names = select(file, wb.sheet_names(), only)?;
            let mut out = Vec::new();
            for name in names {
                let range = wb.worksheet_range(&name).map_err(|e| corrupt(&e));
                let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
                let grid = range.and_then(|r| range_grid(file, &name, &r, &merges));
                out.push((name.clone(), with_hidden(&name, grid)));
            }
            Ok(out)
        }
    }
}

fn select(file: &str, names: Vec<String>, only: Option<&str>) -> Result<Vec<String>, ImportError> {
    match only {
        None => Ok(names),
        Some(want) => {
            if names.iter().any(|n| n == want) {
                Ok(vec![want.to_owned()])
            } else {
                Err(ImportError::SheetNotFound {
                    file: file.to_owned(),
                    sheet: want.to_owned(),
                    available: names.join("、"),
                })
            }
        }
    }
}

/// Maps calamine's error text onto a message a finance clerk can act on.
fn classify(file: &str, detail: &str) -> ImportError {
    let lower = detail.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ImportError::Password {
            file: file.to_owned(),
        }
    } else {
        ImportError::Corrupt {
            file: file.to_owned(),
            detail: detail.to_owned(),
        }
    }
}

fn too_large(file: &str, sheet: &str, what: String) -> ImportError {
    ImportError::SheetTooLarge {
        file: file.to_owned(),
        sheet: sheet.to_owned(),
        what,
    }
}

/// Puts a text at (r, c), growing the grid; enforces the size limits.
fn put(
    rows: &mut Vec<Vec<String>>,
    count: &mut usize,
    (r, c): (u32, u32),
    text: String,
    file: &str,
    sheet: &str,
) -> Result<(), ImportError> {
    if text.is_empty() {
        return Ok(());
    }
    let (r, c) = (r as usize, c as usize);
    if r >= MAX_ROWS {
        return Err(too_large(file, sheet, format!("第 {} 行有内容", r + 1)));
    }
    if c >= MAX_COLS {
        return Err(too_large(file, sheet, format!("第 {} 列有内容", c + 1)));
    }
    *count += 1;
    if *count > MAX_CELLS {
        return Err(too_large(
            file,
            sheet,
            format!("超过 {MAX_CELLS} 个非空单元格"),
        ));
    }
    if rows.len() <= r {
        rows.resize_with(r + 1, Vec::new);
    }
    let row = &mut rows[r];
    if row.len() <= c {
        row.resize_with(c + 1, String::new);
    }
    row[c] = text;
    Ok(())
}

fn to_merges(dims: &[Dimensions]) -> Vec<Merge> {
    dims.iter()
        .map(|d| Merge {
            r0: d.start.0,
            c0: d.start.1,
            r1: d.end.0,
            c1: d.end.1,
        })
        .collect()
}

fn read_xlsx_sheet<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    file: &str,
    sheet: &str,
) -> Result<Grid, ImportError> {
    let corrupt = |e: calamine::XlsxError| classify(file, &e.to_string());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut count = 0usize;
    let mut numbers: Vec<(u32, u32, f64)> = Vec::new();
    let mut dates: Vec<(u32, u32, f64)> = Vec::new();
    {
        let mut reader = wb.worksheet_cells_reader(sheet).map_err(corrupt)?;
        while let Some(cell) = reader.next_cell().map_err(corrupt)? {
            let pos = cell.get_position();
            let text = match cell.get_value() {
                DataRef::Float(f) => {
                    numbers.push((pos.0, pos.1, *f));
                    general_number(*f)
                }
                DataRef::Int(i) => i.to_string(),
                DataRef::DateTime(dt) => {
                    dates.push((pos.0, pos.1, dt.as_f64()));
                    let date_only = dt.as_f64().fract() == 0.0;
                    serial_f64_to_text(dt.as_f64(), date_only)
                }
                other => data_ref_text(other),
            };
            put(&mut rows, &mut count, pos, text, file, sheet)?;
        }
    }
    // Number formats only matter for numeric cells; the style pass re-reads the sheet,
    // which the limits above have already bounded.
    if !(numbers.is_empty() && dates.is_empty())
        && let Ok(styles) = wb.worksheet_style(sheet)
    {
        for (r, c, serial) in dates {
            let code = styles
                .get((r, c))
                .and_then(|s| s.number_format.as_ref())
                .map(|n| n.format_code.as_str());
            if let Some(code) = code
                && let Some(text) = format_date(serial, code)
            {
                rows[r as usize][c as usize] = text;
            }
        }
        for (r, c, f) in numbers {
            let code = styles
                .get((r, c))
                .and_then(|s| s.number_format.as_ref())
                .map(|n| n.format_code.as_str());
            if let Some(code) = code
                && let Some(text) = format_number(f, code)
            {
                rows[r as usize][c as usize] = text;
            }
        }
    }
    let merges = wb.merge_cells_by_sheet_name(sheet).unwrap_or_default();
    let mut grid = Grid::new(file.to_owned(), Some(sheet.to_owned()), rows);
    grid.set_merges(to_merges(&merges));
    super::continued::join(&mut grid, wb.defined_names());
    Ok(grid)
}

fn range_grid(
    file: &str,
    sheet: &str,
    range: &calamine::Range<Data>,
    merges: &[Dimensions],
) -> Result<Grid, ImportError> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut count = 0usize;
    let start = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        let pos = (
            start.0 + u32::try_from(r).unwrap_or(u32::MAX),
            start.1 + u32::try_from(c).unwrap_or(u32::MAX),
        );
        let text = match v {
            Data::Float(f) => general_number(*f),
            Data::Int(i) => i.to_string(),
            Data::String(s) => s.clone(),
            Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Data::DateTime(dt) => {
                let date_only = dt.as_f64().fract() == 0.0;
                serial_f64_to_text(dt.as_f64(), date_only)
            }
            Data::DateTimeIso(s) | Data::DurationIso(s) => iso_date_text(s),
            Data::Error(e) => format!("#{e:?}"),
            Data::Empty => String::new(),
        };
        put(&mut rows, &mut count, pos, text, file, sheet)?;
    }
    let mut grid = Grid::new(file.to_owned(), Some(sheet.to_owned()), rows);
    grid.set_merges(to_merges(merges));
    Ok(grid)
}

fn data_ref_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Float(f) => general_number(*f),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(dt) => serial_f64_to_text(dt.as_f64(), true),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => iso_date_text(s),
        DataRef::Error(e) => format!("#{e:?}"),
        DataRef::Empty => String::new(),
    }
}

/// `2021-12-31T00:00:00` (ODS dates) → `2021年12月31日`.
fn iso_date_text(s: &str) -> String {
    let date = s.split('T').next().unwrap_or(s);
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts.as_slice()
        && let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>())
    {
        return format!("{y}年{m}月{d}日");
    }
    s.to_owned()
}

/// The shortest exact decimal of an Excel float: 1119.8 → `1119.8`, 3.0 → `3`.
pub fn general_number(f: f64) -> String {
    match decimal_from_f64(f) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => format!("{f}"),
    }
}

/// Applies an Excel number format's first section to a number, for the formats seen in
/// goal tables: fixed decimals, percent, literal prefixes/suffixes. `None` for General.
pub fn format_number(f: f64, code: &str) -> Option<String> {
    let section = code.split(';').next().unwrap_or(code);
    if section.eq_ignore_ascii_case("general") || section == "@" || section.is_empty() {
        return None;
    }
    let mut prefix = String::new();
    let mut suffix = String::new();
    let mut min_dec = 0u32;
    let mut max_dec = 0u32;
    let mut seen_digit = false;
    let mut after_point = false;
    let mut percent = false;
    let mut chars = section.chars().peekable();
    let push_lit = |s: &mut String, p: &mut String, seen: bool, ch: char| {
        if seen {
            s.push(ch);
        } else {
            p.push(ch);
        }
    };
    while let Some(ch) = chars.next() {
        match ch {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    push_lit(&mut suffix, &mut prefix, seen_digit, q);
                }
            }
            '\\' => {
                if let Some(q) = chars.next() {
                    push_lit(&mut suffix, &mut prefix, seen_digit, q);
                }
            }
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            '0' | '#' | '?' => {
                seen_digit = true;
                if after_point {
                    max_dec += 1;
                    if ch == '0' {
                        min_dec = max_dec;
                    }
                }
            }
            '.' if !after_point => after_point = true,
            ',' => {}
            '%' => {
                percent = true;
                push_lit(&mut suffix, &mut prefix, seen_digit, '%');
            }
            'y' | 'm' | 'd' | 'h' | 's' | 'Y' | 'M' | 'D' | 'H' | 'S' | 'E' | 'e' => return None,
            c => push_lit(&mut suffix, &mut prefix, seen_digit, c),
        }
    }
    if !seen_digit {
        return None;
    }
    let mut d: Decimal = decimal_from_f64(f).ok()?;
    if percent {
        d *= Decimal::ONE_HUNDRED;
    }
    let mut d = d.round_dp(max_dec);
    d.rescale(max_dec);
    let mut text = d.to_string();
    // `#` places: trailing zeros beyond the `0` places are not shown.
    if max_dec > min_dec && text.contains('.') {
        let keep = text.find('.').unwrap_or(0) + 1 + min_dec as usize;
        while text.len() > keep && text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    Some(format!("{prefix}{text}{suffix}"))
}

/// A date cell shown the way its format shows it, for plain date formats:
/// `yyyy-mm-dd` → `2021-12-31`, `yyyy/m/d` → `2021/12/31`; `None` keeps the Chinese default.
pub fn format_date(serial: f64, code: &str) -> Option<String> {
    let lower = code.to_ascii_lowercase();
    if code.contains('年') || lower.contains('h') || !(1.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let sep = ['-', '/', '.'].into_iter().find(|&s| lower.contains(s))?;
    let text = serial_to_date_text(serial.floor() as i64, true);
    let nums: Vec<i64> = text
        .split(['年', '月', '日'])
        .filter_map(|p| p.parse().ok())
        .collect();
    let [y, m, d] = nums.as_slice() else {
        return None;
    };
    let pad = lower.contains("mm") || lower.contains("dd");
    Some(if pad {
        format!("{y}{sep}{m:02}{sep}{d:02}")
    } else {
        format!("{y}{sep}{m}{sep}{d}")
    })
}

/// Excel serial (1900 system) → `2021年12月31日`, or `2021年12月` without the day.
pub fn serial_to_date_text(serial: i64, with_day: bool) -> String {
    // Serial 25569 is 1970-01-01, Julian day 2440588 (Excel counts the fictional
    // 1900-02-29, so serials from March 1900 on line up).
    let julian = i32::try_from(serial - 25_569 + 2_440_588).unwrap_or(i32::MAX);
    let Ok(date) = time::Date::from_julian_day(julian) else {
        return serial.to_string();
    };
    let (year, month, day) = (date.year(), u8::from(date.month()), date.day());
    if with_day {
        format!("{year}年{month}月{day}日")
    } else {
        format!("{year}年{month}月")
    }
}

fn serial_f64_to_text(serial: f64, date_only: bool) -> String {
    if !serial.is_finite() || !(1.0..3_000_000.0).contains(&serial) {
        return general_number(serial);
    }
    #[allow(clippy::cast_possible_truncation)]
    let whole = serial.floor() as i64;
    if date_only {
        serial_to_date_text(whole, true)
    } else {
        let secs = ((serial - serial.floor()) * 86_400.0).round();
        #[allow(clippy::cast_possible_truncation)]
        let secs = secs as i64;
        format!(
            "{} {:02}:{:02}",
            serial_to_date_text(whole, true),
            secs / 3600,
            secs % 3600 / 60
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_exact() {
        assert_eq!(general_number(1119.8), "1119.8");
        assert_eq!(general_number(338_601.0), "338601");
        assert_eq!(general_number(0.1 + 0.2), "0.30000000000000004");
    }

    #[test]
    fn number_formats() {
        assert_eq!(format_number(1119.8, "0.00").as_deref(), Some("1119.80"));
        assert_eq!(format_number(662.0, "#,##0.00").as_deref(), Some("662.00"));
        assert_eq!(format_number(0.95, "0%").as_deref(), Some("95%"));
        assert_eq!(format_number(0.955, "0.00%").as_deref(), Some("95.50%"));
        assert_eq!(
            format_number(300.0, "0.00\"册\"").as_deref(),
            Some("300.00册")
        );
        assert_eq!(format_number(1.5, "#.##").as_deref(), Some("1.5"));
        assert_eq!(format_number(1.0, "General"), None);
        assert_eq!(format_number(44561.0, "yyyy-mm-dd"), None);
        assert_eq!(format_number(1119.8, "0.00_ ").as_deref(), Some("1119.80"));
    }

    #[test]
    fn dates() {
        assert_eq!(serial_to_date_text(44_561, true), "2021年12月31日");
        assert_eq!(serial_to_date_text(43_831, false), "2020年1月");
        assert_eq!(iso_date_text("2021-12-31T00:00:00"), "2021年12月31日");
        assert_eq!(
            format_date(44_561.0, "yyyy-mm-dd").as_deref(),
            Some("2021-12-31")
        );
        assert_eq!(
            format_date(44_561.0, "yyyy/m/d").as_deref(),
            Some("2021/12/31")
        );
        assert_eq!(format_date(44_561.0, "yyyy\"年\"m\"月\"d\"日\""), None);
    }
}
