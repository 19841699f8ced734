//! Finding the goal table in a [`Grid`] by its labels, never by fixed positions, and
//! turning it into a [`SpecOut`] with the cell each value came from.
//!
//! Labels are compared after [`key`]: whitespace, `*` and trailing bracket groups removed,
//! full-width brackets and colons folded. Rows of the 履职 and 指标 blocks are read by header
//! name; rows that do not line up with their header (text dumps drop merged cells, a
//! missing 二级 shifts a row left) are read in content order instead (domain.md §8).

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic, Location};
use crate::spec::write::{DutyOut, IndicatorOut, SpecOut};
use crate::taxonomy;

use super::grid::{Grid, column_name};

/// The form name written into every imported spec.
pub const FORM: &str = "部门整体支出绩效目标表";

/// What was found on one sheet.
#[derive(Debug, Default)]
pub struct Extracted {
    /// The spec values.
    pub spec: SpecOut,
    /// `(field, cell)` for every value taken, in reading order.
    pub provenance: Vec<(String, String)>,
    /// Problems met on the way, located at cells.
    pub diagnostics: Vec<Diagnostic>,
    /// Essentials that were not found (Chinese names); non-empty means "do not write".
    pub missing: Vec<String>,
    /// The sections of a 项目支出绩效目标表 (`None` for the department form); `spec` then
    /// carries its form, year, 项目名称 (as `name`) and indicators.
    pub project: Option<crate::spec::write_project::ProjectOut>,
}

/// Folds a label for comparison: no whitespace or `*`, half-width brackets and colons,
/// no trailing colon.
pub fn norm(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '【' | '［' => '[',
            '】' | '］' => ']',
            c => c,
        })
        .collect();
    while out.ends_with(':') {
        out.pop();
    }
    out
}

/// [`norm`] plus trailing bracket groups removed: `年度预算安排(万元)` → `年度预算安排`.
pub fn key(s: &str) -> String {
    let mut k = norm(s);
    while k.ends_with(')') {
        match k.rfind('(') {
            Some(open) if open > 0 => k.truncate(open),
            _ => break,
        }
    }
    while k.ends_with(':') {
        k.pop();
    }
    k
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Head {
    Name,
    Code,
    Total,
    Project,
    Basic,
    Goal,
    /// 部门(单位)职责 (Hunan), 部门职能概述 (Hubei).
    Duties,
}

const HEAD_LABELS: &[(&str, Head)] = &[
    ("部门(单位)名称", Head::Name),
    ("单位(部门)名称", Head::Name),
    ("部门单位名称", Head::Name),
    ("单位名称", Head::Name),
    ("部门名称", Head::Name),
    ("预算单位名称", Head::Name),
    ("预算部门名称", Head::Name),
    ("预算单位", Head::Name),
    ("部门(单位)", Head::Name),
    ("部门预算编码", Head::Code),
    ("预算编码", Head::Code),
    ("部门编码", Head::Code),
    ("单位编码", Head::Code),
    ("预算单位编码", Head::Code),
    ("部门代码", Head::Code),
    ("单位代码", Head::Code),
    ("资金总额", Head::Total),
    ("年度资金总额", Head::Total),
    ("预算总额", Head::Total),
    ("项目支出", Head::Project),
    ("项目支出预算", Head::Project),
    ("基本支出", Head::Basic),
    ("基本支出预算", Head::Basic),
    ("年度总体目标", Head::Goal),
    ("年度总体绩效目标", Head::Goal),
    ("总体绩效目标", Head::Goal),
    ("总体目标", Head::Goal),
    ("整体绩效目标", Head::Goal),
    ("部门(单位)职责", Head::Duties),
    ("单位(部门)职责", Head::Duties),
    ("部门单位职责", Head::Duties),
    ("部门职责", Head::Duties),
    ("单位职责", Head::Duties),
    ("部门职能概述", Head::Duties),
    ("部门主要职能", Head::Duties),
];

/// Section labels that stand in front of blocks (and are repeated or merged down them).
const BLOCK_LABELS: &[&str] = &[
    "年度预算安排",
    "年度预算",
    "预算安排",
    "部门预算安排",
    "年度履职目标",
    "履职目标",
    "年度主要任务",
    "年度绩效指标",
    "绩效指标",
    "年度绩效目标",
];

/// Rows starting with these end the indicator block (signatures, notes, review rows).
const FOOTER_PREFIXES: &[&str] = &[
    "填表人",
    "填报人",
    "填报日期",
    "填表日期",
    "单位负责人",
    "财务负责人",
    "项目负责人",
    "联系电话",
    "审核意见",
    "主管部门审核意见",
    "财政部门审核意见",
    "注:",
    "说明:",
    "备注:",
];

fn head_label(text: &str) -> Option<Head> {
    let k = key(text);
    HEAD_LABELS.iter().find(|(l, _)| *l == k).map(|&(_, h)| h)
}

fn is_block_label(text: &str) -> bool {
    let k = key(text);
    BLOCK_LABELS.contains(&k.as_str())
}

fn is_any_label(text: &str) -> bool {
    head_label(text).is_some()
        || is_block_label(text)
        || ind_col(&key(text)).is_some_and(|c| c != Col::Ignored)
        || duty_col(&key(text)).is_some()
}

/// An indicator-block column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Level1,
    Level2,
    Name,
    Explanation,
    Basis,
    Method,
    Scoring,
    Target,
    Unit,
    Weight,
    Note,
    Op,
    ValueType,
    Ignored,
}

fn ind_col(k: &str) -> Option<Col> {
    Some(match k {
        "一级指标" => Col::Level1,
        "二级指标" => Col::Level2,
        "三级指标" | "三级指标名称" | "指标名称" | "指标内容" => Col::Name,
        "内涵解释" | "指标解释" | "指标说明" | "指标内涵" | "指标定义" | "指标内涵解释" => {
            Col::Explanation
        }
        "设置依据" | "指标设置依据" | "指标值设置依据" | "指标依据" => {
            Col::Basis
        }
        "指标计算公式或方法"
        | "计算公式或方法"
        | "指标计算公式"
        | "计算公式"
        | "计算方法"
        | "指标计算方法"
        | "评价方法" => Col::Method,
        "评分标准" | "评(扣)分标准" | "评扣分标准" | "扣分标准" | "评分规则" | "指标赋分规则"
        | "计分方法" => Col::Scoring,
        "目标值"
        | "指标值"
        | "年度指标值"
        | "绩效目标值"
        | "年度目标值"
        | "指标值及单位"
        | "预期目标值"
        | "绩效指标值"
        | "年度绩效目标值" => Col::Target,
        "计量单位" | "度量单位" | "单位" => Col::Unit,
        "指标分值" | "分值" | "权重" | "指标权重" | "指标分值权重" | "权重分值" => {
            Col::Weight
        }
        "备注" => Col::Note,
        "运算符" | "符号" | "指标性质" | "比较符" | "关系符" | "运算关系" => {
            Col::Op
        }
        "指标值类型" => Col::ValueType,
        "指标方向" | "指标类型" | "绩效标准" | "上年完成值" | "指标属性" => {
            Col::Ignored
        }
        _ => return None,
    })
}

/// A 履职 column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DCol {
    Function,
    Task,
    Project,
    Amount,
}

fn duty_col(k: &str) -> Option<DCol> {
    Some(match k {
        "部门职能" | "职能" | "主要职能" | "部门职责" => DCol::Function,
        "年度目标任务" | "目标任务" | "年度任务" | "任务名称" | "主要内容" => {
            DCol::Task
        }
        "支出项目名称" | "项目名称" | "支出项目" => DCol::Project,
        "预算金额" | "金额" | "预算数" | "资金金额" => DCol::Amount,
        _ => return None,
    })
}

/// Whether the sheet holds an indicator header (一级指标 plus 二级 or 三级).
pub fn looks_like_goal_table(g: &Grid) -> bool {
    find_indicator_header(g).is_some() || super::project::is_project(g)
}

fn find_indicator_header(g: &Grid) -> Option<usize> {
    (0..g.height()).find(|&r| {
        let cols: Vec<Col> = g.rows[r].iter().filter_map(|t| ind_col(&key(t))).collect();
        cols.contains(&Col::Level1) && (cols.contains(&Col::Name) || cols.contains(&Col::Level2))
    })
}

fn find_duty_header(g: &Grid, before: usize) -> Option<usize> {
    (0..before).find(|&r| {
        let cols: Vec<DCol> = g.rows[r].iter().filter_map(|t| duty_col(&key(t))).collect();
        cols.len() >= 2 && (cols.contains(&DCol::Task) || cols.contains(&DCol::Function))
    })
}

struct Cx<'g> {
    g: &'g Grid,
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

/// Reads one sheet. The file name is used for the year when the sheet has none.
pub fn extract(g: &Grid) -> Extracted {
    // The form the sheet holds decides the reader.
    if super::project::is_project(g) {
        return super::project::extract(g);
    }
    let mut cx = Cx {
        g,
        used: HashSet::new(),
        out: Extracted::default(),
    };
    cx.out.spec.form = FORM.to_owned();
    skip_hidden(&mut cx);
    let ind_header = find_indicator_header(g);
    let top_end = ind_header.unwrap_or(g.height());
    let duty_header = find_duty_header(g, top_end);
    let head_end = duty_header.unwrap_or(top_end);

    read_title_and_year(&mut cx, head_end);
    read_head(&mut cx, head_end);
    if let Some(h) = duty_header {
        read_duties(&mut cx, h, top_end);
    }
    if let Some(h) = ind_header {
        read_indicators(&mut cx, h);
    }
    report_unused(&mut cx);
    set_layout(&mut cx, ind_header);

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

/// A four-digit year followed by 年 (preferably 年度) in a folded text.
pub(crate) fn year_in(text: &str) -> Option<(i64, bool)> {
    let chars: Vec<char> = norm(text).chars().collect();
    let mut best: Option<(i64, bool)> = None;
    for i in 0..chars.len().saturating_sub(4) {
        let digits = &chars[i..i + 4];
        if !digits.iter().all(char::is_ascii_digit) {
            continue;
        }
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        if chars.get(i + 4) != Some(&'年') {
            continue;
        }
        let y: i64 = digits.iter().collect::<String>().parse().ok()?;
        if !(1990..=2100).contains(&y) {
            continue;
        }
        let nian_du = chars.get(i + 5) == Some(&'度');
        if best.is_none_or(|(_, d)| nian_du && !d) {
            best = Some((y, nian_du));
        }
    }
    best
}

fn read_title_and_year(cx: &mut Cx<'_>, head_end: usize) {
    let g = cx.g;
    // The title and year line sit above the first label; look only there, plus the
    // label rows themselves for titles written beside them.
    let first_label = (0..head_end)
        .find(|&r| g.rows[r].iter().any(|t| head_label(t).is_some()))
        .unwrap_or(head_end);
    let mut year: Option<(i64, bool, usize, usize)> = None;
    for r in 0..first_label {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            if t.trim().is_empty() {
                continue;
            }
            let n = norm(t);
            if n.contains("绩效目标") || n.contains("自评") {
                cx.used.insert((r, c));
                if n.contains("项目支出") || n.contains("项目绩效") || n.contains("自评")
                {
                    cx.diag(
                        Code::ImportUnsupportedForm,
                        r,
                        c,
                        format!("标题“{}”不是 jixiao 认识的表格", t.trim()),
                        Some(&super::project::known_forms_hint()),
                    );
                }
            }
            if let Some((y, du)) = year_in(t) {
                cx.used.insert((r, c));
                if year.is_none_or(|(_, d, _, _)| du && !d) {
                    year = Some((y, du, r, c));
                }
            } else if n.starts_with("附件")
                || n.starts_with("单位:")
                || n.starts_with("填报单位")
                || n.starts_with("编制单位")
                || n.starts_with("金额单位")
            {
                // The preamble: 附件2, 填报单位（盖章）：… 单位：万元.
                cx.used.insert((r, c));
            }
        }
    }
    if let Some((y, _, r, c)) = year {
        cx.out.spec.year = Some(y);
        cx.take("year", r, c);
        return;
    }
    // Fall back to the sheet name, then the file name.
    for text in [g.sheet.clone().unwrap_or_default(), g.file.clone()] {
        if let Some(y) = bare_year(&text) {
            cx.out.spec.year = Some(y);
            cx.out.provenance.push(("year".into(), text.clone()));
            cx.out.diagnostics.push(Diagnostic {
                code: Code::ImportConverted,
                message: format!("表内没有年度行，年度 {y} 取自名称“{text}”"),
                hint: Some("请核对 year 一行".into()),
                location: Location::Cell(g.where_()),
            });
            return;
        }
    }
}

fn bare_year(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &b[i..i + 4];
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|x| !x.is_ascii_digit());
        if bounded && w.iter().all(u8::is_ascii_digit) && (w[0..2] == *b"19" || w[0..2] == *b"20") {
            std::str::from_utf8(w).ok()?.parse().ok()
        } else {
            None
        }
    })
}

/// The first value right of a label cell, skipping its merged span; `None` at another label.
fn value_right(g: &Grid, r: usize, c: usize) -> Option<(String, usize, usize)> {
    let start = g.span_end(r, c) + 1;
    let len = g.rows[r].len();
    for cc in start..len {
        let t = g.get(r, cc);
        if t.trim().is_empty() {
            continue;
        }
        if is_any_label(t) {
            return None;
        }
        return clean(t).map(|v| (v, r, cc));
    }
    None
}

/// The value under a label (budgets laid out as a header row over a value row).
fn value_below(g: &Grid, r: usize, c: usize) -> Option<(String, usize, usize)> {
    let below = g.merge_at(r, c).map_or(r + 1, |m| m.r1 as usize + 1);
    let t = g.get(below, c);
    if t.trim().is_empty() || is_any_label(t) {
        return None;
    }
    clean(t).map(|v| (v, below, c))
}

fn read_head(cx: &mut Cx<'_>, head_end: usize) {
    let g = cx.g;
    for r in (0..head_end).filter(|&r| !g.is_hidden(r)) {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            if t.trim().is_empty() {
                continue;
            }
            if is_block_label(t) {
                cx.used.insert((r, c));
                continue;
            }
            let (head, inline) = match head_label(t) {
                Some(h) => (h, None),
                None => match split_inline(t) {
                    Some((h, v)) => (h, Some(v)),
                    None => continue,
                },
            };
            cx.used.insert((r, c));
            let found = match inline {
                Some(v) => Some((v, r, c)),
                None => value_right(g, r, c).or_else(|| {
                    matches!(head, Head::Total | Head::Project | Head::Basic)
                        .then(|| value_below(g, r, c))
                        .flatten()
                }),
            };
            let Some((value, vr, vc)) = found else {
                continue;
            };
            let (slot, field) = match head {
                Head::Name => (&mut cx.out.spec.name, "department.name"),
                Head::Code => (&mut cx.out.spec.code, "department.code"),
                Head::Total => (&mut cx.out.spec.total, "budget.total"),
                Head::Project => (&mut cx.out.spec.project, "budget.project"),
                Head::Basic => (&mut cx.out.spec.basic, "budget.basic"),
                Head::Goal => (&mut cx.out.spec.overall_goal, "overall_goal"),
                Head::Duties => (&mut cx.out.spec.responsibilities, "responsibilities"),
            };
            if slot.is_none() {
                *slot = Some(value);
                cx.take(field, vr, vc);
            }
        }
    }
}

/// `部门(单位)名称：福建省…` written in one cell.
fn split_inline(text: &str) -> Option<(Head, String)> {
    let pos = text.find([':', '：'])?;
    let (label, rest) = text.split_at(pos);
    let head = head_label(label)?;
    let value = rest.trim_start_matches([':', '：']);
    clean(value).map(|v| (head, v))
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
fn tokens(g: &Grid, r: usize) -> Vec<(usize, String)> {
    (0..g.rows[r].len())
        .filter_map(|c| {
            let t = g.get(r, c);
            if t.trim().is_empty() || is_block_label(t) {
                None
            } else {
                clean(t).map(|v| (c, v))
            }
        })
        .collect()
}

fn read_duties(cx: &mut Cx<'_>, header: usize, end: usize) {
    let g = cx.g;
    let cols = header_columns(g, header, 0, |t| duty_col(&key(t)));
    for &(c, _) in &cols {
        cx.used.insert((header, c));
    }
    for c in 0..g.rows[header].len() {
        if is_block_label(g.get(header, c)) {
            cx.used.insert((header, c));
        }
    }
    let first = cols.first().map_or(0, |&(c, _)| c);
    let last = cols.last().map_or(0, |&(c, _)| c);
    let last_end = g.span_end(header, last);
    let mut prev_function: Option<String> = None;
    for r in header + 1..end {
        if row_blank(g, r) || g.is_hidden(r) {
            continue;
        }
        let toks = tokens(g, r);
        if toks.is_empty() {
            for c in 0..g.rows[r].len() {
                cx.used.insert((r, c));
            }
            continue;
        }
        let positional_ok = g.positional
            || (toks.iter().all(|&(c, _)| c >= first && c <= last_end)
                && toks
                    .iter()
                    .all(|(c, _)| cols.iter().any(|&(hc, _)| hc == *c)));
        let mut duty = DutyOut::default();
        let n = cx.out.spec.duties.len() + 1;
        if positional_ok {
            for &(c, kind) in &cols {
                let (text, vr, vc) = g.filled(r, c);
                let Some(v) = clean(text) else { continue };
                let (slot, name) = duty_slot(&mut duty, kind);
                *slot = Some(v);
                cx.take(format!("duties[{n}].{name}"), vr, vc);
            }
        } else {
            // Cells were dropped: read in order; missing leading cells are the merged ones.
            let kinds: Vec<DCol> = cols.iter().map(|&(_, k)| k).collect();
            let skip = kinds.len().saturating_sub(toks.len());
            if toks.len() > kinds.len() {
                let (c, _) = toks[kinds.len()];
                cx.diag(
                    Code::ImportMisaligned,
                    r,
                    c,
                    format!("第 {} 行的单元格比表头多，多出的内容未导入", r + 1),
                    Some("请在导入后的规格中核对这一行"),
                );
            }
            for (kind, (c, v)) in kinds.iter().skip(skip).zip(toks.iter()) {
                let (slot, name) = duty_slot(&mut duty, *kind);
                *slot = Some(v.clone());
                cx.take(format!("duties[{n}].{name}"), r, *c);
            }
        }
        if duty.function.is_none() && duty.task.is_some() && (g.merges.is_empty() || !g.positional)
        {
            duty.function.clone_from(&prev_function);
        }
        if duty.task.is_none() && duty.function.is_none() && duty.project.is_none() {
            if let Some(&(c, ref t)) = toks.first() {
                cx.diag(
                    Code::ImportUnrecognized,
                    r,
                    c,
                    format!("履职目标区的第 {} 行无法识别：“{}”", r + 1, short(t)),
                    None,
                );
            }
            continue;
        }
        prev_function.clone_from(&duty.function);
        cx.out.spec.duties.push(duty);
    }
}

fn duty_slot(d: &mut DutyOut, kind: DCol) -> (&mut Option<String>, &'static str) {
    match kind {
        DCol::Function => (&mut d.function, "function"),
        DCol::Task => (&mut d.task, "task"),
        DCol::Project => (&mut d.project, "project"),
        DCol::Amount => (&mut d.amount, "amount"),
    }
}

fn ind_slot(i: &mut IndicatorOut, kind: Col) -> Option<(&mut Option<String>, &'static str)> {
    Some(match kind {
        Col::Level1 => (&mut i.level1, "level1"),
        Col::Level2 => (&mut i.level2, "level2"),
        Col::Name => (&mut i.name, "name"),
        Col::Explanation => (&mut i.explanation, "explanation"),
        Col::Basis => (&mut i.basis, "basis"),
        Col::Method => (&mut i.method, "method"),
        Col::Scoring => (&mut i.scoring, "scoring"),
        Col::Target => (&mut i.target, "target"),
        Col::Unit => (&mut i.unit, "unit"),
        Col::Weight => (&mut i.weight, "weight"),
        Col::Note => (&mut i.note, "note"),
        Col::ValueType => (&mut i.value_type, "value_type"),
        Col::Op | Col::Ignored => return None,
    })
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(20).collect();
    if s.chars().count() > 20 {
        out.push('…');
    }
    out
}

/// 定量 or 定性, the two values of 指标值类型.
fn is_value_type(text: &str) -> bool {
    matches!(text.trim(), "定量" | "定性")
}

fn is_footer(text: &str) -> bool {
    let n = norm(text);
    FOOTER_PREFIXES.iter().any(|p| n.starts_with(p))
}

#[allow(clippy::too_many_lines)]
fn read_indicators(cx: &mut Cx<'_>, header: usize) {
    let g = cx.g;
    let mut cols = header_columns(g, header, 0, |t| {
        let k = key(t);
        if k.is_empty() {
            None
        } else {
            Some(ind_col(&k).unwrap_or(Col::Ignored))
        }
    });
    // Drop the block label and anything else left of 一级指标: that is the label column.
    let l1col = cols
        .iter()
        .find(|&&(_, k)| k == Col::Level1)
        .map_or(0, |&(c, _)| c);
    cols.retain(|&(c, _)| c >= l1col);
    for c in 0..g.rows[header].len() {
        cx.used.insert((header, c));
    }
    // A second header row (e.g. 指标性质 | 指标值 | 度量单位 under a merged 年度指标值).
    let mut data_start = header + 1;
    // Columns whose cells together are the one 目标值 of the form, in column order.
    let mut target_parts: Vec<usize> = Vec::new();
    if data_start < g.height() {
        let sub = header_columns(g, data_start, l1col, |t| {
            ind_col(&key(t)).filter(|&k| k != Col::Ignored)
        });
        if sub.len() >= 2
            && !g.rows[data_start]
                .iter()
                .any(|t| taxonomy::level1(t).is_some())
        {
            for &(c, k) in &sub {
                cols.retain(|&(cc, _)| cc != c);
                cols.push((c, k));
                cx.used.insert((data_start, c));
                // Operator, value and unit under a merged 目标值 are parts of one target.
                let under_target = g.merge_at(header, c).is_some_and(|m| {
                    m.c1 > m.c0
                        && ind_col(&key(g.get(m.r0 as usize, m.c0 as usize))) == Some(Col::Target)
                });
                if under_target && matches!(k, Col::Op | Col::Target | Col::Unit) {
                    target_parts.push(c);
                }
            }
            // The merged parent header no longer stands for a field of its own.
            cols.sort_by_key(|&(c, _)| c);
            let mut dedup: Vec<(usize, Col)> = Vec::new();
            for (c, k) in cols {
                if let Some(m) = g.merge_at(header, c)
                    && sub
                        .iter()
                        .any(|&(sc, _)| sc >= m.c0 as usize && sc <= m.c1 as usize)
                    && !sub.iter().any(|&(sc, _)| sc == c)
                {
                    continue;
                }
                dedup.push((c, k));
            }
            cols = dedup;
            data_start += 1;
        }
    }
    let col_of = |kind: Col| cols.iter().find(|&&(_, k)| k == kind).map(|&(c, _)| c);
    let l2col = col_of(Col::Level2);
    let name_col = col_of(Col::Name);
    let target_col = col_of(Col::Target);
    // 目标值 merged over several columns with no labels under it: `≥` | `300.00册`, or
    // `300.00` | `册`.
    if target_parts.is_empty()
        && let Some(tc) = target_col
        && g.merge_at(header, tc)
            .is_some_and(|m| m.r0 as usize == header)
    {
        let end = g.span_end(header, tc);
        if end > tc {
            target_parts = (tc..=end).collect();
        }
    }
    target_parts.sort_unstable();
    let joined_target = target_parts.len() > 1;
    let last = cols.last().map_or(l1col, |&(c, _)| c);
    let last_end = g.span_end(header, last);
    for &(c, k) in &cols {
        if k == Col::Ignored {
            cx.diag(
                Code::ImportIgnoredColumn,
                header,
                c,
                format!(
                    "“{}”列（{} 列）在规格中没有对应字段，未导入",
                    g.get(header, c).trim(),
                    column_name(c)
                ),
                Some("如需保留，可在导入后写入 note（备注）"),
            );
        }
    }
    // Fields after 三级指标, in column order: what a shifted row's cells are read into.
    let after_name: Vec<Col> = cols
        .iter()
        .filter(|&&(c, k)| {
            !matches!(k, Col::Level1 | Col::Level2 | Col::Name) && name_col.is_none_or(|n| c > n)
        })
        .map(|&(_, k)| k)
        .collect();

    let mut prev_l1: Option<String> = None;
    let mut prev_l2: Option<String> = None;
    for r in data_start..g.height() {
        if row_blank(g, r) || g.is_hidden(r) {
            continue;
        }
        let toks = tokens(g, r);
        if let Some((_, t)) = toks.first()
            && is_footer(t)
        {
            // Notes and the signature line end the form: nothing below is an indicator,
            // and none of it is a field of the department spec.
            for rr in r..g.height() {
                for c in 0..g.rows[rr].len() {
                    cx.used.insert((rr, c));
                }
            }
            break;
        }
        if let Some((c, t)) = toks.first()
            && g.get(r, *c) == t
            && ind_col(&key(t)) == Some(Col::Level1)
        {
            break;
        }
        if toks.is_empty() {
            for c in 0..g.rows[r].len() {
                cx.used.insert((r, c));
            }
            continue;
        }
        let own = |c: Option<usize>| c.map_or("", |c| g.get(r, c).trim());
        // Is the row where its header says?
        let l2_own = own(l2col);
        let target_empty = target_col.is_none_or(|c| g.filled(r, c).0.trim().is_empty());
        let shifted_l2 = !l2_own.is_empty() && taxonomy::level2(l2_own).is_none() && target_empty;
        let l1_own = own(Some(l1col));
        let shifted_l1 = !l1_own.is_empty()
            && taxonomy::level1(l1_own).is_none()
            && taxonomy::level2(l1_own).is_some();
        if g.positional
            && own(name_col).is_empty()
            && target_empty
            && toks
                .iter()
                .all(|(_, t)| taxonomy::level1(t).is_some() || taxonomy::level2(t).is_some())
        {
            // An empty 二级 row (经济效益指标 with nothing under it): the form's placeholder,
            // not an indicator.
            if let Some(v) = clean(g.filled(r, l1col).0) {
                prev_l1 = Some(v);
            }
            if let Some(v) = l2col.and_then(|c| clean(g.filled(r, c).0)) {
                prev_l2 = Some(v);
            }
            for c in 0..g.rows[r].len() {
                cx.used.insert((r, c));
            }
            continue;
        }
        let stray = !g.positional && toks.iter().any(|&(c, _)| c < l1col || c > last_end);
        let sequential = shifted_l2 || shifted_l1 || stray || own(name_col).is_empty();
        let n = cx.out.spec.indicators.len() + 1;
        let mut ind = IndicatorOut::default();
        let mut op: Option<String> = None;

        // 一级 from the row, its merged region, or the rows above.
        let (l1_text, l1r, l1c) = g.filled(r, l1col);
        let l1_here = !l1_text.trim().is_empty() && l1r == r;
        if sequential {
            let mut i = 0;
            let mut l1_from_row = false;
            if let Some((c, t)) = toks.get(i)
                && taxonomy::level1(t).is_some()
            {
                ind.level1 = Some(t.clone());
                cx.take(format!("indicators[{n}].level1"), r, *c);
                l1_from_row = true;
                i += 1;
            } else if let Some(v) = clean(l1_text) {
                ind.level1 = Some(v);
                cx.take(format!("indicators[{n}].level1"), l1r, l1c);
            } else {
                ind.level1.clone_from(&prev_l1);
            }
            if let Some((c, t)) = toks.get(i)
                && taxonomy::level2(t).is_some()
                && toks.len() > i + 1
            {
                ind.level2 = Some(t.clone());
                cx.take(format!("indicators[{n}].level2"), r, *c);
                i += 1;
            } else if !l1_from_row && !g.positional {
                ind.level2.clone_from(&prev_l2);
            }
            if let Some((c, t)) = toks.get(i) {
                ind.name = Some(t.clone());
                cx.take(format!("indicators[{n}].name"), r, *c);
                i += 1;
            }
            let rest = &toks[i.min(toks.len())..];
            if rest.len() != after_name.len() {
                let (c, _) = toks[0];
                cx.diag(
                    Code::ImportMisaligned,
                    r,
                    c,
                    format!(
                        "第 {} 行与表头对不齐（三级指标后有 {} 格，表头有 {} 列），已按顺序读取",
                        r + 1,
                        rest.len(),
                        after_name.len()
                    ),
                    Some("请在导入后的规格中核对这一行各字段"),
                );
            }
            for (kind, (c, v)) in after_name.iter().zip(rest.iter()) {
                assign(cx, &mut ind, &mut op, *kind, v.clone(), n, r, *c);
            }
        } else {
            if let Some(v) = clean(l1_text) {
                ind.level1 = Some(v);
                cx.take(format!("indicators[{n}].level1"), l1r, l1c);
            } else {
                ind.level1.clone_from(&prev_l1);
            }
            if let Some(l2c) = l2col {
                let (t, tr, tc) = g.filled(r, l2c);
                if tc != l2c && tc <= l1col {
                    // 一级 merged across the 二级 column: this row has no 二级.
                } else if let Some(v) = clean(t) {
                    ind.level2 = Some(v);
                    cx.take(format!("indicators[{n}].level2"), tr, tc);
                } else if !l1_here {
                    ind.level2.clone_from(&prev_l2);
                }
            }
            if joined_target {
                let parts: Vec<(usize, &str)> = target_parts
                    .iter()
                    .map(|&c| (c, g.get(r, c).trim()))
                    .filter(|(_, t)| !t.is_empty())
                    .collect();
                for &c in &target_parts {
                    cx.used.insert((r, c));
                }
                if let Some(&(c0, _)) = parts.first() {
                    let text: String = parts.iter().map(|&(_, t)| t).collect();
                    assign(cx, &mut ind, &mut op, Col::Target, text, n, r, c0);
                    for &(c, _) in &parts[1..] {
                        cx.take(format!("indicators[{n}].target"), r, c);
                    }
                }
            }
            for &(c, kind) in &cols {
                if matches!(kind, Col::Level1 | Col::Level2)
                    || (joined_target && target_parts.contains(&c))
                {
                    continue;
                }
                let t = g.get(r, c).trim();
                if t.is_empty() {
                    cx.used.insert((r, c));
                    continue;
                }
                assign(cx, &mut ind, &mut op, kind, t.to_owned(), n, r, c);
            }
        }
        // Mark the rest of the row as read (label column, merged leftovers).
        for c in 0..g.rows[r].len() {
            if g.get(r, c).trim().is_empty() || is_block_label(g.get(r, c)) {
                cx.used.insert((r, c));
            }
        }
        if let Some(op) = op {
            ind.target = Some(match ind.target.take() {
                Some(t) if !t.starts_with(op.as_str()) => format!("{op}{t}"),
                Some(t) => t,
                None => op,
            });
        }
        if ind.name.is_none() {
            let (c, t) = &toks[0];
            cx.diag(
                Code::ImportUnrecognized,
                r,
                *c,
                format!(
                    "指标区第 {} 行没有三级指标名称，未导入：“{}”",
                    r + 1,
                    short(t)
                ),
                Some("若这是说明文字，可忽略；若是指标，请补上三级指标名称后重新导入"),
            );
            continue;
        }
        time_serial(cx, &mut ind, r, target_col.unwrap_or(0));
        lost_percent(cx, &ind, r, target_col.unwrap_or(0));
        prev_l1.clone_from(&ind.level1);
        prev_l2.clone_from(&ind.level2);
        cx.out.spec.indicators.push(ind);
    }
}

#[allow(clippy::too_many_arguments)]
fn assign(
    cx: &mut Cx<'_>,
    ind: &mut IndicatorOut,
    op: &mut Option<String>,
    kind: Col,
    value: String,
    n: usize,
    r: usize,
    c: usize,
) {
    match kind {
        Col::Op => {
            cx.used.insert((r, c));
            if crate::target::Op::from_spelling(&value).is_some() {
                *op = Some(value);
                cx.take(format!("indicators[{n}].target(运算符)"), r, c);
            } else if is_value_type(&value) {
                // 指标性质 holds 定量/定性 on some forms, an operator on others.
                ind.value_type = Some(value);
                cx.take(format!("indicators[{n}].value_type"), r, c);
            }
        }
        Col::Ignored => {
            cx.used.insert((r, c));
        }
        _ => {
            if let Some((slot, name)) = ind_slot(ind, kind) {
                *slot = Some(value);
                cx.take(format!("indicators[{n}].{name}"), r, c);
            }
        }
    }
}

/// A bare Excel date serial (`44561`) as the target of a 时效 indicator becomes a date.
fn time_serial(cx: &mut Cx<'_>, ind: &mut IndicatorOut, r: usize, c: usize) {
    let is_time = ind
        .level2
        .as_deref()
        .is_some_and(|l2| taxonomy::normalize(l2) == "时效");
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    let digits: String = t.chars().filter(|&ch| ch != ',').collect();
    if !is_time || digits.len() != 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let Ok(serial) = digits.parse::<i64>() else {
        return;
    };
    if !(36_526..=73_050).contains(&serial) {
        return;
    }
    let date = super::excel::serial_to_date_text(serial, true);
    cx.diag(
        Code::ImportConverted,
        r,
        c,
        format!("时效指标目标值 {t} 是 Excel 日期序号，已转换为 {date}"),
        Some("请核对日期"),
    );
    ind.target = Some(date);
}

/// `0.95` where the sheet showed `95%`: .xls files do not expose number formats.
fn lost_percent(cx: &mut Cx<'_>, ind: &IndicatorOut, r: usize, c: usize) {
    let Some(t) = ind.target.as_deref() else {
        return;
    };
    let body = t.trim_start_matches(['≥', '≤', '>', '<', '=', '＝', '﹦']);
    let fraction = body.strip_prefix("0.").is_some_and(|d| {
        !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && d.bytes().any(|b| b != b'0')
    });
    if fraction
        && ind
            .unit
            .as_deref()
            .is_none_or(|u| u.trim().is_empty() || u.contains('%'))
    {
        cx.diag(
            Code::ImportConverted,
            r,
            c,
            format!("目标值“{t}”可能是丢失了百分比格式的数字（如 0.95 应为 95%）"),
            Some("原表若显示为百分比，请在规格中改写；.xls 文件读不到数字格式，建议另存为 .xlsx 再导入"),
        );
    }
}

/// Hidden rows are not part of the form: their cells are skipped, with one warning.
fn skip_hidden(cx: &mut Cx<'_>) {
    let g = cx.g;
    if g.hidden.is_empty() {
        return;
    }
    for &r in &g.hidden {
        for c in 0..g.rows[r].len() {
            cx.used.insert((r, c));
        }
    }
    let rows: Vec<String> = g
        .hidden
        .iter()
        .take(12)
        .map(|r| (r + 1).to_string())
        .collect();
    let more = if g.hidden.len() > 12 {
        format!(" 等 {} 行", g.hidden.len())
    } else {
        String::new()
    };
    cx.out.diagnostics.push(Diagnostic {
        code: Code::ImportHiddenRows,
        message: format!("跳过了隐藏的行：第 {} 行{more}", rows.join("、")),
        hint: Some(
            "隐藏的行不算表格内容；如果其中有要导入的指标，请在 Excel 中取消隐藏后重新导入".into(),
        ),
        location: Location::Cell(g.where_()),
    });
}

/// The department layout the sheet shows: Hunan when it has no 年度预算安排 but carries
/// 部门(单位)职责 or a 指标值类型 column (domain.md §2.1).
fn set_layout(cx: &mut Cx<'_>, ind_header: Option<usize>) {
    let s = &cx.out.spec;
    let no_money = s.total.is_none() && s.project.is_none() && s.basic.is_none();
    let value_types = ind_header.is_some_and(|h| {
        cx.g.rows[h]
            .iter()
            .any(|t| ind_col(&key(t)) == Some(Col::ValueType))
    });
    if no_money && s.duties.is_empty() && (s.responsibilities.is_some() || value_types) {
        cx.out.spec.layout = Some("湖南".to_owned());
    }
}

fn report_unused(cx: &mut Cx<'_>) {
    let g = cx.g;
    let mut found = Vec::new();
    for r in 0..g.height() {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c).trim();
            // A section label written again down its block (a workbook's page breaks)
            // is a label, not content.
            if !t.is_empty() && !cx.used.contains(&(r, c)) && !is_block_label(t) {
                found.push((r, c, t.to_owned()));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    // One warning listing the cells, not one per cell; the first cell locates it.
    let shown: Vec<String> = found
        .iter()
        .take(12)
        .map(|(r, c, t)| format!("{}“{}”", column_ref(*r, *c), short(t)))
        .collect();
    let more = if found.len() > 12 {
        format!(" 等 {} 格", found.len())
    } else {
        String::new()
    };
    let (r, c, _) = found[0];
    cx.diag(
        Code::ImportUnrecognized,
        r,
        c,
        format!("未导入的内容：{}{more}", shown.join("、")),
        Some("这些格不属于表格的任何字段；如是需要的内容，请在导入后的规格中补上"),
    );
}

/// `C7`: a cell's name within its sheet.
fn column_ref(r: usize, c: usize) -> String {
    format!("{}{}", column_name(c), r + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fold() {
        assert_eq!(key("部门（单位）名称："), "部门(单位)名称");
        assert_eq!(key("*部门(单位)名称"), "部门(单位)名称");
        assert_eq!(key("年 度 总 体 目 标"), "年度总体目标");
        assert_eq!(key("年度\n预算\n安排（万元）"), "年度预算安排");
        assert_eq!(key("评(扣)分标准"), "评(扣)分标准");
        assert_eq!(head_label("单位名称:"), Some(Head::Name));
    }

    #[test]
    fn years() {
        assert_eq!(year_in("(2021 年度)"), Some((2021, true)));
        assert_eq!(year_in("2019年度)"), Some((2019, true)));
        assert_eq!(year_in("12021年度"), None);
        assert_eq!(bare_year("红十字会2020.xlsx"), Some(2020));
        assert_eq!(bare_year("338601"), None);
    }
}
