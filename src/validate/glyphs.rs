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
    // Characters of the Basic Multilingual Plane found in each face: a spec repeats the
    // same few hundred characters thousands of times, and a bit is cheaper than a cmap.
    let mut found = [Bmp::new(), Bmp::new()];
    let mut field = |value: Option<&Sp<String>>, label: &str, face: FaceKind| {
        let Some(v) = value else { return };
        let known = &mut found[usize::from(face == FaceKind::Bold)];
        for c in v.value.chars() {
            if known.has(c) || c.is_whitespace() || c.is_control() || seen.contains(&c) {
                continue;
            }
            if set.file(face).glyph(c).is_some() {
                known.insert(c);
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

/// A set of characters of the Basic Multilingual Plane, one bit each; others are never in.
struct Bmp(Vec<u64>);

impl Bmp {
    fn new() -> Self {
        Bmp(vec![0; 0x1_0000 / 64])
    }

    fn has(&self, c: char) -> bool {
        let i = c as usize;
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn insert(&mut self, c: char) {
        let i = c as usize;
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bmp;

    #[test]
    fn a_bmp_set_holds_the_plane_and_nothing_beyond() {
        let mut s = Bmp::new();
        for c in ['a', '绩', '\u{FFFF}', '𠀀'] {
            assert!(!s.has(c));
            s.insert(c);
        }
        assert!(s.has('a') && s.has('绩') && s.has('\u{FFFF}'));
        assert!(!s.has('b') && !s.has('效'));
        assert!(!s.has('𠀀'), "outside the plane: always looked up");
    }
}
