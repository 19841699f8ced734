//! Printing diagnostics and per-file summaries.

use std::io::{IsTerminal, Write};

use jixiao::diag::emit;
use jixiao::document::Document;

use crate::cli::DiagFormat;

/// Whether to colour human output on stderr (a terminal that shows colour, no `NO_COLOR`).
pub fn use_color() -> bool {
    jixiao::console::color_supported()
}

/// Prints a document's diagnostics (human/short to stderr). JSON is handled by the caller.
pub fn print_diagnostics(doc: &Document, format: DiagFormat, color: bool) {
    let path = doc.source.path.as_str();
    let mut err = std::io::stderr().lock();
    for d in &doc.diagnostics {
        let text = match format {
            DiagFormat::Short => emit::short(path, Some(&doc.source), d),
            DiagFormat::Human | DiagFormat::Json => {
                let mut t = emit::human(path, Some(&doc.source), d, color);
                t.push('\n');
                t
            }
        };
        // A closed stderr is not worth failing a render over.
        let _ = writeln!(err, "{text}");
    }
}

/// `path：N 个错误，M 个警告`.
pub fn summary(doc: &Document) -> String {
    format!(
        "{}：{} 个错误，{} 个警告",
        jixiao::controls::escape(&doc.source.path),
        doc.errors(),
        doc.warnings()
    )
}

/// The JSON object for one checked file.
pub fn json_file(doc: &Document) -> serde_json::Value {
    let path = doc.source.path.as_str();
    let diags: Vec<_> = doc
        .diagnostics
        .iter()
        .map(|d| serde_json::to_value(emit::json(path, Some(&doc.source), d)).unwrap_or_default())
        .collect();
    serde_json::json!({
        "file": path,
        "ok": doc.passed(),
        "errors": doc.errors(),
        "warnings": doc.warnings(),
        "diagnostics": diags,
    })
}

/// The JSON object for a file that could not be read.
pub fn json_failure(path: &str, message: &str) -> serde_json::Value {
    serde_json::json!({
        "file": path,
        "ok": false,
        "error": message,
        "diagnostics": [],
    })
}

/// A progress bar on a terminal for batches; `None` (quiet, line-oriented) otherwise.
pub fn progress(total: usize, what: &'static str) -> Option<indicatif::ProgressBar> {
    if total < 2 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{msg} [{bar:40}] {pos}/{len}（{rate}，剩余 {left}）",
    ) {
        let style = style
            .with_key(
                "rate",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&rate(s.per_sec()));
                },
            )
            .with_key(
                "left",
                |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{} 秒", s.eta().as_secs());
                },
            );
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what);
    Some(bar)
}

/// Specs per second as the bar shows it: `41.8 份/秒`.
fn rate(per_sec: f64) -> String {
    if per_sec.is_finite() {
        format!("{per_sec:.1} 份/秒")
    } else {
        "— 份/秒".to_owned()
    }
}

/// `共 N 个规格：A 个通过，B 个有错误，C 个无法读取`.
pub fn batch_summary<P, E>(results: &[(P, Result<Document, E>)]) -> String {
    let passed = results
        .iter()
        .filter(|(_, r)| r.as_ref().is_ok_and(Document::passed))
        .count();
    let unreadable = results.iter().filter(|(_, r)| r.is_err()).count();
    format!(
        "共 {} 个规格：{passed} 个通过，{} 个有错误，{unreadable} 个无法读取",
        results.len(),
        results.len() - passed - unreadable
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn rate_is_specs_per_second() {
        assert_eq!(super::rate(41.83), "41.8 份/秒");
        assert_eq!(super::rate(f64::INFINITY), "— 份/秒");
    }
}
