//! The 部门整体支出绩效目标表 (Fujian layout) as a sheet: identity, 年度预算安排, 年度总体目标,
//! 年度履职目标 and the shared indicator block, on one grid whose columns are the
//! indicator block's (a section label column, 一级/二级/三级, then the filled columns).

use super::fields::Layout;
use super::rules::share;
use crate::forms::indicators::{self, Block, LEVEL_WEIGHTS, Wording};
use crate::model::{Budget, Funding, GoalTable};
use crate::money::format_money;
use crate::render::sheet::{
    Align, Role, Sheet, SheetBuilder, label, runs, split_columns, text_paragraphs, value,
};

/// Width weight of the section label column.
const SECTION_WEIGHT: u32 = 7;

/// Builds the sheet of a validated department table.
pub fn build(table: &GoalTable) -> Sheet {
    let wording = match table.layout {
        Layout::Hunan => Wording::DepartmentHunan,
        Layout::Fujian | Layout::Hubei => Wording::Department,
    };
    let columns = indicators::columns_in_use(&table.indicators, wording);
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
    responsibilities(&mut b, table);
    if let Some(budget) = &table.budget {
        budget_block(&mut b, budget);
    }
    if let Some(funding) = &table.funding {
        funding_block(&mut b, funding);
    }
    goal(&mut b, table);
    duties(&mut b, table);
    indicators::push_block(
        &mut b,
        &Block {
            section: "年度绩效指标",
            array: "indicators",
            wording,
        },
        &table.indicators,
        &columns,
    );
    b.finish()
}

/// 部门(单位)名称 … 部门预算编码 … (the code cells only where the form has them: always
/// on the Fujian layout, elsewhere when a code is given).
fn identity(b: &mut SheetBuilder, table: &GoalTable) {
    let cols = b.columns();
    let row = b.next_row();
    b.push(label(Role::Label, row, 0, 1, 2, "部门(单位)名称"));
    let name = |span: usize| {
        value(
            Role::Value,
            Align::Center,
            (row, 2),
            (1, span),
            &table.department.name,
            "department.name".into(),
            "部门(单位)名称".into(),
        )
    };
    if table.department.code.is_none() && table.layout != Layout::Fujian {
        b.push(name(cols - 2));
        return;
    }
    let rest = cols - 2;
    let code_span = (rest * 2 / 7).max(1);
    let name_span = rest - 2 * code_span;
    b.push(name(name_span));
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

/// 部门(单位)职责 / 部门职能概述 (Hunan, Hubei).
fn responsibilities(b: &mut SheetBuilder, table: &GoalTable) {
    let Some(text) = &table.responsibilities else {
        return;
    };
    let cols = b.columns();
    let row = b.next_row();
    b.push(label(
        Role::Section,
        row,
        0,
        1,
        1,
        table.layout.responsibilities_label(),
    ));
    let mut cell = value(
        Role::Text,
        Align::Justify,
        (row, 1),
        (1, cols - 1),
        "",
        "responsibilities".into(),
        table.layout.responsibilities_label().into(),
    );
    cell.paras = text_paragraphs(text);
    b.push(cell);
}

/// 部门总体资金情况(万元) of the Hubei layout: 收入构成 and 支出构成, each item with its
/// 当年金额 and 占比 — side by side when the grid has six data columns, else one under the
/// other.
fn funding_block(b: &mut SheetBuilder, f: &Funding) {
    let income = [
        ("财政拨款", "income.fiscal", f.income_fiscal),
        ("其他资金", "income.other", f.income_other),
        ("合计", "income.total", f.income_total),
    ];
    let spend = [
        ("基本支出", "expenditure.basic", f.spend_basic),
        ("项目支出", "expenditure.project", f.spend_project),
        ("合计", "expenditure.total", f.spend_total),
    ];
    let data = b.columns() - 1;
    let first = b.next_row();
    if data >= 6 {
        let spans = split_columns(data, &[2, 2, 1, 2, 2, 1]);
        let starts = starts_of(&spans);
        b.push(label(
            Role::Section,
            first,
            0,
            4,
            1,
            "部门总体资金情况(万元)",
        ));
        let heads = [
            "收入构成",
            "当年金额",
            "占比",
            "支出构成",
            "当年金额",
            "占比",
        ];
        for (k, text) in heads.into_iter().enumerate() {
            b.push(label(Role::Header, first, starts[k], 1, spans[k], text));
        }
        for k in 0..3 {
            let row = first + 1 + k;
            funding_item(
                b,
                row,
                &starts[..3],
                &spans[..3],
                income[k],
                f.income_total,
                "收入构成",
            );
            funding_item(
                b,
                row,
                &starts[3..],
                &spans[3..],
                spend[k],
                f.spend_total,
                "支出构成",
            );
        }
    } else {
        let spans = split_columns(data, &[1, 1, 1, 1]);
        let starts = starts_of(&spans);
        b.push(label(
            Role::Section,
            first,
            0,
            7,
            1,
            "部门总体资金情况(万元)",
        ));
        let heads = ["构成", "项目", "当年金额", "占比"];
        for (k, text) in heads.into_iter().enumerate() {
            b.push(label(Role::Header, first, starts[k], 1, spans[k], text));
        }
        for (n, (group, items, total)) in [
            ("收入构成", income, f.income_total),
            ("支出构成", spend, f.spend_total),
        ]
        .into_iter()
        .enumerate()
        {
            let top = first + 1 + 3 * n;
            b.push(label(Role::Label, top, starts[0], 3, spans[0], group));
            for (k, item) in items.into_iter().enumerate() {
                funding_item(b, top + k, &starts[1..], &spans[1..], item, total, group);
            }
        }
    }
}

/// First column of each span, the spans starting at column 1.
fn starts_of(spans: &[usize]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(spans.len());
    let mut col = 1;
    for s in spans {
        starts.push(col);
        col += s;
    }
    starts
}

/// One item of 收入构成 / 支出构成: its name, amount and share in three cells.
fn funding_item(
    b: &mut SheetBuilder,
    row: usize,
    starts: &[usize],
    spans: &[usize],
    (name, path, amount): (&str, &str, rust_decimal::Decimal),
    total: rust_decimal::Decimal,
    group: &str,
) {
    b.push(label(Role::Label, row, starts[0], 1, spans[0], name));
    b.push(value(
        Role::Amount,
        Align::Center,
        (row, starts[1]),
        (1, spans[1]),
        &format_money(amount),
        path.to_owned(),
        format!("{group}的“{name}”"),
    ));
    b.push(value(
        Role::Value,
        Align::Center,
        (row, starts[2]),
        (1, spans[2]),
        &share(amount, total),
        path.to_owned(),
        format!("{group}的“{name}”占比"),
    ));
}

/// 年度预算安排(万元): 资金总额, 项目支出, 基本支出.
fn budget_block(b: &mut SheetBuilder, budget: &Budget) {
    let cols = b.columns();
    let first = b.next_row();
    b.push(label(Role::Section, first, 0, 3, 1, "年度预算安排(万元)"));
    let items = [
        ("资金总额", "total", budget.total),
        ("项目支出", "project", budget.project),
        ("基本支出", "basic", budget.basic),
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
    let name = table.layout.goal_label();
    b.push(label(Role::Section, row, 0, 1, 1, name));
    let mut cell = value(
        Role::Text,
        Align::Justify,
        (row, 1),
        (1, cols - 1),
        "",
        "overall_goal".into(),
        name.into(),
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
