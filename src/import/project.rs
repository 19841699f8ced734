//! The 项目支出绩效目标表 reader: recognises a project table by its title and labels, and
//! reads its identity, money, goals, indicators, review rows and signature line.
//!
//! The label vocabulary is the project form's field table (`forms::project::fields`) plus
//! the local spellings listed in [`ALIASES`]. Three layouts are read (domain.md §2.2): the
//! central 88号 table (long-term and annual indicator sets side by side, money written with
//! units), the Hunan 申报表 (preamble `单位:万元`, 绩效标准 column, review row and signature
//! line under the table) and the transfer-fund 绩效目标表 (labels fused with their values).
//! Spreadsheets are read by position; text dumps (one cell per line, merged cells lost) in
//! content order.

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic, Location};
use crate::forms::project::fields::SECTIONS;
use crate::model::FormKind;
use crate::spec::write::IndicatorOut;
use crate::spec::write_project::ProjectOut;
use crate::taxonomy;

use super::form::{Extracted, key, norm, year_in};
use super::grid::Grid;

/// Where a label's value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// A field of the project form: section key, field key.
    Field(&'static str, &'static str),
    /// 主管部门及编码: `[015001]武汉市青山区教育局`.
    DeptWithCode,
    /// 总体目标: a section label over 中期目标/年度目标, or the goal itself.
    Overall,
    /// A label standing in front of a block (项目资金, 绩效指标 …).
    Block,
}

/// Local spellings of the project form's labels (folded with [`key`]).
const ALIASES: &[(&str, Slot)] = &[
    ("项目支出名称", Slot::Field("project", "name")),
    ("主管部门及编码", Slot::DeptWithCode),
    ("主管部门及代码", Slot::DeptWithCode),
    ("项目主管部门", Slot::Field("project", "department")),
    ("项目执行单位", Slot::Field("project", "unit")),
    ("项目实施单位", Slot::Field("project", "unit")),
    ("执行单位", Slot::Field("project", "unit")),
    ("项目支出实施期", Slot::Field("project", "period")),
    ("项目实施期", Slot::Field("project", "period")),
    ("实施期", Slot::Field("project", "period")),
    ("年度本级预算金额", Slot::Field("funds", "total")),
    ("年度资金总额", Slot::Field("funds", "total")),
    ("该项目支出上级资金", Slot::Field("funds", "superior")),
    ("财政拨款数", Slot::Field("funds", "fiscal")),
    ("实施期绩效目标", Slot::Field("goals", "midterm")),
    ("实施期目标", Slot::Field("goals", "midterm")),
    ("长期目标", Slot::Field("goals", "midterm")),
    ("本年度绩效目标", Slot::Field("goals", "annual")),
    ("年度绩效目标", Slot::Field("goals", "annual")),
    ("本年度目标", Slot::Field("goals", "annual")),
    ("填报人", Slot::Field("signature", "filler")),
    ("填表日期", Slot::Field("signature", "date")),
    ("单位负责人", Slot::Field("signature", "leader")),
    ("总体目标", Slot::Overall),
    ("项目资金", Slot::Block),
    ("资金情况", Slot::Block),
    ("投入目标", Slot::Block),
    ("绩效指标", Slot::Block),
    ("年度绩效指标", Slot::Block),
    ("绩效项目指标表", Slot::Block),
    ("项目绩效指标", Slot::Block),
];

/// The slot a label names, from the field tables first, then [`ALIASES`].
fn slot_of(text: &str) -> Option<Slot> {
    let k = key(text);
    if k.is_empty() {
        return None;
    }
    let bare = k.strip_prefix("其中:").unwrap_or(&k);
    for section in SECTIONS {
        for f in section.fields {
            let lk = key(f.label);
            if lk == k || lk.strip_prefix("其中:") == Some(bare) {
                return Some(Slot::Field(section.key, f.key));
            }
        }
    }
    ALIASES
        .iter()
        .find(|(l, _)| *l == k || *l == bare)
        .map(|&(_, s)| s)
}

/// Every label spelling, longest first (for splitting fused cells).
fn spellings() -> &'static [(String, Slot)] {
    static ALL: std::sync::OnceLock<Vec<(String, Slot)>> = std::sync::OnceLock::new();
    ALL.get_or_init(build_spellings)
}

fn build_spellings() -> Vec<(String, Slot)> {
    let mut all: Vec<(String, Slot)> = Vec::new();
    for section in SECTIONS {
        for f in section.fields {
            let l = key(f.label);
            if let Some(bare) = l.strip_prefix("其中:") {
                all.push((bare.to_owned(), Slot::Field(section.key, f.key)));
            }
            all.push((l, Slot::Field(section.key, f.key)));
        }
    }
    for (l, s) in ALIASES {
        if *s != Slot::Block {
            all.push(((*l).to_owned(), *s));
        }
    }
    all.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
    all
}

/// Brackets and colons folded to half width, whitespace kept.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect()
}

/// A cell holding labels with their values (`项目名称农村…`, `填表人:张三 联系电话:…`):
/// the pairs, when the text starts with a label and has more after it. Later labels count
/// only after a blank or when followed by a colon, so a value that merely contains a label
/// word is kept whole.
fn split_fused(text: &str) -> Option<Vec<(Slot, String)>> {
    let t = fold(text.trim());
    let t = t.trim_start_matches(['*', '＊']);
    let words = spellings();
    let starts_with_label = |s: &str| -> Option<(String, Slot)> {
        words
            .iter()
            .find(|(l, _)| s.starts_with(l.as_str()))
            .map(|(l, s)| (l.clone(), *s))
    };
    let (first, slot) = starts_with_label(t)?;
    let mut pairs = Vec::new();
    let mut rest = &t[first.len()..];
    let mut current = slot;
    // A bracket group right after the label is part of it: 资金情况(万元).
    loop {
        let mut cut = rest.len();
        let mut next = None;
        let mut pos = 0;
        while pos < rest.len() {
            let here = &rest[pos..];
            let after_blank = pos > 0 && rest[..pos].ends_with(char::is_whitespace);
            if let Some((l, s)) = starts_with_label(here) {
                let colon = here[l.len()..].starts_with(':');
                if after_blank || colon {
                    cut = pos;
                    next = Some((l, s));
                    break;
                }
            }
            pos += here.chars().next().map_or(1, char::len_utf8);
        }
        let value = rest[..cut].trim().trim_start_matches(':').trim().to_owned();
        pairs.push((current, value));
        match next {
            Some((l, s)) => {
                rest = &rest[cut + l.len()..];
                current = s;
            }
            None => break,
        }
    }
    // A bare label (nothing after it) is not fused.
    (pairs.len() > 1 || pairs.iter().any(|(_, v)| !v.is_empty())).then_some(pairs)
}

/// An indicator column of the project form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Level1,
    Level2,
    Name,
    Explanation,
    Basis,
    Method,
    Scoring,
    Standard,
    Target,
    Unit,
    Weight,
    Note,
    Op,
    Ignored,
}

/// The spec key a column is written to (for `--verbose`).
fn col_key(kind: Col) -> &'static str {
    match kind {
        Col::Level1 => "level1",
        Col::Level2 => "level2",
        Col::Name => "name",
        Col::Explanation => "explanation",
        Col::Basis => "basis",
        Col::Method => "method",
        Col::Scoring => "scoring",
        Col::Standard => "standard",
        Col::Target => "target",
        Col::Unit => "unit",
        Col::Weight => "weight",
        Col::Note => "note",
        Col::Op => "target(运算符)",
        Col::Ignored => "",
    }
}

/// An indicator column header: the column and whether it belongs to the long-term set.
fn ind_col(text: &str) -> Option<(Col, bool)> {
    let n = norm(text);
    let long = n.contains("(长期)") || n.contains("(中期)") || n.contains("(实施期)");
    let col = match key(text).as_str() {
        "一级指标" => Col::Level1,
        "二级指标" => Col::Level2,
        "三级指标" | "三级指标名称" | "指标名称" | "指标内容" => Col::Name,
        "指标解释" | "内涵解释" | "指标说明" => Col::Explanation,
        "设置依据" | "指标设置依据" => Col::Basis,
        "指标计算公式或方法" | "计算公式或方法" => Col::Method,
        "评分标准" | "评(扣)分标准" | "评扣分标准" => Col::Scoring,
        "绩效标准" | "计划标准" => Col::Standard,
        "指标值" | "目标值" | "指标值及单位" | "年度指标值" | "绩效目标值" | "当年预期实现值" => {
            Col::Target
        }
        "计量单位" | "度量单位" => Col::Unit,
        "分值" | "指标分值" | "权重" => Col::Weight,
        "备注" => Col::Note,
        "指标性质" | "运算符" | "符号" => Col::Op,
        "指标方向" | "指标值类型" | "指标类型" => Col::Ignored,
        _ => return None,
    };
    Some((col, long))
}

/// Rows (or cells) starting with these end the indicator block.
fn ends_block(text: &str) -> bool {
    let n = norm(text);
    matches!(slot_of(text), Some(Slot::Field("review" | "signature", _)))
        || split_fused(text)
            .is_some_and(|p| matches!(p[0].0, Slot::Field("review" | "signature", _)))
        || ["注:", "说明:", "备注:", "附件"]
            .iter()
            .any(|p| n.starts_with(p))
}

/// A text that is a form title.
fn title_kind(text: &str) -> Option<Option<FormKind>> {
    let n = norm(text);
    if !n.contains("绩效目标") && !n.contains("自评") {
        return None;
    }
    if n.chars().count() > 40 {
        return None;
    }
    Some(if n.contains("自评") {
        None
    } else if n.contains("整体") {
        Some(FormKind::DepartmentOverall)
    } else if n.contains("项目") {
        Some(FormKind::Project)
    } else {
        // The transfer-fund 绩效目标表 says nothing: its labels decide.
        return None;
    })
}

/// The title of a table jixiao does not know (a 自评表), if the sheet has one.
pub fn unknown_title(g: &Grid) -> Option<String> {
    // The shortest such text: a page's 标题 line repeats the title among other words.
    g.rows
        .iter()
        .take(200)
        .flatten()
        .filter(|t| {
            let n = norm(t);
            n.contains("自评") && n.contains('表') && n.chars().count() <= 40
        })
        .min_by_key(|t| norm(t).chars().count())
        .map(|t| t.trim().to_owned())
}

/// Labels only the department form has: a sheet with one is not a project table.
const DEPARTMENT_LABELS: &[&str] = &[
    "部门(单位)名称",
    "单位(部门)名称",
    "部门单位名称",
    "预算部门名称",
    "预算单位名称",
    "部门预算编码",
    "年度履职目标",
    "年度总体目标",
    "年度总体绩效目标",
];

/// Whether a sheet holds a 项目支出绩效目标表: its title says so, or (untitled, or titled
/// just 绩效目标表) its identity labels are the project form's.
pub fn is_project(g: &Grid) -> bool {
    let mut name = false;
    let mut owner = false;
    for row in g.rows.iter().take(200) {
        for t in row {
            if t.trim().is_empty() {
                continue;
            }
            if let Some(kind) = title_kind(t) {
                if kind.is_some() || norm(t).contains("自评") {
                    return kind == Some(FormKind::Project);
                }
                continue;
            }
            let n = key(t);
            if DEPARTMENT_LABELS.iter().any(|l| n.starts_with(l)) {
                return false;
            }
            let slot = slot_of(t).or_else(|| split_fused(t).map(|p| p[0].0));
            match slot {
                Some(Slot::Field("project", "name")) => name = true,
                Some(Slot::Field("project", "department" | "unit" | "budget_department"))
                | Some(Slot::DeptWithCode) => owner = true,
                _ => {}
            }
        }
    }
    name && owner
}

/// The forms jixiao can import, for messages about any other table.
pub fn known_forms_hint() -> String {
    let titles: Vec<&str> = crate::forms::KINDS.iter().map(|k| k.kind.title()).collect();
    format!("jixiao 认识的表格：{}", titles.join("、"))
}

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

/// `[015001]武汉市青山区教育局` → (`015001`, `武汉市青山区教育局`); also `(433)…`, `015001 某局`.
fn split_code(value: &str) -> (Option<&str>, &str) {
    let v = value.trim();
    for (open, close) in [
        ('[', ']'),
        ('【', '】'),
        ('(', ')'),
        ('（', '）'),
        ('［', '］'),
    ] {
        if let Some(rest) = v.strip_prefix(open)
            && let Some(end) = rest.find(close)
        {
            let code = &rest[..end];
            if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
                return (Some(code), rest[end + close.len_utf8()..].trim());
            }
        }
    }
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits >= 3 && v[digits..].starts_with(char::is_whitespace) {
        return (Some(&v[..digits]), v[digits..].trim());
    }
    (None, v)
}

/// Reads a sheet holding a 项目支出绩效目标表.
pub fn extract(g: &Grid) -> Extracted {
    let mut cx = Cx {
        g,
        used: HashSet::new(),
        out: Extracted::default(),
        project: ProjectOut::default(),
        overall: None,
        wan: false,
    };
    cx.out.spec.form = FormKind::Project.title().to_owned();
    let start = read_title(&mut cx);
    if g.positional {
        positional(&mut cx, start);
    } else {
        stream(&mut cx, start);
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
            g.rows[r]
                .iter()
                .any(|t| slot_of(t).is_some_and(|s| s != Slot::Block) || split_fused(t).is_some())
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

/// Whether a cell is a label of the identity/money/goal/footer blocks.
fn is_label(t: &str) -> bool {
    slot_of(t).is_some() || ind_col(t).is_some()
}

// ---- spreadsheets: by position -------------------------------------------------------

fn positional(cx: &mut Cx<'_>, start: usize) {
    let g = cx.g;
    let header = (start..g.height()).find(|&r| {
        let cols: Vec<Col> = g.rows[r]
            .iter()
            .filter_map(|t| ind_col(t))
            .map(|(c, _)| c)
            .collect();
        cols.contains(&Col::Level1) && (cols.contains(&Col::Name) || cols.contains(&Col::Level2))
    });
    let head_end = header.unwrap_or(g.height());
    pairs_by_position(cx, start, head_end);
    let Some(h) = header else { return };
    let cols: Vec<(usize, Col, bool)> = (0..g.rows[h].len())
        .filter_map(|c| ind_col(g.get(h, c)).map(|(k, long)| (c, k, long)))
        .collect();
    for c in 0..g.rows[h].len() {
        cx.used.insert((h, c));
    }
    let mut prev_l1: Option<(String, usize, usize)> = None;
    let mut prev_l2: Option<(String, usize, usize)> = None;
    let mut end = g.height();
    for r in h + 1..g.height() {
        if g.is_hidden(r) {
            for c in 0..g.rows[r].len() {
                cx.used.insert((r, c));
            }
            continue;
        }
        let first = g.rows[r].iter().position(|t| !t.trim().is_empty());
        let Some(fc) = first else { continue };
        if ends_block(g.get(r, fc)) {
            end = r;
            break;
        }
        let cell = |c: usize| {
            let (t, tr, tc) = g.filled(r, c);
            (t.trim().to_owned(), tr, tc)
        };
        let mut l1 = None;
        let mut sets: [Vec<(Col, String, usize, usize)>; 2] = [Vec::new(), Vec::new()];
        for &(c, kind, long) in &cols {
            let (t, tr, tc) = cell(c);
            if kind == Col::Level1 {
                if !t.is_empty() {
                    l1 = Some((t, tr, tc));
                }
                continue;
            }
            if t.is_empty() {
                cx.used.insert((r, c));
                continue;
            }
            sets[usize::from(long)].push((kind, t, tr, tc));
        }
        for c in 0..g.rows[r].len() {
            if g.get(r, c).trim().is_empty() {
                cx.used.insert((r, c));
            }
        }
        if l1.is_some() {
            if l1.as_ref().map(|l| &l.0) != prev_l1.as_ref().map(|l| &l.0) {
                prev_l2 = None;
            }
            prev_l1.clone_from(&l1);
        }
        let [annual, long] = sets;
        if long.iter().any(|(k, ..)| *k == Col::Name) {
            let (_, t, tr, tc) = &long[0];
            let (tr, tc) = (*tr, *tc);
            let t = t.clone();
            cx.diag(
                Code::ImportUnrecognized,
                tr,
                tc,
                format!("第 {} 行的长期（中期）指标“{t}”未导入", r + 1),
                Some("规格只写年度指标；长期指标可写入中期目标"),
            );
        }
        for (_, _, tr, tc) in &long {
            cx.used.insert((*tr, *tc));
        }
        let l2 = annual
            .iter()
            .find(|(k, ..)| *k == Col::Level2)
            .map(|(_, t, tr, tc)| (t.clone(), *tr, *tc))
            .or_else(|| prev_l2.clone());
        if annual.iter().any(|(k, ..)| *k == Col::Level2) {
            prev_l2.clone_from(&l2);
        }
        for (_, _, tr, tc) in &annual {
            cx.used.insert((*tr, *tc));
        }
        let fields: Vec<(Col, String, usize, usize)> = annual
            .into_iter()
            .filter(|(k, ..)| *k != Col::Level2)
            .collect();
        push_indicator(cx, prev_l1.clone(), l2, &fields, r);
    }
    pairs_by_position(cx, end, g.height());
}

/// Label/value pairs by position: a value to the right of its label, or below it when the
/// label stands in a row of labels (中期目标 | 年度目标 over their texts).
fn pairs_by_position(cx: &mut Cx<'_>, from: usize, to: usize) {
    let g = cx.g;
    for r in from..to {
        let row_labels: Vec<usize> = (0..g.rows[r].len())
            .filter(|&c| !g.get(r, c).trim().is_empty())
            .collect();
        let all_labels = row_labels.len() >= 2
            && row_labels
                .iter()
                .all(|&c| is_label(g.get(r, c)) || split_fused(g.get(r, c)).is_some());
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            if t.trim().is_empty() || cx.used.contains(&(r, c)) && slot_of(t).is_none() {
                continue;
            }
            let n = norm(t);
            if n.starts_with("填报单位") || n.starts_with("单位:") {
                if n.contains("单位:万元") {
                    cx.wan = true;
                }
                cx.used.insert((r, c));
                continue;
            }
            let Some(slot) = slot_of(t) else {
                if let Some(pairs) = split_fused(t) {
                    cx.used.insert((r, c));
                    for (slot, v) in pairs {
                        cx.assign(slot, &v, r, c);
                    }
                }
                continue;
            };
            cx.used.insert((r, c));
            if slot == Slot::Block {
                continue;
            }
            let mut found = None;
            for cc in g.span_end(r, c) + 1..g.rows[r].len() {
                let v = g.get(r, cc);
                if v.trim().is_empty() {
                    continue;
                }
                if !is_label(v) && split_fused(v).is_none() {
                    found = Some((r, cc));
                }
                break;
            }
            if found.is_none() && all_labels {
                let below = g.merge_at(r, c).map_or(r + 1, |m| m.r1 as usize + 1);
                let v = g.get(below, c);
                if below < to && !v.trim().is_empty() && !is_label(v) {
                    found = Some((below, c));
                }
            }
            if let Some((vr, vc)) = found {
                let v = g.get(vr, vc).to_owned();
                cx.assign(slot, &v, vr, vc);
                cx.used.insert((vr, vc));
            }
        }
    }
}

// ---- text dumps: in content order ----------------------------------------------------

fn stream(cx: &mut Cx<'_>, start: usize) {
    let g = cx.g;
    let mut toks: Vec<Tok> = Vec::new();
    for r in start..g.height() {
        for c in 0..g.rows[r].len() {
            let t = g.get(r, c);
            if t.is_empty() {
                continue;
            }
            if cx.used.contains(&(r, c)) && !is_label(t) {
                continue;
            }
            toks.push(Tok {
                text: t.trim().to_owned(),
                r,
                c,
                empty: t.trim().is_empty(),
            });
        }
    }
    // A label broken over two cells (主管部门 / 及编码).
    let mut i = 0;
    while i + 1 < toks.len() {
        let joined = format!("{}{}", toks[i].text, toks[i + 1].text);
        if !toks[i + 1].empty && slot_of(&joined).is_some() && slot_of(&toks[i + 1].text).is_none()
        {
            cx.used.insert((toks[i + 1].r, toks[i + 1].c));
            toks[i].text = joined;
            toks.remove(i + 1);
        }
        i += 1;
    }
    let header = toks
        .iter()
        .position(|t| ind_col(&t.text).is_some_and(|(k, _)| k == Col::Level1));
    let head_end = header.unwrap_or(toks.len());
    pairs_in_order(cx, &toks[..head_end]);
    let Some(h) = header else { return };
    let mut cols: Vec<(Col, bool)> = Vec::new();
    let mut j = h;
    let header_row = toks[h].r;
    while j < toks.len() && !toks[j].empty {
        match ind_col(&toks[j].text) {
            Some(col) => {
                cols.push(col);
                cx.used.insert((toks[j].r, toks[j].c));
                j += 1;
            }
            None => break,
        }
    }
    let one_row = toks[h..j].iter().all(|t| t.r == header_row);
    let body: Vec<&Tok> = toks[j..].iter().collect();
    let end = body
        .iter()
        .position(|t| !t.empty && ends_block(&t.text))
        .unwrap_or(body.len());
    let data: Vec<&Tok> = body[..end].iter().copied().filter(|t| !t.empty).collect();
    for t in body[..end].iter().filter(|t| t.empty) {
        cx.used.insert((t.r, t.c));
    }
    // Records: rows when the dump kept them, otherwise runs starting at a 一级指标.
    let mut records: Vec<Vec<&Tok>> = Vec::new();
    for (i, t) in data.iter().copied().enumerate() {
        let starts = if one_row {
            records.last().is_none_or(|rec| rec[0].r != t.r)
        } else {
            // A 一级 name starts a row, unless it directly follows the row's 一级 or a 二级
            // (成本指标 and 满意度 are also 二级 names).
            is_level1_name(&t.text)
                && records.last().is_none_or(|rec| rec.len() >= 2)
                && (i == 0 || taxonomy::level2(&data[i - 1].text).is_none())
        };
        if starts || records.is_empty() {
            records.push(Vec::new());
        }
        if let Some(rec) = records.last_mut() {
            rec.push(t);
        }
    }
    let set_cols = |long: bool| -> Vec<Col> {
        cols.iter()
            .filter(|(k, l)| *l == long && !matches!(k, Col::Level1 | Col::Level2))
            .map(|(k, _)| *k)
            .collect()
    };
    let annual_cols = set_cols(false);
    let has_long = cols.iter().any(|&(_, l)| l);
    let mut prev_l1: Option<(String, usize, usize)> = None;
    let mut prev_l2: Option<(String, usize, usize)> = None;
    for rec in records {
        let mut k = 0;
        if let Some(t) = rec.first()
            && taxonomy::level1(&t.text).is_some()
            // 成本指标 alone on a row is an empty 二级 placeholder, not a 一级.
            && (taxonomy::level2(&t.text).is_none()
                || (!one_row && is_level1_name(&t.text))
                || rec
                    .get(1)
                    .is_some_and(|n| taxonomy::level2(&n.text).is_some()))
        {
            if prev_l1.as_ref().is_none_or(|p| p.0 != t.text) {
                prev_l2 = None;
            }
            prev_l1 = Some((t.text.clone(), t.r, t.c));
            cx.used.insert((t.r, t.c));
            k = 1;
        }
        // Sets: each starts at a 二级 name.
        let mut sets: Vec<(Option<&Tok>, Vec<&Tok>)> = Vec::new();
        for t in &rec[k..] {
            if taxonomy::level2(&t.text).is_some() {
                sets.push((Some(t), Vec::new()));
            } else if let Some(last) = sets.last_mut() {
                last.1.push(t);
            } else {
                sets.push((None, vec![t]));
            }
        }
        for (l2, body) in &sets {
            if let Some(l2) = l2 {
                cx.used.insert((l2.r, l2.c));
            }
            if body.is_empty() {
                // An empty 二级 placeholder (or the empty long-term set): not an indicator.
                if let Some(l2) = l2 {
                    prev_l2 = Some((l2.text.clone(), l2.r, l2.c));
                }
            }
        }
        let filled: Vec<&(Option<&Tok>, Vec<&Tok>)> =
            sets.iter().filter(|(_, b)| !b.is_empty()).collect();
        let skip = if has_long && filled.len() >= 2 {
            filled.len() - 1
        } else {
            0
        };
        for (i, (l2, body)) in filled.into_iter().enumerate() {
            if i < skip {
                let t = body[0];
                cx.diag(
                    Code::ImportUnrecognized,
                    t.r,
                    t.c,
                    format!("长期（中期）指标“{}”未导入", t.text),
                    Some("规格只写年度指标；长期指标可写入中期目标"),
                );
                for t in body {
                    cx.used.insert((t.r, t.c));
                }
                continue;
            }
            let l2 = l2
                .map(|t| (t.text.clone(), t.r, t.c))
                .or_else(|| prev_l2.clone());
            prev_l2.clone_from(&l2);
            let width = annual_cols.len().max(1);
            for chunk in body.chunks(width) {
                if chunk.len() < width && body.len() > width {
                    for t in chunk {
                        cx.diag(
                            Code::ImportMisaligned,
                            t.r,
                            t.c,
                            format!("“{}”与表头对不齐，未导入", t.text),
                            Some("请在导入后的规格中核对这一行"),
                        );
                        cx.used.insert((t.r, t.c));
                    }
                    continue;
                }
                let fields: Vec<(Col, String, usize, usize)> = annual_cols
                    .iter()
                    .zip(chunk.iter())
                    .map(|(k, t)| (*k, t.text.clone(), t.r, t.c))
                    .collect();
                let r = chunk[0].r;
                push_indicator(cx, prev_l1.clone(), l2.clone(), &fields, r);
            }
        }
    }
    pairs_in_order(
        cx,
        &body[end..].iter().map(|t| (*t).clone()).collect::<Vec<_>>(),
    );
}

/// A 一级 name: not also a 二级 name, or one of the four 一级 names themselves
/// (服务对象满意度指标 is a 二级 name that also reads as 一级).
fn is_level1_name(t: &str) -> bool {
    taxonomy::level1(t).is_some()
        && (taxonomy::level2(t).is_none()
            || matches!(
                taxonomy::normalize(t).as_str(),
                "产出" | "效益" | "满意度" | "成本"
            ))
}

/// Label/value pairs in reading order: a label takes the next cell; a run of labels (a
/// header row: 中期目标, 年度目标) takes the next values in turn, skipping empty cells.
fn pairs_in_order(cx: &mut Cx<'_>, toks: &[Tok]) {
    let mut queue: std::collections::VecDeque<Slot> = std::collections::VecDeque::new();
    let mut run = false;
    for t in toks {
        let n = norm(&t.text);
        if !t.empty && (n.starts_with("填报单位") || n.starts_with("单位:")) {
            if n.contains("单位:万元") {
                cx.wan = true;
            }
            cx.used.insert((t.r, t.c));
            continue;
        }
        if t.empty {
            cx.used.insert((t.r, t.c));
            if !run {
                queue.pop_front();
            }
            continue;
        }
        if let Some(slot) = slot_of(&t.text) {
            cx.used.insert((t.r, t.c));
            if slot == Slot::Block {
                continue;
            }
            if slot == Slot::Overall {
                // A section label when labels follow; otherwise the goal itself.
                queue.clear();
                queue.push_back(slot);
                run = false;
                continue;
            }
            if queue.front() == Some(&Slot::Overall) {
                queue.clear();
            }
            run = !queue.is_empty();
            queue.push_back(slot);
            continue;
        }
        if let Some(pairs) = split_fused(&t.text) {
            cx.used.insert((t.r, t.c));
            for (slot, v) in pairs {
                cx.assign(slot, &v, t.r, t.c);
            }
            queue.clear();
            run = false;
            continue;
        }
        if let Some(slot) = queue.pop_front() {
            cx.assign(slot, &t.text, t.r, t.c);
            cx.used.insert((t.r, t.c));
            if queue.is_empty() {
                run = false;
            }
        }
    }
}

// ---- rows and the end ----------------------------------------------------------------

/// One indicator row from its 一级, 二级 and the cells after them.
fn push_indicator(
    cx: &mut Cx<'_>,
    l1: Option<(String, usize, usize)>,
    l2: Option<(String, usize, usize)>,
    fields: &[(Col, String, usize, usize)],
    row: usize,
) {
    let n = cx.out.spec.indicators.len() + 1;
    let mut ind = IndicatorOut::default();
    let mut op = None;
    for (kind, text, r, c) in fields {
        let slot = match kind {
            Col::Name => &mut ind.name,
            Col::Explanation => &mut ind.explanation,
            Col::Basis => &mut ind.basis,
            Col::Method => &mut ind.method,
            Col::Scoring => &mut ind.scoring,
            Col::Standard => &mut ind.standard,
            Col::Target => &mut ind.target,
            Col::Unit => &mut ind.unit,
            Col::Weight => &mut ind.weight,
            Col::Note => &mut ind.note,
            Col::Op => &mut op,
            Col::Ignored | Col::Level1 | Col::Level2 => {
                cx.used.insert((*r, *c));
                continue;
            }
        };
        *slot = Some(text.clone());
        cx.take(format!("indicators[{n}].{}", col_key(*kind)), *r, *c);
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
        cx.take(format!("indicators[{n}].level1"), r, c);
    }
    if let Some((t, r, c)) = l2 {
        ind.level2 = Some(t);
        cx.take(format!("indicators[{n}].level2"), r, c);
    }
    if let Some(op) = op
        && crate::target::Op::from_spelling(&op).is_some()
    {
        ind.target = Some(match ind.target.take() {
            Some(t) if !t.starts_with(op.as_str()) => format!("{op}{t}"),
            Some(t) => t,
            None => op,
        });
    }
    cx.out.spec.indicators.push(ind);
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
        let src_label =
            crate::forms::project::fields::label(&crate::forms::project::fields::PROJECT, src);
        cx.project.set("project", key, v.clone());
        cx.out.diagnostics.push(Diagnostic {
            code: Code::ImportConverted,
            message: format!("原表没有“{label}”，已按“{src_label}”填写：{v}"),
            hint: Some("请核对 [project] 中的这一项".into()),
            location: Location::Cell(cx.g.where_()),
        });
    };
    fallback(cx, "department", &["budget_department", "unit"], "主管部门");
    fallback(cx, "unit", &["budget_department", "department"], "实施单位");
    cx.out.spec.name = cx.project.get("project", "name").map(str::to_owned);

    let g = cx.g;
    let mut unused = Vec::new();
    for r in start..g.height() {
        for c in 0..g.rows[r].len() {
            if !g.get(r, c).trim().is_empty() && !cx.used.contains(&(r, c)) {
                unused.push(g.cell_ref(r, c));
            }
        }
    }
    if !unused.is_empty() {
        let shown: Vec<&str> = unused.iter().take(12).map(String::as_str).collect();
        let more = if unused.len() > 12 {
            format!(" 等 {} 格", unused.len())
        } else {
            String::new()
        };
        cx.out.diagnostics.push(Diagnostic {
            code: Code::ImportUnrecognized,
            message: format!("未导入的内容：{}{more}", shown.join("、")),
            hint: Some("这些格不属于表格的任何字段；如是需要的内容，请在导入后的规格中补上".into()),
            location: Location::Cell(g.where_()),
        });
    }

    let mut missing = Vec::new();
    for (section, k, what) in [
        ("project", "name", "项目名称"),
        ("project", "department", "主管部门"),
        ("project", "unit", "实施单位"),
        ("funds", "total", "资金总额"),
        ("goals", "annual", "年度目标"),
    ] {
        if cx.project.get(section, k).is_none() {
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

    proptest! {
        #[test]
        fn any_sheet_of_form_words_reads_without_panic(
            rows in proptest::collection::vec(proptest::collection::vec(0usize..64, 0..9), 0..40),
            positional in any::<bool>(),
        ) {
            let g = grid(rows, positional);
            let _ = is_project(&g);
            let ex = extract(&g);
            // Whatever is found writes a spec that loads.
            if let Some(p) = &ex.project {
                let text = crate::spec::write_project::to_toml(&ex.spec, p);
                let (raw, _) = crate::spec::load(&text);
                prop_assert!(raw.is_some(), "{}", text);
            }
        }

        #[test]
        fn any_text_splits_without_panic(s in "\\PC{0,40}") {
            let _ = split_fused(&s);
            let _ = split_code(&s);
            let _ = slot_of(&s);
        }
    }

    #[test]
    fn field_table_labels_and_aliases() {
        assert_eq!(slot_of("项目名称"), Some(Slot::Field("project", "name")));
        assert_eq!(
            slot_of("其中：财政拨款"),
            Some(Slot::Field("funds", "fiscal"))
        );
        assert_eq!(
            slot_of("当年资金总额:"),
            Some(Slot::Field("funds", "current_total"))
        );
        assert_eq!(
            slot_of("其中:当年财政拨款"),
            Some(Slot::Field("funds", "current_fiscal"))
        );
        assert_eq!(
            slot_of("其中:上级资金"),
            Some(Slot::Field("funds", "superior"))
        );
        assert_eq!(slot_of("主管部门及编码"), Some(Slot::DeptWithCode));
        assert_eq!(slot_of("项目资金(万元)"), Some(Slot::Block));
    }

    #[test]
    fn codes_split_from_names() {
        assert_eq!(
            split_code("[015001]武汉市青山区教育局"),
            (Some("015001"), "武汉市青山区教育局")
        );
        assert_eq!(split_code("(433)某局"), (Some("433"), "某局"));
        assert_eq!(split_code("某局"), (None, "某局"));
    }

    #[test]
    fn fused_labels_split() {
        let p = split_fused("项目名称农村义务教育学生营养改善计划").unwrap();
        assert_eq!(
            p,
            vec![(
                Slot::Field("project", "name"),
                "农村义务教育学生营养改善计划".into()
            )]
        );
        let p =
            split_fused("填表人:张三  联系电话:0731-1234  填报日期:2023年1月10日  单位负责人签字:")
                .unwrap();
        assert_eq!(p.len(), 4, "{p:?}");
        assert_eq!(
            p[1],
            (Slot::Field("signature", "phone"), "0731-1234".into())
        );
        assert_eq!(p[3].1, "");
        assert!(split_fused("项目名称").is_none());
        assert!(split_fused("武汉市青山区教育局").is_none());
    }
}
