//! The display view of a goal table, built once: formatted strings, merged-cell spans and
//! column sets. The HTML templates and the PDF layout both read it, so both outputs show
//! exactly the same strings.

use serde::Serialize;

use crate::model::{GoalTable, Indicator};
use crate::money::format_money;

/// Everything a renderer needs, as display strings.
#[derive(Clone, Debug, Serialize)]
pub struct View {
    /// Form title, e.g. 部门整体支出绩效目标表.
    pub title: String,
    /// The year line under the title, e.g. `(2021 年度)`.
    pub year_line: String,
    /// Budget year.
    pub year: u16,
    /// 部门(单位)名称.
    pub department: String,
    /// 部门预算编码 (empty when not given).
    pub budget_code: String,
    /// 资金总额 / 项目支出 / 基本支出 with two decimals.
    pub budget: BudgetView,
    /// 年度总体目标, split into paragraphs.
    pub overall_goal: Vec<String>,
    /// 年度履职目标 rows.
    pub duties: Vec<DutyRow>,
    /// Indicator columns after 一级/二级/三级 (explanation … target, optional extras).
    pub extra_columns: Vec<Column>,
    /// 年度绩效指标 rows.
    pub indicators: Vec<IndicatorRow>,
    /// Grid geometry shared by HTML and PDF.
    pub grid: Grid,
    /// Fixed labels of the form.
    pub labels: Labels,
}

/// 年度预算安排 values.
#[derive(Clone, Debug, Serialize)]
pub struct BudgetView {
    /// 资金总额.
    pub total: String,
    /// 项目支出.
    pub project: String,
    /// 基本支出.
    pub basic: String,
}

/// One 年度履职目标 row.
#[derive(Clone, Debug, Serialize)]
pub struct DutyRow {
    /// 部门职能.
    pub function: String,
    /// Rows the 部门职能 cell spans; 0 when covered by the cell above.
    pub function_rowspan: usize,
    /// 年度目标任务.
    pub task: String,
    /// 支出项目名称.
    pub project: String,
    /// 预算金额, two decimals, or empty.
    pub amount: String,
}

/// An indicator column after 三级指标.
#[derive(Clone, Debug, Serialize)]
pub struct Column {
    /// Stable key (`explanation`, `basis`, `method`, `scoring`, `target`, `unit`, `weight`, `note`).
    pub key: &'static str,
    /// Header text.
    pub label: &'static str,
    /// Relative width weight (HTML percentages and PDF widths derive from it).
    pub weight: u32,
}

/// One 年度绩效指标 row with its merge information.
#[derive(Clone, Debug, Serialize)]
pub struct IndicatorRow {
    /// 一级指标 text.
    pub level1: String,
    /// Rows the 一级 cell spans; 0 when covered.
    pub level1_rowspan: usize,
    /// 2 when the 一级 cell also covers the 二级 column (no 二级 in the whole run).
    pub level1_colspan: usize,
    /// 二级指标 text (may be empty).
    pub level2: String,
    /// Rows the 二级 cell spans; 0 when covered or absorbed by the 一级 cell.
    pub level2_rowspan: usize,
    /// 三级指标.
    pub name: String,
    /// Values for [`View::extra_columns`], in the same order.
    pub cells: Vec<Cell>,
}

/// One value cell with the key of its column (for per-column styling).
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// Column key, as in [`Column::key`].
    pub key: &'static str,
    /// Display text.
    pub text: String,
}

/// Column counts and spans for the upper part of the form.
#[derive(Clone, Debug, Serialize)]
pub struct Grid {
    /// Total columns: the section label column plus the indicator columns.
    pub columns: usize,
    /// Relative widths of all columns (section label first).
    pub widths: Vec<u32>,
    /// The same widths as CSS percentages (`"7.00%"`).
    pub percents: Vec<String>,
    /// Span of the 部门(单位)名称 label.
    pub name_label_span: usize,
    /// Span of the department name value.
    pub name_span: usize,
    /// Span of the 部门预算编码 label.
    pub code_label_span: usize,
    /// Span of the code value.
    pub code_span: usize,
    /// Span of a budget item label (资金总额…).
    pub budget_label_span: usize,
    /// Span of a budget value.
    pub budget_value_span: usize,
    /// Span of the 年度总体目标 text.
    pub goal_span: usize,
    /// Spans of 部门职能, 年度目标任务, 支出项目名称, 预算金额.
    pub duty_spans: [usize; 4],
    /// Rows the 年度履职目标 label spans (header + duties).
    pub duties_rowspan: usize,
    /// Rows the 年度绩效指标 label spans (header + indicators).
    pub indicators_rowspan: usize,
}

/// The form's fixed wording.
#[derive(Clone, Debug, Serialize)]
pub struct Labels {
    /// 部门(单位)名称
    pub department: &'static str,
    /// 部门预算编码
    pub budget_code: &'static str,
    /// 年度预算安排(万元)
    pub budget: &'static str,
    /// 资金总额
    pub total: &'static str,
    /// 项目支出
    pub project: &'static str,
    /// 基本支出
    pub basic: &'static str,
    /// 年度总体目标
    pub overall_goal: &'static str,
    /// 年度履职目标
    pub duties: &'static str,
    /// 部门职能
    pub function: &'static str,
    /// 年度目标任务
    pub task: &'static str,
    /// 支出项目名称
    pub duty_project: &'static str,
    /// 预算金额(万元)
    pub amount: &'static str,
    /// 年度绩效指标
    pub indicators: &'static str,
    /// 一级指标
    pub level1: &'static str,
    /// 二级指标
    pub level2: &'static str,
    /// 三级指标
    pub level3: &'static str,
}

const LABELS: Labels = Labels {
    department: "部门(单位)名称",
    budget_code: "部门预算编码",
    budget: "年度预算安排(万元)",
    total: "资金总额",
    project: "项目支出",
    basic: "基本支出",
    overall_goal: "年度总体目标",
    duties: "年度履职目标",
    function: "部门职能",
    task: "年度目标任务",
    duty_project: "支出项目名称",
    amount: "预算金额(万元)",
    indicators: "年度绩效指标",
    level1: "一级指标",
    level2: "二级指标",
    level3: "三级指标",
};

type Getter = fn(&Indicator) -> Option<String>;

/// (key, header label, width weight, value getter, always shown).
type ExtraColumn = (&'static str, &'static str, u32, Getter, bool);

/// The optional indicator columns in form order, with how to read each one.
const EXTRA_COLUMNS: &[ExtraColumn] = &[
    (
        "explanation",
        "内涵解释",
        15,
        |i| i.explanation.clone(),
        false,
    ),
    ("basis", "设置依据", 15, |i| i.basis.clone(), false),
    (
        "method",
        "指标计算公式或方法",
        9,
        |i| i.method.clone(),
        false,
    ),
    ("scoring", "评分标准", 13, |i| i.scoring.clone(), false),
    (
        "target",
        "目标值",
        10,
        |i| Some(i.target.text.clone()),
        true,
    ),
    ("unit", "计量单位", 6, |i| i.unit.clone(), false),
    (
        "weight",
        "指标分值",
        6,
        |i| i.weight.map(format_money),
        false,
    ),
    ("note", "备注", 10, |i| i.note.clone(), false),
];

/// Width weights of the section label and the 一级/二级/三级 columns.
const FIXED_WIDTHS: [u32; 4] = [7, 7, 8, 14];

impl View {
    /// Builds the view of a validated table.
    pub fn new(table: &GoalTable) -> Self {
        let extras: Vec<_> = EXTRA_COLUMNS
            .iter()
            .filter(|(_, _, _, get, always)| {
                *always || table.indicators.iter().any(|i| get(i).is_some())
            })
            .collect();
        let extra_columns = extras
            .iter()
            .map(|&&(key, label, weight, _, _)| Column { key, label, weight })
            .collect::<Vec<_>>();
        let indicators = indicator_rows(&table.indicators, &extras);
        let duties = duty_rows(table);
        let mut widths = FIXED_WIDTHS.to_vec();
        widths.extend(extra_columns.iter().map(|c| c.weight));
        let grid = grid(widths, duties.len(), indicators.len());
        View {
            title: table.form.title().to_owned(),
            year_line: format!("({} 年度)", table.year),
            year: table.year,
            department: table.department.name.clone(),
            budget_code: table.department.code.clone().unwrap_or_default(),
            budget: BudgetView {
                total: format_money(table.budget.total),
                project: format_money(table.budget.project),
                basic: format_money(table.budget.basic),
            },
            overall_goal: table
                .overall_goal
                .lines()
                .map(str::trim_end)
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            duties,
            extra_columns,
            indicators,
            grid,
            labels: LABELS,
        }
    }
}

fn grid(widths: Vec<u32>, duties: usize, indicators: usize) -> Grid {
    let columns = widths.len();
    let rest = columns - 2;
    let code_span = (rest * 2 / 7).max(1);
    let data = columns - 1;
    let base = data / 4;
    let extra = data % 4;
    let mut duty_spans = [base; 4];
    for span in duty_spans.iter_mut().take(extra) {
        *span += 1;
    }
    let total: u32 = widths.iter().sum();
    let percents = widths
        .iter()
        .map(|&w| format!("{:.2}%", f64::from(w) * 100.0 / f64::from(total)))
        .collect();
    Grid {
        columns,
        widths,
        percents,
        name_label_span: 2,
        name_span: rest - 2 * code_span,
        code_label_span: code_span,
        code_span,
        budget_label_span: 2,
        budget_value_span: columns - 3,
        goal_span: data,
        duty_spans,
        duties_rowspan: duties + 1,
        indicators_rowspan: indicators + 1,
    }
}

fn duty_rows(table: &GoalTable) -> Vec<DutyRow> {
    let mut rows: Vec<DutyRow> = table
        .duties
        .iter()
        .map(|d| DutyRow {
            function: d.function.clone(),
            function_rowspan: 1,
            task: d.task.clone(),
            project: d.project.clone().unwrap_or_default(),
            amount: d.amount.map(format_money).unwrap_or_default(),
        })
        .collect();
    for (start, len) in runs(&rows, |r| r.function.clone()) {
        rows[start].function_rowspan = len;
        for r in &mut rows[start + 1..start + len] {
            r.function_rowspan = 0;
        }
    }
    rows
}

fn indicator_rows(indicators: &[Indicator], extras: &[&ExtraColumn]) -> Vec<IndicatorRow> {
    let mut rows: Vec<IndicatorRow> = indicators
        .iter()
        .map(|i| IndicatorRow {
            level1: i.level1.clone(),
            level1_rowspan: 1,
            level1_colspan: 1,
            level2: i.level2.clone().unwrap_or_default(),
            level2_rowspan: 1,
            name: i.name.clone(),
            cells: extras
                .iter()
                .map(|&&(key, _, _, get, _)| Cell {
                    key,
                    text: get(i).unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    for (start, len) in runs(&rows, |r| r.level1.clone()) {
        let run = &mut rows[start..start + len];
        let no_level2 = run.iter().all(|r| r.level2.is_empty());
        for (k, r) in run.iter_mut().enumerate() {
            r.level1_rowspan = if k == 0 { len } else { 0 };
            if no_level2 {
                r.level1_colspan = 2;
                r.level2_rowspan = 0;
            }
        }
        if !no_level2 {
            for (s2, len2) in runs(run, |r| r.level2.clone()) {
                run[s2].level2_rowspan = len2;
                for r in &mut run[s2 + 1..s2 + len2] {
                    r.level2_rowspan = 0;
                }
            }
        }
    }
    rows
}

/// Maximal runs of consecutive rows with the same key: (start, length).
fn runs<T>(rows: &[T], key: impl Fn(&T) -> String) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let k = key(&rows[i]);
        let mut j = i + 1;
        while j < rows.len() && key(&rows[j]) == k {
            j += 1;
        }
        out.push((i, j - i));
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_group_consecutive_equal_keys() {
        let v = ["a", "a", "b", "a"];
        assert_eq!(runs(&v, |s| (*s).to_owned()), vec![(0, 2), (2, 1), (3, 1)]);
        assert!(runs(&[] as &[&str], |s| (*s).to_owned()).is_empty());
    }

    #[test]
    fn seed_grid_matches_the_original_nine_columns() {
        let g = grid(vec![7, 7, 8, 14, 15, 15, 9, 13, 10], 2, 18);
        assert_eq!(g.columns, 9);
        assert_eq!(
            (
                g.name_label_span,
                g.name_span,
                g.code_label_span,
                g.code_span
            ),
            (2, 3, 2, 2)
        );
        assert_eq!(g.duty_spans, [2, 2, 2, 2]);
        assert_eq!(g.budget_value_span, 6);
        assert_eq!(g.indicators_rowspan, 19);
    }

    #[test]
    fn five_column_indicator_block() {
        // 一级/二级/三级/指标解释/目标值 (宁德 2019).
        let g = grid(vec![7, 7, 8, 14, 15, 10], 1, 3);
        assert_eq!(
            g.name_label_span + g.name_span + g.code_label_span + g.code_span,
            6
        );
        assert_eq!(g.duty_spans.iter().sum::<usize>(), 5);
    }
}
