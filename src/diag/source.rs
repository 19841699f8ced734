//! A loaded source text and the mapping from byte offsets to lines and columns.

use std::ops::Range;

/// The text of one input file, as decoded, with its display path.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user gave it (shown in diagnostics).
    pub path: String,
    /// The decoded text (BOM removed).
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps a decoded text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and 1-based column counted in characters (not bytes).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// Moves an offset back onto a char boundary inside the text.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// A span clamped to the text and to char boundaries.
    pub fn clamp_span(&self, span: &Range<usize>) -> Range<usize> {
        let start = self.clamp(span.start);
        let end = self.clamp(span.end).max(start);
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let src = SourceFile::new("a.toml", "a = 1\nname = \"红十字\"\n");
        let off = src.text.find('红').unwrap();
        assert_eq!(src.line_col(off), (2, 9));
        let after = off + '红'.len_utf8();
        assert_eq!(src.line_col(after), (2, 10));
        assert_eq!(src.line_col(0), (1, 1));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let src = SourceFile::new("a.toml", "红");
        assert_eq!(src.line_col(99), (1, 2));
        assert_eq!(src.clamp(1), 0);
    }
}
