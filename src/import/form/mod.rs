//! Finding the department form (部门整体支出绩效目标表) in a [`Grid`] by its labels, never by
//! fixed positions, and turning it into a [`SpecOut`] with the cell each value came from.
//!
//! Labels are compared after [`key`]: whitespace, `*` and trailing bracket groups removed,
//! full-width brackets and colons folded. Rows of the 履职 and 指标 blocks are read by header
//! name; rows that do not line up with their header (text dumps drop merged cells, a
//! missing 二级 shifts a row left) are read in content order instead (domain.md §8).
//!
//! The parts, in reading order: [`labels`] (the label vocabulary), [`head`] (title, year
//! and the label/value pairs above the blocks), [`duties`] (年度履职目标), [`indicators`]
//! (年度绩效指标, on the shared column vocabulary of `import::columns`) and [`fixups`]
//! (date serials, lost percent formats, hidden rows, the layout, unused cells).

mod duties;
mod fixups;
mod footer;
mod funding;
mod head;
mod indicators;
pub(crate) mod labels;

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic, Location};
#[cfg(doc)]
use crate::spec::write::SpecOut;

use super::columns::Col;
pub use super::extracted::Extracted;
use super::grid::Grid;

use labels::{DCol, Vocab};
pub use labels::{key, norm};

/// The form name written into every imported spec.
pub const FORM: &str = "部门整体支出绩效目标表";

/// Whether the sheet holds an indicator header (一级指标 plus 二级 or 三级), or the
/// department form's head.
pub fn looks_like_goal_table(g: &Grid) -> bool {
    find_indicator_header(g, Vocab::builtin()).is_some() || has_department_head(g)
}

/// Whether the sheet holds the department's own form of this definition: its indicator
/// header, or one of its head labels.
pub fn looks_like_own(g: &Grid, def: &'static crate::formdef::FormDef) -> bool {
    let v = Vocab::new(Some(def));
    find_indicator_header(g, &v).is_some() || g.rows.iter().flatten().any(|t| v.head(t).is_some())
}

/// The department form's own labels (部门(单位)名称 and 年度预算安排 or 资金总额) in cells
/// of their own: a table that lost its indicator block is still this form, so the import
/// lists what is missing (E401) instead of calling it something else.
fn has_department_head(g: &Grid) -> bool {
    let is = |label: &str| {
        let wanted = key(label);
        g.rows.iter().flatten().any(|t| key(t) == wanted)
    };
    is("部门(单位)名称") && (is("年度预算安排") || is("资金总额"))
}

fn find_indicator_header(g: &Grid, v: &Vocab) -> Option<usize> {
    (0..g.height()).find(|&r| {
        let cols: Vec<Col> = g.rows[r].iter().filter_map(|t| v.column(t)).collect();
        cols.contains(&Col::Level1) && (cols.contains(&Col::Name) || cols.contains(&Col::Level2))
    })
}

fn find_duty_header(g: &Grid, v: &Vocab, before: usize) -> Option<usize> {
    (0..before).find(|&r| {
        let cols: Vec<DCol> = g.rows[r].iter().filter_map(|t| v.duty(t)).collect();
        cols.len() >= 2 && (cols.contains(&DCol::Task) || cols.contains(&DCol::Function))
    })
}

struct Cx<'g> {
    g: &'g Grid,
    vocab: &'g Vocab,
    used: HashSet<(usize, usize)>,
    out: Extracted,
}

impl Cx<'_> {
    fn take(&mut self, field: impl Into<String>, r: usize, c: usize) {
        self.used.insert((r, c));
        self.out
            .provenance
            .push((field.into(), self.g.cell_ref(r, c)));
    }

    fn diag(&mut self, code: Code, r: usize, c: usize, msg: String, hint: Option<&str>) {
        self.out.diagnostics.push(Diagnostic {
            code,
            message: msg,
            hint: hint.map(str::to_owned),
            location: Location::Cell(self.g.cell_ref(r, c)),
        });
    }
}

fn clean(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(20).collect();
    if s.chars().count() > 20 {
        out.push('…');
    }
    out
}

/// Reads one sheet holding the department form, by the built-in labels or (`own`) a
/// department definition of the department's own first. The file name is used for the
/// year when the sheet has none.
pub fn extract(g: &Grid, own: Option<&'static crate::formdef::FormDef>) -> Extracted {
    let vocab = match own {
        Some(def) => &Vocab::new(Some(def)),
        None => Vocab::builtin(),
    };
    let mut cx = Cx {
        g,
        vocab,
        used: HashSet::new(),
        out: Extracted::default(),
    };
    cx.out.spec.form = FORM.to_owned();
    fixups::skip_hidden(&mut cx);
    let ind_header = find_indicator_header(g, vocab);
    let top_end = ind_header.unwrap_or(g.height());
    let duty_header = find_duty_header(g, vocab, top_end);
    let head_end = duty_header.unwrap_or(top_end);

    head::read_title_and_year(&mut cx, head_end);
    funding::read_funding(&mut cx, head_end);
    head::read_head(&mut cx, head_end);
    if let Some(h) = duty_header {
        duties::read_duties(&mut cx, h, top_end);
    }
    if let Some(h) = ind_header {
        indicators::read_indicators(&mut cx, h);
    }
    fixups::report_unused(&mut cx);
    if let Some(def) = own {
        cx.out.spec.layout = def.form.layout.clone();
        cx.out.missing = missing_by(def, &cx.out.spec);
        return cx.out;
    }
    fixups::set_layout(&mut cx, ind_header);

    let s = &cx.out.spec;
    let mut missing = Vec::new();
    if s.name.is_none() {
        missing.push("部门(单位)名称".to_owned());
    }
    if s.year.is_none() {
        missing.push("年度（如“(2021 年度)”一行）".to_owned());
    }
    let absent: Vec<&str> = [
        (s.total.is_none(), "资金总额"),
        (s.project.is_none(), "项目支出"),
        (s.basic.is_none(), "基本支出"),
    ]
    .iter()
    .filter(|(m, _)| *m)
    .map(|&(_, n)| n)
    .collect();
    // The Hunan form has no money at all.
    if !absent.is_empty() && s.layout.is_none() {
        missing.push(format!("年度预算安排（{}）", absent.join("、")));
    }
    if s.indicators.is_empty() {
        missing.push("年度绩效指标（含“一级指标”“三级指标”表头的指标行）".to_owned());
    }
    cx.out.missing = missing;
    cx.out
}

/// The fields a department's own definition requires that the sheet did not give.
fn missing_by(def: &crate::formdef::FormDef, s: &crate::spec::write::SpecOut) -> Vec<String> {
    let mut missing = Vec::new();
    for sec in def.sections.iter().filter(|x| !x.rows) {
        for f in sec.fields.iter().filter(|f| f.required && !f.computed) {
            let path = sec.path_of(f);
            // An optional section's fields are required only once it is written.
            let section_written = sec.required
                || sec.key.is_empty()
                || sec.fields.iter().any(|o| s.value_of(&sec.path_of(o)));
            if section_written && path != "layout" && !s.value_of(&path) {
                missing.push(f.label.clone());
            }
        }
    }
    if s.indicators.is_empty() {
        missing.push("年度绩效指标（含“一级指标”“三级指标”表头的指标行）".to_owned());
    }
    missing
}

/// The columns of a block header: `(column, kind)` sorted by column.
fn header_columns<T: Copy>(
    g: &Grid,
    r: usize,
    from: usize,
    f: impl Fn(&str) -> Option<T>,
) -> Vec<(usize, T)> {
    (from..g.rows[r].len())
        .filter_map(|c| f(g.get(r, c)).map(|k| (c, k)))
        .collect()
}

fn row_blank(g: &Grid, r: usize) -> bool {
    g.rows[r].iter().all(|t| t.trim().is_empty())
}

/// Non-empty cells of a row that are not block labels, in column order.
fn tokens(g: &Grid, v: &Vocab, r: usize) -> Vec<(usize, String)> {
    (0..g.rows[r].len())
        .filter_map(|c| {
            let t = g.get(r, c);
            if t.trim().is_empty() || v.is_block(t) {
                None
            } else {
                clean(t).map(|v| (c, v))
            }
        })
        .collect()
}
