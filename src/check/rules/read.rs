//! Reading `seams.toml` (docs/ci.md): serde with `deny_unknown_fields`, toml spans turned into
//! `file:line`, every value checked against its rule's type and range, merged over the
//! defaults.

use std::path::Path;

use serde::Deserialize;

use super::{Limit, Rule, RuleKind, RuleSet, RuleSource, Severity, ValueKind};
use crate::error::{Diagnostic, Diagnostics, SeamsError};

impl RuleSet {
    /// Reads a rules file and merges it over the defaults.
    ///
    /// # Errors
    /// [`SeamsError::InvalidInput`] with one `file:line:` diagnostic for a syntax error, an
    /// unknown key, a wrong type or a value out of range; [`SeamsError::Io`] when the file
    /// cannot be read.
    pub fn from_file(path: &Path) -> Result<RuleSet, SeamsError> {
        let bytes = std::fs::read(path).map_err(|e| SeamsError::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + upto.iter().filter(|&&b| b == b'\n').count() as u64;
            invalid(
                path,
                Some(line),
                "invalid UTF-8 (a rules file is UTF-8 text)".into(),
            )
        })?;
        RuleSet::from_toml(&text, path)
    }

    /// Parses the text of a rules file (`path` names it in errors) and merges it over the
    /// defaults.
    ///
    /// # Errors
    /// As [`RuleSet::from_file`], without the I/O.
    pub fn from_toml(text: &str, path: &Path) -> Result<RuleSet, SeamsError> {
        let file: RulesFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let message = match (line, too_large(&e, text)) {
                (Some(l), Some(number)) => too_large_message(text, l, number),
                _ => toml_message(&e),
            };
            invalid(path, line, message)
        })?;
        let mut set = RuleSet::defaults();
        set.source = RuleSource::File(path.to_path_buf());
        let Some(tables) = file.rules else {
            return Ok(set);
        };
        let given = [
            (RuleKind::NoNewUnreachable, tables.no_new_unreachable),
            (
                RuleKind::NoNewArticulationPoints,
                tables.no_new_articulation_points,
            ),
            (RuleKind::NoNewCongruenceGaps, tables.no_new_congruence_gaps),
            (
                RuleKind::NoNewCustomerDataStores,
                tables.no_new_customer_data_stores,
            ),
            (
                RuleKind::NoNewDuplicatedCapabilities,
                tables.no_new_duplicated_capabilities,
            ),
            (RuleKind::MaxSeamIncrease, tables.max_seam_increase),
            (
                RuleKind::MaxCrossSiloSeamsPerJourney,
                tables.max_cross_silo_seams_per_journey,
            ),
            (RuleKind::MaxCustomerDistance, tables.max_customer_distance),
            (
                RuleKind::MaxCustomerDataStores,
                tables.max_customer_data_stores,
            ),
            (RuleKind::MinCongruence, tables.min_congruence),
            (RuleKind::MaxSiloEi, tables.max_silo_ei),
            (RuleKind::MinSiloEi, tables.min_silo_ei),
        ];
        for (kind, table) in given {
            let Some(table) = table else { continue };
            let line = line_of(text, table.span().start);
            let table = table.into_inner();
            let severity = match table.severity.unwrap_or(SeverityOrOff::Error) {
                SeverityOrOff::Error => Severity::Error,
                SeverityOrOff::Warning => Severity::Warning,
                SeverityOrOff::Off => {
                    set.rules.retain(|r| r.kind != kind);
                    continue;
                }
            };
            let at = |span: Option<std::ops::Range<usize>>| {
                span.map_or(line, |s| line_of(text, s.start))
            };
            let value_span = table.value.as_ref().map(|v| v.span());
            let bad = |msg: String| invalid(path, Some(at(value_span.clone())), msg);
            let limit = match (
                kind.value_kind(),
                table.value.map(toml::Spanned::into_inner),
            ) {
                (ValueKind::Flag, None) | (ValueKind::Flag, Some(toml::Value::Boolean(true))) => {
                    Some(Limit::None)
                }
                (ValueKind::Flag, Some(toml::Value::Boolean(false))) => None,
                (ValueKind::Flag, Some(v)) => {
                    return Err(bad(format!(
                        "rules.{}.value: expected true or false (or leave `value` out), found {}",
                        kind.key(),
                        v.type_str()
                    )))
                }
                (_, None) => {
                    return Err(invalid(
                        path,
                        Some(line),
                        format!(
                            "rules.{}: missing `value` (e.g. value = {})",
                            kind.key(),
                            example(kind)
                        ),
                    ))
                }
                (ValueKind::Count, Some(toml::Value::Integer(n))) if n >= 0 => {
                    Some(Limit::Count(n as u64))
                }
                (ValueKind::Count, Some(v)) => {
                    return Err(bad(format!(
                        "rules.{}.value: expected a whole number >= 0, found {}",
                        kind.key(),
                        describe_value(&v)
                    )))
                }
                (ValueKind::Number { min, max }, Some(v)) => {
                    let x = match v {
                        toml::Value::Integer(n) => n as f64,
                        toml::Value::Float(x) => x,
                        other => {
                            return Err(bad(format!(
                                "rules.{}.value: expected a number from {min} to {max}, found {}",
                                kind.key(),
                                describe_value(&other)
                            )))
                        }
                    };
                    if !(x >= f64::from(min) && x <= f64::from(max)) {
                        return Err(bad(format!(
                            "rules.{}.value: {} is out of range (expected a number from {min} to {max})",
                            kind.key(),
                            describe_value(&v)
                        )));
                    }
                    Some(Limit::Number(x))
                }
            };
            set.rules.retain(|r| r.kind != kind);
            if let Some(limit) = limit {
                set.rules.push(Rule {
                    kind,
                    severity,
                    limit,
                    line: Some(line),
                });
            }
        }
        set.rules.sort_by_key(|r| r.kind);
        Ok(set)
    }
}

fn example(kind: RuleKind) -> &'static str {
    match kind.value_kind() {
        ValueKind::Flag => "true",
        ValueKind::Count => "2",
        ValueKind::Number { min: 0, .. } => "0.8",
        ValueKind::Number { .. } => "-0.5",
    }
}

fn describe_value(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(x) => x.to_string(),
        other => other.type_str().to_string(),
    }
}

fn invalid(path: &Path, line: Option<u64>, message: String) -> SeamsError {
    SeamsError::InvalidInput(Diagnostics {
        items: vec![Diagnostic::error(path, line, message)],
    })
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u64 {
    let upto = &text.as_bytes()[..offset.min(text.len())];
    1 + upto.iter().filter(|&&b| b == b'\n').count() as u64
}

/// toml's message without its own position header and excerpt (we give file:line instead),
/// with the list of known keys completed by the sentence that says where they are documented.
fn toml_message(e: &toml::de::Error) -> String {
    let msg = e.message().trim().replace('\n', " ");
    if msg.starts_with("unknown field") {
        format!("{msg} (the rules are documented in docs/ci.md)")
    } else {
        msg
    }
}

/// For a toml error about a number that does not fit (an integer beyond i64, which toml and
/// serde report as "invalid type: integer `N` as i128" or "u64 value was too large", or a
/// float beyond f64): the words that name it (`the number N` when the literal can be read).
fn too_large(e: &toml::de::Error, text: &str) -> Option<String> {
    let msg = e.message();
    let fits_not = msg.starts_with("invalid type: integer `")
        || msg.contains("value was too large")
        || msg.contains("number overflowed");
    if !fits_not {
        return None;
    }
    let literal = e
        .span()
        .and_then(|s| text.get(s))
        .map(|t| {
            t.trim()
                .trim_start_matches("value")
                .trim()
                .trim_start_matches('=')
                .trim()
        })
        .filter(|t| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_'))
        });
    Some(match literal {
        Some(n) => format!("the number {n}"),
        None => "the number".to_string(),
    })
}

/// `rules.KEY.value: N is too large (expected …)`, for the rule whose table holds `line`.
fn too_large_message(text: &str, line: u64, shown: String) -> String {
    let kind = text
        .lines()
        .take(line as usize)
        .filter_map(|l| {
            let key = l.trim().strip_prefix("[rules.")?.split(']').next()?.trim();
            RuleKind::ALL.into_iter().find(|k| k.key() == key)
        })
        .last();
    match kind {
        Some(kind) => {
            let expected = match kind.value_kind() {
                ValueKind::Flag => "true or false".to_string(),
                ValueKind::Count => format!("a whole number from 0 to {}", i64::MAX),
                ValueKind::Number { min, max } => format!("a number from {min} to {max}"),
            };
            format!(
                "rules.{}.value: {shown} is too large (expected {expected})",
                kind.key()
            )
        }
        None => format!(
            "{shown} is too large (expected a whole number up to {})",
            i64::MAX
        ),
    }
}

/// The file's shape. Unknown keys anywhere are errors.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rules: Option<RuleTables>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleTables {
    no_new_unreachable: Option<toml::Spanned<RuleTable>>,
    no_new_articulation_points: Option<toml::Spanned<RuleTable>>,
    no_new_congruence_gaps: Option<toml::Spanned<RuleTable>>,
    no_new_customer_data_stores: Option<toml::Spanned<RuleTable>>,
    no_new_duplicated_capabilities: Option<toml::Spanned<RuleTable>>,
    max_seam_increase: Option<toml::Spanned<RuleTable>>,
    max_cross_silo_seams_per_journey: Option<toml::Spanned<RuleTable>>,
    max_customer_distance: Option<toml::Spanned<RuleTable>>,
    max_customer_data_stores: Option<toml::Spanned<RuleTable>>,
    min_congruence: Option<toml::Spanned<RuleTable>>,
    max_silo_ei: Option<toml::Spanned<RuleTable>>,
    min_silo_ei: Option<toml::Spanned<RuleTable>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleTable {
    value: Option<toml::Spanned<toml::Value>>,
    severity: Option<SeverityOrOff>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SeverityOrOff {
    Error,
    Warning,
    Off,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RuleSet, String> {
        RuleSet::from_toml(text, Path::new("seams.toml")).map_err(|e| match e {
            SeamsError::InvalidInput(d) => d.items[0].to_string(),
            other => other.to_string(),
        })
    }

    #[test]
    fn file_overrides_defaults_rule_by_rule() {
        let set = parse(
            "[rules.min_congruence]\nvalue = 1\n\n[rules.max_seam_increase]\nvalue = 2\nseverity = \"error\"\n\n[rules.no_new_congruence_gaps]\nseverity = \"off\"\n",
        )
        .unwrap();
        let keys: Vec<(&str, Severity, Limit, Option<u64>)> = set
            .rules
            .iter()
            .map(|r| (r.kind.key(), r.severity, r.limit, r.line))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("no_new_unreachable", Severity::Error, Limit::None, None),
                (
                    "no_new_articulation_points",
                    Severity::Warning,
                    Limit::None,
                    None
                ),
                (
                    "no_new_customer_data_stores",
                    Severity::Warning,
                    Limit::None,
                    None
                ),
                (
                    "no_new_duplicated_capabilities",
                    Severity::Warning,
                    Limit::None,
                    None
                ),
                (
                    "max_seam_increase",
                    Severity::Error,
                    Limit::Count(2),
                    Some(4)
                ),
                (
                    "min_congruence",
                    Severity::Error,
                    Limit::Number(1.0),
                    Some(1)
                ),
            ]
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse("# strict\n[rules.min_congruence]\nvalue = 0.8\nseverty = \"error\"\n").unwrap_err(),
            "seams.toml:4: unknown field `severty`, expected `value` or `severity` (the rules are documented in docs/ci.md)"
        );
        assert!(parse("[rules.min_congruenc]\nvalue = 1\n")
            .unwrap_err()
            .starts_with("seams.toml:1: unknown field `min_congruenc`"));
        assert_eq!(
            parse("[rules.min_congruence]\n\nvalue = 1.5\n").unwrap_err(),
            "seams.toml:3: rules.min_congruence.value: 1.5 is out of range (expected a number from 0 to 1)"
        );
        assert_eq!(
            parse("\n[rules.max_customer_distance]\nseverity = \"warning\"\n").unwrap_err(),
            "seams.toml:2: rules.max_customer_distance: missing `value` (e.g. value = 2)"
        );
        assert_eq!(
            parse("[rules.max_customer_distance]\nvalue = -1\n").unwrap_err(),
            "seams.toml:2: rules.max_customer_distance.value: expected a whole number >= 0, found -1"
        );
        assert!(
            parse("[rules.min_silo_ei]\nvalue = -0.5\nseverity = \"fatal\"\n")
                .unwrap_err()
                .starts_with("seams.toml:3: unknown variant `fatal`")
        );
        assert!(parse("[rules.min_silo_ei\n")
            .unwrap_err()
            .starts_with("seams.toml:1: "));
        assert!(parse("[rules.no_new_unreachable]\nvalue = 3\n")
            .unwrap_err()
            .starts_with("seams.toml:2: rules.no_new_unreachable.value: expected true or false"));
    }

    #[test]
    fn numbers_too_large_for_toml_name_the_rule() {
        assert_eq!(
            parse("[rules.max_customer_distance]\nvalue = 99999999999999999999\n").unwrap_err(),
            "seams.toml:2: rules.max_customer_distance.value: the number 99999999999999999999 is too large (expected a whole number from 0 to 9223372036854775807)"
        );
        assert_eq!(
            parse("[rules.min_congruence]\n\nvalue = 1e999\n").unwrap_err(),
            "seams.toml:3: rules.min_congruence.value: the number 1e999 is too large (expected a number from 0 to 1)"
        );
        let (ok, too_big) = (i64::MAX, i64::MAX as u128 + 1);
        assert!(parse(&format!("[rules.max_seam_increase]\nvalue = {ok}\n")).is_ok());
        assert!(
            parse(&format!("[rules.max_seam_increase]\nvalue = {too_big}\n"))
                .unwrap_err()
                .starts_with("seams.toml:2: rules.max_seam_increase.value: the number 9223372036854775808 is too large")
        );
    }

    #[test]
    fn flags_can_be_turned_off_by_value() {
        let set = parse("[rules.no_new_unreachable]\nvalue = false\n").unwrap();
        assert!(set
            .rules
            .iter()
            .all(|r| r.kind != RuleKind::NoNewUnreachable));
        assert!(parse("").unwrap().rules.len() == 6);
        let set = parse("[rules.max_customer_data_stores]\nvalue = 3\n").unwrap();
        assert!(set
            .rules
            .iter()
            .any(|r| r.kind == RuleKind::MaxCustomerDataStores && r.limit == Limit::Count(3)));
    }
}
