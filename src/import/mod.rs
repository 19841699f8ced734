//! `jixiao import`: legacy goal tables (Excel workbooks, text dumps, HTML/XML "xls"
//! exports) turned into specs.
//!
//! The pipeline: [`sniff`] decides what a file really is from its bytes (never from its
//! extension) and checks a zip's declared sizes before anything decompresses it; a reader
//! turns each sheet into a [`grid::Grid`] of display texts; [`form`] finds the table by its
//! labels; [`crate::spec::write`] writes the TOML. Business rules are not applied here: the
//! written spec goes through `validate` like any other.

pub mod columns;
pub mod excel;
pub mod extracted;
pub mod form;
pub mod grid;
pub mod hidden;
pub mod json;
pub mod known;
pub mod layout_match;
pub mod markup;
pub mod project;
pub mod satisfaction;
pub mod sniff;
pub mod starting;
pub mod text;
pub mod words;
pub mod xls_bounds;

use std::path::Path;

use thiserror::Error;

use crate::diag::Diagnostic;
use crate::spec::write::to_toml;

pub use extracted::Extracted;

/// A sheet's name and, when reading succeeded, its grid.
pub type SheetGrid = (String, Result<grid::Grid, ImportError>);
pub use sniff::Kind;

/// Limits that keep an import within seconds and bounded memory (documented in
/// docs/import.md).
pub mod limits {
    /// Largest input file read at all.
    pub const MAX_INPUT_BYTES: u64 = 100 * 1024 * 1024;
    /// Largest text, HTML or XML file (these are read into memory whole).
    pub const MAX_TEXT_BYTES: u64 = 20 * 1024 * 1024;
    /// Sum of the uncompressed sizes a zip (.xlsx/.ods) may declare.
    pub const MAX_UNCOMPRESSED_BYTES: u64 = 200 * 1024 * 1024;
    /// Most entries a zip may hold.
    pub const MAX_ZIP_ENTRIES: usize = 10_000;
    /// Most rows with content in one sheet.
    pub const MAX_ROWS: usize = 100_000;
    /// Most columns with content in one sheet.
    pub const MAX_COLS: usize = 256;
    /// Most non-empty cells in one sheet.
    pub const MAX_CELLS: usize = 2_000_000;
    /// Largest area (rows × columns) the cells of one `.xls` sheet may span: the `.xls`
    /// reader allocates the whole area, so this bounds its memory (about 200 MB).
    pub const MAX_XLS_AREA: u64 = 4_000_000;
    /// Most sheets one markup workbook (.ods, XML 2003) may hold.
    pub const MAX_SHEETS: usize = 1_000;
    /// Most cells (merged areas counted whole) all sheets of one markup workbook may place
    /// together: the per-sheet limits alone let a small file with many sheets of one huge
    /// merge cost minutes.
    pub const MAX_WORKBOOK_CELLS: usize = 4 * MAX_CELLS;
    /// Most bytes of cell text one markup workbook may produce: repeats (`.ods`
    /// `number-rows-repeated`, `text:s`) multiply text, a real form holds well under 1 MB.
    pub const MAX_WORKBOOK_TEXT: usize = 64 * 1024 * 1024;
    /// Longest text one cell may collect; more is not read (a form's field holds 20,000
    /// characters at most, 80 KB in UTF-8).
    pub const MAX_CELL_TEXT: usize = 256 * 1024;
}

/// Why a file could not be imported at all. Messages are for finance staff.
#[derive(Debug, Error)]
pub enum ImportError {
    /// The path does not exist.
    #[error("{file}: 文件不存在")]
    NotFound {
        /// File as given.
        file: String,
    },
    /// The path is a folder.
    #[error("{file}: 这是一个文件夹，请给出要导入的表格文件")]
    IsDir {
        /// File as given.
        file: String,
    },
    /// Zero bytes.
    #[error("{file}: 文件是空的（0 字节），可能下载或复制没有完成")]
    Empty {
        /// File as given.
        file: String,
    },
    /// Bigger than the input limit.
    #[error("{file}: 文件过大（{size} 字节），导入上限为 {limit} 字节")]
    TooLarge {
        /// File as given.
        file: String,
        /// Actual size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Reading failed at the OS level.
    #[error("{file}: 无法读取文件：{source}")]
    Io {
        /// File as given.
        file: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// Not a spreadsheet, whatever its name says.
    #[error(
        "{file}: 不是表格文件（看起来是{what}）。请用 Excel 或 WPS 打开原表，另存为 .xlsx 后再导入"
    )]
    NotSpreadsheet {
        /// File as given.
        file: String,
        /// What the bytes look like.
        what: String,
    },
    /// A password-protected workbook.
    #[error(
        "{file}: 工作簿设有打开密码，无法读取。请在 Excel 中打开后，“文件 → 信息 → 保护工作簿 → 用密码进行加密”清除密码，保存后再导入"
    )]
    Password {
        /// File as given.
        file: String,
    },
    /// Truncated or damaged.
    #[error("{file}: 文件已损坏或不完整，无法读取（{detail}）。请重新下载或从原始系统重新导出")]
    Corrupt {
        /// File as given.
        file: String,
        /// The reader's own words.
        detail: String,
    },
    /// A zip whose parts would decompress to more than allowed.
    #[error(
        "{file}: 压缩包内容过大：解压后共 {declared} 字节（{entries} 个部件），超过上限 {limit} 字节。正常的绩效目标表远小于此，文件可能已损坏或被篡改"
    )]
    ZipBomb {
        /// File as given.
        file: String,
        /// Declared uncompressed total.
        declared: u64,
        /// Number of entries.
        entries: usize,
        /// The limit.
        limit: u64,
    },
    /// A sheet beyond the row/column/cell limits.
    #[error("{file}{}: 表格过大（{what}）；上限为 {} 行、{} 列、{} 个非空单元格。请把目标表复制到新工作表，删去多余的行列后再导入", sheet_suffix(.sheet), limits::MAX_ROWS, limits::MAX_COLS, limits::MAX_CELLS)]
    SheetTooLarge {
        /// File as given.
        file: String,
        /// Sheet name (may be empty).
        sheet: String,
        /// What exceeded.
        what: String,
    },
    /// A workbook beyond the limits that hold for all its sheets together.
    #[error(
        "{file}: 工作簿过大（{what}）。正常的绩效目标表远小于此，文件可能已损坏或被篡改；请把目标表复制到新工作簿后再导入"
    )]
    WorkbookTooLarge {
        /// File as given.
        file: String,
        /// What exceeded.
        what: String,
    },
    /// `--sheet` names a sheet the workbook lacks.
    #[error("{file}: 没有名为“{sheet}”的工作表。现有工作表：{available}")]
    SheetNotFound {
        /// File as given.
        file: String,
        /// Requested sheet.
        sheet: String,
        /// The sheet names there are.
        available: String,
    },
    /// A JSON file that is not (a valid) jixiao export.
    #[error("{file}: JSON 内容无法读取（{detail}）。只能导入 jixiao render -f json 导出的格式")]
    BadJson {
        /// File as given.
        file: String,
        /// Where and what.
        detail: String,
    },
    /// No sheet holds a goal table.
    #[error("{file}: 没有找到绩效目标表（{detail}）。导入需要带“一级指标”“三级指标”表头的指标区")]
    NoGoalTable {
        /// File as given.
        file: String,
        /// What was looked at.
        detail: String,
    },
}

fn sheet_suffix(sheet: &str) -> String {
    if sheet.is_empty() {
        String::new()
    } else {
        format!("[{sheet}]")
    }
}

/// Import settings.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only this sheet.
    pub sheet: Option<String>,
    /// `--template`: read every table as this project definition of the department's
    /// own, and name it in the spec.
    pub template: Option<Template>,
    /// A reader of another kind of table (the year-end 自评表) tried on each sheet of a
    /// workbook before the goal-table readers: the spec text of the first sheet it reads.
    /// A hook, so the workbook is read once and this module knows nothing of that form.
    pub other: Option<OtherReader>,
    /// `--year`, for the other reader.
    pub year: Option<u16>,
}

/// See [`Options::other`]: a sheet and the `--year` asked for, to a spec's text.
pub type OtherReader = fn(&grid::Grid, Option<u16>) -> Option<String>;

/// A definition file of the department's own to import by.
#[derive(Clone, Debug)]
pub struct Template {
    /// The definition.
    pub def: &'static crate::formdef::FormDef,
    /// The path as the spec writes it (relative to the spec's folder when it can be).
    pub written: String,
}

/// One imported goal table.
#[derive(Debug)]
pub struct SheetImport {
    /// Sheet name, when the format has sheets.
    pub sheet: Option<String>,
    /// The values found, where they came from, and the problems met.
    pub extracted: Extracted,
    /// The spec text (written only when nothing essential is missing).
    pub toml: String,
    /// Every non-empty cell text of the original sheet, in reading order (to measure
    /// what a re-render brings back).
    pub strings: Vec<String>,
}

/// Everything imported from one file.
#[derive(Debug)]
pub struct Import {
    /// What the file really is.
    pub kind: Kind,
    /// Goal tables, in sheet order.
    pub tables: Vec<SheetImport>,
    /// Sheets left out and why.
    pub skipped: Vec<(String, String)>,
    /// The spec text [`Options::other`] made of a sheet (then `tables` is empty).
    pub other: Option<String>,
}

impl Import {
    /// All diagnostics of all tables.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.tables
            .iter()
            .flat_map(|t| t.extracted.diagnostics.iter())
    }
}

/// Imports a file: every goal-table sheet, or the one `options.sheet` names.
pub fn import_path(path: &Path, options: &Options) -> Result<Import, ImportError> {
    let file = path.file_name().map_or_else(
        || crate::console::show(path),
        |f| f.to_string_lossy().into_owned(),
    );
    let kind = sniff::sniff(path, &file)?;
    let sheets: Vec<SheetGrid> = match kind {
        Kind::Xlsx => guarded(&file, || {
            let hidden = hidden::xlsx_rows(path);
            excel::read_book(
                path,
                &file,
                excel::Book::Xlsx,
                options.sheet.as_deref(),
                &hidden,
            )
        })?,
        Kind::Xls => guarded(&file, || {
            let hidden = xls_bounds::check(path, &file)?;
            excel::read_book(
                path,
                &file,
                excel::Book::Xls,
                options.sheet.as_deref(),
                &hidden,
            )
        })?,
        Kind::Ods => select_sheets(
            &file,
            markup::parse_ods(&file, &sniff::ods_content(path, &file)?),
            options,
        )?,
        Kind::Json => {
            let text = sniff::read_text(path, &file)?;
            let (mut spec, project) = json::parse(&file, &text)?;
            spec.header = header_lines(&file, None);
            spec.header[0] = spec.header[0].replacen(form::FORM, &spec.form, 1);
            let extracted = Extracted {
                spec,
                project,
                ..Extracted::default()
            };
            let toml = spec_text(&extracted);
            return Ok(Import {
                kind,
                tables: vec![SheetImport {
                    sheet: None,
                    extracted,
                    toml,
                    strings: Vec::new(),
                }],
                skipped: Vec::new(),
                other: None,
            });
        }
        Kind::Text | Kind::Html | Kind::Xml2003 => {
            let text = sniff::read_text(path, &file)?;
            match kind {
                Kind::Text => vec![(String::new(), text::parse(&file, &text))],
                Kind::Html => vec![(String::new(), markup::parse_html(&file, &text))],
                _ => select_sheets(&file, markup::parse_xml2003(&file, &text)?, options)?,
            }
        }
    };
    if let (Some(read), Kind::Xlsx | Kind::Xls | Kind::Ods) = (options.other, kind) {
        let mut grids = sheets.iter().filter_map(|(_, g)| g.as_ref().ok());
        if let Some(text) = grids.find_map(|g| read(g, options.year)) {
            return Ok(Import {
                kind,
                tables: Vec::new(),
                skipped: Vec::new(),
                other: Some(text),
            });
        }
    }
    let sheet_count = sheets.len();
    let mut tables = Vec::new();
    let mut skipped = Vec::new();
    let mut first_error = None;
    for (name, grid) in sheets {
        let grid = match grid {
            Ok(g) => g,
            Err(e) => {
                skipped.push((name, e.to_string()));
                first_error.get_or_insert(e);
                continue;
            }
        };
        if grid
            .rows
            .iter()
            .all(|r| r.iter().all(|c| c.trim().is_empty()))
        {
            skipped.push((name, "工作表是空的".to_owned()));
            continue;
        }
        let own = options.template.as_ref().map(|t| t.def);
        if !looks_like_goal_table(&grid) && !own.is_some_and(|d| form::looks_like_own(&grid, d)) {
            let why = match known::unknown_title(&grid) {
                Some(title) => format!("标题“{title}”不是 jixiao 认识的表格"),
                None => "没有“一级指标/三级指标”表头，不是绩效目标表".to_owned(),
            };
            skipped.push((name, why));
            continue;
        }
        let mut extracted = extract(&grid, own);
        if let Some(t) = &options.template {
            match &mut extracted.project {
                Some(p) => p.template = Some((t.written.clone(), t.def)),
                None => extracted.spec.template = Some((t.written.clone(), t.def)),
            }
        }
        satisfaction::satisfaction_under_benefit(&mut extracted);
        extracted.spec.header = header_lines(&file, grid.sheet.as_deref());
        if extracted.project.is_some() {
            extracted.spec.header[0] =
                extracted.spec.header[0].replacen(form::FORM, &extracted.spec.form, 1);
        }
        let toml = spec_text(&extracted);
        let strings = grid
            .rows
            .iter()
            .flatten()
            .filter(|c| !c.trim().is_empty())
            .cloned()
            .collect();
        tables.push(SheetImport {
            sheet: grid.sheet.clone(),
            extracted,
            toml,
            strings,
        });
    }
    if tables.is_empty() {
        // A single unreadable sheet is the real story (too large, damaged).
        if let Some(e) = first_error
            && sheet_count == 1
        {
            return Err(e);
        }
        let detail = if skipped.is_empty() {
            "文件里没有工作表".to_owned()
        } else {
            skipped
                .iter()
                .map(|(n, why)| {
                    if n.is_empty() {
                        why.clone()
                    } else {
                        format!("工作表“{n}”：{why}")
                    }
                })
                .collect::<Vec<_>>()
                .join("；")
        };
        return Err(ImportError::NoGoalTable {
            file,
            detail: format!("{detail}；{}", known::known_forms_hint()),
        });
    }
    Ok(Import {
        kind,
        tables,
        skipped,
        other: None,
    })
}

/// Whether a sheet holds a goal table of either form.
pub fn looks_like_goal_table(grid: &grid::Grid) -> bool {
    form::looks_like_goal_table(grid) || project::is_project(grid)
}

/// Reads a goal table: the form the sheet holds decides the reader (a definition of the
/// department's own reads every sheet as its form).
pub fn extract(grid: &grid::Grid, own: Option<&'static crate::formdef::FormDef>) -> Extracted {
    match own {
        Some(def) if def.form.model == "部门整体" => form::extract(grid, own),
        Some(_) => project::extract(grid, own),
        None if project::is_project(grid) => project::extract(grid, None),
        None => form::extract(grid, None),
    }
}

/// The spec text of an imported table: the project writer for project tables.
pub fn spec_text(extracted: &Extracted) -> String {
    match &extracted.project {
        Some(p) => crate::spec::write_project::to_toml(&extracted.spec, p),
        None => to_toml(&extracted.spec),
    }
}

/// Runs a third-party reader so that a panic inside it (seen on damaged .xls files)
/// becomes a "damaged file" error instead of a crash.
fn guarded<T>(file: &str, f: impl FnOnce() -> Result<T, ImportError>) -> Result<T, ImportError> {
    IN_READER.with(|flag| flag.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_READER.with(|flag| flag.set(false));
    result.unwrap_or_else(|_| {
        Err(ImportError::Corrupt {
            file: file.to_owned(),
            detail: "读取时遇到无法解析的数据".to_owned(),
        })
    })
}

thread_local! {
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside a spreadsheet reader whose panics are caught and reported
/// as a damaged file; a panic hook stays quiet then.
pub fn in_guarded_reader() -> bool {
    IN_READER.with(std::cell::Cell::get)
}

fn select_sheets(
    file: &str,
    sheets: Vec<SheetGrid>,
    options: &Options,
) -> Result<Vec<SheetGrid>, ImportError> {
    match &options.sheet {
        None => Ok(sheets),
        Some(want) => {
            let available = sheets
                .iter()
                .map(|(n, _)| n.clone())
                .collect::<Vec<_>>()
                .join("、");
            let picked: Vec<_> = sheets.into_iter().filter(|(n, _)| n == want).collect();
            if picked.is_empty() {
                Err(ImportError::SheetNotFound {
                    file: file.to_owned(),
                    sheet: want.clone(),
                    available,
                })
            } else {
                Ok(picked)
            }
        }
    }
}

fn header_lines(file: &str, sheet: Option<&str>) -> Vec<String> {
    let from = match sheet {
        Some(s) => format!("{file}（工作表“{s}”）"),
        None => file.to_owned(),
    };
    vec![
        format!("部门整体支出绩效目标表：由 jixiao import 从 {from}导入。"),
        "文字按原表逐格保留；请核对后运行 jixiao check 检查。".to_owned(),
    ]
}
