//! Folding the words of a sheet for comparison, and finding a year in them: shared by
//! every reader of the import (the bottom of its modules).

/// Folds a label for comparison: no whitespace or `*`, half-width brackets and colons,
/// no trailing colon.
pub fn norm(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '【' | '［' => '[',
            '】' | '］' => ']',
            c => c,
        })
        .collect();
    while out.ends_with(':') {
        out.pop();
    }
    out
}

/// [`norm`] plus trailing bracket groups removed: `年度预算安排(万元)` → `年度预算安排`.
pub fn key(s: &str) -> String {
    let mut k = norm(s);
    while k.ends_with(')') {
        match k.rfind('(') {
            Some(open) if open > 0 => k.truncate(open),
            _ => break,
        }
    }
    while k.ends_with(':') {
        k.pop();
    }
    k
}

/// A four-digit year followed by 年 (preferably 年度) in a folded text.
pub fn year_in(text: &str) -> Option<(i64, bool)> {
    let chars: Vec<char> = norm(text).chars().collect();
    let mut best: Option<(i64, bool)> = None;
    for i in 0..chars.len().saturating_sub(4) {
        let digits = &chars[i..i + 4];
        if !digits.iter().all(char::is_ascii_digit) {
            continue;
        }
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        if chars.get(i + 4) != Some(&'年') {
            continue;
        }
        let y: i64 = digits.iter().collect::<String>().parse().ok()?;
        if !(1990..=2100).contains(&y) {
            continue;
        }
        let nian_du = chars.get(i + 5) == Some(&'度');
        if best.is_none_or(|(_, d)| nian_du && !d) {
            best = Some((y, nian_du));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        assert_eq!(year_in("(2021 年度)"), Some((2021, true)));
        assert_eq!(year_in("2019年度)"), Some((2019, true)));
        assert_eq!(year_in("12021年度"), None);
    }

    #[test]
    fn words_fold() {
        assert_eq!(key("年度\n预算\n安排（万元）"), "年度预算安排");
        assert_eq!(norm("项目名称："), "项目名称");
    }
}
