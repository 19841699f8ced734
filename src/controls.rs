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

/// Whether the text holds an unwanted control character, read byte by byte (most texts
/// hold none, and this runs over every string of every spec): C0 controls but line breaks
/// and tabs, DEL, and the C1 controls, which UTF-8 writes as 0xC2 0x80–0x9F.
pub fn has_unwanted(text: &str) -> bool {
    let b = text.as_bytes();
    // Blocks of 32 bytes with no byte that could start one (below 0x20, DEL, 0xC2) are
    // passed over with a branch-free test the compiler vectorises; only a block with such
    // a byte (a line break, usually) is read exactly. A C1 control split over two blocks
    // starts with 0xC2 in the first, so it is read exactly there.
    const BLOCK: usize = 32;
    let suspect = |c: u8| c < 0x20 || c == 0x7f || c == 0xc2;
    b.chunks(BLOCK).enumerate().any(|(k, chunk)| {
        chunk.iter().fold(false, |any, &c| any | suspect(c))
            && (0..chunk.len()).any(|j| unwanted_at(b, k * BLOCK + j))
    })
}

/// Whether an unwanted control character starts at byte `i`.
fn unwanted_at(b: &[u8], i: usize) -> bool {
    let c = b[i];
    (c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t'))
        || c == 0x7f
        || (c == 0xc2 && b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
}

/// The text with every unwanted control character written as Rust writes it (`\u{1b}`).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !has_unwanted(text) {
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
    if !has_unwanted(text) {
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
    fn the_byte_scan_agrees_with_char_is_control() {
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("前{c}后");
            assert_eq!(has_unwanted(&text), is_unwanted(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_block_scan_finds_a_control_at_every_position() {
        // Every position around the 32-byte blocks, a C1 control split over two blocks
        // included, in text of one-, two- and three-byte characters.
        let reference = |t: &str| t.chars().any(is_unwanted);
        for filler in ["a", "é", "字"] {
            for len in [0usize, 1, 31, 32, 33, 64, 70] {
                let base: String = filler.repeat(len);
                assert!(!has_unwanted(&base));
                assert!(!has_unwanted(&format!("{base}\n{base}\t\r")));
                for at in 0..=base.chars().count() {
                    for c in ['\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', '\n'] {
                        let mut t: String = base.chars().take(at).collect();
                        t.push(c);
                        t.extend(base.chars().skip(at));
                        assert_eq!(has_unwanted(&t), reference(&t), "{c:?} at {at} in {t:?}");
                    }
                }
            }
        }
    }

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
