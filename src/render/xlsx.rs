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
use unicode_width::UnicodeWidthChar;

use super::RenderError;
use super::export::{Exporter, Format, Input};
use super::sheet::{Align, Cell, Role, Sheet};
use crate::model::{Orientation, Paper};

/// The font every cell is set in (the Chinese name, as Chinese Excel and WPS write it).
const FONT: &str = "宋体";
/// GB2312 character set, which Excel records with a Chinese font.
const CHARSET_GB2312: u8 = 134;
/// Type sizes in points, as in the HTML and PDF forms.
const BODY_PT: f64 = 10.5;
const TITLE_PT: f64 = 18.0;
const YEAR_PT: f64 = 11.0;
/// Baseline-to-baseline distance of one body line, in points. LibreOffice, falling back
/// to Noto Serif CJK for 宋体, sets 10.5 pt lines 14.3 pt apart (measured); SimSun in Excel
/// needs less, so Excel shows a little more air, never clipped text.
const LINE_PT: f64 = BODY_PT * 1.4;
/// Space above and below the text in a cell, points.
const ROW_PAD_PT: f64 = 6.0;
/// Excel's largest row height, points.
const MAX_ROW_PT: f64 = 409.0;
/// Horizontal space a cell loses to its borders and padding, pixels.
const CELL_PAD_PX: f64 = 5.0;
/// Width of one half-width unit of body text (an ASCII character in SimSun), pixels at
/// 96 dpi; a CJK character is two units.
const UNIT_PX: f64 = BODY_PT * 96.0 / 72.0 / 2.0;
/// Units per line kept in reserve for a client whose text runs a little wider.
const WRAP_SLACK_UNITS: usize = 1;
/// Margins in inches (10 mm left and right, 12 mm top, 14 mm bottom as in the PDF).
const MARGIN_X_IN: f64 = 10.0 / 25.4;
const MARGIN_TOP_IN: f64 = 12.0 / 25.4;
const MARGIN_BOTTOM_IN: f64 = 14.0 / 25.4;
const FOOTER_IN: f64 = 5.0 / 25.4;
/// Rows above the grid: the title and the year line.
const TITLE_ROWS: u32 = 2;
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
            .map_err(|e| RenderError::Xlsx(e.to_string()))
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
    fn printable_px(self) -> f64 {
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
    fn printable_pt(self) -> f64 {
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
    titles(ws, sheet)?;
    grid(ws, sheet, &plan)?;
    page_setup(ws, sheet, page, &plan.rows)?;
    ws.set_page_breaks(&plan.breaks)?;
    wb.save_to_buffer()
}

/// Column widths, row placement and page breaks of a sheet on a page.
#[derive(Debug)]
pub struct Plan {
    /// Column widths, pixels at 96 dpi.
    pub widths: Vec<f64>,
    /// Where each sheet row goes.
    pub rows: RowMap,
    /// Worksheet rows that start a new page.
    pub breaks: Vec<u32>,
}

impl Plan {
    /// The worksheet rows a cell is written in: one merged range, or, for a label cut by
    /// a page break between two rows, one range per page, each with the label again (as
    /// in the PDF). Other text runs on across a break, and so does everything cut inside
    /// a row taller than a page.
    pub fn segments(&self, cell: &Cell) -> Vec<(u32, u32)> {
        let (r0, r1) = self.rows.span(cell.row, cell.last_row());
        let mut segments = vec![(r0, r1)];
        if cell.repeat {
            let cuts = self
                .breaks
                .iter()
                .filter(|&&b| b > r0 && b <= r1 && self.rows.first.binary_search(&b).is_ok());
            for &b in cuts {
                let (first, _) = segments.pop().unwrap_or((r0, r1));
                segments.push((first, b - 1));
                segments.push((b, r1));
            }
        }
        segments
    }

    /// Lines the cell's text is estimated to take.
    pub fn lines(&self, cell: &Cell) -> usize {
        lines(
            &cell.paras,
            self.widths[cell.col..cell.col + cell.colspan].iter().sum(),
        )
    }
}

/// Plans the worksheet: widths from the weights, heights from the text.
pub fn plan(sheet: &Sheet, page: Page) -> Plan {
    let widths = column_px(sheet, page);
    let rows = RowMap::new(&row_heights(sheet, &widths));
    let breaks = page_breaks(sheet, &rows, page);
    Plan {
        widths,
        rows,
        breaks,
    }
}

/// Share of a page's height the rows are planned to fill, leaving room for a client
/// that prints a little larger.
const PAGE_FILL: f64 = 0.97;

/// Where pages start. The columns are as wide as the page, so a client prints at 100 %
/// and the explicit row heights decide the pages; breaking there ourselves lets the
/// labels of merged cells cut by a break be written again on the new page. A row is kept
/// with the next when the sheet says so; a row taller than a page breaks between its
/// worksheet rows.
pub fn page_breaks(sheet: &Sheet, rows: &RowMap, page: Page) -> Vec<u32> {
    // Worksheet rows in order: (sheet row, worksheet row, height).
    let mut units: Vec<(usize, u32, f64)> = Vec::new();
    for r in 0..sheet.rows {
        let (r0, r1) = rows.span(r, r);
        for x in r0..=r1 {
            units.push((r, x, rows.height[r]));
        }
    }
    let avail = page.printable_pt() * PAGE_FILL;
    let repeat = sheet.header_rows.iter().max().copied();
    let repeat_h: f64 = repeat.map_or(0.0, |h| {
        let (r0, r1) = rows.span(h, h);
        f64::from(r1 - r0 + 1) * rows.height[h]
    });
    let keep = |r: usize| sheet.keep_with_next.contains(&r);
    // May a page start at unit i?
    let allowed = |i: usize| {
        let (r, x, _) = units[i];
        let first_part = x == rows.span(r, r).0;
        !(first_part && r > 0 && keep(r - 1))
    };
    let mut breaks = Vec::new();
    let mut start = 0usize;
    let mut used = TITLE_PT * 1.8 + YEAR_PT * 2.0;
    let mut i = 0usize;
    while i < units.len() {
        let h = units[i].2;
        if used + h > avail && i > start {
            let mut b = i;
            while b > start + 1 && !allowed(b) {
                b -= 1;
            }
            breaks.push(units[b].1);
            start = b;
            i = b;
            used = match repeat {
                Some(hr) if units[b].0 > hr => repeat_h,
                _ => 0.0,
            };
            continue;
        }
        used += h;
        i += 1;
    }
    breaks
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

/// Column widths: the sheet's weights scaled to the printable width, pixels.
fn column_px(sheet: &Sheet, page: Page) -> Vec<f64> {
    let total: u32 = sheet.weights.iter().sum::<u32>().max(1);
    let width = page.printable_px();
    sheet
        .weights
        .iter()
        .map(|&w| (f64::from(w) * width / f64::from(total)).max(12.0))
        .collect()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Where each row of the sheet goes in the worksheet. A row taller than Excel allows
/// (409 pt) becomes several worksheet rows with every cell merged across them, so long
/// text is never cut off.
#[derive(Debug)]
pub struct RowMap {
    /// First worksheet row of each sheet row.
    first: Vec<u32>,
    /// Worksheet rows each sheet row takes.
    count: Vec<u32>,
    /// Height of each of those worksheet rows, points.
    height: Vec<f64>,
}

impl RowMap {
    /// The map for rows of the given heights (points), below the title rows.
    pub fn new(heights: &[f64]) -> Self {
        let mut next = TITLE_ROWS;
        let (mut first, mut count, mut height) = (Vec::new(), Vec::new(), Vec::new());
        for &h in heights {
            let k = (h / MAX_ROW_PT).ceil().max(1.0);
            first.push(next);
            count.push(k as u32);
            height.push(((h / k) * 4.0).ceil() / 4.0);
            next = next.saturating_add(k as u32);
        }
        Self {
            first,
            count,
            height,
        }
    }

    /// The worksheet rows of sheet rows `r0..=r1`: (first, last).
    pub fn span(&self, r0: usize, r1: usize) -> (u32, u32) {
        (self.first[r0], self.first[r1] + self.count[r1] - 1)
    }
}

fn base_format() -> CellFormat {
    CellFormat::new()
        .set_font_name(FONT)
        .set_font_charset(CHARSET_GB2312)
}

/// The title and the year line, each merged across the grid's width.
fn titles(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    let last = col(sheet.columns().max(1) - 1);
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
        for cell in sheet.cells.iter().filter(|c| !c.path.is_empty()) {
            if let Some((s0, _)) = plan.segments(cell).first() {
                let address = rust_xlsxwriter::utility::row_col_to_cell(*s0, col(cell.col));
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
    let rows = &plan.rows;
    let cols = sheet.columns();
    let mut covered = vec![false; sheet.rows * cols];
    let formulas = Formulas::of(sheet, plan);
    for cell in &sheet.cells {
        let mut format = cell_format(cell);
        let (c0, c1) = (col(cell.col), col(cell.col + cell.colspan - 1));
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
        for (s0, s1) in plan.segments(cell) {
            if s0 != s1 || c0 != c1 {
                ws.merge_range(s0, c0, s1, c1, "", &format)?;
            }
            if let Some(f) = &formula {
                ws.write_formula_with_format(s0, c0, f.clone(), &format)?;
                continue;
            }
            match number {
                Some(n) => {
                    ws.write_number_with_format(s0, c0, n, &format)?;
                }
                None if text.is_empty() => {
                    ws.write_blank(s0, c0, &format)?;
                }
                None => {
                    ws.write_string_with_format(s0, c0, &text, &format)?;
                }
            }
        }
        for r in cell.row..=cell.last_row() {
            for c in cell.col..cell.col + cell.colspan {
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
        for c in 0..cols {
            if !covered[r * cols + c] {
                let (r0, r1) = rows.span(r, r);
                if r0 == r1 {
                    ws.write_blank(r0, col(c), &empty)?;
                } else {
                    ws.merge_range(r0, col(c), r1, col(c), "", &empty)?;
                }
            }
        }
    }
    for r in 0..sheet.rows {
        let (r0, r1) = rows.span(r, r);
        for x in r0..=r1 {
            ws.set_row_height(x, rows.height[r])?;
        }
    }
    Ok(())
}

/// Lines a cell's text takes in a column of the given width (pixels).
pub fn lines(paras: &[String], width_px: f64) -> usize {
    let per_line = (((width_px - CELL_PAD_PX) / UNIT_PX).floor() as usize)
        .saturating_sub(WRAP_SLACK_UNITS)
        .max(2);
    paras
        .iter()
        .map(|p| para_lines(p, per_line))
        .sum::<usize>()
        .max(1)
}

/// Characters a line must not start with (a client moves the character before them down).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〉”’…,.;:?!)]%".contains(c)
}

/// Lines one paragraph takes at `cap` half-width units a line, breaking as a spreadsheet
/// does: between any two CJK characters, Latin words whole (or cut when longer than a
/// line), never before closing punctuation.
fn para_lines(text: &str, cap: usize) -> usize {
    // Tokens: a Latin word (run of ASCII non-blanks), a blank, or one other character.
    let mut tokens: Vec<(usize, bool, bool)> = Vec::new(); // (units, blank, no line start)
    let mut word = 0usize;
    for c in text.chars() {
        if c.is_ascii_graphic() && !no_line_start(c) {
            word += 1;
            continue;
        }
        if word > 0 {
            tokens.push((word, false, false));
            word = 0;
        }
        let w = if c == '\t' { 2 } else { c.width().unwrap_or(0) };
        tokens.push((w, c == ' ' || c == '\u{3000}', no_line_start(c)));
    }
    if word > 0 {
        tokens.push((word, false, false));
    }
    let mut lines = 1;
    let mut used = 0usize;
    let mut prev = 0usize;
    for (w, blank, closing) in tokens {
        if used + w <= cap {
            used += w;
        } else if blank {
            // A blank at the end of a line is dropped.
        } else if closing && prev > 0 && prev + w <= cap {
            lines += 1;
            used = prev + w;
        } else if w > cap {
            let rest = w - (cap - used).min(w);
            lines += rest.div_ceil(cap);
            used = rest % cap;
            if used == 0 {
                used = cap;
            }
        } else {
            lines += 1;
            used = if blank { 0 } else { w };
        }
        prev = w;
    }
    lines
}

/// Height a cell needs, points.
fn needed_pt(cell: &Cell, widths: &[f64]) -> f64 {
    let width: f64 = widths[cell.col..cell.col + cell.colspan].iter().sum();
    lines(&cell.paras, width) as f64 * LINE_PT + ROW_PAD_PT
}

/// Row heights (points, possibly above Excel's limit) that fit every cell: single-row cells first, then each merged cell's
/// shortfall spread evenly over the rows it covers (shortest spans first).
pub fn row_heights(sheet: &Sheet, widths: &[f64]) -> Vec<f64> {
    let mut heights = vec![LINE_PT + ROW_PAD_PT; sheet.rows];
    for cell in sheet.cells.iter().filter(|c| c.rowspan == 1) {
        let h = &mut heights[cell.row];
        *h = h.max(needed_pt(cell, widths));
    }
    let mut merged: Vec<&Cell> = sheet.cells.iter().filter(|c| c.rowspan > 1).collect();
    merged.sort_by_key(|c| c.rowspan);
    for cell in merged {
        let span = cell.row..=cell.last_row();
        let have: f64 = heights[span.clone()].iter().sum();
        let need = needed_pt(cell, widths);
        if need > have {
            let extra = (need - have) / cell.rowspan as f64;
            for h in &mut heights[span] {
                *h += extra;
            }
        }
    }
    heights
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
    fn lines_count_cjk_as_two_units() {
        // 89 px: (89 - 5) / 7 = 12 units, less 1 of slack = 11 units a line.
        let w = 89.0;
        assert_eq!(lines(&["".into()], w), 1);
        assert_eq!(lines(&["一二三四五".into()], w), 1);
        assert_eq!(lines(&["一二三四五六".into()], w), 2);
        assert_eq!(lines(&["abcdefghijk".into(), "x".into()], w), 2);
    }

    #[test]
    fn lines_break_like_a_spreadsheet() {
        // Five CJK characters a line (10 units).
        assert_eq!(para_lines("一二三四五六七八九十", 10), 2);
        // A full stop never starts a line: the character before it moves down too.
        assert_eq!(para_lines("一二三四五。", 10), 2);
        assert_eq!(para_lines("一二三四五六七八九。", 10), 2);
        // Latin words stay whole; a blank at a line end is dropped.
        assert_eq!(para_lines("abcd efgh", 8), 2);
        assert_eq!(para_lines("abcdefgh ij", 8), 2);
        // A word longer than a line is cut.
        assert_eq!(para_lines("abcdefghijklmnopqrst", 8), 3);
        assert_eq!(para_lines("一abcdefghijklmnopqrst", 8), 3);
    }

    #[test]
    fn rows_taller_than_excel_allows_take_several_worksheet_rows() {
        let map = RowMap::new(&[20.0, 1000.0, 30.0]);
        assert_eq!(map.span(0, 0), (2, 2));
        assert_eq!(map.span(1, 1), (3, 5));
        assert_eq!(map.span(2, 2), (6, 6));
        assert_eq!(map.span(0, 2), (2, 6));
        assert!(map.height.iter().all(|&h| h <= MAX_ROW_PT));
        assert!(map.height[1] * 3.0 >= 1000.0);
    }

    #[test]
    fn amounts_become_numbers_and_other_text_does_not() {
        assert_eq!(amount("662.00"), Some(662.0));
        assert_eq!(amount(" 2120.91 "), Some(2120.91));
        assert_eq!(amount(""), None);
        assert_eq!(amount("约 5 万"), None);
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
