//! The value parsers of every export file: numbers (with a decimal point, or a decimal comma in
//! files separated by `;` or tabs), whole numbers and booleans (`docs/input-format.md`,
//! "Every file").

/// Largest accepted number (a volume or a wait): large enough for any real count or duration,
/// small enough that no sum or product the metrics form can pass the largest `f64`
/// (`docs/input-format.md`, "Limits").
pub const MAX_NUMBER: f64 = 1e15;

/// Parses an optional non-negative finite number with a decimal point; blank = None.
pub fn parse_number(text: &str) -> Result<Option<f64>, String> {
    parse_number_in(text, false)
}

/// Parses an optional non-negative finite number; blank = None. With `decimal_comma` (a file
/// separated by `;` or tabs) the decimal mark may be a comma (`2,5`) as well as a point; a
/// number with both marks, or with more than one comma, is refused as holding a thousands
/// separator (`1.234,5`), which is never accepted (`docs/input-format.md`, "Dialects").
pub fn parse_number_in(text: &str, decimal_comma: bool) -> Result<Option<f64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(v) = plain_decimal(text) {
        return bounded(text, v);
    }
    if text.contains(',') {
        if !decimal_comma {
            return Err(format!(
                "`{}` is not a number (expected a number ≥ 0 with a decimal point, e.g. 12 or 0.5; a decimal comma is read only in files separated by `;` or tabs)",
                shorten(text)
            ));
        }
        if text.contains('.') || text.matches(',').count() > 1 {
            return Err(format!(
                "`{}` is not a number: thousands separators are not accepted (expected a number ≥ 0 with one decimal comma or point and no thousands separator, e.g. 1234,5)",
                shorten(text)
            ));
        }
        let pointed = text.replace(',', ".");
        return parse_number_in(&pointed, false).map_err(|e| e.replace(&pointed, text));
    }
    if has_digit_group_space(text) {
        return Err(format!(
            "`{}` is not a number: thousands separators are not accepted (expected a number ≥ 0 written without spaces, e.g. 1234.5)",
            shorten(text)
        ));
    }
    if let Some(v) = plain_decimal(text) {
        return bounded(text, v);
    }
    match text.parse::<f64>() {
        Ok(v) if !v.is_finite() => Err(format!(
            "`{}` is not a finite number (expected a number ≥ 0)",
            shorten(text)
        )),
        Ok(v) if v < 0.0 => Err(format!(
            "`{}` is negative (expected a number ≥ 0)",
            shorten(text)
        )),
        Ok(v) => bounded(text, if v == 0.0 { 0.0 } else { v }),
        Err(_) => Err(format!(
            "`{}` is not a number (expected a number ≥ 0, e.g. 12 or 0.5)",
            shorten(text)
        )),
    }
}

/// Digits grouped by spaces, a no-break space or an apostrophe (`1 234`, `1'234`).
fn has_digit_group_space(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(3).any(|w| {
        w[0].is_ascii_digit()
            && matches!(w[1], ' ' | '\u{a0}' | '\u{202f}' | '\'')
            && w[2].is_ascii_digit()
    })
}

/// `v` (parsed from `text`) when at most [`MAX_NUMBER`].
fn bounded(text: &str, v: f64) -> Result<Option<f64>, String> {
    if v > MAX_NUMBER {
        Err(format!(
            "`{}` is larger than 1e15, the largest number accepted (expected a number ≥ 0 and at most 1e15; is the unit wrong?)",
            shorten(text)
        ))
    } else {
        Ok(Some(v))
    }
}

/// The fast path for the usual cell, `123` or `12.5` with at most 15 digits: the digits form an
/// integer m < 2^53 and the divisor 10^k (k ≤ 15) is exact, so one correctly rounded division
/// gives exactly what `str::parse::<f64>` gives (Clinger's fast path). None for anything else.
fn plain_decimal(text: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    let bytes = text.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let (mut mantissa, mut digits, mut frac, mut seen_dot) = (0u64, 0usize, 0usize, false);
    for &b in bytes {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                if seen_dot {
                    frac += 1;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    Some(mantissa as f64 / POW10[frac])
}

/// Parses an optional whole number ≥ 0; blank = None.
pub fn parse_count(text: &str) -> Result<Option<u64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u64>().map(Some).map_err(|_| {
        format!(
            "`{}` is not a whole number ≥ 0 (expected e.g. 7)",
            shorten(text)
        )
    })
}

/// Parses a boolean: true/false/yes/no/y/n/1/0 in any case; blank = None (unknown).
pub fn parse_bool(text: &str) -> Result<Option<bool>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let is = |word: &str| text.eq_ignore_ascii_case(word);
    if ["true", "yes", "y", "1"].into_iter().any(is) {
        Ok(Some(true))
    } else if ["false", "no", "n", "0"].into_iter().any(is) {
        Ok(Some(false))
    } else {
        Err(format!(
            "`{}` is not a boolean (expected true/false, yes/no, y/n or 1/0, or blank for unknown)",
            shorten(text)
        ))
    }
}

/// Shortens a value for an error message (long values are cut at 60 characters).
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        let head: String = text.chars().take(57).collect();
        format!("{head}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_number_path_equals_the_standard_parser() {
        for t in [
            "0",
            "7",
            "12",
            "0.5",
            "12.5",
            "3.14159",
            "0.1",
            "0.3",
            "1.",
            ".5",
            "999999999999999",
            "123456.789012345",
            "00012.50",
        ] {
            assert_eq!(plain_decimal(t), Some(t.parse::<f64>().unwrap()), "{t}");
        }
        for t in [
            "",
            ".",
            "1e3",
            "-1",
            "1.2.3",
            "1234567890123456",
            "inf",
            " 1",
        ] {
            assert_eq!(plain_decimal(t), None, "{t}");
        }
    }

    #[test]
    fn values() {
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("2.5"), Ok(Some(2.5)));
        assert_eq!(parse_number("-0"), Ok(Some(0.0)));
        assert!(parse_number("-1").is_err());
        assert!(parse_number("NaN").is_err());
        assert!(parse_number("inf").is_err());
        assert!(parse_number("ten").is_err());
        assert_eq!(parse_number("1e15"), Ok(Some(1e15)));
        assert!(parse_number("1000000000000001").is_err());
        assert!(parse_number("1e308")
            .unwrap_err()
            .contains("larger than 1e15"));
        assert_eq!(parse_bool("Yes"), Ok(Some(true)));
        assert_eq!(parse_bool("0"), Ok(Some(false)));
        assert!(parse_bool("maybe").is_err());
        assert_eq!(parse_count("12"), Ok(Some(12)));
        assert!(parse_count("1.5").is_err());
    }

    #[test]
    fn decimal_commas_only_where_the_separator_allows_them() {
        assert_eq!(parse_number_in("2,5", true), Ok(Some(2.5)));
        assert_eq!(parse_number_in("0,1", true), Ok(Some(0.1)));
        assert_eq!(parse_number_in("2.5", true), Ok(Some(2.5)));
        assert_eq!(parse_number_in("1,5e3", true), Ok(Some(1500.0)));
        assert!(parse_number_in("2,5", false)
            .unwrap_err()
            .contains("a decimal comma is read only in files separated by `;` or tabs"));
        for t in ["1.234,5", "1,234.5", "1,234,567"] {
            let e = parse_number_in(t, true).unwrap_err();
            assert!(
                e.contains("thousands separators are not accepted"),
                "{t}: {e}"
            );
            assert!(e.contains(&format!("`{t}`")), "{t}: {e}");
        }
        assert!(parse_number_in("1 234", true)
            .unwrap_err()
            .contains("thousands separators"));
        let e = parse_number_in("-2,5", true).unwrap_err();
        assert!(e.contains("`-2,5` is negative"), "{e}");
    }
}
