//! The 部门整体支出绩效目标表 (Fujian layout) as a sheet: identity, 年度预算安排, 年度总体目标,
//! 年度履职目标 and the shared indicator block, on one grid whose columns are the
//! indicator block's (a section label column, 一级/二级/三级, then the filled columns).

use crate::forms::indicators::{self, Block, LEVEL_WEIGHTS, Wording};
use crate::model::GoalTable;
use crate::money::format_money;
use crate::render::sheet::{
    Align, Role, Sheet, SheetBuilder, label, runs, split_columns, text_paragraphs, value,
};

/// Width weight of the section label column.
const SECTION_WEIGHT: u32 = 7;

/// Builds the sheet of a validated department table.
pub fn build(table: &GoalTable) -> Sheet {
    let columns = indicators::columns_in_use(&table.indicators);
    let mut weights = vec![SECTION_WEIGHT];
    weights.extend(LEVEL_WEIGHTS);
    weights.extend(columns.iter().map(|c| c.weight));
    let mut b = SheetBuilder::new(
        table.form.title().to_owned(),
        format!("({} 年度)", table.year),
        table.department.name.clone(),
        table.year,
        weights,
    );
    identity(&mut b, table);
    budget(&mut b, table);
    goal(&mut b, table);
    duties(&mut b, table);
    indicators::push_block(
        &mut b,
        &Block {
            section: "年度绩效指标",
            array: "indicators",
            wording: Wording::Department,
        },
        &table.indicators,
        &columns,
    );
    b.finish()
}

/// 部门(单位)名称 … 部门预算编码 …
fn identity(b: &mut SheetBuilder, table: &GoalTable) {
    let cols = b.columns();
    let rest = cols - 2;
    let code_span = (rest * 2 / 7).max(1);
    let name_span = rest - 2 * code_span;
    let row = b.next_row();
    b.push(label(Role::Label, row, 0, 1, 2, "部门(单位)名称"));
    b.push(value(
        Role::Value,
        Align::Center,
        (row, 2),
        (1, name_span),
        &table.department.name,
        "department.name".into(),
        "部门(单位)名称".into(),
    ));
    let col = 2 + name_span;
    b.push(label(Role::Label, row, col, 1, code_span, "部门预算编码"));
    b.push(value(
        Role::Value,
        Align::Center,
        (row, col + code_span),
        (1, cols - col - code_span),
        table.department.code.as_deref().unwrap_or(""),
        "department.code".into(),
        "部门预算编码".into(),
    ));
}

/// 年度预算安排(万元): 资金总额, 项目支出, 基本支出.
fn budget(b: &mut SheetBuilder, table: &GoalTable) {
    let cols = b.columns();
    let first = b.next_row();
    b.push(label(Role::Section, first, 0, 3, 1, "年度预算安排(万元)"));
    let items = [
        ("资金总额", "total", table.budget.total),
        ("项目支出", "project", table.budget.project),
        ("基本支出", "basic", table.budget.basic),
    ];
    for (k, (name, key, amount)) in items.into_iter().enumerate() {
        let row = first + k;
        b.push(label(Role::Label, row, 1, 1, 2, name));
        b.push(value(
            Role::Amount,
            Align::Center,
            (row, 3),
            (1, cols - 3),
            &format_money(amount),
            format!("budget.{key}"),
            format!("年度预算安排的“{name}”"),
        ));
    }
}

/// 年度总体目标.
fn goal(b: &mut SheetBuilder, table: &GoalTable) {
    let cols = b.columns();
    let row = b.next_row();
    b.push(label(Role::Section, row, 0, 1, 1, "年度总体目标"));
    let mut cell = value(
        Role::Text,
        Align::Justify,
        (row, 1),
        (1, cols - 1),
        "",
        "overall_goal".into(),
        "年度总体目标".into(),
    );
    cell.paras = text_paragraphs(&table.overall_goal);
    b.push(cell);
}

/// 年度履职目标: a column header, then one row per duty with equal 部门职能 merged.
fn duties(b: &mut SheetBuilder, table: &GoalTable) {
    if table.duties.is_empty() {
        return;
    }
    let cols = b.columns();
    let spans = split_columns(cols - 1, &[1, 1, 1, 1]);
    let mut starts = [1usize; 4];
    for k in 1..4 {
        starts[k] = starts[k - 1] + spans[k - 1];
    }
    let header = b.next_row();
    b.push(label(
        Role::Section,
        header,
        0,
        table.duties.len() + 1,
        1,
        "年度履职目标",
    ));
    let heads = ["部门职能", "年度目标任务", "支出项目名称", "预算金额(万元)"];
    for (k, text) in heads.into_iter().enumerate() {
        b.push(label(Role::Header, header, starts[k], 1, spans[k], text));
    }
    b.header_row(header);
    let first = header + 1;
    for (start, len) in runs(&table.duties, |d| d.function.clone()) {
        let mut function = value(
            Role::Text,
            Align::Justify,
            (first + start, starts[0]),
            (len, spans[0]),
            &table.duties[start].function,
            format!("duties[{start}].function"),
            format!("年度履职目标第 {} 行的“部门职能”", start + 1),
        );
        function.indent = false;
        b.push(function);
    }
    for (i, d) in table.duties.iter().enumerate() {
        let row = first + i;
        let n = i + 1;
        let mut task = value(
            Role::Text,
            Align::Justify,
            (row, starts[1]),
            (1, spans[1]),
            &d.task,
            format!("duties[{i}].task"),
            format!("年度履职目标第 {n} 行的“年度目标任务”"),
        );
        task.indent = false;
        b.push(task);
        b.push(value(
            Role::Value,
            Align::Center,
            (row, starts[2]),
            (1, spans[2]),
            d.project.as_deref().unwrap_or(""),
            format!("duties[{i}].project"),
            format!("年度履职目标第 {n} 行的“支出项目名称”"),
        ));
        b.push(value(
            Role::Amount,
            Align::Center,
            (row, starts[3]),
            (1, spans[3]),
            &d.amount.map(format_money).unwrap_or_default(),
            format!("duties[{i}].amount"),
            format!("年度履职目标第 {n} 行的“预算金额”"),
        ));
    }
}
