//! A chart as a display list in logical pixels, replayed onto plotters' SVG backend (at 1:1)
//! and bitmap backend (at any scale, encoded as PNG). Charts are laid out once, so the SVG and
//! the PNG show the same thing, and tests can check the layout (every text inside the canvas,
//! no two labels overlapping) without parsing an image.

use plotters::backend::{BitMapBackend, DrawingBackend, SVGBackend};
use plotters::drawing::IntoDrawingArea;
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color as _, FontDesc, FontFamily, FontStyle, RGBColor, ShapeStyle};

use super::font;
use super::palette::Color;

/// Horizontal alignment of a text at its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// x is the left end.
    Left,
    /// x is the centre.
    Center,
    /// x is the right end.
    Right,
}

/// One drawing primitive, in logical pixels (origin top left, y down).
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled axis-aligned rectangle.
    Rect {
        /// Left.
        x: f64,
        /// Top.
        y: f64,
        /// Width.
        w: f64,
        /// Height.
        h: f64,
        /// Fill.
        fill: Color,
    },
    /// A polyline.
    Line {
        /// Points.
        points: Vec<(f64, f64)>,
        /// Stroke colour.
        color: Color,
        /// Stroke width.
        width: f64,
    },
    /// A filled circle.
    Circle {
        /// Centre x.
        cx: f64,
        /// Centre y.
        cy: f64,
        /// Radius.
        r: f64,
        /// Fill.
        fill: Color,
    },
    /// A filled polygon.
    Polygon {
        /// Corners.
        points: Vec<(f64, f64)>,
        /// Fill.
        fill: Color,
    },
    /// One line of text.
    Text {
        /// Anchor x (see `align`).
        x: f64,
        /// Baseline y.
        y: f64,
        /// The text (drawn as given: callers shorten it to fit).
        text: String,
        /// Em size in pixels.
        em: f64,
        /// Bold face.
        bold: bool,
        /// Colour.
        color: Color,
        /// Alignment at x.
        align: Align,
    },
}

/// A laid-out chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Width in logical pixels.
    pub width: u32,
    /// Height in logical pixels.
    pub height: u32,
    /// Shapes, painted in order.
    pub shapes: Vec<Shape>,
    /// Heights (ascending, in logical pixels) where the chart may be cut into pieces that each
    /// fit a printed page: between the rows of a wrapped journey seam chart, where no shape
    /// but the row's background crosses. Empty: print it whole.
    pub breaks: Vec<f64>,
}

/// The box a text takes: (left, top, right, bottom), from the font's measure (ascender to
/// descender).
pub fn text_box(
    x: f64,
    y: f64,
    text: &str,
    em: f64,
    bold: bool,
    align: Align,
) -> (f64, f64, f64, f64) {
    let w = font::measure(text, em, bold);
    let left = match align {
        Align::Left => x,
        Align::Center => x - w / 2.0,
        Align::Right => x - w,
    };
    (left, y - 0.76 * em, left + w, y + 0.24 * em)
}

impl Scene {
    /// An empty white canvas.
    pub fn new(width: u32, height: u32) -> Scene {
        Scene {
            width,
            height,
            breaks: Vec::new(),
            shapes: vec![Shape::Rect {
                x: 0.0,
                y: 0.0,
                w: f64::from(width),
                h: f64::from(height),
                fill: Color::WHITE,
            }],
        }
    }

    /// A filled rectangle.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: Color) {
        if w > 0.0 && h > 0.0 {
            self.shapes.push(Shape::Rect { x, y, w, h, fill });
        }
    }

    /// A rectangle outline of the given stroke width, drawn inside the box.
    pub fn frame(&mut self, x: f64, y: f64, w: f64, h: f64, stroke: f64, color: Color) {
        self.rect(x, y, w, stroke, color);
        self.rect(x, y + h - stroke, w, stroke, color);
        self.rect(x, y, stroke, h, color);
        self.rect(x + w - stroke, y, stroke, h, color);
    }

    /// A horizontal line of the given thickness centred on y (drawn as a rectangle: crisp).
    pub fn hline(&mut self, x0: f64, x1: f64, y: f64, width: f64, color: Color) {
        let (a, b) = if x0 <= x1 { (x0, x1) } else { (x1, x0) };
        self.rect(a, y - width / 2.0, b - a, width, color);
    }

    /// A vertical line of the given thickness centred on x.
    pub fn vline(&mut self, x: f64, y0: f64, y1: f64, width: f64, color: Color) {
        let (a, b) = if y0 <= y1 { (y0, y1) } else { (y1, y0) };
        self.rect(x - width / 2.0, a, width, b - a, color);
    }

    /// A dashed horizontal line.
    pub fn dashed_hline(
        &mut self,
        x0: f64,
        x1: f64,
        y: f64,
        width: f64,
        dash: (f64, f64),
        color: Color,
    ) {
        let mut x = x0.min(x1);
        let end = x0.max(x1);
        while x < end {
            let e = (x + dash.0).min(end);
            self.hline(x, e, y, width, color);
            x += dash.0 + dash.1;
        }
    }

    /// A dashed vertical line.
    pub fn dashed_vline(
        &mut self,
        x: f64,
        y0: f64,
        y1: f64,
        width: f64,
        dash: (f64, f64),
        color: Color,
    ) {
        let mut y = y0.min(y1);
        let end = y0.max(y1);
        while y < end {
            let e = (y + dash.0).min(end);
            self.vline(x, y, e, width, color);
            y += dash.0 + dash.1;
        }
    }

    /// A polyline.
    pub fn line(&mut self, points: Vec<(f64, f64)>, width: f64, color: Color) {
        self.shapes.push(Shape::Line {
            points,
            color,
            width,
        });
    }

    /// A filled circle.
    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: Color) {
        self.shapes.push(Shape::Circle { cx, cy, r, fill });
    }

    /// A filled polygon.
    pub fn polygon(&mut self, points: Vec<(f64, f64)>, fill: Color) {
        self.shapes.push(Shape::Polygon { points, fill });
    }

    /// A filled diamond centred on (cx, cy).
    pub fn diamond(&mut self, cx: f64, cy: f64, r: f64, fill: Color) {
        self.polygon(
            vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)],
            fill,
        );
    }

    /// A capsule (a rectangle with round ends) of height h centred on (cx, cy).
    pub fn capsule(&mut self, cx: f64, cy: f64, w: f64, h: f64, fill: Color) {
        let r = h / 2.0;
        let w = w.max(h);
        self.rect(cx - w / 2.0 + r, cy - r, w - h, h, fill);
        self.circle(cx - w / 2.0 + r, cy, r, fill);
        self.circle(cx + w / 2.0 - r, cy, r, fill);
    }

    /// One line of text with its baseline at y.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        text: &str,
        em: f64,
        bold: bool,
        color: Color,
        align: Align,
    ) {
        if text.is_empty() {
            return;
        }
        self.shapes.push(Shape::Text {
            x,
            y,
            text: text.to_string(),
            em,
            bold,
            color,
            align,
        });
    }

    /// The boxes of every text, in drawing order.
    pub fn text_boxes(&self) -> Vec<(String, (f64, f64, f64, f64))> {
        self.shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text {
                    x,
                    y,
                    text,
                    em,
                    bold,
                    align,
                    ..
                } => Some((text.clone(), text_box(*x, *y, text, *em, *bold, *align))),
                _ => None,
            })
            .collect()
    }

    /// Renders the scene as an SVG document (1 logical pixel = 1 SVG unit).
    pub fn to_svg(&self) -> String {
        font::ensure_registered();
        let mut out = String::new();
        {
            let backend = SVGBackend::with_string(&mut out, (self.width, self.height));
            paint(backend, self, 1.0, Flavour::Svg);
        }
        out
    }

    /// Renders the scene as a PNG image at `scale` device pixels per logical pixel.
    pub fn to_png(&self, scale: f64) -> Vec<u8> {
        font::ensure_registered();
        let w = (f64::from(self.width) * scale).round() as u32;
        let h = (f64::from(self.height) * scale).round() as u32;
        let mut rgb = vec![255u8; (w as usize) * (h as usize) * 3];
        {
            let backend = BitMapBackend::with_buffer(&mut rgb, (w, h));
            paint(backend, self, scale, Flavour::Bitmap);
        }
        encode_png(&rgb, w, h)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Svg,
    Bitmap,
}

fn rgb(c: Color) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Paints every shape. Drawing errors cannot happen on these in-memory backends except for a
/// missing font, which `ensure_registered` rules out; they are ignored rather than unwound.
fn paint<DB: DrawingBackend>(backend: DB, scene: &Scene, s: f64, flavour: Flavour) {
    let area = backend.into_drawing_area();
    let p = |v: f64| (v * s).round() as i32;
    for shape in &scene.shapes {
        let _ = match shape {
            Shape::Rect { x, y, w, h, fill } => {
                let (x0, y0, x1, y1) = (p(*x), p(*y), p(x + w), p(y + h));
                if x1 <= x0 || y1 <= y0 {
                    continue;
                }
                // The bitmap backend fills both corners inclusively; SVG spans x1 − x0.
                let (x1, y1) = match flavour {
                    Flavour::Svg => (x1, y1),
                    Flavour::Bitmap => (x1 - 1, y1 - 1),
                };
                area.draw(&Rectangle::new([(x0, y0), (x1, y1)], rgb(*fill).filled()))
            }
            Shape::Line {
                points,
                color,
                width,
            } => {
                let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (p(x), p(y))).collect();
                let style =
                    ShapeStyle::from(rgb(*color)).stroke_width((width * s).round().max(1.0) as u32);
                area.draw(&PathElement::new(pts, style))
            }
            Shape::Circle { cx, cy, r, fill } => area.draw(&Circle::new(
                (p(*cx), p(*cy)),
                (r * s).round().max(1.0) as i32,
                rgb(*fill).filled(),
            )),
            Shape::Polygon { points, fill } => {
                let pts: Vec<(i32, i32)> = points.iter().map(|&(x, y)| (p(x), p(y))).collect();
                area.draw(&Polygon::new(pts, rgb(*fill).filled()))
            }
            Shape::Text {
                x,
                y,
                text,
                em,
                bold,
                color,
                align,
            } => {
                let em_px = em * s;
                // Place by baseline: SVG puts the baseline 0.76 em below a top-anchored y;
                // plotters' bitmap text puts it half the font height below.
                let (size, top) = match flavour {
                    Flavour::Svg => (em_px * 1.24, y * s - 0.76 * em_px),
                    Flavour::Bitmap => {
                        let size = font::bitmap_size(em_px);
                        (size, y * s - size / 2.0)
                    }
                };
                let h = match align {
                    Align::Left => HPos::Left,
                    Align::Center => HPos::Center,
                    Align::Right => HPos::Right,
                };
                let style = FontDesc::new(
                    FontFamily::SansSerif,
                    size,
                    if *bold {
                        FontStyle::Bold
                    } else {
                        FontStyle::Normal
                    },
                )
                .color(&rgb(*color))
                .pos(Pos::new(h, VPos::Top));
                area.draw(&Text::new(text.clone(), (p(*x), top.round() as i32), style))
            }
        };
    }
    let _ = area.present();
}

/// Encodes 8-bit RGB pixels as PNG with fixed settings (same pixels, same bytes). Fast
/// deflate: about five times quicker than the default level for files about twice as large
/// (a few hundred kB per chart), which keeps a report of a large org within its time budget.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        enc.set_filter(png::FilterType::Paeth);
        enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        if let Ok(mut writer) = enc.write_header() {
            let _ = writer.write_image_data(rgb);
        }
    }
    out
}
