//! The words and numbers people read, in one place: every figure in a chart, a report, a
//! terminal table, a check result or a message is formatted here, and every user string that
//! lands in Markdown is escaped here. A leaf module: it depends on nothing in the crate.
//!
//! One rule per kind of figure, the same in the terminal, the seam report (HTML, Markdown,
//! charts) and `seams check` (docs/output.md, "Rounding"); JSON and CSV keep full precision:
//!
//! | kind | function | example |
//! |---|---|---|
//! | counts, volumes, means, distances | [`number`] | `19,370`, `241.5`, `6.467` |
//! | indices and ratios (E-I, modularity, NMI, congruence, betweenness, seam ratio) | [`number`]: 3 decimals, 3 significant digits below 0.1 | `−0.305`, `0.418`, `0.0994` |
//! | shares of a whole | [`share`] (or [`percent`] of part and whole) | `86%`, `4.6%`, `0.76%` |
//! | hours | [`hours`] / [`hours_value`]: 1 decimal | `0.5 h`, `180.5 h`, `1,234 h` |

/// A number for a chart or a report: integers with thousands separators (`19,370`), others
/// with up to 3 significant decimals (`0.418`, `241.5`), a true minus sign (`−0.712`).
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    let neg = x < 0.0;
    let a = x.abs();
    let body = if a.fract() == 0.0 && a < 1e15 {
        group(a as u64)
    } else if a >= 1000.0 {
        group(a.round() as u64)
    } else if a >= 100.0 {
        trim(format!("{a:.1}"))
    } else if a >= 10.0 {
        trim(format!("{a:.2}"))
    } else if a >= 0.1 || a == 0.0 {
        trim(format!("{a:.3}"))
    } else {
        // Small values keep three significant digits (0.0211, not 0.021).
        let decimals = (2.0 - a.log10().floor()).min(12.0) as usize;
        trim(format!("{a:.decimals$}"))
    };
    if neg && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{body}")
    } else {
        body
    }
}

/// A short number for tight places: `38k`, `1.2M`, otherwise [`number`].
pub fn compact(x: f64) -> String {
    let a = x.abs();
    let sign = if x < 0.0 { "−" } else { "" };
    if a >= 1e6 {
        format!("{sign}{}M", trim(format!("{:.1}", a / 1e6)))
    } else if a >= 1e5 {
        format!("{sign}{}k", (a / 1e3).round() as u64)
    } else if a >= 1e4 {
        format!("{sign}{}k", trim(format!("{:.1}", a / 1e3)))
    } else {
        number(x)
    }
}

/// Hours with their unit, for running text and chart badges: [`hours_value`] then ` h`
/// (`0.5 h`, `26 h`, `180.5 h`).
pub fn hours(h: f64) -> String {
    format!("{} h", hours_value(h))
}

/// Hours without the unit, for a column whose header names it (`seam wait (h)`): one decimal,
/// a trailing `.0` dropped, thousands grouped (`0.5`, `37.1`, `180.5`, `1,234.5`); `n/a` when
/// not finite.
pub fn hours_value(h: f64) -> String {
    if !h.is_finite() {
        return "n/a".to_string();
    }
    let tenths = (h.abs() * 10.0).round();
    let whole = group((tenths / 10.0).trunc() as u64);
    let decimal = (tenths % 10.0) as u8;
    let body = if decimal == 0 {
        whole
    } else {
        format!("{whole}.{decimal}")
    };
    if h < 0.0 && tenths > 0.0 {
        format!("−{body}")
    } else {
        body
    }
}

pub(crate) fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// `19370` → `19,370`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An optional figure: [`number`], or `n/a` when unknown.
pub fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), number)
}

/// `part / whole` as a [`share`] (`86%`, `4.6%`), `n/a` when `whole` is 0.
pub fn percent(part: f64, whole: f64) -> String {
    if whole > 0.0 {
        share(part / whole)
    } else {
        "n/a".to_string()
    }
}

/// An optional share: [`share`], or `n/a` when unknown.
pub fn opt_share(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), share)
}

/// A share in [0, 1] as a percentage with the precision it needs: whole percent from 10 %,
/// one decimal from 1 %, two below, `<0.01%` for a tiny non-zero share.
pub fn share(share: f64) -> String {
    let p = share * 100.0;
    if p >= 10.0 {
        format!("{p:.0}%")
    } else if p >= 1.0 {
        format!("{p:.1}%")
    } else if p >= 0.01 {
        format!("{p:.2}%")
    } else if p > 0.0 {
        "<0.01%".to_string()
    } else {
        "0%".to_string()
    }
}

/// `1 team`, `2 teams`, `19,370 teams`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", number(n as f64))
    }
}

/// Escapes a user string for GitHub-flavoured Markdown, in running text or a table cell: every
/// ASCII punctuation character with a Markdown meaning is backslash-escaped (CommonMark allows
/// it for any ASCII punctuation: `\\ | < > * _ ` [ ] # ~ $ !`, and an `&` that would start an
/// entity), so a name can neither break a
/// table, open a link or an image, start an entity or math, nor turn into markup; a leading
/// list or heading marker (`-`, `+`, `=`, `1.`) is escaped too; line breaks and other control
/// characters become spaces.
///
/// The one Markdown escaper of the crate: `report.md` and `seams check --format markdown`
/// both use it.
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '$' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '&' if starts_entity(chars.clone()) => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if first => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if first => {
                // `1. x` or `1) x` at the start would begin an ordered list.
                out.push(c);
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() {
                        out.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                // Only a marker followed by a space (or the end) starts a list: `0.853` stays.
                let mut ahead = chars.clone();
                if let Some(p @ ('.' | ')')) = ahead.next() {
                    if matches!(ahead.next(), None | Some(' ' | '\t')) {
                        out.push('\\');
                        out.push(p);
                        chars.next();
                    }
                }
            }
            c if c.is_control() => out.push(' '),
            _ => out.push(c),
        }
        first = false;
    }
    out
}

/// A user string made safe for a terminal or a plain-text line: every control character
/// (C0, DEL, C1 — ESC included, so no escape sequence reaches the terminal; line breaks
/// included, so a name can never start a line of its own) and every bidirectional override
/// is shown as a visible escape (`\n`, `\t`, `\u{1b}`); everything else is kept.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether the text after an `&` reads as an HTML entity (`amp;`, `#60;`, `#x3c;`): only
/// then is the `&` escaped, so `R&D` stays readable in the raw Markdown.
fn starts_entity(rest: impl Iterator<Item = char>) -> bool {
    for (n, c) in rest.take(33).enumerate() {
        if c == ';' {
            return n > 0;
        }
        if !(c.is_ascii_alphanumeric() || c == '#') {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(19370.0), "19,370");
        assert_eq!(number(0.4183), "0.418");
        assert_eq!(number(-0.7123), "−0.712");
        assert_eq!(number(0.02114), "0.0211");
        assert_eq!(number(f64::NAN), "n/a");
        assert_eq!(compact(38_400.0), "38.4k");
        assert_eq!(opt(None), "n/a");
        assert_eq!(plural(1, "team", "teams"), "1 team");
        assert_eq!(plural(2000, "team", "teams"), "2,000 teams");
        assert_eq!(percent(86.0, 100.0), "86%");
        assert_eq!(percent(1.0, 0.0), "n/a");
        assert_eq!(share(0.1234), "12%");
        assert_eq!(share(0.0123), "1.2%");
        assert_eq!(share(0.0), "0%");
        assert_eq!(percent(1.0, 9.0), "11%");
        assert_eq!(percent(1.0, 132.0), "0.76%");
        assert_eq!(opt_share(Some(0.1)), "10%");
        assert_eq!(opt_share(None), "n/a");
    }

    #[test]
    fn hours_have_one_decimal() {
        assert_eq!(hours(0.5), "0.5 h");
        assert_eq!(hours(26.0), "26 h");
        assert_eq!(hours(180.5), "180.5 h");
        assert_eq!(hours(120.44), "120.4 h");
        assert_eq!(hours_value(37.06), "37.1");
        assert_eq!(hours_value(0.04), "0");
        assert_eq!(hours_value(1234.5), "1,234.5");
        assert_eq!(hours_value(99.96), "100");
        assert_eq!(hours_value(-2.5), "−2.5");
        assert_eq!(hours_value(f64::NAN), "n/a");
    }

    #[test]
    fn printable_shows_controls() {
        assert_eq!(printable("plain"), "plain");
        assert_eq!(printable("a\nb"), "a\\nb");
        assert_eq!(printable("\x1b[31mred"), "\\u{1b}[31mred");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
    }

    #[test]
    fn markdown_escape_neutralises_markup() {
        assert_eq!(markdown_escape("a|b"), "a\\|b");
        assert_eq!(markdown_escape("- item"), "\\- item");
        assert_eq!(markdown_escape("a - b"), "a - b");
        assert_eq!(markdown_escape("1. first"), "1\\. first");
        assert_eq!(markdown_escape("2024 plan"), "2024 plan");
        assert_eq!(markdown_escape("0.853"), "0.853");
        assert_eq!(markdown_escape("1."), "1\\.");
        assert_eq!(markdown_escape("![x](http://e)"), "\\!\\[x\\](http://e)");
        assert_eq!(markdown_escape("$x$ &amp; #1"), "\\$x\\$ \\&amp; \\#1");
        assert_eq!(markdown_escape("R&D"), "R&D");
        assert_eq!(markdown_escape("a\nb\x1b"), "a b ");
    }
}
