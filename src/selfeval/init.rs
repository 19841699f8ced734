//! `init 自评.toml --from 目标表.toml --form 自评`: the year-end 自评 spec of a goal table. It
//! carries the identity, every indicator with its target and 分值, and the budget as 年初预算数,
//! and leaves the actuals and the 全年执行数 for the clerk, commented in Chinese.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::SelfEvalKind;
use crate::model::{Indicator, Table};
use crate::score::plain;

/// A TOML string literal (quoted and escaped).
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// The 自评 spec text for a checked goal table; `goal` is the goal table's path as seen
/// from the new spec's folder.
pub fn from_goal(table: &Table, goal: &str) -> String {
    let kind = match table {
        Table::Department(_) => SelfEvalKind::Department,
        _ => SelfEvalKind::Project,
    };
    let year = table.year();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}（{year} 年度）—— 由绩效目标表 {goal} 生成\n\
         # 每个指标填写 actual（实际完成值：数字带单位，定性指标写 达成、部分达成 或 未达成），\n\
         # 得分低于分值时写 reason（偏差原因分析及改进措施）；不考核的指标写 actual = \"不适用\"。\n\
         # 项目资金填写 adjusted（全年预算数）和 executed（全年执行数）。执行率、得分和总分由 jixiao 计算：\n\
         # jixiao check --explain 本文件 逐项列出算式。",
        kind.title()
    );
    let _ = writeln!(out, "form = {}", quoted(kind.title()));
    let _ = writeln!(out, "year = {year}");
    let _ = writeln!(
        out,
        "goal = {}              # 对应的绩效目标表；检查文件夹时核对两表的指标",
        quoted(goal)
    );
    let _ = writeln!(
        out,
        "# rules = \"中央\"          # 评分规则：中央（默认）或 湖北"
    );
    identity(&mut out, table);
    funds(&mut out, table);
    for ind in table.indicators() {
        indicator(&mut out, ind);
    }
    out
}

fn identity(out: &mut String, table: &Table) {
    match table {
        Table::Department(t) => {
            let _ = writeln!(out, "\n[department]\nname = {}", quoted(&t.department.name));
            let _ = writeln!(out, "\n[goals]\nexpected = {}", quoted(&t.overall_goal));
        }
        Table::Project(t) => {
            let p = &t.project;
            let _ = writeln!(
                out,
                "\n[project]\nname = {}\ndepartment = {}\nunit = {}",
                quoted(&p.name),
                quoted(&p.department),
                quoted(&p.unit)
            );
            let _ = writeln!(out, "\n[goals]\nexpected = {}", quoted(&t.goals.annual));
        }
        Table::SelfEval(_) => {}
    }
    let _ = writeln!(out, "actual = \"\"                 # 实际完成情况");
}

/// The budget rows, 年度资金总额 first, each with its 年初预算数 from the goal table.
fn funds(out: &mut String, table: &Table) {
    let rows: Vec<(&str, Option<Decimal>)> = match table {
        Table::Department(t) => match &t.budget {
            Some(b) => vec![
                ("年度资金总额", Some(b.total)),
                ("基本支出", Some(b.basic)),
                ("项目支出", Some(b.project)),
            ],
            None => vec![("年度资金总额", None)],
        },
        Table::Project(t) => {
            let f = &t.funds;
            let mut rows = vec![("年度资金总额", Some(f.total))];
            let parts = [
                ("其中:当年财政拨款", f.fiscal),
                ("上年结转资金", f.carryover),
                ("其他资金", f.other),
            ];
            rows.extend(parts.into_iter().filter(|(_, v)| v.is_some()));
            rows
        }
        Table::SelfEval(_) => Vec::new(),
    };
    let _ = writeln!(
        out,
        "\n[execution]                  # 预算执行\n\
         # weight = 10                # 分值（不写时按评分规则：中央 10 分，湖北 20 分）\n\
         # reason = \"\"                # 执行率低于 90% 时说明原因"
    );
    for (k, (source, initial)) in rows.iter().enumerate() {
        let head = if k == 0 {
            "[[funds]]                    # 项目资金(万元)：第一段是年度资金总额，其下各段之和应等于它"
        } else {
            "[[funds]]"
        };
        let _ = writeln!(out, "\n{head}\nsource = {}", quoted(source));
        if let Some(v) = initial {
            let _ = writeln!(
                out,
                "initial = {}               # 年初预算数（绩效目标表中的金额）",
                plain(*v)
            );
        }
        let _ = writeln!(
            out,
            "# adjusted =                 # 全年预算数（调整后）：去掉行首的 # 并填写"
        );
        let _ = writeln!(
            out,
            "# executed =                 # 全年执行数：去掉行首的 # 并填写"
        );
    }
}

fn indicator(out: &mut String, ind: &Indicator) {
    let _ = writeln!(out, "\n[[indicators]]\nlevel1 = {}", quoted(&ind.level1));
    if let Some(l2) = &ind.level2 {
        let _ = writeln!(out, "level2 = {}", quoted(l2));
    }
    let _ = writeln!(out, "name = {}", quoted(&ind.name));
    let _ = writeln!(out, "target = {}", quoted(&ind.target.text));
    if let Some(u) = &ind.unit {
        let _ = writeln!(out, "unit = {}", quoted(u));
    }
    match ind.weight {
        Some(w) => {
            let _ = writeln!(out, "weight = {}", plain(w));
        }
        None => {
            let _ = writeln!(
                out,
                "# weight =                   # 分值：去掉行首的 # 并填写（各指标合计 90）"
            );
        }
    }
    let _ = writeln!(out, "actual = \"\"                   # 实际完成值，请填写");
}
