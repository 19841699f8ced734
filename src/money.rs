//! Exact money: parsing amounts written as TOML numbers, strings or Excel floats into
//! `Decimal`, and formatting them with two decimals. No `f64` arithmetic ever touches an amount.

use std::str::FromStr;

use rust_decimal::Decimal;

/// Why a written amount is not a valid amount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Not a number at all (`"二千"`, `"12abc"`, `nan`).
    NotANumber,
    /// Too large for exact decimal arithmetic.
    Overflow,
    /// Below zero.
    Negative,
    /// More than two decimals after removing trailing zeros.
    TooManyDecimals(u32),
}

/// Parses a number exactly as written: `2120.91`, `1_000`, `1e3`, `-5`, ` 7.50 `.
///
/// Thousands separators are not accepted: `1,119.80` is ambiguous in a form that
/// also uses `,` between list items.
pub fn parse_decimal(text: &str) -> Result<Decimal, AmountError> {
    let cleaned: String = text.trim().chars().filter(|&c| c != '_').collect();
    let body = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    let digits_ok = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+'))
        && body.chars().any(|c| c.is_ascii_digit());
    if !digits_ok {
        return Err(AmountError::NotANumber);
    }
    let parsed = if body.contains(['e', 'E']) {
        Decimal::from_scientific(body)
    } else {
        Decimal::from_str(body)
    };
    parsed.map_err(|e| {
        let msg = e.to_string();
        if msg.contains("overflow") || msg.contains("too large") || msg.contains("exceeds") {
            AmountError::Overflow
        } else {
            AmountError::NotANumber
        }
    })
}

/// Converts a float handed over by a reader (Excel, TOML without source text) through its
/// shortest round-trip decimal representation, so 1119.8 stays 1119.8.
pub fn decimal_from_f64(value: f64) -> Result<Decimal, AmountError> {
    if !value.is_finite() {
        return Err(AmountError::NotANumber);
    }
    // `{}` on f64 prints the shortest string that round-trips, never an exponent.
    parse_decimal(&format!("{value}"))
}

/// Checks the amount rules: not negative, at most two decimals.
pub fn check_amount(value: Decimal) -> Result<Decimal, AmountError> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(AmountError::Negative);
    }
    let scale = value.normalize().scale();
    if scale > 2 {
        return Err(AmountError::TooManyDecimals(scale));
    }
    Ok(value)
}

/// Formats an amount with exactly two decimals: 1119.8 → `1119.80`.
pub fn format_money(value: Decimal) -> String {
    let mut v = value.round_dp(2);
    v.rescale(2);
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn float_and_string_mean_the_same_amount() {
        assert_eq!(parse_decimal("2120.91").unwrap(), d("2120.91"));
        assert_eq!(decimal_from_f64(2120.91).unwrap(), d("2120.91"));
        assert_eq!(decimal_from_f64(1119.8).unwrap(), d("1119.8"));
        assert_eq!(format_money(decimal_from_f64(1119.8).unwrap()), "1119.80");
    }

    #[test]
    fn point_one_plus_point_two_is_exact() {
        let sum = decimal_from_f64(0.1).unwrap() + decimal_from_f64(0.2).unwrap();
        assert_eq!(sum, d("0.3"));
        assert_ne!(0.1_f64 + 0.2, 0.3, "the float sum is what we avoid");
    }

    #[test]
    fn exponent_and_underscores() {
        assert_eq!(parse_decimal("1e3").unwrap(), d("1000"));
        assert_eq!(parse_decimal("1_000.5").unwrap(), d("1000.5"));
        assert_eq!(parse_decimal("+7").unwrap(), d("7"));
    }

    #[test]
    fn huge_values_overflow_instead_of_panicking() {
        assert_eq!(
            parse_decimal("99999999999999999999999999999999999"),
            Err(AmountError::Overflow)
        );
        assert!(decimal_from_f64(1e300).is_err());
        assert_eq!(decimal_from_f64(f64::NAN), Err(AmountError::NotANumber));
    }

    #[test]
    fn not_numbers() {
        for s in ["", "二千", "12abc", "1,119.80", "nan", "inf", ".", "-"] {
            assert!(parse_decimal(s).is_err(), "{s}");
        }
    }

    #[test]
    fn amount_rules() {
        assert_eq!(check_amount(d("-1")), Err(AmountError::Negative));
        assert_eq!(
            check_amount(d("1.234")),
            Err(AmountError::TooManyDecimals(3))
        );
        assert_eq!(check_amount(d("1.2300")).unwrap(), d("1.23"));
        assert_eq!(check_amount(d("-0")).unwrap(), d("0"));
    }

    #[test]
    fn formatting_pads_and_rounds_to_two_decimals() {
        assert_eq!(format_money(d("662")), "662.00");
        assert_eq!(format_money(d("1458.91")), "1458.91");
        assert_eq!(format_money(d("0")), "0.00");
    }
}
