//! One module per subcommand: glue between arguments, the library and the terminal.

pub mod check;
pub mod import;
pub mod init;
pub mod open;
pub mod render;
mod report;
pub mod schema;

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

/// Expands folders into the `.toml` files they hold (sorted); files are kept as given.
pub fn expand_inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map(|rd| {
                    rd.filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|f| f.is_file() && has_ext(f, "toml"))
                        .collect()
                })
                .unwrap_or_default();
            found.sort();
            if found.is_empty() {
                // Keep the folder so the reader reports it clearly.
                out.push(p.clone());
            }
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
