//! A published form that prints its 满意度 二级 (服务对象满意度指标) inside the merged
//! 效益指标 cell: the row is read as a 满意度指标, as the taxonomy has it, with a warning
//! naming the row, so that the imported table passes `check` (E203/E204 otherwise).

use crate::diag::{Code, Diagnostic, Location};
use crate::taxonomy::{self, Level1};

use super::form::Extracted;

/// Moves satisfaction rows printed under 效益指标 to 满意度指标, one warning each.
pub fn satisfaction_under_benefit(ex: &mut Extracted) {
    for (i, ind) in ex.spec.indicators.iter_mut().enumerate() {
        let (Some(l1), Some(l2)) = (ind.level1.as_deref(), ind.level2.as_deref()) else {
            continue;
        };
        let satisfaction = taxonomy::level2(l2).is_some_and(|v| v.is_satisfaction);
        if taxonomy::level1(l1) != Some(Level1::Benefit) || !satisfaction {
            continue;
        }
        let n = i + 1;
        let cell = ex
            .provenance
            .iter()
            .find(|(field, _)| *field == format!("indicators[{n}].level2"))
            .map(|(_, cell)| cell.clone());
        ex.diagnostics.push(Diagnostic {
            code: Code::ImportSatisfactionMoved,
            message: format!(
                "第 {n} 条指标的二级指标“{l2}”属于满意度指标，原表把它印在“{l1}”的合并格中，已按“满意度指标”导入"
            ),
            hint: Some(
                "满意度指标是与产出、效益并列的一级指标；生成的表格把这一行列在“满意度指标”下".into(),
            ),
            location: cell.map_or(Location::File, Location::Cell),
        });
        ind.level1 = Some(Level1::Satisfaction.name().to_owned());
    }
}
