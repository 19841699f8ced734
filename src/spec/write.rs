//! Writing a spec: plain owned values in, TOML text in the style of `specs/` out.
//!
//! Strings are escaped by `toml_writer` (basic strings, or multi-line basic strings for text
//! with line breaks) and every output is meant to load back through [`crate::spec::load`] to
//! the same values; the tests re-parse arbitrary text to hold that promise.

use std::fmt::Write as _;

/// A spec as plain values, in the order the file shows them. Amounts are the text to write
/// (`"1119.8"`, `"662.00"`): plain decimals become TOML numbers, anything else a string
/// the validator will then report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpecOut {
    /// Comment lines for the top of the file (without `# `).
    pub header: Vec<String>,
    /// `form`.
    pub form: String,
    /// `year`.
    pub year: Option<i64>,
    /// `layout`: the provincial layout (`湖南`, `湖北`); `None` for the default Fujian one.
    pub layout: Option<String>,
    /// `responsibilities`: 部门(单位)职责 / 部门职能概述.
    pub responsibilities: Option<String>,
    /// `overall_goal`: 年度总体目标.
    pub overall_goal: Option<String>,
    /// 部门(单位)名称.
    pub name: Option<String>,
    /// 部门预算编码.
    pub code: Option<String>,
    /// 资金总额.
    pub total: Option<String>,
    /// 项目支出.
    pub project: Option<String>,
    /// 基本支出.
    pub basic: Option<String>,
    /// `[income]` (Hubei): 财政拨款, 其他资金, 合计, in the field table's order.
    pub income: Option<[Option<String>; 3]>,
    /// `[expenditure]` (Hubei): 基本支出, 项目支出, 合计, in the field table's order.
    pub expenditure: Option<[Option<String>; 3]>,
    /// 年度履职目标 rows.
    pub duties: Vec<DutyOut>,
    /// 年度绩效指标 rows.
    pub indicators: Vec<IndicatorOut>,
    /// Fields a department's own definition adds: (spec path, value), in reading order.
    pub extra: Vec<(String, String)>,
    /// `template = "…"`: a definition file of the department's own, as the spec writes it
    /// (relative to the spec's folder), with the definition.
    pub template: Option<(String, &'static crate::formdef::FormDef)>,
}

impl SpecOut {
    /// Whether a field has a value, by spec path (`department.name`, `overall_goal`, or a
    /// path only a definition of the department's own declares).
    pub fn value_of(&self, path: &str) -> bool {
        match path {
            "year" => self.year.is_some(),
            "overall_goal" => self.overall_goal.is_some(),
            "responsibilities" => self.responsibilities.is_some(),
            "department.name" => self.name.is_some(),
            "department.code" => self.code.is_some(),
            "budget.total" => self.total.is_some(),
            "budget.project" => self.project.is_some(),
            "budget.basic" => self.basic.is_some(),
            _ => self.extra.iter().any(|(p, _)| p == path),
        }
    }

    /// The definition the spec is written for: its own, or the built-in one of its layout.
    fn definition(&self) -> Option<&'static crate::formdef::FormDef> {
        match &self.template {
            Some((_, def)) => Some(def),
            None => crate::formdef::builtin::find("部门整体", self.layout.as_deref()),
        }
    }

    /// The label a field is commented with: its definition's when the spec names one.
    fn label<'a>(&'a self, path: &str, builtin: &'a str) -> Option<&'a str> {
        Some(
            self.template
                .as_ref()
                .and_then(|(_, def)| def.field(path))
                .map_or(builtin, |f| f.label.as_str()),
        )
    }

    /// Writes the extra fields of one section (`""` for the top level) as `key = value`
    /// lines, money as amounts.
    fn write_extra(&self, out: &mut String, section: &str) {
        for (path, value) in &self.extra {
            let (sk, fk) = crate::formdef::split_path(path);
            if sk != section {
                continue;
            }
            // Only what the definition declares is written (a JSON export of another
            // definition may carry fields this one does not know).
            let Some(field) = self.definition().and_then(|def| def.field(path)) else {
                continue;
            };
            let lit = if field.kind == crate::formdef::FieldKind::Money {
                amount(value)
            } else {
                string(value)
            };
            kv(out, fk, &lit, Some(&field.label));
        }
    }

    /// Writes the sections only a definition of the department's own declares.
    fn write_extra_sections(&self, out: &mut String) {
        let Some(def) = self.definition() else {
            return;
        };
        for sec in def.sections.iter().filter(|x| !x.rows) {
            if matches!(sec.key.as_str(), "" | "department" | "budget") {
                continue;
            }
            let values: std::collections::BTreeMap<&'static str, String> = self
                .extra
                .iter()
                .filter(|(p, _)| crate::formdef::split_path(p).0 == sec.key)
                .filter_map(|(p, v)| {
                    let key = crate::formdef::split_path(p).1;
                    sec.fields
                        .iter()
                        .find(|f| f.key == key)
                        .map(|f| (f.key.as_str(), v.clone()))
                })
                .collect();
            super::write_project::write_section(out, super::fields::from_def(sec), &values);
        }
    }
}

/// One `[[duties]]` row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DutyOut {
    /// 部门职能.
    pub function: Option<String>,
    /// 年度目标任务.
    pub task: Option<String>,
    /// 支出项目名称.
    pub project: Option<String>,
    /// 预算金额(万元), as text.
    pub amount: Option<String>,
}

/// One `[[indicators]]` row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndicatorOut {
    /// 一级指标.
    pub level1: Option<String>,
    /// 二级指标.
    pub level2: Option<String>,
    /// 三级指标.
    pub name: Option<String>,
    /// 内涵解释.
    pub explanation: Option<String>,
    /// 设置依据.
    pub basis: Option<String>,
    /// 指标计算公式或方法.
    pub method: Option<String>,
    /// 评分标准.
    pub scoring: Option<String>,
    /// 绩效标准 (project form).
    pub standard: Option<String>,
    /// 指标值类型: 定量 or 定性.
    pub value_type: Option<String>,
    /// 目标值, as one text.
    pub target: Option<String>,
    /// 计量单位.
    pub unit: Option<String>,
    /// 指标分值, as text.
    pub weight: Option<String>,
    /// 备注.
    pub note: Option<String>,
}

/// Renders the spec as TOML text.
pub fn to_toml(spec: &SpecOut) -> String {
    let mut out = String::new();
    for line in &spec.header {
        out.push_str("# ");
        out.push_str(&comment_text(line));
        out.push('\n');
    }
    if !spec.header.is_empty() {
        out.push('\n');
    }
    kv(&mut out, "form", &string(&spec.form), None);
    if let Some((written, _)) = &spec.template {
        kv(
            &mut out,
            "template",
            &string(written),
            Some("表样定义文件（相对于本文件所在的文件夹）"),
        );
    } else if let Some(layout) = &spec.layout {
        kv(&mut out, "layout", &string(layout), Some("版式"));
    }
    if let Some(year) = spec.year {
        kv(&mut out, "year", &year.to_string(), None);
    }
    if let Some(text) = &spec.responsibilities {
        out.push_str("\n# 部门(单位)职责\n");
        kv(&mut out, "responsibilities", &string(text), None);
    }
    if let Some(goal) = &spec.overall_goal {
        out.push_str("\n# 年度总体目标\n");
        kv(&mut out, "overall_goal", &string(goal), None);
    }
    spec.write_extra(&mut out, "");

    out.push_str("\n[department]\n");
    opt_str(
        &mut out,
        "name",
        spec.name.as_deref(),
        spec.label("department.name", "部门(单位)名称"),
    );
    opt_str(
        &mut out,
        "code",
        spec.code.as_deref(),
        spec.label("department.code", "部门预算编码"),
    );
    spec.write_extra(&mut out, "department");

    // Layouts without money (Hunan) and the Hubei blocks have no 年度预算安排.
    let has_budget = spec.total.is_some() || spec.project.is_some() || spec.basic.is_some();
    if has_budget || (spec.layout.is_none() && spec.template.is_none()) {
        out.push_str("\n[budget]  # 年度预算安排(万元)\n");
        opt_amount(
            &mut out,
            "total",
            spec.total.as_deref(),
            spec.label("budget.total", "资金总额"),
        );
        opt_amount(
            &mut out,
            "project",
            spec.project.as_deref(),
            spec.label("budget.project", "项目支出"),
        );
        opt_amount(
            &mut out,
            "basic",
            spec.basic.as_deref(),
            spec.label("budget.basic", "基本支出"),
        );
        spec.write_extra(&mut out, "budget");
    }
    spec.write_extra_sections(&mut out);
    // The values are in the order of the field tables' fields.
    for (section, values) in [
        (
            crate::forms::department::fields::hubei("income"),
            &spec.income,
        ),
        (
            crate::forms::department::fields::hubei("expenditure"),
            &spec.expenditure,
        ),
    ] {
        let Some(values) = values else { continue };
        let _ = writeln!(out, "\n[{}]  # {}(万元)", section.key, section.label);
        for (f, v) in section.fields.iter().zip(values) {
            opt_amount(&mut out, f.key, v.as_deref(), Some(f.label));
        }
    }

    if !spec.duties.is_empty() {
        out.push_str("\n# 年度履职目标\n");
    }
    for (i, d) in spec.duties.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("[[duties]]\n");
        opt_str(
            &mut out,
            "function",
            d.function.as_deref(),
            spec.label("duties.function", "部门职能"),
        );
        opt_str(
            &mut out,
            "task",
            d.task.as_deref(),
            spec.label("duties.task", "年度目标任务"),
        );
        opt_str(
            &mut out,
            "project",
            d.project.as_deref(),
            spec.label("duties.project", "支出项目名称"),
        );
        opt_amount(
            &mut out,
            "amount",
            d.amount.as_deref(),
            Some("预算金额(万元)"),
        );
    }

    super::write_project::write_indicators(&mut out, &spec.indicators);
    out
}

fn kv(out: &mut String, key: &str, value: &str, comment: Option<&str>) {
    let _ = write!(out, "{key} = {value}");
    if let Some(c) = comment {
        let _ = write!(out, "  # {c}");
    }
    out.push('\n');
}

fn opt_str(out: &mut String, key: &str, value: Option<&str>, comment: Option<&str>) {
    if let Some(v) = value {
        kv(out, key, &string(v), comment);
    }
}

fn opt_amount(out: &mut String, key: &str, value: Option<&str>, comment: Option<&str>) {
    if let Some(v) = value {
        kv(out, key, &amount(v), comment);
    }
}

/// An amount: a bare TOML number when the text is a plain decimal TOML reads back
/// verbatim (`2120.91`, `662.00`, `0`), otherwise a string.
pub fn amount(text: &str) -> String {
    if is_plain_decimal(text) {
        text.to_owned()
    } else {
        string(text)
    }
}

fn is_plain_decimal(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    // TOML forbids leading zeros on integers ("0662") and very long numbers lose nothing
    // as strings, so keep those quoted.
    digits(int)
        && (int == "0" || !int.starts_with('0'))
        && int.len() <= 15
        && frac.is_none_or(digits)
}

/// A TOML string literal holding exactly `s`: a basic string, or a multi-line basic string
/// when `s` has line breaks (so long Excel texts stay readable).
pub fn string(s: &str) -> String {
    use toml_writer::ToTomlValue as _;
    let builder = toml_writer::TomlStringBuilder::new(s);
    if s.contains('\n') {
        builder.as_ml_basic().to_toml_value()
    } else {
        builder.as_basic().to_toml_value()
    }
}

/// Comment text cannot contain line breaks or control characters.
fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    /// The writer writes every spec field of an indicator row.
    #[test]
    fn every_indicator_field_is_written() {
        let full = super::IndicatorOut {
            level1: Some("产出指标".into()),
            level2: Some("数量指标".into()),
            name: Some("n".into()),
            explanation: Some("e".into()),
            basis: Some("b".into()),
            method: Some("m".into()),
            scoring: Some("s".into()),
            standard: Some("st".into()),
            value_type: Some("定量".into()),
            target: Some("≥1个".into()),
            unit: Some("个".into()),
            weight: Some("10".into()),
            note: Some("x".into()),
        };
        let mut out = String::new();
        super::super::write_project::write_indicators(&mut out, &[full]);
        for f in crate::forms::indicators::FIELDS.fields {
            assert!(
                out.lines().any(|l| l.starts_with(&format!("{} = ", f.key))),
                "{} not written:\n{out}",
                f.key
            );
        }
    }

    use super::*;
    use proptest::prelude::*;

    fn parse_string(lit: &str) -> String {
        let doc: toml::Table = toml::from_str(&format!("v = {lit}\n")).unwrap();
        doc["v"].as_str().unwrap().to_owned()
    }

    #[test]
    fn escapes_quotes_backslashes_and_controls() {
        for s in [
            "a\"b",
            "c:\\temp\\",
            "tab\there",
            "行一\n行二",
            "\"\"\"",
            "end\"",
            "\r\n",
            "\u{7f}\u{1}",
            "",
        ] {
            assert_eq!(parse_string(&string(s)), s, "{s:?}");
        }
    }

    #[test]
    fn amounts_are_numbers_only_when_verbatim() {
        assert_eq!(amount("1119.8"), "1119.8");
        assert_eq!(amount("662.00"), "662.00");
        assert_eq!(amount("0"), "0");
        assert_eq!(amount("0662"), "\"0662\"");
        assert_eq!(amount("1,119.80"), "\"1,119.80\"");
        assert_eq!(amount("2120.91万元"), "\"2120.91万元\"");
        assert_eq!(amount("1."), "\"1.\"");
    }

    #[test]
    fn minimal_spec_loads_back() {
        let spec = SpecOut {
            header: vec!["来源：a.xlsx\n第二行".into()],
            form: "部门整体支出绩效目标表".into(),
            year: Some(2021),
            overall_goal: Some("目标1:\n目标2:".into()),
            name: Some("单位".into()),
            total: Some("10".into()),
            project: Some("4".into()),
            basic: Some("6".into()),
            indicators: vec![IndicatorOut {
                level1: Some("产出指标".into()),
                name: Some("x".into()),
                target: Some("≥1个".into()),
                ..IndicatorOut::default()
            }],
            ..SpecOut::default()
        };
        let text = to_toml(&spec);
        let (raw, diags) = crate::spec::load(&text);
        assert!(diags.is_empty(), "{diags:?}\n{text}");
        let raw = raw.unwrap();
        assert_eq!(raw.top.string("overall_goal").unwrap(), "目标1:\n目标2:");
        assert_eq!(raw.indicators.len(), 1);
    }

    proptest! {
        #[test]
        fn any_string_round_trips(s in "\\PC*|[\\x00-\\x7f\"\\\\\n\r\t]*") {
            prop_assert_eq!(parse_string(&string(&s)), s);
        }
    }
}
