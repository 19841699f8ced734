//! The department form's label vocabulary: the head labels and their spellings, the
//! section labels standing in front of blocks, the 履职 columns and the rows that end the
//! form. The indicator columns are shared with the project form (`import::columns`).

use super::super::columns::{Col, col};
pub use super::super::words::{key, norm};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Head {
    Name,
    Code,
    Total,
    Project,
    Basic,
    Goal,
    /// 部门(单位)职责 (Hunan), 部门职能概述 (Hubei).
    Duties,
}

const HEAD_LABELS: &[(&str, Head)] = &[
    ("部门(单位)名称", Head::Name),
    ("单位(部门)名称", Head::Name),
    ("部门单位名称", Head::Name),
    ("单位名称", Head::Name),
    ("部门名称", Head::Name),
    ("预算单位名称", Head::Name),
    ("预算部门名称", Head::Name),
    ("预算单位", Head::Name),
    ("部门(单位)", Head::Name),
    ("部门预算编码", Head::Code),
    ("预算编码", Head::Code),
    ("部门编码", Head::Code),
    ("单位编码", Head::Code),
    ("预算单位编码", Head::Code),
    ("部门代码", Head::Code),
    ("单位代码", Head::Code),
    ("资金总额", Head::Total),
    ("年度资金总额", Head::Total),
    ("预算总额", Head::Total),
    ("项目支出", Head::Project),
    ("项目支出预算", Head::Project),
    ("基本支出", Head::Basic),
    ("基本支出预算", Head::Basic),
    ("年度总体目标", Head::Goal),
    ("年度总体绩效目标", Head::Goal),
    ("总体绩效目标", Head::Goal),
    ("总体目标", Head::Goal),
    ("整体绩效目标", Head::Goal),
    ("部门(单位)职责", Head::Duties),
    ("单位(部门)职责", Head::Duties),
    ("部门单位职责", Head::Duties),
    ("部门职责", Head::Duties),
    ("单位职责", Head::Duties),
    ("部门职能概述", Head::Duties),
    ("部门主要职能", Head::Duties),
];

/// Section labels that stand in front of blocks (and are repeated or merged down them).
const BLOCK_LABELS: &[&str] = &[
    "年度预算安排",
    "年度预算",
    "预算安排",
    "部门预算安排",
    "年度履职目标",
    "履职目标",
    "年度主要任务",
    "年度绩效指标",
    "绩效指标",
    "年度绩效目标",
];

/// Rows starting with these end the indicator block (signatures, notes, review rows).
const FOOTER_PREFIXES: &[&str] = &[
    "填表人",
    "填报人",
    "填报日期",
    "填表日期",
    "单位负责人",
    "财务负责人",
    "项目负责人",
    "联系电话",
    "审核意见",
    "主管部门审核意见",
    "财政部门审核意见",
    "注:",
    "说明:",
    "备注:",
];

pub(super) fn head_label(text: &str) -> Option<Head> {
    let k = key(text);
    HEAD_LABELS.iter().find(|(l, _)| *l == k).map(|&(_, h)| h)
}

pub(super) fn is_block_label(text: &str) -> bool {
    let k = key(text);
    BLOCK_LABELS.contains(&k.as_str())
}

pub(super) fn is_any_label(text: &str) -> bool {
    head_label(text).is_some()
        || is_block_label(text)
        || col(text).is_some_and(|c| c != Col::Ignored)
        || duty_col(&key(text)).is_some()
}

/// A 履职 column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DCol {
    Function,
    Task,
    Project,
    Amount,
}

pub(super) fn duty_col(k: &str) -> Option<DCol> {
    Some(match k {
        "部门职能" | "职能" | "主要职能" | "部门职责" => DCol::Function,
        "年度目标任务" | "目标任务" | "年度任务" | "任务名称" | "主要内容" => {
            DCol::Task
        }
        "支出项目名称" | "项目名称" | "支出项目" => DCol::Project,
        "预算金额" | "金额" | "预算数" | "资金金额" => DCol::Amount,
        _ => return None,
    })
}

pub(super) fn is_footer(text: &str) -> bool {
    let n = norm(text);
    FOOTER_PREFIXES.iter().any(|p| n.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_fold() {
        assert_eq!(key("部门（单位）名称："), "部门(单位)名称");
        assert_eq!(key("*部门(单位)名称"), "部门(单位)名称");
        assert_eq!(key("年 度 总 体 目 标"), "年度总体目标");
        assert_eq!(key("年度\n预算\n安排（万元）"), "年度预算安排");
        assert_eq!(key("评(扣)分标准"), "评(扣)分标准");
        assert_eq!(head_label("单位名称:"), Some(Head::Name));
    }
}
