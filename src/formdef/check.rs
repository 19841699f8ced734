//! The checks of a parsed definition: known model, no duplicate keys, every reference to a
//! field names a declared one, every indicator column is in the shared vocabulary, every
//! row fits its block's grid, and the model's rules find the fields they need.

use std::collections::BTreeSet;

use crate::diag::{Code, Diagnostic};

use super::{Block, BlockKind, CellDef, FormDef, MODELS, When, split_path};

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

const PROJECT: &[Need] = &[
    need("", &["year"], true),
    need("project", &["name", "department", "unit"], true),
    need("funds", &["total"], true),
    need("goals", &["annual"], true),
];

/// Every problem of a definition; empty when it can be used.
pub fn check(def: &FormDef, text: &str) -> Vec<Diagnostic> {
    let mut cx = Cx {
        def,
        text,
        diags: Vec::new(),
    };
    cx.model();
    cx.duplicates();
    cx.reference(&def.form.owner, "owner");
    for (n, block) in def.blocks.iter().enumerate() {
        cx.block(n + 1, block);
    }
    cx.diags
}

struct Cx<'a> {
    def: &'a FormDef,
    text: &'a str,
    diags: Vec<Diagnostic>,
}

impl Cx<'_> {
    /// A diagnostic at the first place `needle` is written as a quoted value, else at the
    /// whole file.
    fn push(&mut self, code: Code, needle: &str, message: String, hint: &str) {
        let quoted = format!("\"{needle}\"");
        let d = match self.text.find(&quoted) {
            Some(at) if !needle.is_empty() => Diagnostic::at(code, at..at + quoted.len(), message),
            _ => Diagnostic::file(code, message),
        };
        self.diags.push(d.with_hint(hint));
    }

    fn model(&mut self) {
        let model = self.def.form.model.as_str();
        let needs = match model {
            "部门整体" => DEPARTMENT,
            "项目" => PROJECT,
            _ => {
                self.push(
                    Code::UnknownModel,
                    model,
                    format!("未知的表格类别“{model}”"),
                    &format!("model 只能是：{}", MODELS.join("、")),
                );
                return;
            }
        };
        for need in needs {
            let Some(section) = self.def.section(need.section) else {
                if need.always {
                    let name = if need.section.is_empty() {
                        "顶层"
                    } else {
                        need.section
                    };
                    self.push(
                        Code::DefinitionMissingField,
                        "",
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
                        &section.key.clone(),
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
                "",
                "表样中没有年度绩效指标表（type = \"indicators\" 的 [[block]]）".into(),
                "每张绩效目标表都有绩效指标表",
            );
        }
    }

    fn duplicates(&mut self) {
        let mut sections = BTreeSet::new();
        for s in &self.def.sections {
            if !sections.insert(s.key.as_str()) {
                self.push(
                    Code::DefinitionDuplicate,
                    &s.key.clone(),
                    format!("“{}”这一部分定义了两次", s.key),
                    "同一个 key 的 [[section]] 只能写一次，请合并",
                );
            }
            let mut keys = BTreeSet::new();
            for f in &s.fields {
                if !keys.insert(f.key.as_str()) {
                    let path = join(&s.key, &f.key);
                    self.push(
                        Code::DefinitionDuplicate,
                        &f.key.clone(),
                        format!("字段 {path} 定义了两次"),
                        "删去重复的一项",
                    );
                }
            }
        }
    }

    /// A path must name a declared field (or an indicator field of an indicator array).
    fn reference(&mut self, path: &str, what: &str) {
        if self.known(path) {
            return;
        }
        self.push(
            Code::UnknownFieldRef,
            path,
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
        self.def
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Indicators)
            .filter_map(|b| b.array.as_deref())
            .collect()
    }

    fn when(&mut self, when: &When, what: &str) {
        for p in when.filled.iter().chain(&when.any).chain(&when.empty) {
            self.reference(p, what);
        }
    }

    fn placeholders(&mut self, text: &str, what: &str) {
        for path in placeholders(text) {
            self.reference(path, what);
        }
    }

    fn block(&mut self, n: usize, b: &Block) {
        let what = format!("第 {n} 个 [[block]]");
        if let Some(w) = &b.when {
            self.when(w, &what);
        }
        for t in &b.grid {
            if t.cols.is_some() == t.share.is_some() || t.cols == Some(0) || t.share == Some(0) {
                self.push(
                    Code::SpanPastGrid,
                    "",
                    format!(
                        "{what} 的 grid 中每一列须写 cols（固定列数，≥1）或 share（比例，≥1）之一"
                    ),
                    "例如 grid = [{ cols = 2 }, { share = 1 }]",
                );
            }
        }
        match b.kind {
            BlockKind::Rows => self.rows(&what, b),
            BlockKind::Pairs => {
                for item in &b.items {
                    self.cell(item, &what, true);
                    if item.field.is_none() && item.format.is_none() {
                        self.push(
                            Code::BadCell,
                            item.label.as_deref().unwrap_or(""),
                            format!("{what} 的每一项须写 field 或 format"),
                            "",
                        );
                    }
                }
                if b.per_row == 0 {
                    self.push(
                        Code::SpanPastGrid,
                        "",
                        format!("{what} 的 per_row 须至少为 1"),
                        "",
                    );
                }
            }
            BlockKind::Table => self.table(&what, b),
            BlockKind::Indicators => self.indicators(&what, b),
            BlockKind::Note => {
                for t in b.left.iter().chain(&b.right) {
                    self.placeholders(&t.clone(), &what);
                }
            }
        }
    }

    /// A cell shows one thing: a fixed label, a field, or a composed text. A `pairs`
    /// item's `label` is the label printed before its value, so it may come with either.
    fn cell(&mut self, c: &CellDef, what: &str, pair: bool) {
        let label = usize::from(c.label.is_some() && !pair);
        let sources = label + usize::from(c.field.is_some()) + usize::from(c.format.is_some());
        if sources > 1 {
            self.push(
                Code::BadCell,
                c.field.as_deref().or(c.label.as_deref()).unwrap_or(""),
                format!("{what} 中的一个单元格同时写了 label、field、format 中的两项"),
                "固定文字用 label，显示字段用 field，由几个字段组成的文字用 format",
            );
        }
        if let Some(f) = &c.field {
            self.reference(f, what);
        }
        if let Some(f) = &c.of {
            self.reference(f, what);
        }
        if let Some(t) = &c.format {
            self.placeholders(t, what);
        }
        if let Some(w) = &c.when {
            self.when(w, what);
        }
        if c.span == 0 || c.rows == 0 {
            self.push(
                Code::SpanPastGrid,
                "",
                format!("{what} 中单元格的 span、rows 须至少为 1"),
                "",
            );
        }
    }

    fn rows(&mut self, what: &str, b: &Block) {
        let tracks = b.grid.len().max(1);
        // Columns of the block's grid taken by cells that reach down from earlier rows.
        let mut below: Vec<usize> = vec![0; tracks];
        for (r, row) in b.rows.iter().enumerate() {
            if let Some(w) = &row.when {
                self.when(w, what);
            }
            let mut col = 0;
            for c in &row.cells {
                self.cell(c, what, false);
                while col < tracks && below[col] > 0 {
                    col += 1;
                }
                if col + c.span > tracks {
                    self.push(
                        Code::SpanPastGrid,
                        c.field.as_deref().or(c.label.as_deref()).unwrap_or(""),
                        format!(
                            "{what} 第 {} 行的单元格超出了这一块的 {tracks} 列（grid）",
                            r + 1
                        ),
                        "减小 span，或在 grid 中增加列",
                    );
                    break;
                }
                for k in col..col + c.span {
                    below[k] = below[k].max(c.rows);
                }
                col += c.span;
            }
            for slot in &mut below {
                *slot = slot.saturating_sub(1);
            }
        }
    }

    fn array_section(&mut self, what: &str, b: &Block) -> Option<String> {
        let Some(array) = b.array.clone() else {
            self.push(
                Code::UnknownFieldRef,
                "",
                format!("{what} 缺少 array（取自规格中的哪一组行）"),
                "",
            );
            return None;
        };
        Some(array)
    }

    fn table(&mut self, what: &str, b: &Block) {
        let Some(array) = self.array_section(what, b) else {
            return;
        };
        match self.def.section(&array) {
            Some(s) if s.rows => {}
            _ => {
                self.push(
                    Code::UnknownFieldRef,
                    &array,
                    format!("{what} 的 array = \"{array}\" 不是表样中定义的多行部分（rows = true 的 [[section]]）"),
                    "",
                );
                return;
            }
        }
        for c in &b.columns {
            self.reference(&join(&array, &c.key), what);
        }
    }

    fn indicators(&mut self, what: &str, b: &Block) {
        if self.array_section(what, b).is_none() {
            return;
        }
        for c in &b.columns {
            if !INDICATOR_COLUMNS.contains(&c.key.as_str()) {
                self.push(
                    Code::UnknownColumn,
                    &c.key.clone(),
                    format!("{what} 中的指标列“{}”不在指标列的词汇表中", c.key),
                    &format!("可用的列：{}", INDICATOR_COLUMNS.join("、")),
                );
            }
        }
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
