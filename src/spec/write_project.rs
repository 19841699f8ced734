//! Writing a 项目支出绩效目标表 spec: the sections come from the project form's field
//! tables (`forms::project::fields`), so the writer knows no field of its own; the
//! indicator rows are the shared `[[indicators]]` block.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::fields::{Kind, Section, from_def};
use super::write::{IndicatorOut, SpecOut, amount, string};
use crate::formdef::{FormDef, builtin};

/// The values of a project spec's sections, by section key and field key, as text to
/// write. Amounts are plain decimals when the source was one (see [`amount`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectOut {
    /// Section key → field key → value.
    pub values: BTreeMap<&'static str, BTreeMap<&'static str, String>>,
    /// `[[midterm_indicators]]`: the long-term (中期) indicator set.
    pub midterm_indicators: Vec<IndicatorOut>,
    /// `template = "…"`: a definition file of the department's own, as written in the
    /// spec (relative to the spec's folder); its sections are then the ones written.
    pub template: Option<(String, &'static FormDef)>,
}

impl ProjectOut {
    /// Sets a field (the first value found wins).
    pub fn set(&mut self, section: &'static str, key: &'static str, value: String) -> bool {
        let slot = self.values.entry(section).or_default();
        if slot.contains_key(key) {
            return false;
        }
        slot.insert(key, value);
        true
    }

    /// A field's value.
    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.values.get(section)?.get(key).map(String::as_str)
    }
}

/// Renders a project spec: header comments, `form`, `year`, the sections in form order,
/// then the indicator rows. `spec` supplies the header, form, year and indicators.
pub fn to_toml(spec: &SpecOut, project: &ProjectOut) -> String {
    let mut out = String::new();
    for line in &spec.header {
        out.push_str("# ");
        out.push_str(
            &line
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>(),
        );
        out.push('\n');
    }
    if !spec.header.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "form = {}", string(&spec.form));
    if let Some(year) = spec.year {
        let _ = writeln!(out, "year = {year}");
    }
    if let Some((written, _)) = &project.template {
        let _ = writeln!(
            out,
            "template = {}  # 表样定义文件（相对于本文件所在的文件夹）",
            string(written)
        );
    } else if let Some(layout) = &spec.layout {
        let _ = writeln!(out, "layout = {}  # 版式：按原表的表样印出", string(layout));
    }
    for section in sections(spec, project) {
        if let Some(values) = project.values.get(section.key) {
            write_section(&mut out, section, values);
        }
    }
    write_indicators(&mut out, &spec.indicators);
    let midterm = &crate::forms::project::fields::MIDTERM_INDICATORS;
    write_rows(
        &mut out,
        midterm.key,
        midterm.label,
        &project.midterm_indicators,
    );
    out
}

/// The sections a project spec is written with: its definition's (the department's own,
/// or the built-in layout's), in the definition's order.
fn sections(spec: &SpecOut, project: &ProjectOut) -> Vec<&'static Section> {
    let def = match &project.template {
        Some((_, def)) => Some(*def),
        None => builtin::find("项目", spec.layout.as_deref()),
    };
    match def {
        Some(def) => def
            .sections
            .iter()
            .filter(|s| !s.key.is_empty() && !s.rows)
            .map(from_def)
            .collect(),
        // Every layout a spec names is built in (E018 otherwise).
        None => Vec::new(),
    }
}

/// One `[section]` with its fields in table order, each with its label as a comment.
pub fn write_section(out: &mut String, section: &Section, values: &BTreeMap<&'static str, String>) {
    if section.fields.iter().all(|f| !values.contains_key(f.key)) {
        return;
    }
    let _ = writeln!(out, "\n[{}]  # {}", section.key, section.label);
    for f in section.fields {
        let Some(v) = values.get(f.key) else { continue };
        let lit = match f.kind {
            Kind::Amount => amount(v),
            // A whole number is written bare when it reads as one.
            Kind::Integer if v.trim().parse::<i64>().is_ok() => v.trim().to_owned(),
            Kind::Text | Kind::LongText | Kind::Code | Kind::Integer | Kind::Target => string(v),
        };
        let _ = writeln!(out, "{} = {lit}  # {}", f.key, f.label);
    }
}

/// The shared `[[indicators]]` rows, `standard` (绩效标准) included.
pub fn write_indicators(out: &mut String, rows: &[IndicatorOut]) {
    write_rows(out, "indicators", "年度绩效指标", rows);
}

/// Indicator rows as the array `key` (`indicators`, `midterm_indicators`) under a comment.
fn write_rows(out: &mut String, key: &str, label: &str, rows: &[IndicatorOut]) {
    if !rows.is_empty() {
        let _ = write!(out, "\n# {label}\n");
    }
    for (i, ind) in rows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "[[{key}]]");
        let texts = [
            ("level1", &ind.level1),
            ("level2", &ind.level2),
            ("name", &ind.name),
            ("explanation", &ind.explanation),
            ("basis", &ind.basis),
            ("method", &ind.method),
            ("scoring", &ind.scoring),
            ("standard", &ind.standard),
            ("value_type", &ind.value_type),
            ("target", &ind.target),
            ("unit", &ind.unit),
        ];
        for (key, value) in texts {
            if let Some(v) = value {
                let _ = writeln!(out, "{key} = {}", string(v));
            }
        }
        if let Some(w) = &ind.weight {
            let _ = writeln!(out, "weight = {}", amount(w));
        }
        if let Some(n) = &ind.note {
            let _ = writeln!(out, "note = {}", string(n));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_spec_loads_back_and_passes() {
        let mut p = ProjectOut::default();
        p.set("project", "name", "某项目".into());
        p.set("project", "department", "某局".into());
        p.set("project", "department_code", "015001".into());
        p.set("project", "unit", "某局".into());
        p.set("funds", "total", "100".into());
        p.set("funds", "fiscal", "100".into());
        p.set("goals", "annual", "完成\n任务".into());
        let ind = |l1: &str, l2: &str, name: &str, t: &str| IndicatorOut {
            level1: Some(l1.into()),
            level2: Some(l2.into()),
            name: Some(name.into()),
            target: Some(t.into()),
            standard: Some("计划标准".into()),
            ..IndicatorOut::default()
        };
        let spec = SpecOut {
            header: vec!["导入".into()],
            form: "项目支出绩效目标表".into(),
            year: Some(2023),
            indicators: vec![
                ind("产出指标", "数量指标", "a", "≥1个"),
                ind("效益指标", "社会效益指标", "b", "改善"),
                ind("满意度指标", "服务对象满意度指标", "c", "≥90%"),
            ],
            ..SpecOut::default()
        };
        let text = to_toml(&spec, &p);
        let checked = crate::validate::check_text(&text);
        assert!(
            checked.diagnostics.is_empty(),
            "{:?}\n{text}",
            checked.diagnostics
        );
        assert!(text.contains("department_code = \"015001\""), "{text}");
    }
}
