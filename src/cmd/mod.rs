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
    /// Whether a named folder held no spec, or something in it could not be read
    /// (already reported).
    pub failed: bool,
    /// What a folder held that could not be read and was skipped (already reported):
    /// the path and why, in Chinese.
    pub skipped: Vec<(String, String)>,
}

/// Expands folders recursively into the `.toml` files they hold (sorted), skipping hidden
/// folders and the output folder; files are kept as given. A folder without any spec is
/// reported here (exit 2), and so is anything the walk could not read (a subfolder without
/// read permission, a `.toml` link to nowhere): a skipped spec is never a silent pass.
pub fn expand_inputs(paths: &[PathBuf], output: Option<&Path>) -> Inputs {
    let output = output.and_then(|o| std::fs::canonicalize(o).ok());
    let mut files = Vec::new();
    let mut failed = false;
    let mut skipped = Vec::new();
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
            .filter_map(|entry| match entry {
                Ok(e) => spec_entry(e),
                Err(e) => walk_skip(&e).map(Err),
            })
            .filter_map(|found| {
                found
                    .map_err(|s| {
                        eprintln!("错误：{}：{}，已跳过", s.0, s.1);
                        skipped.push(s);
                    })
                    .ok()
            })
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
    failed |= !skipped.is_empty();
    Inputs {
        files,
        failed,
        skipped,
    }
}

/// A walked entry named like a spec: its path when it is a regular file, what is skipped
/// when it is a pipe or a device (a link to /dev/zero); `None` for anything else.
fn spec_entry(e: walkdir::DirEntry) -> Option<Result<PathBuf, (String, String)>> {
    if !has_ext(e.path(), "toml") || e.file_type().is_dir() {
        return None;
    }
    if e.file_type().is_file() {
        return Some(Ok(e.into_path()));
    }
    Some(Err((
        e.path().display().to_string(),
        "不是普通文件（是管道、设备或套接字），无法读取".to_owned(),
    )))
}

/// What a failed step of a folder walk skipped, and why; `None` for a link to nowhere
/// that is not named like a spec (`备份.lnk`), which is no business of ours.
fn walk_skip(e: &walkdir::Error) -> Option<(String, String)> {
    let path = e
        .path()
        .map_or_else(String::new, |p| p.display().to_string());
    if e.loop_ancestor().is_some() {
        return Some((path, "链接指回上级文件夹（循环）".to_owned()));
    }
    let io = e.io_error()?;
    let names_spec = e.path().is_some_and(|p| has_ext(p, "toml"));
    let reason = match io.kind() {
        std::io::ErrorKind::NotFound if names_spec => "链接指向的文件不存在".to_owned(),
        std::io::ErrorKind::NotFound => return None,
        std::io::ErrorKind::PermissionDenied => "没有读取权限，无法读取".to_owned(),
        _ => format!("无法读取（{}）", jixiao::io_text::reason(io)),
    };
    Some((path, reason))
}

/// A path as it must be typed in a suggested command: in double quotes when it holds a
/// space or another character the Windows console or a Unix shell would split or read
/// (`"项目 A.toml"`); as is otherwise.
pub fn quoted(path: &Path) -> String {
    let s = jixiao::console::show(path);
    let plain = |c: char| !c.is_whitespace() && !"&()[]{}^=;!'+,`~|<>$*?#\"".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        s
    } else {
        format!("\"{s}\"")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_are_quoted_in_commands() {
        assert_eq!(quoted(Path::new("项目 A.toml")), "\"项目 A.toml\"");
        assert_eq!(quoted(Path::new("2022.toml")), "2022.toml");
        assert_eq!(quoted(Path::new("福建(本级).toml")), "\"福建(本级).toml\"");
    }
}
