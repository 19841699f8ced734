//! TOML syntax errors a clerk can act on: recognise what was typed at the error position
//! (a full-width `＝` or quotes, an amount with its unit, a code with a leading zero) and say
//! it in Chinese with the fix. The parser's position is kept by the caller.

use std::ops::Range;

/// Amount fields: a number followed by a unit here means the unit must go.
const AMOUNT_KEYS: &[&str] = &["total", "project", "basic", "amount", "weight"];

/// Chinese message and hint for a TOML parser error at `span` of `text`, when the written
/// line or the parser's message is recognised.
pub fn translate(message: &str, text: &str, span: &Range<usize>) -> Option<(String, String)> {
    let line = line_at(text, span.start);
    from_line(line).or_else(|| from_message(message))
}

/// The source line holding byte `at`.
fn line_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[start..end].trim_end_matches('\r')
}

fn from_line(line: &str) -> Option<(String, String)> {
    let trimmed = line.trim();
    if trimmed.starts_with('#') || trimmed.starts_with('[') {
        return None;
    }
    // `year ＝ 2022`: no ASCII `=` before the full-width one.
    if let Some(fw) = trimmed.find('＝')
        && !trimmed[..fw].contains('=')
    {
        let key = trimmed[..fw].trim();
        let value = trimmed[fw + '＝'.len_utf8()..].trim();
        return Some((
            "字段和值之间用了全角等号“＝”".to_owned(),
            format!("把“＝”改成半角“=”：{key} = {value}"),
        ));
    }
    let (key, value) = trimmed.split_once('=')?;
    let key = key.trim();
    let value = value.trim();
    if value.starts_with(|c| "“”＂‘’「」".contains(c)) {
        let inner = value.trim_matches(|c| "“”＂‘’「」".contains(c));
        return Some((
            format!("值两边用了全角引号：{value}"),
            format!("文字请用半角（英文）双引号括起来：{key} = \"{inner}\""),
        ));
    }
    let first = value.chars().next()?;
    if !first.is_ascii() && !('０'..='９').contains(&first) {
        let inner = value.split(" #").next().unwrap_or(value).trim();
        return Some((
            "文字没有加引号".to_owned(),
            format!("文字需要用英文双引号括起来：{key} = \"{inner}\""),
        ));
    }
    if ('０'..='９').contains(&first) {
        let half = crate::fullwidth::amount(value).unwrap_or_else(|| value.to_owned());
        return Some((
            "数字用了全角字符".to_owned(),
            format!("数字请用半角（英文）输入：{key} = {half}"),
        ));
    }
    if first.is_ascii_digit() || first == '-' || first == '+' {
        let end = value
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '_')))
            .map_or(value.len(), |(i, _)| i);
        let (number, rest) = value.split_at(end);
        let rest = rest.trim();
        if rest.starts_with(',') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Some(thousands(key, value));
        }
        let has_unit = !rest.is_empty() && !rest.starts_with('#') && !rest.is_ascii();
        // `year = 2027年`: quoting it would only make it text, which year is not.
        if has_unit && key == "year" {
            return Some((
                format!("年度“{value}”后面带了文字"),
                format!("年度写数字：year = {number}"),
            ));
        }
        if has_unit && AMOUNT_KEYS.contains(&key) {
            return Some((
                format!("金额“{value}”后面带了单位或文字"),
                format!("金额只写数字，单位固定为万元：{key} = {number}"),
            ));
        }
        if has_unit {
            return Some((
                format!("“{value}”是数字和文字连写，没有加引号"),
                format!("文字请用英文双引号括起来：{key} = \"{value}\""),
            ));
        }
        let digits = number.trim_start_matches(['-', '+']);
        if digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0.") {
            let hint = if key == "code" {
                format!("部门预算编码是文字，开头的 0 要保留，请加引号：code = \"{number}\"")
            } else {
                format!("数字不能以 0 开头；若是编号，请加引号写成文字：{key} = \"{number}\"")
            };
            return Some((format!("“{number}”以 0 开头，不是有效的数字"), hint));
        }
    }
    None
}

/// `total = 1,220.50`: the parser stops at the comma; the fix is to drop the separators.
fn thousands(key: &str, value: &str) -> (String, String) {
    let written = value.split(" #").next().unwrap_or(value).trim();
    let plain: String = written.chars().filter(|&c| c != ',').collect();
    let what = if AMOUNT_KEYS.contains(&key) {
        "金额"
    } else {
        "数字"
    };
    (
        format!("{what}“{written}”中有千位分隔符“,”"),
        format!("{what}不写千位分隔符：{key} = {plain}"),
    )
}

/// Chinese wording for parser messages the loader's own table does not know.
fn from_message(message: &str) -> Option<(String, String)> {
    let first = message.lines().next().unwrap_or(message);
    let table: &[(&str, &str, &str)] = &[
        (
            "unexpected key or value, expected newline",
            "一行只能写一个字段",
            "每个 字段 = 值 单独写一行；文字中有空格时请加英文双引号",
        ),
        (
            "unclosed table",
            "表头缺少右方括号“]”",
            "表头写作 [budget] 或 [[indicators]]",
        ),
        (
            "unclosed array",
            "数组缺少右方括号“]”",
            "数组写作 [ 值1, 值2 ]",
        ),
        (
            "unclosed inline table",
            "行内表缺少右花括号“}”",
            "写作 { op = \"≥\", value = \"300.00\", unit = \"册\" }",
        ),
        (
            "multi-line",
            "多行文字没有结束",
            "多行文字以三个英文双引号 \"\"\" 开始，也以 \"\"\" 结束",
        ),
        (
            "leading zero",
            "数字不能以 0 开头",
            "若是编号，请加英文双引号写成文字，例如 code = \"040210\"",
        ),
        (
            "invalid float",
            "小数格式错误",
            "小数写作 1119.80；需要原样保留时请加英文双引号",
        ),
        (
            "invalid exponent",
            "数字格式错误",
            "数字只写阿拉伯数字和小数点，例如 1119.80",
        ),
        (
            "invalid date",
            "日期格式错误",
            "日期请加英文双引号写成文字，例如 \"2022年12月\"",
        ),
        ("invalid time", "时间格式错误", "时间请加英文双引号写成文字"),
        (
            "invalid boolean",
            "无法识别的值",
            "文字请用英文双引号括起来；是/否写作 true 或 false",
        ),
        (
            "escape",
            "字符串中有无效的反斜杠转义",
            "文字中的反斜杠 \\ 要写成 \\\\，或改用单引号 '…' 原样保留（例如 Windows 路径）",
        ),
        (
            "keys cannot be empty",
            "字段名为空",
            "写作 字段 = 值，例如 year = 2022",
        ),
    ];
    table
        .iter()
        .find(|(needle, _, _)| first.contains(needle))
        .map(|(_, zh, hint)| ((*zh).to_owned(), (*hint).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(line: &str) -> (String, String) {
        let text = format!("form = \"x\"\n{line}\n");
        translate("", &text, &(12..12)).unwrap_or_default()
    }

    #[test]
    fn lines_typed_by_clerks() {
        assert!(msg("year ＝ 2022").0.contains("全角等号“＝”"));
        assert!(msg("name = “某某局”").1.contains("name = \"某某局\""));
        assert!(msg("total = 1220万元").1.contains("total = 1220"));
        assert!(msg("code = 040210").1.contains("code = \"040210\""));
        assert!(msg("total = １２２０").1.contains("total = 1220"));
        assert_eq!(msg("year = 2022"), (String::new(), String::new()));
    }

    #[test]
    fn a_year_with_its_character_is_told_to_drop_it_not_to_quote_it() {
        assert_eq!(msg("year = 2027年").1, "年度写数字：year = 2027");
    }

    #[test]
    fn thousands_separators_are_named() {
        let (m, h) = msg("total = 1,220.50");
        assert!(m.contains("千位分隔符"), "{m}");
        assert_eq!(h, "金额不写千位分隔符：total = 1220.50");
    }
}
