//! Colours. Categories (silos) use Paul Tol's colour-blind-safe "muted" scheme; seams between
//! silos use Okabe–Ito vermillion, which stands apart from it; the heatmap uses a single-hue
//! sequential blue ramp (readable by every kind of colour vision, and in grey print). Colour
//! never carries meaning alone: every coloured thing also has a label or a shape.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    /// White.
    pub const WHITE: Color = Color(255, 255, 255);
    /// Main text and the journey path.
    pub const INK: Color = Color(0x22, 0x22, 0x22);
    /// Secondary text.
    pub const MUTED: Color = Color(0x5f, 0x5f, 0x5f);
    /// Faint text, axis labels.
    pub const FAINT: Color = Color(0x8a, 0x8a, 0x8a);
    /// Grid lines and guides.
    pub const GRID: Color = Color(0xe4, 0xe4, 0xe4);
    /// Seams between silos (Okabe–Ito vermillion).
    pub const SEAM: Color = Color(0xd5, 0x5e, 0x00);
    /// Units outside the coloured silos ("other").
    pub const OTHER: Color = Color(0xbb, 0xbb, 0xbb);

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Linear mix: `t` = 0 gives self, 1 gives `other`.
    pub fn mix(self, other: Color, t: f64) -> Color {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Color(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    /// A pale tint for backgrounds.
    pub fn tint(self, strength: f64) -> Color {
        Color::WHITE.mix(self, strength)
    }

    /// Relative luminance (WCAG), 0 = black, 1 = white.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// A version dark enough for text on white (contrast ≥ 4.5:1).
    pub fn for_text(self) -> Color {
        let mut c = self;
        for _ in 0..20 {
            if (1.05) / (c.luminance() + 0.05) >= 4.5 {
                break;
            }
            c = c.mix(Color(0, 0, 0), 0.12);
        }
        c
    }

    /// Black or white, whichever reads better on this colour.
    pub fn text_on(self) -> Color {
        if self.luminance() > 0.36 {
            Color::INK
        } else {
            Color::WHITE
        }
    }
}

/// Paul Tol's "muted" qualitative scheme, ordered so neighbours differ most (rose last: it is
/// the closest to the seam vermillion).
pub const CATEGORY: [Color; 9] = [
    Color(0x33, 0x22, 0x88), // indigo
    Color(0x88, 0xcc, 0xee), // cyan
    Color(0x11, 0x77, 0x33), // green
    Color(0xdd, 0xcc, 0x77), // sand
    Color(0x88, 0x22, 0x55), // wine
    Color(0x44, 0xaa, 0x99), // teal
    Color(0xaa, 0x44, 0x99), // purple
    Color(0x99, 0x99, 0x33), // olive
    Color(0xcc, 0x66, 0x77), // rose
];

/// Sequential ramp for the heatmap, light to dark blue.
const RAMP: [Color; 5] = [
    Color(0xf1, 0xf6, 0xfb),
    Color(0xc6, 0xdb, 0xef),
    Color(0x6b, 0xae, 0xd6),
    Color(0x21, 0x71, 0xb5),
    Color(0x08, 0x30, 0x6b),
];

/// The ramp colour at `t` in [0, 1].
pub fn ramp(t: f64) -> Color {
    let t = t.clamp(0.0, 1.0) * (RAMP.len() - 1) as f64;
    let i = (t.floor() as usize).min(RAMP.len() - 2);
    RAMP[i].mix(RAMP[i + 1], t - i as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_colours_have_contrast() {
        for c in CATEGORY {
            let t = c.for_text();
            assert!(1.05 / (t.luminance() + 0.05) >= 4.5, "{}", c.hex());
        }
        assert_eq!(ramp(0.0), RAMP[0]);
        assert_eq!(ramp(1.0), RAMP[4]);
        assert_eq!(Color::WHITE.text_on(), Color::INK);
        assert_eq!(RAMP[4].text_on(), Color::WHITE);
    }
}
