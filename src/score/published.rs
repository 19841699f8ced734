//! The published 自评表 of `selfeval.md`, recomputed: where the printed number and the
//! computed one agree the test says so, and where they differ (the source's own errors) the
//! test shows that the scoring flags them.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::*;
use crate::target;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn row(initial: &str, adjusted: &str, executed: &str) -> BudgetRow {
    let opt = |s: &str| (!s.is_empty()).then(|| d(s));
    BudgetRow {
        initial: opt(initial),
        adjusted: opt(adjusted),
        executed: opt(executed),
    }
}

/// Scores `target` / `actual` / `w` under the central rules; `typed` is the printed score.
fn indicator(target_text: &str, actual: &str, w: &str, typed: Option<&str>) -> IndicatorScore {
    let t = target::parse(target_text).unwrap();
    let a = parse_actual(actual).unwrap();
    score_indicator(&RuleSet::central(), &t, None, &a, d(w), typed.map(d)).unwrap()
}

/// E1 池州 委托业务项目: the indicators all agree; the budget row is broken.
#[test]
fn e1_chizhou_indicators_agree_and_the_budget_row_is_flagged() {
    // (target, actual, 分值, printed 得分)
    let rows = [
        ("≥50个", "50", "8", "8"),
        ("≥100百分比", "100", "8", "8"),
        ("严格执行相关制度规定", "达成预期指标", "8", "8"),
        ("在项目计划完成时间内完成", "达成预期指标", "8", "8"),
        ("≤90万元", "90", "8", "8"),
        ("符合相关规定", "达成预期指标", "10", "10"),
        ("效果明显", "达成预期指标", "10", "10"),
        ("效果明显", "达成预期指标", "10", "10"),
        ("效果明显", "达成预期指标", "10", "10"),
    ];
    let mut scored = Vec::new();
    for (t, a, w, printed) in rows {
        let s = indicator(t, a, w, None);
        assert!(!printed_differs(d(printed), s.score.value), "{t} {a}");
        assert_eq!(
            s.out_of_band, None,
            "{t}: 达成预期指标 at 100 % is in the top band"
        );
        assert!(s.met, "{t}");
        scored.push((d(w), Some(s.score.value)));
    }
    assert_eq!(
        indicator("≤90万元", "90", "8", None).direction,
        Direction::Reverse
    );
    // 产出 8×5 + 10 = 50 and 效益 30: the visible 80 of the 90 (满意度 is cut off).
    let rules = RuleSet::central();
    let visible = score_indicators(&rules, &scored);
    assert_eq!(visible.weight_sum, d("80"));
    assert!(
        !visible.weights_match,
        "the truncated copy lacks the 满意度 10 points"
    );

    // The budget: 年度资金总额 0/0/0 over a 财政拨款 row of 90 / 89.974 / 89.974.
    let total = row("0", "0", "0");
    let parts = [row("90", "89.974", "89.974")];
    let sums = check_row_sums(&total, &parts);
    let columns: Vec<_> = sums.iter().map(|m| m.column).collect();
    assert_eq!(columns, ["年初预算数", "全年预算数", "全年执行数"]);
    let zero = score_budget(&rules, &total, d("10")).unwrap_err();
    assert_eq!(zero, ExecutionError::ZeroBudget { executed: d("0") });
    // Computed from the rows that hold the money: 100 % → 10.00; printed 0.
    let real = score_budget(&rules, &parts[0], d("10")).unwrap();
    assert_eq!(real.rate.value, d("100"));
    assert_eq!(real.score.value, d("10"));
    assert!(printed_differs(d("0"), real.score.value));
    // 总分 with a full 满意度 row: 10 + 90 = 100, not the 90 the printed budget score gives.
    let t = score_total(&rules, Some(real.score.value), d("90"));
    assert_eq!(t.total.value, d("100"));
}

/// E3 大英 安可替代: 3.36 / 3.36 → 10, printed 10; 年初 0 is never the denominator.
#[test]
fn e3_daying_budget_uses_the_adjusted_budget() {
    let rules = RuleSet::central();
    let s = score_budget(&rules, &row("0", "3.36", "3.36"), d("10")).unwrap();
    assert_eq!(s.rate.value, d("100"));
    assert!(!printed_differs(d("10"), s.score.value));
    let parts = [
        row("0", "3.36", "3.36"),
        row("0", "0", "0"),
        row("0", "0", "0"),
    ];
    assert!(check_row_sums(&row("0", "3.36", "3.36"), &parts).is_empty());
    // The 财政专户 row 0 / 0 prints 0.00 %: jixiao says why it cannot compute one.
    assert!(matches!(
        score_budget(&rules, &parts[1], d("10")),
        Err(ExecutionError::ZeroBudget { .. })
    ));
}

/// E3b: `完成` on a ≤ 30 万元 indicator cannot be scored by formula; weights 10 + 90 = 100.
#[test]
fn e3b_text_actual_on_a_quantitative_target_is_refused() {
    let t = target::parse("≤30万元").unwrap();
    let a = parse_actual("完成").unwrap();
    let e = score_indicator(&RuleSet::central(), &t, None, &a, d("90"), None).unwrap_err();
    assert_eq!(e, ScoreError::TextOnQuantitative("完成".into()));
    let rules = RuleSet::central();
    assert_eq!(
        rules.budget_weight + d("90"),
        d("100"),
        "合计 100 is the weight total"
    );
}

/// E5 绥阳 整体: 1268.72 / 1172.55 = 108.20 % → capped at 10, printed 10; rows add up.
#[test]
fn e5_suiyang_over_one_hundred_percent_is_capped() {
    let rules = RuleSet::central();
    let total = row("1172.55", "1172.55", "1268.72");
    let s = score_budget(&rules, &total, d("10")).unwrap();
    assert_eq!(s.rate.value, d("108.20"));
    assert_eq!(s.score.value, d("10"));
    assert!(!printed_differs(d("10"), s.score.value));
    let parts = [row("985.19", "", "914.97"), row("187.36", "", "353.75")];
    assert!(check_row_sums(&total, &parts).is_empty());
}

/// E6 重庆 融媒体中心: 76 % → 7.6, total 97.6; 政府采购执行率 72.74 % scored 100 % is flagged.
#[test]
fn e6_chongqing_budget_agrees_and_two_indicators_are_flagged() {
    let rules = RuleSet::central();
    let s = score_budget(&rules, &row("", "100", "76"), d("10")).unwrap();
    assert_eq!(s.score.value, d("7.6"));
    assert!(
        s.needs_reason,
        "76 % is below 90 %: the table owes a reason"
    );
    let t = score_total(&rules, Some(s.score.value), d("90"));
    assert!(!printed_differs(d("97.6"), t.total.value));

    // 政府采购执行率: target 100 %, actual 72.74 %, printed full 2 points.
    let gov = indicator("≥100%", "72.74%", "2", None);
    assert_eq!(gov.score.value, d("1.45"));
    assert_eq!(
        gov.score.explanation,
        "得分 = min(72.74 / 100, 1) × 2 = 1.45"
    );
    assert!(printed_differs(d("2"), gov.score.value));
    // 财政供养人员控制率 100 % → 92 %, printed 2: right only as a reverse indicator.
    let as_printed = indicator("100%", "92%", "2", None);
    assert_eq!(as_printed.direction, Direction::Unstated);
    assert!(printed_differs(d("2"), as_printed.score.value));
    let reverse = indicator("≤100%", "92%", "2", None);
    assert!(!printed_differs(d("2"), reverse.score.value));
    // The visible rows that agree: 基础信息完善 100 → 100, 固定资产利用率 90 → 100, 2859 ≥ 2200 篇.
    for (t, a, w) in [
        ("≥100%", "100%", "1"),
        ("≥90%", "100%", "2"),
        ("≥2200篇", "2859篇", "10"),
    ] {
        assert_eq!(indicator(t, a, w, None).score.value, d(w), "{t}");
    }
}

/// 北京 2016: 49.88 % shown as 50 % scoring 5 — right only under a whole-percent rounding rule.
#[test]
fn beijing_rate_rounding_is_a_rule_set_choice() {
    let central = RuleSet::central();
    let exact = score_budget(&central, &row("", "100", "49.88"), d("10")).unwrap();
    // Central: 4.988 → 4.99, within the 0.01 tolerance of the printed 5, so no finding;
    // the printed 50 % rate is the rounding rule's, not the exact 49.88 %.
    assert_eq!(exact.score.value, d("4.99"));
    assert_eq!(exact.rate.value, d("49.88"));
    assert!(!printed_differs(d("5"), exact.score.value));
    let mut beijing = central.clone();
    beijing.rate_percent_decimals = Some(0);
    let rounded = score_budget(&beijing, &row("", "100", "49.88"), d("10")).unwrap();
    assert_eq!(rounded.score.value, d("5"));
    assert_eq!(
        rounded.score.explanation,
        "得分 = min(50%, 100%) × 10 = 5.00"
    );
}
