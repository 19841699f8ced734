//! The problems the reader reports: missing, empty, mistyped, too long or unknown fields,
//! with hints on how to write them.

use std::ops::Range;

use toml::de::DeValue;

use super::obj::Obj;
use super::{Cx, MAX_TEXT_CHARS};
use crate::diag::{Code, Diagnostic};
use crate::spec::fields::Section;

/// The Chinese name of a value's type, for "should be … but is …" messages.
pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "文字",
        DeValue::Integer(_) => "整数",
        DeValue::Float(_) => "小数",
        DeValue::Boolean(_) => "布尔值",
        DeValue::Datetime(_) => "日期时间",
        DeValue::Array(_) => "数组",
        DeValue::Table(_) => "表",
    }
}

impl Cx {
    /// A required table of the field tables (`[funds]`, `[goals]` …) is absent: the hint
    /// shows how to write it, with its first required field.
    pub(super) fn missing_section(&mut self, t: &Obj<'_, '_>, section: &Section) {
        let key = section.key;
        let msg = format!("缺少必填字段 `{}`（{}）", t.full(key), section.label);
        let example = section
            .fields
            .iter()
            .find(|f| f.required)
            .map(|f| {
                // Skeleton examples of texts are empty or span lines: show a short one.
                let value = if f.example.contains('\n') || f.example == "\"\"" {
                    "\"…\""
                } else {
                    f.example
                };
                format!("，例如 {} = {value}", f.key)
            })
            .unwrap_or_default();
        let hint = format!("在文件中添加一个表：另起一行写 [{key}]，下面逐行写字段{example}");
        let d = match &t.span {
            Some(span) => Diagnostic::at(Code::MissingField, span.clone(), msg),
            None => Diagnostic::file(Code::MissingField, msg),
        };
        self.diags.push(d.with_hint(hint));
    }

    pub(super) fn missing(&mut self, t: &Obj<'_, '_>, key: &str, label: &str) {
        let msg = format!("缺少必填字段 {}（{label}）", t.named(key));
        // Missing tables are reported by `missing_section` and `rows`, with their own hints.
        let hint = if t.span.is_some() {
            format!("在这个表中添加一行：{key} = …")
        } else {
            format!("在文件开头（第一个 [表] 之前）添加一行：{key} = …")
        };
        let d = match &t.span {
            Some(span) => Diagnostic::at(Code::MissingField, span.clone(), msg),
            None => Diagnostic::file(Code::MissingField, msg),
        };
        self.diags.push(d.with_hint(hint));
    }

    pub(super) fn empty(&mut self, t: &Obj<'_, '_>, key: &str, label: &str, span: Range<usize>) {
        self.diags.push(
            Diagnostic::at(
                Code::EmptyField,
                span,
                format!("必填字段 {}（{label}）为空", t.named(key)),
            )
            .with_hint(format!(
                "这一栏必填，不能留空：请写上{label}的内容（不清楚写什么时请咨询财政部门）"
            )),
        );
    }

    pub(super) fn too_large(
        &mut self,
        t: &Obj<'_, '_>,
        key: &str,
        label: &str,
        span: Range<usize>,
    ) {
        let example = if key == "year" { "2022" } else { "1" };
        self.diags.push(
            Diagnostic::at(
                Code::WrongType,
                span,
                format!("字段 {}（{label}）的数字太大", t.named(key)),
            )
            .with_hint(format!("请写实际的数值，例如 {key} = {example}")),
        );
    }

    pub(super) fn wrong_type(
        &mut self,
        t: &Obj<'_, '_>,
        key: &str,
        label: &str,
        expected: &str,
        found: &DeValue<'_>,
        span: Range<usize>,
    ) {
        self.diags.push(Diagnostic::at(
            Code::WrongType,
            span,
            format!(
                "字段 {}（{label}）应为{expected}，实际是{}",
                t.named(key),
                type_name(found)
            ),
        ));
    }

    pub(super) fn check_len(
        &mut self,
        t: &Obj<'_, '_>,
        key: &str,
        label: &str,
        s: &str,
        span: &Range<usize>,
    ) {
        let n = s.chars().count();
        if n > MAX_TEXT_CHARS {
            self.diags.push(
                Diagnostic::at(
                    Code::TextTooLong,
                    span.clone(),
                    format!(
                        "字段 `{}`（{label}）有 {n} 个字，超过上限 {MAX_TEXT_CHARS} 字",
                        t.full(key)
                    ),
                )
                .with_hint("表格中的单元格不宜过长，请精简或拆分"),
            );
        }
    }

    /// A text value without control characters: they are stripped (see
    /// [`crate::controls`]) with a warning that names the field.
    pub(super) fn without_controls(
        &mut self,
        t: &Obj<'_, '_>,
        key: &str,
        label: &str,
        s: &str,
        span: &Range<usize>,
    ) -> String {
        let Some((kept, removed)) = crate::controls::strip(s) else {
            return s.to_owned();
        };
        self.diags.push(
            Diagnostic::at(
                Code::ControlChars,
                span.clone(),
                format!(
                    "字段 `{}`（{label}）中有控制字符 {removed}，已删除",
                    t.full(key)
                ),
            )
            .with_hint(
                "控制字符在表格中看不见，多由复制粘贴或转义写法（如 \\u001b）带入；请删去它们",
            ),
        );
        kept
    }

    pub(super) fn unknown_keys(&mut self, t: &Obj<'_, '_>, known: &[&str]) {
        for (k, _) in t.table.iter() {
            let name = k.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let mut d = Diagnostic::at(
                Code::UnknownKey,
                k.span(),
                format!("未知字段 {}", t.named(name)),
            );
            d = match suggest(name, known) {
                Some(s) => d.with_hint(format!("是否想写 `{s}`？")),
                None => d.with_hint(format!("此处可用的字段：{}", known.join("、"))),
            };
            self.diags.push(d);
        }
    }
}

/// The closest known key, if close enough to be a typo.
fn suggest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|&(dist, k)| dist <= 2.max(k.len() / 3))
        .min_by_key(|&(dist, _)| dist)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("levle1", &["level1", "level2"]), Some("level1"));
        assert_eq!(suggest("zzzzzz", &["level1", "name"]), None);
    }
}
