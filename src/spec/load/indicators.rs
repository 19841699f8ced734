//! Reads indicator rows (`[[indicators]]`, `[[midterm_indicators]]`) and their targets.

use toml::de::DeValue;

use super::Cx;
use super::obj::Obj;
use crate::spec::fields::Section;
use crate::spec::{RawIndicator, RawTarget, Sp};

impl Cx {
    /// `[[indicators]]`, without the empty 二级 placeholder rows.
    pub(super) fn indicators(&mut self, root: &Obj<'_, '_>) -> Vec<RawIndicator> {
        self.indicator_rows(root, &crate::forms::indicators::FIELDS)
    }

    /// An array of indicator rows with the fields of `[[indicators]]` (`section` names the
    /// array: `indicators`, `midterm_indicators`), without the empty 二级 placeholders.
    pub(super) fn indicator_rows(
        &mut self,
        root: &Obj<'_, '_>,
        section: &Section,
    ) -> Vec<RawIndicator> {
        self.rows(root, section.key, section.label, section.required)
            .iter()
            .filter(|(t, _)| !is_placeholder(t))
            .map(|(t, span)| {
                let v = self.fields(t, section, &[]);
                RawIndicator {
                    level1: v.spanned("level1"),
                    level2: v.spanned("level2"),
                    name: v.spanned("name"),
                    explanation: v.spanned("explanation"),
                    basis: v.spanned("basis"),
                    method: v.spanned("method"),
                    scoring: v.spanned("scoring"),
                    standard: v.spanned("standard"),
                    value_type: v.spanned("value_type"),
                    target: self.target(t),
                    unit: v.spanned("unit"),
                    weight: v.amount("weight"),
                    note: v.spanned("note"),
                    span: span.clone(),
                }
            })
            .collect()
    }

    /// `target`: a text, or an inline table `{ op, value, unit }`.
    fn target(&mut self, t: &Obj<'_, '_>) -> Option<Sp<RawTarget>> {
        let key = "target";
        let Some(v) = t.get(key) else {
            self.missing(t, key, "目标值");
            return None;
        };
        let span = v.span();
        match v.get_ref() {
            DeValue::String(s) => {
                if s.trim().is_empty() {
                    self.empty(t, key, "目标值", span);
                    return None;
                }
                self.check_len(t, key, "目标值", s, &span);
                let text = self.without_controls(t, key, "目标值", s, &span);
                Some(Sp {
                    value: RawTarget::Text(text),
                    span,
                })
            }
            DeValue::Table(inner) => {
                let obj = Obj {
                    table: inner,
                    path: t.full(key),
                    span: Some(span.clone()),
                };
                let op = self.string(&obj, "op", "运算符", false);
                let value = self.amount(&obj, "value", "目标数值", true);
                let unit = self.string(&obj, "unit", "计量单位", false);
                self.unknown_keys(&obj, &["op", "value", "unit"]);
                value.map(|value| Sp {
                    value: RawTarget::Parts { op, value, unit },
                    span,
                })
            }
            other => {
                self.wrong_type(
                    t,
                    key,
                    "目标值",
                    "文字（如 \"≥300.00册\"）或 { op, value, unit }",
                    other,
                    span,
                );
                None
            }
        }
    }
}

/// An empty 二级 placeholder row, as real forms have them (湘潭, 岳阳楼区): only 一级/二级
/// written, no 三级 and no target. It is skipped, not reported.
fn is_placeholder(t: &Obj<'_, '_>) -> bool {
    t.get("level2").is_some()
        && t.table
            .iter()
            .all(|(k, _)| matches!(k.get_ref().as_ref(), "level1" | "level2"))
}
