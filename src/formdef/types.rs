//! The types of a form definition, as its TOML file spells them. This file depends on
//! serde alone: the build script includes it to compile the built-in definitions (see
//! `build.rs`), so that the binary does not parse their TOML at every run.

use serde::{Deserialize, Serialize};

/// A parsed, checked form definition.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FormDef {
    /// What the form is and how it is titled.
    pub form: Head,
    /// Page defaults.
    #[serde(default)]
    pub page: PageDef,
    /// The field tables: one per TOML table of the spec (`[project]`, `[[duties]]`).
    #[serde(default, rename = "section")]
    pub sections: Vec<SectionDef>,
    /// The printed form from top to bottom.
    #[serde(default, rename = "block")]
    pub blocks: Vec<Block>,
    /// Money fields that are the sum of others, checked in every spec of the form (a
    /// bureau's own 合计 rows; the built-in forms' sums are rules of their models).
    #[serde(default, rename = "sum")]
    pub sums: Vec<SumDef>,
}

/// `[[sum]]`: `total` must equal the sum of `parts` (the parts a spec leaves out count 0).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SumDef {
    /// The money field holding the total (`funds.total`).
    pub total: String,
    /// The money fields it adds up.
    pub parts: Vec<String>,
}

/// `[form]`: the form's identity.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Head {
    /// The data model and its rules: `部门整体` or `项目`.
    pub model: String,
    /// The printed title; `{year}` is replaced by the budget year.
    pub title: String,
    /// The line under the title (empty: none); `{year}` is replaced.
    #[serde(default)]
    pub subtitle: String,
    /// Other names a spec's `form = …` may use for this form.
    #[serde(default)]
    pub names: Vec<String>,
    /// The value of the spec's `layout = …` that selects this definition among the
    /// built-in ones of its model (none: the model's default layout).
    #[serde(default)]
    pub layout: Option<String>,
    /// Other spellings of `layout`.
    #[serde(default)]
    pub layout_names: Vec<String>,
    /// The field naming who the form belongs to (document metadata, file names).
    pub owner: String,
    /// Width weight of the section-label column (column 0).
    #[serde(default = "default_label_width")]
    pub label_width: u32,
    /// A one-line Chinese description (`jixiao schema`, `init`).
    #[serde(default)]
    pub doc: String,
    /// 自评 forms: the scoring rule set the form's province uses (`中央`, `湖北`), unless
    /// the spec names one.
    #[serde(default)]
    pub rules: Option<String>,
}

fn default_label_width() -> u32 {
    7
}

/// `[page]`: page defaults of the form (the spec's `[style]` and the command line win).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PageDef {
    /// `A4` or `A3`.
    #[serde(default)]
    pub paper: Option<String>,
    /// `横向` or `纵向`.
    #[serde(default)]
    pub orientation: Option<String>,
}

/// One TOML table of the spec and its fields.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// The TOML table name (`project`); empty for the file's top-level keys.
    #[serde(default)]
    pub key: String,
    /// Its Chinese name.
    pub label: String,
    /// Whether the spec must have it.
    #[serde(default)]
    pub required: bool,
    /// Whether it is an array of tables (`[[duties]]`), one row per entry.
    #[serde(default)]
    pub rows: bool,
    /// A Chinese comment for the skeleton and the schema.
    #[serde(default)]
    pub doc: String,
    /// The fields, in form order.
    #[serde(default, rename = "field")]
    pub fields: Vec<FieldDef>,
}

/// One field: key, label, type, whether required, and the labels it goes by on real sheets.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The TOML key.
    pub key: String,
    /// The label printed on the form.
    pub label: String,
    /// What it holds.
    #[serde(rename = "type", default)]
    pub kind: FieldKind,
    /// Whether the spec must give it.
    #[serde(default)]
    pub required: bool,
    /// A short Chinese explanation.
    #[serde(default)]
    pub doc: String,
    /// An example value for the skeleton, as TOML source text.
    #[serde(default)]
    pub example: Option<String>,
    /// Other labels the field is printed under on published sheets (for import).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Computed by jixiao (a 自评表's 执行率, 得分, 总分), printed but never written in a
    /// spec: left out of the spec's field table, the schema and the skeleton.
    #[serde(default)]
    pub computed: bool,
}

/// What a field holds.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// One line of text.
    #[default]
    Text,
    /// Text over several lines (written with `"""`).
    Longtext,
    /// An amount in 万元.
    Money,
    /// Digits that keep their leading zeros.
    Code,
    /// A whole number.
    Integer,
    /// A 目标值 (indicator rows only).
    Target,
}

/// One block of the printed form, top to bottom.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// What kind of block.
    #[serde(rename = "type")]
    pub kind: BlockKind,
    /// Shown only when this holds.
    #[serde(default)]
    pub when: Option<When>,
    /// The section label in column 0, spanning the block's rows (none: the block uses
    /// the whole width).
    #[serde(default)]
    pub section: Option<String>,
    /// The block's own columns over the grid columns it spans: fixed counts and shares.
    #[serde(default)]
    pub grid: Vec<Track>,
    /// `rows` blocks: the rows, each a list of cells.
    #[serde(default, rename = "row")]
    pub rows: Vec<RowDef>,
    /// `pairs` blocks: label/value items packed `per_row` to a row.
    #[serde(default)]
    pub items: Vec<CellDef>,
    /// `pairs` blocks: items per row.
    #[serde(default = "one")]
    pub per_row: usize,
    /// `table` and `indicators` blocks: the spec's array the rows come from.
    #[serde(default)]
    pub array: Option<String>,
    /// `table` blocks: the columns; `indicators` blocks: the optional columns' keys,
    /// in order, from the shared vocabulary.
    #[serde(default, rename = "column")]
    pub columns: Vec<ColumnDef>,
    /// `indicators` blocks: print only the columns some row fills (else all listed).
    #[serde(default)]
    pub only_filled: bool,
    /// `indicators` blocks: the headers of the 一级/二级/三级 columns (default
    /// 一级指标, 二级指标, 三级指标; the transfer-fund form says 指标内容).
    #[serde(default)]
    pub levels: Vec<String>,
    /// `indicators` blocks: sets of columns side by side, each from its own array (the
    /// 88号 table's 长期 and 年度 二级/三级/指标值 beside one shared 一级 column). With
    /// sets, `levels` holds only the 一级 header and `array`/`column` are unused.
    #[serde(default, rename = "set")]
    pub sets: Vec<SetDef>,
    /// `note` blocks: the text at the left and at the right (`{path}` is replaced).
    #[serde(default)]
    pub left: Option<String>,
    /// See `left`.
    #[serde(default)]
    pub right: Option<String>,
}

fn one() -> usize {
    1
}

/// One set of side-by-side indicator columns: 二级, 三级 and the set's own columns.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SetDef {
    /// The spec's array the set's rows come from (`midterm_indicators`).
    pub array: String,
    /// The headers of its 二级 and 三级 columns.
    #[serde(default)]
    pub levels: Vec<String>,
    /// Its columns after 三级, from the shared vocabulary.
    #[serde(default, rename = "column")]
    pub columns: Vec<ColumnDef>,
    /// Where this set has no row beside another set's row, print that set's 二级 in
    /// its 二级 column (the published 88号 tables repeat the 年度 二级 under 长期).
    #[serde(default)]
    pub level2_from: Option<String>,
}

/// The kinds of block.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// Fixed rows of label and value cells.
    Rows,
    /// Label/value pairs, optional ones left out and the rest packed.
    Pairs,
    /// A table of rows from an array of the spec (年度履职目标).
    Table,
    /// The indicator table (年度绩效指标).
    Indicators,
    /// A line outside the ruled table (`填报单位（盖章）：…　单位：万元`).
    Note,
}

/// A column of a block's own grid.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// A fixed number of grid columns.
    #[serde(default)]
    pub cols: Option<usize>,
    /// A share of the columns the fixed tracks leave.
    #[serde(default)]
    pub share: Option<u32>,
}

/// A condition on the table or the grid.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// Every one of these fields is filled.
    #[serde(default)]
    pub filled: Vec<String>,
    /// At least one of these fields is filled.
    #[serde(default)]
    pub any: Vec<String>,
    /// None of these fields is filled.
    #[serde(default)]
    pub empty: Vec<String>,
    /// The grid has at least this many columns.
    #[serde(default)]
    pub columns_min: Option<usize>,
    /// The grid has fewer than this many columns.
    #[serde(default)]
    pub columns_below: Option<usize>,
}

/// One row of a `rows` block.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RowDef {
    /// Shown only when this holds.
    #[serde(default)]
    pub when: Option<When>,
    /// Keep this row on the page of the next one.
    #[serde(default)]
    pub keep: bool,
    /// The cells, left to right, in the block's grid.
    #[serde(default, rename = "cell")]
    pub cells: Vec<CellDef>,
}

/// One cell: a fixed label, a field's value, or text composed of fields.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CellDef {
    /// A fixed label.
    #[serde(default)]
    pub label: Option<String>,
    /// The field whose value the cell shows (`project.name`).
    #[serde(default)]
    pub field: Option<String>,
    /// Text composed of fields (`[{project.department_code}]{project.department}`).
    #[serde(default)]
    pub format: Option<String>,
    /// What the value shows: the value itself, or its share of `of` (`share`).
    #[serde(default)]
    pub show: Option<Show>,
    /// The total a `share` is taken of.
    #[serde(default)]
    pub of: Option<String>,
    /// How the cell reads: `label`, `header`, `section`, `value`, `amount`, `text`.
    #[serde(default)]
    pub role: Option<RoleDef>,
    /// `left`, `center`, `right`, `justify`.
    #[serde(default)]
    pub align: Option<AlignDef>,
    /// Indent each paragraph's first line (long text).
    #[serde(default)]
    pub indent: Option<bool>,
    /// Columns of the block's grid covered.
    #[serde(default = "one")]
    pub span: usize,
    /// Rows covered.
    #[serde(default = "one")]
    pub rows: usize,
    /// Shown only when this holds (`pairs` items).
    #[serde(default)]
    pub when: Option<When>,
    /// The spec path the cell points to for tools (default: `field`).
    #[serde(default)]
    pub path: Option<String>,
    /// What the cell is called in messages.
    #[serde(default)]
    pub name: Option<String>,
}

/// A computed view of a value.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Show {
    /// Its share of `of`, as a percentage.
    Share,
}

/// A cell's role on the form.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RoleDef {
    /// A section label at the left edge.
    Section,
    /// A fixed label.
    Label,
    /// A column header.
    Header,
    /// A value.
    Value,
    /// An amount.
    Amount,
    /// Long text.
    Text,
}

/// Horizontal alignment.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AlignDef {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Both edges.
    Justify,
}

/// A column of a `table` or `indicators` block.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// The row field (`task`), or for `indicators` the vocabulary key (`target`).
    pub key: String,
    /// The header as printed (default: the field's label).
    #[serde(default)]
    pub label: Option<String>,
    /// `table` columns: share of the block's width.
    #[serde(default)]
    pub share: Option<u32>,
    /// `table` columns: merge runs of equal values down the column.
    #[serde(default)]
    pub merge: bool,
    /// How the values read (`value`, `amount`, `text`).
    #[serde(default)]
    pub role: Option<RoleDef>,
    /// Alignment of the values.
    #[serde(default)]
    pub align: Option<AlignDef>,
    /// Print the column even when no row fills it (`indicators` with `only_filled`).
    #[serde(default)]
    pub always: bool,
}

/// The models (data and rules) a definition may name.
pub const MODELS: &[&str] = &["部门整体", "项目", "项目自评", "部门整体自评"];

impl SectionDef {
    /// The spec path of one of its fields: `department.name`, or `overall_goal` in the
    /// top-level section.
    pub fn path_of(&self, field: &FieldDef) -> String {
        if self.key.is_empty() {
            field.key.clone()
        } else {
            format!("{}.{}", self.key, field.key)
        }
    }
}

impl FormDef {
    /// The section with this key.
    pub fn section(&self, key: &str) -> Option<&SectionDef> {
        self.sections.iter().find(|s| s.key == key)
    }

    /// The field at a path (`project.name`, `overall_goal`, `duties.task`).
    pub fn field(&self, path: &str) -> Option<&FieldDef> {
        let (section, key) = split_path(path);
        self.section(section)?.fields.iter().find(|f| f.key == key)
    }

    /// The spec arrays the indicator blocks print, in order: each block's `array`, or
    /// its sets' arrays.
    pub fn indicator_arrays(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for b in self
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Indicators)
        {
            let arrays = b.array.as_deref().into_iter();
            for a in arrays.chain(b.sets.iter().map(|s| s.array.as_str())) {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// The title as printed for a year.
    pub fn title_for(&self, year: u16) -> String {
        self.form.title.replace("{year}", &year.to_string())
    }

    /// The line under the title for a year.
    pub fn subtitle_for(&self, year: u16) -> String {
        self.form.subtitle.replace("{year}", &year.to_string())
    }

    /// The title without its year (what `form = …` names).
    pub fn bare_title(&self) -> String {
        self.form
            .title
            .replace("{year}年", "")
            .replace("{year}", "")
    }
}

impl Head {
    /// The title without its year (what `form = …` names).
    pub fn bare_title(&self) -> String {
        self.title.replace("{year}年", "").replace("{year}", "")
    }
}

/// `project.name` → (`project`, `name`); `overall_goal` → (``, `overall_goal`).
pub fn split_path(path: &str) -> (&str, &str) {
    match path.rsplit_once('.') {
        Some((s, k)) => (s, k),
        None => ("", path),
    }
}
