//! How the workbook estimates the lines of a cell's text: the metrics the row heights are
//! planned with, and the line breaking a spreadsheet does (between any two CJK
//! characters, Latin words whole, never before closing punctuation). The same breaking
//! gives the lines themselves, where a row taller than a page is split between them.

use unicode_width::UnicodeWidthChar;

/// Type size of the grid's text, points.
pub const BODY_PT: f64 = 10.5;
/// Horizontal space a cell loses to its borders and padding, pixels, and a few more kept
/// in reserve for a client that rounds the column width down or runs text a little wider
/// (5 px of padding, 3 px of reserve). The reserve was a whole unit (7 px) a line; in
/// LibreOffice's print of the stress spec that made rows a line taller than the text
/// needed in most narrow columns (53 pages landscape, 65 portrait; 47 and 50 with no
/// reserve at all, no text cut).
pub const CELL_PAD_PX: f64 = 7.0;
/// Width of one half-width unit of body text (an ASCII character in SimSun), pixels at
/// 96 dpi; a CJK character is two units.
pub const UNIT_PX: f64 = BODY_PT * 96.0 / 72.0 / 2.0;
/// Units per line kept in reserve for a client whose text runs a little wider.
pub const WRAP_SLACK_UNITS: usize = 0;

/// Half-width units on one line of a cell `width_px` pixels wide.
pub fn units_per_line(width_px: f64) -> usize {
    // A small non-negative whole number of units.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let units = ((width_px - CELL_PAD_PX) / UNIT_PX).floor().max(0.0) as usize;
    units.saturating_sub(WRAP_SLACK_UNITS).max(2)
}

/// Lines a cell's text takes in a column of the given width (pixels).
pub fn lines(paras: &[String], width_px: f64) -> usize {
    let per_line = units_per_line(width_px);
    paras
        .iter()
        .map(|p| para_lines(p, per_line))
        .sum::<usize>()
        .max(1)
}

/// The lines of a cell's text in a column of the given width (pixels), each with the
/// index of its paragraph; as many as [`lines`] counts (an empty paragraph is one empty
/// line).
pub fn line_texts(paras: &[String], width_px: f64) -> Vec<(usize, &str)> {
    let per_line = units_per_line(width_px);
    let mut out = Vec::new();
    for (k, p) in paras.iter().enumerate() {
        out.extend(para_line_texts(p, per_line).into_iter().map(|l| (k, l)));
    }
    if out.is_empty() {
        out.push((0, ""));
    }
    out
}

/// Characters a line must not start with (a client moves the character before them down).
fn no_line_start(c: char) -> bool {
    "，。、；：？！）》」』】〉”’…,.;:?!)]%".contains(c)
}

/// Lines one paragraph takes at `cap` half-width units a line.
pub fn para_lines(text: &str, cap: usize) -> usize {
    let mut state = Wrap::new(cap, false);
    state.run(text);
    state.lines
}

/// The lines of one paragraph at `cap` half-width units a line.
fn para_line_texts(text: &str, cap: usize) -> Vec<&str> {
    let mut state = Wrap::new(cap, true);
    state.run(text);
    let mut out = Vec::with_capacity(state.starts.len() + 1);
    let mut from = 0;
    for &at in &state.starts {
        // Starts are increasing char boundaries by construction; a repeated one is skipped.
        if at > from && text.is_char_boundary(at) {
            out.push(&text[from..at]);
            from = at;
        }
    }
    out.push(&text[from..]);
    out
}

/// Where a paragraph's wrapping stands: lines so far, units used on the last one, and
/// (when asked for) the byte offset each new line starts at.
struct Wrap {
    cap: usize,
    lines: usize,
    used: usize,
    /// Units of the token before, and where it starts.
    prev: usize,
    prev_at: usize,
    record: bool,
    starts: Vec<usize>,
}

impl Wrap {
    fn new(cap: usize, record: bool) -> Self {
        Self {
            cap,
            lines: 1,
            used: 0,
            prev: 0,
            prev_at: 0,
            record,
            starts: Vec::new(),
        }
    }

    /// Wraps `text`: tokens made as they are read (no list: the column fit asks this
    /// often), a Latin word (run of ASCII non-blanks), a blank, or one other character.
    fn run(&mut self, text: &str) {
        let mut word = 0usize;
        let mut word_at = 0usize;
        for (at, c) in text.char_indices() {
            if c.is_ascii_graphic() && !no_line_start(c) {
                if word == 0 {
                    word_at = at;
                }
                word += 1;
                continue;
            }
            if word > 0 {
                self.token(word_at, word, false, false);
                word = 0;
            }
            let w = if c == '\t' { 2 } else { c.width().unwrap_or(0) };
            self.token(at, w, c == ' ' || c == '\u{3000}', no_line_start(c));
        }
        if word > 0 {
            self.token(word_at, word, false, false);
        }
    }

    fn new_line(&mut self, at: usize) {
        self.lines += 1;
        if self.record {
            self.starts.push(at);
        }
    }

    /// Places one token of `w` units starting at byte `at`: a blank, a character that
    /// may not start a line, or anything else.
    fn token(&mut self, at: usize, w: usize, blank: bool, closing: bool) {
        let cap = self.cap;
        if self.used + w <= cap {
            self.used += w;
        } else if blank {
            // A blank at the end of a line is dropped.
        } else if closing && self.prev > 0 && self.prev + w <= cap {
            self.new_line(self.prev_at);
            self.used = self.prev + w;
        } else if w > cap {
            // Only a Latin word is wider than a line (a character is at most two units
            // and a line at least two), so units are bytes here.
            let first = (cap - self.used.min(cap)).min(w);
            let rest = w - first;
            for k in 0..rest.div_ceil(cap) {
                self.new_line(at + first + k * cap);
            }
            self.used = rest % cap;
            if self.used == 0 {
                self.used = cap;
            }
        } else {
            self.new_line(at);
            self.used = w;
        }
        self.prev = w;
        self.prev_at = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_cjk_as_two_units() {
        // 89 px: (89 - 5) / 7 = 12 units, less 1 of slack = 11 units a line.
        let w = 89.0;
        assert_eq!(lines(&["".into()], w), 1);
        assert_eq!(lines(&["一二三四五".into()], w), 1);
        assert_eq!(lines(&["一二三四五六".into()], w), 2);
        assert_eq!(lines(&["abcdefghijk".into(), "x".into()], w), 2);
    }

    #[test]
    fn lines_break_like_a_spreadsheet() {
        // Five CJK characters a line (10 units).
        assert_eq!(para_lines("一二三四五六七八九十", 10), 2);
        // A full stop never starts a line: the character before it moves down too.
        assert_eq!(para_lines("一二三四五。", 10), 2);
        assert_eq!(para_lines("一二三四五六七八九。", 10), 2);
        // Latin words stay whole; a blank at a line end is dropped.
        assert_eq!(para_lines("abcd efgh", 8), 2);
        assert_eq!(para_lines("abcdefgh ij", 8), 2);
        // A word longer than a line is cut.
        assert_eq!(para_lines("abcdefghijklmnopqrst", 8), 3);
        assert_eq!(para_lines("一abcdefghijklmnopqrst", 8), 3);
    }

    #[test]
    fn the_lines_are_the_ones_counted() {
        assert_eq!(
            para_line_texts("一二三四五六七八九十", 10),
            ["一二三四五", "六七八九十"]
        );
        assert_eq!(para_line_texts("一二三四五。", 10), ["一二三四", "五。"]);
        assert_eq!(para_line_texts("abcd efgh", 8), ["abcd ", "efgh"]);
        assert_eq!(
            para_line_texts("一abcdefghijklmnopqrst", 8),
            ["一abcdef", "ghijklmn", "opqrst"]
        );
        let paras = vec!["一二三四五六".to_owned(), String::new(), "七".to_owned()];
        let got = line_texts(&paras, 89.0);
        assert_eq!(got, [(0, "一二三四五"), (0, "六"), (1, ""), (2, "七")]);
        // Every paragraph's lines put together give it back, as many as counted.
        let text =
            "全力打造“红十字在身边”品牌工程。健全急救培训质量管控体系, HOME Sweet Home 12.5%。";
        for cap in 2..40 {
            let got = para_line_texts(text, cap);
            assert_eq!(got.concat(), text, "cap {cap}");
            assert_eq!(got.len(), para_lines(text, cap), "cap {cap}: {got:?}");
        }
    }
}
