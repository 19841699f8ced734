//! Rules on the header: form kind, year, 部门预算编码, page style.

use crate::diag::{Code, Diagnostic};
use crate::model::{FormKind, Orientation, Paper, Style};
use crate::spec::RawSpec;

/// Forms that will come later; named so the message can say so.
const PLANNED_FORMS: &[&str] = &["绩效自评表", "项目支出绩效自评表", "部门整体支出绩效自评表"];

pub(crate) fn form(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<FormKind> {
    let form = raw.form.as_ref()?;
    if let Some(kind) = crate::forms::kind_of(&form.value) {
        return Some(kind);
    }
    // A form of the department's own (`template`) goes by its own title and names.
    if let Some(def) = raw.definition {
        let fold = crate::formdef::builtin::fold;
        let name = fold(&form.value);
        let own = fold(&def.bare_title()) == name || def.form.names.iter().any(|n| fold(n) == name);
        if own {
            return match def.form.model.as_str() {
                "项目" => Some(FormKind::Project),
                _ => Some(FormKind::DepartmentOverall),
            };
        }
    }
    let name: String = form.value.chars().filter(|c| !c.is_whitespace()).collect();
    let msg = if PLANNED_FORMS.contains(&name.as_str()) {
        format!("暂不支持表格类型“{}”", form.value)
    } else {
        format!("未知的表格类型“{}”", form.value)
    };
    let known: Vec<String> = crate::forms::KINDS
        .iter()
        .map(|k| format!("form = \"{}\"", k.kind.title()))
        .collect();
    diags.push(
        Diagnostic::at(Code::UnsupportedForm, form.span.clone(), msg)
            .with_hint(format!("目前支持：{}", known.join(" 或 "))),
    );
    None
}

pub(crate) fn year(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<u16> {
    let year = raw.year()?;
    match u16::try_from(year.value) {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            diags.push(
                Diagnostic::at(
                    Code::YearOutOfRange,
                    year.span.clone(),
                    format!("年度 {} 不在 2000–2100 之间", year.value),
                )
                .with_hint("写四位公历年份，例如 year = 2022"),
            );
            None
        }
    }
}

pub(crate) fn budget_code(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let code = raw.section("department").spanned("code")?;
    let value = code.value.trim();
    if value.chars().all(|c| c.is_ascii_digit()) {
        return Some(value.to_owned());
    }
    diags.push(
        Diagnostic::at(
            Code::BudgetCodeNotDigits,
            code.span.clone(),
            format!("部门预算编码“{}”含有数字以外的字符", code.value),
        )
        .with_hint("编码只写数字，例如 code = \"338601\""),
    );
    None
}

pub(crate) fn style(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<Style> {
    let s = &raw.style;
    let mut style = Style {
        font: s.font.as_ref().map(|f| f.value.clone()),
        ..Style::default()
    };
    let mut ok = true;
    if let Some(paper) = &s.paper {
        match paper.value.trim().to_ascii_uppercase().as_str() {
            "A4" => style.paper = Paper::A4,
            "A3" => style.paper = Paper::A3,
            _ => {
                ok = false;
                diags.push(bad_style(
                    &paper.span,
                    "纸张只能是 A4 或 A3",
                    "paper = \"A4\"",
                ));
            }
        }
    }
    if let Some(o) = &s.orientation {
        match o.value.trim().to_ascii_lowercase().as_str() {
            "landscape" | "横向" => style.orientation = Orientation::Landscape,
            "portrait" | "纵向" => style.orientation = Orientation::Portrait,
            _ => {
                ok = false;
                diags.push(bad_style(
                    &o.span,
                    "方向只能是 横向（landscape）或 纵向（portrait）",
                    "orientation = \"横向\"",
                ));
            }
        }
    }
    if let Some(i) = &s.font_index {
        match u32::try_from(i.value) {
            Ok(v) if v < 64 => style.font_index = Some(v),
            _ => {
                ok = false;
                diags.push(bad_style(
                    &i.span,
                    "字体序号应为 0–63 之间的整数",
                    "font_index = 0",
                ));
            }
        }
    }
    ok.then_some(style)
}

fn bad_style(span: &std::ops::Range<usize>, msg: &str, example: &str) -> Diagnostic {
    Diagnostic::at(Code::BadStyle, span.clone(), msg).with_hint(format!("例如 {example}"))
}
