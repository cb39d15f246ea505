//! The one font of every chart: DejaVu Sans (regular and bold) embedded from the `dejavu`
//! crate, registered with plotters under the family `sans-serif`, and used here to measure text
//! so labels are wrapped and ellipsised to the width they really take. No system font is ever
//! looked up. Licence: `FONT-LICENSE.txt` beside this file.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use plotters::style::{register_font, FontStyle};

/// The CSS font stack of the HTML report, matching the embedded font first.
pub const CSS_FONT_STACK: &str =
    "\"DejaVu Sans\", \"Bitstream Vera Sans\", Verdana, \"Segoe UI\", system-ui, sans-serif";

/// The ellipsis put at the end of shortened text.
pub const ELLIPSIS: char = '…';

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    /// (ascent − descent) / units per em: ab_glyph's pixel scale of a 1 px em.
    height_per_em: f32,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let regular = FontRef::try_from_slice(dejavu::sans::regular())
            .expect("the embedded DejaVu Sans is a valid font");
        let bold = FontRef::try_from_slice(dejavu::sans::bold())
            .expect("the embedded DejaVu Sans Bold is a valid font");
        // plotters draws and lays out text with the fonts registered here (ab_glyph feature).
        // Both faces were just parsed above, so registering them cannot fail.
        let _ = register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
        let _ = register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold());
        let upem = regular.units_per_em().unwrap_or(2048.0);
        let height_per_em = regular.height_unscaled() / upem;
        Fonts {
            regular,
            bold,
            height_per_em,
        }
    })
}

/// Registers the embedded font with plotters (idempotent; every renderer calls it first).
pub fn ensure_registered() {
    let _ = fonts();
}

/// The plotters text size that gives an em of `em` pixels in bitmap output (plotters' ab_glyph
/// path scales by the font height, ascent − descent, not by the em).
pub fn bitmap_size(em: f64) -> f64 {
    em * f64::from(fonts().height_per_em)
}

/// Width in pixels of `text` set at an em of `em` pixels (advances plus kerning, as plotters
/// draws it).
pub fn measure(text: &str, em: f64, bold: bool) -> f64 {
    let f = fonts();
    let font = if bold { &f.bold } else { &f.regular };
    let scaled = font.as_scaled(PxScale::from(em as f32 * f.height_per_em));
    let mut width = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let g = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, g);
        }
        width += scaled.h_advance(g);
        prev = Some(g);
    }
    f64::from(width)
}

/// `text` shortened with a trailing ellipsis so that it fits in `max_width` (unchanged when
/// it fits). Cuts at a character boundary; never returns more than the ellipsis alone.
pub fn ellipsize(text: &str, em: f64, bold: bool, max_width: f64) -> String {
    if measure(text, em, bold) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // Binary search the longest prefix that fits with the ellipsis.
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if measure(&candidate, em, bold) <= max_width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let mut out: String = chars[..lo].iter().collect();
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push(ELLIPSIS);
    out
}

/// Word-wraps `text` into at most `max_lines` lines of at most `max_width` pixels; a word
/// wider than a line is cut with an ellipsis, and the last line ends with an ellipsis when
/// text was left out.
pub fn wrap(text: &str, em: f64, bold: bool, max_width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if measure(&candidate, em, bold) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if measure(word, em, bold) <= max_width {
            current = word.to_string();
        } else {
            lines.push(ellipsize(word, em, bold, max_width));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines && max_lines > 0 {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        let mut last = ellipsize(&rest, em, bold, max_width);
        if !last.ends_with(ELLIPSIS) {
            last.push(ELLIPSIS);
            last = ellipsize(&last, em, bold, max_width);
        }
        lines.push(last);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_shortens() {
        let w = measure("Integration & Middleware", 13.0, false);
        assert!(w > 100.0 && w < 250.0, "{w}");
        assert!(measure("WWW", 13.0, true) > measure("iii", 13.0, true));
        let s = ellipsize("Accounts Reconciliation and Control", 12.0, false, 90.0);
        assert!(s.ends_with('…'), "{s}");
        assert!(measure(&s, 12.0, false) <= 90.0);
        assert_eq!(ellipsize("short", 12.0, false, 90.0), "short");
    }

    #[test]
    fn wraps_within_width_and_lines() {
        let text = "Returns desk scans the QR code; the till does not recognise it";
        let lines = wrap(text, 11.0, false, 80.0, 3);
        assert!(lines.len() <= 3);
        for l in &lines {
            assert!(measure(l, 11.0, false) <= 80.0, "{l}");
        }
        assert!(lines.last().unwrap().ends_with('…'), "{lines:?}");
        let all = wrap("two words", 11.0, false, 500.0, 3);
        assert_eq!(all, vec!["two words".to_string()]);
        let cut = wrap("Supercalifragilisticexpialidocious", 11.0, false, 60.0, 2);
        assert_eq!(cut.len(), 1);
        assert!(cut[0].ends_with('…'));
    }
}
