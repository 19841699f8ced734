//! `jixiao import`: read a legacy workbook or text dump, write one spec per goal table,
//! then check what was written.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use jixiao::diag::emit;
use jixiao::document::Document;
use jixiao::import::{self, ImportError, Kind, Options as ImportOptions, SheetImport};
use jixiao::output::write_atomic;

use super::{Outcome, report};

/// What the user asked for.
pub struct Options<'a> {
    /// The workbook or text dump.
    pub input: &'a Path,
    /// `-o`: the spec to write (one goal table only).
    pub output: Option<&'a Path>,
    /// `--out-dir`: a folder for one spec per goal table.
    pub out_dir: Option<&'a Path>,
    /// `--sheet`.
    pub sheet: Option<&'a str>,
    /// `--force`: overwrite existing specs.
    pub force: bool,
    /// `--verbose`: list where every value came from.
    pub verbose: bool,
    /// `--year`: write the spec for this year instead of the sheet's own.
    pub year: Option<u16>,
    /// `--template`: a project definition of the department's own to read the sheets by.
    pub template: Option<&'a Path>,
    /// `--emit-template`: also write a starting definition made from the sheet.
    pub emit_template: Option<&'a Path>,
}

/// Runs the import.
pub fn run(opts: &Options<'_>) -> Outcome {
    import_specs(opts).0
}

/// Runs the import; also returns the specs written (for drag-and-drop, which renders them).
pub fn import_specs(opts: &Options<'_>) -> (Outcome, Vec<PathBuf>) {
    let mut written = Vec::new();
    let outcome = import_into(opts, &mut written);
    (outcome, written)
}

fn import_into(opts: &Options<'_>, written: &mut Vec<PathBuf>) -> Outcome {
    // `-o` names the spec before anything is read: refuse at once rather than after the
    // whole workbook (and its warnings about a spec that will not be written).
    if let Some(o) = opts.output
        && refuses_overwrite(opts, o)
    {
        return Outcome::Failure;
    }
    let template = match opts.template.map(|t| own_template(opts, t)).transpose() {
        Ok(t) => t,
        Err(why) => {
            eprintln!("错误：{why}");
            return Outcome::Failure;
        }
    };
    // A 自评表 is read by its own reader from the same sheets (none with --template).
    let other: Option<import::OtherReader> = match opts.template {
        None => Some(jixiao::selfeval::import::from_grid),
        Some(_) => None,
    };
    let import_opts = ImportOptions {
        sheet: opts.sheet.map(str::to_owned),
        template,
        other,
        year: opts.year,
    };
    let result = import::import_path(opts.input, &import_opts);
    if let Ok(import::Import {
        other: Some(text), ..
    }) = &result
    {
        return write_selfeval(opts, text, written);
    }
    let imported = match result {
        Ok(i) => i,
        Err(e) => {
            eprintln!("错误：{e}");
            return exit_for(&e);
        }
    };
    let input_name = opts
        .input
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    explain_kind(&input_name, opts.input, imported.kind);
    for (sheet, why) in &imported.skipped {
        if !sheet.is_empty() {
            eprintln!("跳过工作表“{sheet}”：{why}");
        }
    }
    if imported.tables.len() > 1 && opts.output.is_some() {
        let names: Vec<String> = imported
            .tables
            .iter()
            .map(|t| format!("“{}”", t.sheet.clone().unwrap_or_default()))
            .collect();
        eprintln!(
            "错误：{input_name} 中有 {} 张绩效目标表（工作表 {}），-o 只能写一个文件。请改用 --out-dir 文件夹（每张表一个规格），或用 --sheet 选择其中一张",
            imported.tables.len(),
            names.join("、")
        );
        return Outcome::Failure;
    }
    if let Some(path) = opts.emit_template {
        let one = emit_template(opts, &input_name, &imported.tables, path);
        if one == Outcome::Failure {
            return one;
        }
    }
    let targets = output_paths(opts, &imported.tables);
    let color = report::use_color();
    let mut outcome = Outcome::Ok;
    if imported.tables.len() > 1 && opts.output.is_none() && opts.out_dir.is_none() {
        let names: Vec<String> = targets.iter().map(|t| t.display().to_string()).collect();
        eprintln!(
            "{input_name} 中有 {} 张绩效目标表，每张导入为一个规格文件，按部门（单位）命名，写在它旁边：{}",
            imported.tables.len(),
            names.join("、")
        );
    }
    for (table, target) in imported.tables.iter().zip(targets) {
        let one = write_one(opts, table, &target, color);
        // A spec with errors is written too (and said so); a refused one is not.
        if one != Outcome::Failure && target.is_file() {
            written.push(target);
        }
        outcome = outcome.worst(one);
    }
    outcome
}

/// Writes the starting definition of `--emit-template` (one table only; never over an
/// existing file without `--force`), checked as any definition is.
fn emit_template(opts: &Options<'_>, input: &str, tables: &[SheetImport], path: &Path) -> Outcome {
    let [table] = tables else {
        eprintln!(
            "错误：{input} 中有 {} 张绩效目标表，--emit-template 只能为一张表写表样；请用 --sheet 选择其中一张",
            tables.len()
        );
        return Outcome::Failure;
    };
    if refuses_overwrite(opts, path) {
        return Outcome::Failure;
    }
    let Some(text) = import::starting::starting_definition(input, table) else {
        eprintln!("错误：没有与这张表相近的内置表样，无法生成底稿");
        return Outcome::Failure;
    };
    if let Err(e) = jixiao::formdef::parse(&text) {
        // The base is a built-in definition, which checks clean (tested); say it anyway.
        eprintln!("错误：生成的表样底稿未通过检查（{e}），未写出；请报告这个问题");
        return Outcome::Failure;
    }
    if let Err(e) = write_atomic(path, text.as_bytes(), opts.force) {
        eprintln!("错误：{e}");
        return Outcome::Failure;
    }
    let shown = jixiao::console::show(path);
    eprintln!(
        "已写出表样定义底稿 {shown}（原表的标题{}）；补上栏目后运行 jixiao check {}，再加 --template {} 导入",
        if table.extracted.unused.is_empty() {
            String::new()
        } else {
            format!(
                "，{} 个没有对应字段的格列在文件开头",
                table.extracted.unused.len()
            )
        },
        super::quoted(path),
        super::quoted(path),
    );
    Outcome::Ok
}

/// The definition given with `--template`, with its path as the specs will write it:
/// relative to the folder they are written to, with `/` (read alike on every system).
fn own_template(opts: &Options<'_>, path: &Path) -> Result<import::Template, String> {
    let def = jixiao::document::read_definition(path)?;
    if def.form.model != "项目" && def.form.model != "部门整体" {
        return Err(format!(
            "表样 {} 是“{}”的表样；按本局表样导入只支持绩效目标表（model = \"项目\" 或 \"部门整体\"）。自评表请不加 --template 导入",
            path.display(),
            def.form.model
        ));
    }
    let folder = match (opts.output, opts.out_dir) {
        (Some(o), _) => o.parent().map(Path::to_path_buf).unwrap_or_default(),
        (None, Some(d)) => d.to_path_buf(),
        (None, None) => opts
            .input
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    };
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let written =
        pathdiff::diff_paths(absolute(path), absolute(&folder)).unwrap_or_else(|| absolute(path));
    Ok(import::Template {
        def,
        written: written.to_string_lossy().replace('\\', "/"),
    })
}

/// Whether `target` exists and may not be overwritten (no `--force`); says so. The write
/// itself checks again at the moment of linking, so a file made meanwhile is kept too.
fn refuses_overwrite(opts: &Options<'_>, target: &Path) -> bool {
    if opts.force || !target.exists() {
        return false;
    }
    let e = jixiao::output::WriteError::Exists {
        path: jixiao::console::show(target),
    };
    eprintln!("错误：{e}");
    true
}

/// Writes an imported 自评 spec and checks it: every printed score that differs from the
/// computed one is reported (W602).
fn write_selfeval(opts: &Options<'_>, text: &str, written: &mut Vec<PathBuf>) -> Outcome {
    let target = match (opts.output, opts.out_dir) {
        (Some(o), _) => o.to_owned(),
        (None, Some(dir)) => dir.join(
            opts.input
                .with_extension("toml")
                .file_name()
                .map_or_else(|| PathBuf::from("自评.toml"), PathBuf::from),
        ),
        (None, None) => opts.input.with_extension("toml"),
    };
    if refuses_overwrite(opts, &target) {
        return Outcome::Failure;
    }
    if let Err(e) = jixiao::output::write_atomic(&target, text.as_bytes(), opts.force) {
        eprintln!("错误：{e}");
        return Outcome::Failure;
    }
    written.push(target.clone());
    eprintln!("已导入绩效自评表：{}", jixiao::console::show(&target));
    match jixiao::document::Document::load(&target) {
        Ok(doc) => {
            report::print_diagnostics(&doc, crate::cli::DiagFormat::Human, report::use_color());
            eprintln!("{}", report::summary(&doc));
            if doc.passed() {
                Outcome::Ok
            } else {
                Outcome::SpecErrors
            }
        }
        Err(e) => {
            eprintln!("错误：{e}");
            Outcome::Failure
        }
    }
}

/// Exit code of a failed import, by the README's table: a file that cannot be read (missing,
/// unreadable, encrypted, corrupt, too large, not a spreadsheet) or a wrong `--sheet` is 2;
/// a readable file without a usable goal table is 1.
fn exit_for(e: &ImportError) -> Outcome {
    match e {
        ImportError::NoGoalTable { .. } | ImportError::BadJson { .. } => Outcome::SpecErrors,
        _ => Outcome::Failure,
    }
}

/// Says when a file is not what its name claims (HTML or XML saved as .xls).
fn explain_kind(name: &str, input: &Path, kind: Kind) {
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let claims_xls = matches!(ext.as_str(), "xls" | "xlsx" | "xlsm" | "ods");
    if matches!(kind, Kind::Html | Kind::Xml2003) {
        eprintln!(
            "提示：{name} 实际是{}，不是真正的 Excel 工作簿；已按其内容导入。若要在 Excel 中编辑，请用 Excel 打开它，再“另存为 → Excel 工作簿（*.xlsx）”",
            kind.describe()
        );
    } else if claims_xls && kind == Kind::Text {
        eprintln!("提示：{name} 实际是{}，已按文本导入", kind.describe());
    }
}

fn write_one(opts: &Options<'_>, table: &SheetImport, target: &Path, color: bool) -> Outcome {
    if refuses_overwrite(opts, target) {
        return Outcome::Failure;
    }
    let ex = &table.extracted;
    let shown_in = match &table.sheet {
        Some(s) => format!("{}[{s}]", jixiao::console::show(opts.input)),
        None => jixiao::console::show(opts.input),
    };
    let input_shown = jixiao::console::show(opts.input);
    {
        let mut err = std::io::stderr().lock();
        for d in &ex.diagnostics {
            let _ = writeln!(err, "{}\n", emit::human(&input_shown, None, d, color));
        }
        if opts.verbose {
            let _ = writeln!(err, "{shown_in} 各值的来源：");
            for (field, cell) in &ex.provenance {
                let _ = writeln!(err, "  {field} ← {cell}");
            }
        }
    }
    if !ex.missing.is_empty() {
        let list: Vec<String> = ex.missing.iter().map(|m| format!("- {m}")).collect();
        let d = jixiao::diag::Diagnostic::file(
            jixiao::diag::Code::ImportMissing,
            format!("缺少必需内容，未生成规格文件：{}", ex.missing.join("、")),
        )
        .with_hint(format!(
            "导入按标签查找内容（如“部门(单位)名称”“资金总额”“一级指标”）；请确认原表中有这些标签，或用 --verbose 查看已找到的内容。缺少：\n{}",
            list.join("\n")
        ));
        eprintln!("{}\n", emit::human(&shown_in, None, &d, color));
        return Outcome::SpecErrors;
    }
    if jixiao::diag::has_errors(&ex.diagnostics) {
        eprintln!("错误：{shown_in} 有无法导入的内容（见上），未生成规格文件");
        return Outcome::SpecErrors;
    }
    let text = with_year(opts, &table.toml);
    if let Err(e) = write_atomic(target, text.as_bytes(), opts.force) {
        eprintln!("错误：{e}");
        return Outcome::Failure;
    }
    // A project table has no 履职目标; say what it has.
    let what = match &ex.project {
        Some(p) if !p.midterm_indicators.is_empty() => format!(
            "项目支出绩效目标表，{} 条绩效指标，{} 条中期绩效指标",
            ex.spec.indicators.len(),
            p.midterm_indicators.len()
        ),
        Some(_) => format!(
            "项目支出绩效目标表，{} 条绩效指标",
            ex.spec.indicators.len()
        ),
        None => format!(
            "{} 条履职目标，{} 条绩效指标",
            ex.spec.duties.len(),
            ex.spec.indicators.len()
        ),
    };
    eprintln!(
        "已导入 {shown_in} → {}（{what}）",
        jixiao::console::show(target)
    );
    // A spec moved to `--year` carries the roll-forward comment: the check lists its W016
    // reminders (and keeps listing them until the texts change).
    let doc = Document::for_file(target, text);
    report::print_diagnostics(&doc, crate::cli::DiagFormat::Human, color);
    eprintln!("{}", report::summary(&doc));
    if doc.passed() {
        Outcome::Ok
    } else {
        eprintln!(
            "提示：规格已写出，但校验有错误；请按上面的提示修改 {} 后运行 jixiao check {}",
            jixiao::console::show(target),
            super::quoted(target)
        );
        Outcome::SpecErrors
    }
}

/// The imported spec moved to `--year` (when it names another year).
fn with_year(opts: &Options<'_>, toml: &str) -> String {
    let Some(new_year) = opts.year else {
        return toml.to_owned();
    };
    let Some(year) = jixiao::spec::load(toml).0.and_then(|raw| raw.year()) else {
        return toml.to_owned();
    };
    let Ok(old_year) = u16::try_from(year.value) else {
        return toml.to_owned();
    };
    if old_year == new_year {
        return toml.to_owned();
    }
    let from = opts
        .input
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    jixiao::forms::rollforward::roll_forward(toml, year.span, old_year, new_year, &from).text
}

/// Where each table goes: `-o`, or `--out-dir`/the input's folder with one file per
/// department; a single table without either goes beside the input as `NAME.toml`.
fn output_paths(opts: &Options<'_>, tables: &[SheetImport]) -> Vec<PathBuf> {
    if let Some(o) = opts.output {
        return vec![o.to_owned()];
    }
    if tables.len() == 1 && opts.out_dir.is_none() {
        return vec![opts.input.with_extension("toml")];
    }
    let dir = opts.out_dir.map_or_else(
        || {
            opts.input
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        },
        Path::to_path_buf,
    );
    let mut used = HashSet::new();
    tables
        .iter()
        .map(|t| {
            let spec = &t.extracted.spec;
            let base = spec
                .name
                .clone()
                .or_else(|| t.sheet.clone())
                .unwrap_or_else(|| "绩效目标表".to_owned());
            let mut candidates = vec![sanitize(&base)];
            if let Some(y) = spec.year {
                candidates.push(sanitize(&format!("{base}-{y}")));
            }
            if let Some(s) = &t.sheet {
                candidates.push(sanitize(&format!("{base}-{s}")));
            }
            let mut name = candidates
                .iter()
                .find(|c| !used.contains(*c))
                .cloned()
                .unwrap_or_else(|| sanitize(&base));
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{}-{n}", sanitize(&base));
                n += 1;
            }
            used.insert(name.clone());
            dir.join(format!("{name}.toml"))
        })
        .collect()
}

/// A file name from a department name: no path separators or characters Windows refuses.
fn sanitize(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let s = s.trim().trim_matches('.').to_owned();
    if s.is_empty() {
        return "绩效目标表".to_owned();
    }
    let s: String = s.chars().take(80).collect();
    if windows_reserved(&s) {
        // `CON.toml` (and `CON.2021.toml`) cannot be made, opened or deleted on Windows,
        // where these files go: the name before its first dot gets a `_`.
        let (stem, rest) = s.split_at(s.find('.').unwrap_or(s.len()));
        format!("{stem}_{rest}")
    } else {
        s
    }
}

/// Whether Windows reserves the name for a device, whatever follows its first dot and in
/// any case: `CON`, `prn.2021`, `COM1`, `LPT9`, `COM¹`.
fn windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && matches!(rest.as_slice(), [c] if matches!(c, '1'..='9' | '¹' | '²' | '³'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(sanitize("福建省红十字会(本级)"), "福建省红十字会(本级)");
        assert_eq!(sanitize("a/b:c"), "a_b_c");
        assert_eq!(sanitize(".."), "绩效目标表");
    }

    #[test]
    fn windows_device_names_are_avoided() {
        for name in [
            "CON", "con", "Prn", "AUX", "NUL", "COM1", "com9", "LPT1", "COM¹", "CON.2021", "nul .x",
        ] {
            assert!(windows_reserved(name), "{name}");
            assert!(
                !windows_reserved(&sanitize(name)),
                "{name} → {}",
                sanitize(name)
            );
        }
        for name in ["CONSOLE", "COM10", "COM0", "LPT", "福建省CON", "航空"] {
            assert!(!windows_reserved(name), "{name}");
            assert_eq!(sanitize(name), name);
        }
        assert_eq!(sanitize("COM1"), "COM1_");
        assert_eq!(sanitize("CON.2021"), "CON_.2021");
    }
}
