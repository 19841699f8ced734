//! The printed form built from its definition: each `[[block]]` of the definition becomes
//! rows of the [`Sheet`] grid, cells taking their text from the validated table by field
//! path. The grid's columns are the indicator table's (a section-label column, 一级/二级/三级,
//! then the indicator columns in use); every other block lays its own columns (`grid`)
//! over them, in whole grid columns.

use crate::formdef::{AlignDef, Block, BlockKind, CellDef, FormDef, RoleDef, Show, When};
use crate::model::{FieldValue, Table};
use crate::sheet::{
    Align, Cell, Role, Sheet, SheetBuilder, label, paragraphs, runs, split_columns,
    text_paragraphs, value,
};

use super::indicators::{self, COLUMNS, Column, LEVEL_WEIGHTS};

/// Why a definition could not be laid out on this table's grid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("表样第 {block} 块需要 {needed} 列，但这张表只有 {available} 列（由绩效指标表的列数决定）")]
pub struct SheetError {
    /// The block (1-based).
    pub block: usize,
    /// Grid columns the block needs.
    pub needed: usize,
    /// Grid columns the table has.
    pub available: usize,
}

/// Builds the printed form of a validated table from its definition.
pub fn build(table: &Table) -> Result<Sheet, SheetError> {
    let def = table.definition();
    let columns = indicator_columns(def, table);
    // `label_width = 0`: the form has no section-label column (the 湘潭 申报表).
    let mut weights: Vec<u32> = [def.form.label_width]
        .into_iter()
        .filter(|w| *w > 0)
        .collect();
    match paired_block(def) {
        Some(block) => weights.extend(indicators::set_weights(&set_columns(block, table))),
        None => {
            weights.extend(LEVEL_WEIGHTS);
            weights.extend(columns.iter().map(|(c, _)| c.weight));
        }
    }
    let year = table.year();
    let owner = table
        .field(&def.form.owner)
        .map(|v| v.display().into_owned())
        .unwrap_or_default();
    let mut b = SheetBuilder::new(
        def.title_for(year),
        def.subtitle_for(year),
        owner,
        year,
        weights,
    );
    let cx = Cx {
        table,
        def,
        columns: &columns,
    };
    for (n, block) in def.blocks.iter().enumerate() {
        if !cx.holds(block.when.as_ref(), b.columns()) {
            continue;
        }
        cx.block(&mut b, block)
            .map_err(|(needed, available)| SheetError {
                block: n + 1,
                needed,
                available,
            })?;
    }
    let mut sheet = b.finish();
    // Computed cells (a 自评's scores) keep their formula beside the cached text.
    for cell in &mut sheet.cells {
        cell.formula = table.formula(&cell.path);
    }
    Ok(sheet)
}

/// The indicator columns the grid carries, with their headers: the first indicator
/// block's list, those no row fills left out where the block says `only_filled`. Every
/// indicator block of the form prints these columns, so the blocks line up.
fn indicator_columns(def: &FormDef, table: &Table) -> Vec<(&'static Column, String)> {
    let mut blocks = def
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Indicators);
    let Some(first) = blocks.next() else {
        return Vec::new();
    };
    let arrays: Vec<&str> = def
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Indicators)
        .filter_map(|b| b.array.as_deref())
        .collect();
    first
        .columns
        .iter()
        .filter_map(|cd| {
            let column = COLUMNS.iter().find(|c| c.key == cd.key)?;
            let shown = !first.only_filled
                || cd.always
                || arrays.iter().any(|a| {
                    table
                        .indicator_rows(a)
                        .iter()
                        .any(|i| column.value(i).is_some())
                });
            let header = cd.label.clone().unwrap_or_else(|| column.label.to_owned());
            shown.then_some((column, header))
        })
        .collect()
}

/// The form's indicator block of side-by-side sets, if it has one (then it is the only
/// indicator block: the definition check makes sure).
fn paired_block(def: &FormDef) -> Option<&Block> {
    def.blocks
        .iter()
        .find(|b| b.kind == BlockKind::Indicators && !b.sets.is_empty())
}

/// Each set's columns after 三级, with their headers; a set's column no row of its array
/// fills is left out where the block says `only_filled`.
fn set_columns(block: &Block, table: &Table) -> Vec<Vec<(&'static Column, String)>> {
    block
        .sets
        .iter()
        .map(|set| {
            let rows = table.indicator_rows(&set.array);
            set.columns
                .iter()
                .filter_map(|cd| {
                    let column = COLUMNS.iter().find(|c| c.key == cd.key)?;
                    let shown = !block.only_filled
                        || cd.always
                        || rows.iter().any(|i| column.value(i).is_some());
                    let header = cd.label.clone().unwrap_or_else(|| column.label.to_owned());
                    shown.then_some((column, header))
                })
                .collect()
        })
        .collect()
}

struct Cx<'a> {
    table: &'a Table,
    def: &'a FormDef,
    columns: &'a [(&'static Column, String)],
}

/// A block that needs more grid columns than there are: (needed, available).
type Cramped = (usize, usize);

impl Cx<'_> {
    fn block(&self, b: &mut SheetBuilder, block: &Block) -> Result<(), Cramped> {
        match block.kind {
            BlockKind::Rows => self.rows(b, block),
            BlockKind::Pairs => self.pairs(b, block),
            BlockKind::Table => self.table_block(b, block),
            BlockKind::Indicators => {
                self.indicators(b, block);
                Ok(())
            }
            BlockKind::Note => {
                self.note(b, block);
                Ok(())
            }
        }
    }

    /// Whether a path is filled: a row array with rows, or a field with a non-blank value.
    fn filled(&self, path: &str) -> bool {
        if self.table.row_count(path) > 0 {
            return true;
        }
        self.table
            .field(path)
            .is_some_and(|v| !v.display().trim().is_empty())
    }

    fn holds(&self, when: Option<&When>, columns: usize) -> bool {
        let Some(w) = when else { return true };
        w.filled.iter().all(|p| self.filled(p))
            && (w.any.is_empty() || w.any.iter().any(|p| self.filled(p)))
            && !w.empty.iter().any(|p| self.filled(p))
            && w.columns_min.is_none_or(|n| columns >= n)
            && w.columns_below.is_none_or(|n| columns < n)
    }

    fn display(&self, path: &str) -> String {
        self.table
            .field(path)
            .map(|v| v.display().into_owned())
            .unwrap_or_default()
    }

    /// A composed text: each `{path}` replaced by its value (empty when not filled).
    fn compose(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let path = &after[..close];
            if path == "year" {
                out.push_str(&self.table.year().to_string());
            } else {
                out.push_str(&self.display(path));
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    fn field_label(&self, path: &str) -> String {
        self.def
            .field(path)
            .map(|f| f.label.clone())
            .unwrap_or_else(|| path.to_owned())
    }

    /// The role a field's value reads with when the definition does not say.
    fn field_role(&self, path: &str) -> Role {
        match self.table.field(path) {
            Some(FieldValue::Money(_)) => Role::Amount,
            _ => match self.def.field(path).map(|f| f.kind) {
                Some(crate::formdef::FieldKind::Money) => Role::Amount,
                _ => Role::Value,
            },
        }
    }

    /// The cell a definition cell describes, at a place of the grid.
    fn cell(&self, c: &CellDef, (row, col): (usize, usize), (rows, cols): (usize, usize)) -> Cell {
        if let (Some(text), None, None) = (&c.label, &c.field, &c.format) {
            let role = c.role.map_or(Role::Label, role_of);
            let mut cell = label(role, row, col, rows, cols, text);
            if let Some(a) = c.align {
                cell.align = align_of(a);
            }
            return cell;
        }
        let (text, path, role, name) = match (&c.field, &c.format) {
            (Some(path), _) => {
                let text = match (c.show, &c.of) {
                    (Some(Show::Share), Some(of)) => self.share(path, of),
                    _ => self.display(path),
                };
                let role = c.role.map_or_else(|| self.field_role(path), role_of);
                (text, path.clone(), role, self.field_label(path))
            }
            (None, Some(template)) => (
                self.compose(template),
                String::new(),
                c.role.map_or(Role::Value, role_of),
                String::new(),
            ),
            (None, None) => (String::new(), String::new(), Role::Value, String::new()),
        };
        let align = c.align.map_or(Align::Center, align_of);
        let name = c.name.clone().or(c.label.clone()).unwrap_or(name);
        let path = c.path.clone().unwrap_or(path);
        let mut cell = value(role, align, (row, col), (rows, cols), "", path, name);
        // Long text is set as paragraphs without its blank lines; other values keep their
        // lines as written.
        cell.paras = if role == Role::Text {
            text_paragraphs(&text)
        } else {
            paragraphs(&text)
        };
        if let Some(indent) = c.indent {
            cell.indent = indent;
        }
        cell
    }

    /// A value's share of a total, as printed (`62.50%`; empty when the total is zero).
    fn share(&self, part: &str, total: &str) -> String {
        match (self.table.field(part), self.table.field(total)) {
            (Some(FieldValue::Money(p)), Some(FieldValue::Money(t))) => {
                crate::forms::department::rules::share(p, t)
            }
            _ => String::new(),
        }
    }

    /// Where a block's cells go: the first grid column and how many it spans (the
    /// section-label column is the block's own when it has a section label).
    fn area(&self, b: &SheetBuilder, block: &Block) -> (usize, usize) {
        if block.section.is_some() && self.def.form.label_width > 0 {
            (1, b.columns() - 1)
        } else {
            (0, b.columns())
        }
    }

    fn rows(&self, b: &mut SheetBuilder, block: &Block) -> Result<(), Cramped> {
        let cols = b.columns();
        let shown: Vec<_> = block
            .rows
            .iter()
            .filter(|r| self.holds(r.when.as_ref(), cols))
            .collect();
        if shown.is_empty() {
            return Ok(());
        }
        let (start, width) = self.area(b, block);
        let spans = tracks(block, width)?;
        let mut starts = Vec::with_capacity(spans.len());
        let mut at = start;
        for s in &spans {
            starts.push(at);
            at += s;
        }
        let first = b.next_row();
        if let Some(section) = block.section.as_ref().filter(|_| start == 1) {
            b.push(label(Role::Section, first, 0, shown.len(), 1, section));
        }
        // Tracks still covered by a cell from a row above: rows left to cover.
        let mut below = vec![0usize; spans.len()];
        for (k, row) in shown.iter().enumerate() {
            let r = first + k;
            let mut t = 0;
            for c in &row.cells {
                while t < spans.len() && below[t] > 0 {
                    t += 1;
                }
                let end = (t + c.span).min(spans.len());
                if t >= end {
                    // Checked with the definition: a row never runs past its grid.
                    break;
                }
                let colspan: usize = spans[t..end].iter().sum();
                let rowspan = c.rows.min(shown.len() - k).max(1);
                b.push(self.cell(c, (r, starts[t]), (rowspan, colspan)));
                for slot in &mut below[t..end] {
                    *slot = rowspan;
                }
                t = end;
            }
            for slot in &mut below {
                *slot = slot.saturating_sub(1);
            }
            if row.keep {
                b.keep_with_next(r);
            }
        }
        Ok(())
    }

    /// Label/value pairs packed `per_row` to a row: the first label in the section-label
    /// column, the other cells sharing the rest (labels 2 parts, values 3).
    fn pairs(&self, b: &mut SheetBuilder, block: &Block) -> Result<(), Cramped> {
        let cols = b.columns();
        let items: Vec<&CellDef> = block
            .items
            .iter()
            .filter(|c| self.holds(c.when.as_ref(), cols))
            .filter(|c| c.format.is_some() || c.field.as_deref().is_some_and(|p| self.filled(p)))
            .collect();
        for chunk in items.chunks(block.per_row.max(1)) {
            let mut shares = Vec::new();
            for k in 0..chunk.len() {
                if k > 0 {
                    shares.push(2);
                }
                shares.push(3);
            }
            if shares.len() > cols - 1 {
                return Err((shares.len() + 1, cols));
            }
            let spans = split_columns(cols - 1, &shares);
            let row = b.next_row();
            let mut col = 0;
            let mut span = spans.into_iter();
            for (k, item) in chunk.iter().enumerate() {
                let label_span = if k == 0 { 1 } else { span.next().unwrap_or(1) };
                let text = item.label.clone().unwrap_or_else(|| {
                    item.field
                        .as_deref()
                        .map(|p| self.field_label(p))
                        .unwrap_or_default()
                });
                b.push(label(Role::Label, row, col, 1, label_span, &text));
                col += label_span;
                let value_span = span.next().unwrap_or(1);
                let source = CellDef {
                    label: None,
                    name: item.name.clone().or(Some(text)),
                    ..(*item).clone()
                };
                let mut cell = self.cell(&source, (row, col), (1, value_span));
                if cell.role == Role::Text && item.align.is_none() {
                    cell.align = Align::Left;
                }
                b.push(cell);
                col += value_span;
            }
        }
        Ok(())
    }

    /// Rows from an array of the spec under a column header, equal runs merged down the
    /// columns that say `merge`.
    fn table_block(&self, b: &mut SheetBuilder, block: &Block) -> Result<(), Cramped> {
        let array = block.array.as_deref().unwrap_or_default();
        let n = self.table.row_count(array);
        if n == 0 {
            return Ok(());
        }
        let (start, width) = self.area(b, block);
        let shares: Vec<u32> = block.columns.iter().map(|c| c.share.unwrap_or(1)).collect();
        if shares.len() > width {
            return Err((shares.len() + start, b.columns()));
        }
        let spans = split_columns(width, &shares);
        let mut starts = Vec::with_capacity(spans.len());
        let mut at = start;
        for s in &spans {
            starts.push(at);
            at += s;
        }
        let header = b.next_row();
        let section = block.section.as_deref().unwrap_or_default();
        if start == 1 {
            b.push(label(Role::Section, header, 0, n + 1, 1, section));
        }
        for (k, c) in block.columns.iter().enumerate() {
            let text = c
                .label
                .clone()
                .unwrap_or_else(|| self.field_label(&format!("{array}.{}", c.key)));
            b.push(label(Role::Header, header, starts[k], 1, spans[k], &text));
        }
        b.header_row(header);
        let first = header + 1;
        for (k, c) in block.columns.iter().enumerate() {
            let path = format!("{array}.{}", c.key);
            let name = c.label.clone().unwrap_or_else(|| self.field_label(&path));
            let name = name.split('(').next().unwrap_or(&name).to_owned();
            let texts: Vec<(String, bool)> = (0..n)
                .map(|i| match self.table.row_field(array, i, &c.key) {
                    Some(v @ FieldValue::Money(_)) => (v.display().into_owned(), true),
                    Some(v) => (v.display().into_owned(), false),
                    None => (String::new(), false),
                })
                .collect();
            let is_money = self
                .def
                .field(&path)
                .is_some_and(|f| f.kind == crate::formdef::FieldKind::Money);
            let role = c
                .role
                .map_or(if is_money { Role::Amount } else { Role::Value }, role_of);
            let align = c.align.map_or(Align::Center, align_of);
            let groups = if c.merge {
                runs(&texts, |t| t.0.clone())
            } else {
                (0..n).map(|i| (i, 1)).collect()
            };
            for (at, len) in groups {
                let mut cell = value(
                    role,
                    align,
                    (first + at, starts[k]),
                    (len, spans[k]),
                    &texts[at].0,
                    format!("{array}[{at}].{}", c.key),
                    format!("{section}第 {} 行的“{name}”", at + 1),
                );
                cell.indent = false;
                b.push(cell);
            }
        }
        Ok(())
    }

    fn indicators(&self, b: &mut SheetBuilder, block: &Block) {
        if !block.sets.is_empty() {
            self.indicator_sets(b, block);
            return;
        }
        let array = block.array.as_deref().unwrap_or("indicators");
        let level = |k: usize, default: &'static str| -> &str {
            block.levels.get(k).map_or(default, String::as_str)
        };
        indicators::push_block(
            b,
            &indicators::Block {
                section: block
                    .section
                    .as_deref()
                    .filter(|_| self.def.form.label_width > 0),
                array,
                levels: [
                    level(0, "一级指标"),
                    level(1, "二级指标"),
                    level(2, "三级指标"),
                ],
            },
            self.table.indicator_rows(array),
            self.columns,
        );
    }

    /// Side-by-side sets (the 88号 table's 长期 and 年度 columns) beside one 一级 column.
    fn indicator_sets(&self, b: &mut SheetBuilder, block: &Block) {
        let columns = set_columns(block, self.table);
        let arrays: Vec<&str> = block.sets.iter().map(|s| s.array.as_str()).collect();
        let sets: Vec<indicators::Set<'_>> = block
            .sets
            .iter()
            .zip(columns)
            .map(|(set, columns)| {
                let level = |k: usize, default: &'static str| -> &str {
                    set.levels.get(k).map_or(default, String::as_str)
                };
                indicators::Set {
                    array: &set.array,
                    levels: [level(0, "二级指标"), level(1, "三级指标")],
                    rows: self.table.indicator_rows(&set.array),
                    columns,
                    level2_from: set
                        .level2_from
                        .as_deref()
                        .and_then(|a| arrays.iter().position(|x| *x == a)),
                }
            })
            .collect();
        let section = block
            .section
            .as_deref()
            .filter(|_| self.def.form.label_width > 0);
        let level1 = block.levels.first().map_or("一级指标", String::as_str);
        indicators::push_sets(b, section, level1, &sets);
    }

    /// A line outside the ruled table: text at the left and at the right.
    fn note(&self, b: &mut SheetBuilder, block: &Block) {
        let cols = b.columns();
        let row = b.next_row();
        let left = block.left.as_deref().map(|t| self.compose(t));
        let right = block.right.as_deref().map(|t| self.compose(t));
        let note = |text: &str, col: usize, span: usize, align: Align| {
            let mut c = value(
                Role::Note,
                align,
                (row, col),
                (1, span),
                text,
                String::new(),
                "表外说明".into(),
            );
            c.indent = false;
            c
        };
        match (left, right) {
            (Some(l), Some(r)) => {
                let spans = split_columns(cols, &[2, 1]);
                b.push(note(&l, 0, spans[0], Align::Left));
                b.push(note(&r, spans[0], spans[1], Align::Right));
            }
            (Some(l), None) => b.push(note(&l, 0, cols, Align::Left)),
            (None, Some(r)) => b.push(note(&r, 0, cols, Align::Right)),
            (None, None) => {}
        }
    }
}

/// The grid columns each of a block's tracks covers within `width` columns.
fn tracks(block: &Block, width: usize) -> Result<Vec<usize>, Cramped> {
    if block.grid.is_empty() {
        return Ok(vec![width]);
    }
    let fixed: usize = block.grid.iter().filter_map(|t| t.cols).sum();
    let shares: Vec<u32> = block.grid.iter().filter_map(|t| t.share).collect();
    let needed = fixed + shares.len();
    if needed > width {
        return Err((needed + usize::from(block.section.is_some()), width));
    }
    let mut shared = split_columns(width - fixed, &shares).into_iter();
    Ok(block
        .grid
        .iter()
        .map(|t| t.cols.unwrap_or_else(|| shared.next().unwrap_or(1)))
        .collect())
}

fn role_of(r: RoleDef) -> Role {
    match r {
        RoleDef::Section => Role::Section,
        RoleDef::Label => Role::Label,
        RoleDef::Header => Role::Header,
        RoleDef::Value => Role::Value,
        RoleDef::Amount => Role::Amount,
        RoleDef::Text => Role::Text,
    }
}

fn align_of(a: AlignDef) -> Align {
    match a {
        AlignDef::Left => Align::Left,
        AlignDef::Center => Align::Center,
        AlignDef::Right => Align::Right,
        AlignDef::Justify => Align::Justify,
    }
}
