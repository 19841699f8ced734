//! Chinese line breaking: where a line may end, and greedy wrapping of one paragraph to a
//! width. Pure functions over characters and advances; knows nothing about pages.
//!
//! Rules (GB/T 15834 practice, as on the printed forms):
//! - a break may fall between any two characters, except
//! - never before closing punctuation (`。，、；：？！）》」”` …),
//! - never after opening punctuation (`（《「“` …) or a prefix sign (`≥`, `≤`, `￥` …),
//! - never inside a number or a Latin word (`300.00`, `HOME`), and never between a number
//!   and the one character after it (`≥300.00册` stays whole),
//! - spaces are break points and vanish at line ends.
//!
//! A cluster longer than the line is broken between characters as a last resort.

/// May not start a line.
const NO_START: &str = "。，、；：？！）》」』”’】〕〗〉］｝｠〙〛…‥·・～%‰℃°′″,.;:?!)]}>》〞ー々〆ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";

/// May not end a line.
const NO_END: &str = "（《「『“‘【〔〖〈［｛｟〘〚([{<〝≥≤＞＜＝≈±￥¥$＄№#＃";

/// Ideographs and ASCII letters and digits are in neither list: most characters are
/// answered without searching the lists.
fn plain(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_ascii_alphanumeric()
}

fn no_start(c: char) -> bool {
    !plain(c) && NO_START.contains(c)
}

fn no_end(c: char) -> bool {
    !plain(c) && NO_END.contains(c)
}

/// Latin letters and digits (not CJK): runs of them form words that stay whole.
fn is_wordy(c: char) -> bool {
    if ('\u{2E80}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    c.is_ascii_alphanumeric()
        || (c.is_alphabetic() && (c as u32) < 0x2E80)
        || matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '０'..='９')
}

/// Joiners that belong inside words and numbers when letters or digits stand on both
/// sides: `3.5`, `1,000`, `e-mail`, `a/b`, `10:30`, `don't`.
fn is_inner_joiner(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | '-' | '/' | ':' | '\'' | '_' | '·' | '．' | '，'
    )
}

/// Whether a line may break between `chars[i - 1]` and `chars[i]`.
fn break_allowed(chars: &[char], i: usize) -> bool {
    let a = chars[i - 1];
    let b = chars[i];
    if b == ' ' || no_start(b) || no_end(a) {
        return false;
    }
    if a == ' ' {
        return true;
    }
    if is_wordy(a) && is_wordy(b) {
        return false;
    }
    // `3.5`, `1,000`: a joiner between two word characters glues all three.
    let before = i.checked_sub(2).map(|k| chars[k]);
    let after = chars.get(i + 1).copied();
    if is_inner_joiner(b) && is_wordy(a) && after.is_some_and(is_wordy) {
        return false;
    }
    if is_inner_joiner(a) && is_wordy(b) && before.is_some_and(is_wordy) {
        return false;
    }
    // A number keeps its unit: `300.00册`, `95%`.
    if is_digit(a) && !b.is_whitespace() && !is_wordy(b) {
        return false;
    }
    true
}

/// One wrapped line: the characters it shows and its natural width (mm).
#[derive(Clone, Debug, PartialEq)]
pub struct WrappedLine {
    /// Text, without spaces at either end.
    pub text: String,
    /// Sum of advances, mm.
    pub width: f64,
    /// Left indent of this line, mm (first line of an indented paragraph).
    pub indent: f64,
    /// Whether more lines of the same paragraph follow (for justification).
    pub continues: bool,
    /// Whether the source had a space where this line ends (to rebuild the text).
    pub space_after: bool,
}

/// Wraps one paragraph (no newlines) to `width` mm. `advance` gives each character's
/// advance in mm; `indent` is taken off the first line.
pub fn wrap(
    text: &str,
    width: f64,
    indent: f64,
    advance: impl Fn(char) -> f64,
) -> Vec<WrappedLine> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let adv: Vec<f64> = chars.iter().map(|&c| advance(c)).collect();
    let mut w = Wrapper {
        chars: &chars,
        adv: &adv,
        width,
        indent,
        lines: Vec::new(),
        line: Vec::new(),
        line_w: 0.0,
    };
    // Clusters: maximal runs without an allowed break inside.
    let mut start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || break_allowed(&chars, i) {
            w.place_cluster(start, i);
            start = i;
        }
    }
    if !w.line.is_empty() {
        w.flush();
    }
    let mut lines = w.lines;
    lines.retain(|l| !l.text.is_empty());
    if let Some(last) = lines.last_mut() {
        last.continues = false;
        last.space_after = false;
    }
    lines
}

/// The source text of consecutive wrapped lines: spaces restored where a line ended at
/// one, paragraphs separated by newlines.
pub fn rejoin<'a>(lines: impl IntoIterator<Item = &'a WrappedLine>) -> String {
    let mut out = String::new();
    let mut sep = "";
    for l in lines {
        out.push_str(sep);
        out.push_str(&l.text);
        sep = if !l.continues {
            "\n"
        } else if l.space_after {
            " "
        } else {
            ""
        };
    }
    out
}

const EPS: f64 = 1e-6;

struct Wrapper<'a> {
    chars: &'a [char],
    adv: &'a [f64],
    width: f64,
    indent: f64,
    lines: Vec<WrappedLine>,
    /// Character indices on the current line.
    line: Vec<usize>,
    /// Width of the current line including trailing spaces.
    line_w: f64,
}

impl Wrapper<'_> {
    fn avail(&self) -> f64 {
        if self.lines.is_empty() {
            self.width - self.indent
        } else {
            self.width
        }
    }

    fn place_cluster(&mut self, s: usize, e: usize) {
        // Trailing spaces do not count against the width.
        let content_end = (s..e)
            .rev()
            .find(|&k| self.chars[k] != ' ')
            .map_or(s, |k| k + 1);
        let cw: f64 = self.adv[s..content_end].iter().sum();
        if self.line_w + cw > self.avail() + EPS && !self.line.is_empty() {
            self.flush();
        }
        if self.line_w + cw <= self.avail() + EPS {
            self.push_range(s, e);
            return;
        }
        // Longer than a whole line: break between characters as a last resort, still
        // keeping closing punctuation off the start of a line where possible.
        for k in s..e {
            let c = self.chars[k];
            if self.line.is_empty() && c == ' ' {
                continue;
            }
            if self.line_w + self.adv[k] > self.avail() + EPS && !self.line.is_empty() {
                let last = self.line.last().map(|&p| self.chars[p]);
                let carry = if no_start(c) || last.is_some_and(no_end) {
                    self.tail_after_last_cut(self.adv[k])
                } else {
                    Vec::new()
                };
                self.flush();
                for p in carry {
                    self.push_range(p, p + 1);
                }
            }
            self.push_range(k, k + 1);
        }
    }

    /// Takes off the current line everything after the last place where punctuation rules
    /// allow a break, so a forced break does not put `。` at a line start (or `（` at an
    /// end). Empty when the whole line offers no such place, or when the tail and the
    /// `next` advance would not fit on a line together.
    fn tail_after_last_cut(&mut self, next: f64) -> Vec<usize> {
        let cut = (1..self.line.len()).rev().find(|&j| {
            let c = self.chars[self.line[j]];
            let p = self.chars[self.line[j - 1]];
            c != ' ' && !no_start(c) && !no_end(p)
        });
        let Some(j) = cut else { return Vec::new() };
        let tail_w: f64 = self.line[j..].iter().map(|&k| self.adv[k]).sum();
        if tail_w + next > self.width + EPS {
            return Vec::new();
        }
        self.line.split_off(j)
    }

    fn push_range(&mut self, s: usize, e: usize) {
        for k in s..e {
            if self.line.is_empty() && self.chars[k] == ' ' {
                continue;
            }
            self.line.push(k);
            self.line_w += self.adv[k];
        }
    }

    fn flush(&mut self) {
        let mut space_after = false;
        while self.line.last().is_some_and(|&k| self.chars[k] == ' ') {
            self.line.pop();
            space_after = true;
        }
        let text: String = self.line.iter().map(|&k| self.chars[k]).collect();
        let width: f64 = self.line.iter().map(|&k| self.adv[k]).sum();
        let indent = if self.lines.is_empty() {
            self.indent
        } else {
            0.0
        };
        self.lines.push(WrappedLine {
            text,
            width,
            indent,
            continues: true,
            space_after,
        });
        self.line.clear();
        self.line_w = 0.0;
    }
}

/// The widest run that may not be broken (a word, a number with its unit, a character
/// with its punctuation), mm: the narrowest a column can be without breaking one.
pub fn widest_cluster(text: &str, advance: impl Fn(char) -> f64) -> f64 {
    let chars: Vec<char> = text.chars().collect();
    let mut widest: f64 = 0.0;
    let mut start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || break_allowed(&chars, i) {
            let w: f64 = chars[start..i]
                .iter()
                .filter(|&&c| c != ' ')
                .map(|&c| advance(c))
                .sum();
            widest = widest.max(w);
            start = i;
        }
    }
    widest
}

/// Whether `c` may start a line (for tests and checks).
pub fn may_start_line(c: char) -> bool {
    !no_start(c)
}

/// Whether `c` may end a line (for tests and checks).
pub fn may_end_line(c: char) -> bool {
    !no_end(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 mm per CJK character, 0.5 mm per ASCII character.
    fn adv(c: char) -> f64 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    fn texts(lines: &[WrappedLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn wraps_per_character() {
        let l = wrap("一二三四五六七", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二三", "四五六", "七"]);
        assert!(l[0].continues && !l[2].continues);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let l = wrap("一二三，四五", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二", "三，四", "五"]);
        let l = wrap("一二三。”四", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二", "三。”", "四"]);
        let l = wrap("一二三四。”", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二三", "四。”"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let l = wrap("一二（三四", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二", "（三四"]);
        let l = wrap("一二《三》", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二", "《三》"]);
    }

    #[test]
    fn numbers_and_units_stay_whole() {
        // ≥300.00册 is 1 + 3 + 1 = 5 mm.
        let l = wrap("目标值≥300.00册以上", 5.5, 0.0, adv);
        assert_eq!(texts(&l), ["目标值", "≥300.00册", "以上"]);
        let l = wrap("共1,000.50万元", 5.0, 0.0, adv);
        assert_eq!(texts(&l), ["共", "1,000.50万", "元"]);
    }

    #[test]
    fn latin_words_stay_whole_and_spaces_vanish() {
        let l = wrap("HOME Sweet Home", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["HOME", "Sweet", "Home"]);
        let l = wrap("中文Well, time", 4.0, 0.0, adv);
        assert_eq!(texts(&l), ["中文", "Well,", "time"]);
    }

    #[test]
    fn overlong_clusters_break_between_characters() {
        let l = wrap("abcdefghij", 2.0, 0.0, adv);
        assert_eq!(texts(&l), ["abcd", "efgh", "ij"]);
        assert!(l.iter().all(|x| x.width <= 2.0 + 1e-9));
    }

    #[test]
    fn rejoin_restores_the_source() {
        let text = "HOME Sweet 一二三四五六七八九十";
        let l = wrap(text, 3.0, 0.0, adv);
        assert_eq!(rejoin(&l), text);
    }

    #[test]
    fn first_line_indent() {
        let l = wrap("一二三四五六", 4.0, 2.0, adv);
        assert_eq!(texts(&l), ["一二", "三四五六"]);
        assert_eq!(l[0].indent, 2.0);
        assert_eq!(l[1].indent, 0.0);
    }

    #[test]
    fn empty_text_gives_no_lines() {
        assert!(wrap("", 3.0, 0.0, adv).is_empty());
        assert!(wrap("   ", 3.0, 0.0, adv).is_empty());
    }

    #[test]
    fn quotes_stay_with_their_words() {
        let l = wrap("是“十四五”开局", 3.0, 0.0, adv);
        for line in &l {
            let first = line.text.chars().next().unwrap();
            let last = line.text.chars().last().unwrap();
            assert!(may_start_line(first), "{l:?}");
            assert!(may_end_line(last), "{l:?}");
        }
        assert_eq!(
            l.iter().map(|x| x.text.as_str()).collect::<String>(),
            "是“十四五”开局"
        );
    }
}
