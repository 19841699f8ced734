//! The project form's label vocabulary: the field table's labels plus local spellings,
//! labels fused with their values in one cell, the form's title, and whether a sheet
//! holds a project table at all.

use crate::formdef::{FormDef, builtin};
use crate::model::FormKind;

use super::super::columns::{self, Col};
use super::super::grid::Grid;
use super::super::known::title_kind;
use super::super::words::{key, norm};

/// Where a label's value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Slot {
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
    ("中期绩效指标", Slot::Block),
    ("长期绩效指标", Slot::Block),
    ("实施期绩效指标", Slot::Block),
];

/// The label vocabulary of a reading: every project definition's field labels and the
/// spellings they list (`aliases`), a department's own definition first when it is given,
/// plus the local spellings of [`ALIASES`]; and the indicator column headers the
/// definitions print.
pub(super) struct Vocab {
    /// Folded label → slot, in priority order.
    words: Vec<(String, Slot)>,
    /// Every spelling, longest first (for splitting fused cells).
    spellings: Vec<(String, Slot)>,
    /// Folded column header → (column, long-term), from the department's own definition.
    columns: Vec<(String, Col, bool)>,
}

impl Vocab {
    /// The built-in project definitions' vocabulary.
    pub(super) fn builtin() -> &'static Vocab {
        static BUILTIN: std::sync::OnceLock<Vocab> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Vocab::new(None))
    }

    /// The vocabulary with a department's own definition in front. Made once per
    /// definition and kept (definitions live for the whole process).
    pub(super) fn with(def: Option<&'static FormDef>) -> &'static Vocab {
        let Some(def) = def else {
            return Vocab::builtin();
        };
        use std::collections::HashMap;
        use std::sync::{Mutex, OnceLock};
        static MADE: OnceLock<Mutex<HashMap<usize, &'static Vocab>>> = OnceLock::new();
        let key = std::ptr::from_ref(def) as usize;
        let made = MADE.get_or_init(Default::default);
        if let Some(v) = made.lock().ok().and_then(|m| m.get(&key).copied()) {
            return v;
        }
        let v: &'static Vocab = Box::leak(Box::new(Vocab::new(Some(def))));
        if let Ok(mut m) = made.lock() {
            m.insert(key, v);
        }
        v
    }

    fn new(own: Option<&'static FormDef>) -> Vocab {
        let defs: Vec<&'static FormDef> = own
            .into_iter()
            .chain(
                builtin::all()
                    .iter()
                    .copied()
                    .filter(|d| d.form.model == "项目"),
            )
            .collect();
        let mut words: Vec<(String, Slot)> = Vec::new();
        let mut add = |label: &str, slot: Slot| {
            let k = key(label);
            if !k.is_empty() && !words.iter().any(|(w, _)| *w == k) {
                words.push((k, slot));
            }
        };
        // The special slots, then every definition's labels, then their other spellings.
        for &(l, slot) in ALIASES
            .iter()
            .filter(|(_, s)| !matches!(s, Slot::Field(..)))
        {
            add(l, slot);
        }
        let fields = || {
            defs.iter().flat_map(|d| {
                d.sections
                    .iter()
                    .filter(|s| !s.key.is_empty() && !s.rows)
                    .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
            })
        };
        for (s, f) in fields() {
            add(&f.label, Slot::Field(&s.key, &f.key));
        }
        for (s, f) in fields() {
            for alias in &f.aliases {
                add(alias, Slot::Field(&s.key, &f.key));
            }
        }
        for &(l, slot) in ALIASES {
            add(l, slot);
        }
        let mut spellings: Vec<(String, Slot)> = Vec::new();
        for (w, slot) in &words {
            if *slot == Slot::Block {
                continue;
            }
            if let Some(bare) = w.strip_prefix("其中:") {
                spellings.push((bare.to_owned(), *slot));
            }
            spellings.push((w.clone(), *slot));
        }
        spellings.sort_by_key(|(l, _)| std::cmp::Reverse(l.chars().count()));
        Vocab {
            words,
            spellings,
            columns: own.map(columns::definition_columns).unwrap_or_default(),
        }
    }

    /// The slot a label names.
    pub(super) fn slot_of(&self, text: &str) -> Option<Slot> {
        let k = key(text);
        if k.is_empty() {
            return None;
        }
        let bare = k.strip_prefix("其中:").unwrap_or(&k);
        self.words
            .iter()
            .find(|(l, _)| *l == k || l == bare || l.strip_prefix("其中:") == Some(bare))
            .map(|&(_, s)| s)
    }

    /// The indicator column a header names (and whether it is of the long-term set): the
    /// department's own definition's headers first, then the shared vocabulary.
    pub(super) fn column(&self, text: &str) -> Option<(Col, bool)> {
        let k = key(text);
        self.columns
            .iter()
            .find(|(h, _, _)| *h == k)
            .map(|&(_, c, long)| (c, long))
            .or_else(|| columns::column(text))
    }

    /// A cell that is a label or a column header.
    pub(super) fn is_label(&self, text: &str) -> bool {
        self.slot_of(text).is_some() || self.column(text).is_some()
    }
}

/// The slot a label names, in the built-in vocabulary.
pub(super) fn slot_of(text: &str) -> Option<Slot> {
    Vocab::builtin().slot_of(text)
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
pub(super) fn split_fused(text: &str) -> Option<Vec<(Slot, String)>> {
    Vocab::builtin().split_fused(text)
}

impl Vocab {
    /// See [`split_fused`].
    pub(super) fn split_fused(&self, text: &str) -> Option<Vec<(Slot, String)>> {
        let t = fold(text.trim());
        let t = t.trim_start_matches(['*', '＊']);
        let words = &self.spellings;
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

    /// Rows (or cells) starting with these end the indicator block.
    pub(super) fn ends_block(&self, text: &str) -> bool {
        let n = norm(text);
        matches!(
            self.slot_of(text),
            Some(Slot::Field("review" | "signature", _))
        ) || self
            .split_fused(text)
            .is_some_and(|p| matches!(p[0].0, Slot::Field("review" | "signature", _)))
            || ["注:", "说明:", "备注:", "附件"]
                .iter()
                .any(|p| n.starts_with(p))
    }
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

/// `[015001]武汉市青山区教育局` → (`015001`, `武汉市青山区教育局`); also `(433)…`, `015001 某局`.
pub(super) fn split_code(value: &str) -> (Option<&str>, &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
