//! Typed readers of one key of a table: text, code, integer, amount, a sub-table or an
//! array of tables. Each reports what is missing or of the wrong type and returns `None`.

use std::ops::Range;

use toml::de::DeValue;

use super::obj::{Obj, key_span};
use super::report::type_name;
use super::{Cx, MAX_INDICATORS};
use crate::diag::{Code, Diagnostic};
use crate::spec::{AmountLit, Sp};

impl Cx {
    pub(super) fn string(
        &mut self,
        t: &Obj<'_, '_>,
        key: &str,
        label: &str,
        required: bool,
    ) -> Option<Sp<String>> {
        let Some(v) = t.get(key) else {
            if required {
                self.missing(t, key, label);
            }
            return None;
        };
        let span = v.span();
        match v.get_ref() {
            DeValue::String(s) => {
                if s.trim().is_empty() {
                    if required {
                        self.empty(t, key, label, span);
                    }
                    return None;
                }
                self.check_len(t, key, label, s, &span);
                let value = self.without_controls(t, key, label, s, &span);
                Some(Sp { value, span })
            }
            other => {
                self.wrong_type(t, key, label, "文字（用双引号括起来）", other, span);
                None
            }
        }
    }

    /// 部门预算编码: a string, or an integer kept as its digits.
    pub(super) fn code(&mut self, t: &Obj<'_, '_>, key: &str, label: &str) -> Option<Sp<String>> {
        let v = t.get(key)?;
        if let DeValue::Integer(i) = v.get_ref() {
            return Some(Sp {
                value: i.as_str().to_owned(),
                span: v.span(),
            });
        }
        self.string(t, key, label, false)
    }

    pub(super) fn integer(
        &mut self,
        t: &Obj<'_, '_>,
        key: &str,
        label: &str,
        required: bool,
    ) -> Option<Sp<i64>> {
        let Some(v) = t.get(key) else {
            if required {
                self.missing(t, key, label);
            }
            return None;
        };
        let span = v.span();
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => {
                let digits: String = i.as_str().chars().filter(|&c| c != '_').collect();
                i64::from_str_radix(digits.trim_start_matches('+'), i.radix()).ok()
            }
            DeValue::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        if parsed.is_none() && matches!(v.get_ref(), DeValue::Integer(_)) {
            // An integer the parser took but i64 cannot hold: "expected an integer, found an
            // integer" would be false.
            self.too_large(t, key, label, span.clone());
        } else if parsed.is_none() {
            self.wrong_type(t, key, label, "整数（如 2022）", v.get_ref(), span.clone());
        }
        parsed.map(|value| Sp { value, span })
    }

    pub(super) fn amount(
        &mut self,
        t: &Obj<'_, '_>,
        key: &str,
        label: &str,
        required: bool,
    ) -> Option<Sp<AmountLit>> {
        let Some(v) = t.get(key) else {
            if required {
                self.missing(t, key, label);
            }
            return None;
        };
        let span = v.span();
        let lit = match v.get_ref() {
            DeValue::Integer(i) => AmountLit::Number(i.as_str().to_owned()),
            DeValue::Float(f) => AmountLit::Number(f.as_str().to_owned()),
            DeValue::String(s) if s.trim().is_empty() && !required => return None,
            DeValue::String(s) => AmountLit::Text(s.to_string()),
            other => {
                self.wrong_type(
                    t,
                    key,
                    label,
                    "金额（数字，如 2120.91 或 \"2120.91\"）",
                    other,
                    span,
                );
                return None;
            }
        };
        Some(Sp { value: lit, span })
    }

    pub(super) fn table<'a, 'i>(
        &mut self,
        t: &Obj<'a, 'i>,
        key: &str,
        label: &str,
    ) -> Option<Obj<'a, 'i>> {
        let v = t.get(key)?;
        let key_span = key_span(t, key).unwrap_or_else(|| v.span());
        match v.get_ref() {
            DeValue::Table(inner) => Some(Obj {
                table: inner,
                path: t.full(key),
                span: Some(key_span),
            }),
            other => {
                self.wrong_type(t, key, label, &format!("表（[{key}]）"), other, v.span());
                None
            }
        }
    }

    /// An array of tables (`[[indicators]]`), each with its span.
    pub(super) fn rows<'a, 'i>(
        &mut self,
        t: &Obj<'a, 'i>,
        key: &str,
        label: &str,
        required: bool,
    ) -> Vec<(Obj<'a, 'i>, Range<usize>)> {
        let Some(v) = t.get(key) else {
            if required {
                let msg = format!("缺少必填字段 `{}`（{label}）", t.full(key));
                self.diags.push(
                    Diagnostic::file(Code::MissingField, msg).with_hint(format!(
                        "每一行另起一段，以 [[{key}]] 开头，下面逐行写字段；jixiao init 生成的模板中有示例"
                    )),
                );
            }
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.wrong_type(
                t,
                key,
                label,
                &format!("表数组（[[{key}]]）"),
                v.get_ref(),
                v.span(),
            );
            return Vec::new();
        };
        if items.len() > MAX_INDICATORS {
            self.diags.push(
                Diagnostic::at(
                    Code::TooManyRows,
                    v.span(),
                    format!(
                        "`{key}`（{label}）有 {} 行，超过上限 {MAX_INDICATORS} 行",
                        items.len()
                    ),
                )
                .with_hint("请拆分为多个规格文件"),
            );
            return Vec::new();
        }
        if items.is_empty() && required {
            self.diags.push(Diagnostic::at(
                Code::EmptyField,
                v.span(),
                format!("`{key}`（{label}）没有任何一行"),
            ));
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let path = format!("{}[{}]", t.full(key), i + 1);
            match item.get_ref() {
                DeValue::Table(inner) => out.push((
                    Obj {
                        table: inner,
                        path,
                        span: Some(item.span()),
                    },
                    item.span(),
                )),
                other => self.diags.push(Diagnostic::at(
                    Code::WrongType,
                    item.span(),
                    format!("`{path}` 应为表（[[{key}]]），实际是{}", type_name(other)),
                )),
            }
        }
        out
    }
}
