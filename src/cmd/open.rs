//! `jixiao FILE`: what dropping a file on the program does. A spec is checked and written
//! as FILE.html and FILE.pdf beside it; a workbook or text dump is imported to FILE.toml
//! beside it (a workbook of several tables: one spec each, named by department), never
//! over an existing one, and each spec rendered the same way.

use std::path::{Path, PathBuf};

use jixiao::console::show;

use super::{Outcome, import, render};
use crate::cli::{DiagFormat, OutputFormat};

/// Whether a lone argument should be opened this way: an existing file, or a name with a
/// spec or spreadsheet extension (so that a missing file is reported as missing, not as an
/// unknown command).
pub fn wants(arg: &std::ffi::OsStr) -> bool {
    let path = Path::new(arg);
    let known_ext = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["toml", "xlsx", "xlsm", "xls", "ods"]
            .iter()
            .any(|k| e.eq_ignore_ascii_case(k))
    });
    !arg.to_string_lossy().starts_with('-') && (path.is_file() || known_ext)
}

/// Opens the file.
pub fn run(path: &Path) -> Outcome {
    let is_spec = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    if is_spec {
        return render_beside(path);
    }
    let spec = path.with_extension("toml");
    if spec.exists() {
        eprintln!(
            "{} 已存在，未重新导入，也没有改动它。\n\
             要用它生成表格：jixiao {}\n\
             要重新导入（覆盖它）：jixiao import {} -o {} --force",
            show(&spec),
            super::quoted(&spec),
            super::quoted(path),
            super::quoted(&spec)
        );
        return Outcome::Failure;
    }
    // No `-o`: one table goes to FILE.toml, several to one spec each beside the workbook,
    // named by department (the import says which).
    let (imported, specs) = import::import_specs(&import::Options {
        input: path,
        output: None,
        out_dir: None,
        sheet: None,
        force: false,
        verbose: false,
        year: None,
        template: None,
        emit_template: None,
    });
    if imported != Outcome::Ok || specs.is_empty() {
        return imported;
    }
    let mut outcome = Outcome::Ok;
    for spec in &specs {
        eprintln!("已导入为 {}", show(spec));
        outcome = outcome.worst(render_beside(spec));
    }
    outcome
}

fn render_beside(spec: &Path) -> Outcome {
    let specs: Vec<PathBuf> = vec![spec.to_path_buf()];
    render::run(&render::Options {
        specs: &specs,
        formats: &[OutputFormat::Html, OutputFormat::Pdf],
        output: None,
        templates: None,
        diagnostics: DiagFormat::Human,
        page: render::PageArgs::default(),
    })
}
