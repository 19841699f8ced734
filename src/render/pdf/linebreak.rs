//! Chinese line breaking: where a line may end, and greedy wrapping of one paragraph to a
//! width. Pure functions over characters and advances; knows nothing about pages.
//!
//! Rules (GB/T 15834 practice, as on the printed forms):
//! - a break may fall between any two characters, except
//! - never before closing punctuation (`。，、；：？！）》」”` …),
//! - never after opening punctuation (`（《「“` …) or a prefix sign (`≥`, `≤`, `￥` …),
//! - never inside a number or a Latin word (`300.00`, `HOME`), and never between a number
//!   and the one character after it (`≥300.00册` stays whole) nor inside a two-character
//!   unit after a number (`≥1119.80万元`, `≥6000.00人次`),
//! - in a formula (a paragraph with `=`), a short term stays whole and a line breaks after
//!   an operator (`得分=` / `完成数量/` / `目标数量*` / `指标分值`),
//! - spaces are break points and vanish at line ends.
//!
//! A cluster longer than the line is broken between characters as a last resort.
//!
//! Adjacent full-width punctuation is compressed as CLREQ describes: where two marks meet
//! with their blank halves facing each other (`》《`, `”“`, `），`, `。”`, `（《`), half an em
//! of that blank is dropped, so the pair takes one and a half ems. The wrapper measures
//! with the compression, so wrapping and painting agree.

/// May not start a line.
const NO_START: &str = "。，、；：？！）》」』”’】〕〗〉］｝｠〙〛…‥·・～%‰℃°′″,.;:?!)]}>》〞ー々〆ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";

/// May not end a line.
const NO_END: &str = "（《「『“‘【〔〖〈［｛｟〘〚([{<〝≥≤＞＜＝≈±￥¥$＄№#＃";

/// Full-width closing marks whose glyph sits in the left half of the em, blank on the right
/// (Simplified Chinese fonts, as the bundled one).
const CLOSING_FW: &str = "。，、；：）》」』”’】〕〗〉］｝";

/// Full-width opening marks whose glyph sits in the right half, blank on the left.
const OPENING_FW: &str = "（《「『“‘【〔〖〈［｛";

/// The lists above as sorted characters: a binary search of a few steps where
/// `str::contains` scanned the list's bytes (0.3 M instructions of the seed's shaping).
struct Marks {
    no_start: Vec<char>,
    no_end: Vec<char>,
    closing: Vec<char>,
    opening: Vec<char>,
    operators: Vec<char>,
}

fn marks() -> &'static Marks {
    static MARKS: std::sync::OnceLock<Marks> = std::sync::OnceLock::new();
    MARKS.get_or_init(|| {
        let sorted = |list: &str| {
            let mut v: Vec<char> = list.chars().collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        Marks {
            no_start: sorted(NO_START),
            no_end: sorted(NO_END),
            closing: sorted(CLOSING_FW),
            opening: sorted(OPENING_FW),
            operators: sorted(OPERATORS),
        }
    })
}

fn has(list: &[char], c: char) -> bool {
    list.binary_search(&c).is_ok()
}

/// Whether `a` followed by `b` has two blank halves, or one blank half between two
/// marks, where half an em can go: `》《`, `），`, `（《`.
fn compressible(a: char, b: char) -> bool {
    if plain(a) || plain(b) {
        return false;
    }
    let marks = marks();
    let closing = |c: char| has(&marks.closing, c);
    let opening = |c: char| has(&marks.opening, c);
    (closing(a) && (closing(b) || opening(b))) || (opening(a) && opening(b))
}

/// Applies the punctuation compression to the natural advances `adv` of `chars`: a
/// compressed pair loses half an em from the first mark's advance, which moves the second
/// mark (and everything after it) back by that much. Only marks set full width (at least
/// 0.9 em in the font) are compressed.
fn compress(chars: &[char], em: f64, adv: &mut [f64]) {
    for i in 1..chars.len() {
        if compressible(chars[i - 1], chars[i]) && adv[i - 1] >= 0.9 * em && adv[i] >= 0.9 * em {
            adv[i - 1] -= 0.5 * em;
        }
    }
}

/// Characters of Chinese text (ideographs, kana, full-width marks and forms, the
/// curly quotes set full width): justification spreads space only next to these.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{2FFFF}'
        | '“' | '”' | '‘' | '’' | '…' | '—' | '·')
}

/// Whether justification may add space between `a` and `b`: next to a Chinese character,
/// never inside a Latin word or a number (nor between two Latin marks), and never inside
/// a compressed pair of punctuation.
pub fn stretchable(a: char, b: char) -> bool {
    (is_cjk(a) || is_cjk(b)) && !compressible(a, b) && a != ' ' && b != ' '
}

/// Ideographs and ASCII letters and digits are in neither list: most characters are
/// answered without searching the lists.
fn plain(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_ascii_alphanumeric()
}

fn no_start(c: char) -> bool {
    !plain(c) && has(&marks().no_start, c)
}

fn no_end(c: char) -> bool {
    !plain(c) && has(&marks().no_end, c)
}

/// Latin letters and digits (not CJK): runs of them form words that stay whole.
fn is_wordy(c: char) -> bool {
    if ('\u{2E80}'..='\u{9FFF}').contains(&c) {
        return false;
    }
    c.is_ascii_alphanumeric()
        || ((c as u32) < 0x2E80 && c.is_alphabetic())
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
    // A number keeps its unit: `300.00册`, `95%`, `1119.80万元`.
    if is_digit(a) && !b.is_whitespace() && !is_wordy(b) {
        return false;
    }
    if i >= 2 && is_digit(chars[i - 2]) && is_unit_pair(a, b) {
        return false;
    }
    true
}

/// Two-character units written after a number (`万元`, `人次`): the pair stays whole.
fn is_unit_pair(a: char, b: char) -> bool {
    const UNITS: [&str; 16] = [
        "万元", "亿元", "千元", "人次", "户次", "场次", "台次", "件次", "小时", "公里", "万人",
        "万册", "万份", "个月", "万户", "千米",
    ];
    UNITS.iter().any(|u| {
        let mut it = u.chars();
        it.next() == Some(a) && it.next() == Some(b)
    })
}

/// Operators after which a formula breaks.
const OPERATORS: &str = "=＝/*×÷+＋－";

/// A term of a formula of at most this many characters (with its operator) stays on one
/// line, so a column narrow enough to wrap it breaks at the operators.
const FORMULA_TERM: usize = 8;

/// In a formula (a paragraph with `=`), the breaks without those inside short terms: a
/// line then breaks after an operator where it can. Longer terms keep their breaks.
/// `None` for other text.
fn formula_terms(chars: &[char], ends: &[usize]) -> Option<Vec<usize>> {
    if !chars.iter().any(|&c| c == '=' || c == '＝') {
        return None;
    }
    let mut terms = Vec::new();
    let mut start = 0;
    for (i, &c) in chars.iter().enumerate() {
        if has(&marks().operators, c) {
            terms.push(start..i + 1);
            start = i + 1;
        }
    }
    terms.push(start..chars.len());
    let kept: Vec<usize> = ends
        .iter()
        .copied()
        .filter(|&e| {
            !terms
                .iter()
                .any(|t| t.len() <= FORMULA_TERM && t.start < e && e < t.end)
        })
        .collect();
    (kept.len() < ends.len()).then_some(kept)
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
    /// Compressed punctuation inside the line: (index of the first mark of the pair among
    /// the line's characters, advance change in mm, negative).
    pub kerns: Vec<(usize, f64)>,
}

/// One paragraph (no newlines) ready to wrap at any width: its characters, their
/// advances as the font has them and with the punctuation compression, and its clusters
/// (maximal runs without an allowed break inside). Shaped once, wrapped as often as a
/// search for the best measure needs.
pub struct Shaped {
    text: Box<str>,
    chars: Vec<char>,
    /// Byte offset of each character in `text`.
    starts: Vec<u32>,
    natural: Vec<f64>,
    adv: Vec<f64>,
    /// Cluster ends: cluster `k` is `ends[k - 1]..ends[k]` (from 0 for the first).
    ends: Vec<usize>,
    /// For a formula: the cluster ends with short terms whole (`keep_formula_terms`),
    /// used where they cost no extra line.
    terms: Option<Vec<usize>>,
}

impl Shaped {
    /// `advance` gives each character's advance in mm, `em` the type size in mm.
    pub fn new(text: &str, em: f64, advance: impl Fn(char) -> f64) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let natural = chars.iter().map(|&c| advance(c)).collect();
        Self::from_advances(text, chars, natural, em)
    }

    /// Like [`Shaped::new`] with an advance that may have none for a character (a glyph
    /// the font lacks): the first such character is the error.
    pub fn try_new(
        text: &str,
        em: f64,
        advance: impl Fn(char) -> Option<f64>,
    ) -> Result<Self, char> {
        let chars: Vec<char> = text.chars().collect();
        let natural = chars
            .iter()
            .map(|&c| advance(c).ok_or(c))
            .collect::<Result<Vec<f64>, char>>()?;
        Ok(Self::from_advances(text, chars, natural, em))
    }

    fn from_advances(text: &str, chars: Vec<char>, natural: Vec<f64>, em: f64) -> Self {
        // Paragraphs are far shorter than 4 GiB (specs are read whole into memory).
        #[allow(clippy::cast_possible_truncation)]
        let starts = text.char_indices().map(|(i, _)| i as u32).collect();
        let mut adv = natural.clone();
        compress(&chars, em, &mut adv);
        let ends: Vec<usize> = (1..=chars.len())
            .filter(|&i| i == chars.len() || break_allowed(&chars, i))
            .collect();
        let terms = formula_terms(&chars, &ends);
        Shaped {
            text: text.into(),
            chars,
            starts,
            natural,
            adv,
            ends,
            terms,
        }
    }

    /// The natural width on one line and the widest run that may not be broken (a word, a
    /// number with its unit, a character with its punctuation), mm, with the compression.
    pub fn measure(&self) -> (f64, f64) {
        let mut widest: f64 = 0.0;
        let mut start = 0;
        for &end in &self.ends {
            let run: f64 = (start..end)
                .filter(|&i| self.chars[i] != ' ')
                .map(|i| self.adv[i])
                .sum();
            widest = widest.max(run);
            start = end;
        }
        (self.adv.iter().sum(), widest)
    }

    fn is_blank(&self) -> bool {
        self.chars.iter().all(|c| c.is_whitespace())
    }

    /// Wraps to `width` mm with `indent` taken off the first line. A formula breaks
    /// after its operators when that takes no more lines than breaking anywhere.
    pub fn wrap(&self, width: f64, indent: f64) -> Vec<WrappedLine> {
        if self.is_blank() {
            return Vec::new();
        }
        let mut run = self.run(width, indent, false, &self.ends);
        if let Some(terms) = &self.terms {
            let by_terms = self.run(width, indent, false, terms);
            let widest = by_terms.lines.iter().map(|l| l.width).fold(0.0, f64::max);
            if by_terms.lines.len() <= run.lines.len() && widest <= width + EPS {
                run = by_terms;
            }
        }
        let mut lines = run.lines;
        lines.retain(|l| !l.text.is_empty());
        if let Some(last) = lines.last_mut() {
            last.continues = false;
            last.space_after = false;
        }
        lines
    }

    /// Whether the paragraph wraps to `lines` lines at `width`, none wider than it (the
    /// wrap without building its lines).
    fn wraps_to(&self, width: f64, indent: f64, lines: usize) -> bool {
        let w = self.run(width, indent, true, &self.ends);
        w.shown == lines && w.widest <= width + EPS
    }

    fn run(&self, width: f64, indent: f64, count_only: bool, ends: &[usize]) -> Wrapper<'_> {
        let mut w = Wrapper {
            chars: &self.chars,
            text: &self.text,
            starts: &self.starts,
            adv: &self.adv,
            natural: &self.natural,
            width,
            indent,
            lines: Vec::new(),
            flushed: 0,
            count_only,
            shown: 0,
            widest: 0.0,
            line: Vec::new(),
            line_w: 0.0,
        };
        let mut start = 0;
        for &end in ends {
            w.place_cluster(start, end);
            start = end;
        }
        if !w.line.is_empty() {
            w.flush();
        }
        w
    }

    /// Wraps like [`Shaped::wrap`]; when that leaves a single character on the last line,
    /// narrows the measure as far as the paragraph keeps its number of lines, so the lines
    /// come out even (`二级指/标` becomes `二级/指标`). For centred labels and short values.
    pub fn wrap_balanced(&self, width: f64, indent: f64, em: f64) -> Vec<WrappedLine> {
        let greedy = self.wrap(width, indent);
        let n = greedy.len();
        // A greedy wrap with a full last line is kept: its breaks read as written
        // (`年度总体/目标`), where even lines would cut words (`年度总/体目标`).
        if n < 2 || greedy.last().is_some_and(|l| letters(l) >= 2) {
            return greedy;
        }
        // The narrowest measure with n lines lies between the average line and the width;
        // a dozen halvings get within a hundredth of an em on any label.
        // Never narrower than a word or number: that would break it between characters.
        let (_, widest) = self.measure();
        let total: f64 = greedy.iter().map(|l| l.width).sum();
        let mut lo = (total / n as f64).max(widest).min(width);
        let mut hi = width;
        let mut best: Option<f64> = None;
        for _ in 0..12 {
            if hi - lo < 0.01 * em {
                break;
            }
            let mid = (lo + hi) / 2.0;
            if self.wraps_to(mid, indent, n) {
                hi = mid;
                best = Some(mid);
            } else {
                lo = mid;
            }
        }
        best.map_or(greedy, |w| self.wrap(w, indent))
    }
}

/// Wraps one paragraph (no newlines) to `width` mm. `advance` gives each character's
/// advance in mm, `em` the type size in mm; `indent` is taken off the first line.
pub fn wrap(
    text: &str,
    width: f64,
    indent: f64,
    em: f64,
    advance: impl Fn(char) -> f64,
) -> Vec<WrappedLine> {
    Shaped::new(text, em, advance).wrap(width, indent)
}

/// Characters on `line` that are not punctuation: a label's last line should have two.
pub fn letters(line: &WrappedLine) -> usize {
    line.text
        .chars()
        .filter(|&c| c != ' ' && may_start_line(c) && may_end_line(c))
        .count()
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
    text: &'a str,
    starts: &'a [u32],
    /// Advances with the compression.
    adv: &'a [f64],
    /// Advances as the font has them.
    natural: &'a [f64],
    width: f64,
    indent: f64,
    lines: Vec<WrappedLine>,
    /// Lines ended so far (with those left empty by a forced break).
    flushed: usize,
    /// Only count: no line is built, `shown` and `widest` are kept instead.
    count_only: bool,
    /// Lines with text, and the widest of them (count_only).
    shown: usize,
    widest: f64,
    /// Character indices on the current line.
    line: Vec<usize>,
    /// Width of the current line including trailing spaces.
    line_w: f64,
}

impl Wrapper<'_> {
    fn avail(&self) -> f64 {
        if self.flushed == 0 {
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

    /// The current line's text: a slice of the paragraph, as a line holds consecutive
    /// characters (a forced break carries a tail to the next line, whole).
    fn line_text(&self) -> String {
        let (Some(&first), Some(&last)) = (self.line.first(), self.line.last()) else {
            return String::new();
        };
        if last + 1 - first != self.line.len() {
            return self.line.iter().map(|&k| self.chars[k]).collect();
        }
        let end = self
            .starts
            .get(last + 1)
            .map_or(self.text.len(), |&b| b as usize);
        self.text[self.starts[first] as usize..end].to_owned()
    }

    fn flush(&mut self) {
        let mut space_after = false;
        while self.line.last().is_some_and(|&k| self.chars[k] == ' ') {
            self.line.pop();
            space_after = true;
        }
        if self.count_only {
            if !self.line.is_empty() {
                let width: f64 = self.line.iter().map(|&k| self.adv[k]).sum();
                self.shown += 1;
                self.widest = self.widest.max(width);
            }
            self.flushed += 1;
            self.line.clear();
            self.line_w = 0.0;
            return;
        }
        let text = self.line_text();
        let width: f64 = self.line.iter().map(|&k| self.adv[k]).sum();
        let kerns = self
            .line
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[1] == w[0] + 1 && self.adv[w[0]] < self.natural[w[0]] - EPS)
            .map(|(j, w)| (j, self.adv[w[0]] - self.natural[w[0]]))
            .collect();
        let indent = if self.flushed == 0 { self.indent } else { 0.0 };
        self.lines.push(WrappedLine {
            text,
            width,
            indent,
            continues: true,
            space_after,
            kerns,
        });
        self.flushed += 1;
        self.line.clear();
        self.line_w = 0.0;
    }
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

    #[test]
    fn the_sorted_marks_answer_as_the_lists_do() {
        let m = marks();
        for (list, sorted) in [
            (NO_START, &m.no_start),
            (NO_END, &m.no_end),
            (CLOSING_FW, &m.closing),
            (OPENING_FW, &m.opening),
            (OPERATORS, &m.operators),
        ] {
            for c in (0..=0xFFFF_u32).filter_map(char::from_u32) {
                assert_eq!(has(sorted, c), list.contains(c), "{c:?} in {list}");
            }
        }
    }

    /// 1 mm per CJK character, 0.5 mm per ASCII character.
    fn adv(c: char) -> f64 {
        if c.is_ascii() { 0.5 } else { 1.0 }
    }

    /// Wraps with 1 mm type: the CJK advance is one em.
    fn wrap_t(text: &str, width: f64, indent: f64, adv: fn(char) -> f64) -> Vec<WrappedLine> {
        wrap(text, width, indent, 1.0, adv)
    }

    fn wrap_balanced(
        text: &str,
        width: f64,
        indent: f64,
        em: f64,
        adv: fn(char) -> f64,
    ) -> Vec<WrappedLine> {
        Shaped::new(text, em, adv).wrap_balanced(width, indent, em)
    }

    fn measure(text: &str, em: f64, adv: fn(char) -> f64) -> (f64, f64) {
        Shaped::new(text, em, adv).measure()
    }

    /// Advances with the punctuation compression.
    fn advances(chars: &[char], em: f64, adv: fn(char) -> f64) -> Vec<f64> {
        let mut a: Vec<f64> = chars.iter().map(|&c| adv(c)).collect();
        compress(chars, em, &mut a);
        a
    }

    fn texts(lines: &[WrappedLine]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn wraps_per_character() {
        let l = wrap_t("一二三四五六七", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二三", "四五六", "七"]);
        assert!(l[0].continues && !l[2].continues);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let l = wrap_t("一二三，四五", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二", "三，四", "五"]);
        let l = wrap_t("一二三。”四", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二", "三。”", "四"]);
        let l = wrap_t("一二三四。”", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二三", "四。”"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        let l = wrap_t("一二（三四", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二", "（三四"]);
        let l = wrap_t("一二《三》", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["一二", "《三》"]);
    }

    #[test]
    fn numbers_and_units_stay_whole() {
        // ≥300.00册 is 1 + 3 + 1 = 5 mm.
        let l = wrap_t("目标值≥300.00册以上", 5.5, 0.0, adv);
        assert_eq!(texts(&l), ["目标值", "≥300.00册", "以上"]);
        let l = wrap_t("共1,000.50万元", 5.0, 0.0, adv);
        assert_eq!(texts(&l), ["共", "1,000.50万", "元"]);
    }

    #[test]
    fn latin_words_stay_whole_and_spaces_vanish() {
        let l = wrap_t("HOME Sweet Home", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["HOME", "Sweet", "Home"]);
        let l = wrap_t("中文Well, time", 4.0, 0.0, adv);
        assert_eq!(texts(&l), ["中文", "Well,", "time"]);
    }

    #[test]
    fn overlong_clusters_break_between_characters() {
        let l = wrap_t("abcdefghij", 2.0, 0.0, adv);
        assert_eq!(texts(&l), ["abcd", "efgh", "ij"]);
        assert!(l.iter().all(|x| x.width <= 2.0 + 1e-9));
    }

    #[test]
    fn rejoin_restores_the_source() {
        let text = "HOME Sweet 一二三四五六七八九十";
        let l = wrap_t(text, 3.0, 0.0, adv);
        assert_eq!(rejoin(&l), text);
    }

    #[test]
    fn first_line_indent() {
        let l = wrap_t("一二三四五六", 4.0, 2.0, adv);
        assert_eq!(texts(&l), ["一二", "三四五六"]);
        assert_eq!(l[0].indent, 2.0);
        assert_eq!(l[1].indent, 0.0);
    }

    #[test]
    fn empty_text_gives_no_lines() {
        assert!(wrap_t("", 3.0, 0.0, adv).is_empty());
        assert!(wrap_t("   ", 3.0, 0.0, adv).is_empty());
    }

    #[test]
    fn quotes_stay_with_their_words() {
        let l = wrap_t("是“十四五”开局", 3.0, 0.0, adv);
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

    #[test]
    fn adjacent_full_width_punctuation_takes_one_and_a_half_ems() {
        for pair in ["》《", "”“", "），", "。”", "（《", "、“"] {
            let chars: Vec<char> = pair.chars().collect();
            let w: f64 = advances(&chars, 1.0, adv).iter().sum();
            assert!((w - 1.5).abs() < 1e-9, "{pair}: {w}");
        }
        // Marks whose glyphs face each other, a mark beside an ideograph, and marks set
        // narrow (ASCII) are left alone.
        for pair in ["（）", "字，", "，字", "()", "？“"] {
            let chars: Vec<char> = pair.chars().collect();
            let w: f64 = advances(&chars, 1.0, adv).iter().sum();
            let natural: f64 = chars.iter().map(|&c| adv(c)).sum();
            assert!((w - natural).abs() < 1e-9, "{pair}: {w}");
        }
        // Three in a row: each meeting loses half an em.
        assert!((measure("。”）", 1.0, adv).0 - 2.0).abs() < 1e-9);
    }

    #[test]
    fn a_number_keeps_its_two_character_unit() {
        assert_eq!(texts(&wrap_t("≥1119.80万元", 5.0, 0.0, adv)).len(), 2);
        assert_eq!(
            measure("≥1119.80万元", 1.0, adv).1,
            measure("≥1119.80万元", 1.0, adv).0
        );
        assert_eq!(texts(&wrap_t("共12万元", 5.0, 0.0, adv)), ["共12万元"]);
        // Not a unit: the break after the first character stays.
        assert_eq!(texts(&wrap_t("12册书本", 2.5, 0.0, adv)), ["12册", "书本"]);
    }

    #[test]
    fn a_formula_breaks_after_its_operators() {
        let f = "得分=完成数量/目标数量*指标分值";
        let l = wrap_t(f, 4.5, 0.0, adv);
        assert_eq!(texts(&l), ["得分=", "完成数量/", "目标数量*", "指标分值"]);
        let l = wrap_t(f, 9.0, 0.0, adv);
        assert_eq!(texts(&l), ["得分=完成数量/", "目标数量*指标分值"]);
        // Where breaking at the operators would take another line, any break serves.
        let l = wrap_t(f, 7.0, 0.0, adv);
        assert_eq!(l.len(), 3, "{l:?}");
        assert_eq!(rejoin(&l), f);
        // Text without `=` breaks between any two characters, and so does a long term.
        let l = wrap_t("完成数量/目标数量", 3.0, 0.0, adv);
        assert_eq!(texts(&l)[0], "完成数");
        let l = wrap_t("得分=一二三四五六七八九十", 3.0, 0.0, adv);
        assert_eq!(texts(&l)[1], "一二三");
    }

    #[test]
    fn the_wrapper_measures_with_the_compression() {
        // 《甲》《乙》 is 6 em natural, 5.5 compressed: it fits a 5.5 mm line.
        let l = wrap_t("《甲》《乙》", 5.5, 0.0, adv);
        assert_eq!(texts(&l), ["《甲》《乙》"]);
        assert!((l[0].width - 5.5).abs() < 1e-9, "{}", l[0].width);
        assert_eq!(l[0].kerns, [(2, -0.5)]);
        // Without the compression it would need two lines.
        let l = wrap_t("《甲》《乙》", 5.4, 0.0, adv);
        assert_eq!(texts(&l), ["《甲》", "《乙》"]);
        // A pair broken by the line end leaves no kern inside either line.
        assert!(l.iter().all(|x| x.kerns.is_empty()), "{l:?}");
        assert_eq!(rejoin(&l), "《甲》《乙》");
    }

    #[test]
    fn justification_never_enters_latin_words_or_numbers() {
        assert!(stretchable('急', '救'));
        assert!(stretchable('（', 'A'), "a CJK/Latin boundary");
        assert!(stretchable('d', '中'));
        assert!(!stretchable('A', 'u'));
        assert!(!stretchable('3', '.'));
        assert!(!stretchable('(', 'A'));
        assert!(!stretchable('d', ' '));
        assert!(!stretchable('》', '《'), "a compressed pair stays tight");
    }

    #[test]
    fn balanced_labels_do_not_end_with_one_character() {
        let l = wrap_t("二级指标", 3.0, 0.0, adv);
        assert_eq!(texts(&l), ["二级指", "标"]);
        let l = wrap_balanced("二级指标", 3.0, 0.0, 1.0, adv);
        assert_eq!(texts(&l), ["二级", "指标"]);
        // `(万元)` in ASCII parentheses: the greedy wrap leaves `元)` alone.
        let l = wrap_balanced("年度预算安排(万元)", 4.2, 0.0, 1.0, adv);
        assert_eq!(l.len(), 3, "{l:?}");
        assert!(l.iter().all(|x| letters(x) >= 2), "{l:?}");
        assert_eq!(rejoin(&l), "年度预算安排(万元)");
        // A number is never broken to even the lines: `≥6000.00人次` stays whole.
        let l = wrap_balanced("≥6000.00人次，共计", 7.6, 0.0, 1.0, adv);
        assert_eq!(texts(&l), ["≥6000.00人次，", "共计"]);
        // One line stays one line.
        assert_eq!(
            texts(&wrap_balanced("资金总额", 9.0, 0.0, 1.0, adv)),
            ["资金总额"]
        );
    }

    #[test]
    fn measure_gives_the_natural_width_and_the_widest_cluster() {
        let (natural, widest) = measure("目标值≥300.00册以上", 1.0, adv);
        assert!((natural - 10.0).abs() < 1e-9, "{natural}");
        assert!((widest - 5.0).abs() < 1e-9, "≥300.00册: {widest}");
        let (natural, widest) = measure("HOME Sweet", 1.0, adv);
        assert!((natural - 5.0).abs() < 1e-9 && (widest - 2.5).abs() < 1e-9);
    }

    #[test]
    fn counting_a_wrap_agrees_with_the_wrap() {
        for text in [
            "二级指标",
            "年度预算安排(万元)",
            "开展“救在身边”应急救护培训，普及（AED）使用。“博爱家园”项目",
            "HOME Sweet HOME 300.00册 以上",
            "  ",
        ] {
            let sh = Shaped::new(text, 1.0, adv);
            for tenth in 5..200 {
                let width = f64::from(tenth) / 10.0;
                for indent in [0.0, 2.0] {
                    let lines = sh.wrap(width, indent);
                    let widest = lines.iter().map(|l| l.width).fold(0.0, f64::max);
                    for n in [lines.len(), lines.len() + 1] {
                        let expected = lines.len() == n && widest <= width + EPS;
                        assert_eq!(sh.wraps_to(width, indent, n), expected, "{text} {width}");
                    }
                }
            }
        }
    }
}
