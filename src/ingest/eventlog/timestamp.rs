//! Timestamps of an event log, parsed by hand (no date crate; docs/event-logs.md): ISO 8601
//! with or without an offset (`2011-10-11T11:45:40.276Z`, `2011-10-11T11:45:40+02:00`,
//! `2011-10-11T11:45:40`), `YYYY-MM-DD HH:MM:SS` (with the same optional fraction and offset)
//! and Unix seconds (`1318333540`, `1318333540.276`). A time without an offset is UTC; a leap
//! second (`23:59:60`) reads as the second before it (`23:59:59`), as jiff does; instants before
//! 0000-01-01T00:00:00Z or after 9999-12-31T23:59:59Z in UTC are refused. See
//! [`parse_timestamp`].

use super::table;

/// An instant, as seconds since 1970-01-01T00:00:00Z plus nanoseconds within that second.
///
/// Ordered chronologically; parsed from text by [`parse_timestamp`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

impl Timestamp {
    /// The instant `secs` seconds and `nanos` nanoseconds after the Unix epoch (`nanos` < 10⁹).
    pub fn from_unix(secs: i64, nanos: u32) -> Timestamp {
        debug_assert!(nanos < 1_000_000_000);
        Timestamp { secs, nanos }
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub fn unix_seconds(self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`Timestamp::unix_seconds`].
    pub fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Nanoseconds from `earlier` to `self` (negative when `self` is earlier).
    pub fn nanos_since(self, earlier: Timestamp) -> i128 {
        (self.secs as i128 - earlier.secs as i128) * 1_000_000_000
            + (self.nanos as i128 - earlier.nanos as i128)
    }

    /// Hours from `earlier` to `self`.
    ///
    /// # Examples
    /// ```
    /// use seams::ingest::eventlog::parse_timestamp;
    /// let a = parse_timestamp("2011-10-11T11:45:40Z").unwrap();
    /// let b = parse_timestamp("2011-10-11T13:15:40+00:00").unwrap();
    /// assert_eq!(b.hours_since(a), 1.5);
    /// ```
    pub fn hours_since(self, earlier: Timestamp) -> f64 {
        nanos_to_hours(self.nanos_since(earlier))
    }
}

/// Nanoseconds as hours.
pub(crate) fn nanos_to_hours(ns: i128) -> f64 {
    ns as f64 / 3.6e12
}

/// Seconds of 0000-01-01T00:00:00Z and of 9999-12-31T23:59:59Z: the accepted range.
pub(super) const MIN_SECS: i64 = -62_167_219_200;
pub(super) const MAX_SECS: i64 = 253_402_300_799;

/// What the range errors say was expected.
const RANGE: &str = "expected an instant in years 0000-9999 in UTC";

pub(super) const EXPECTED_TIME: &str = "expected ISO 8601 such as 2011-10-11T11:45:40Z, 2011-10-11T11:45:40.276+02:00 or 2011-10-11 11:45:40 (no offset = UTC), or Unix seconds such as 1318333540";

/// Parses a timestamp of an event log.
///
/// Accepted: ISO 8601 date and time, `T` (or a space) between them, seconds required, an
/// optional fraction of a second (`.` or `,`, any number of digits, kept to the nanosecond), and
/// an optional offset `Z`, `±HH:MM`, `±HHMM` or `±HH` (a space before it is allowed); and Unix
/// seconds, whole or fractional, optionally negative. A time without an offset is UTC. A leap
/// second `HH:MM:60` reads as `HH:MM:59` (fraction kept), the instant jiff and chrono give it.
/// The instant in UTC must lie in 0000-01-01T00:00:00Z..=9999-12-31T23:59:59.999999999Z (so
/// `0000-01-01T00:00:00+14:00`, before year 0 in UTC, is refused).
///
/// # Returns
/// The instant, or a message saying what is wrong and what was expected (the caller adds the
/// `file:line:`).
///
/// # Examples
/// ```
/// use seams::ingest::eventlog::parse_timestamp;
/// let z = parse_timestamp("2011-10-11T11:45:40.276Z").unwrap();
/// assert_eq!(z.unix_seconds(), 1_318_333_540);
/// assert_eq!(z.subsec_nanos(), 276_000_000);
/// assert_eq!(parse_timestamp("2011-10-11T13:45:40.276+02:00"), Ok(z));
/// assert_eq!(parse_timestamp("1318333540.276"), Ok(z));
/// assert!(parse_timestamp("11/10/2011 11:45").is_err());
/// ```
pub fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    parse_timestamp_zoned(text).map(|(t, _)| t)
}

/// [`parse_timestamp`], also saying whether the text fixed its own instant (an offset, or Unix
/// seconds: `true`) or is a local time read as UTC (`false`), which `--timezone` then shifts
/// (`clock.rs`).
pub(super) fn parse_timestamp_zoned(text: &str) -> Result<(Timestamp, bool), String> {
    let b = text.as_bytes();
    if b.is_empty() {
        return Err(format!("the timestamp is blank ({EXPECTED_TIME})"));
    }
    let iso_shaped = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
    let result = if iso_shaped {
        parse_iso(b)
    } else if b
        .iter()
        .all(|&c| c.is_ascii_digit() || c == b'.' || c == b'-')
    {
        parse_unix(b).map(|t| (t, true))
    } else {
        Err(String::new())
    };
    result.map_err(|why| {
        let shown = table::shorten(text);
        if why.is_empty() {
            format!("`{shown}` is not a timestamp ({EXPECTED_TIME})")
        } else {
            format!("`{shown}` {why}")
        }
    })
}

/// Reads `n` ASCII digits at `b[at..]`.
fn digits(b: &[u8], at: usize, n: usize) -> Option<i64> {
    let s = b.get(at..at + n)?;
    let mut v = 0i64;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as i64;
    }
    Some(v)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Up to 9 fraction digits → nanoseconds; further digits are checked and dropped.
fn fraction(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut nanos = 0u32;
    for i in 0..9 {
        nanos = nanos * 10 + b.get(i).map_or(0, |&c| (c - b'0') as u32);
    }
    Some(nanos)
}

/// ISO 8601 (`YYYY-MM-DD[T ]HH:MM:SS[.f][zone]`), and whether it had an offset. An empty
/// error means "not a timestamp".
fn parse_iso(b: &[u8]) -> Result<(Timestamp, bool), String> {
    let none = String::new;
    let year = digits(b, 0, 4).ok_or_else(none)?;
    let month = digits(b, 5, 2).ok_or_else(none)?;
    let day = digits(b, 8, 2).ok_or_else(none)?;
    if b.len() == 10 {
        return Err(format!(
            "has a date but no time of day (expected e.g. {}T00:00:00Z; {EXPECTED_TIME})",
            String::from_utf8_lossy(b)
        ));
    }
    if b.len() < 19 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return Err(none());
    }
    let hour = digits(b, 11, 2).ok_or_else(none)?;
    let minute = digits(b, 14, 2).ok_or_else(none)?;
    let second = digits(b, 17, 2).ok_or_else(none)?;
    if !(1..=12).contains(&month) {
        return Err(format!("has month {month:02} (expected 01-12)"));
    }
    let dim = days_in_month(year, month);
    if !(1..=dim).contains(&day) {
        return Err(format!(
            "has day {day:02}, but {year:04}-{month:02} has {dim} days"
        ));
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err(format!(
            "has time of day {hour:02}:{minute:02}:{second:02} (expected 00:00:00-23:59:59, or :60 for a leap second)"
        ));
    }
    // A leap second is the second before it (jiff's and chrono's Unix instant of `:60`).
    let second = second.min(59);
    let mut at = 19;
    let mut nanos = 0;
    if matches!(b.get(at), Some(b'.' | b',')) {
        let start = at + 1;
        let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        nanos = fraction(&b[start..end]).ok_or_else(none)?;
        at = end;
    }
    if b.get(at) == Some(&b' ') && at + 1 < b.len() {
        at += 1;
    }
    let has_offset = at < b.len();
    let offset = match &b[at..] {
        [] => 0,
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest.len() {
                2 => (digits(rest, 0, 2), Some(0)),
                4 => (digits(rest, 0, 2), digits(rest, 2, 2)),
                5 if rest[2] == b':' => (digits(rest, 0, 2), digits(rest, 3, 2)),
                _ => (None, None),
            };
            let (Some(h), Some(m)) = (h, m) else {
                return Err(format!(
                    "has an offset that is not ±HH:MM, ±HHMM or ±HH ({EXPECTED_TIME})"
                ));
            };
            if h > 23 || m > 59 {
                return Err(format!("has offset {h:02}:{m:02} (expected at most 23:59)"));
            }
            let secs = h * 3600 + m * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return Err(none()),
    };
    let secs =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    if secs < MIN_SECS {
        return Err(format!(
            "is before 0000-01-01T00:00:00Z once its offset is applied ({})",
            RANGE
        ));
    }
    if secs > MAX_SECS {
        return Err(format!(
            "is after 9999-12-31T23:59:59Z once its offset is applied ({})",
            RANGE
        ));
    }
    Ok((Timestamp { secs, nanos }, has_offset))
}

/// Unix seconds: `-?\d+(\.\d+)?`. An empty error means "not a timestamp".
fn parse_unix(b: &[u8]) -> Result<Timestamp, String> {
    let (negative, body) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    let (int, frac) = match body.iter().position(|&c| c == b'.') {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    if int.is_empty() || !int.iter().all(u8::is_ascii_digit) {
        return Err(String::new());
    }
    let nanos = match frac {
        Some(f) => fraction(f).ok_or_else(String::new)?,
        None => 0,
    };
    let too_far = || {
        "is out of range for Unix seconds (years 0000-9999 are accepted; is it in milliseconds? then divide by 1000)"
            .to_string()
    };
    let mut secs: i64 = 0;
    for &c in int {
        secs = secs
            .checked_mul(10)
            .and_then(|s| s.checked_add((c - b'0') as i64))
            .ok_or_else(too_far)?;
    }
    let (secs, nanos) = match (negative, nanos) {
        (false, n) => (secs, n),
        (true, 0) => (-secs, 0),
        (true, n) => (-secs - 1, 1_000_000_000 - n),
    };
    if !(MIN_SECS..=MAX_SECS).contains(&secs) {
        return Err(too_far());
    }
    Ok(Timestamp { secs, nanos })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        parse_timestamp(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn timestamp_formats_agree() {
        // 2011-10-11T11:45:40Z = 15258 days after 1970-01-01, + 11:45:40.
        let secs = 15_258 * 86_400 + 11 * 3600 + 45 * 60 + 40;
        assert_eq!(secs, 1_318_333_540);
        let z = Timestamp::from_unix(secs, 0);
        for text in [
            "2011-10-11T11:45:40Z",
            "2011-10-11T11:45:40",
            "2011-10-11 11:45:40",
            "2011-10-11t11:45:40z",
            "2011-10-11T11:45:40+00:00",
            "2011-10-11T13:45:40+02:00",
            "2011-10-11T13:45:40+0200",
            "2011-10-11T13:45:40+02",
            "2011-10-11T06:15:40-05:30",
            "2011-10-11 13:45:40 +02:00",
            "1318333540",
        ] {
            assert_eq!(ts(text), z, "{text}");
        }
        let f = Timestamp::from_unix(secs, 276_000_000);
        assert_eq!(ts("2011-10-11T11:45:40.276Z"), f);
        assert_eq!(ts("2011-10-11T11:45:40,276"), f);
        assert_eq!(ts("2011-10-11T12:45:40.276000+01:00"), f);
        assert_eq!(ts("1318333540.276"), f);
        // Nanoseconds kept, further digits dropped.
        assert_eq!(
            ts("1970-01-01T00:00:00.1234567891Z"),
            Timestamp::from_unix(0, 123_456_789)
        );
    }

    #[test]
    fn timestamp_calendar_edges() {
        assert_eq!(ts("1970-01-01T00:00:00Z").unix_seconds(), 0);
        assert_eq!(ts("1969-12-31T23:59:59Z").unix_seconds(), -1);
        assert_eq!(ts("2000-02-29T00:00:00Z").unix_seconds(), 951_782_400);
        assert_eq!(ts("2024-03-01T00:00:00Z").unix_seconds(), 1_709_251_200);
        assert_eq!(ts("0000-01-01T00:00:00Z").unix_seconds(), MIN_SECS);
        assert_eq!(ts("9999-12-31T23:59:59Z").unix_seconds(), MAX_SECS);
        // An offset can cross midnight and a month end.
        assert_eq!(ts("2024-03-01T01:00:00+02:00"), ts("2024-02-29T23:00:00Z"));
        // Negative fractional Unix seconds: -1.5 s = -2 s + 0.5 s.
        assert_eq!(ts("-1.5"), Timestamp::from_unix(-2, 500_000_000));
        assert_eq!(ts("-1"), Timestamp::from_unix(-1, 0));
        let a = ts("2011-10-11T11:45:40Z");
        assert_eq!(ts("2011-10-12T11:45:40Z").hours_since(a), 24.0);
        assert_eq!(a.hours_since(ts("2011-10-11T11:45:41Z")), -1.0 / 3600.0);
    }

    #[test]
    fn bad_timestamps_say_why() {
        let err = |t: &str| parse_timestamp(t).unwrap_err();
        for t in [
            "11/10/2011 11:45",
            "yesterday",
            "2011-10-11T11:45",
            "2011-10-11T11:45:4",
            "2011-10-11X11:45:40",
            "2011-10-11T11:45:40.",
            "2011-10-11T11:45:40Q",
            "2011-10-11T11:45:40+2",
            "1e9",
            "1.2.3",
            "--5",
            ".5",
        ] {
            assert!(
                err(t).contains("is not a timestamp") || err(t).contains("offset"),
                "{t}: {}",
                err(t)
            );
        }
        assert!(err("").contains("blank"));
        assert!(err("2011-02-29T00:00:00Z").contains("has day 29, but 2011-02 has 28 days"));
        assert!(err("2011-13-01T00:00:00Z").contains("month 13"));
        assert!(err("2011-10-11T24:00:00Z").contains("24:00:00"));
        assert!(err("2011-10-11T23:59:61Z").contains("23:59:61"));
        assert!(err("2011-10-11T11:45:40+25:00").contains("offset 25:00"));
        assert!(err("2011-10-11").contains("no time of day"));
        assert!(err("1318333540276").contains("milliseconds"));
        assert!(err("99999999999999999999").contains("out of range"));
    }

    #[test]
    fn a_leap_second_reads_as_the_second_before() {
        // 2016-12-31T23:59:60Z was a real leap second; with an offset it falls at another local
        // time. The fraction is kept.
        assert_eq!(ts("2016-12-31T23:59:60Z"), ts("2016-12-31T23:59:59Z"));
        assert_eq!(ts("2017-01-01T00:59:60+01:00"), ts("2016-12-31T23:59:59Z"));
        assert_eq!(
            ts("2016-12-31 23:59:60.250"),
            Timestamp::from_unix(ts("2016-12-31T23:59:59Z").unix_seconds(), 250_000_000)
        );
        assert!(ts("2016-12-31T23:59:60Z") < ts("2017-01-01T00:00:00Z"));
    }

    #[test]
    fn instants_outside_years_0000_9999_in_utc_are_refused() {
        let err = |t: &str| parse_timestamp(t).unwrap_err();
        // Year 0 by its digits, but 14 hours before 0000-01-01T00:00:00Z.
        assert_eq!(
            err("0000-01-01T00:00:00+14:00"),
            "`0000-01-01T00:00:00+14:00` is before 0000-01-01T00:00:00Z once its offset is applied (expected an instant in years 0000-9999 in UTC)"
        );
        assert!(err("0000-01-01T13:59:59.9+14:00").contains("is before 0000-01-01T00:00:00Z"));
        assert_eq!(ts("0000-01-01T14:00:00+14:00").unix_seconds(), MIN_SECS);
        assert_eq!(
            ts("0000-01-01T00:00:00-01:00").unix_seconds(),
            MIN_SECS + 3600
        );
        assert!(err("9999-12-31T23:00:00-01:00").contains("is after 9999-12-31T23:59:59Z"));
        assert_eq!(ts("9999-12-31T23:59:59.999Z").unix_seconds(), MAX_SECS);
        assert_eq!(ts("9999-12-31T22:59:59-01:00").unix_seconds(), MAX_SECS);
    }
}
