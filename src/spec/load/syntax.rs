//! TOML syntax errors as diagnostics, in Chinese, at the place the parser stopped.

use crate::diag::{Code, Diagnostic};

use std::ops::Range;

/// The parser's errors as diagnostics, without the ones that only follow from another.
/// After a real syntax error (an unclosed `[budget`) the parser's recovery reports
/// "duplicate key" at later headers that are not duplicated at all; and `[indicators]`
/// written for the first `[[indicators]]` makes every later row a "duplicate", so one
/// diagnostic points at the `[indicators]` line instead.
pub(super) fn syntax_errors(errors: &[toml::de::Error], text: &str) -> Vec<Diagnostic> {
    let first_real = errors
        .iter()
        .filter(|e| !is_duplicate(e))
        .filter_map(|e| e.span().map(|s| s.start))
        .min();
    let mut explained: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        if is_duplicate(e) {
            if first_real.is_some_and(|r| r <= span.start) {
                continue;
            }
            if let Some((key, header)) = table_for_array(text, &span) {
                if !explained.contains(&key) {
                    out.push(array_written_as_table(&key, header));
                    explained.push(key);
                }
                continue;
            }
        }
        out.push(syntax_error(e, text));
    }
    out
}

fn is_duplicate(e: &toml::de::Error) -> bool {
    e.message().starts_with("duplicate key")
}

/// For a "duplicate" at an `[[key]]` header: the key and the span of an earlier `[key]`
/// header (one bracket), which made `key` a table that the rows cannot extend.
fn table_for_array(text: &str, span: &Range<usize>) -> Option<(String, Range<usize>)> {
    let key = text.get(span.clone())?.trim();
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..].trim_start().starts_with("[[") {
        return None;
    }
    let single = format!("[{key}]");
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.split('#').next().unwrap_or("").trim();
        if bare == single {
            let start = offset + line.find('[').unwrap_or(0);
            return Some((key.to_owned(), start..start + single.len()));
        }
        offset += line.len();
    }
    None
}

fn array_written_as_table(key: &str, header: Range<usize>) -> Diagnostic {
    Diagnostic::at(
        Code::TomlSyntax,
        header,
        format!("“[{key}]”少了一层方括号，应写作“[[{key}]]”"),
    )
    .with_hint(format!(
        "每一条（第一条也一样）都以两层方括号的 [[{key}]] 开头"
    ))
}

/// One TOML parser error as a located diagnostic with a hint.
pub(super) fn syntax_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let duplicate = is_duplicate(e)
        .then(|| text.get(span.clone()))
        .flatten()
        .map(|key| {
            (
                format!("“{}”写了两次", key.trim()),
                "同一个字段（或表头）只能写一次：删去或合并其中一处；若要写多条指标，每条以 [[indicators]] 开头".to_owned(),
            )
        });
    let (message, hint) = duplicate
        .or_else(|| crate::spec::toml_errors::translate(e.message(), text, &span))
        .unwrap_or_else(|| translate_syntax(e.message()));
    let mut d = Diagnostic::at(Code::TomlSyntax, span.clone(), message);
    if span.end > text.len() {
        d.location = crate::diag::Location::Span(text.len()..text.len());
    }
    d.with_hint(hint)
}

/// Chinese wording for the TOML parser's messages; the original is kept as a detail.
fn translate_syntax(msg: &str) -> (String, String) {
    let first = msg.lines().next().unwrap_or(msg).trim();
    let table: &[(&str, &str, &str)] = &[
        (
            "duplicate key",
            "字段或表头写了两次",
            "同一个表中每个字段只能写一次；若要写多行指标，请用 [[indicators]]",
        ),
        (
            "invalid basic string",
            "字符串不完整或含非法字符",
            "检查引号是否成对；多行文字请用三个引号 \"\"\" … \"\"\"",
        ),
        (
            "unterminated",
            "字符串或表头没有结束",
            "检查引号、方括号是否成对",
        ),
        (
            "invalid string",
            "字符串格式错误",
            "文字需要用英文双引号括起来，例如 name = \"福建省红十字会\"",
        ),
        (
            "string values must be quoted",
            "文字没有加引号",
            "文字需要用英文双引号括起来，例如 name = \"福建省红十字会\"",
        ),
        (
            "invalid table header",
            "表头格式错误",
            "表头写作 [budget] 或 [[indicators]]",
        ),
        (
            "key with no value",
            "字段缺少值",
            "写作 字段 = 值，例如 year = 2022",
        ),
        (
            "expected `=`",
            "字段后缺少等号",
            "写作 字段 = 值，例如 year = 2022",
        ),
        (
            "invalid key",
            "字段名格式错误",
            "字段名只用英文字母、数字、下划线，例如 overall_goal",
        ),
        (
            "invalid number",
            "数字格式错误",
            "数字不要带单位或千位分隔符；需要原样保留时请加引号",
        ),
        (
            "invalid inline table",
            "行内表格式错误",
            "写作 { op = \"≥\", value = \"300.00\", unit = \"册\" }",
        ),
        ("invalid array", "数组格式错误", "数组写作 [ 值1, 值2 ]"),
    ];
    for (needle, zh, hint) in table {
        if first.contains(needle) {
            return ((*zh).to_owned(), (*hint).to_owned());
        }
    }
    (
        "TOML 格式错误：无法识别这里的写法".to_owned(),
        "对照 jixiao init 生成的模板（每个字段都有中文注释）检查这一行的写法".to_owned(),
    )
}
