//! Printing diagnostics and per-file summaries.

use std::io::{IsTerminal, Write};

use jixiao::diag::emit;
use jixiao::document::Document;

use crate::cli::DiagFormat;

/// Whether to colour human output on stderr.
pub fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
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
        doc.source.path,
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
