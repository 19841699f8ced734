//! Refusing a spec at a limit before parsing it: a 16 MB file of 100,000 `[[indicators]]`
//! or one 10 MB string took seconds of TOML parsing, checking and reporting only to be
//! refused with E012 or E011 in the end. One pass over the bytes finds both: table-array
//! headers are counted, and string literals measured, by a small lexer that knows TOML's
//! four kinds of strings and its comments (so neither a `[[indicators]]` inside a string nor
//! a `"` inside a comment misleads it).
//!
//! Only what is certainly over a limit is refused here: a literal whose raw text is so long
//! that no escapes could bring it under [`MAX_TEXT_CHARS`]. Everything closer to the limits
//! is left to the loader, which reports it exactly.

use std::collections::HashMap;

use super::load::{MAX_INDICATORS, MAX_TEXT_CHARS};
use crate::diag::{Code, Diagnostic};

/// The longest escape (`\UXXXXXXXX`, ten characters) stands for one character: a literal of
/// more raw characters than this times the limit is over the limit whatever it holds.
const RAW_PER_CHAR: usize = 10;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lex {
    /// Keys, values, punctuation.
    Code,
    /// From `#` to the end of the line.
    Comment,
    /// `"…"`, `'…'`, `"""…"""`, `'''…'''`: the quote byte and whether it is multi-line.
    Str(u8, bool),
}

/// The first limit the text is certainly over, as the loader would report it; `None` when
/// the loader should go ahead.
pub fn over_limit(text: &str) -> Option<Diagnostic> {
    // A text of at most MAX_TEXT_CHARS bytes holds no string over MAX_TEXT_CHARS
    // characters and far fewer than MAX_INDICATORS `[[…]]` headers: nothing to find.
    if text.len() <= MAX_TEXT_CHARS {
        return None;
    }
    let b = text.as_bytes();
    let mut lex = Lex::Code;
    let mut line_start = true;
    let mut headers: HashMap<&str, usize> = HashMap::new();
    // Where the current string's text starts, and how many characters it has so far.
    let (mut opened, mut chars) = (0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match lex {
            Lex::Code => {
                if line_start && c == b'[' && b.get(i + 1) == Some(&b'[') {
                    let end = text[i..].find('\n').map_or(b.len(), |e| i + e);
                    if let Some(name) = header_name(&text[i..end]) {
                        let n = headers.entry(name).or_insert(0);
                        *n += 1;
                        if *n > MAX_INDICATORS {
                            return Some(too_many_rows(name, i..end));
                        }
                    }
                    i = end;
                    continue;
                }
                match c {
                    b'#' => lex = Lex::Comment,
                    b'"' | b'\'' => {
                        let multi = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
                        lex = Lex::Str(c, multi);
                        i += if multi { 3 } else { 1 };
                        (opened, chars) = (i, 0);
                        continue;
                    }
                    _ => {}
                }
                line_start = c == b'\n' || (line_start && c.is_ascii_whitespace());
            }
            Lex::Comment => {
                if c == b'\n' {
                    (lex, line_start) = (Lex::Code, true);
                }
            }
            Lex::Str(quote, multi) => {
                if c == quote && (!multi || (b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c)))
                {
                    lex = Lex::Code;
                    line_start = false;
                    i += if multi { 3 } else { 1 };
                    continue;
                }
                if c == b'\n' && !multi {
                    // Not TOML: the parser will say so; go on as after the line.
                    (lex, line_start) = (Lex::Code, true);
                } else if c == b'\\' && quote == b'"' {
                    // The escaped byte never ends the string.
                    i += 1;
                }
                // Count characters, not bytes: a UTF-8 continuation byte adds none.
                if c & 0xC0 != 0x80 {
                    chars += 1;
                    if chars > MAX_TEXT_CHARS * RAW_PER_CHAR {
                        return Some(too_long(opened));
                    }
                }
            }
        }
        i += 1;
    }
    None
}

/// The name in a `[[name]]` header line (blanks inside allowed), or `None`.
fn header_name(line: &str) -> Option<&str> {
    let inner = line.strip_prefix("[[")?;
    let close = inner.find("]]")?;
    let name = inner[..close].trim();
    (!name.is_empty()).then_some(name)
}

fn too_many_rows(name: &str, at: std::ops::Range<usize>) -> Diagnostic {
    Diagnostic::at(
        Code::TooManyRows,
        at,
        format!(
            "`{name}` 超过上限 {MAX_INDICATORS} 行：这是第 {} 行",
            MAX_INDICATORS + 1
        ),
    )
    .with_hint("请拆分为多个规格文件；超过上限的文件不再逐项检查")
}

fn too_long(opened: usize) -> Diagnostic {
    Diagnostic::at(
        Code::TextTooLong,
        opened..opened,
        format!(
            "从这里开始的文字超过 {} 个字，远超单个字段的上限 {MAX_TEXT_CHARS} 字",
            MAX_TEXT_CHARS * RAW_PER_CHAR
        ),
    )
    .with_hint("表格中的单元格不宜过长，请精简或拆分；超过上限的文件不再逐项检查")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize, header: &str) -> String {
        let mut s = String::from("year = 2021\n");
        for i in 0..n {
            s.push_str(&format!("{header}\nname = \"指标{i}\"\n"));
        }
        s
    }

    #[test]
    fn rows_past_the_limit_are_refused_at_the_first_one_over() {
        assert!(over_limit(&rows(MAX_INDICATORS, "[[indicators]]")).is_none());
        let text = rows(MAX_INDICATORS + 1, "  [[ indicators ]]");
        let d = over_limit(&text).expect("over");
        assert_eq!(d.code, Code::TooManyRows);
        assert!(d.message.contains("`indicators`"), "{}", d.message);
        // Two arrays of 20,000 rows each are each within the limit.
        let both = rows(MAX_INDICATORS, "[[indicators]]") + &rows(MAX_INDICATORS, "[[duties]]");
        assert!(over_limit(&both).is_none());
    }

    #[test]
    fn headers_inside_strings_and_comments_are_not_rows() {
        let real = rows(MAX_INDICATORS, "[[indicators]]");
        let inside = "[[indicators]]\n".repeat(100);
        let comments: String = inside.lines().map(|l| format!("# {l}\n")).collect();
        for text in [
            format!("a = \"\"\"\n{inside}\"\"\"\n{real}"),
            format!("a = '''\n{inside}'''\n{real}"),
            format!("{comments}{real}"),
        ] {
            assert!(over_limit(&text).is_none());
        }
        assert!(over_limit(&format!("{real}[[indicators]]\n")).is_some());
    }

    #[test]
    fn only_a_string_certainly_over_the_limit_is_refused() {
        let limit = MAX_TEXT_CHARS * RAW_PER_CHAR;
        let at = |body: &str| format!("a = 1 # \"\nname = \"{body}\"\n");
        assert!(over_limit(&at(&"长".repeat(limit))).is_none());
        let d = over_limit(&at(&"长".repeat(limit + 1))).expect("over");
        assert_eq!(d.code, Code::TextTooLong);
        let text = at(&"长".repeat(limit + 1));
        let crate::diag::Location::Span(span) = &d.location else {
            panic!("a span");
        };
        assert_eq!(&text[..span.start], "a = 1 # \"\nname = \"");
        // Escaped quotes do not end a string; literal strings have no escapes.
        let escaped = format!("name = \"\\\"{}\"", "x".repeat(limit + 1));
        assert!(over_limit(&escaped).is_some());
        let literal = format!("name = 'a\\'\nb = \"{}\"", "x".repeat(limit + 1));
        assert!(over_limit(&literal).is_some());
        let multi = format!("name = \"\"\"\n{}\n\"\"\"", "行\n".repeat(limit));
        assert!(over_limit(&multi).is_some());
    }
}
