//! The 项目支出绩效目标表 as a sheet: identity pairs, 项目资金 by source (with the 当年
//! columns when given), 总体目标, the shared indicator block, 审核意见 rows and the
//! signature line. Column 0 holds the section labels; the rest are the indicator columns.

use crate::forms::indicators::{self, Block, LEVEL_WEIGHTS, Wording};
use crate::model::ProjectTable;
use crate::money::format_money;
use crate::render::sheet::{
    Align, Role, Sheet, SheetBuilder, label, split_columns, text_paragraphs, value,
};

use super::fields::{FUNDS, PROJECT, label as field_label};

/// Width weight of the section label column.
const SECTION_WEIGHT: u32 = 8;

/// Builds the sheet of a validated project table.
pub fn build(table: &ProjectTable) -> Sheet {
    // One set of columns for both indicator sets, so the blocks line up.
    let all: Vec<crate::model::Indicator> = table
        .indicators
        .iter()
        .chain(&table.midterm_indicators)
        .cloned()
        .collect();
    let columns = indicators::columns_in_use(&all, Wording::Project);
    let mut weights = vec![SECTION_WEIGHT];
    weights.extend(LEVEL_WEIGHTS);
    weights.extend(columns.iter().map(|c| c.weight));
    let mut b = SheetBuilder::new(
        table.form.title().to_owned(),
        format!("({} 年度)", table.year),
        table.project.name.clone(),
        table.year,
        weights,
    );
    identity(&mut b, table);
    funds(&mut b, table);
    goals(&mut b, table);
    // The 88号 layout's long-term set, only when the spec has one.
    if !table.midterm_indicators.is_empty() {
        indicators::push_block(
            &mut b,
            &Block {
                section: super::fields::MIDTERM_INDICATORS.label,
                array: super::fields::MIDTERM_INDICATORS.key,
                wording: Wording::Project,
            },
            &table.midterm_indicators,
            &columns,
        );
    }
    indicators::push_block(
        &mut b,
        &Block {
            section: "年度绩效指标",
            array: "indicators",
            wording: Wording::Project,
        },
        &table.indicators,
        &columns,
    );
    review(&mut b, table);
    signature(&mut b, table);
    b.finish()
}

/// One row of label/value pairs across the data columns.
fn pairs(b: &mut SheetBuilder, row: usize, items: &[(&str, String, String, Role)]) {
    let cols = b.columns();
    // The first label sits in the section column; the other cells share the rest.
    let mut shares = Vec::new();
    for (k, _) in items.iter().enumerate() {
        if k > 0 {
            shares.push(2);
        }
        shares.push(3);
    }
    let spans = split_columns(cols - 1, &shares);
    let mut col = 0;
    let mut span_iter = spans.into_iter();
    for (k, (name, text, path, role)) in items.iter().enumerate() {
        let label_span = if k == 0 {
            1
        } else {
            span_iter.next().unwrap_or(1)
        };
        b.push(label(Role::Label, row, col, 1, label_span, name));
        col += label_span;
        let span = span_iter.next().unwrap_or(1);
        let align = if *role == Role::Text {
            Align::Left
        } else {
            Align::Center
        };
        b.push(value(
            *role,
            align,
            (row, col),
            (1, span),
            text,
            path.clone(),
            (*name).to_owned(),
        ));
        col += span;
    }
}

fn identity(b: &mut SheetBuilder, t: &ProjectTable) {
    let p = &t.project;
    let row = b.next_row();
    let v = |s: &str| s.to_owned();
    pairs(
        b,
        row,
        &[(
            field_label(&PROJECT, "name"),
            v(&p.name),
            "project.name".into(),
            Role::Value,
        )],
    );
    let department = match &p.department_code {
        Some(code) => format!("[{code}]{}", p.department),
        None => p.department.clone(),
    };
    let label = if p.department_code.is_some() {
        "主管部门及编码"
    } else {
        "主管部门"
    };
    let row = b.next_row();
    pairs(
        b,
        row,
        &[
            (label, department, "project.department".into(), Role::Value),
            ("实施单位", v(&p.unit), "project.unit".into(), Role::Value),
        ],
    );
    let optional: Vec<(&str, String, String, Role)> = [
        ("attribute", &p.attribute),
        ("category", &p.category),
        ("period", &p.period),
        ("budget_department", &p.budget_department),
    ]
    .into_iter()
    .filter_map(|(key, value)| {
        value.as_ref().map(|text| {
            (
                field_label(&PROJECT, key),
                text.clone(),
                format!("project.{key}"),
                Role::Value,
            )
        })
    })
    .collect();
    for chunk in optional.chunks(2) {
        let row = b.next_row();
        pairs(b, row, chunk);
    }
}

/// 项目资金(万元): one row per source; the 当年 column beside it when the form has one.
fn funds(b: &mut SheetBuilder, t: &ProjectTable) {
    let f = &t.funds;
    let cols = b.columns();
    let lines: Vec<(
        &str,
        Option<rust_decimal::Decimal>,
        &str,
        Option<rust_decimal::Decimal>,
    )> = vec![
        ("total", Some(f.total), "current_total", f.current_total),
        ("fiscal", f.fiscal, "current_fiscal", f.current_fiscal),
        ("other", f.other, "current_other", f.current_other),
        ("superior", f.superior, "", None),
        ("carryover", f.carryover, "", None),
    ];
    let current = f.has_current();
    // Rows for sources the spec names; 财政拨款 and 其他资金 are always printed (a field may be
    // empty, as on the real forms).
    let shown: Vec<_> = lines
        .into_iter()
        .filter(|(key, amount, _, cur)| {
            matches!(*key, "total" | "fiscal" | "other") || amount.is_some() || cur.is_some()
        })
        .collect();
    let first = b.next_row();
    b.push(label(
        Role::Section,
        first,
        0,
        shown.len(),
        1,
        "项目资金(万元)",
    ));
    let spans = if current {
        split_columns(cols - 1, &[2, 2, 2, 2])
    } else {
        split_columns(cols - 1, &[1, 1])
    };
    for (k, (key, amount, cur_key, cur)) in shown.into_iter().enumerate() {
        let row = first + k;
        let name = field_label(&FUNDS, key);
        b.push(label(Role::Label, row, 1, 1, spans[0], name));
        let at = 1 + spans[0];
        b.push(value(
            Role::Amount,
            Align::Center,
            (row, at),
            (1, spans[1]),
            &amount.map(format_money).unwrap_or_default(),
            format!("funds.{key}"),
            format!("项目资金的“{name}”"),
        ));
        if current {
            let at = at + spans[1];
            if cur_key.is_empty() {
                b.push(value(
                    Role::Value,
                    Align::Center,
                    (row, at),
                    (1, spans[2] + spans[3]),
                    "",
                    String::new(),
                    "项目资金".into(),
                ));
            } else {
                let name = field_label(&FUNDS, cur_key);
                b.push(label(Role::Label, row, at, 1, spans[2], name));
                b.push(value(
                    Role::Amount,
                    Align::Center,
                    (row, at + spans[2]),
                    (1, spans[3]),
                    &cur.map(format_money).unwrap_or_default(),
                    format!("funds.{cur_key}"),
                    format!("项目资金的“{name}”"),
                ));
            }
        }
    }
}

/// 总体目标: 中期目标 and 年度目标 side by side under their headers, or the 年度目标 alone.
fn goals(b: &mut SheetBuilder, t: &ProjectTable) {
    let cols = b.columns();
    let row = b.next_row();
    let text_cell = |row: usize, col: usize, span: usize, text: &str, key: &str, name: &str| {
        let mut c = value(
            Role::Text,
            Align::Justify,
            (row, col),
            (1, span),
            "",
            format!("goals.{key}"),
            name.to_owned(),
        );
        c.paras = text_paragraphs(text);
        c
    };
    match &t.goals.midterm {
        Some(midterm) => {
            b.push(label(Role::Section, row, 0, 2, 1, "总体目标"));
            let spans = split_columns(cols - 1, &[1, 1]);
            b.push(label(Role::Header, row, 1, 1, spans[0], "中期目标"));
            b.push(label(
                Role::Header,
                row,
                1 + spans[0],
                1,
                spans[1],
                "年度目标",
            ));
            b.push(text_cell(
                row + 1,
                1,
                spans[0],
                midterm,
                "midterm",
                "中期目标",
            ));
            b.push(text_cell(
                row + 1,
                1 + spans[0],
                spans[1],
                &t.goals.annual,
                "annual",
                "年度目标",
            ));
            b.keep_with_next(row);
        }
        None => {
            b.push(label(Role::Section, row, 0, 1, 1, "年度目标"));
            b.push(text_cell(
                row,
                1,
                cols - 1,
                &t.goals.annual,
                "annual",
                "年度目标",
            ));
        }
    }
}

/// 主管部门审核意见 / 财政部门审核意见, each a row when the spec has it.
fn review(b: &mut SheetBuilder, t: &ProjectTable) {
    let cols = b.columns();
    for (key, name, text) in [
        ("department", "主管部门审核意见", &t.review.department),
        ("finance", "财政部门审核意见", &t.review.finance),
    ] {
        let Some(text) = text else { continue };
        let row = b.next_row();
        b.push(label(Role::Section, row, 0, 1, 1, name));
        let mut c = value(
            Role::Text,
            Align::Left,
            (row, 1),
            (1, cols - 1),
            "",
            format!("review.{key}"),
            name.to_owned(),
        );
        c.paras = text_paragraphs(text);
        c.indent = false;
        b.push(c);
    }
}

/// 填表人 / 联系电话 / 填报日期 / 单位负责人签字 as one row across the form.
fn signature(b: &mut SheetBuilder, t: &ProjectTable) {
    let s = &t.signature;
    if s.is_empty() {
        return;
    }
    let parts: Vec<String> = [
        ("填表人", &s.filler),
        ("联系电话", &s.phone),
        ("填报日期", &s.date),
        ("单位负责人签字", &s.leader),
    ]
    .into_iter()
    .map(|(name, v)| format!("{name}：{}", v.as_deref().unwrap_or("")))
    .collect();
    let row = b.next_row();
    let cols = b.columns();
    b.push(value(
        Role::Value,
        Align::Left,
        (row, 0),
        (1, cols),
        &parts.join("　　"),
        "signature".into(),
        "签字栏".into(),
    ));
}
