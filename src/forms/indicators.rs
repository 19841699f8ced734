//! The indicator block shared by every form kind: its optional columns and the rows of the
//! 年度绩效指标 part of the sheet, with 一级/二级 runs merged as on the printed form.

use crate::model::Indicator;
use crate::money::format_money;
use crate::sheet::{Align, Role, SheetBuilder, label, runs, value};
use crate::spec::fields::{Field, Kind, Section};

/// The field table of an indicator array a definition may print: `indicators`, or the
/// long-term (中期) set `midterm_indicators` with the same fields.
pub fn array_section(key: &str) -> Option<&'static Section> {
    match key {
        "indicators" => Some(&FIELDS),
        "midterm_indicators" => Some(&crate::forms::project::fields::MIDTERM_INDICATORS),
        _ => None,
    }
}

/// One `[[indicators]]` row's fields, shared by every form: the walker, the skeletons'
/// field lists and the columns below take their keys and labels from here.
pub const FIELDS: Section = Section {
    key: "indicators",
    label: "年度绩效指标",
    required: true,
    doc: "年度绩效指标：每个三级指标复制一段 [[indicators]]",
    fields: &[
        field(
            "level1",
            "一级指标",
            Kind::Text,
            true,
            "产出指标、效益指标、满意度指标（三类必须都有），也可用 成本指标",
        ),
        field(
            "level2",
            "二级指标",
            Kind::Text,
            false,
            "须属于所在一级指标，如 数量指标、社会效益指标",
        ),
        field(
            "name",
            "三级指标",
            Kind::Text,
            true,
            "具体的指标名称，同一表中不能重名",
        ),
        field("explanation", "内涵解释", Kind::Text, false, "指标解释"),
        field("basis", "设置依据", Kind::Text, false, "设置依据"),
        field(
            "method",
            "指标计算公式或方法",
            Kind::Text,
            false,
            "如 统计法、抽样调查问卷",
        ),
        field(
            "scoring",
            "评分标准",
            Kind::Text,
            false,
            "如 得分=完成数量/目标数量*指标分值",
        ),
        field(
            "standard",
            "绩效标准",
            Kind::Text,
            false,
            "如 计划标准、历史标准",
        ),
        field(
            "value_type",
            "指标值类型",
            Kind::Text,
            false,
            "定量 或 定性",
        ),
        field(
            "target",
            "目标值",
            Kind::Target,
            true,
            "符号+数字+单位，如 ≥300.00册；定性直接写文字",
        ),
        field("unit", "计量单位", Kind::Text, false, "单位单列一栏时使用"),
        field(
            "weight",
            "指标分值",
            Kind::Amount,
            false,
            "数字；写了分值时项目表合计应为 90 或 100",
        ),
        field("note", "备注", Kind::Text, false, "备注"),
    ],
};

/// An indicator field: every one is text-like and its skeleton example is empty.
const fn field(
    key: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    doc: &'static str,
) -> Field {
    crate::spec::fields::field(key, label, kind, required, doc, "\"\"")
}

/// How a column's value is read from an indicator.
type Getter = fn(&Indicator) -> Option<String>;

/// One optional indicator column after 三级指标.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// Stable key, also the spec field (`explanation`, `target`, …).
    pub key: &'static str,
    /// Header where a definition does not give one.
    pub label: &'static str,
    /// Relative width.
    pub weight: u32,
    /// Alignment of the values.
    pub align: Align,
    /// Shown even when no row has a value.
    pub always: bool,
    get: Getter,
}

/// The optional indicator columns in the Fujian order.
pub const COLUMNS: &[Column] = &[
    Column {
        key: "value_type",
        label: "指标值类型",
        weight: 6,
        align: Align::Center,
        always: false,
        get: |i| i.value_type.clone(),
    },
    Column {
        key: "explanation",
        label: "内涵解释",
        weight: 15,
        align: Align::Left,
        always: false,
        get: |i| i.explanation.clone(),
    },
    Column {
        key: "basis",
        label: "设置依据",
        weight: 15,
        align: Align::Left,
        always: false,
        get: |i| i.basis.clone(),
    },
    Column {
        key: "method",
        label: "指标计算公式或方法",
        weight: 9,
        align: Align::Center,
        always: false,
        get: |i| i.method.clone(),
    },
    Column {
        key: "scoring",
        label: "评分标准",
        weight: 13,
        align: Align::Left,
        always: false,
        get: |i| i.scoring.clone(),
    },
    Column {
        key: "target",
        label: "目标值",
        weight: 10,
        align: Align::Center,
        always: true,
        get: |i| Some(i.target.text.clone()),
    },
    Column {
        key: "unit",
        label: "计量单位",
        weight: 6,
        align: Align::Center,
        always: false,
        get: |i| i.unit.clone(),
    },
    Column {
        key: "standard",
        label: "绩效标准",
        weight: 9,
        align: Align::Center,
        always: false,
        get: |i| i.standard.clone(),
    },
    Column {
        key: "weight",
        label: "指标分值",
        weight: 6,
        align: Align::Center,
        always: false,
        get: |i| i.weight.map(format_money),
    },
    Column {
        key: "note",
        label: "备注",
        weight: 10,
        align: Align::Left,
        always: false,
        get: |i| i.note.clone(),
    },
    // The 自评表's columns: what was achieved, the computed score, and why not all.
    Column {
        key: "target_value",
        label: "指标值",
        weight: 8,
        align: Align::Center,
        always: false,
        get: target_value,
    },
    Column {
        key: "actual",
        label: "实际完成值",
        weight: 10,
        align: Align::Center,
        always: false,
        get: |i| i.evaluation.as_ref().map(|e| e.actual.clone()),
    },
    Column {
        key: "score",
        label: "得分",
        weight: 6,
        align: Align::Center,
        always: false,
        get: |i| i.evaluation.as_ref().map(|e| e.score.clone()),
    },
    Column {
        key: "reason",
        label: "偏差原因分析及改进措施",
        weight: 15,
        align: Align::Left,
        always: false,
        get: |i| i.evaluation.as_ref().and_then(|e| e.reason.clone()),
    },
];

/// The 目标值 without its operator and unit, for forms that print them in their own
/// columns (四川 自评: 指标性质 / 指标值 / 度量单位); a 定性 target as written.
fn target_value(i: &Indicator) -> Option<String> {
    match &i.target.kind {
        crate::target::TargetKind::Quantitative { value, .. } => {
            Some(value.normalize().to_string())
        }
        crate::target::TargetKind::Qualitative => Some(i.target.text.clone()),
    }
}

/// Width weights of the 一级/二级/三级 columns.
pub const LEVEL_WEIGHTS: [u32; 3] = [7, 8, 14];

impl Column {
    /// The column's text for one indicator, if it has one.
    pub fn value(&self, indicator: &Indicator) -> Option<String> {
        (self.get)(indicator)
    }
}

/// 指标值类型, where written, is 定量 or 定性.
pub fn check_value_types(raw: &crate::spec::RawSpec, diags: &mut Vec<crate::diag::Diagnostic>) {
    for ind in &raw.indicators {
        let Some(v) = &ind.value_type else { continue };
        if matches!(v.value.trim(), "定量" | "定性") {
            continue;
        }
        diags.push(
            crate::diag::Diagnostic::at(
                crate::diag::Code::BadValueType,
                v.span.clone(),
                format!("指标值类型“{}”只能是“定量”或“定性”", v.value),
            )
            .with_hint("数字目标写 value_type = \"定量\"，文字描述的目标写 value_type = \"定性\""),
        );
    }
}

/// Labels of the indicator block.
pub struct Block<'a> {
    /// The section label at the left (年度绩效指标), or none when the form has no
    /// section-label column: the 一级 column is then the grid's first.
    pub section: Option<&'a str>,
    /// The spec's array the rows come from (`indicators`).
    pub array: &'a str,
    /// The headers of the 一级/二级/三级 columns.
    pub levels: [&'a str; 3],
}

impl Block<'_> {
    /// The grid column of the 一级 column.
    fn base(&self) -> usize {
        usize::from(self.section.is_some())
    }

    /// What a row's cell is called in messages.
    fn row_field(&self, n: usize, what: &str) -> String {
        // Built by hand, as `path`: a cell each, and `format!` cost 0.25 M instructions
        // on the seed for these two.
        let section = self.section.unwrap_or("绩效指标");
        let mut s = String::with_capacity(section.len() + what.len() + 24);
        s.push_str(section);
        s.push('第');
        s.push(' ');
        push_number(&mut s, n);
        s.push_str(" 行的“");
        s.push_str(what);
        s.push('”');
        s
    }

    /// The spec path of row `i`'s `key`: `indicators[3].name`.
    fn path(&self, i: usize, key: &str) -> String {
        let mut s = String::with_capacity(self.array.len() + key.len() + 8);
        s.push_str(self.array);
        s.push('[');
        push_number(&mut s, i);
        s.push_str("].");
        s.push_str(key);
        s
    }
}

/// Appends `n` in decimal digits.
fn push_number(s: &mut String, n: usize) {
    s.push_str(itoa::Buffer::new().format(n));
}

/// Adds the indicator block from the builder's next row: the section label in column 0
/// (spanning the header and every row), the column header (repeated on continuation
/// pages), then one row per indicator with 一级/二级 runs merged.
pub fn push_block(
    b: &mut SheetBuilder,
    block: &Block<'_>,
    indicators: &[Indicator],
    columns: &[(&'static Column, String)],
) {
    let header = b.next_row();
    // The header's cells, then per indicator its 一级 and 二级 cells at most, its name and
    // its columns: the cells grew the sheet three times on the seed (0.04 M instructions).
    b.reserve(4 + columns.len() + indicators.len() * (3 + columns.len()));
    let base = block.base();
    if let Some(section) = block.section {
        b.push(label(
            Role::Section,
            header,
            0,
            indicators.len() + 1,
            1,
            section,
        ));
    }
    for (k, text) in block.levels.into_iter().enumerate() {
        b.push(label(Role::Header, header, base + k, 1, 1, text));
    }
    for (k, (c, text)) in columns.iter().enumerate() {
        b.push(keyed(
            label(Role::Header, header, base + 3 + k, 1, 1, text),
            c.key,
        ));
    }
    b.header_row(header);
    let first = header + 1;
    push_level_runs(b, block, indicators, first);
    for (i, ind) in indicators.iter().enumerate() {
        let row = first + i;
        let n = i + 1;
        let field = |what: &str| block.row_field(n, what);
        let path = |key: &str| block.path(i, key);
        b.push(keyed(
            value(
                Role::Value,
                Align::Center,
                (row, base + 2),
                (1, 1),
                &ind.name,
                path("name"),
                field("三级指标"),
            ),
            "name",
        ));
        for (k, (c, header)) in columns.iter().enumerate() {
            let text = (c.get)(ind).unwrap_or_default();
            b.push(keyed(
                value(
                    Role::Value,
                    c.align,
                    (row, base + 3 + k),
                    (1, 1),
                    &text,
                    path(c.key),
                    field(header),
                ),
                c.key,
            ));
        }
    }
}

/// Merged 一级 cells over runs of the same 一级 and, inside them, 二级 cells over runs of
/// the same 二级; a run with no 二级 at all lets its 一级 cell cover both columns.
fn push_level_runs(
    b: &mut SheetBuilder,
    block: &Block<'_>,
    indicators: &[Indicator],
    first: usize,
) {
    for (start, len) in runs(indicators, |i| i.level1.clone()) {
        let run = &indicators[start..start + len];
        let no_level2 = run
            .iter()
            .all(|i| i.level2.as_deref().unwrap_or("").is_empty());
        let n = start + 1;
        let mut cell = value(
            Role::Value,
            Align::Center,
            (first + start, block.base()),
            (len, if no_level2 { 2 } else { 1 }),
            &run[0].level1,
            format!("{}[{start}].level1", block.array),
            block.row_field(n, "一级指标"),
        );
        cell.repeat = true;
        b.push(keyed(cell, "level1"));
        if no_level2 {
            continue;
        }
        for (s2, len2) in runs(run, |i| i.level2.clone().unwrap_or_default()) {
            let at = start + s2;
            let mut cell = value(
                Role::Value,
                Align::Center,
                (first + at, block.base() + 1),
                (len2, 1),
                run[s2].level2.as_deref().unwrap_or(""),
                format!("{}[{at}].level2", block.array),
                block.row_field(at + 1, "二级指标"),
            );
            cell.repeat = true;
            b.push(keyed(cell, "level2"));
        }
    }
}

fn keyed(mut cell: crate::sheet::Cell, key: &'static str) -> crate::sheet::Cell {
    cell.key = Some(key);
    cell
}

/// One set of side-by-side indicator columns (二级, 三级, then its own columns) and the
/// rows of its array.
pub struct Set<'a> {
    /// The spec's array (`midterm_indicators`).
    pub array: &'a str,
    /// The headers of its 二级 and 三级 columns.
    pub levels: [&'a str; 2],
    /// Its rows.
    pub rows: &'a [Indicator],
    /// Its columns after 三级, with their headers.
    pub columns: Vec<(&'static Column, String)>,
    /// The set whose 二级 this one prints where it has no row of its own.
    pub level2_from: Option<usize>,
}

/// Width weights of a side-by-side block: one 一级 column, then per set 二级, 三级 and
/// the set's columns.
pub fn set_weights(columns: &[Vec<(&'static Column, String)>]) -> Vec<u32> {
    let mut weights = vec![LEVEL_WEIGHTS[0]];
    for set in columns {
        weights.extend(&LEVEL_WEIGHTS[1..]);
        weights.extend(set.iter().map(|(c, _)| c.weight));
    }
    weights
}

/// The rows of one 一级 across the sets: per set, the indices of its rows under it.
struct Group<'a> {
    level1: &'a str,
    /// The first row naming it: (set, index).
    first: (usize, usize),
    members: Vec<Vec<usize>>,
}

impl Group<'_> {
    /// Printed rows: the longest set's count.
    fn height(&self) -> usize {
        self.members.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

/// The 一级 groups in printed order: each set's own order kept, a 一级 one set lacks
/// placed where the other sets put it.
fn groups<'a>(sets: &[Set<'a>]) -> Vec<Group<'a>> {
    let mut out: Vec<Group<'a>> = Vec::new();
    for (s, set) in sets.iter().enumerate() {
        let mut cursor = 0;
        for (i, ind) in set.rows.iter().enumerate() {
            let g = match out.iter().position(|g| g.level1 == ind.level1) {
                Some(g) => g,
                None => {
                    out.insert(
                        cursor,
                        Group {
                            level1: &ind.level1,
                            first: (s, i),
                            members: vec![Vec::new(); sets.len()],
                        },
                    );
                    cursor
                }
            };
            out[g].members[s].push(i);
            cursor = g + 1;
        }
    }
    out
}

/// Adds a side-by-side indicator block: the section label, one header row (一级, then
/// each set's 二级, 三级 and columns), then per 一级 as many rows as its longest set,
/// the 一级 merged over them and each set's 二级 runs merged within.
pub fn push_sets(b: &mut SheetBuilder, section: Option<&str>, level1: &str, sets: &[Set<'_>]) {
    let groups = groups(sets);
    let height: usize = groups.iter().map(Group::height).sum();
    let header = b.next_row();
    let base = usize::from(section.is_some());
    let named = Block {
        section,
        array: "indicators",
        levels: [level1, "", ""],
    };
    if let Some(section) = section {
        b.push(label(Role::Section, header, 0, height + 1, 1, section));
    }
    b.push(label(Role::Header, header, base, 1, 1, level1));
    let mut offsets = Vec::with_capacity(sets.len());
    let mut col = base + 1;
    for set in sets {
        offsets.push(col);
        b.push(label(Role::Header, header, col, 1, 1, set.levels[0]));
        b.push(label(Role::Header, header, col + 1, 1, 1, set.levels[1]));
        for (k, (c, text)) in set.columns.iter().enumerate() {
            b.push(keyed(
                label(Role::Header, header, col + 2 + k, 1, 1, text),
                c.key,
            ));
        }
        col += 2 + set.columns.len();
    }
    b.header_row(header);
    let mut row = header + 1;
    for g in &groups {
        let h = g.height();
        let (s, i) = g.first;
        let mut cell = value(
            Role::Value,
            Align::Center,
            (row, base),
            (h, 1),
            g.level1,
            format!("{}[{i}].level1", sets[s].array),
            named.row_field(i + 1, level1),
        );
        cell.repeat = true;
        b.push(keyed(cell, "level1"));
        for (s, &col) in offsets.iter().enumerate() {
            let cx = SetCx {
                sets,
                set: s,
                group: g,
                named: &named,
                col,
            };
            cx.push_level2(b, row, h);
            for k in 0..h {
                cx.push_row(b, row + k, g.members[s].get(k).copied());
            }
        }
        row += h;
    }
}

/// One set's columns within one 一级 group.
struct SetCx<'a, 'b> {
    sets: &'a [Set<'b>],
    set: usize,
    group: &'a Group<'b>,
    named: &'a Block<'a>,
    col: usize,
}

impl SetCx<'_, '_> {
    /// The 二级 at each printed position: the set's own, or the one it mirrors, with the
    /// path it comes from.
    fn level2_at(&self, k: usize) -> Option<(String, String)> {
        let of = |s: usize| {
            let set = &self.sets[s];
            let i = *self.group.members[s].get(k)?;
            let text = set.rows[i].level2.clone().unwrap_or_default();
            Some((text, format!("{}[{i}].level2", set.array)))
        };
        match self.group.members[self.set].get(k) {
            Some(_) => of(self.set),
            None => self.sets[self.set].level2_from.and_then(of),
        }
    }

    /// The 二级 column: runs of the same name merged, empty positions one cell each.
    fn push_level2(&self, b: &mut SheetBuilder, row: usize, h: usize) {
        let texts: Vec<Option<(String, String)>> = (0..h)
            .map(|k| self.level2_at(k).filter(|(text, _)| !text.is_empty()))
            .collect();
        let header = self.sets[self.set].levels[0];
        let mut k = 0;
        while k < h {
            let (text, path, len) = match &texts[k] {
                Some((text, path)) => {
                    let same = |t: &Option<(String, String)>| {
                        t.as_ref().is_some_and(|(other, _)| other == text)
                    };
                    let len = texts[k..].iter().take_while(|t| same(t)).count();
                    (text.as_str(), path.clone(), len)
                }
                None => ("", String::new(), 1),
            };
            let mut cell = value(
                Role::Value,
                Align::Center,
                (row + k, self.col),
                (len, 1),
                text,
                path,
                self.field(self.index(k), header),
            );
            cell.repeat = !text.is_empty();
            b.push(keyed(cell, "level2"));
            k += len;
        }
    }

    /// The set's row at a printed position of the group, if it has one.
    fn index(&self, k: usize) -> Option<usize> {
        self.group.members[self.set].get(k).copied()
    }

    /// What a cell is called in messages.
    fn field(&self, index: Option<usize>, what: &str) -> String {
        match index {
            Some(i) => self.named.row_field(i + 1, what),
            None => format!("{}的空白格", self.named.section.unwrap_or("绩效指标")),
        }
    }

    /// One printed row of the set: its 三级 and columns, blank where it has no row here.
    fn push_row(&self, b: &mut SheetBuilder, row: usize, index: Option<usize>) {
        let set = &self.sets[self.set];
        let ind = index.map(|i| &set.rows[i]);
        let path = |key: &str| {
            index
                .map(|i| format!("{}[{i}].{key}", set.array))
                .unwrap_or_default()
        };
        b.push(keyed(
            value(
                Role::Value,
                Align::Center,
                (row, self.col + 1),
                (1, 1),
                ind.map_or("", |i| i.name.as_str()),
                path("name"),
                self.field(index, set.levels[1]),
            ),
            "name",
        ));
        for (k, (c, header)) in set.columns.iter().enumerate() {
            let text = ind.and_then(|i| (c.get)(i)).unwrap_or_default();
            b.push(keyed(
                value(
                    Role::Value,
                    c.align,
                    (row, self.col + 2 + k),
                    (1, 1),
                    &text,
                    path(c.key),
                    self.field(index, header),
                ),
                c.key,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{COLUMNS, FIELDS};
    use crate::formdef::INDICATOR_COLUMNS;

    #[test]
    fn row_names_and_paths_are_spelled_as_messages_show_them() {
        let block = super::Block {
            section: Some("年度绩效指标"),
            array: "indicators",
            levels: ["一级指标", "二级指标", "三级指标"],
        };
        assert_eq!(block.path(0, "name"), "indicators[0].name");
        assert_eq!(block.path(1207, "target"), "indicators[1207].target");
        assert_eq!(
            block.row_field(10, "指标值"),
            "年度绩效指标第 10 行的“指标值”"
        );
        let bare = super::Block {
            section: None,
            ..block
        };
        assert_eq!(bare.row_field(3, "三级指标"), "绩效指标第 3 行的“三级指标”");
    }

    /// The 自评 columns: printed from the evaluation, not fields of a goal table's rows.
    const SELF_EVALUATION: &[&str] = &["target_value", "actual", "score", "reason"];

    /// The indicator vocabulary is written in a few places (the definitions' check, the
    /// printed columns, the spec fields); they must name the same columns.
    #[test]
    fn the_indicator_vocabulary_agrees_everywhere() {
        let printed: Vec<&str> = COLUMNS.iter().map(|c| c.key).collect();
        assert_eq!(printed, INDICATOR_COLUMNS);
        let mut fields: Vec<&str> = FIELDS
            .fields
            .iter()
            .map(|f| f.key)
            .filter(|k| !["level1", "level2", "name"].contains(k))
            .collect();
        let mut goal: Vec<&str> = INDICATOR_COLUMNS
            .iter()
            .copied()
            .filter(|k| !SELF_EVALUATION.contains(k))
            .collect();
        fields.sort_unstable();
        goal.sort_unstable();
        assert_eq!(
            fields, goal,
            "spec fields of [[indicators]] against the columns"
        );
    }
}
