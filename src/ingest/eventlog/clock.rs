//! How an event log's times are read (docs/event-logs.md, "Timestamps"): the hand-written ISO
//! 8601 / Unix-seconds path of `timestamp.rs` by default, or a strftime pattern
//! (`--time-format "%d.%m.%Y %H:%M"`, parsed by `jiff::fmt::strtime`); and the time zone of
//! times that carry no offset (`--timezone`, UTC by default: an IANA name from the time-zone
//! database bundled with jiff, or a fixed offset such as `+02:00`). A value that does not parse
//! without a pattern but looks like a day-first or month-first date gets a message proposing
//! the pattern to pass ([`suggest_format`]).

use jiff::civil::DateTime;
use jiff::tz::TimeZone;

use super::table;
use super::timestamp::{parse_timestamp_zoned, Timestamp, EXPECTED_TIME, MAX_SECS, MIN_SECS};

/// The zone of times written without an offset.
#[derive(Debug, Clone)]
pub enum Zone {
    /// UTC (the default).
    Utc,
    /// A fixed offset from UTC, in seconds east.
    Fixed(i64),
    /// A zone of the bundled time-zone database (daylight saving time applied; a local time
    /// that occurs twice or never is read as jiff's "compatible" choice: the earlier of two,
    /// the later side of a gap).
    Named(TimeZone),
}

impl Zone {
    /// Reads `--timezone`: `UTC`/`Z`, an offset `±HH:MM`, `±HHMM` or `±HH`, or an IANA name
    /// (`Europe/Amsterdam`).
    ///
    /// # Returns
    /// The zone, or a message saying what was expected.
    pub fn parse(text: &str) -> Result<Zone, String> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("utc") || t.eq_ignore_ascii_case("z") {
            return Ok(Zone::Utc);
        }
        if let Some(offset) = parse_offset(t) {
            return Ok(if offset == 0 {
                Zone::Utc
            } else {
                Zone::Fixed(offset)
            });
        }
        match TimeZone::get(t) {
            Ok(tz) => Ok(Zone::Named(tz)),
            Err(_) => Err(format!(
                "--timezone `{}` is not a time zone (expected an IANA name such as Europe/Amsterdam or America/New_York, UTC, or an offset such as +02:00)",
                table::shorten(t)
            )),
        }
    }

    /// The instant of the local time `local` (its fields read as if UTC) in this zone.
    fn instant(&self, local: Timestamp) -> Result<Timestamp, String> {
        let secs = match self {
            Zone::Utc => return Ok(local),
            Zone::Fixed(offset) => local.unix_seconds() - offset,
            Zone::Named(tz) => {
                let civil = jiff::Timestamp::from_second(local.unix_seconds())
                    .map_err(|e| e.to_string())?
                    .to_zoned(TimeZone::UTC)
                    .datetime();
                tz.to_timestamp(civil)
                    .map_err(|e| e.to_string())?
                    .as_second()
            }
        };
        in_range(secs, local.subsec_nanos())
    }
}

/// `±HH:MM`, `±HHMM` or `±HH` → seconds east of UTC.
fn parse_offset(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    let (sign, rest) = match b.first()? {
        b'+' => (1, &b[1..]),
        b'-' => (-1, &b[1..]),
        _ => return None,
    };
    let num = |s: &[u8]| -> Option<i64> {
        (s.len() == 2 && s.iter().all(u8::is_ascii_digit))
            .then(|| ((s[0] - b'0') * 10 + (s[1] - b'0')) as i64)
    };
    let (h, m) = match rest.len() {
        2 => (num(rest)?, 0),
        4 => (num(&rest[..2])?, num(&rest[2..])?),
        5 if rest[2] == b':' => (num(&rest[..2])?, num(&rest[3..])?),
        _ => return None,
    };
    (h <= 23 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

fn in_range(secs: i64, nanos: u32) -> Result<Timestamp, String> {
    if (MIN_SECS..=MAX_SECS).contains(&secs) {
        Ok(Timestamp::from_unix(secs, nanos))
    } else {
        Err("is outside years 0000-9999 in UTC once its time zone is applied (expected an instant in years 0000-9999 in UTC)".to_string())
    }
}

/// How the time column is read: the pattern (None = ISO 8601 or Unix seconds, by hand) and
/// the zone of offset-less times.
#[derive(Debug, Clone)]
pub struct TimeReading {
    format: Option<String>,
    zone: Zone,
}

impl Default for TimeReading {
    fn default() -> Self {
        TimeReading {
            format: None,
            zone: Zone::Utc,
        }
    }
}

impl TimeReading {
    /// Checks `--time-format` and `--timezone`.
    ///
    /// # Returns
    /// The reading, or a message for a pattern jiff does not know (`%Q`) or one that reads no
    /// date (a time needs at least the year, month and day: `%Y`, `%m`, `%d`, or `%F`), or a
    /// zone that is not one.
    pub fn new(format: Option<&str>, zone: Option<&str>) -> Result<TimeReading, String> {
        let zone = match zone {
            Some(z) => Zone::parse(z)?,
            None => Zone::Utc,
        };
        if let Some(f) = format {
            // Formatting a known instant reveals unknown directives; parsing it back checks that
            // the pattern reads a date.
            let sample = jiff::civil::date(2010, 3, 31)
                .at(14, 59, 7, 0)
                .to_zoned(TimeZone::UTC)
                .map_err(|e| e.to_string())?;
            let shown = jiff::fmt::strtime::format(f, &sample).map_err(|e| {
                format!("--time-format `{}` is not a pattern jiff can read ({e}; expected strftime directives such as %d.%m.%Y %H:%M)", table::shorten(f))
            })?;
            let back = jiff::fmt::strtime::parse(f, &shown).and_then(|tm| tm.to_datetime());
            if back.is_err() {
                return Err(format!(
                    "--time-format `{}` does not read a whole date (expected the year, month and day, e.g. %d.%m.%Y %H:%M or %m/%d/%Y %I:%M %p)",
                    table::shorten(f)
                ));
            }
        }
        Ok(TimeReading {
            format: format.map(str::to_string),
            zone,
        })
    }

    /// Parses one timestamp of the log.
    ///
    /// Without a pattern: [`super::parse_timestamp`]'s forms, a time without an offset read in
    /// the zone; a failure that looks like a day-first or month-first date proposes a pattern.
    /// With a pattern: the whole value must match it (`%z`/`%:z` in the pattern give the
    /// offset, else the zone applies; `%s` gives Unix seconds).
    ///
    /// # Returns
    /// The instant, or a message saying what is wrong and what was expected.
    pub fn parse(&self, text: &str) -> Result<Timestamp, String> {
        let Some(format) = &self.format else {
            return match parse_timestamp_zoned(text) {
                Ok((t, true)) => Ok(t),
                Ok((local, false)) => self
                    .zone
                    .instant(local)
                    .map_err(|why| format!("`{}` {why}", table::shorten(text))),
                Err(message) => Err(match suggest_format(text) {
                    Some(hint) => match message.strip_suffix(')') {
                        Some(head) if message.contains(EXPECTED_TIME) => format!("{head}; {hint})"),
                        _ => format!("{message} ({hint})"),
                    },
                    None => message,
                }),
            };
        };
        self.parse_with(format, text)
    }

    /// Parses `text` with the strftime pattern `format`.
    fn parse_with(&self, format: &str, text: &str) -> Result<Timestamp, String> {
        let shown = || table::shorten(text);
        let tm = jiff::fmt::strtime::parse(format, text).map_err(|e| {
            format!(
                "`{}` does not match --time-format `{}` ({e})",
                shown(),
                table::shorten(format)
            )
        })?;
        if let Some(ts) = tm.timestamp() {
            return in_range(ts.as_second(), ts.subsec_nanosecond() as u32)
                .map_err(|why| format!("`{}` {why}", shown()));
        }
        let dt: DateTime = tm.to_datetime().map_err(|e| {
            format!(
                "`{}` is not a date and time under --time-format `{}` ({e})",
                shown(),
                table::shorten(format)
            )
        })?;
        let secs = match tm.offset() {
            Some(offset) => offset
                .to_timestamp(dt)
                .map_err(|e| format!("`{}` {e}", shown()))?
                .as_second(),
            None => {
                let local = dt
                    .to_zoned(TimeZone::UTC)
                    .map_err(|e| format!("`{}` {e}", shown()))?
                    .timestamp()
                    .as_second();
                let local = in_range(local, 0).map_err(|why| format!("`{}` {why}", shown()))?;
                self.zone
                    .instant(local)
                    .map_err(|why| format!("`{}` {why}", shown()))?
                    .unix_seconds()
            }
        };
        let nanos = dt.subsec_nanosecond().max(0) as u32;
        in_range(secs, nanos).map_err(|why| format!("`{}` {why}", shown()))
    }

    /// Parses a bound of `--from` / `--until`: a date (`2010-01-01`, midnight) or a timestamp in
    /// any form [`super::parse_timestamp`] reads, offset-less values in the zone (never the
    /// pattern of `--time-format`: bounds are always ISO 8601).
    pub fn parse_bound(&self, text: &str) -> Result<Timestamp, String> {
        let t = text.trim();
        let is_date = t.len() == 10 && t.as_bytes()[4] == b'-' && t.as_bytes()[7] == b'-';
        let full = if is_date {
            format!("{t}T00:00:00")
        } else {
            t.to_string()
        };
        match parse_timestamp_zoned(&full) {
            Ok((ts, true)) => Ok(ts),
            Ok((local, false)) => self
                .zone
                .instant(local)
                .map_err(|why| format!("`{}` {why}", table::shorten(t))),
            Err(_) => Err(format!(
                "`{}` is not a date or a timestamp (expected a date such as 2010-01-01 or an ISO 8601 timestamp such as 2010-01-01T08:00:00+01:00)",
                table::shorten(t)
            )),
        }
    }
}

/// The `--time-format` to propose for a value that is not ISO 8601: `31.03.2010 14:59` →
/// `this looks day-first: try --time-format "%d.%m.%Y %H:%M"`; `03/31/2010` → month-first;
/// `03/04/2010` (either) → both patterns. None when the value does not look like a date.
pub fn suggest_format(text: &str) -> Option<String> {
    let t = text.trim();
    let (date, time) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    let sep = date.chars().find(|c| matches!(c, '.' | '/' | '-'))?;
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
    let year = if parts[2].len() == 4 { "%Y" } else { "%y" };
    let time_pattern = match time {
        None => String::new(),
        Some(time) => format!(" {}", time_directives(time)?),
    };
    let pattern = |order: &str| {
        let s = sep.to_string();
        let date = match order {
            "dmy" => ["%d", "%m", year].join(&s),
            "mdy" => ["%m", "%d", year].join(&s),
            _ => ["%Y", "%m", "%d"].join(&s),
        };
        format!("\"{date}{time_pattern}\"")
    };
    if parts[0].len() == 4 {
        return Some(format!(
            "this looks year-first: try --time-format {}",
            pattern("ymd")
        ));
    }
    if parts[2].len() < 2 {
        return None;
    }
    Some(if n[0] > 12 && n[1] <= 12 {
        format!("this looks day-first: try --time-format {}", pattern("dmy"))
    } else if n[1] > 12 && n[0] <= 12 {
        format!(
            "this looks month-first: try --time-format {}",
            pattern("mdy")
        )
    } else {
        format!(
            "this could be day-first or month-first: try --time-format {} or {}",
            pattern("dmy"),
            pattern("mdy")
        )
    })
}

/// strftime directives for a time of day such as `14:59`, `14:59:07`, `14:59:07.25`,
/// `2:59 PM`, with an optional offset (`+02:00`, `Z`).
fn time_directives(time: &str) -> Option<String> {
    let mut rest = time.trim();
    let mut suffix = String::new();
    for (tail, directive) in [(" PM", " %p"), (" AM", " %p"), ("PM", "%p"), ("AM", "%p")] {
        if let Some(head) = rest
            .to_ascii_uppercase()
            .strip_suffix(tail)
            .map(|h| h.len())
        {
            rest = &rest[..head];
            suffix = directive.to_string();
            break;
        }
    }
    let twelve = !suffix.is_empty();
    let (clock, zone) = match rest.find(['+', 'Z', 'z']).or_else(|| rest.rfind('-')) {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    let clock = clock.trim_end();
    let fields: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&fields.len()) {
        return None;
    }
    let hour = if twelve { "%I" } else { "%H" };
    let mut out = format!("{hour}:%M");
    if let Some(sec) = fields.get(2) {
        out.push_str(if sec.contains(['.', ',']) {
            ":%S%.f"
        } else {
            ":%S"
        });
    }
    if let Some(z) = zone {
        out.push_str(if z.contains(':') { "%:z" } else { "%z" });
    }
    out.push_str(&suffix);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::eventlog::parse_timestamp;

    fn ts(text: &str) -> Timestamp {
        parse_timestamp(text).unwrap()
    }

    #[test]
    fn day_first_and_month_first_values_propose_a_pattern() {
        assert_eq!(
            suggest_format("31.03.2010 14:59").unwrap(),
            "this looks day-first: try --time-format \"%d.%m.%Y %H:%M\""
        );
        assert_eq!(
            suggest_format("03/31/2010").unwrap(),
            "this looks month-first: try --time-format \"%m/%d/%Y\""
        );
        assert!(suggest_format("03/04/2010 2:59 PM")
            .unwrap()
            .contains("\"%d/%m/%Y %I:%M %p\" or \"%m/%d/%Y %I:%M %p\""));
        assert_eq!(
            suggest_format("2010/03/31 14:59:07").unwrap(),
            "this looks year-first: try --time-format \"%Y/%m/%d %H:%M:%S\""
        );
        assert_eq!(suggest_format("yesterday"), None);
        assert_eq!(suggest_format("1318333540"), None);
        let m = TimeReading::default()
            .parse("31.03.2010 14:59")
            .unwrap_err();
        assert!(
            m.starts_with("`31.03.2010 14:59` is not a timestamp (expected ISO 8601"),
            "{m}"
        );
        assert!(
            m.ends_with("; this looks day-first: try --time-format \"%d.%m.%Y %H:%M\")"),
            "{m}"
        );
    }

    #[test]
    fn a_pattern_reads_day_first_times_in_the_zone() {
        let r = TimeReading::new(Some("%d.%m.%Y %H:%M"), None).unwrap();
        assert_eq!(
            r.parse("31.03.2010 14:59").unwrap(),
            ts("2010-03-31T14:59:00Z")
        );
        let m = r.parse("2010-03-31 14:59").unwrap_err();
        assert!(
            m.contains("does not match --time-format `%d.%m.%Y %H:%M`"),
            "{m}"
        );
        let r = TimeReading::new(Some("%d.%m.%Y %H:%M"), Some("Europe/Amsterdam")).unwrap();
        // Summer time (CEST, +02:00) on 31 March 2010; winter time (+01:00) in January.
        assert_eq!(
            r.parse("31.03.2010 14:59").unwrap(),
            ts("2010-03-31T12:59:00Z")
        );
        assert_eq!(
            r.parse("15.01.2010 14:59").unwrap(),
            ts("2010-01-15T13:59:00Z")
        );
        let r = TimeReading::new(Some("%d.%m.%Y %H:%M %z"), Some("Europe/Amsterdam")).unwrap();
        assert_eq!(
            r.parse("31.03.2010 14:59 +0000").unwrap(),
            ts("2010-03-31T14:59:00Z")
        );
        assert!(TimeReading::new(Some("%H:%M"), None)
            .unwrap_err()
            .contains("does not read a whole date"));
        let m = TimeReading::new(Some("%Y-%m-%d %!"), None).unwrap_err();
        assert!(
            m.starts_with("--time-format `%Y-%m-%d %!` is not a pattern"),
            "{m}"
        );
    }

    #[test]
    fn the_zone_applies_to_offset_less_iso_times_only() {
        let r = TimeReading::new(None, Some("+02:00")).unwrap();
        assert_eq!(
            r.parse("2010-03-31 14:59:00").unwrap(),
            ts("2010-03-31T12:59:00Z")
        );
        assert_eq!(
            r.parse("2010-03-31T14:59:00Z").unwrap(),
            ts("2010-03-31T14:59:00Z")
        );
        assert_eq!(r.parse("1318333540").unwrap(), ts("1318333540"));
        let r = TimeReading::new(None, Some("America/New_York")).unwrap();
        assert_eq!(
            r.parse("2024-07-01T08:00:00").unwrap(),
            ts("2024-07-01T12:00:00Z")
        );
        assert_eq!(
            r.parse_bound("2024-07-01").unwrap(),
            ts("2024-07-01T04:00:00Z")
        );
        assert!(Zone::parse("Mars/Olympus")
            .unwrap_err()
            .contains("is not a time zone"));
        assert!(matches!(Zone::parse("-05:30"), Ok(Zone::Fixed(-19_800))));
        assert!(TimeReading::default().parse_bound("March").is_err());
    }
}
