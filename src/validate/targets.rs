//! 目标值 rules: grammar, percentages, satisfaction, cost ceilings.

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic};
use crate::money::format_money;
use crate::spec::{RawIndicator, RawTarget, Sp};
use crate::target::{self, Op, Target, TargetError, TargetKind};

use super::class::Class;

/// Parses the target and applies the value rules; `None` when it is malformed.
pub(super) fn check(
    ind: &RawIndicator,
    class: &Class,
    total: Option<Decimal>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Target> {
    let raw = ind.target.as_ref()?;
    let span = raw.span.clone();
    let mut text = compose(raw, diags)?;
    if let Some(half) = crate::fullwidth::target(&text) {
        diags.push(
            Diagnostic::at(
                Code::FullWidth,
                span.clone(),
                format!(
                    "目标值“{text}”含全角字符{}，已按半角读作“{half}”",
                    crate::fullwidth::named(&text)
                ),
            )
            .with_hint("数字、比较符号和百分号请用半角（英文）输入，例如 ≥95%"),
        );
        text = half;
    }
    let target = match target::parse(&text) {
        Ok(t) => t,
        Err(e) => {
            let msg = match e {
                TargetError::Empty => "目标值为空".to_owned(),
                TargetError::OperatorWithoutNumber => {
                    format!("目标值“{text}”有比较符号但后面没有数字")
                }
                TargetError::NumberTooLarge => format!("目标值“{text}”中的数字过大"),
            };
            diags.push(Diagnostic::at(Code::BadTarget, span, msg).with_hint(
                "定量目标写作 符号+数字+单位，例如 ≥95.00%；定性目标直接写文字，例如 优良",
            ));
            return None;
        }
    };
    let name = ind.name.as_ref().map_or("", |n| n.value.as_str());
    // `target = "95"` with `unit = "%"`: the 计量单位 column says what the number is.
    let percent = target.is_percent()
        || (unit_is_empty(&target)
            && ind
                .unit
                .as_ref()
                .is_some_and(|u| target::is_percent_unit(&u.value)));
    value_rules(&target, percent, name, class, total, &span, diags);
    if let Some(unit) = &ind.unit {
        unit_conflict(&target, unit.value.trim(), &span, diags);
    }
    Some(target)
}

/// The display text of a target: as written, or assembled from its parts.
fn compose(raw: &Sp<RawTarget>, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match &raw.value {
        RawTarget::Text(t) => Some(t.clone()),
        RawTarget::Parts { op, value, unit } => {
            let op_text = match op {
                None => "",
                Some(o) if Op::from_spelling(&o.value).is_some() => o.value.trim(),
                Some(o) => {
                    diags.push(
                        Diagnostic::at(
                            Code::BadTarget,
                            o.span.clone(),
                            format!("无法识别的比较符号“{}”", o.value),
                        )
                        .with_hint("可用：≥ ≤ = > < 以及 >= <= ＝ ﹦"),
                    );
                    return None;
                }
            };
            let number = value.value.text().trim();
            let unit = unit.as_ref().map_or("", |u| u.value.as_str());
            Some(format!("{op_text}{number}{unit}"))
        }
    }
}

/// A target whose own unit contradicts the 计量单位 column: `28.8万元` or `应保尽保`
/// under `%` (an import that read the wrong column, or a column filled by habit).
fn unit_conflict(
    target: &Target,
    unit: &str,
    span: &std::ops::Range<usize>,
    diags: &mut Vec<Diagnostic>,
) {
    if unit.is_empty() {
        return;
    }
    let msg = match &target.kind {
        TargetKind::Quantitative { unit: own, .. } => {
            let own = own.trim();
            let same =
                own == unit || (target::is_percent_unit(own) && target::is_percent_unit(unit));
            if own.is_empty() || same {
                return;
            }
            format!(
                "目标值“{}”的单位是“{own}”，而计量单位写的是“{unit}”",
                target.text
            )
        }
        TargetKind::Qualitative if target::is_percent_unit(unit) => {
            format!("目标值“{}”是文字，而计量单位写的是“{unit}”", target.text)
        }
        TargetKind::Qualitative => return,
    };
    diags.push(
        Diagnostic::at(Code::UnitConflict, span.clone(), msg)
            .with_hint("核对目标值和计量单位：两者应一致；定性的目标值不写计量单位"),
    );
}

/// A number without a unit of its own (`95`), or a qualitative target.
fn unit_is_empty(target: &Target) -> bool {
    matches!(&target.kind, TargetKind::Quantitative { unit, .. } if unit.trim().is_empty())
}

fn value_rules(
    target: &Target,
    percent: bool,
    name: &str,
    class: &Class,
    total: Option<Decimal>,
    span: &std::ops::Range<usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let at =
        |code, msg: String, hint: &str| Diagnostic::at(code, span.clone(), msg).with_hint(hint);
    if class.is_satisfaction() && !percent {
        diags.push(at(
            Code::SatisfactionNotPercent,
            format!("满意度指标“{name}”的目标值“{}”不是百分比", target.text),
            "满意度通常写作百分比，例如 ≥90.00%",
        ));
    }
    let TargetKind::Quantitative {
        op,
        value,
        unit,
        thousands_separator,
    } = &target.kind
    else {
        return;
    };
    let lower_bound = matches!(op, Some(Op::Ge | Op::Gt));
    if *thousands_separator {
        diags.push(at(
            Code::ThousandsSeparator,
            format!("目标值“{}”的数字含千位分隔符", target.text),
            "去掉逗号；若是从 Excel 复制的日期序号（如 44,561），请改写为日期",
        ));
    }
    if percent && lower_bound && *value > Decimal::ONE_HUNDRED {
        diags.push(at(
            Code::PercentOver100,
            format!("目标值“{}”要求超过 100%", target.text),
            "比率类指标一般不超过 100%，请确认数值",
        ));
    }
    if class.is_cost() && lower_bound {
        diags.push(at(
            Code::CostFloor,
            format!("成本指标“{name}”的目标值“{}”使用了下限符号", target.text),
            "成本是控制上限，通常写作 ≤，例如 ≤1119.80万元",
        ));
    }
    if let (true, Some(total)) = (class.is_cost() && unit.trim() == "万元", total)
        && *value > total
    {
        diags.push(at(
            Code::CostOverBudget,
            format!(
                "成本指标“{name}”的目标值 {} 万元超过资金总额 {} 万元",
                format_money(*value),
                format_money(total)
            ),
            "成本控制数不应超过资金总额，请核对单位和数值",
        ));
    }
}
