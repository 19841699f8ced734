//! Walks the parsed TOML document into [`RawSpec`], collecting every problem on the way.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    AmountLit, RawBudget, RawDepartment, RawDuty, RawIndicator, RawSpec, RawStyle, RawTarget, Sp,
};
use crate::diag::{Code, Diagnostic};

/// Most indicator (and duty) rows accepted in one spec.
pub const MAX_INDICATORS: usize = 20_000;
/// Longest single text accepted, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Parses spec text into raw types plus diagnostics. On TOML syntax errors the raw spec is
/// `None`: fields of a half-parsed document would only produce misleading follow-up errors.
pub fn load(text: &str) -> (Option<RawSpec>, Vec<Diagnostic>) {
    if text.trim().is_empty() {
        let d = Diagnostic::file(Code::EmptyFile, "文件为空，没有任何内容")
            .with_hint("可用 `jixiao init 文件名.toml` 生成带注释的模板");
        return (None, vec![d]);
    }
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let diags = errors.iter().map(|e| syntax_error(e, text)).collect();
        return (None, diags);
    }
    let mut cx = Cx::default();
    let root = Obj {
        table: doc.get_ref(),
        path: String::new(),
        span: None,
    };
    let spec = cx.spec(&root);
    (Some(spec), cx.diags)
}

fn syntax_error(e: &toml::de::Error, text: &str) -> Diagnostic {
    let span = e.span().unwrap_or(0..0);
    let (message, hint) = super::toml_errors::translate(e.message(), text, &span)
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

/// A table being read, with its dotted path for messages.
struct Obj<'a, 'i> {
    table: &'a DeTable<'i>,
    path: String,
    /// Span of the key that named this table (for "missing field" locations).
    span: Option<Range<usize>>,
}

type Val<'i> = Spanned<DeValue<'i>>;

impl<'a, 'i> Obj<'a, 'i> {
    fn get(&self, key: &str) -> Option<&'a Val<'i>> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    fn full(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

#[derive(Default)]
struct Cx {
    diags: Vec<Diagnostic>,
}

fn type_name(v: &DeValue<'_>) -> &'static str {
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
    fn spec(&mut self, root: &Obj<'_, '_>) -> RawSpec {
        let form = self.string(root, "form", "表格类型", true);
        let kind = form.as_ref().and_then(|f| crate::forms::kind_of(&f.value));
        if kind == Some(crate::model::FormKind::Project) {
            return self.project_spec(root, form);
        }
        self.department_spec(root, form)
    }

    /// The 项目支出绩效目标表: its sections come from the form's field tables.
    fn project_spec(&mut self, root: &Obj<'_, '_>, form: Option<Sp<String>>) -> RawSpec {
        let year = self.integer(root, "year", "年度", true);
        let mut sections = std::collections::BTreeMap::new();
        for section in crate::forms::project::fields::SECTIONS {
            sections.insert(section.key, self.section(root, section));
        }
        let indicators = self.indicators(root);
        let midterm_indicators =
            self.indicator_rows(root, &crate::forms::project::fields::MIDTERM_INDICATORS);
        let style = self.style(root);
        let mut known = vec!["form", "year", "indicators", "midterm_indicators", "style"];
        known.extend(
            crate::forms::project::fields::SECTIONS
                .iter()
                .map(|s| s.key),
        );
        self.unknown_keys(root, &known);
        RawSpec {
            form,
            year,
            indicators,
            style,
            project: Some(super::RawProject {
                sections,
                midterm_indicators,
            }),
            ..RawSpec::default()
        }
    }

    /// Reads one section of fields; unknown keys inside it are reported.
    fn section(
        &mut self,
        root: &Obj<'_, '_>,
        section: &super::fields::Section,
    ) -> super::fields::Values {
        let Some(obj) = self.table(root, section.key, section.label) else {
            if section.required && root.get(section.key).is_none() {
                self.missing_section(root, section);
            }
            return super::fields::Values::default();
        };
        self.fields(&obj, section, &[])
    }

    /// A required table of the field tables (`[funds]`, `[goals]` …) is absent: the hint
    /// shows how to write it, with its first required field.
    fn missing_section(&mut self, t: &Obj<'_, '_>, section: &super::fields::Section) {
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

    /// Reads the fields of a table as its field table describes them (`Target` fields are
    /// left to the indicator reader); keys neither in the table nor in `also` are reported.
    fn fields(
        &mut self,
        obj: &Obj<'_, '_>,
        section: &super::fields::Section,
        also: &[&str],
    ) -> super::fields::Values {
        use super::fields::{Kind, Value, Values};
        let mut values = Values {
            map: std::collections::BTreeMap::new(),
            span: obj.span.clone(),
        };
        for f in section.fields {
            let read = match f.kind {
                Kind::Text | Kind::LongText => {
                    self.string(obj, f.key, f.label, f.required).map(|s| Sp {
                        value: Value::Text(s.value),
                        span: s.span,
                    })
                }
                Kind::Code => {
                    let v = self.code(obj, f.key, f.label);
                    if v.is_none() && f.required {
                        self.missing(obj, f.key, f.label);
                    }
                    v.map(|s| Sp {
                        value: Value::Text(s.value),
                        span: s.span,
                    })
                }
                Kind::Amount => self.amount(obj, f.key, f.label, f.required).map(|a| Sp {
                    value: Value::Amount(a.value),
                    span: a.span,
                }),
                Kind::Integer => self.integer(obj, f.key, f.label, f.required).map(|i| Sp {
                    value: Value::Integer(i.value),
                    span: i.span,
                }),
                Kind::Target => None,
            };
            if let Some(v) = read {
                values.map.insert(f.key, v);
            }
        }
        let mut known = section.keys();
        known.extend_from_slice(also);
        self.unknown_keys(obj, &known);
        values
    }

    fn department_spec(&mut self, root: &Obj<'_, '_>, form: Option<Sp<String>>) -> RawSpec {
        use crate::forms::department::fields::{self as dept, Layout};
        let mut also = vec!["form"];
        also.extend_from_slice(dept::TABLES);
        let top = self.fields(root, &dept::ROOT, &also);
        let layout = top.spanned("layout");
        let department = self.section(root, &dept::DEPARTMENT);
        // An unknown layout is reported by the rules; its blocks are then all optional.
        let known_layout = layout
            .as_ref()
            .map_or(Some(Layout::Fujian), |l| Layout::parse(&l.value));
        let budget_section = super::fields::Section {
            required: known_layout.is_some_and(Layout::needs_budget),
            ..dept::BUDGET
        };
        let budget = self.section(root, &budget_section);
        let mut funding = std::collections::BTreeMap::new();
        for section in dept::SECTIONS {
            let section = super::fields::Section {
                required: known_layout.is_some_and(Layout::needs_funding),
                ..*section
            };
            funding.insert(section.key, self.section(root, &section));
        }
        let duties = self
            .rows(root, dept::DUTY.key, dept::DUTY.label, dept::DUTY.required)
            .iter()
            .map(|(t, span)| {
                let v = self.fields(t, &dept::DUTY, &[]);
                RawDuty {
                    function: v.spanned("function"),
                    task: v.spanned("task"),
                    project: v.spanned("project"),
                    amount: v.amount("amount"),
                    span: span.clone(),
                }
            })
            .collect();
        let indicators = self.indicators(root);
        let style = self.style(root);
        RawSpec {
            form,
            year: top.integer("year"),
            overall_goal: top.spanned("overall_goal"),
            department: RawDepartment {
                name: department.spanned("name"),
                code: department.spanned("code"),
            },
            has_budget: budget.span.is_some(),
            budget: RawBudget {
                total: budget.amount("total"),
                project: budget.amount("project"),
                basic: budget.amount("basic"),
            },
            duties,
            indicators,
            style,
            project: None,
            layout,
            responsibilities: top.spanned("responsibilities"),
            funding,
        }
    }

    /// `[[indicators]]`, without the empty 二级 placeholder rows.
    fn indicators(&mut self, root: &Obj<'_, '_>) -> Vec<RawIndicator> {
        self.indicator_rows(root, &crate::forms::indicators::FIELDS)
    }

    /// An array of indicator rows with the fields of `[[indicators]]` (`section` names the
    /// array: `indicators`, `midterm_indicators`), without the empty 二级 placeholders.
    fn indicator_rows(
        &mut self,
        root: &Obj<'_, '_>,
        section: &super::fields::Section,
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

    /// `[style]`.
    fn style(&mut self, root: &Obj<'_, '_>) -> RawStyle {
        let v = self.section(root, &super::fields::STYLE);
        RawStyle {
            paper: v.spanned("paper"),
            orientation: v.spanned("orientation"),
            font: v.spanned("font"),
            font_index: v.integer("font_index"),
        }
    }

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
                Some(Sp {
                    value: RawTarget::Text(s.to_string()),
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

    fn missing(&mut self, t: &Obj<'_, '_>, key: &str, label: &str) {
        let msg = format!("缺少必填字段 `{}`（{label}）", t.full(key));
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

    fn empty(&mut self, t: &Obj<'_, '_>, key: &str, label: &str, span: Range<usize>) {
        self.diags.push(
            Diagnostic::at(
                Code::EmptyField,
                span,
                format!("必填字段 `{}`（{label}）为空", t.full(key)),
            )
            .with_hint("填写内容；确实没有时请咨询财政部门后再留空"),
        );
    }

    fn wrong_type(
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
                "字段 `{}`（{label}）应为{expected}，实际是{}",
                t.full(key),
                type_name(found)
            ),
        ));
    }

    fn check_len(&mut self, t: &Obj<'_, '_>, key: &str, label: &str, s: &str, span: &Range<usize>) {
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

    fn string(
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
                Some(Sp {
                    value: s.to_string(),
                    span,
                })
            }
            other => {
                self.wrong_type(t, key, label, "文字（用双引号括起来）", other, span);
                None
            }
        }
    }

    /// 部门预算编码: a string, or an integer kept as its digits.
    fn code(&mut self, t: &Obj<'_, '_>, key: &str, label: &str) -> Option<Sp<String>> {
        let v = t.get(key)?;
        if let DeValue::Integer(i) = v.get_ref() {
            return Some(Sp {
                value: i.as_str().to_owned(),
                span: v.span(),
            });
        }
        self.string(t, key, label, false)
    }

    fn integer(
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
        if parsed.is_none() {
            self.wrong_type(t, key, label, "整数（如 2022）", v.get_ref(), span.clone());
        }
        parsed.map(|value| Sp { value, span })
    }

    fn amount(
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

    fn table<'a, 'i>(&mut self, t: &Obj<'a, 'i>, key: &str, label: &str) -> Option<Obj<'a, 'i>> {
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
    fn rows<'a, 'i>(
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

    fn unknown_keys(&mut self, t: &Obj<'_, '_>, known: &[&str]) {
        for (k, _) in t.table.iter() {
            let name = k.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let mut d = Diagnostic::at(
                Code::UnknownKey,
                k.span(),
                format!("未知字段 `{}`", t.full(name)),
            );
            d = match suggest(name, known) {
                Some(s) => d.with_hint(format!("是否想写 `{s}`？")),
                None => d.with_hint(format!("此处可用的字段：{}", known.join("、"))),
            };
            self.diags.push(d);
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

fn key_span(t: &Obj<'_, '_>, key: &str) -> Option<Range<usize>> {
    t.table
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == key)
        .map(|(k, _)| k.span())
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

    fn codes(text: &str) -> Vec<&'static str> {
        load(text).1.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn empty_level2_placeholders_are_skipped() {
        let text = "[[indicators]]\nlevel1 = \"效益指标\"\nlevel2 = \"经济效益指标\"\n";
        let (raw, diags) = load(text);
        let raw = raw.expect("parses");
        assert!(raw.indicators.is_empty());
        // Only the file's own missing fields are reported, nothing about the row.
        assert!(
            diags.iter().all(|d| !d.message.contains("indicators")),
            "{diags:?}"
        );
        // A row with a 三级 but no target is still reported.
        let text =
            "[[indicators]]\nlevel1 = \"效益指标\"\nlevel2 = \"经济效益指标\"\nname = \"x\"\n";
        let (_, diags) = load(text);
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("`indicators[1].target`")),
            "{diags:?}"
        );
    }

    #[test]
    fn empty_file() {
        assert_eq!(codes(""), vec!["E009"]);
        assert_eq!(codes("  \r\n"), vec!["E009"]);
    }

    #[test]
    fn syntax_errors_are_located() {
        let (spec, diags) = load("year = \n");
        assert!(spec.is_none());
        assert_eq!(diags[0].code, Code::TomlSyntax);
    }

    #[test]
    fn typo_gets_a_suggestion() {
        let (_, diags) = load("form = \"x\"\nyaer = 2021\n");
        let d = diags.iter().find(|d| d.code == Code::UnknownKey).unwrap();
        assert_eq!(d.hint.as_deref(), Some("是否想写 `year`？"));
    }

    #[test]
    fn all_missing_fields_reported_at_once() {
        let c = codes("form = \"部门整体支出绩效目标表\"\n");
        assert!(c.iter().filter(|&&c| c == "E004").count() >= 4, "{c:?}");
    }

    #[test]
    fn amount_keeps_literal_text() {
        let (spec, _) = load("[budget]\ntotal = 2120.91\nproject = \"1119.8\"\nbasic = 1_001.11\n");
        let b = spec.unwrap().budget;
        assert_eq!(b.total.unwrap().value, AmountLit::Number("2120.91".into()));
        assert_eq!(b.project.unwrap().value, AmountLit::Text("1119.8".into()));
        assert_eq!(b.basic.unwrap().value, AmountLit::Number("1001.11".into()));
    }

    #[test]
    fn wrong_types() {
        let c = codes("year = \"abc\"\n[budget]\ntotal = true\n");
        assert!(c.contains(&"E002"), "{c:?}");
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("levle1", &["level1", "level2"]), Some("level1"));
        assert_eq!(suggest("zzzzzz", &["level1", "name"]), None);
    }
}
