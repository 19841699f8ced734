//! Rolling a spec into the next year: the same department, blocks and indicators with the
//! year changed, a comment saying where it came from, and a list of the texts that still
//! name the old year or an old date (`2021年是“十四五”开局之年`, a 时效 target `2021年12月`,
//! a period `202101-202112`), located in the new file.

use std::ops::Range;

use crate::diag::{Code, Diagnostic};

/// The new spec text and the places that still name an old year.
#[derive(Debug)]
pub struct RolledForward {
    /// The spec for the new year.
    pub text: String,
    /// Warnings located in `text`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Rolls `text` (a spec of `old_year` whose `year` value is written at `year_span`) into
/// `new_year`. `from` names the old file in the comment at the top.
pub fn roll_forward(
    text: &str,
    year_span: Range<usize>,
    old_year: u16,
    new_year: u16,
    from: &str,
) -> RolledForward {
    // The `#:schema` directive must stay on the first line for editors to see it.
    let (directive, rest_start) = match text.strip_prefix("#:schema") {
        Some(_) => {
            let end = text.find('\n').map_or(text.len(), |i| i + 1);
            (&text[..end], end)
        }
        None => ("", 0),
    };
    let header = format!(
        "# 由 {from}（{old_year} 年度）转入 {new_year} 年度：金额、目标值和文字仍是上一年度的，请逐项核对后再报送。\n"
    );
    let mut out = String::with_capacity(text.len() + header.len());
    out.push_str(directive);
    if !directive.is_empty() && !directive.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&header);
    out.push_str(&text[rest_start..year_span.start]);
    out.push_str(&new_year.to_string());
    out.push_str(&text[year_span.end..]);
    // The new `year` value itself is later than `old_year`, so it is never flagged.
    let diagnostics = old_year_texts(&out, old_year, new_year);
    RolledForward {
        text: out,
        diagnostics,
    }
}

/// The W016 reminders of a spec that still carries the comment `roll_forward` wrote: they
/// stay in every `check` until each old text is rewritten (or the comment removed), not
/// only in the one run that rolled the spec.
pub fn reminders(text: &str) -> Vec<Diagnostic> {
    let Some((old_year, new_year)) = rolled_from(text) else {
        return Vec::new();
    };
    old_year_texts(text, old_year, new_year)
}

/// The years named by the comment at the top (`# 由 2021.toml（2021 年度）转入 2022 年度：`),
/// among the first lines (after a `#:schema` directive).
fn rolled_from(text: &str) -> Option<(u16, u16)> {
    text.lines()
        .take(3)
        .filter_map(|l| l.strip_prefix("# 由 "))
        .find_map(|l| {
            let (before, after) = l.split_once("年度）转入 ")?;
            let old: u16 = before.rsplit('（').next()?.trim().parse().ok()?;
            let new: u16 = after.split(' ').next()?.trim().parse().ok()?;
            (old < new).then_some((old, new))
        })
}

fn old_year_texts(text: &str, old_year: u16, new_year: u16) -> Vec<Diagnostic> {
    old_dates(text, old_year)
        .into_iter()
        .map(|(span, found)| {
            Diagnostic::at(
                Code::OldYear,
                span,
                format!("“{found}”仍是 {old_year} 年度或更早的年份、日期"),
            )
            .with_hint(format!(
                "这是从 {old_year} 年度转来的内容，请改为 {new_year} 年度的情况"
            ))
        })
        .collect()
}

/// Byte spans (and the text) of years up to `old_year` written as a year or a date in the
/// values of a spec: `2021年`, `2021-12`, `2021.07`, `2021/12`, `202101`, `20211231`.
/// Comments are skipped.
fn old_dates(text: &str, old_year: u16) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let comment = comment_start(line);
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < comment {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &line[start..i];
            let abs = line_start + start;
            let next = line[i..].chars().next();
            if let Some(found) = date_like(run, next, old_year) {
                let end = i + next.filter(|c| *c == '年').map_or(0, char::len_utf8);
                out.push((abs..line_start + end, format!("{found}{}", &line[i..end])));
            }
        }
        line_start += line.len();
    }
    out
}

/// Where a `#` comment starts on a line, outside strings (end of line when none).
fn comment_start(line: &str) -> usize {
    let mut in_string = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => return i,
            _ => {}
        }
    }
    line.len()
}

/// A digit run that writes a year up to `old_year`: four digits followed by 年 or a date
/// separator, or six/eight digits that read as a year and month (and day).
fn date_like(run: &str, next: Option<char>, old_year: u16) -> Option<String> {
    let year: u16 = run.get(..4)?.parse().ok()?;
    if !(2000..=old_year).contains(&year) {
        return None;
    }
    let month_ok = |m: &str| m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m));
    let ok = match run.len() {
        4 => matches!(next, Some('年' | '-' | '.' | '/')),
        6 => month_ok(&run[4..6]),
        8 => month_ok(&run[4..6]) && run[6..8].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d)),
        _ => false,
    };
    ok.then(|| run.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "#:schema ./jixiao.schema.json\nform = \"部门整体支出绩效目标表\"\nyear = 2021\noverall_goal = \"2021年是“十四五”开局之年，2022年更好\"\n# 2021年的注释不算\ntarget = \"2021年12月\"\nperiod = \"202101-202112\"\nname = \"编印2000份\"\n";

    fn rolled() -> RolledForward {
        let at = SPEC.find("2021\n").unwrap();
        roll_forward(SPEC, at..at + 4, 2021, 2022, "2021.toml")
    }

    #[test]
    fn year_changes_and_the_directive_stays_first() {
        let r = rolled();
        assert!(r.text.starts_with(
            "#:schema ./jixiao.schema.json\n# 由 2021.toml（2021 年度）转入 2022 年度"
        ));
        assert!(r.text.contains("\nyear = 2022\n"));
        assert!(!r.text.contains("year = 2021"));
    }

    #[test]
    fn old_years_and_dates_are_located_in_the_new_text() {
        let r = rolled();
        let found: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].starts_with("“2021年”"));
        assert!(found[1].starts_with("“2021年”"), "{found:?}");
        assert!(found[2].starts_with("“202101”"));
        assert!(found[3].starts_with("“202112”"));
        for d in &r.diagnostics {
            let crate::diag::Location::Span(span) = &d.location else {
                panic!("located");
            };
            assert!(
                r.text[span.clone()].starts_with("2021"),
                "{:?}",
                &r.text[span.clone()]
            );
        }
    }

    #[test]
    fn later_years_counts_and_the_year_field_are_not_flagged() {
        let r = rolled();
        assert!(r.diagnostics.iter().all(|d| !d.message.contains("2022")));
        assert!(r.diagnostics.iter().all(|d| !d.message.contains("2000")));
    }
}
