//! Money rules: each amount a valid non-negative number with at most two decimals, and the
//! sums of the 年度预算安排 and 年度履职目标 blocks.

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic};
use crate::model::Budget;
use crate::money::{AmountError, check_amount, format_money, parse_decimal};
use crate::spec::{AmountLit, RawSpec, Sp};

/// Converts and checks one written amount; pushes a diagnostic and returns `None` if bad.
pub(crate) fn amount(
    lit: &Sp<AmountLit>,
    label: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decimal> {
    let written = lit.value.text();
    let half = crate::fullwidth::amount(written);
    if let Some(half) = &half {
        diags.push(
            Diagnostic::at(
                Code::FullWidth,
                lit.span.clone(),
                format!(
                    "{label}“{written}”含全角字符{}，已按半角读作“{half}”",
                    crate::fullwidth::named(written)
                ),
            )
            .with_hint("金额请用半角（英文）数字输入，例如 1220.00"),
        );
    }
    let result = parse_decimal(half.as_deref().unwrap_or(written)).and_then(check_amount);
    let err = match result {
        Ok(mut v) => {
            // One scale for every amount, so 1119.8 and 1119.80 are the same table everywhere.
            v.rescale(2);
            return Some(v);
        }
        Err(e) => e,
    };
    let (code, msg, hint) = match err {
        AmountError::NotANumber => (
            Code::BadAmount,
            format!("{label}“{written}”不是有效的数字"),
            "金额只写数字（单位为万元），例如 2120.91；不要写单位、汉字或千位分隔符".to_owned(),
        ),
        AmountError::Overflow => (
            Code::BadAmount,
            format!("{label}“{written}”数值过大，无法精确计算"),
            "请确认单位是万元".to_owned(),
        ),
        AmountError::Negative => (
            Code::NegativeAmount,
            format!("{label}“{written}”为负数"),
            "预算金额不能为负".to_owned(),
        ),
        AmountError::TooManyDecimals(n) => (
            Code::TooManyDecimals,
            format!("{label}“{written}”有 {n} 位小数，金额最多两位小数"),
            "以万元为单位，保留两位小数，例如 1119.80".to_owned(),
        ),
    };
    diags.push(Diagnostic::at(code, lit.span.clone(), msg).with_hint(hint));
    None
}

fn opt_amount(
    lit: Option<&Sp<AmountLit>>,
    label: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decimal> {
    lit.and_then(|l| amount(l, label, diags))
}

/// 资金总额 = 项目支出 + 基本支出, exactly.
pub(crate) fn budget(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<Budget> {
    let b = raw.section("budget");
    let total_lit = b.amount("total");
    let total = opt_amount(total_lit.as_ref(), "资金总额", diags);
    let project = opt_amount(b.amount("project").as_ref(), "项目支出", diags);
    let basic = opt_amount(b.amount("basic").as_ref(), "基本支出", diags);
    let (total, project, basic) = (total?, project?, basic?);
    if total != project + basic {
        let span = total_lit.map(|t| t.span).unwrap_or_default();
        diags.push(
            Diagnostic::at(
                Code::BudgetSumMismatch,
                span,
                format!(
                    "资金总额 {} 不等于 项目支出 {} + 基本支出 {} = {}",
                    format_money(total),
                    format_money(project),
                    format_money(basic),
                    format_money(project + basic)
                ),
            )
            .with_hint(format!(
                "相差 {}；核对三个金额，资金总额应为项目支出与基本支出之和",
                format_money((total - project - basic).abs())
            )),
        );
    }
    // Built even when the parts do not add up: the table as written is what the live
    // preview shows; `check_text` hands no table on while an error remains.
    Some(Budget {
        total,
        project,
        basic,
    })
}

/// Each duty's amount, checked; warns when their sum differs from 资金总额.
pub(crate) fn duties(
    raw: &RawSpec,
    budget: Option<&Budget>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Option<Decimal>> {
    let rows = raw.rows("duties");
    let amounts: Vec<Option<Decimal>> = rows
        .iter()
        .map(|d| opt_amount(d.amount("amount").as_ref(), "预算金额", diags))
        .collect();
    let written = rows.iter().filter(|d| d.amount("amount").is_some()).count();
    let valid = amounts.iter().flatten().count();
    if let (Some(budget), true) = (budget, written > 0 && written == valid) {
        let sum: Decimal = amounts.iter().flatten().sum();
        if sum != budget.total {
            let span = rows
                .iter()
                .find_map(|d| d.amount("amount"))
                .map(|a| a.span)
                .unwrap_or_default();
            diags.push(
                Diagnostic::at(
                    Code::DutySumMismatch,
                    span,
                    format!(
                        "年度履职目标的预算金额合计 {} 与资金总额 {} 不一致",
                        format_money(sum),
                        format_money(budget.total)
                    ),
                )
                .with_hint(format!(
                    "相差 {}；各项履职目标的预算金额之和通常应等于资金总额",
                    format_money((sum - budget.total).abs())
                )),
            );
        }
    }
    amounts
}
