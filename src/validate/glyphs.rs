//! Characters the bundled PDF font lacks, found at `check` time: `render -f pdf` would
//! refuse the spec, so the clerk hears about it (with the field and the fix) before that.
//! Skipped when the spec names its own font in `[style]`.

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic};
use crate::render::pdf::fonts::{self, FaceKind};
use crate::spec::{RawSpec, RawTarget, Sp};

pub(super) fn check(raw: &RawSpec, diags: &mut Vec<Diagnostic>) {
    if raw.style.font.is_some() {
        return;
    }
    let set = fonts::bundled();
    let mut seen: HashSet<char> = HashSet::new();
    let mut field = |value: Option<&Sp<String>>, label: &str, face: FaceKind| {
        let Some(v) = value else { return };
        for c in v.value.chars() {
            if c.is_whitespace() || c.is_control() || seen.contains(&c) {
                continue;
            }
            if set.file(face).glyph(c).is_some() {
                continue;
            }
            seen.insert(c);
            diags.push(
                Diagnostic::at(
                    Code::MissingGlyph,
                    v.span.clone(),
                    format!(
                        "{label}中的“{c}”（U+{:04X}）内置字体中没有，生成 PDF 时会报错",
                        u32::from(c)
                    ),
                )
                .with_hint(
                    "用 --font 指定含有这个字的字体（如本单位的宋体 .ttf/.ttc），或在 [style] 中写 font = \"字体文件\"；也可换用常用字。HTML 不受影响",
                ),
            );
        }
    };
    use FaceKind::{Bold, Regular};
    field(raw.department.name.as_ref(), "部门(单位)名称", Bold);
    field(raw.department.name.as_ref(), "部门(单位)名称", Regular);
    field(raw.department.code.as_ref(), "部门预算编码", Regular);
    field(raw.overall_goal.as_ref(), "年度总体目标", Regular);
    for d in &raw.duties {
        field(d.function.as_ref(), "部门职能", Regular);
        field(d.task.as_ref(), "年度目标任务", Regular);
        field(d.project.as_ref(), "支出项目名称", Regular);
    }
    let midterm = raw.project.iter().flat_map(|p| &p.midterm_indicators);
    for i in raw.indicators.iter().chain(midterm) {
        field(i.level1.as_ref(), "一级指标", Regular);
        field(i.level2.as_ref(), "二级指标", Regular);
        field(i.name.as_ref(), "三级指标", Regular);
        field(i.explanation.as_ref(), "内涵解释", Regular);
        field(i.basis.as_ref(), "设置依据", Regular);
        field(i.method.as_ref(), "指标计算公式或方法", Regular);
        field(i.scoring.as_ref(), "评分标准", Regular);
        field(i.unit.as_ref(), "计量单位", Regular);
        field(i.note.as_ref(), "备注", Regular);
        if let Some(t) = &i.target {
            match &t.value {
                RawTarget::Text(text) => {
                    let sp = Sp {
                        value: text.clone(),
                        span: t.span.clone(),
                    };
                    field(Some(&sp), "目标值", Regular);
                }
                RawTarget::Parts { op, unit, .. } => {
                    field(op.as_ref(), "目标值", Regular);
                    field(unit.as_ref(), "目标值", Regular);
                }
            }
        }
    }
}
