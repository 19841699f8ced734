//! The printed form as data: a grid of cells with spans, roles and alignment, built once
//! by a form kind (`forms::*::sheet`) and read by every exporter (HTML, PDF, JSON-free
//! formats to come). Exporters know nothing of a form's fields; forms know no format.

use serde::Serialize;

/// What a cell is on the form; exporters map it to a face (bold for labels and headers)
/// and to markup (`th` / `td`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A section label at the left edge (年度预算安排, 年度绩效指标).
    Section,
    /// A fixed label of the form (部门(单位)名称, 资金总额).
    Label,
    /// A column header (一级指标, 部门职能).
    Header,
    /// A value written by the department.
    Value,
    /// An amount in 万元, formatted with two decimals.
    Amount,
    /// Long text set as paragraphs (年度总体目标, 年度目标任务).
    Text,
    /// A line outside the ruled table (`填报单位（盖章）：…　单位：万元`): no borders.
    Note,
}

impl Role {
    /// Labels, section labels and column headers are printed bold.
    pub fn is_label(self) -> bool {
        matches!(self, Role::Section | Role::Label | Role::Header)
    }
}

/// Horizontal alignment inside a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Both edges, except a paragraph's last line.
    Justify,
}

/// One cell of the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// First row (0-based).
    pub row: usize,
    /// First column (0-based).
    pub col: usize,
    /// Rows covered (≥ 1).
    pub rowspan: usize,
    /// Columns covered (≥ 1).
    pub colspan: usize,
    /// The text, one entry per paragraph (never containing a newline).
    pub paras: Vec<String>,
    /// What the cell is.
    pub role: Role,
    /// Alignment.
    pub align: Align,
    /// Indent each paragraph's first line by two characters (long Chinese text).
    pub indent: bool,
    /// For a merged cell cut by a page break: show the whole text again on the next page
    /// (labels) rather than continue it.
    pub repeat: bool,
    /// Stable column key for per-column styling (`target`, `level1`, …), if any.
    pub key: Option<&'static str>,
    /// Where the text comes from in the spec (`indicators[3].target`), for tools that point
    /// from a diagnostic to a cell; empty for fixed labels.
    pub path: String,
    /// What the cell shows, in Chinese, for error messages (`年度绩效指标第 3 行的“目标值”`).
    pub field: String,
    /// A computed cell's formula, for exporters that keep formulas (xlsx); its text is the
    /// cached result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub formula: Option<Formula>,
}

/// A spreadsheet formula over other cells of the sheet, named by their spec paths:
/// `MIN({funds[0].executed}/{funds[0].adjusted},1)*{funds[0].weight}`. An exporter puts
/// each referenced cell's address in place of `{path}` and writes those cells as numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Formula {
    /// The expression without the leading `=`, with `{path}` references.
    pub expr: String,
    /// The number format of the result (`0.00`), or none for text results.
    pub format: Option<&'static str>,
}

impl Formula {
    /// The spec paths the formula reads, in order of first use.
    pub fn refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = self.expr.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let path = &after[..close];
            if !out.contains(&path) {
                out.push(path);
            }
            rest = &after[close + 1..];
        }
        out
    }
}

impl Cell {
    /// The cell's text with paragraphs joined by newlines.
    pub fn text(&self) -> String {
        self.paras.join("\n")
    }

    /// The last row the cell covers.
    pub fn last_row(&self) -> usize {
        self.row + self.rowspan - 1
    }
}

/// The whole form: title lines and the grid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sheet {
    /// The form's title (部门整体支出绩效目标表).
    pub title: String,
    /// The line under the title (`(2021 年度)`).
    pub subtitle: String,
    /// Who the form belongs to (department or project), for document metadata.
    pub owner: String,
    /// Budget year.
    pub year: u16,
    /// Relative column widths; their count is the number of columns.
    pub weights: Vec<u32>,
    /// Number of rows.
    pub rows: usize,
    /// Cells in row-major order; every grid position is covered by at most one.
    pub cells: Vec<Cell>,
    /// Column-header rows: each repeats at the top of a page that continues the rows after
    /// it (until the next header row).
    pub header_rows: Vec<usize>,
    /// Rows that must not end a page: the next row starts on the same page.
    pub keep_with_next: Vec<usize>,
}

impl Sheet {
    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.weights.len()
    }

    /// The cells starting in each row (indices into `cells`, in their order), built in one
    /// pass: exporters that walk the grid row by row stay linear in its size.
    pub fn cells_by_row(&self) -> Vec<Vec<usize>> {
        let mut by_row = vec![Vec::new(); self.rows];
        for (i, c) in self.cells.iter().enumerate() {
            if let Some(row) = by_row.get_mut(c.row) {
                row.push(i);
            }
        }
        by_row
    }

    /// Whether each row must not end a page (`keep_with_next` as a lookup by row).
    pub fn keep_flags(&self) -> Vec<bool> {
        let mut keep = vec![false; self.rows];
        for &r in &self.keep_with_next {
            if let Some(k) = keep.get_mut(r) {
                *k = true;
            }
        }
        keep
    }

    /// The grid's invariant: every cell inside the grid with non-zero spans, and no grid
    /// position covered twice. Returns the first violation, described.
    pub fn check_grid(&self) -> Result<(), String> {
        let cols = self.columns();
        let mut covered = vec![false; self.rows * cols];
        for c in &self.cells {
            if c.rowspan == 0
                || c.colspan == 0
                || c.row + c.rowspan > self.rows
                || c.col + c.colspan > cols
            {
                return Err(format!(
                    "{} 超出表格（{}×{}）：{c:?}",
                    c.field, self.rows, cols
                ));
            }
            for r in c.row..c.row + c.rowspan {
                for k in c.col..c.col + c.colspan {
                    let slot = &mut covered[r * cols + k];
                    if *slot {
                        return Err(format!("{} 与另一格重叠（第 {r} 行第 {k} 列）", c.field));
                    }
                    *slot = true;
                }
            }
        }
        Ok(())
    }
}

/// Builds a sheet row by row, so a form's builder only says what each row holds.
#[derive(Debug)]
pub struct SheetBuilder {
    sheet: Sheet,
}

impl SheetBuilder {
    /// An empty grid with the given column weights.
    pub fn new(
        title: String,
        subtitle: String,
        owner: String,
        year: u16,
        weights: Vec<u32>,
    ) -> Self {
        Self {
            sheet: Sheet {
                title,
                subtitle,
                owner,
                year,
                weights,
                rows: 0,
                cells: Vec::new(),
                header_rows: Vec::new(),
                keep_with_next: Vec::new(),
            },
        }
    }

    /// Number of columns.
    pub fn columns(&self) -> usize {
        self.sheet.weights.len()
    }

    /// The index the next row will get.
    pub fn next_row(&self) -> usize {
        self.sheet.rows
    }

    /// Room for `additional` more cells, for a block that knows its size.
    pub fn reserve(&mut self, additional: usize) {
        self.sheet.cells.reserve(additional);
    }

    /// Adds a cell.
    pub fn push(&mut self, cell: Cell) {
        self.sheet.rows = self.sheet.rows.max(cell.row + cell.rowspan);
        self.sheet.cells.push(cell);
    }

    /// Marks a row as a repeated column header, kept with the row after it.
    pub fn header_row(&mut self, row: usize) {
        self.sheet.header_rows.push(row);
        self.sheet.keep_with_next.push(row);
    }

    /// Keeps a row on the same page as the row after it.
    pub fn keep_with_next(&mut self, row: usize) {
        self.sheet.keep_with_next.push(row);
    }

    /// The finished sheet, cells in row-major order.
    pub fn finish(mut self) -> Sheet {
        self.sheet.cells.sort_by_key(|c| (c.row, c.col));
        self.sheet
    }
}

/// A fixed label cell (bold, centred, repeated when cut by a page break).
pub fn label(
    role: Role,
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    text: &str,
) -> Cell {
    Cell {
        row,
        col,
        rowspan,
        colspan,
        paras: paragraphs(text),
        role,
        align: Align::Center,
        indent: false,
        repeat: true,
        key: None,
        path: String::new(),
        field: header_field(text),
        formula: None,
    }
}

/// A value cell: text from the spec at `path`, described as `field` in messages.
#[allow(clippy::too_many_arguments)]
pub fn value(
    role: Role,
    align: Align,
    (row, col): (usize, usize),
    (rowspan, colspan): (usize, usize),
    text: &str,
    path: String,
    field: String,
) -> Cell {
    Cell {
        row,
        col,
        rowspan,
        colspan,
        paras: paragraphs(text),
        indent: role == Role::Text,
        role,
        align,
        repeat: false,
        key: None,
        path,
        field,
        formula: None,
    }
}

/// The blocks of a grid of `rows` rows: each column-header row (年度履职目标, the
/// indicators) with the rows under it up to the next header, in order. The column fits of
/// the PDF and the workbook both refit block by block.
pub fn header_blocks(header_rows: &[usize], rows: usize) -> Vec<std::ops::Range<usize>> {
    let mut heads = header_rows.to_vec();
    heads.sort_unstable();
    heads.dedup();
    heads
        .iter()
        .enumerate()
        .map(|(k, &start)| start..heads.get(k + 1).copied().unwrap_or(rows).min(rows))
        .collect()
}

/// Splits text into paragraphs at newlines, keeping the text as written (exporters decide
/// what blanks mean on their medium).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect()
}

/// What a header cell is called in messages: `表头“指标值”` (built by hand: one per label,
/// and `format!` cost several times the copy).
fn header_field(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 12);
    s.push_str("表头“");
    s.push_str(text);
    s.push('”');
    s
}

/// Long text: blank lines dropped, each remaining line a paragraph without trailing blanks.
pub fn text_paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim_end().to_owned())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// Maximal runs of consecutive items with the same key: (start, length).
pub fn runs<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let k = key(&items[i]);
        let mut j = i + 1;
        while j < items.len() && key(&items[j]) == k {
            j += 1;
        }
        out.push((i, j - i));
        i = j;
    }
    out
}

/// Splits `total` columns into `parts` spans whose sizes follow `shares` as closely as
/// whole columns allow, each at least one.
pub fn split_columns(total: usize, shares: &[u32]) -> Vec<usize> {
    let n = shares.len();
    if n == 0 {
        return Vec::new();
    }
    let sum: u32 = shares.iter().sum::<u32>().max(1);
    let mut spans: Vec<usize> = shares
        .iter()
        .map(|&s| ((s as usize * total) / sum as usize).max(1))
        .collect();
    // Give or take columns from the largest shares until the total fits.
    while spans.iter().sum::<usize>() > total {
        let Some(i) = (0..n).filter(|&i| spans[i] > 1).max_by_key(|&i| spans[i]) else {
            break;
        };
        spans[i] -= 1;
    }
    while spans.iter().sum::<usize>() < total {
        // Ties go to the first part (`rev` because `max_by_key` keeps the last maximum).
        let i = (0..n)
            .rev()
            .max_by_key(|&i| (u64::from(shares[i]) * 1000) / spans[i] as u64)
            .unwrap_or(0);
        spans[i] += 1;
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_by_row_lists_each_cell_under_its_first_row() {
        let mut b = SheetBuilder::new(
            String::new(),
            String::new(),
            String::new(),
            2021,
            vec![1, 1],
        );
        b.push(label(Role::Label, 0, 0, 2, 1, "一"));
        b.push(label(Role::Label, 0, 1, 1, 1, "二"));
        b.push(label(Role::Label, 1, 1, 1, 1, "三"));
        b.push(label(Role::Label, 3, 0, 1, 2, "四"));
        b.keep_with_next(1);
        let sheet = b.finish();
        assert_eq!(
            sheet.cells_by_row(),
            vec![vec![0, 1], vec![2], vec![], vec![3]]
        );
        assert_eq!(sheet.keep_flags(), vec![false, true, false, false]);
    }

    #[test]
    fn runs_group_consecutive_equal_keys() {
        let v = ["a", "a", "b", "a"];
        assert_eq!(runs(&v, |s| *s), vec![(0, 2), (2, 1), (3, 1)]);
        assert!(runs(&[] as &[&str], |s| *s).is_empty());
    }

    #[test]
    fn split_columns_fills_exactly() {
        assert_eq!(split_columns(8, &[1, 1, 1, 1]), vec![2, 2, 2, 2]);
        assert_eq!(split_columns(5, &[1, 1, 1, 1]).iter().sum::<usize>(), 5);
        assert_eq!(split_columns(3, &[1, 1, 1, 1, 1]).iter().sum::<usize>(), 5);
        assert_eq!(split_columns(10, &[3, 1]), vec![7, 3]);
    }

    #[test]
    fn header_cells_are_named_in_messages_by_their_text() {
        assert_eq!(
            label(Role::Header, 0, 0, 1, 1, "指标值").field,
            "表头“指标值”"
        );
    }

    #[test]
    fn paragraphs_keep_empty_lines_but_text_paragraphs_drop_them() {
        assert_eq!(paragraphs("a\n\nb\t"), vec!["a", "", "b\t"]);
        assert_eq!(text_paragraphs("a\n\n b \n"), vec!["a", " b"]);
    }
}
