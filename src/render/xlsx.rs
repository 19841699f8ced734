//! The Excel workbook: the same [`Sheet`] as the HTML and PDF, written with
//! `rust_xlsxwriter` as one worksheet a colleague opens in Excel or WPS. Cells keep the
//! sheet's merges; every grid position gets a thin border; amounts are numbers in `0.00`
//! format, everything else text. Excel does not fit row heights to merged cells, so every
//! row gets an explicit height estimated from the text width in CJK units per column width.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format as CellFormat, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use super::RenderError;
use super::export::{Exporter, Format, Input};
use super::sheet::{Align, Cell, Role, Sheet};
pub use super::xlsx_plan::{Plan, Shows, plan, row_heights};
use super::xlsx_rows::{LINE_PT, ROW_PAD_PT};
pub use super::xlsx_rows::{RowMap, Split};
use super::xlsx_wrap::BODY_PT;
use crate::model::{Orientation, Paper};

/// The font every cell is set in (the Chinese name, as Chinese Excel and WPS write it).
const FONT: &str = "宋体";
/// GB2312 character set, which Excel records with a Chinese font.
const CHARSET_GB2312: u8 = 134;
/// Type sizes in points, as in the HTML and PDF forms.
const TITLE_PT: f64 = 18.0;
const YEAR_PT: f64 = 11.0;
/// Height of the title rows together, points.
pub(super) const TITLE_HEIGHT_PT: f64 = TITLE_PT * 1.8 + YEAR_PT * 2.0;
/// Margins in inches (10 mm left and right, 12 mm top, 14 mm bottom as in the PDF).
const MARGIN_X_IN: f64 = 10.0 / 25.4;
const MARGIN_TOP_IN: f64 = 12.0 / 25.4;
const MARGIN_BOTTOM_IN: f64 = 14.0 / 25.4;
const FOOTER_IN: f64 = 5.0 / 25.4;
/// The document date when `SOURCE_DATE_EPOCH` is not set: 1980-01-01T00:00:00Z, the date
/// the workbook's zip entries carry, so the same input always gives the same bytes.
const DEFAULT_EPOCH: i64 = 315_532_800;

/// The xlsx exporter of one run.
pub struct XlsxExporter {
    paper: Option<Paper>,
    orientation: Option<Orientation>,
    date: Option<i64>,
}

impl XlsxExporter {
    /// An exporter with the command line's paper and orientation (over the spec's
    /// `[style]`) and the document date (`SOURCE_DATE_EPOCH`).
    pub fn new(paper: Option<Paper>, orientation: Option<Orientation>, date: Option<i64>) -> Self {
        Self {
            paper,
            orientation,
            date,
        }
    }
}

impl Exporter for XlsxExporter {
    fn format(&self) -> Format {
        Format::Xlsx
    }

    fn export(&self, input: &Input<'_>) -> Result<Vec<u8>, RenderError> {
        let style = input.table.style();
        let page = Page {
            paper: self.paper.unwrap_or(style.paper),
            orientation: self.orientation.unwrap_or(style.orientation),
        };
        render(input.sheet, page, self.date.unwrap_or(DEFAULT_EPOCH))
            .map_err(|e| RenderError::Xlsx(xlsx_error_text(&e)))
    }
}

/// What a failure of the workbook writer means, in Chinese: the writer's own messages are
/// English and name its parameters, which tell a clerk nothing.
fn xlsx_error_text(e: &XlsxError) -> String {
    match e {
        XlsxError::RowColumnLimitError => {
            "表格超过 Excel 的行数上限（1048576 行），请把指标分到几张表中".to_owned()
        }
        XlsxError::MaxStringLengthExceeded => {
            "有一格文字超过 Excel 一个单元格能放的 32767 个字符，请缩短该格文字".to_owned()
        }
        XlsxError::IoError(io) => format!("写入时出错：{io}"),
        other => format!("Excel 写入程序内部错误，请把规格文件发给开发者（{other}）"),
    }
}

/// Paper and orientation of the printed workbook.
#[derive(Clone, Copy, Debug)]
pub struct Page {
    /// Paper size.
    pub paper: Paper,
    /// Orientation.
    pub orientation: Orientation,
}

impl Page {
    /// Width available to the grid between the margins, pixels at 96 dpi.
    pub(super) fn printable_px(self) -> f64 {
        let (short, long) = match self.paper {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
        };
        let width_mm = match self.orientation {
            Orientation::Landscape => long,
            Orientation::Portrait => short,
        };
        (width_mm - 2.0 * MARGIN_X_IN * 25.4) / 25.4 * 96.0
    }

    /// Height available to the rows between the margins, points.
    pub(super) fn printable_pt(self) -> f64 {
        let (short, long) = match self.paper {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
        };
        let height_mm = match self.orientation {
            Orientation::Landscape => short,
            Orientation::Portrait => long,
        };
        (height_mm - (MARGIN_TOP_IN + MARGIN_BOTTOM_IN) * 25.4) / 25.4 * 72.0
    }
}

/// Renders the sheet as xlsx bytes; `date` is the document's creation time (Unix seconds).
pub fn render(sheet: &Sheet, page: Page, date: i64) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // The fastest deflate (zlib-rs level 1: static Huffman codes). Seed instructions and
    // bytes by level, measured: 1: 11.17 M, 13.6 KB; 2: 13.04 M, 11.4 KB; 6 (the default):
    // 14.09 M, 10.8 KB; the 300-indicator stress spec 39 KB at level 1, 25 KB at 6. The
    // parts inside are the same.
    wb.set_zip_compression_level(1);
    let created = ExcelDateTime::from_timestamp(date)
        .or_else(|_| ExcelDateTime::from_timestamp(DEFAULT_EPOCH))?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {} {}年度",
                sheet.title, sheet.owner, sheet.year
            ))
            .set_author(sheet.owner.as_str())
            .set_comment(format!("jixiao {}", env!("CARGO_PKG_VERSION")))
            .set_creation_datetime(&created),
    );
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&sheet.title))?;
    let plan = plan(sheet, page);
    for (c, px) in plan.widths.iter().enumerate() {
        // Rounded down, so the columns never add up to more than the page is wide.
        ws.set_column_width_pixels(col(c), px.floor() as u32)?;
    }
    titles(ws, sheet, plan.widths.len())?;
    grid(ws, sheet, &plan)?;
    page_setup(ws, sheet, page, &plan.rows)?;
    ws.set_page_breaks(&plan.breaks)?;
    let name = ws.name();
    for (base, cells) in [CONTINUED, CONTINUED_PARAGRAPH]
        .into_iter()
        .zip(plan.continued(sheet))
    {
        for (k, refs) in cell_lists(&name, &cells).iter().enumerate() {
            wb.define_name(list_name(base, k), refs)?;
        }
    }
    wb.save_to_buffer()
}

/// The workbook name of the cells that continue the text of the cell above them, in a
/// row split over pages (see [`Plan::continued`]): `jixiao import` puts the row back
/// together. A defined name moves with the cells when a clerk inserts rows.
pub const CONTINUED: &str = "jixiao_continued";
/// The same for cells whose text starts a new paragraph. A list longer than one name
/// holds goes on in `…_2`, `…_3` and so on.
pub const CONTINUED_PARAGRAPH: &str = "jixiao_continued_paragraph";
/// The longest formula Excel keeps in a defined name, characters (its limit is 8,192).
const MAX_NAME_FORMULA: usize = 8000;

/// The cells as reference lists (`'表'!$B$9,'表'!$C$12`), each as long as Excel keeps in
/// one defined name.
fn cell_lists(sheet: &str, cells: &[(u32, u16)]) -> Vec<String> {
    let quoted = format!("'{}'", sheet.replace('\'', "''"));
    let mut lists = Vec::new();
    let (mut out, mut len) = (String::new(), 0);
    for &(r, c) in cells {
        let one = format!(
            "{quoted}!{}",
            rust_xlsxwriter::utility::row_col_to_cell_absolute(r, c)
        );
        let n = one.chars().count() + 1;
        if len + n > MAX_NAME_FORMULA {
            lists.push(std::mem::take(&mut out));
            len = 0;
        }
        out.push(if out.is_empty() { '=' } else { ',' });
        out.push_str(&one);
        len += n;
    }
    if !out.is_empty() {
        lists.push(out);
    }
    lists
}

/// The defined name of the `k`th list of cells under `base` (`base`, `base_2`, …).
fn list_name(base: &str, k: usize) -> String {
    if k == 0 {
        base.to_owned()
    } else {
        format!("{base}_{}", k + 1)
    }
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "绩效目标表".to_owned()
    } else {
        clean
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn base_format() -> CellFormat {
    CellFormat::new()
        .set_font_name(FONT)
        .set_font_charset(CHARSET_GB2312)
}

/// The title and the year line, each merged across the grid's width.
fn titles(ws: &mut Worksheet, sheet: &Sheet, widths: usize) -> Result<(), XlsxError> {
    let last = col(widths.max(1) - 1);
    let title = base_format()
        .set_font_size(TITLE_PT)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let year = base_format()
        .set_font_size(YEAR_PT)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    for (r, text, format, height) in [
        (0, &sheet.title, title, TITLE_PT * 1.8),
        (1, &sheet.subtitle, year, YEAR_PT * 2.0),
    ] {
        if last == 0 {
            ws.write_string_with_format(r, 0, text, &format)?;
        } else {
            ws.merge_range(r, 0, r, last, text, &format)?;
        }
        ws.set_row_height(r, height)?;
    }
    Ok(())
}

/// The format of one grid cell.
fn cell_format(cell: &Cell) -> CellFormat {
    let mut f = base_format()
        .set_font_size(BODY_PT)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(match cell.align {
            Align::Left => FormatAlign::Left,
            Align::Center => FormatAlign::Center,
            Align::Right => FormatAlign::Right,
            Align::Justify => FormatAlign::Justify,
        })
        .set_align(FormatAlign::VerticalCenter);
    if cell.role.is_label() {
        f = f.set_bold();
    }
    if cell.role == Role::Amount {
        f = f.set_num_format("0.00");
    }
    if cell.role == Role::Note {
        // A line outside the ruled table (填报单位, 单位：万元).
        f = f.set_border(FormatBorder::None);
    }
    f
}

/// An amount cell's value as a number. The model keeps money as `Decimal`; a two-decimal
/// amount converts to the nearest `f64` exactly enough for Excel's 15 significant digits,
/// and only here, at the Excel boundary.
fn amount(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<Decimal>().ok().and_then(|d| d.to_f64())
}

/// The formulas of a sheet's computed cells, with the addresses of the cells they read.
struct Formulas {
    /// Spec path → the address of the cell showing it (its first segment).
    at: std::collections::HashMap<String, String>,
    /// Paths some formula reads.
    read: std::collections::HashSet<String>,
}

impl Formulas {
    fn of(sheet: &Sheet, plan: &Plan) -> Self {
        let mut at = std::collections::HashMap::new();
        for (i, cell) in sheet.cells.iter().enumerate() {
            if cell.path.is_empty() {
                continue;
            }
            if let Some((s0, _)) = plan.segments(cell).first() {
                let address = rust_xlsxwriter::utility::row_col_to_cell(*s0, plan.cols[i].0);
                at.entry(cell.path.clone()).or_insert(address);
            }
        }
        let read = sheet
            .cells
            .iter()
            .filter_map(|c| c.formula.as_ref())
            .flat_map(|f| f.refs().into_iter().map(str::to_owned))
            .collect();
        Self { at, read }
    }

    fn is_referenced(&self, cell: &Cell) -> bool {
        !cell.path.is_empty() && self.read.contains(&cell.path)
    }

    /// The cell's formula with addresses in place of paths and its text as the cached
    /// result; none when it reads a cell the sheet does not show.
    fn formula(&self, cell: &Cell) -> Option<rust_xlsxwriter::Formula> {
        let f = cell.formula.as_ref()?;
        let mut expr = f.expr.clone();
        for path in f.refs() {
            expr = expr.replace(&format!("{{{path}}}"), self.at.get(path)?);
        }
        // The cached result: the number for number formats (`95.00` of `95.00%`), else the text.
        let text = cell.text();
        let cached = match (f.format, number_and_unit(&text).0) {
            (Some(_), Some(n)) => n.to_string(),
            _ => text,
        };
        Some(rust_xlsxwriter::Formula::new(format!("={expr}")).set_result(cached))
    }
}

/// A printed value as a number and the unit after it (`9500万元` → 9500, `万元`); no number
/// for text.
fn number_and_unit(text: &str) -> (Option<f64>, String) {
    match crate::target::parse(text).map(|t| t.kind) {
        Ok(crate::target::TargetKind::Quantitative {
            op: None,
            value,
            unit,
            ..
        }) => (value.to_f64(), unit.trim().to_owned()),
        _ => (None, String::new()),
    }
}

/// Every cell with its border and merge; blank bordered cells where the grid has none.
fn grid(ws: &mut Worksheet, sheet: &Sheet, plan: &Plan) -> Result<(), XlsxError> {
    let cols = plan.widths.len();
    let mut covered = vec![false; sheet.rows * cols];
    let formulas = Formulas::of(sheet, plan);
    for (i, cell) in sheet.cells.iter().enumerate() {
        write_cell(ws, sheet, plan, &formulas, i)?;
        let (c0, c1) = plan.cols[i];
        for r in cell.row..=cell.last_row() {
            for c in usize::from(c0)..=usize::from(c1) {
                if let Some(slot) = covered.get_mut(r * cols + c) {
                    *slot = true;
                }
            }
        }
    }
    let empty = base_format()
        .set_font_size(BODY_PT)
        .set_border(FormatBorder::Thin);
    for r in 0..sheet.rows {
        for c in (0..cols).filter(|&c| !covered[r * cols + c]) {
            // A split row gets a blank per piece, so each page closes with a rule.
            let ranges = match plan.rows.split(r) {
                Some(split) => split.pieces.clone(),
                None => vec![plan.rows.span(r, r)],
            };
            for (r0, r1) in ranges {
                if r0 == r1 {
                    ws.write_blank(r0, col(c), &empty)?;
                } else {
                    ws.merge_range(r0, col(c), r1, col(c), "", &empty)?;
                }
            }
        }
    }
    for x in plan.rows.ws_rows() {
        ws.set_row_height(x, plan.rows.height(x))?;
    }
    Ok(())
}

/// Writes cell `i` in each of its ranges: its number, formula or text, or, in a piece of a
/// row split over pages, its lines there.
fn write_cell(
    ws: &mut Worksheet,
    sheet: &Sheet,
    plan: &Plan,
    formulas: &Formulas,
    i: usize,
) -> Result<(), XlsxError> {
    let cell = &sheet.cells[i];
    let mut format = cell_format(cell);
    let (c0, c1) = plan.cols[i];
    let text = cell.text();
    let formula = formulas.formula(cell);
    let number = if cell.role == Role::Amount {
        amount(&text)
    } else if formulas.is_referenced(cell) {
        // A cell a formula reads is written as a number, its unit kept in the number
        // format so it shows as printed (`9500万元`, `100%`).
        let (n, unit) = number_and_unit(&text);
        if !unit.is_empty() {
            format = format.set_num_format(format!("General\"{unit}\""));
        }
        n
    } else {
        None
    };
    if let (Some(_), Some(f)) = (&formula, cell.formula.as_ref().and_then(|f| f.format)) {
        format = format.set_num_format(f);
    }
    // Text running on over pieces reads on from the top of each page.
    let part_format = format.clone().set_align(FormatAlign::Top);
    // A label repeated in a part too short for its lines (the last rows of a block on a
    // page) is set on one line, shrunk to the cell, rather than cut.
    let shrunk = format.clone().unset_text_wrap().set_shrink();
    let shows = plan.shows(sheet, i);
    // Only a label cut into several parts can have one too short (no wrapping otherwise).
    let needed = if cell.repeat && shows.len() > 1 {
        plan.lines(sheet, i) as f64 * LINE_PT + ROW_PAD_PT
    } else {
        0.0
    };
    for ((s0, s1), shows) in shows {
        let short = || (s0..=s1).map(|x| plan.rows.height(x)).sum::<f64>() < needed;
        let format = match shows {
            Shows::Part(_) => &part_format,
            Shows::All if cell.repeat && short() => &shrunk,
            _ => &format,
        };
        if s0 != s1 || c0 != c1 {
            ws.merge_range(s0, c0, s1, c1, "", format)?;
        }
        match (shows, &formula, number) {
            (Shows::Part(lines), _, _) => {
                ws.write_string_with_format(s0, c0, &lines, format)?;
            }
            (Shows::Nothing, _, _) => {
                ws.write_blank(s0, c0, format)?;
            }
            (Shows::All, Some(f), _) => {
                ws.write_formula_with_format(s0, c0, f.clone(), format)?;
            }
            (Shows::All, None, Some(n)) => {
                ws.write_number_with_format(s0, c0, n, format)?;
            }
            (Shows::All, None, None) if text.is_empty() => {
                ws.write_blank(s0, c0, format)?;
            }
            (Shows::All, None, None) => {
                ws.write_string_with_format(s0, c0, &text, format)?;
            }
        }
    }
    Ok(())
}

/// Paper, orientation, margins, fit to one page wide, print titles and the page footer.
fn page_setup(
    ws: &mut Worksheet,
    sheet: &Sheet,
    page: Page,
    rows: &RowMap,
) -> Result<(), XlsxError> {
    ws.set_paper_size(match page.paper {
        Paper::A4 => 9,
        Paper::A3 => 8,
    });
    match page.orientation {
        Orientation::Landscape => ws.set_landscape(),
        Orientation::Portrait => ws.set_portrait(),
    };
    ws.set_margins(
        MARGIN_X_IN,
        MARGIN_X_IN,
        MARGIN_TOP_IN,
        MARGIN_BOTTOM_IN,
        FOOTER_IN,
        FOOTER_IN,
    );
    ws.set_print_center_horizontally(true);
    // As wide as one page, as many pages tall as it takes, however wide the form is.
    ws.set_print_fit_to_pages(1, 0);
    // Excel repeats one band of rows; the last column-header row (the indicator block's)
    // is the one whose rows run over pages.
    if let Some(&last) = sheet.header_rows.iter().max() {
        let (first, end) = rows.span(last, last);
        ws.set_repeat_rows(first, end)?;
    }
    ws.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_become_numbers_and_other_text_does_not() {
        assert_eq!(amount("662.00"), Some(662.0));
        assert_eq!(amount(" 2120.91 "), Some(2120.91));
        assert_eq!(amount(""), None);
        assert_eq!(amount("约 5 万"), None);
    }

    #[test]
    fn writer_errors_are_told_in_chinese() {
        let limit = xlsx_error_text(&XlsxError::RowColumnLimitError);
        assert!(limit.starts_with("表格超过 Excel 的行数上限"), "{limit}");
        let other = xlsx_error_text(&XlsxError::ParameterError("x".into()));
        assert!(other.starts_with("Excel 写入程序内部错误"), "{other}");
    }

    #[test]
    fn long_cell_lists_go_on_in_more_names() {
        let cells: Vec<(u32, u16)> = (0..2000).map(|r| (r, 3)).collect();
        let lists = cell_lists("表", &cells);
        assert!(lists.len() > 1, "{}", lists.len());
        assert!(lists.iter().all(|l| l.chars().count() <= MAX_NAME_FORMULA));
        let refs: usize = lists.iter().map(|l| l.split(',').count()).sum();
        assert_eq!(refs, cells.len());
        assert!(lists[0].starts_with("='表'!$D$1,'表'!$D$2,"));
        assert_eq!(list_name(CONTINUED, 0), "jixiao_continued");
        assert_eq!(list_name(CONTINUED, 2), "jixiao_continued_3");
        assert!(cell_lists("表", &[]).is_empty());
    }

    #[test]
    fn sheet_names_are_valid() {
        assert_eq!(
            sheet_name("部门整体支出绩效目标表"),
            "部门整体支出绩效目标表"
        );
        assert_eq!(sheet_name("a/b:c"), "abc");
        assert_eq!(sheet_name("[]"), "绩效目标表");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
