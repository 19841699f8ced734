//! The validated goal table: span-free domain types. Nothing outside `validate` can build
//! one from a file, so every renderer sees a table that passed the rules.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::target::Target;
use crate::taxonomy::Level1;

/// The forms jixiao knows. Only the first is implemented; the others are reserved names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FormKind {
    /// 部门整体支出绩效目标表
    #[serde(rename = "部门整体支出绩效目标表")]
    DepartmentOverall,
}

impl FormKind {
    /// The form's title as printed.
    pub fn title(self) -> &'static str {
        match self {
            FormKind::DepartmentOverall => "部门整体支出绩效目标表",
        }
    }
}

/// A validated 部门整体支出绩效目标表.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalTable {
    /// Which form.
    pub form: FormKind,
    /// Budget year.
    pub year: u16,
    /// 部门(单位).
    pub department: Department,
    /// 年度预算安排(万元).
    pub budget: Budget,
    /// 年度总体目标.
    pub overall_goal: String,
    /// 年度履职目标 rows.
    pub duties: Vec<Duty>,
    /// 年度绩效指标 rows, in the order written.
    pub indicators: Vec<Indicator>,
    /// Page settings (not part of the table's content).
    #[serde(skip)]
    pub style: Style,
}

/// 部门(单位)名称 and 部门预算编码.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Department {
    /// 部门(单位)名称.
    pub name: String,
    /// 部门预算编码 (digits).
    pub code: Option<String>,
}

/// 年度预算安排, in 万元.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Budget {
    /// 资金总额.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// 项目支出.
    #[serde(with = "rust_decimal::serde::str")]
    pub project: Decimal,
    /// 基本支出.
    #[serde(with = "rust_decimal::serde::str")]
    pub basic: Decimal,
}

/// One 年度履职目标 row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duty {
    /// 部门职能.
    pub function: String,
    /// 年度目标任务.
    pub task: String,
    /// 支出项目名称.
    pub project: Option<String>,
    /// 预算金额(万元).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount: Option<Decimal>,
}

/// One 年度绩效指标 row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Indicator {
    /// 一级指标 as written.
    pub level1: String,
    /// The category it was recognized as.
    pub category: Level1,
    /// 二级指标 as written, if any.
    pub level2: Option<String>,
    /// 三级指标.
    pub name: String,
    /// 内涵解释.
    pub explanation: Option<String>,
    /// 设置依据.
    pub basis: Option<String>,
    /// 指标计算公式或方法.
    pub method: Option<String>,
    /// 评分标准.
    pub scoring: Option<String>,
    /// 目标值.
    pub target: Target,
    /// 计量单位, when kept apart from the value.
    pub unit: Option<String>,
    /// 指标分值.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// 备注.
    pub note: Option<String>,
}

/// Paper size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 297 × 420 mm.
    A3,
}

/// Page orientation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    /// 横向 (the default: the indicator block is wide).
    #[default]
    Landscape,
    /// 纵向.
    Portrait,
}

/// Page settings from `[style]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Style {
    /// Paper size.
    pub paper: Paper,
    /// Orientation.
    pub orientation: Orientation,
    /// A department font file, as written in the spec (relative to the spec's folder).
    pub font: Option<String>,
    /// Face index inside a .ttc.
    pub font_index: Option<u32>,
}
