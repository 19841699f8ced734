//! `jixiao render`: check each spec and, when it has no errors, write the form.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use jixiao::document::Document;
use jixiao::output::write_atomic;
use jixiao::render::RenderError;
use jixiao::render::html::HtmlRenderer;
use jixiao::render::json::to_json;
use jixiao::render::view::View;

use super::{Outcome, expand_inputs, report};
use crate::cli::{DiagFormat, OutputFormat};

/// Options of one render run.
pub struct Options<'a> {
    /// Spec files or folders.
    pub specs: &'a [PathBuf],
    /// Output format.
    pub format: OutputFormat,
    /// `-o`: file or folder.
    pub output: Option<&'a Path>,
    /// `--templates`.
    pub templates: Option<&'a Path>,
    /// How to print diagnostics.
    pub diagnostics: DiagFormat,
}

/// What happened to one spec.
enum FileResult {
    Written(PathBuf, Document),
    Rejected(Document),
    Failed(String),
}

/// Renders every spec, in parallel; one bad spec does not stop the others.
pub fn run(opts: &Options<'_>) -> Outcome {
    let inputs = expand_inputs(opts.specs);
    let html = match opts.format {
        OutputFormat::Html => match HtmlRenderer::new(opts.templates) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("错误：{e}");
                return Outcome::Failure;
            }
        },
        OutputFormat::Json => None,
    };
    let as_folder = output_is_folder(opts.output, inputs.len());
    let results: Vec<FileResult> = inputs
        .par_iter()
        .map(|spec| render_one(spec, opts, html.as_ref(), as_folder))
        .collect();
    let color = report::use_color();
    let mut outcome = Outcome::Ok;
    for result in &results {
        match result {
            FileResult::Written(out, doc) => {
                report::print_diagnostics(doc, opts.diagnostics, color);
                eprintln!("已生成 {}（{} 个警告）", out.display(), doc.warnings());
            }
            FileResult::Rejected(doc) => {
                outcome = outcome.worst(Outcome::SpecErrors);
                report::print_diagnostics(doc, opts.diagnostics, color);
                eprintln!("{}；未生成输出", report::summary(doc));
            }
            FileResult::Failed(msg) => {
                outcome = Outcome::Failure;
                eprintln!("错误：{msg}");
            }
        }
    }
    outcome
}

fn render_one(
    spec: &Path,
    opts: &Options<'_>,
    html: Option<&HtmlRenderer>,
    as_folder: bool,
) -> FileResult {
    let doc = match Document::load(spec) {
        Ok(d) => d,
        Err(e) => return FileResult::Failed(e.to_string()),
    };
    let Some(table) = &doc.table else {
        return FileResult::Rejected(doc);
    };
    let bytes: Result<Vec<u8>, RenderError> = match (opts.format, html) {
        (OutputFormat::Html, Some(renderer)) => {
            renderer.render(&View::new(table)).map(String::into_bytes)
        }
        (OutputFormat::Json, _) | (OutputFormat::Html, None) => Ok(to_json(table).into_bytes()),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return FileResult::Failed(format!("{}: {e}", spec.display())),
    };
    let out = output_path(spec, opts.output, as_folder, opts.format.extension());
    match write_atomic(&out, &bytes, true) {
        Ok(()) => FileResult::Written(out, doc),
        Err(e) => FileResult::Failed(e.to_string()),
    }
}

/// `-o` names a folder when it is one, ends with a separator, or several specs are given.
fn output_is_folder(output: Option<&Path>, inputs: usize) -> bool {
    match output {
        None => false,
        Some(o) => {
            let s = o.as_os_str().to_string_lossy();
            inputs > 1 || o.is_dir() || s.ends_with('/') || s.ends_with('\\')
        }
    }
}

fn output_path(spec: &Path, output: Option<&Path>, as_folder: bool, ext: &str) -> PathBuf {
    let file_name = spec
        .file_stem()
        .map_or_else(|| PathBuf::from("goal-table"), PathBuf::from)
        .with_extension(ext);
    match output {
        None => spec.with_extension(ext),
        Some(dir) if as_folder => dir.join(file_name),
        Some(file) => file.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths() {
        let spec = Path::new("specs/福建.toml");
        assert_eq!(
            output_path(spec, None, false, "html"),
            Path::new("specs/福建.html")
        );
        assert_eq!(
            output_path(spec, Some(Path::new("out")), true, "pdf"),
            Path::new("out/福建.pdf")
        );
        assert_eq!(
            output_path(spec, Some(Path::new("a.html")), false, "html"),
            Path::new("a.html")
        );
        assert!(output_is_folder(Some(Path::new("out/")), 1));
        assert!(output_is_folder(Some(Path::new("x.html")), 2));
        assert!(!output_is_folder(Some(Path::new("x.html")), 1));
    }
}
