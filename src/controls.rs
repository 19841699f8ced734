//! Control characters (ESC, BEL, NUL, C1…) in text that came from a spec: written raw to a
//! terminal they retitle the window or repaint the screen, and nothing in a printed form
//! can show them. Diagnostics show them escaped ([`escape`]); the loader strips them from
//! every text value with a warning naming the field ([`strip`]), so no output gets them.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A control character other than the line ends and tab a form may hold.
pub fn is_unwanted(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// The text with every unwanted control character written as Rust writes it (`\u{1b}`).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unwanted) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unwanted(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    // Writing to a String cannot fail.
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// The text without its unwanted control characters, and those removed (escaped, each
/// once, in order of appearance); `None` when there were none.
pub fn strip(text: &str) -> Option<(String, String)> {
    if !text.chars().any(is_unwanted) {
        return None;
    }
    let mut kept = String::with_capacity(text.len());
    let mut seen: Vec<char> = Vec::new();
    for c in text.chars() {
        if !is_unwanted(c) {
            kept.push(c);
        } else if !seen.contains(&c) {
            seen.push(c);
        }
    }
    let mut removed = String::new();
    for (i, &c) in seen.iter().enumerate() {
        if i > 0 {
            removed.push('、');
        }
        push_escaped(&mut removed, c);
    }
    Some((kept, removed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(escape("正常\n\t文字"), "正常\n\t文字");
        assert_eq!(escape("a\u{1b}]0;x\u{7}b\0"), "a\\u{1b}]0;x\\u{7}b\\u{0}");
        assert_eq!(escape("C1\u{9b}"), "C1\\u{9b}");
    }

    #[test]
    fn strips_and_names_each_once() {
        assert_eq!(strip("干净"), None);
        let (kept, removed) = strip("\u{1b}[2J名\u{1b}称\u{7}").expect("controls");
        assert_eq!(kept, "[2J名称");
        assert_eq!(removed, "\\u{1b}、\\u{7}");
    }
}
