//! The department form's label vocabulary: the head labels and their spellings, the
//! section labels standing in front of blocks, the 履职 columns and the rows that end the
//! form. The indicator columns are shared with the project form (`import::columns`).

use crate::formdef::{BlockKind, FieldDef, FieldKind, FormDef, SectionDef};

use super::super::columns::{self, Col, col};
pub use super::super::words::{key, norm};

/// Where a head label's value goes: a field of the department model, or (`Other`) a
/// field a department's own definition adds, written back under its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Head {
    Name,
    Code,
    Total,
    Project,
    Basic,
    Goal,
    /// 部门(单位)职责 (Hunan), 部门职能概述 (Hubei).
    Duties,
    /// A field only the department's own definition declares.
    Other(&'static SectionDef, &'static FieldDef),
}

impl Head {
    /// The model's field at a spec path, when the department reader has a slot for it.
    fn of_path(path: &str) -> Option<Head> {
        Some(match path {
            "department.name" => Head::Name,
            "department.code" => Head::Code,
            "budget.total" => Head::Total,
            "budget.project" => Head::Project,
            "budget.basic" => Head::Basic,
            "overall_goal" => Head::Goal,
            "responsibilities" => Head::Duties,
            _ => return None,
        })
    }

    /// Whether the value may sit under its label (money laid out as a header row).
    pub(super) fn is_money(self) -> bool {
        match self {
            Head::Total | Head::Project | Head::Basic => true,
            Head::Other(_, f) => f.kind == FieldKind::Money,
            _ => false,
        }
    }
}

/// The department reader's words: a department's own definition first (its field labels
/// and `aliases`, the labels it prints beside its fields, its block captions, its 履职 and
/// indicator column headers), then the built-in spellings below.
pub(crate) struct Vocab {
    heads: Vec<(String, Head)>,
    blocks: Vec<String>,
    duties: Vec<(String, DCol)>,
    columns: Vec<(String, Col)>,
    /// The title's fixed words (`{year}` removed), when a definition is given.
    title: Option<String>,
}

impl Vocab {
    /// The built-in vocabulary.
    pub(crate) fn builtin() -> &'static Vocab {
        static BUILTIN: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Vocab::new(None))
    }

    /// The vocabulary with a department's own definition in front.
    pub(crate) fn new(own: Option<&'static FormDef>) -> Vocab {
        let mut v = Vocab {
            heads: Vec::new(),
            blocks: Vec::new(),
            duties: Vec::new(),
            columns: Vec::new(),
            title: None,
        };
        if let Some(def) = own {
            v.add_definition(def);
        }
        for &(l, h) in HEAD_LABELS {
            v.add_head(l, h);
        }
        // A caption that names a field (年度总体目标 over its text) is that field's label.
        let captions = std::mem::take(&mut v.blocks);
        v.blocks = captions
            .into_iter()
            .filter(|c| v.head(c).is_none())
            .chain(BLOCK_LABELS.iter().map(|&b| b.to_owned()))
            .collect();
        v
    }

    fn add_head(&mut self, label: &str, head: Head) {
        let k = key(label);
        if !k.is_empty() && !self.heads.iter().any(|(w, _)| *w == k) {
            self.heads.push((k, head));
        }
    }

    fn add_definition(&mut self, def: &'static FormDef) {
        let bare = def.bare_title();
        self.title = Some(norm(&bare)).filter(|t| !t.is_empty());
        let head_of = |s: &'static SectionDef, f: &'static FieldDef| {
            match Head::of_path(&s.path_of(f)) {
                Some(h) => Some(h),
                // Read by their own readers (the year line, the Hubei 收入/支出构成), or
                // not in a sheet at all.
                None if matches!(f.key.as_str(), "year" | "layout" | "template")
                    || matches!(s.key.as_str(), "income" | "expenditure")
                    || f.computed =>
                {
                    None
                }
                None => Some(Head::Other(s, f)),
            }
        };
        // The labels it prints right beside its fields, then the fields' own labels and
        // spellings.
        for b in &def.blocks {
            for row in &b.rows {
                for pair in row.cells.windows(2) {
                    let (Some(label), Some(path)) = (&pair[0].label, &pair[1].field) else {
                        continue;
                    };
                    let (sk, fk) = crate::formdef::split_path(path);
                    let found = def
                        .section(sk)
                        .and_then(|s| s.fields.iter().find(|f| f.key == fk).map(|f| (s, f)));
                    if let Some(h) = found.and_then(|(s, f)| head_of(s, f)) {
                        self.add_head(label, h);
                    }
                }
            }
            if let Some(caption) = &b.section {
                self.blocks.push(key(caption));
            }
            if b.kind == BlockKind::Table && b.array.as_deref() == Some("duties") {
                for c in &b.columns {
                    if let (Some(l), Some(d)) = (&c.label, DCol::of_key(&c.key)) {
                        self.duties.push((key(l), d));
                    }
                }
            }
        }
        for s in &def.sections {
            for f in &s.fields {
                if s.rows {
                    if s.key == "duties"
                        && let Some(d) = DCol::of_key(&f.key)
                    {
                        for l in std::iter::once(&f.label).chain(&f.aliases) {
                            self.duties.push((key(l), d));
                        }
                    }
                    continue;
                }
                if let Some(h) = head_of(s, f) {
                    for l in std::iter::once(&f.label).chain(&f.aliases) {
                        self.add_head(l, h);
                    }
                }
            }
        }
        self.columns = columns::definition_columns(def)
            .into_iter()
            .map(|(h, c, _)| (h, c))
            .collect();
    }

    /// The head field a label names.
    pub(super) fn head(&self, text: &str) -> Option<Head> {
        let k = key(text);
        self.heads.iter().find(|(l, _)| *l == k).map(|&(_, h)| h)
    }

    /// Whether a cell is a caption standing in front of a block.
    pub(super) fn is_block(&self, text: &str) -> bool {
        let k = key(text);
        self.blocks.contains(&k)
    }

    /// The 履职 column a header names.
    pub(super) fn duty(&self, text: &str) -> Option<DCol> {
        let k = key(text);
        self.duties
            .iter()
            .find(|(l, _)| *l == k)
            .map(|&(_, d)| d)
            .or_else(|| duty_col(&k))
    }

    /// The indicator column a header names.
    pub(super) fn column(&self, text: &str) -> Option<Col> {
        let k = key(text);
        self.columns
            .iter()
            .find(|(h, _)| *h == k)
            .map(|&(_, c)| c)
            .or_else(|| col(text))
    }

    /// Whether a cell is any label of the form.
    pub(super) fn is_any_label(&self, text: &str) -> bool {
        self.head(text).is_some()
            || self.is_block(text)
            || self.column(text).is_some_and(|c| c != Col::Ignored)
            || self.duty(text).is_some()
    }

    /// Whether a cell is the title of the department's own form.
    pub(super) fn is_own_title(&self, text: &str) -> bool {
        self.title
            .as_ref()
            .is_some_and(|t| norm(text).contains(t.as_str()))
    }

    /// Whether a definition of the department's own is in front.
    pub(super) fn is_own(&self) -> bool {
        self.title.is_some()
    }
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

#[cfg(test)]
pub(super) fn head_label(text: &str) -> Option<Head> {
    Vocab::builtin().head(text)
}

/// A 履职 column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DCol {
    Function,
    Task,
    Project,
    Amount,
}

impl DCol {
    /// The column of a `[[duties]]` field key.
    fn of_key(k: &str) -> Option<DCol> {
        Some(match k {
            "function" => DCol::Function,
            "task" => DCol::Task,
            "project" => DCol::Project,
            "amount" => DCol::Amount,
            _ => return None,
        })
    }
}

pub(super) fn duty_col(k: &str) -> Option<DCol> {
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

pub(super) fn is_footer(text: &str) -> bool {
    let n = norm(text);
    FOOTER_PREFIXES.iter().any(|p| n.starts_with(p))
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
}
