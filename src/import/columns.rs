//! The indicator columns, shared by the readers of both forms: which header names which
//! field of `[[indicators]]` (one vocabulary: a 绩效标准 or 指标值类型 column means the same
//! on either form), and how a cell's value is put into an [`IndicatorOut`].

use crate::formdef::{BlockKind, FormDef};
use crate::spec::write::IndicatorOut;

use super::words::{key, norm};

/// An indicator column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标.
    Name,
    /// 内涵解释 / 指标解释.
    Explanation,
    /// 设置依据.
    Basis,
    /// 指标计算公式或方法.
    Method,
    /// 评分标准.
    Scoring,
    /// 绩效标准.
    Standard,
    /// 目标值 / 指标值.
    Target,
    /// 计量单位.
    Unit,
    /// 指标分值.
    Weight,
    /// 备注.
    Note,
    /// An operator column (`≥`), or 指标性质 holding 定量/定性 on some forms.
    Op,
    /// 指标值类型: 定量 or 定性.
    ValueType,
    /// A column the spec has no field for.
    Ignored,
}

/// The column a header names, and whether it belongs to the long-term (中期) set of the
/// 88号 project layout (`三级指标(长期)`).
pub fn column(text: &str) -> Option<(Col, bool)> {
    let n = norm(text);
    let long = n.contains("(长期)") || n.contains("(中期)") || n.contains("(实施期)");
    let col = match key(text).as_str() {
        "一级指标" => Col::Level1,
        "二级指标" => Col::Level2,
        "三级指标" | "三级指标名称" | "指标名称" | "指标内容" => Col::Name,
        "内涵解释" | "指标解释" | "指标说明" | "指标内涵" | "指标定义" | "指标内涵解释" => {
            Col::Explanation
        }
        "设置依据" | "指标设置依据" | "指标值设置依据" | "指标依据" => {
            Col::Basis
        }
        "指标计算公式或方法"
        | "计算公式或方法"
        | "指标计算公式"
        | "计算公式"
        | "计算方法"
        | "指标计算方法"
        | "评价方法" => Col::Method,
        "评分标准" | "评(扣)分标准" | "评扣分标准" | "扣分标准" | "评分规则" | "指标赋分规则"
        | "计分方法" => Col::Scoring,
        "绩效标准" | "计划标准" => Col::Standard,
        "目标值"
        | "指标值"
        | "年度指标值"
        | "绩效目标值"
        | "年度目标值"
        | "指标值及单位"
        | "预期目标值"
        | "绩效指标值"
        | "年度绩效目标值"
        | "当年预期实现值" => Col::Target,
        "计量单位" | "度量单位" | "单位" => Col::Unit,
        "指标分值" | "分值" | "权重" | "指标权重" | "指标分值权重" | "权重分值" => {
            Col::Weight
        }
        "备注" => Col::Note,
        "运算符" | "符号" | "指标性质" | "比较符" | "关系符" | "运算关系" => {
            Col::Op
        }
        "指标值类型" => Col::ValueType,
        "指标方向" | "指标类型" | "上年完成值" | "指标属性" => Col::Ignored,
        _ => return None,
    };
    Some((col, long))
}

/// The spec field (`[[indicators]]` key) of each column that holds one, in the
/// vocabulary's order: what [`put`] fills and what a definition's columns name.
const FIELD_OF: &[(Col, &str)] = &[
    (Col::Level1, "level1"),
    (Col::Level2, "level2"),
    (Col::Name, "name"),
    (Col::Explanation, "explanation"),
    (Col::Basis, "basis"),
    (Col::Method, "method"),
    (Col::Scoring, "scoring"),
    (Col::Standard, "standard"),
    (Col::Target, "target"),
    (Col::Unit, "unit"),
    (Col::Weight, "weight"),
    (Col::Note, "note"),
    (Col::ValueType, "value_type"),
];

impl Col {
    /// The column of a spec field key (`target` → 目标值).
    pub fn of_field(key: &str) -> Option<Col> {
        FIELD_OF.iter().find(|(_, k)| *k == key).map(|(c, _)| *c)
    }

    /// The spec field key the column fills.
    pub fn field(self) -> Option<&'static str> {
        FIELD_OF.iter().find(|(c, _)| *c == self).map(|(_, k)| *k)
    }
}

/// The column a header names (long-term or not).
pub fn col(text: &str) -> Option<Col> {
    column(text).map(|(c, _)| c)
}

/// 定量 or 定性, the two values of 指标值类型.
pub fn is_value_type(text: &str) -> bool {
    matches!(text.trim(), "定量" | "定性")
}

/// Puts a cell's value into its field; returns the field's key (for `--verbose`) when it
/// was taken. An operator goes to `op` until [`finish_target`] joins it to the target.
pub fn put(
    ind: &mut IndicatorOut,
    op: &mut Option<String>,
    kind: Col,
    value: String,
) -> Option<&'static str> {
    let slot = match kind {
        Col::Name => &mut ind.name,
        Col::Explanation => &mut ind.explanation,
        Col::Basis => &mut ind.basis,
        Col::Method => &mut ind.method,
        Col::Scoring => &mut ind.scoring,
        Col::Standard => &mut ind.standard,
        Col::Target => &mut ind.target,
        Col::Unit => &mut ind.unit,
        Col::Weight => &mut ind.weight,
        Col::Note => &mut ind.note,
        Col::ValueType => &mut ind.value_type,
        Col::Level1 => &mut ind.level1,
        Col::Level2 => &mut ind.level2,
        Col::Op if crate::target::Op::from_spelling(&value).is_some() => {
            *op = Some(value);
            return Some("target(运算符)");
        }
        // 指标性质 holds 定量/定性 on some forms, an operator on others.
        Col::Op if is_value_type(&value) => &mut ind.value_type,
        Col::Op | Col::Ignored => return None,
    };
    *slot = Some(value);
    let kind = if kind == Col::Op {
        Col::ValueType
    } else {
        kind
    };
    kind.field()
}

/// Joins an operator read from its own column to the front of the target.
pub fn finish_target(ind: &mut IndicatorOut, op: Option<String>) {
    let Some(op) = op else { return };
    ind.target = Some(match ind.target.take() {
        Some(t) if !t.starts_with(op.as_str()) => format!("{op}{t}"),
        Some(t) => t,
        None => op,
    });
}

/// The indicator headers a definition prints, with the columns they name (and whether
/// of the long-term set).
pub(crate) fn definition_columns(def: &'static FormDef) -> Vec<(String, Col, bool)> {
    let mut out = Vec::new();
    for b in def
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Indicators)
    {
        let long = b.array.as_deref() == Some("midterm_indicators");
        let levels = if b.sets.is_empty() {
            &[Col::Level1, Col::Level2, Col::Name][..]
        } else {
            &[Col::Level1][..]
        };
        for (h, c) in b.levels.iter().zip(levels) {
            out.push((key(h), *c, long));
        }
        for cd in &b.columns {
            if let (Some(h), Some(c)) = (&cd.label, Col::of_field(&cd.key)) {
                out.push((key(h), c, long));
            }
        }
        for set in &b.sets {
            let long = set.array == "midterm_indicators";
            for (h, c) in set.levels.iter().zip([Col::Level2, Col::Name]) {
                out.push((key(h), c, long));
            }
            for cd in &set.columns {
                if let (Some(h), Some(c)) = (&cd.label, Col::of_field(&cd.key)) {
                    out.push((key(h), c, long));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// Every spec field of an indicator row can be read from a column (the import and
    /// the spec's field table name the same fields).
    #[test]
    fn every_indicator_field_has_an_import_column() {
        for f in crate::forms::indicators::FIELDS.fields {
            let col = super::Col::of_field(f.key);
            assert!(col.is_some(), "no import column for {}", f.key);
            assert_eq!(col.and_then(super::Col::field), Some(f.key));
        }
    }

    use super::*;

    #[test]
    fn one_vocabulary_for_both_forms() {
        assert_eq!(column("三级指标(长期)"), Some((Col::Name, true)));
        assert_eq!(column("*指标值"), Some((Col::Target, false)));
        assert_eq!(col("指标值类型（定量/定性）"), Some(Col::ValueType));
        assert_eq!(col("绩效标准"), Some(Col::Standard));
        assert_eq!(col("评(扣)分标准"), Some(Col::Scoring));
        assert_eq!(col("上年完成值"), Some(Col::Ignored));
        assert_eq!(col("项目名称"), None);
    }

    #[test]
    fn operators_and_value_types_share_the_op_column() {
        let mut ind = IndicatorOut::default();
        let mut op = None;
        assert_eq!(
            put(&mut ind, &mut op, Col::Op, "≥".into()),
            Some("target(运算符)")
        );
        put(&mut ind, &mut op, Col::Target, "300".into());
        finish_target(&mut ind, op);
        assert_eq!(ind.target.as_deref(), Some("≥300"));
        let mut op = None;
        assert_eq!(
            put(&mut ind, &mut op, Col::Op, "定量".into()),
            Some("value_type")
        );
        assert_eq!(ind.value_type.as_deref(), Some("定量"));
        assert_eq!(put(&mut ind, &mut op, Col::Op, "其他".into()), None);
    }
}
