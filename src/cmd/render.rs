//! `jixiao render`: check each spec and, when it has no errors, write the form.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use jixiao::document::Document;
use jixiao::model::{Orientation, Paper};
use jixiao::output::batch::{Folders, Staged};
use jixiao::render::export::{Exporter, Format, HtmlExporter, Input, JsonExporter};
use jixiao::render::html::HtmlRenderer;
use jixiao::render::pdf::{PageOverrides, PdfExporter};
use jixiao::render::xlsx::XlsxExporter;

use super::{Outcome, expand_inputs, report};
use crate::cli::{DiagFormat, OutputFormat};

/// Options of one render run.
pub struct Options<'a> {
    /// Spec files or folders.
    pub specs: &'a [PathBuf],
    /// Output formats (each spec is loaded once and written in every format).
    pub formats: &'a [OutputFormat],
    /// `-o`: file or folder.
    pub output: Option<&'a Path>,
    /// `--templates`.
    pub templates: Option<&'a Path>,
    /// How to print diagnostics.
    pub diagnostics: DiagFormat,
    /// PDF page and font overrides.
    pub page: PageArgs<'a>,
}

/// `--paper`, `--orientation`, `--font`, `--font-index`: override the spec's `[style]`.
#[derive(Clone, Copy, Debug, Default)]
pub struct PageArgs<'a> {
    /// Paper size.
    pub paper: Option<Paper>,
    /// Orientation.
    pub orientation: Option<Orientation>,
    /// Font file (relative to the working folder).
    pub font: Option<&'a Path>,
    /// Face index or name inside a collection.
    pub font_index: Option<&'a str>,
}

/// What happened to one spec.
enum FileResult {
    /// The outputs written, and the formats that failed (with why): a PDF that cannot be
    /// made does not keep the HTML from being written. Until the run's [`Folders::commit`]
    /// the files still waiting for it are in the [`Pending`].
    Written(Vec<PathBuf>, Vec<String>, Document, Pending),
    Rejected(Document),
    Failed(String),
}

impl From<OutputFormat> for Format {
    fn from(f: OutputFormat) -> Self {
        match f {
            OutputFormat::Html => Format::Html,
            OutputFormat::Json => Format::Json,
            OutputFormat::Pdf => Format::Pdf,
            OutputFormat::Xlsx => Format::Xlsx,
        }
    }
}

/// The exporters of a run, one per requested format, built once.
fn exporters(opts: &Options<'_>) -> Result<Vec<Box<dyn Exporter>>, String> {
    let mut out: Vec<Box<dyn Exporter>> = Vec::with_capacity(opts.formats.len());
    for &f in opts.formats {
        out.push(match Format::from(f) {
            Format::Html => Box::new(HtmlExporter(
                HtmlRenderer::new(opts.templates)
                    .map_err(|e| e.to_string())?
                    .with_page(opts.page.paper, opts.page.orientation),
            )),
            Format::Json => Box::new(JsonExporter),
            Format::Pdf => Box::new(PdfExporter::new(
                PageOverrides {
                    paper: opts.page.paper,
                    orientation: opts.page.orientation,
                    font: opts.page.font.map(Path::to_path_buf),
                    font_index: opts.page.font_index.map(str::to_owned),
                },
                source_date_epoch()?,
            )),
            Format::Xlsx => Box::new(XlsxExporter::new(
                opts.page.paper,
                opts.page.orientation,
                source_date_epoch()?,
            )),
        });
    }
    Ok(out)
}

/// Outputs written to their temporary files, waiting for the run's one commit.
type Pending = Vec<Staged>;

/// Renders every spec, in parallel; one bad spec does not stop the others. The outputs are
/// written to temporary files as they are made, then made durable and renamed together
/// (see [`jixiao::output::batch`]).
pub fn run(opts: &Options<'_>) -> Outcome {
    let super::Inputs {
        files: inputs,
        failed,
        ..
    } = expand_inputs(opts.specs, opts.output);
    if failed && inputs.is_empty() {
        return Outcome::Failure;
    }
    let exporters = match exporters(opts) {
        Ok(e) => e,
        Err(msg) => {
            eprintln!("错误：{msg}");
            return Outcome::Failure;
        }
    };
    let as_folder = output_is_folder(opts.output, inputs.len() * opts.formats.len());
    let names_a_file = opts
        .output
        .filter(|o| o.extension().is_some() && !o.is_dir() && !as_folder_by_name(Some(o)));
    if let (Some(out), true) = (names_a_file, opts.formats.len() > 1) {
        eprintln!(
            "错误：同时生成多种格式时，-o 应为文件夹（例如 -o out/），而不是文件 {}",
            jixiao::console::show(out)
        );
        return Outcome::Failure;
    }
    let planned = if super::output_args::is_stdout(opts.output) {
        Ok(vec![Vec::new(); inputs.len()])
    } else {
        super::output_args::plan(&inputs, opts.specs, opts.output, as_folder, opts.formats)
    };
    let planned = match planned.and_then(|p| {
        super::output_args::check(opts.output, inputs.len(), opts.formats).map(|()| p)
    }) {
        Ok(p) => p,
        Err(msg) => {
            eprintln!("错误：{msg}");
            return Outcome::Failure;
        }
    };
    let bar = report::progress(inputs.len(), "生成");
    let folders = Folders::new();
    let mut results: Vec<FileResult> = inputs
        .par_iter()
        .zip(&planned)
        .map(|(spec, outs)| {
            let r = render_one(spec, &exporters, outs, &folders);
            if let Some(b) = &bar {
                b.inc(1);
            }
            r
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    commit(folders, &mut results);
    let mut docs: Vec<&mut Document> = results
        .iter_mut()
        .filter_map(|r| match r {
            FileResult::Written(_, _, d, _) | FileResult::Rejected(d) => Some(d),
            FileResult::Failed(_) => None,
        })
        .collect();
    jixiao::forms::cross::check(&mut docs);
    let color = report::use_color();
    let mut outcome = if failed {
        Outcome::Failure
    } else {
        Outcome::Ok
    };
    let (mut written, mut rejected, mut failed) = (0, 0, 0);
    for result in &results {
        match result {
            FileResult::Written(outs, errors, doc, _) => {
                report::print_diagnostics(doc, opts.diagnostics, color);
                if !outs.is_empty() {
                    let names: Vec<String> =
                        outs.iter().map(|o| jixiao::console::show(o)).collect();
                    eprintln!("已生成 {}（{} 个警告）", names.join("、"), doc.warnings());
                }
                for msg in errors {
                    eprintln!("错误：{msg}");
                }
                if errors.is_empty() {
                    written += 1;
                } else {
                    failed += 1;
                    outcome = Outcome::Failure;
                }
            }
            FileResult::Rejected(doc) => {
                rejected += 1;
                outcome = outcome.worst(Outcome::SpecErrors);
                report::print_diagnostics(doc, opts.diagnostics, color);
                eprintln!("{}；未生成输出", report::summary(doc));
            }
            FileResult::Failed(msg) => {
                failed += 1;
                outcome = Outcome::Failure;
                eprintln!("错误：{msg}");
            }
        }
    }
    if results.len() > 1 {
        eprintln!(
            "共 {} 个规格：{written} 个已生成，{rejected} 个有错误未生成，{failed} 个失败",
            results.len()
        );
    }
    outcome
}

/// `-o out/` names a folder by its trailing separator.
fn as_folder_by_name(output: Option<&Path>) -> bool {
    output.is_some_and(|o| {
        let s = o.as_os_str().to_string_lossy();
        s.ends_with('/') || s.ends_with('\\')
    })
}

/// Makes every staged output of the run durable and puts it in place; each result moves
/// from its spec's pending list to its written paths or its errors.
fn commit(folders: Folders, results: &mut [FileResult]) {
    let mut owners = Vec::new();
    let mut staged = Vec::new();
    for (k, result) in results.iter_mut().enumerate() {
        if let FileResult::Written(_, _, _, pending) = result {
            owners.extend(std::iter::repeat_n(k, pending.len()));
            staged.append(pending);
        }
    }
    for (k, done) in owners.into_iter().zip(folders.commit(staged)) {
        if let FileResult::Written(written, errors, _, _) = &mut results[k] {
            match done {
                Ok(path) => written.push(path),
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
}

fn render_one(
    spec: &Path,
    exporters: &[Box<dyn Exporter>],
    outs: &[PathBuf],
    folders: &Folders,
) -> FileResult {
    let doc = match Document::load(spec) {
        Ok(d) => d,
        Err(e) => return FileResult::Failed(e.to_string()),
    };
    let Some(table) = &doc.table else {
        return FileResult::Rejected(doc);
    };
    // One sheet for every format, so HTML and PDF show exactly the same strings: the one
    // the checks built.
    let built;
    let sheet = match &doc.sheet {
        Some(s) => s,
        None => match jixiao::forms::sheet(table) {
            Ok(s) => {
                built = s;
                &built
            }
            Err(e) => return FileResult::Failed(format!("{}: {e}", spec.display())),
        },
    };
    let input = Input { spec, table, sheet };
    let mut written = Vec::new();
    let mut pending = Vec::with_capacity(exporters.len());
    let mut errors = Vec::new();
    for (k, exporter) in exporters.iter().enumerate() {
        let bytes = match exporter.export(&input) {
            Ok(b) => b,
            Err(e) => {
                errors.push(format!("{}: {e}", jixiao::console::show(spec)));
                continue;
            }
        };
        let Some(out) = outs.get(k) else {
            // No planned path: `-o -`, standard output.
            match super::write_stdout(&bytes) {
                Ok(()) => written.push(PathBuf::from("标准输出")),
                Err(e) => errors.push(format!("无法写到标准输出：{e}")),
            }
            continue;
        };
        match folders.stage(out, &bytes) {
            Ok(staged) => pending.push(staged),
            Err(e) => errors.push(e.to_string()),
        }
    }
    FileResult::Written(written, errors, doc, pending)
}

/// `SOURCE_DATE_EPOCH` (reproducible builds): the PDF's date, or none when unset.
fn source_date_epoch() -> Result<Option<i64>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(v) if v.trim().is_empty() => Ok(None),
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("环境变量 SOURCE_DATE_EPOCH 的值“{v}”无效，应为整数秒")),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names_a_folder() {
        assert!(output_is_folder(Some(Path::new("out/")), 1));
        assert!(output_is_folder(Some(Path::new("x.html")), 2));
        assert!(!output_is_folder(Some(Path::new("x.html")), 1));
    }
}
