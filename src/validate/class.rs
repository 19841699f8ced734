//! What the rules learn about one indicator row's classification: its 一级 and 二级 in
//! the taxonomy, found (and their problems reported) once for every rule that needs them.

use crate::diag::{Code, Diagnostic};
use crate::spec::RawIndicator;
use crate::taxonomy::{self, Level1, Level2};

/// What the rules learned about one row's classification.
pub(crate) struct Class {
    pub(super) level1: Level1,
    pub(super) level2: Option<Level2>,
}

impl Class {
    pub(super) fn is_cost(&self) -> bool {
        self.level1 == Level1::Cost || self.level2.is_some_and(|l| l.is_cost)
    }

    pub(super) fn is_satisfaction(&self) -> bool {
        self.level1 == Level1::Satisfaction || self.level2.is_some_and(|l| l.is_satisfaction)
    }
}

/// Classifies a row in the taxonomy, reporting a 一级 or 二级 outside it.
pub(super) fn classify(ind: &RawIndicator, diags: &mut Vec<Diagnostic>) -> Option<Class> {
    let l1 = ind.level1.as_ref()?;
    let Some(level1) = taxonomy::level1(&l1.value) else {
        diags.push(
            Diagnostic::at(
                Code::UnknownLevel1,
                l1.span.clone(),
                format!("一级指标“{}”不在指标体系中", l1.value),
            )
            .with_hint("一级指标应为：产出指标、效益指标、满意度指标，或 成本指标"),
        );
        return None;
    };
    let Some(l2) = ind.level2.as_ref() else {
        let name = ind.name.as_ref().map_or("", |n| n.value.as_str());
        let span = ind
            .level1
            .as_ref()
            .map(|l| l.span.clone())
            .unwrap_or_default();
        let hint = if level1 == Level1::Cost {
            "成本指标作为一级指标时，二级可写 经济成本指标、社会成本指标 或 生态环境成本指标"
                .to_owned()
        } else {
            format!(
                "可选的二级指标：{}",
                taxonomy::level2_names_under(level1).join("、")
            )
        };
        diags.push(
            Diagnostic::at(
                Code::MissingLevel2,
                span,
                format!("指标“{name}”没有二级指标，直接挂在一级“{}”下", l1.value),
            )
            .with_hint(hint),
        );
        return Some(Class {
            level1,
            level2: None,
        });
    };
    let allowed = taxonomy::level2_names_under(level1).join("、");
    match taxonomy::level2(&l2.value) {
        None => {
            diags.push(
                Diagnostic::at(
                    Code::UnknownLevel2,
                    l2.span.clone(),
                    format!("二级指标“{}”不在指标体系中", l2.value),
                )
                .with_hint(format!("“{}”下可选：{allowed}", l1.value)),
            );
            None
        }
        Some(level2) if !level2.parents.contains(&level1) => {
            diags.push(
                Diagnostic::at(
                    Code::Level2Mismatch,
                    l2.span.clone(),
                    format!("二级指标“{}”不属于一级指标“{}”", l2.value, l1.value),
                )
                .with_hint(format!(
                    "“{}”属于“{}”；“{}”下可选：{allowed}",
                    level2.name,
                    level2.parents[0].name(),
                    l1.value
                )),
            );
            None
        }
        Some(level2) => Some(Class {
            level1,
            level2: Some(level2),
        }),
    }
}
