//! The 项目支出绩效目标表 reader: recognises a project table by its title and labels, and
//! reads its identity, money, goals, indicators, review rows and signature line.
//!
//! The label vocabulary ([`labels`]) is the project form's field table
//! (`forms::project::fields`) plus local spellings. Three layouts are read (domain.md §2.2):
//! the central 88号 table (long-term and annual indicator sets side by side, money written
//! with units), the Hunan 申报表 (preamble `单位:万元`, 绩效标准 column, review row and
//! signature line under the table) and the transfer-fund 绩效目标表 (labels fused with their
//! values). Spreadsheets are read by position ([`positional`]); text dumps (one cell per
//! line, merged cells lost) in content order ([`stream`]). The indicator columns are the
//! vocabulary shared with the department form (`import::columns`).

mod labels;
mod positional;
mod stream;

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic, Location};
use crate::formdef::FormDef;
use crate::model::FormKind;
use crate::spec::write::IndicatorOut;
use crate::spec::write_project::ProjectOut;

use super::columns::{self, Col};
use super::extracted::Extracted;
use super::grid::Grid;
use super::known::title_kind;
use super::words::{norm, year_in};

pub use labels::is_project;
use labels::{Slot, Vocab, split_code};

/// A cell to read: its text and where it is.
#[derive(Clone, Debug)]
struct Tok {
    text: String,
    r: usize,
    c: usize,
    /// A cell holding only blanks: in one-cell-per-line dumps, an empty cell of the form.
    empty: bool,
}

struct Cx<'g> {
    g: &'g Grid,
    used: HashSet<(usize, usize)>,
    out: Extracted,
    project: ProjectOut,
    overall: Option<(String, usize, usize)>,
    /// The sheet says 单位:万元.
    wan: bool,
    /// The labels and column headers read.
    vocab: &'static Vocab,
    /// The department's own definition (`import --template`), when given.
    own: Option<&'static FormDef>,
}

impl Cx<'_> {
    fn diag(&mut self, code: Code, r: usize, c: usize, msg: String, hint: Option<&str>) {
        self.out.diagnostics.push(Diagnostic {
            code,
            message: msg,
            hint: hint.map(str::to_owned),
            location: Location::Cell(self.g.cell_ref(r, c)),
        });
    }

    fn take(&mut self, field: String, r: usize, c: usize) {
        self.used.insert((r, c));
        self.out.provenance.push((field, self.g.cell_ref(r, c)));
    }

    /// Puts a value into its slot (money converted, codes split).
    fn assign(&mut self, slot: Slot, value: &str, r: usize, c: usize) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        match slot {
            Slot::Block => {}
            Slot::Overall => {
                if self.overall.is_none() {
                    self.overall = Some((value.to_owned(), r, c));
                    self.take("goals.overall".into(), r, c);
                }
            }
            Slot::DeptWithCode => {
                let (code, name) = split_code(value);
                if let Some(code) = code {
                    self.project
                        .set("project", "department_code", code.to_owned());
                }
                if self.project.set("project", "department", name.to_owned()) {
                    self.take("project.department".into(), r, c);
                }
            }
            Slot::Field(section, k) => {
                let is_amount = section == "funds";
                let text = if is_amount {
                    match self.money(value, r, c) {
                        Some(v) => v,
                        None => return,
                    }
                } else {
                    value.to_owned()
                };
                if self.project.set(section, k, text) {
                    self.take(format!("{section}.{k}"), r, c);
                } else {
                    self.used.insert((r, c));
                }
            }
        }
    }

    /// An amount as 万元: `10000万元` → `10000`; `250万` → `250`; `1,200` → `1200`;
    /// `12000元` → `1.2` (with a warning); anything else is kept for the validator.
    fn money(&mut self, value: &str, r: usize, c: usize) -> Option<String> {
        let v: String = value
            .chars()
            .filter(|ch| !ch.is_whitespace() && *ch != ',' && *ch != '，')
            .collect();
        if v == "-" || v == "—" || v == "/" {
            return None;
        }
        let (num, unit) = match v.find(|ch: char| !(ch.is_ascii_digit() || ch == '.')) {
            Some(i) => (&v[..i], &v[i..]),
            None => (v.as_str(), ""),
        };
        if num.is_empty() {
            return Some(value.to_owned());
        }
        match unit {
            "" | "万元" | "万" => {
                if unit == "万" && !self.wan {
                    self.diag(
                        Code::ImportConverted,
                        r,
                        c,
                        format!("金额“{value}”按万元导入"),
                        Some("请核对金额的单位"),
                    );
                }
                Some(num.to_owned())
            }
            "元" => {
                let yuan: rust_decimal::Decimal = num.parse().ok()?;
                let wan = (yuan / rust_decimal::Decimal::from(10_000)).normalize();
                self.diag(
                    Code::ImportConverted,
                    r,
                    c,
                    format!("金额“{value}”已换算为 {wan} 万元"),
                    Some("规格中的金额单位为万元，请核对"),
                );
                Some(wan.to_string())
            }
            _ => Some(value.to_owned()),
        }
    }
}

/// Reads a sheet holding a 项目支出绩效目标表; with `own`, a department's own definition
/// (its labels and column headers first, and its fields the ones written).
pub fn extract(g: &Grid, own: Option<&'static FormDef>) -> Extracted {
    let mut cx = Cx {
        g,
        used: HashSet::new(),
        out: Extracted::default(),
        project: ProjectOut::default(),
        overall: None,
        wan: false,
        vocab: Vocab::with(own),
        own,
    };
    cx.out.spec.form = FormKind::Project.title().to_owned();
    // Hidden rows are not part of the form: skipped by every reader below, said once.
    for &r in &g.hidden {
        for c in 0..g.rows[r].len() {
            cx.used.insert((r, c));
        }
    }
    cx.out.diagnostics.extend(super::hidden::skipped(g));
    let start = read_title(&mut cx);
    if g.positional {
        positional::positional(&mut cx, start);
    } else {
        stream::stream(&mut cx, start);
    }
    finish(&mut cx, start);
    let mut out = cx.out;
    out.project = Some(cx.project);
    out
}

/// Title, year and the preamble; returns the first row of the form (navigation text of
/// a saved web page above the title is not part of it).
fn read_title(cx: &mut Cx<'_>) -> usize {
    let g = cx.g;
    let first_label = (0..g.height())
        .find(|&r| {
            g.rows[r].iter().any(|t| {
                cx.vocab.slot_of(t).is_some_and(|s| s != Slot::Block)
                    || cx.vocab.split_fused(t).is_some()
            })
        })
        .unwrap_or(g.height());
    let mut start = 0;
    let mut year: Option<(i64, bool, usize, usize)> = None;
    for r in 0..first_label {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            if t.trim().is_empty() {
                continue;
            }
            let n = norm(t);
            if title_kind(t).is_some() || n.contains("绩效目标表") {
                start = r;
                year = None;
            }
            if n.contains("单位:万元") {
                cx.wan = true;
            }
            if let Some((y, du)) = year_in(t)
                && year.is_none_or(|(_, d, _, _)| du && !d)
            {
                year = Some((y, du, r, c));
            }
        }
    }
    for r in start..first_label {
        for c in 0..g.rows[r].len() {
            cx.used.insert((r, c));
        }
    }
    // The preamble line may also sit below the title in the label rows' region.
    if let Some((y, _, r, c)) = year {
        cx.out.spec.year = Some(y);
        cx.take("year".into(), r, c);
    } else if let Some(y) = [g.sheet.clone().unwrap_or_default(), g.file.clone()]
        .iter()
        .find_map(|t| year_in(t).map(|(y, _)| y))
    {
        cx.out.spec.year = Some(y);
        cx.out.diagnostics.push(Diagnostic {
            code: Code::ImportConverted,
            message: format!("表内没有年度行，年度 {y} 取自名称"),
            hint: Some("请核对 year 一行".into()),
            location: Location::Cell(g.where_()),
        });
    }
    start
}

/// One indicator row from its 一级, 二级 and the cells after them, into the annual set or
/// (`long`) the long-term (中期) set of the 88号 layout.
fn push_indicator(
    cx: &mut Cx<'_>,
    l1: Option<(String, usize, usize)>,
    l2: Option<(String, usize, usize)>,
    fields: &[(Col, String, usize, usize)],
    row: usize,
    long: bool,
) {
    let (array, n) = if long {
        (
            "midterm_indicators",
            cx.project.midterm_indicators.len() + 1,
        )
    } else {
        ("indicators", cx.out.spec.indicators.len() + 1)
    };
    let mut ind = IndicatorOut::default();
    let mut op = None;
    for (kind, text, r, c) in fields {
        if matches!(kind, Col::Ignored | Col::Level1 | Col::Level2) {
            cx.used.insert((*r, *c));
            continue;
        }
        match columns::put(&mut ind, &mut op, *kind, text.clone()) {
            Some(field) => cx.take(format!("{array}[{n}].{field}"), *r, *c),
            None => {
                cx.used.insert((*r, *c));
            }
        }
    }
    if ind.name.is_none() {
        // An empty 二级 placeholder row: dropped, as the form means nothing by it.
        if fields.iter().any(|(k, ..)| *k == Col::Target) {
            let (_, t, r, c) = &fields[0];
            let (t, r, c) = (t.clone(), *r, *c);
            cx.diag(
                Code::ImportUnrecognized,
                r,
                c,
                format!("指标区第 {} 行没有三级指标名称，未导入：“{t}”", row + 1),
                Some("若这是指标，请补上三级指标名称后重新导入"),
            );
        }
        return;
    }
    if let Some((t, r, c)) = l1 {
        ind.level1 = Some(t);
        cx.take(format!("{array}[{n}].level1"), r, c);
    }
    if let Some((t, r, c)) = l2 {
        ind.level2 = Some(t);
        cx.take(format!("{array}[{n}].level2"), r, c);
    }
    columns::finish_target(&mut ind, op);
    if long {
        cx.project.midterm_indicators.push(ind);
    } else {
        cx.out.spec.indicators.push(ind);
    }
}

/// Fallbacks, essentials, and one grouped warning for the cells not read.
fn finish(cx: &mut Cx<'_>, start: usize) {
    if let Some((text, r, c)) = cx.overall.take() {
        let key = if cx.project.get("goals", "annual").is_some() {
            "midterm"
        } else {
            "annual"
        };
        cx.project.set("goals", key, text);
        cx.out
            .provenance
            .push((format!("goals.{key}"), cx.g.cell_ref(r, c)));
    }
    // Hunan forms name only the 预算部门: it is also the 主管部门 and the 实施单位.
    let fallback = |cx: &mut Cx<'_>, key: &'static str, from: &[&str], label: &str| {
        if cx.project.get("project", key).is_some() {
            return;
        }
        let Some((src, v)) = from
            .iter()
            .find_map(|k| cx.project.get("project", k).map(|v| (*k, v.to_owned())))
        else {
            return;
        };
        let src_label = crate::formdef::builtin::find("项目", None)
            .and_then(|d| d.field(&format!("project.{src}")))
            .map_or(src, |f| f.label.as_str());
        cx.project.set("project", key, v.clone());
        cx.out.diagnostics.push(Diagnostic {
            code: Code::ImportConverted,
            message: format!("原表没有“{label}”，已按“{src_label}”填写：{v}"),
            hint: Some("请核对 [project] 中的这一项".into()),
            location: Location::Cell(cx.g.where_()),
        });
    };
    // The bureau's own printed shape, when a built-in definition has it. A form that does
    // not print 主管部门 / 实施单位 (the 湘潭 申报表) does not need them filled in.
    let layout = match cx.own {
        Some(_) => None,
        None => crate::import::layout_match::best_layout(cx.g, "项目"),
    };
    let def = cx
        .own
        .or_else(|| crate::formdef::builtin::find("项目", layout));
    let needs = |key: &str| {
        def.and_then(|d| d.field(&format!("project.{key}")))
            .is_none_or(|f| f.required)
    };
    if needs("department") {
        fallback(cx, "department", &["budget_department", "unit"], "主管部门");
    }
    if needs("unit") {
        fallback(cx, "unit", &["budget_department", "department"], "实施单位");
    }
    cx.out.spec.layout = layout.map(str::to_owned);
    cx.out.spec.name = cx.project.get("project", "name").map(str::to_owned);

    let g = cx.g;
    let mut unused = Vec::new();
    for r in start..g.height() {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c).trim();
            if !t.is_empty() && !cx.used.contains(&(r, c)) {
                unused.push(g.cell_ref(r, c));
                cx.out.unused.push((cell_name(r, c), t.to_owned()));
            }
        }
    }
    if !unused.is_empty() {
        let shown: Vec<String> = unused
            .iter()
            .zip(&cx.out.unused)
            .take(12)
            .map(|(at, (_, t))| format!("{at}“{}”", short(t)))
            .collect();
        let more = if unused.len() > 12 {
            format!(" 等 {} 格", unused.len())
        } else {
            String::new()
        };
        cx.out.diagnostics.push(Diagnostic {
            code: Code::ImportUnrecognized,
            message: format!("未导入的内容：{}{more}", shown.join("、")),
            hint: Some(super::extracted::UNUSED_HINT.into()),
            location: Location::Cell(g.where_()),
        });
    }

    let mut missing = match cx.own {
        Some(own) => missing_of_own(cx, own),
        None => Vec::new(),
    };
    for (section, k, what) in [
        ("project", "name", "项目名称"),
        ("project", "department", "主管部门"),
        ("project", "unit", "实施单位"),
        ("funds", "total", "资金总额"),
        ("goals", "annual", "年度目标"),
    ] {
        // What the matched form does not print, it does not need (湘潭: no 主管部门).
        let field = def.and_then(|d| d.field(&format!("{section}.{k}")));
        let required = match cx.own {
            Some(_) => false,
            None => field.is_none_or(|f| f.required),
        };
        if required && cx.project.get(section, k).is_none() {
            missing.push(what.to_owned());
        }
    }
    if cx.out.spec.year.is_none() {
        missing.push("年度（如“(2020年度)”一行）".to_owned());
    }
    if cx.out.spec.indicators.is_empty() {
        missing.push("绩效指标（含“一级指标”“三级指标”表头的指标行）".to_owned());
    }
    cx.out.missing = missing;
}

/// `C7`: a cell's name within its sheet.
fn cell_name(r: usize, c: usize) -> String {
    format!("{}{}", super::grid::column_name(c), r + 1)
}

/// A cell's text shortened for a message.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(20).collect();
    if s.chars().count() > 20 {
        out.push('…');
    }
    out
}

/// The fields a department's own definition requires that the sheet did not give; and
/// the values read for fields it does not have, dropped with a warning (its specs may not
/// hold them).
fn missing_of_own(cx: &mut Cx<'_>, own: &'static FormDef) -> Vec<String> {
    let mut missing = Vec::new();
    for s in own.sections.iter().filter(|s| !s.key.is_empty() && !s.rows) {
        for f in s.fields.iter().filter(|f| f.required) {
            if cx.project.get(&s.key, &f.key).is_none() {
                missing.push(f.label.clone());
            }
        }
    }
    let mut dropped = Vec::new();
    for (section, values) in &mut cx.project.values {
        values.retain(|key, value| {
            let known = own.field(&format!("{section}.{key}")).is_some();
            if !known {
                dropped.push(format!("{section}.{key} = {value}"));
            }
            known
        });
    }
    if !dropped.is_empty() {
        cx.out.diagnostics.push(Diagnostic {
            code: Code::ImportUnrecognized,
            message: format!("表样中没有这些字段，未写入规格：{}", dropped.join("；")),
            hint: Some("需要时在表样定义中加上这些字段".into()),
            location: Location::Cell(cx.g.where_()),
        });
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "项目支出绩效目标表",
        "2020年度)",
        "项目名称",
        "项目名称某项目",
        "主管部门",
        "及编码",
        "[015001]某局",
        "实施单位",
        "资金总额",
        "10000万元",
        "250万",
        "12000元",
        "中期目标",
        "年度目标",
        "总体目标",
        "一级指标",
        "二级指标(长期)",
        "三级指标(年度)",
        "指标值",
        "绩效标准",
        "产出指标",
        "成本指标",
        "满意度指标",
        "服务对象满意度指标",
        "数量指标",
        "≥90%",
        " ",
        "",
        "财政部门审核意见",
        "填表人:张三 联系电话:",
        "附件:",
        "（",
        "：",
        "项目主管部门",
    ];

    fn grid(rows: Vec<Vec<usize>>, positional: bool) -> Grid {
        let rows = rows
            .into_iter()
            .map(|r| {
                r.into_iter()
                    .map(|i| WORDS[i % WORDS.len()].to_owned())
                    .collect()
            })
            .collect();
        let mut g = Grid::new("t.txt".into(), None, rows);
        g.positional = positional;
        g
    }

    #[test]
    fn hidden_rows_are_skipped_with_one_warning() {
        let row = |cells: &[&str]| cells.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let mut g = Grid::new(
            "p.xlsx".into(),
            Some("表".into()),
            vec![
                row(&["项目支出绩效目标表"]),
                row(&["(2020年度)"]),
                row(&["项目名称", "某项目"]),
                row(&["主管部门", "某局", "实施单位", "某局"]),
                row(&["资金总额", "100"]),
                row(&["备用说明", "不属于表格"]),
                row(&["年度目标", "完成任务"]),
                row(&["一级指标", "二级指标", "三级指标", "指标值"]),
                row(&["产出指标", "数量指标", "完成数量", "≥1个"]),
                row(&["产出指标", "数量指标", "已撤销的指标", "≥2个"]),
                row(&["效益指标", "社会效益指标", "效果", "改善"]),
                row(&["满意度指标", "服务对象满意度指标", "满意率", "≥90%"]),
            ],
        );
        g.set_hidden(vec![5, 9]);
        let ex = extract(&g, None);
        let names: Vec<&str> = ex
            .spec
            .indicators
            .iter()
            .filter_map(|i| i.name.as_deref())
            .collect();
        assert_eq!(names, ["完成数量", "效果", "满意率"]);
        let hidden: Vec<&Diagnostic> = ex
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ImportHiddenRows)
            .collect();
        assert_eq!(hidden.len(), 1, "{:?}", ex.diagnostics);
        assert!(
            hidden[0].message.contains("第 6、10 行"),
            "{}",
            hidden[0].message
        );
        assert!(
            ex.diagnostics
                .iter()
                .all(|d| d.code != Code::ImportUnrecognized),
            "{:?}",
            ex.diagnostics
        );
    }

    proptest! {
        #[test]
        fn any_sheet_of_form_words_reads_without_panic(
            rows in proptest::collection::vec(proptest::collection::vec(0usize..64, 0..9), 0..40),
            positional in any::<bool>(),
        ) {
            let g = grid(rows, positional);
            let _ = is_project(&g);
            let ex = extract(&g, None);
            // Whatever is found writes a spec that loads.
            if let Some(p) = &ex.project {
                let text = crate::spec::write_project::to_toml(&ex.spec, p);
                let (raw, _) = crate::spec::load(&text);
                prop_assert!(raw.is_some(), "{}", text);
            }
        }

        #[test]
        fn any_text_splits_without_panic(s in "\\PC{0,40}") {
            let _ = labels::split_fused(&s);
            let _ = split_code(&s);
            let _ = labels::slot_of(&s);
        }
    }
}
