//! The checks of a parsed definition: known model, no duplicate keys, every reference to a
//! field names a declared one, every indicator column is in the shared vocabulary, every
//! row fits its block's grid, and the model's rules find the fields they need.

use std::collections::BTreeSet;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic};

use super::{Block, BlockKind, CellDef, ColumnDef, FormDef, MODELS, When, split_path};

/// The optional indicator columns every definition chooses from (一级/二级/三级 are
/// always printed). The indicator fields of a spec are these keys.
pub const INDICATOR_COLUMNS: &[&str] = &[
    "value_type",
    "explanation",
    "basis",
    "method",
    "scoring",
    "target",
    "unit",
    "standard",
    "weight",
    "note",
    "target_value",
    "actual",
    "score",
    "reason",
];

/// What a model's rules read: per section, the fields it must declare. `always`: the
/// section itself must be declared; otherwise only when the definition has it.
struct Need {
    section: &'static str,
    fields: &'static [&'static str],
    always: bool,
}

const fn need(section: &'static str, fields: &'static [&'static str], always: bool) -> Need {
    Need {
        section,
        fields,
        always,
    }
}

const DEPARTMENT: &[Need] = &[
    need("", &["year", "overall_goal"], true),
    need("department", &["name"], true),
    need("budget", &["total", "project", "basic"], false),
    need("income", &["fiscal", "other", "total"], false),
    need("expenditure", &["basic", "project", "total"], false),
    need("duties", &["function", "task"], false),
];

/// The 自评 checks read the rows of 项目资金 and the indicators' actuals.
const PROJECT_SELFEVAL: &[Need] = &[
    need("", &["year"], true),
    need("project", &["name"], true),
    need(
        "funds",
        &["source", "initial", "adjusted", "executed"],
        true,
    ),
];

const DEPARTMENT_SELFEVAL: &[Need] = &[
    need("", &["year"], true),
    need("department", &["name"], true),
    need(
        "funds",
        &["source", "initial", "adjusted", "executed"],
        true,
    ),
];

const PROJECT: &[Need] = &[
    need("", &["year"], true),
    need("project", &["name"], true),
    need("funds", &["total"], true),
    need("goals", &["annual"], true),
];

/// Every problem of a definition; empty when it can be used.
pub fn check(def: &FormDef, text: &str) -> Vec<Diagnostic> {
    // The text parsed once more with its spans, to point at the value at fault.
    let doc = DeTable::parse(text).ok();
    let mut cx = Cx {
        def,
        doc: doc.as_ref().map(toml::Spanned::get_ref),
        diags: Vec::new(),
    };
    cx.model();
    cx.rule_set();
    cx.duplicates();
    cx.reference(&def.form.owner, "owner", &[K("form"), K("owner")]);
    for (n, block) in def.blocks.iter().enumerate() {
        cx.block(n, block);
    }
    cx.sums();
    cx.diags
}

/// One step of the way to a value in the definition: a key or an array index.
#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    K(&'a str),
    I(usize),
}
use Step::{I, K};

/// Where the value at `steps` is written.
fn locate(doc: &DeTable<'_>, steps: &[Step<'_>]) -> Option<Range<usize>> {
    let (first, rest) = steps.split_first()?;
    let K(key) = first else { return None };
    let mut value = doc.iter().find(|(k, _)| k.get_ref().as_ref() == *key)?.1;
    for step in rest {
        value = match (step, value.get_ref()) {
            (K(key), DeValue::Table(t)) => t.iter().find(|(k, _)| k.get_ref().as_ref() == *key)?.1,
            (I(i), DeValue::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(value.span())
}

struct Cx<'a> {
    def: &'a FormDef,
    doc: Option<&'a DeTable<'a>>,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    /// A diagnostic at the value `at` names (the whole file when it cannot be found).
    fn push(&mut self, code: Code, at: &[Step<'_>], message: String, hint: &str) {
        let span = self.doc.and_then(|d| locate(d, at));
        let d = match span {
            Some(span) => Diagnostic::at(code, span, message),
            None => Diagnostic::file(code, message),
        };
        self.diags.push(if hint.is_empty() {
            d
        } else {
            d.with_hint(hint)
        });
    }

    /// A 自评 form's rule set must be one jixiao ships.
    fn rule_set(&mut self) {
        let Some(name) = &self.def.form.rules else {
            return;
        };
        if let Err(e) = crate::score::RuleSet::builtin(name) {
            self.push(
                Code::DefinitionSyntax,
                &[K("form"), K("rules")],
                e.to_string(),
                "rules 写 中央 或 湖北，或不写（按中央）",
            );
        }
    }

    fn model(&mut self) {
        let model = self.def.form.model.as_str();
        let needs = match model {
            "部门整体" => DEPARTMENT,
            "项目" => PROJECT,
            "项目自评" => PROJECT_SELFEVAL,
            "部门整体自评" => DEPARTMENT_SELFEVAL,
            _ => {
                self.push(
                    Code::UnknownModel,
                    &[K("form"), K("model")],
                    format!("未知的表格类别“{model}”"),
                    &format!("model 只能是：{}", MODELS.join("、")),
                );
                return;
            }
        };
        for need in needs {
            let at = self.def.sections.iter().position(|s| s.key == need.section);
            let Some(section) = self.def.section(need.section) else {
                if need.always {
                    let name = if need.section.is_empty() {
                        "顶层字段（year 等）"
                    } else {
                        need.section
                    };
                    self.push(
                        Code::DefinitionMissingField,
                        &[],
                        format!(
                            "“{model}”类表格必须有 {name} 这一部分（[[section]] key = \"{}\"）",
                            need.section
                        ),
                        "检查规则要读取这些字段；可从内置表样中复制这一部分",
                    );
                }
                continue;
            };
            for key in need.fields {
                if !section.fields.iter().any(|f| f.key == *key) {
                    let path = join(need.section, key);
                    self.push(
                        Code::DefinitionMissingField,
                        &[K("section"), I(at.unwrap_or(0)), K("key")],
                        format!("“{model}”类表格的检查规则要读取字段 {path}，表样中没有定义它"),
                        "在这一部分的 [[section.field]] 中加上它（标签可以按本地表样改写）",
                    );
                }
            }
        }
        if !self
            .def
            .blocks
            .iter()
            .any(|b| b.kind == BlockKind::Indicators)
        {
            self.push(
                Code::DefinitionMissingField,
                &[],
                "表样中没有年度绩效指标表（type = \"indicators\" 的 [[block]]）".into(),
                "每张绩效目标表都有绩效指标表",
            );
        }
    }

    fn duplicates(&mut self) {
        let mut sections = BTreeSet::new();
        for (i, s) in self.def.sections.iter().enumerate() {
            if !sections.insert(s.key.as_str()) {
                self.push(
                    Code::DefinitionDuplicate,
                    &[K("section"), I(i), K("key")],
                    format!("“{}”这一部分定义了两次", s.key),
                    "同一个 key 的 [[section]] 只能写一次，请合并",
                );
            }
            let mut keys = BTreeSet::new();
            for (j, f) in s.fields.iter().enumerate() {
                if !keys.insert(f.key.as_str()) {
                    let path = join(&s.key, &f.key);
                    self.push(
                        Code::DefinitionDuplicate,
                        &[K("section"), I(i), K("field"), I(j), K("key")],
                        format!("字段 {path} 定义了两次"),
                        "删去重复的一项",
                    );
                }
            }
        }
    }

    /// A path must name a declared field (or an indicator field of an indicator array).
    fn reference(&mut self, path: &str, what: &str, at: &[Step<'_>]) {
        if self.known(path) {
            return;
        }
        self.push(
            Code::UnknownFieldRef,
            at,
            format!("{what} 引用的字段 {path} 没有在表样的 [[section]] 中定义"),
            "检查拼写；字段写成“部分.字段”，如 project.name，顶层字段直接写名称，如 year",
        );
    }

    fn known(&self, path: &str) -> bool {
        if path == "year" || path == "form" {
            return true;
        }
        if self.def.field(path).is_some() {
            return true;
        }
        // A row array stands for "has rows" in conditions.
        if self.indicator_arrays().contains(&path) || self.def.section(path).is_some_and(|s| s.rows)
        {
            return true;
        }
        let (array, key) = split_path(path);
        self.indicator_arrays().contains(&array)
            && (INDICATOR_COLUMNS.contains(&key) || ["level1", "level2", "name"].contains(&key))
    }

    fn indicator_arrays(&self) -> Vec<&str> {
        self.def.indicator_arrays()
    }

    fn when(&mut self, when: &When, what: &str, at: &[Step<'_>]) {
        let mut at = at.to_vec();
        at.push(K("when"));
        for p in when.filled.iter().chain(&when.any).chain(&when.empty) {
            self.reference(p, what, &at);
        }
    }

    fn placeholders(&mut self, text: &str, what: &str, at: &[Step<'_>]) {
        for path in placeholders(text) {
            self.reference(path, what, at);
        }
    }

    fn block(&mut self, n: usize, b: &Block) {
        let what = format!("第 {} 个 [[block]]", n + 1);
        let here = [K("block"), I(n)];
        if let Some(w) = &b.when {
            self.when(w, &what, &here);
        }
        if b.section.is_some() && self.def.form.label_width == 0 && b.kind != BlockKind::Indicators
        {
            self.push(
                Code::SpanPastGrid,
                &[K("block"), I(n), K("section")],
                format!("{what} 写了 section，但表样没有栏目列（label_width = 0）"),
                "把栏目名写成这一块第一列的 label（可用 rows 合并多行），或给 label_width 一个宽度",
            );
        }
        if b.levels.len() > 3 {
            self.push(
                Code::BadCell,
                &[K("block"), I(n), K("levels")],
                format!("{what} 的 levels 最多三项（一级、二级、三级的表头）"),
                "",
            );
        }
        for t in &b.grid {
            if t.cols.is_some() == t.share.is_some() || t.cols == Some(0) || t.share == Some(0) {
                self.push(
                    Code::SpanPastGrid,
                    &[K("block"), I(n), K("grid")],
                    format!(
                        "{what} 的 grid 中每一列须写 cols（固定列数，≥1）或 share（比例，≥1）之一"
                    ),
                    "例如 grid = [{ cols = 2 }, { share = 1 }]",
                );
            }
        }
        match b.kind {
            BlockKind::Rows => self.rows(n, &what, b),
            BlockKind::Pairs => {
                for (k, item) in b.items.iter().enumerate() {
                    let at = [K("block"), I(n), K("items"), I(k)];
                    self.cell(item, &what, true, &at);
                    if item.field.is_none() && item.format.is_none() {
                        self.push(
                            Code::BadCell,
                            &at,
                            format!("{what} 的每一项须写 field 或 format"),
                            "",
                        );
                    }
                }
                if b.per_row == 0 {
                    self.push(
                        Code::SpanPastGrid,
                        &[K("block"), I(n), K("per_row")],
                        format!("{what} 的 per_row 须至少为 1"),
                        "",
                    );
                }
            }
            BlockKind::Table => self.table(n, &what, b),
            BlockKind::Indicators => self.indicators(n, &what, b),
            BlockKind::Note => {
                if let Some(t) = &b.left {
                    self.placeholders(t, &what, &[K("block"), I(n), K("left")]);
                }
                if let Some(t) = &b.right {
                    self.placeholders(t, &what, &[K("block"), I(n), K("right")]);
                }
            }
        }
    }

    /// A cell shows one thing: a fixed label, a field, or a composed text. A `pairs`
    /// item's `label` is the label printed before its value, so it may come with either.
    fn cell(&mut self, c: &CellDef, what: &str, pair: bool, at: &[Step<'_>]) {
        let key = |k: &'static str| {
            let mut v = at.to_vec();
            v.push(K(k));
            v
        };
        let label = usize::from(c.label.is_some() && !pair);
        let sources = label + usize::from(c.field.is_some()) + usize::from(c.format.is_some());
        if sources > 1 {
            self.push(
                Code::BadCell,
                at,
                format!("{what} 中的一个单元格同时写了 label、field、format 中的两项"),
                "固定文字用 label，显示字段用 field，由几个字段组成的文字用 format",
            );
        }
        if let Some(f) = &c.field {
            self.reference(f, what, &key("field"));
        }
        if let Some(f) = &c.of {
            self.reference(f, what, &key("of"));
        }
        if let Some(t) = &c.format {
            self.placeholders(t, what, &key("format"));
        }
        if let Some(w) = &c.when {
            self.when(w, what, at);
        }
        if c.span == 0 || c.rows == 0 {
            self.push(
                Code::SpanPastGrid,
                at,
                format!("{what} 中单元格的 span、rows 须至少为 1"),
                "",
            );
        }
    }

    fn rows(&mut self, n: usize, what: &str, b: &Block) {
        let tracks = b.grid.len().max(1);
        // Columns of the block's grid taken by cells that reach down from earlier rows.
        let mut below: Vec<usize> = vec![0; tracks];
        for (r, row) in b.rows.iter().enumerate() {
            if let Some(w) = &row.when {
                self.when(w, what, &[K("block"), I(n), K("row"), I(r)]);
            }
            let mut col = 0;
            for (k, c) in row.cells.iter().enumerate() {
                let at = [K("block"), I(n), K("row"), I(r), K("cell"), I(k)];
                self.cell(c, what, false, &at);
                while col < tracks && below[col] > 0 {
                    col += 1;
                }
                if col + c.span > tracks {
                    self.push(
                        Code::SpanPastGrid,
                        &at,
                        format!(
                            "{what} 第 {} 行的单元格超出了这一块的 {tracks} 列（grid）",
                            r + 1
                        ),
                        "减小 span，或在 grid 中增加列",
                    );
                    break;
                }
                for slot in &mut below[col..col + c.span] {
                    *slot = (*slot).max(c.rows);
                }
                col += c.span;
            }
            for slot in &mut below {
                *slot = slot.saturating_sub(1);
            }
        }
    }

    fn array_section(&mut self, n: usize, what: &str, b: &Block) -> Option<String> {
        let Some(array) = b.array.clone() else {
            self.push(
                Code::UnknownFieldRef,
                &[K("block"), I(n)],
                format!("{what} 缺少 array（取自规格中的哪一组行）"),
                "",
            );
            return None;
        };
        Some(array)
    }

    fn table(&mut self, n: usize, what: &str, b: &Block) {
        let Some(array) = self.array_section(n, what, b) else {
            return;
        };
        match self.def.section(&array) {
            Some(s) if s.rows => {}
            _ => {
                self.push(
                    Code::UnknownFieldRef,
                    &[K("block"), I(n), K("array")],
                    format!("{what} 的 array = \"{array}\" 不是表样中定义的多行部分（rows = true 的 [[section]]）"),
                    "",
                );
                return;
            }
        }
        for (k, c) in b.columns.iter().enumerate() {
            let at = [K("block"), I(n), K("column"), I(k), K("key")];
            self.reference(&join(&array, &c.key), what, &at);
        }
    }

    fn indicators(&mut self, n: usize, what: &str, b: &Block) {
        if b.sets.is_empty() {
            if let Some(array) = self.array_section(n, what, b) {
                self.indicator_array(&array, what, &[K("block"), I(n), K("array")]);
            }
            self.indicator_columns(&b.columns, what, &[K("block"), I(n)]);
            return;
        }
        self.sets(n, what, b);
    }

    /// An indicator block of side-by-side sets: each set an array of the model, its
    /// columns from the vocabulary, the block alone of its kind (the grid is its shape).
    fn sets(&mut self, n: usize, what: &str, b: &Block) {
        if b.array.is_some() || !b.columns.is_empty() {
            self.push(
                Code::BadCell,
                &[K("block"), I(n)],
                format!("{what} 写了 [[block.set]]，就不再写 array 和 column"),
                "把 array 和 column 写进各个 [[block.set]]",
            );
        }
        if b.levels.len() > 1 {
            self.push(
                Code::BadCell,
                &[K("block"), I(n), K("levels")],
                format!("{what} 写了 [[block.set]]，levels 只写一级指标的表头"),
                "二级、三级的表头写在各 [[block.set]] 的 levels 中",
            );
        }
        let blocks = self.def.blocks.iter();
        if blocks.filter(|b| b.kind == BlockKind::Indicators).count() > 1 {
            self.push(
                Code::SpanPastGrid,
                &[K("block"), I(n), K("set")],
                format!("{what} 是并列的指标块，须是表样中唯一的指标块"),
                "并列的各组指标写在同一块的 [[block.set]] 中",
            );
        }
        let arrays: Vec<&str> = b.sets.iter().map(|s| s.array.as_str()).collect();
        for (k, set) in b.sets.iter().enumerate() {
            let here = [K("block"), I(n), K("set"), I(k)];
            let at = |key| [here[0], here[1], here[2], here[3], K(key)];
            self.indicator_array(&set.array, what, &at("array"));
            if arrays[..k].contains(&set.array.as_str()) {
                self.push(
                    Code::DefinitionDuplicate,
                    &at("array"),
                    format!("{what} 的 array = \"{}\" 出现了两次", set.array),
                    "每组指标取自不同的数组",
                );
            }
            if set.levels.len() > 2 {
                self.push(
                    Code::BadCell,
                    &at("levels"),
                    format!("{what} 中每组的 levels 最多两项（二级、三级的表头）"),
                    "",
                );
            }
            self.indicator_columns(&set.columns, what, &here);
            if let Some(from) = &set.level2_from
                && (from == &set.array || !arrays.contains(&from.as_str()))
            {
                self.push(
                    Code::UnknownFieldRef,
                    &at("level2_from"),
                    format!("{what} 的 level2_from = \"{from}\" 不是同一块中另一组的 array"),
                    &format!("可写：{}", arrays.join("、")),
                );
            }
        }
    }

    /// `[[sum]]`: every field a declared money field, at least one part, and no total
    /// that is (through other sums) a part of itself.
    fn sums(&mut self) {
        for (n, sum) in self.def.sums.iter().enumerate() {
            let what = format!("第 {} 个 [[sum]]", n + 1);
            let paths = std::iter::once((K("total"), None, &sum.total)).chain(
                sum.parts
                    .iter()
                    .enumerate()
                    .map(|(k, p)| (K("parts"), Some(k), p)),
            );
            for (key, index, path) in paths {
                let mut at = vec![K("sum"), I(n), key];
                at.extend(index.map(I));
                self.money_field(path, &what, &at);
            }
            if sum.parts.is_empty() {
                self.push(
                    Code::BadSum,
                    &[K("sum"), I(n), K("parts")],
                    format!("{what} 的 parts 是空的"),
                    "parts 列出相加的金额字段，如 parts = [\"funds.fiscal\", \"funds.other\"]",
                );
            }
            if self.reaches(&sum.total, &sum.parts, &mut Vec::new()) {
                self.push(
                    Code::BadSum,
                    &[K("sum"), I(n), K("total")],
                    format!("{what} 的合计 {} 又是它自己的一项（互相引用）", sum.total),
                    "一个合计不能直接或经由其他合计加上它自己",
                );
            }
        }
    }

    /// Whether `total` is among `parts` or the parts of the sums they are totals of.
    fn reaches<'d>(&'d self, total: &str, parts: &'d [String], seen: &mut Vec<&'d str>) -> bool {
        for part in parts {
            if part == total {
                return true;
            }
            if seen.contains(&part.as_str()) {
                continue;
            }
            seen.push(part);
            let inner = self.def.sums.iter().filter(|s| &s.total == part);
            if inner
                .into_iter()
                .any(|s| self.reaches(total, &s.parts, seen))
            {
                return true;
            }
        }
        false
    }

    /// A path in a sum: a declared field of type money.
    fn money_field(&mut self, path: &str, what: &str, at: &[Step<'_>]) {
        match self.def.field(path) {
            None => self.reference(path, what, at),
            Some(f) if f.kind != super::FieldKind::Money => self.push(
                Code::BadSum,
                at,
                format!("{what} 中的 {path}（{}）不是金额字段", f.label),
                "合计只能加金额字段（type = \"money\"）",
            ),
            Some(_) => {}
        }
    }

    /// An indicator array must be one the model reads.
    fn indicator_array(&mut self, array: &str, what: &str, at: &[Step<'_>]) {
        let known = model_arrays(&self.def.form.model);
        if !known.contains(&array) {
            self.push(
                Code::UnknownFieldRef,
                at,
                format!("{what} 的 array = \"{array}\" 不是这类表的指标数组"),
                &format!("可写：{}", known.join("、")),
            );
        }
    }

    fn indicator_columns(&mut self, columns: &[ColumnDef], what: &str, at: &[Step<'_>]) {
        for (k, c) in columns.iter().enumerate() {
            if !INDICATOR_COLUMNS.contains(&c.key.as_str()) {
                let mut at = at.to_vec();
                at.extend([K("column"), I(k), K("key")]);
                self.push(
                    Code::UnknownColumn,
                    &at,
                    format!("{what} 中的指标列“{}”不在指标列的词汇表中", c.key),
                    &format!("可用的列：{}", INDICATOR_COLUMNS.join("、")),
                );
            }
        }
    }
}

/// The indicator arrays a model's specs hold.
fn model_arrays(model: &str) -> &'static [&'static str] {
    match model {
        "项目" => &["indicators", "midterm_indicators"],
        _ => &["indicators"],
    }
}

fn join(section: &str, key: &str) -> String {
    if section.is_empty() {
        key.to_owned()
    } else {
        format!("{section}.{key}")
    }
}

/// The `{path}` placeholders of a composed text.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::diag::{Code, Location};

    const P88: &str = include_str!("../../templates/forms/project-88.toml");

    /// The codes of a definition's problems, each with the text it points at.
    fn problems(text: &str) -> Vec<(Code, String)> {
        match super::super::parse(text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .diagnostics
                .iter()
                .map(|d| match &d.location {
                    Location::Span(r) => (d.code, text[r.clone()].to_owned()),
                    _ => (d.code, String::new()),
                })
                .collect(),
        }
    }

    fn changed(from: &str, to: &str) -> String {
        assert!(P88.contains(from), "{from}");
        P88.replacen(from, to, 1)
    }

    const SELFEVAL: &str = include_str!("../../templates/forms/selfeval-project.toml");

    #[test]
    fn a_selfeval_definition_names_a_rule_set_jixiao_ships() {
        assert_eq!(problems(SELFEVAL), vec![]);
        let hubei = SELFEVAL.replacen("rules = \"中央\"", "rules = \"湖北\"", 1);
        assert_eq!(problems(&hubei), vec![]);
        let unknown = SELFEVAL.replacen("rules = \"中央\"", "rules = \"江苏\"", 1);
        assert_eq!(
            problems(&unknown),
            vec![(Code::DefinitionSyntax, "\"江苏\"".to_owned())]
        );
    }

    #[test]
    fn the_side_by_side_definition_is_clean() {
        assert_eq!(problems(P88), []);
    }

    #[test]
    fn a_set_of_an_array_the_model_lacks_is_located() {
        let text = changed("array = \"midterm_indicators\"", "array = \"longterm\"");
        assert!(
            problems(&text).contains(&(Code::UnknownFieldRef, "\"longterm\"".into())),
            "{:?}",
            problems(&text)
        );
    }

    #[test]
    fn level2_from_names_another_set() {
        let text = changed(
            "level2_from = \"indicators\"",
            "level2_from = \"midterm_indicators\"",
        );
        assert_eq!(
            problems(&text),
            [(Code::UnknownFieldRef, "\"midterm_indicators\"".into())]
        );
    }

    #[test]
    fn a_set_column_outside_the_vocabulary_is_located() {
        let text = changed(
            "{ key = \"target\", label = \"指标值(长期)\"",
            "{ key = \"goal\", label = \"指标值(长期)\"",
        );
        assert_eq!(problems(&text), [(Code::UnknownColumn, "\"goal\"".into())]);
    }

    #[test]
    fn two_sets_of_one_array_are_a_duplicate() {
        let text = changed("array = \"midterm_indicators\"", "array = \"indicators\"");
        let found = problems(&text);
        assert!(
            found.iter().any(|(c, _)| *c == Code::DefinitionDuplicate),
            "{found:?}"
        );
    }

    #[test]
    fn side_by_side_sets_are_the_only_indicator_block() {
        let text = format!("{P88}\n[[block]]\ntype = \"indicators\"\narray = \"indicators\"\n");
        let found = problems(&text);
        assert!(
            found.iter().any(|(c, _)| *c == Code::SpanPastGrid),
            "{found:?}"
        );
    }

    #[test]
    fn a_sum_over_a_field_that_does_not_exist_is_located() {
        let text = format!(
            "{P88}\n[[sum]]\ntotal = \"funds.total\"\nparts = [\"funds.fiscal\", \"funds.gift\"]\n"
        );
        assert_eq!(
            problems(&text),
            [(Code::UnknownFieldRef, "\"funds.gift\"".into())]
        );
    }

    #[test]
    fn a_sum_reaching_itself_through_another_is_a_cycle() {
        let text = format!(
            "{P88}\n[[sum]]\ntotal = \"funds.total\"\nparts = [\"funds.fiscal\"]\n\
             [[sum]]\ntotal = \"funds.fiscal\"\nparts = [\"funds.other\"]\n\
             [[sum]]\ntotal = \"funds.other\"\nparts = [\"funds.total\"]\n"
        );
        let found = problems(&text);
        assert_eq!(found.len(), 3, "each sum of the ring is told: {found:?}");
        assert!(found.iter().all(|(c, _)| *c == Code::BadSum), "{found:?}");
    }

    #[test]
    fn sets_with_block_columns_are_refused() {
        let text = changed(
            "levels = [\"一级指标\"]",
            "levels = [\"一级指标\"]\narray = \"indicators\"",
        );
        let found = problems(&text);
        assert!(found.iter().any(|(c, _)| *c == Code::BadCell), "{found:?}");
    }
}
