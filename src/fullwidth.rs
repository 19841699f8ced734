//! Full-width input as Chinese input methods type it: `≥９５％`, `＞＝95%`, `"１２２０.００"`.
//!
//! Numbers, signs and the percent sign typed in full-width mode are read as their half-width
//! forms; the caller warns and shows the normalised text.

/// The half-width form of one full-width character used in numbers and comparisons.
fn half(c: char) -> Option<char> {
    match c {
        '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
        '．' | '。' => Some('.'),
        '％' => Some('%'),
        '＋' => Some('+'),
        '－' => Some('-'),
        '＜' => Some('<'),
        '＞' => Some('>'),
        '＝' => Some('='),
        '，' => Some(','),
        '　' => Some(' '),
        _ => None,
    }
}

/// Whether the text has a full-width character this module converts.
fn has_fullwidth(text: &str) -> bool {
    text.chars()
        .any(|c| half(c).is_some() && c != '。' && c != '，' && c != '　')
}

/// The half-width reading of a 目标值, or `None` when nothing is full-width.
///
/// `＞＝95%` and `＜=5%` become `≥95%` and `≤5%`: the form shows one symbol per operator.
/// Only a leading operator and number are converted, so a qualitative text keeps its
/// Chinese punctuation.
pub fn target(text: &str) -> Option<String> {
    if !has_fullwidth(text) {
        return None;
    }
    let mut out: String = text
        .chars()
        .map(|c| match c {
            '。' | '，' | '　' => c,
            _ => half(c).unwrap_or(c),
        })
        .collect();
    let lead = out.len() - out.trim_start().len();
    for (from, to) in [(">=", "≥"), ("<=", "≤")] {
        if out[lead..].starts_with(from) {
            out.replace_range(lead..lead + from.len(), to);
            break;
        }
    }
    (out != text).then_some(out)
}

/// The half-width reading of an amount written as text (`"１２２０.００"`), or `None`.
pub fn amount(text: &str) -> Option<String> {
    if !text.chars().any(|c| half(c).is_some()) {
        return None;
    }
    let out: String = text.chars().map(|c| half(c).unwrap_or(c)).collect();
    (out != text).then_some(out)
}

/// The full-width characters in a text, for messages (`“９”“５”“％”`).
pub fn named(text: &str) -> String {
    let mut seen: Vec<char> = Vec::new();
    for c in text.chars() {
        if half(c).is_some() && c != '　' && !seen.contains(&c) {
            seen.push(c);
        }
    }
    seen.iter().map(|c| format!("“{c}”")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(target("≥９５％").as_deref(), Some("≥95%"));
        assert_eq!(target("＞＝95%").as_deref(), Some("≥95%"));
        assert_eq!(target("＜=5%").as_deref(), Some("≤5%"));
        assert_eq!(target("＞92%").as_deref(), Some(">92%"));
        assert_eq!(target("≥95%"), None);
        assert_eq!(target("优良，稳步提高。"), None);
    }

    #[test]
    fn amounts() {
        assert_eq!(amount("１２２０.００").as_deref(), Some("1220.00"));
        assert_eq!(amount("１２２０。００").as_deref(), Some("1220.00"));
        assert_eq!(amount("1220.00"), None);
        assert_eq!(named("≥９５％"), "“９”“５”“％”");
    }
}
