//! Which characters a text cell may hold. Ids, names and every other cell are copied into the
//! terminal, SVG, HTML, DOT, GraphML and CSV outputs, so a character that is not printable text
//! is rejected at ingest rather than escaped in each output (`docs/input-format.md`, "Text"):
//!
//! - C0 control characters U+0000–U+001F except tab and line break, and DEL U+007F (ESC would
//!   reach the terminal raw, NUL and most C0 are not allowed in XML at all);
//! - C1 control characters U+0080–U+009F (U+009B is a terminal escape introducer too);
//! - the bidirectional embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
//!   which reorder the text shown after them ("Trojan source"). The marks U+200E, U+200F and
//!   U+061C, which right-to-left text legitimately uses, stay allowed.
//!
//! A line break inside a quoted value stays allowed (every line break reads as `\n`).

/// Why a character is refused, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// A C0 or C1 control character, or DEL.
    Control(char),
    /// A bidirectional embedding, override or isolate.
    Bidi(char),
}

impl Refused {
    /// `contains the control character U+001B (expected printable text)`.
    pub fn message(self) -> String {
        match self {
            Refused::Control(c) => format!(
                "contains the control character U+{:04X} (expected printable text)",
                c as u32
            ),
            Refused::Bidi(c) => format!(
                "contains the bidirectional control U+{:04X} (expected printable text: it reorders the text shown after it)",
                c as u32
            ),
        }
    }
}

/// Classifies one character: None when it may appear in a text cell.
pub fn refused(c: char) -> Option<Refused> {
    match c {
        '\t' | '\n' => None,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Some(Refused::Control(c)),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some(Refused::Bidi(c)),
        _ => None,
    }
}

/// The byte offset and the kind of the first refused character of `text`, if any.
///
/// # Complexity
/// One pass over the bytes; only bytes that can start a refused character (below 0x20, 0x7F,
/// 0xC2 and 0xE2) are decoded.
pub fn first_refused(text: &str) -> Option<(usize, Refused)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2 {
            if let Some(c) = text.get(i..).and_then(|t| t.chars().next()) {
                if let Some(r) = refused(c) {
                    return Some((i, r));
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_text_passes() {
        for t in [
            "Web Shop",
            "tab\there",
            "two\nlines",
            "Zoë",
            "שלום\u{200f}",
            "日本",
            "€ 5",
        ] {
            assert_eq!(first_refused(t), None, "{t:?}");
        }
    }

    #[test]
    fn controls_and_overrides_are_found() {
        for (t, at, c) in [
            ("a\u{1b}[31m", 1, '\u{1b}'),
            ("\u{0}", 0, '\u{0}'),
            ("x\u{1}", 1, '\u{1}'),
            ("del\u{7f}", 3, '\u{7f}'),
            ("é\u{9b}", 2, '\u{9b}'),
            ("\u{85}", 0, '\u{85}'),
            ("ab\r", 2, '\r'),
        ] {
            assert_eq!(first_refused(t), Some((at, Refused::Control(c))), "{t:?}");
        }
        assert_eq!(
            first_refused("admin\u{202e}gnp.exe"),
            Some((5, Refused::Bidi('\u{202e}')))
        );
        assert_eq!(
            first_refused("\u{2066}x"),
            Some((0, Refused::Bidi('\u{2066}')))
        );
        assert!(Refused::Control('\u{1b}')
            .message()
            .contains("the control character U+001B (expected printable text)"));
    }
}
