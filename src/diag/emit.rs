//! Turns diagnostics into text for people (rustc style) or JSON for machines.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use super::{Diagnostic, Location, Severity, SourceFile};
use crate::controls::escape;

/// Chinese name of a severity, as printed.
pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    }
}

/// `path:line:col` (or the cell reference, or the bare path) of a diagnostic.
pub fn location_string(path: &str, source: Option<&SourceFile>, diag: &Diagnostic) -> String {
    match (&diag.location, source) {
        (Location::Span(span), Some(src)) => {
            let (line, col) = src.line_col(span.start);
            format!("{path}:{line}:{col}")
        }
        (Location::Cell(cell), _) => cell.clone(),
        _ => path.to_owned(),
    }
}

/// One line per diagnostic: `path:line:col: 错误[E104]: message`. Control characters a
/// value or a file name brought in are shown escaped, never sent to the terminal.
pub fn short(path: &str, source: Option<&SourceFile>, diag: &Diagnostic) -> String {
    format!(
        "{}: {}[{}]: {}",
        escape(&location_string(path, source, diag)),
        severity_name(diag.severity()),
        diag.code,
        escape(&diag.message)
    )
}

/// The rustc-style report: header, location arrow, source line, caret, hint.
pub fn human(path: &str, source: Option<&SourceFile>, diag: &Diagnostic, color: bool) -> String {
    let path = &*escape(path);
    let message = escape(&diag.message);
    let hint = diag.hint.as_deref().map(escape);
    let level = match diag.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    }
    .with_name(severity_name(diag.severity()));
    let title = level.primary_title(&*message).id(diag.code.as_str());
    let mut groups = Vec::with_capacity(2);
    let location = location_string(path, source, diag);
    match (&diag.location, source) {
        (Location::Span(span), Some(src)) => {
            let (excerpt, line_start, local) = excerpt(src, span);
            groups.push(
                title.element(
                    Snippet::source(excerpt)
                        .line_start(line_start)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(local)),
                ),
            );
        }
        _ => groups.push(title.element(Level::NOTE.with_name("位置").message(location))),
    }
    if let Some(hint) = &hint {
        groups.push(Group::with_title(
            Level::HELP.with_name("提示").secondary_title(&**hint),
        ));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&groups)
}

/// The whole lines around a span, so huge files are never handed to the renderer whole.
fn excerpt<'a>(
    src: &'a SourceFile,
    span: &std::ops::Range<usize>,
) -> (&'a str, usize, std::ops::Range<usize>) {
    let span = src.clamp_span(span);
    let text = src.text.as_str();
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    // Multi-line values (long strings) are cut at their first line to keep reports short.
    let first_line_end = text[span.start..]
        .find('\n')
        .map_or(text.len(), |i| span.start + i);
    let mut end = first_line_end.max(start);
    // A CRLF file: the `\r` is part of the line ending, not text to show as `␍`.
    if text[start..end].ends_with('\r') {
        end -= 1;
    }
    // A line of megabytes (one huge string) is shown around the span only.
    let (start, end) = clip(text, start, end, span.start);
    let local_end = span.end.min(end).max(span.start);
    let (line, _) = src.line_col(start);
    let mut local = (span.start - start)..(local_end - start);
    if local.is_empty() {
        // An empty span (missing value at end of line) still gets a caret.
        local.end = local.start;
    }
    (&text[start..end], line, local)
}

/// Bytes of a line shown before and after the start of a span.
const AROUND: usize = 240;

/// `start..end` narrowed to about [`AROUND`] bytes either side of `at`, on character
/// boundaries.
fn clip(text: &str, start: usize, end: usize, at: usize) -> (usize, usize) {
    let mut from = start.max(at.saturating_sub(AROUND));
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = end.min(at.saturating_add(AROUND)).max(from);
    while !text.is_char_boundary(to) {
        to += 1;
    }
    (from, to)
}

/// The JSON shape of a diagnostic for `--format json`.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    /// The input file as given.
    pub file: &'a str,
    /// 1-based line, when the location is a span.
    pub line: Option<usize>,
    /// 1-based column in characters, when the location is a span.
    pub column: Option<usize>,
    /// 1-based end line.
    pub end_line: Option<usize>,
    /// 1-based end column (exclusive), in characters.
    pub end_column: Option<usize>,
    /// Spreadsheet cell, for imports.
    pub cell: Option<&'a str>,
    /// `error` or `warning`.
    pub severity: Severity,
    /// Rule code such as `E104`.
    pub code: &'static str,
    /// Chinese message.
    pub message: &'a str,
    /// Chinese hint, if any.
    pub hint: Option<&'a str>,
}

/// Builds the JSON form of a diagnostic.
pub fn json<'a>(
    path: &'a str,
    source: Option<&SourceFile>,
    diag: &'a Diagnostic,
) -> JsonDiagnostic<'a> {
    let (mut line, mut column, mut end_line, mut end_column, mut cell) =
        (None, None, None, None, None);
    match (&diag.location, source) {
        (Location::Span(span), Some(src)) => {
            let (l, c) = src.line_col(span.start);
            let (el, ec) = src.line_col(span.end);
            (line, column, end_line, end_column) = (Some(l), Some(c), Some(el), Some(ec));
        }
        (Location::Cell(c), _) => cell = Some(c.as_str()),
        _ => {}
    }
    JsonDiagnostic {
        file: path,
        line,
        column,
        end_line,
        end_column,
        cell,
        severity: diag.severity(),
        code: diag.code.as_str(),
        message: &diag.message,
        hint: diag.hint.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn human_report_points_at_the_value_with_cjk_aligned_caret() {
        let text = "[budget]\ntotal = \"二千\"\n";
        let src = SourceFile::new("t.toml", text);
        let start = text.find("\"二千\"").unwrap();
        let d = Diagnostic::at(Code::BadAmount, start..start + "\"二千\"".len(), "金额无效")
            .with_hint("写成数字");
        let out = human("t.toml", Some(&src), &d, false);
        assert!(out.contains("错误[E101]: 金额无效"), "{out}");
        assert!(out.contains("t.toml:2:9"), "{out}");
        assert!(out.contains("提示: 写成数字"), "{out}");
        // "二千" is 2 chars of width 2 plus two quotes: 6 carets.
        assert!(out.contains("^^^^^^"), "{out}");
        assert!(!out.contains("^^^^^^^"), "{out}");
    }

    #[test]
    fn short_form_is_one_line() {
        let src = SourceFile::new("t.toml", "year = 1999\n");
        let d = Diagnostic::at(Code::YearOutOfRange, 7..11, "年度超出范围");
        assert_eq!(
            short("t.toml", Some(&src), &d),
            "t.toml:1:8: 错误[E007]: 年度超出范围"
        );
    }
}
