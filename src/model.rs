//! The validated goal table: span-free domain types. Nothing outside `validate` can build
//! one from a file, so every renderer sees a table that passed the rules.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::formdef::FormDef;
use crate::target::Target;
use crate::taxonomy::Level1;

pub mod selfeval;

/// Identifies the JSON exchange format (export and import); bumped only on incompatible
/// changes.
pub const SCHEMA: &str = "jixiao/goal-table/v1";

/// The forms jixiao knows; `forms::KINDS` holds what each one owns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum FormKind {
    /// 部门整体支出绩效目标表
    #[serde(rename = "部门整体支出绩效目标表")]
    DepartmentOverall,
    /// 项目支出绩效目标表
    #[serde(rename = "项目支出绩效目标表")]
    Project,
    /// 项目支出绩效自评表 (year end).
    #[serde(rename = "项目支出绩效自评表")]
    ProjectSelfEval,
    /// 部门整体支出绩效自评表 (year end).
    #[serde(rename = "部门整体支出绩效自评表")]
    DepartmentSelfEval,
}

impl FormKind {
    /// The form's title as printed.
    pub fn title(self) -> &'static str {
        match self {
            FormKind::DepartmentOverall => "部门整体支出绩效目标表",
            FormKind::Project => "项目支出绩效目标表",
            FormKind::ProjectSelfEval => "项目支出绩效自评表",
            FormKind::DepartmentSelfEval => "部门整体支出绩效自评表",
        }
    }
}

/// A validated table of any form kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
// One table per document, moved rarely: the size of the larger variant does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Table {
    /// 部门整体支出绩效目标表.
    Department(GoalTable),
    /// 项目支出绩效目标表.
    Project(ProjectTable),
    /// A year-end 自评表, scored.
    SelfEval(Box<selfeval::Scored>),
}

impl Table {
    /// Which form.
    pub fn form(&self) -> FormKind {
        match self {
            Table::Department(t) => t.form,
            Table::Project(t) => t.form,
            Table::SelfEval(t) => t.form_kind(),
        }
    }

    /// Budget year.
    pub fn year(&self) -> u16 {
        match self {
            Table::Department(t) => t.year,
            Table::Project(t) => t.year,
            Table::SelfEval(t) => t.year,
        }
    }

    /// Page settings.
    pub fn style(&self) -> &Style {
        match self {
            Table::Department(t) => &t.style,
            Table::Project(t) => &t.style,
            Table::SelfEval(t) => &t.style,
        }
    }

    /// The indicator rows.
    pub fn indicators(&self) -> &[Indicator] {
        match self {
            Table::Department(t) => &t.indicators,
            Table::Project(t) => &t.indicators,
            Table::SelfEval(t) => &t.rows,
        }
    }

    /// The form definition the table is printed by.
    pub fn definition(&self) -> &'static FormDef {
        match self {
            Table::Department(t) => t.definition,
            Table::Project(t) => t.definition,
            Table::SelfEval(t) => t.definition,
        }
    }

    /// The value of a scalar field by its spec path (`project.name`, `budget.total`), as
    /// validated: the model's own fields, then any field the definition adds.
    pub fn field(&self, path: &str) -> Option<FieldValue<'_>> {
        let typed = match self {
            Table::Department(t) => t.typed(path),
            Table::Project(t) => t.typed(path),
            Table::SelfEval(t) => t.typed(path),
        };
        match typed {
            Some(v) => v,
            None => self
                .extra()
                .get(path)
                .map(|s| FieldValue::Text(Cow::Borrowed(s))),
        }
    }

    /// Fields the definition adds beyond the model's own, as their display text.
    pub fn extra(&self) -> &BTreeMap<String, String> {
        match self {
            Table::Department(t) => &t.extra,
            Table::Project(t) => &t.extra,
            Table::SelfEval(t) => &t.extra,
        }
    }

    /// The rows of a row array (`duties`) or indicator array (`indicators`).
    pub fn row_count(&self, array: &str) -> usize {
        match (self, array) {
            (Table::Department(t), "duties") => t.duties.len(),
            (Table::SelfEval(t), "funds") => t.funds.len(),
            _ => self.indicator_rows(array).len(),
        }
    }

    /// A field of one row of a row array (`duties[2].task`).
    pub fn row_field(&self, array: &str, row: usize, key: &str) -> Option<FieldValue<'_>> {
        if let Table::SelfEval(t) = self {
            return t.row_field(array, row, key);
        }
        let Table::Department(t) = self else {
            return None;
        };
        let d = t.duties.get(row).filter(|_| array == "duties")?;
        let text = |s: &str| Some(FieldValue::Text(Cow::Owned(s.to_owned())));
        match key {
            "function" => text(&d.function),
            "task" => text(&d.task),
            "project" => d.project.as_deref().and_then(text),
            "amount" => d.amount.map(FieldValue::Money),
            _ => None,
        }
    }

    /// The indicator rows of an indicator array (`indicators`, `midterm_indicators`).
    pub fn indicator_rows(&self, array: &str) -> &[Indicator] {
        match (self, array) {
            (_, "indicators") => self.indicators(),
            (Table::Project(t), "midterm_indicators") => &t.midterm_indicators,
            _ => &[],
        }
    }

    /// The formula of a computed cell at a spec path (a 自评's 执行率, 得分, 总分), for
    /// exporters that keep formulas.
    pub fn formula(&self, path: &str) -> Option<crate::sheet::Formula> {
        match self {
            Table::SelfEval(t) => t.formula(path),
            Table::Department(_) | Table::Project(_) => None,
        }
    }

    /// The department form, if this is one.
    pub fn as_department(&self) -> Option<&GoalTable> {
        match self {
            Table::Department(t) => Some(t),
            Table::Project(_) | Table::SelfEval(_) => None,
        }
    }

    /// The project form, if this is one.
    pub fn as_project(&self) -> Option<&ProjectTable> {
        match self {
            Table::Project(t) => Some(t),
            Table::Department(_) | Table::SelfEval(_) => None,
        }
    }
}

/// A field's value as validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// Text (also codes and whole numbers).
    Text(Cow<'a, str>),
    /// An amount in 万元.
    Money(Decimal),
}

impl FieldValue<'_> {
    /// The text the form prints: amounts with two decimals.
    pub fn display(&self) -> Cow<'_, str> {
        match self {
            FieldValue::Text(s) => Cow::Borrowed(s),
            FieldValue::Money(d) => Cow::Owned(crate::money::format_money(*d)),
        }
    }
}

fn text_value(s: &str) -> Option<Option<FieldValue<'_>>> {
    Some(Some(FieldValue::Text(Cow::Borrowed(s))))
}

fn opt_text(s: &Option<String>) -> Option<Option<FieldValue<'_>>> {
    Some(s.as_deref().map(|s| FieldValue::Text(Cow::Borrowed(s))))
}

fn money(d: Option<Decimal>) -> Option<Option<FieldValue<'static>>> {
    Some(d.map(FieldValue::Money))
}

impl ProjectTable {
    /// `Some(value)` for the model's own fields, `None` for a path it does not have.
    pub(crate) fn typed(&self, path: &str) -> Option<Option<FieldValue<'_>>> {
        let (p, f) = (&self.project, &self.funds);
        match path {
            "project.name" => text_value(&p.name),
            "project.department" => text_value(&p.department),
            "project.department_code" => opt_text(&p.department_code),
            "project.unit" => text_value(&p.unit),
            "project.attribute" => opt_text(&p.attribute),
            "project.category" => opt_text(&p.category),
            "project.period" => opt_text(&p.period),
            "project.budget_department" => opt_text(&p.budget_department),
            "funds.total" => money(Some(f.total)),
            "funds.fiscal" => money(f.fiscal),
            "funds.other" => money(f.other),
            "funds.superior" => money(f.superior),
            "funds.carryover" => money(f.carryover),
            "funds.current_total" => money(f.current_total),
            "funds.current_fiscal" => money(f.current_fiscal),
            "funds.current_other" => money(f.current_other),
            "goals.midterm" => opt_text(&self.goals.midterm),
            "goals.annual" => text_value(&self.goals.annual),
            "review.department" => opt_text(&self.review.department),
            "review.finance" => opt_text(&self.review.finance),
            "signature.filler" => opt_text(&self.signature.filler),
            "signature.phone" => opt_text(&self.signature.phone),
            "signature.date" => opt_text(&self.signature.date),
            "signature.leader" => opt_text(&self.signature.leader),
            _ => None,
        }
    }
}

impl GoalTable {
    /// `Some(value)` for the model's own fields, `None` for a path it does not have.
    pub(crate) fn typed(&self, path: &str) -> Option<Option<FieldValue<'_>>> {
        let b = self.budget.as_ref();
        let f = self.funding.as_ref();
        match path {
            "overall_goal" => text_value(&self.overall_goal),
            "responsibilities" => opt_text(&self.responsibilities),
            "department.name" => text_value(&self.department.name),
            "department.code" => opt_text(&self.department.code),
            "budget.total" => money(b.map(|b| b.total)),
            "budget.project" => money(b.map(|b| b.project)),
            "budget.basic" => money(b.map(|b| b.basic)),
            "income.fiscal" => money(f.map(|f| f.income_fiscal)),
            "income.other" => money(f.map(|f| f.income_other)),
            "income.total" => money(f.map(|f| f.income_total)),
            "expenditure.basic" => money(f.map(|f| f.spend_basic)),
            "expenditure.project" => money(f.map(|f| f.spend_project)),
            "expenditure.total" => money(f.map(|f| f.spend_total)),
            _ => None,
        }
    }
}

/// A validated 项目支出绩效目标表.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectTable {
    /// Which form.
    pub form: FormKind,
    /// Budget year.
    pub year: u16,
    /// 项目名称, 主管部门, 实施单位 and the optional identity fields.
    pub project: ProjectInfo,
    /// 项目资金(万元) by source.
    pub funds: Funds,
    /// 中期目标 / 年度目标.
    pub goals: Goals,
    /// 年度绩效指标 rows, in the order written.
    pub indicators: Vec<Indicator>,
    /// 中期绩效指标: the 88号 layout's long-term set, printed only when filled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub midterm_indicators: Vec<Indicator>,
    /// 审核意见 rows under the table.
    pub review: Review,
    /// The signature line under the table.
    pub signature: Signature,
    /// The built-in layout it is printed by (`湘潭`), when the spec names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// Fields the definition adds beyond the model's own, as their display text.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// Page settings (not part of the table's content).
    #[serde(skip)]
    pub style: Style,
    /// The form definition the table is printed by.
    #[serde(skip)]
    pub definition: &'static FormDef,
}

/// The identity block of a project form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProjectInfo {
    /// 项目名称.
    pub name: String,
    /// 主管部门.
    pub department: String,
    /// 主管部门编码 (digits, leading zeros kept).
    pub department_code: Option<String>,
    /// 实施单位.
    pub unit: String,
    /// 项目属性.
    pub attribute: Option<String>,
    /// 项目类别.
    pub category: Option<String>,
    /// 项目起止时间 / 实施期.
    pub period: Option<String>,
    /// 预算部门.
    pub budget_department: Option<String>,
}

/// 项目资金(万元); every field may be empty except 资金总额.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Funds {
    /// 资金总额.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// 其中:财政拨款.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub fiscal: Option<Decimal>,
    /// 其他资金.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub other: Option<Decimal>,
    /// 上级资金.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub superior: Option<Decimal>,
    /// 上年结转.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub carryover: Option<Decimal>,
    /// 当年资金总额.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub current_total: Option<Decimal>,
    /// 其中:当年财政拨款.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub current_fiscal: Option<Decimal>,
    /// 当年其他资金.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub current_other: Option<Decimal>,
}

impl Funds {
    /// Whether the form has 当年 columns.
    pub fn has_current(&self) -> bool {
        self.current_total.is_some()
            || self.current_fiscal.is_some()
            || self.current_other.is_some()
    }
}

/// 总体目标.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Goals {
    /// 中期目标 (or 实施期绩效目标).
    pub midterm: Option<String>,
    /// 年度目标.
    pub annual: String,
}

/// 审核意见 rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Review {
    /// 主管部门审核意见.
    pub department: Option<String>,
    /// 财政部门审核意见.
    pub finance: Option<String>,
}

/// The signature line under the table.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Signature {
    /// 填表人.
    pub filler: Option<String>,
    /// 联系电话.
    pub phone: Option<String>,
    /// 填报日期.
    pub date: Option<String>,
    /// 单位负责人签字.
    pub leader: Option<String>,
}

impl Signature {
    /// Whether any part is filled.
    pub fn is_empty(&self) -> bool {
        self.filler.is_none()
            && self.phone.is_none()
            && self.date.is_none()
            && self.leader.is_none()
    }
}

/// A validated 部门整体支出绩效目标表.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoalTable {
    /// Which form.
    pub form: FormKind,
    /// Budget year.
    pub year: u16,
    /// The provincial layout.
    #[serde(skip_serializing_if = "is_fujian")]
    pub layout: crate::forms::department::fields::Layout,
    /// 部门(单位).
    pub department: Department,
    /// 部门(单位)职责 / 部门职能概述.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responsibilities: Option<String>,
    /// 年度预算安排(万元); the Hunan and Hubei layouts have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<Budget>,
    /// 收入构成 and 支出构成 (Hubei).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding: Option<Funding>,
    /// 年度总体目标.
    pub overall_goal: String,
    /// 年度履职目标 rows.
    pub duties: Vec<Duty>,
    /// 年度绩效指标 rows, in the order written.
    pub indicators: Vec<Indicator>,
    /// Fields the definition adds beyond the model's own, as their display text.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
    /// Page settings (not part of the table's content).
    #[serde(skip)]
    pub style: Style,
    /// The form definition the table is printed by.
    #[serde(skip)]
    pub definition: &'static FormDef,
}

fn is_fujian(l: &crate::forms::department::fields::Layout) -> bool {
    *l == crate::forms::department::fields::Layout::Fujian
}

/// 部门总体资金情况 of the Hubei layout, in 万元.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Funding {
    /// 收入构成: 财政拨款.
    #[serde(with = "rust_decimal::serde::str")]
    pub income_fiscal: Decimal,
    /// 收入构成: 其他资金.
    #[serde(with = "rust_decimal::serde::str")]
    pub income_other: Decimal,
    /// 收入构成: 合计.
    #[serde(with = "rust_decimal::serde::str")]
    pub income_total: Decimal,
    /// 支出构成: 基本支出.
    #[serde(with = "rust_decimal::serde::str")]
    pub spend_basic: Decimal,
    /// 支出构成: 项目支出.
    #[serde(with = "rust_decimal::serde::str")]
    pub spend_project: Decimal,
    /// 支出构成: 合计.
    #[serde(with = "rust_decimal::serde::str")]
    pub spend_total: Decimal,
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
    /// 指标值类型: 定量 or 定性 (Hunan layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_type: Option<String>,
    /// 绩效标准 (计划标准, 历史标准 …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// 目标值.
    pub target: Target,
    /// 计量单位, when kept apart from the value.
    pub unit: Option<String>,
    /// 指标分值.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// 备注.
    pub note: Option<String>,
    /// The year-end 自评 of this indicator (自评表 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
}

/// What a 自评表 adds to an indicator: the actual, the computed score and the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// 实际完成值 as written.
    pub actual: String,
    /// 得分 as computed (`8.00`; empty for 不适用).
    pub score: String,
    /// How the score was computed.
    pub explanation: String,
    /// 偏差原因分析及改进措施.
    pub reason: Option<String>,
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
