//! The 目标值 grammar: `[op] number [unit]` or a qualitative text (domain.md §4.1).
//!
//! A target always keeps its text exactly as written; the parsed parts are for rules.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::money::parse_decimal;

/// Comparison operator of a quantitative target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    /// ≥ (正向: at least)
    #[serde(rename = "≥")]
    Ge,
    /// ≤ (反向: at most)
    #[serde(rename = "≤")]
    Le,
    /// = (exactly)
    #[serde(rename = "=")]
    Eq,
    /// > (more than)
    #[serde(rename = ">")]
    Gt,
    /// < (less than)
    #[serde(rename = "<")]
    Lt,
}

/// Every spelling of an operator seen in real sheets, longest first so `>=` wins over `>`.
const OP_SPELLINGS: &[(&str, Op)] = &[
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("≥", Op::Ge),
    ("≧", Op::Ge),
    ("≤", Op::Le),
    ("≦", Op::Le),
    ("=", Op::Eq),
    ("＝", Op::Eq),
    ("﹦", Op::Eq),
    (">", Op::Gt),
    ("＞", Op::Gt),
    ("<", Op::Lt),
    ("＜", Op::Lt),
];

/// Operators written as words. Taken as an operator only before a number (`不低于95%`);
/// before text (`不低于上年水平`) they belong to a qualitative target. Longest first.
const WORD_OPS: &[(&str, Op)] = &[
    ("大于等于", Op::Ge),
    ("小于等于", Op::Le),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不多于", Op::Le),
    ("不大于", Op::Le),
    ("高于", Op::Gt),
    ("大于", Op::Gt),
    ("超过", Op::Gt),
    ("多于", Op::Gt),
    ("低于", Op::Lt),
    ("小于", Op::Lt),
    ("少于", Op::Lt),
];

/// Words after a unit that qualify the number (`95%以上`), not change the unit.
const UNIT_QUALIFIERS: &[&str] = &["及以上", "及以下", "以上", "以下", "左右"];

impl Op {
    /// The canonical symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Le => "≤",
            Op::Eq => "=",
            Op::Gt => ">",
            Op::Lt => "<",
        }
    }

    /// Parses one operator spelling (for the structured TOML form).
    pub fn from_spelling(s: &str) -> Option<Op> {
        let s = s.trim();
        OP_SPELLINGS
            .iter()
            .find(|(sp, _)| *sp == s)
            .map(|&(_, op)| op)
    }
}

/// A parsed 目标值.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The text exactly as written (what the form shows).
    pub text: String,
    /// What the text means.
    pub kind: TargetKind,
}

/// Quantitative or qualitative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TargetKind {
    /// `≥300.00册`: operator (may be absent), number, unit (may be empty).
    Quantitative {
        /// Operator, if written.
        op: Option<Op>,
        /// The number, exact.
        #[serde(with = "rust_decimal::serde::str")]
        value: Decimal,
        /// The unit as written (`%`, `万元`, `人次`, or empty).
        unit: String,
        /// Whether the number used `,` thousands separators (`44,561`).
        #[serde(skip)]
        thousands_separator: bool,
    },
    /// 定性: `优良`, `稳步提高`, dates and periods.
    Qualitative,
}

/// Why a target text is malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetError {
    /// Empty or blank.
    Empty,
    /// An operator with no number after it (`≥`, `≥优良`).
    OperatorWithoutNumber,
    /// A number too large to hold exactly.
    NumberTooLarge,
}

impl Target {
    /// Whether the unit is a percentage.
    pub fn is_percent(&self) -> bool {
        matches!(&self.kind, TargetKind::Quantitative { unit, .. } if is_percent_unit(unit))
    }

    /// The operator, if quantitative with one.
    pub fn op(&self) -> Option<Op> {
        match &self.kind {
            TargetKind::Quantitative { op, .. } => *op,
            TargetKind::Qualitative => None,
        }
    }
}

/// `%` and the spelled-out forms real sheets use, also followed by a qualifier (`%以上`).
pub fn is_percent_unit(unit: &str) -> bool {
    matches!(base_unit(unit), "%" | "％" | "百分比")
}

/// The unit without a qualifier after it: `人以上` → `人`, `% 左右` → `%`.
pub fn base_unit(unit: &str) -> &str {
    let unit = unit.trim();
    UNIT_QUALIFIERS
        .iter()
        .find_map(|q| unit.strip_suffix(q))
        .unwrap_or(unit)
        .trim_end()
}

/// Parses a target text.
pub fn parse(text: &str) -> Result<Target, TargetError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(TargetError::Empty);
    }
    let (mut op, rest) = split_op(trimmed);
    let (mut number_text, mut unit) = split_number(rest.trim_start());
    if op.is_none()
        && number_text.is_empty()
        && let Some((word_op, after)) = split_word_op(trimmed)
    {
        (op, (number_text, unit)) = (Some(word_op), split_number(after));
    }
    let qualitative = Target {
        text: text.to_owned(),
        kind: TargetKind::Qualitative,
    };
    if number_text.is_empty() {
        return match op {
            Some(_) => Err(TargetError::OperatorWithoutNumber),
            None => Ok(qualitative),
        };
    }
    let unit = unit.trim();
    // Dates and periods (`2019年12月`, `2023.07-2024.01`) carry more digits after the first
    // number: without an operator they are qualitative time targets, not a number and unit.
    if op.is_none() && unit.chars().any(|c| c.is_ascii_digit()) {
        return Ok(qualitative);
    }
    let thousands_separator = number_text.contains(',');
    let plain: String = number_text.chars().filter(|&c| c != ',').collect();
    let value = parse_decimal(&plain).map_err(|_| TargetError::NumberTooLarge)?;
    Ok(Target {
        text: text.to_owned(),
        kind: TargetKind::Quantitative {
            op,
            value,
            unit: unit.to_owned(),
            thousands_separator,
        },
    })
}

fn split_op(s: &str) -> (Option<Op>, &str) {
    OP_SPELLINGS
        .iter()
        .find_map(|&(sp, op)| s.strip_prefix(sp).map(|rest| (Some(op), rest)))
        .unwrap_or((None, s))
}

/// An operator written as a word, when a number follows it.
fn split_word_op(s: &str) -> Option<(Op, &str)> {
    WORD_OPS.iter().find_map(|&(word, op)| {
        let rest = s.strip_prefix(word)?.trim_start();
        rest.starts_with(|c: char| c.is_ascii_digit())
            .then_some((op, rest))
    })
}

/// Splits a leading number (`-`? digits, `,` groups, `.` decimals) from the rest.
fn split_number(s: &str) -> (&str, &str) {
    let bytes = s.as_bytes();
    let mut end = 0;
    if bytes.first() == Some(&b'-') {
        end = 1;
    }
    let digits_start = end;
    let mut seen_dot = false;
    while end < bytes.len() {
        let b = bytes[end];
        let next_is_digit = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_digit() {
            end += 1;
        } else if b == b'.' && !seen_dot && next_is_digit && end > digits_start {
            seen_dot = true;
            end += 1;
        } else if b == b',' && !seen_dot && next_is_digit && end > digits_start {
            end += 1;
        } else {
            break;
        }
    }
    if end == digits_start {
        return ("", s);
    }
    (&s[..end], &s[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn quant(text: &str) -> (Option<Op>, Decimal, String) {
        match parse(text).unwrap().kind {
            TargetKind::Quantitative {
                op, value, unit, ..
            } => (op, value, unit),
            TargetKind::Qualitative => panic!("{text} parsed as qualitative"),
        }
    }

    #[test]
    fn seed_targets() {
        let (op, v, u) = quant("≥300.00册");
        assert_eq!(
            (op, v, u.as_str()),
            (Some(Op::Ge), Decimal::from(300), "册")
        );
        assert_eq!(parse("≥300.00册").unwrap().text, "≥300.00册");
        let (_, v, u) = quant("≥1119.80万元");
        assert_eq!(
            (v, u.as_str()),
            (Decimal::from_str("1119.8").unwrap(), "万元")
        );
        assert!(parse("≥95.00%").unwrap().is_percent());
    }

    #[test]
    fn operator_spellings() {
        for (text, op) in [
            (">=90%", Op::Ge),
            ("<=90万元", Op::Le),
            ("＝100%", Op::Eq),
            ("﹦100%", Op::Eq),
            ("=1", Op::Eq),
            (">92%", Op::Gt),
            ("<3次", Op::Lt),
            ("≤ 90 万元", Op::Le),
        ] {
            assert_eq!(quant(text).0, Some(op), "{text}");
        }
    }

    #[test]
    fn no_operator_and_units() {
        assert_eq!(quant("100%").0, None);
        assert_eq!(quant("10辆").2, "辆");
        assert_eq!(quant("2").2, "");
        assert_eq!(quant("≥100百分比").2, "百分比");
        assert!(parse("≥100百分比").unwrap().is_percent());
    }

    #[test]
    fn qualitative_and_dates() {
        for text in [
            "优良",
            "稳步提高",
            "应保尽保",
            "2019年12月",
            "2023.07-2024.01",
        ] {
            assert_eq!(parse(text).unwrap().kind, TargetKind::Qualitative, "{text}");
        }
    }

    #[test]
    fn thousands_separator_is_flagged() {
        match parse("44,561").unwrap().kind {
            TargetKind::Quantitative {
                value,
                thousands_separator,
                ..
            } => {
                assert_eq!(value, Decimal::from(44561));
                assert!(thousands_separator);
            }
            TargetKind::Qualitative => panic!(),
        }
    }

    #[test]
    fn percent_with_qualifier_or_operator_word() {
        for text in ["95%以上", "≥95%以上", "不低于95%", "90% 左右", "95%及以上"] {
            assert!(parse(text).unwrap().is_percent(), "{text}");
        }
        assert_eq!(quant("不低于95%").0, Some(Op::Ge));
        assert_eq!(quant("不超过 3 次").0, Some(Op::Le));
        assert_eq!(quant("大于等于90%").0, Some(Op::Ge));
        // Before text the words stay a qualitative target.
        assert_eq!(
            parse("不低于上年水平").unwrap().kind,
            TargetKind::Qualitative
        );
        assert!(!parse("95人以上").unwrap().is_percent());
    }

    #[test]
    fn errors() {
        assert_eq!(parse("  "), Err(TargetError::Empty));
        assert_eq!(parse("≥"), Err(TargetError::OperatorWithoutNumber));
        assert_eq!(parse("≥优良"), Err(TargetError::OperatorWithoutNumber));
        assert_eq!(
            parse("≥999999999999999999999999999999999%"),
            Err(TargetError::NumberTooLarge)
        );
    }
}
