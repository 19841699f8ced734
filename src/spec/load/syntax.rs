//! TOML syntax errors as diagnostics, in Chinese, at the place the parser stopped.

use crate::diag::{Code, Diagnostic};

/// One TOML parser error as a located diagnostic with a hint.
pub(super) fn syntax_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let (message, hint) = crate::spec::toml_errors::translate(e.message(), text, &span)
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
            "重复的键",
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
        "对照 README 中的规格说明或 `jixiao init` 生成的模板检查这一行".to_owned(),
    )
}
