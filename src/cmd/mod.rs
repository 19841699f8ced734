//! One module per subcommand: glue between arguments, the library and the terminal.

pub mod check;
pub mod import;
pub mod init;
pub mod open;
mod output_args;
pub mod render;
mod report;
pub mod schema;
pub mod watch;

use std::path::{Path, PathBuf};

/// What a command reports back to `main`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything passed (warnings allowed).
    Ok,
    /// At least one spec has errors.
    SpecErrors,
    /// A file could not be read or written, or the arguments were wrong.
    Failure,
}

impl Outcome {
    /// Combines outcomes of several files: failure beats errors beats ok.
    pub fn worst(self, other: Outcome) -> Outcome {
        use Outcome::{Failure, Ok, SpecErrors};
        match (self, other) {
            (Failure, _) | (_, Failure) => Failure,
            (SpecErrors, _) | (_, SpecErrors) => SpecErrors,
            (Ok, Ok) => Ok,
        }
    }
}

/// The spec files named on the command line, folders expanded.
pub struct Inputs {
    /// Files to read, in order.
    pub files: Vec<PathBuf>,
    /// Whether a named folder held no spec (already reported).
    pub failed: bool,
}

/// Expands folders recursively into the `.toml` files they hold (sorted), skipping hidden
/// folders and the output folder; files are kept as given. A folder without any spec is
/// reported here (exit 2).
pub fn expand_inputs(paths: &[PathBuf], output: Option<&Path>) -> Inputs {
    let output = output.and_then(|o| std::fs::canonicalize(o).ok());
    let mut files = Vec::new();
    let mut failed = false;
    for p in paths {
        if !p.is_dir() {
            files.push(p.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 || !e.file_type().is_dir() {
                    return true;
                }
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                let is_output = output
                    .as_ref()
                    .is_some_and(|o| std::fs::canonicalize(e.path()).ok().as_ref() == Some(o));
                !hidden && !is_output
            })
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && has_ext(e.path(), "toml"))
            .map(walkdir::DirEntry::into_path)
            .collect();
        found.sort();
        if found.is_empty() {
            failed = true;
            eprintln!(
                "错误：{}：没有找到规格文件。这个文件夹及其子文件夹中没有 .toml 文件（隐藏文件夹和输出文件夹不查找）",
                jixiao::console::show(p)
            );
        }
        files.extend(found);
    }
    Inputs { files, failed }
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Writes to standard output. A reader that stops early (`| head`) is not an error: like
/// ripgrep, the write ends quietly and counts as success.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
