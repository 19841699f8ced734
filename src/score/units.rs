//! Making a target and an actual comparable: the same unit, or one converted to the other
//! where the conversion is exact (万元/元, % and a fraction). Anything else is refused with
//! the reason, never guessed.

use std::fmt;

use rust_decimal::Decimal;

use crate::target::{base_unit, is_percent_unit};

/// Money units and their size in 元.
const MONEY: &[(&str, i64)] = &[
    ("元", 1),
    ("千元", 1_000),
    ("万元", 10_000),
    ("亿元", 100_000_000),
];

/// Something the reconciliation did that the clerk should see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitNote {
    /// The actual was written in another money unit and converted.
    Converted {
        /// The actual's unit.
        from: String,
        /// The target's unit.
        to: String,
    },
    /// A bare number ≤ 1 was read as a fraction against a percentage (0.95 → 95%).
    FractionAsPercent {
        /// Which side: `实际完成值` or `目标值`.
        side: &'static str,
        /// The number as written.
        written: Decimal,
    },
}

impl fmt::Display for UnitNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitNote::Converted { from, to } => {
                write!(f, "实际完成值的单位“{from}”已换算为目标值的单位“{to}”")
            }
            UnitNote::FractionAsPercent { side, written } => write!(
                f,
                "{side}“{}”没有单位而另一方是百分比，已按小数读作 {}%",
                super::plain(*written),
                super::plain(*written * Decimal::ONE_HUNDRED)
            ),
        }
    }
}

/// Why a target and an actual cannot be compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitMismatch {
    /// The target's unit.
    pub target: String,
    /// The actual's unit.
    pub actual: String,
}

impl fmt::Display for UnitMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "目标值的单位“{}”与实际完成值的单位“{}”不同，且不能换算，无法比较",
            self.target, self.actual
        )
    }
}

/// Both numbers in the target's unit, and a note when something was converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconciled {
    /// The target, in the common unit.
    pub target: Decimal,
    /// The actual, in the common unit.
    pub actual: Decimal,
    /// The common unit (may be empty).
    pub unit: String,
    /// What was converted, if anything.
    pub note: Option<UnitNote>,
}

fn money_size(unit: &str) -> Option<i64> {
    MONEY.iter().find(|(u, _)| *u == unit).map(|&(_, n)| n)
}

/// Brings an actual into its target's unit.
pub fn reconcile(
    target: Decimal,
    target_unit: &str,
    actual: Decimal,
    actual_unit: &str,
) -> Result<Reconciled, UnitMismatch> {
    let (tu, au) = (base_unit(target_unit), base_unit(actual_unit));
    let same = |unit: &str, note| {
        Ok(Reconciled {
            target,
            actual,
            unit: unit.to_owned(),
            note,
        })
    };
    let (tp, ap) = (is_percent_unit(tu), is_percent_unit(au));
    if tp && ap || tu == au {
        return same(tu, None);
    }
    if tp && au.is_empty() {
        return Ok(fraction_or_same(target, actual, "实际完成值", tu, false));
    }
    if ap && tu.is_empty() {
        return Ok(fraction_or_same(actual, target, "目标值", au, true));
    }
    if au.is_empty() {
        return same(tu, None);
    }
    if tu.is_empty() {
        return same(au, None);
    }
    if let (Some(t), Some(a)) = (money_size(tu), money_size(au)) {
        return Ok(Reconciled {
            target,
            actual: actual * Decimal::from(a) / Decimal::from(t),
            unit: tu.to_owned(),
            note: Some(UnitNote::Converted {
                from: au.to_owned(),
                to: tu.to_owned(),
            }),
        });
    }
    Err(UnitMismatch {
        target: target_unit.trim().to_owned(),
        actual: actual_unit.trim().to_owned(),
    })
}

/// `percent` is in %, `bare` has no unit: a bare number in [0, 1] against a percentage above
/// 1 is a fraction (0.95 against 95%); otherwise it is already in %.
fn fraction_or_same(
    percent: Decimal,
    bare: Decimal,
    side: &'static str,
    unit: &str,
    bare_is_target: bool,
) -> Reconciled {
    let fraction = bare >= Decimal::ZERO && bare <= Decimal::ONE && percent > Decimal::ONE;
    let (converted, note) = if fraction {
        (
            bare * Decimal::ONE_HUNDRED,
            Some(UnitNote::FractionAsPercent {
                side,
                written: bare,
            }),
        )
    } else {
        (bare, None)
    };
    let (target, actual) = if bare_is_target {
        (converted, percent)
    } else {
        (percent, converted)
    };
    Reconciled {
        target,
        actual,
        unit: unit.to_owned(),
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn same_or_missing_units_agree() {
        let r = reconcile(d("50"), "个", d("50"), "").unwrap();
        assert_eq!((r.actual, r.unit.as_str(), r.note), (d("50"), "个", None));
        let r = reconcile(d("95"), "%以上", d("96"), "%").unwrap();
        assert_eq!(r.note, None);
        let r = reconcile(d("100"), "百分比", d("100"), "").unwrap();
        assert_eq!(
            r.actual,
            d("100"),
            "100 against 100百分比 is 100%, not a fraction"
        );
    }

    #[test]
    fn money_units_convert_exactly() {
        let r = reconcile(d("90"), "万元", d("899740"), "元").unwrap();
        assert_eq!(r.actual, d("89.974"));
        assert_eq!(
            r.note.unwrap().to_string(),
            "实际完成值的单位“元”已换算为目标值的单位“万元”"
        );
    }

    #[test]
    fn a_fraction_against_a_percentage_is_converted_with_a_note() {
        let r = reconcile(d("95"), "%", d("0.97"), "").unwrap();
        assert_eq!(r.actual, d("97"));
        assert_eq!(
            r.note.unwrap().to_string(),
            "实际完成值“0.97”没有单位而另一方是百分比，已按小数读作 97%"
        );
        let r = reconcile(d("0.9"), "", d("92"), "%").unwrap();
        assert_eq!((r.target, r.actual), (d("90"), d("92")));
    }

    #[test]
    fn incomparable_units_are_an_error_that_says_why() {
        let e = reconcile(d("50"), "个", d("50"), "人次").unwrap_err();
        assert_eq!(
            e.to_string(),
            "目标值的单位“个”与实际完成值的单位“人次”不同，且不能换算，无法比较"
        );
        assert!(reconcile(d("95"), "%", d("95"), "万元").is_err());
    }
}
