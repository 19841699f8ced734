//! Which built-in form definition a sheet was printed from: the definition of the sheet's
//! model whose printed words (title, labels, column headers, the lines above and below
//! the table) match the most cells of the sheet. The import records it as `layout`, so the
//! spec renders in the bureau's own shape again.

use crate::formdef::{BlockKind, FormDef, builtin};

use super::grid::Grid;
use super::words::norm;

/// The `layout` value of the best-matching built-in definition of `model`, when that is
/// not the model's default (ties go to the default).
pub fn best_layout(grid: &Grid, model: &str) -> Option<&'static str> {
    let cells: Vec<String> = grid
        .rows
        .iter()
        .flatten()
        .map(|c| norm(c))
        .filter(|c| !c.is_empty())
        .collect();
    let default = builtin::find(model, None)?;
    let mut best = (score(default, &cells), default);
    for layout in builtin::layouts(model) {
        let Some(def) = builtin::find(model, Some(layout)) else {
            continue;
        };
        let s = score(def, &cells);
        if s > best.0 {
            best = (s, def);
        }
    }
    if std::ptr::eq(best.1, default) {
        return None;
    }
    best.1.form.layout.as_deref()
}

/// How many of a definition's printed words stand in the sheet: a cell equal to the word,
/// or starting with it (sheets that print a label and its value in one cell).
fn score(def: &FormDef, cells: &[String]) -> usize {
    words(def)
        .iter()
        .filter(|w| cells.iter().any(|c| c == *w || c.starts_with(w.as_str())))
        .count()
}

/// The fixed words a definition prints, folded like the sheet's cells.
pub fn words(def: &FormDef) -> Vec<String> {
    let mut out: Vec<String> = vec![norm(&def.bare_title())];
    let mut add = |text: &str| {
        // The literal parts of a composed text (`项目名称{project.name}`).
        for part in text.split(['{', '}']).step_by(2) {
            let w = norm(part);
            if w.chars().count() >= 2 && !out.contains(&w) {
                out.push(w);
            }
        }
    };
    for b in &def.blocks {
        if let Some(s) = &b.section {
            add(s);
        }
        for t in b.left.iter().chain(&b.right) {
            add(t);
        }
        for level in &b.levels {
            add(level);
        }
        for set in &b.sets {
            for level in &set.levels {
                add(level);
            }
        }
        let columns = b.sets.iter().flat_map(|s| &s.columns);
        for c in b.columns.iter().chain(columns) {
            if let Some(l) = &c.label {
                add(l);
            }
        }
        let cells = b.rows.iter().flat_map(|r| &r.cells).chain(&b.items);
        for c in cells {
            if let Some(l) = &c.label {
                add(l);
            }
            if let Some(f) = &c.format {
                add(f);
            }
            if b.kind == BlockKind::Pairs
                && c.label.is_none()
                && let Some(field) = c.field.as_deref().and_then(|p| def.field(p))
            {
                add(&field.label);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::new(
            "t.xlsx".to_owned(),
            None,
            rows.iter()
                .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
        )
    }

    #[test]
    fn a_xiangtan_sheet_is_read_as_the_xiangtan_form() {
        let g = grid(&[
            &["项目支出绩效目标申报表"],
            &["填报单位:(盖章)          单位:万元"],
            &["项目支出名称", "x"],
            &["预算部门", "x"],
            &["年度本级预算金额", "1", "该项目支出上级资金", "1"],
            &["项目支出实施期", "x"],
            &["实施期绩效目标", "本年度绩效目标"],
            &[
                "一级指标",
                "二级指标",
                "三级指标",
                "指标值及单位",
                "绩效标准",
            ],
            &["财政部门审核意见", ""],
        ]);
        assert_eq!(best_layout(&g, "项目"), Some("湘潭"));
    }

    #[test]
    fn the_generic_sheet_stays_generic_and_fused_labels_count() {
        let g = grid(&[
            &["项目支出绩效目标表"],
            &["项目名称", "x"],
            &["主管部门及编码", "x", "实施单位", "x"],
            &["项目资金(万元)", "资金总额", "1"],
            &["总体目标", "中期目标", "年度目标"],
        ]);
        assert_eq!(best_layout(&g, "项目"), None);
        let g = grid(&[
            &["绩效目标表"],
            &["项目名称农村义务教育学生营养改善计划"],
            &[
                "项目主管部门武汉市青山区教育局",
                "项目执行单位武汉市青山区教育局",
            ],
            &["资金情况(万元)", "年度资金总额:", "1"],
            &["", "其中:上级资金", "1"],
            &["一级指标", "二级指标", "指标内容", "指标值"],
        ]);
        assert_eq!(best_layout(&g, "项目"), Some("转移支付"));
    }
}
