//! The handoff graph as a file for graph tools (docs/output.md `seams export`): GraphML (yEd, Gephi,
//! networkx, igraph), GEXF (Gephi), DOT (Graphviz) and JSON.
//!
//! Nodes are the nodes of the handoff graph (docs/output.md; the customer is not one), identified by
//! their unit id, with the attributes `name` (the unit's name, or its id when it has none),
//! `silo` (the id of its silo), `customer_distance` (hops from the customer; absent / `null`
//! when unreachable) and `betweenness` (normalised, as `analyze` reports it). Edges are the
//! directed unit-to-unit handoffs of volume > 0 with `volume` and `wait_hours` (absent / `null`
//! when unknown). Nodes come in id order and edges in (from, to) order, and no file carries a
//! date, so the same export always gives byte-identical files.
//!
//! This module only renders: the figures come from [`crate::metrics::Analysis`].

use std::io::{self, Write};

use crate::metrics::Analysis;
use crate::model::Org;
use crate::plot::palette::Color;
use crate::report::seam_report::labels::Names;

/// Version of the JSON document's shape.
pub const GRAPH_SCHEMA_VERSION: u32 = 1;

/// The file formats `seams export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// GraphML: XML, read by yEd, Gephi, networkx, igraph, Cytoscape.
    Graphml,
    /// GEXF 1.3: XML, Gephi's own format.
    Gexf,
    /// Graphviz DOT, nodes clustered by silo.
    Dot,
    /// JSON: `{schema_version, directed, nodes, edges}`.
    Json,
}

impl GraphFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            GraphFormat::Graphml => "graphml",
            GraphFormat::Gexf => "gexf",
            GraphFormat::Dot => "dot",
            GraphFormat::Json => "json",
        }
    }
}

/// One node of the exported graph (its text borrowed from the model).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GraphNode<'a> {
    /// Unit id.
    pub id: &'a str,
    /// Unit name, or the id when the unit has none.
    pub name: &'a str,
    /// Id of the unit's silo.
    pub silo: &'a str,
    /// Name of the unit's silo (its id when it has none). Not in the JSON document.
    #[serde(skip)]
    pub silo_name: &'a str,
    /// Hops from the customer; None when unreachable.
    pub customer_distance: Option<u32>,
    /// Normalised betweenness.
    pub betweenness: f64,
}

/// One directed edge of the exported graph. Its ends are positions in
/// [`GraphDocument::nodes`] (written as the nodes' ids), so an edge costs 32 bytes, not two
/// strings: the 1M-unit / 10M-handoff export stays within the analysis' memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphEdge {
    /// Node handing over.
    pub from: u32,
    /// Node receiving.
    pub to: u32,
    /// Merged handoff volume (> 0).
    pub volume: f64,
    /// Merged wait in hours; None when unknown.
    pub wait_hours: Option<f64>,
}

/// One silo as DOT draws it: a cluster with its name and colour, and a row of the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphSilo<'a> {
    /// Silo id.
    pub id: &'a str,
    /// Silo name, or the id when it has none.
    pub name: &'a str,
    /// The silo's colour in the seam report (`src/plot/palette.rs`: Paul Tol's muted scheme;
    /// grey for the silos beyond its nine colours).
    pub color: Color,
}

/// The handoff graph with its attributes, ready to render; its text is borrowed from the
/// model it was gathered from.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphDocument<'a> {
    /// Version of this shape (JSON only).
    pub schema_version: u32,
    /// Always true: handoffs have a direction.
    pub directed: bool,
    /// Nodes in id order.
    pub nodes: Vec<GraphNode<'a>>,
    /// Edges in (from, to) id order.
    pub edges: Vec<GraphEdge>,
    /// The silos of the nodes, in id order (DOT's clusters and legend; not in the JSON).
    pub silos: Vec<GraphSilo<'a>>,
}

impl GraphDocument<'_> {
    /// The id of node `v`.
    fn id(&self, v: u32) -> &str {
        self.nodes[v as usize].id
    }
}

/// The JSON document: `{schema_version, directed, nodes, edges}`, edges naming their ends by
/// id.
impl serde::Serialize for GraphDocument<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// An edge as the JSON document writes it.
        #[derive(serde::Serialize)]
        struct Edge<'e> {
            from: &'e str,
            to: &'e str,
            volume: f64,
            wait_hours: Option<f64>,
        }
        /// The edges, written one by one (never gathered as JSON values).
        struct Edges<'d, 'a>(&'d GraphDocument<'a>);
        impl serde::Serialize for Edges<'_, '_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let doc = self.0;
                serializer.collect_seq(doc.edges.iter().map(|e| Edge {
                    from: doc.id(e.from),
                    to: doc.id(e.to),
                    volume: e.volume,
                    wait_hours: e.wait_hours,
                }))
            }
        }
        let mut s = serializer.serialize_struct("GraphDocument", 4)?;
        s.serialize_field("schema_version", &self.schema_version)?;
        s.serialize_field("directed", &self.directed)?;
        s.serialize_field("nodes", &self.nodes)?;
        s.serialize_field("edges", &Edges(self))?;
        s.end()
    }
}

/// Gathers the handoff graph and its node figures from the model and its analysis.
///
/// # Complexity
/// O(n + m) for n nodes and m directed edges; 32 bytes per edge and no string is copied.
pub fn graph_document<'a>(org: &'a Org, analysis: &Analysis) -> GraphDocument<'a> {
    let g = &org.handoffs;
    let units = &org.export.units;
    let names = Names::new(org, analysis);
    let mut silo_ids: Vec<u32> = (0..g.node_count() as u32)
        .map(|v| org.silos.silo_of(g.unit(v)))
        .collect();
    silo_ids.sort_unstable();
    silo_ids.dedup();
    let silos = silo_ids
        .iter()
        .map(|&s| GraphSilo {
            id: &units[s as usize].id,
            name: units[s as usize].label(),
            color: names.color_of_silo(s),
        })
        .collect();
    let nodes = (0..g.node_count() as u32)
        .map(|v| {
            let u = g.unit(v);
            let silo = &units[org.silos.silo_of(u) as usize];
            GraphNode {
                id: &units[u as usize].id,
                name: units[u as usize].label(),
                silo: &silo.id,
                silo_name: silo.label(),
                customer_distance: analysis.distance.customer_distance[v as usize],
                betweenness: analysis.bottleneck.betweenness[v as usize],
            }
        })
        .collect();
    let mut edges = Vec::with_capacity(g.edge_count());
    for v in 0..g.node_count() as u32 {
        for i in g.out_range(v) {
            let wait = g.out_waits()[i];
            edges.push(GraphEdge {
                from: v,
                to: g.out_targets()[i],
                volume: g.out_volumes()[i],
                wait_hours: (!wait.is_nan()).then_some(wait),
            });
        }
    }
    GraphDocument {
        schema_version: GRAPH_SCHEMA_VERSION,
        directed: true,
        nodes,
        edges,
        silos,
    }
}

/// Writes `doc` to `w` in `format`.
pub fn write_graph(
    doc: &GraphDocument<'_>,
    format: GraphFormat,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        GraphFormat::Graphml => write_graphml(doc, w),
        GraphFormat::Gexf => write_gexf(doc, w),
        GraphFormat::Dot => write_dot(doc, w),
        GraphFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, doc)?;
            writeln!(w)
        }
    }
}

/// Escapes text for an XML attribute value or element content. Characters XML 1.0 forbids
/// (control characters other than tab, LF, CR) become U+FFFD; tab, LF and CR are written as
/// character references so attribute normalisation keeps them.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A number as text: the shortest form that reads back as the same f64.
fn num(x: f64) -> String {
    format!("{x}")
}

fn write_graphml(doc: &GraphDocument<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, on, name, ty) in [
        ("label", "node", "label", "string"),
        ("name", "node", "name", "string"),
        ("silo", "node", "silo", "string"),
        ("silo_name", "node", "silo_name", "string"),
        ("color", "node", "color", "string"),
        ("customer_distance", "node", "customer_distance", "int"),
        ("betweenness", "node", "betweenness", "double"),
        ("volume", "edge", "volume", "double"),
        ("wait_hours", "edge", "wait_hours", "double"),
    ] {
        writeln!(
            w,
            r#"  <key id="{id}" for="{on}" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(w, r#"  <graph id="handoffs" edgedefault="directed">"#)?;
    for n in &doc.nodes {
        let name = xml_escape(n.name);
        writeln!(w, r#"    <node id="{}">"#, xml_escape(n.id))?;
        writeln!(w, r#"      <data key="label">{name}</data>"#)?;
        writeln!(w, r#"      <data key="name">{name}</data>"#)?;
        writeln!(w, r#"      <data key="silo">{}</data>"#, xml_escape(n.silo))?;
        writeln!(
            w,
            r#"      <data key="silo_name">{}</data>"#,
            xml_escape(n.silo_name)
        )?;
        writeln!(
            w,
            r#"      <data key="color">{}</data>"#,
            doc.silo_color(n.silo).hex()
        )?;
        if let Some(d) = n.customer_distance {
            writeln!(w, r#"      <data key="customer_distance">{d}</data>"#)?;
        }
        writeln!(
            w,
            r#"      <data key="betweenness">{}</data>"#,
            num(n.betweenness)
        )?;
        writeln!(w, "    </node>")?;
    }
    for e in &doc.edges {
        writeln!(
            w,
            r#"    <edge source="{}" target="{}">"#,
            xml_escape(doc.id(e.from)),
            xml_escape(doc.id(e.to))
        )?;
        writeln!(w, r#"      <data key="volume">{}</data>"#, num(e.volume))?;
        if let Some(h) = e.wait_hours {
            writeln!(w, r#"      <data key="wait_hours">{}</data>"#, num(h))?;
        }
        writeln!(w, "    </edge>")?;
    }
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")
}

fn write_gexf(doc: &GraphDocument<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(
        w,
        "  <meta>\n    <creator>seams</creator>\n    <description>handoff graph</description>\n  </meta>"
    )?;
    writeln!(w, r#"  <graph defaultedgetype="directed" mode="static">"#)?;
    writeln!(w, r#"    <attributes class="node">"#)?;
    writeln!(
        w,
        r#"      <attribute id="silo" title="silo" type="string"/>"#
    )?;
    writeln!(
        w,
        r#"      <attribute id="silo_name" title="silo_name" type="string"/>"#
    )?;
    writeln!(
        w,
        r#"      <attribute id="customer_distance" title="customer_distance" type="integer"/>"#
    )?;
    writeln!(
        w,
        r#"      <attribute id="betweenness" title="betweenness" type="double"/>"#
    )?;
    writeln!(w, "    </attributes>")?;
    writeln!(w, r#"    <attributes class="edge">"#)?;
    writeln!(
        w,
        r#"      <attribute id="volume" title="volume" type="double"/>"#
    )?;
    writeln!(
        w,
        r#"      <attribute id="wait_hours" title="wait_hours" type="double"/>"#
    )?;
    writeln!(w, "    </attributes>")?;
    writeln!(w, "    <nodes>")?;
    for n in &doc.nodes {
        writeln!(
            w,
            r#"      <node id="{}" label="{}">"#,
            xml_escape(n.id),
            xml_escape(n.name)
        )?;
        writeln!(w, "        <attvalues>")?;
        writeln!(
            w,
            r#"          <attvalue for="silo" value="{}"/>"#,
            xml_escape(n.silo)
        )?;
        writeln!(
            w,
            r#"          <attvalue for="silo_name" value="{}"/>"#,
            xml_escape(n.silo_name)
        )?;
        if let Some(d) = n.customer_distance {
            writeln!(
                w,
                r#"          <attvalue for="customer_distance" value="{d}"/>"#
            )?;
        }
        writeln!(
            w,
            r#"          <attvalue for="betweenness" value="{}"/>"#,
            num(n.betweenness)
        )?;
        writeln!(w, "        </attvalues>")?;
        let Color(r, g, b) = doc.silo_color(n.silo);
        writeln!(w, r#"        <viz:color r="{r}" g="{g}" b="{b}"/>"#)?;
        writeln!(w, "      </node>")?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, "    <edges>")?;
    for (i, e) in doc.edges.iter().enumerate() {
        writeln!(
            w,
            r#"      <edge id="{i}" source="{}" target="{}" weight="{}">"#,
            xml_escape(doc.id(e.from)),
            xml_escape(doc.id(e.to)),
            num(e.volume)
        )?;
        writeln!(w, "        <attvalues>")?;
        writeln!(
            w,
            r#"          <attvalue for="volume" value="{}"/>"#,
            num(e.volume)
        )?;
        if let Some(h) = e.wait_hours {
            writeln!(
                w,
                r#"          <attvalue for="wait_hours" value="{}"/>"#,
                num(h)
            )?;
        }
        writeln!(w, "        </attvalues>")?;
        writeln!(w, "      </edge>")?;
    }
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")
}

/// A DOT double-quoted string: `"` and `\\` escaped (so a name can neither end the string
/// nor start an escape such as `\\N`), line breaks as `\\n`, other control characters as
/// U+FFFD.
pub fn dot_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The thinnest and the thickest edge of the DOT drawing, in points.
pub const PENWIDTH: (f64, f64) = (1.0, 6.0);

/// An edge's line width in DOT: log-scaled between the smallest volume `min` and the largest
/// `max` of the graph, `1 + 5 · ln(volume / min) / ln(max / min)` points (1 for every edge
/// when all volumes are equal), rounded to 0.1 (docs/graph-export.md).
pub fn penwidth(volume: f64, min: f64, max: f64) -> f64 {
    let (thin, thick) = PENWIDTH;
    if !(min > 0.0 && max > min && volume > 0.0) {
        return thin;
    }
    let t = ((volume / min).ln() / (max / min).ln()).clamp(0.0, 1.0);
    ((thin + (thick - thin) * t) * 10.0).round() / 10.0
}

impl GraphDocument<'_> {
    /// The colour of a silo by id (grey when unknown).
    pub fn silo_color(&self, silo: &str) -> Color {
        self.silos
            .binary_search_by(|s| s.id.cmp(silo))
            .map_or(Color::OTHER, |i| self.silos[i].color)
    }
}

/// The legend of the DOT drawing lists at most this many silos by name (the coloured ones
/// come first); the rest are counted.
pub const LEGEND_SILOS: usize = 12;

fn write_dot(doc: &GraphDocument<'_>, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "digraph handoffs {{")?;
    writeln!(
        w,
        r#"  graph [rankdir=LR, fontname="DejaVu Sans", fontsize=12, nodesep=0.3, ranksep=0.6];"#
    )?;
    writeln!(
        w,
        r#"  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=11, penwidth=1.5];"#
    )?;
    writeln!(
        w,
        r#"  edge [color="{}99", arrowsize=0.7];"#,
        Color::MUTED.hex()
    )?;
    // One cluster per silo, silos in id order, nodes in id order inside.
    let mut order: Vec<usize> = (0..doc.nodes.len()).collect();
    order.sort_by(|&a, &b| {
        doc.nodes[a]
            .silo
            .cmp(doc.nodes[b].silo)
            .then(doc.nodes[a].id.cmp(doc.nodes[b].id))
    });
    for (k, group) in order
        .chunk_by(|&a, &b| doc.nodes[a].silo == doc.nodes[b].silo)
        .enumerate()
    {
        let first = &doc.nodes[group[0]];
        let color = doc.silo_color(first.silo);
        writeln!(w, "  subgraph cluster_{k} {{")?;
        writeln!(
            w,
            r#"    graph [label={}, silo={}, style="rounded,filled", color="{}", fillcolor="{}", fontcolor="{}"];"#,
            dot_quote(first.silo_name),
            dot_quote(first.silo),
            color.hex(),
            color.tint(0.08).hex(),
            color.for_text().hex()
        )?;
        for &i in group {
            let n = &doc.nodes[i];
            let distance = n
                .customer_distance
                .map_or(String::new(), |d| format!(", customer_distance={d}"));
            writeln!(
                w,
                r#"    {} [label={}, silo={}, silo_name={}{distance}, betweenness={}, color="{}", fillcolor="{}"];"#,
                dot_quote(n.id),
                dot_quote(n.name),
                dot_quote(n.silo),
                dot_quote(n.silo_name),
                num(n.betweenness),
                color.hex(),
                color.tint(0.25).hex()
            )?;
        }
        writeln!(w, "  }}")?;
    }
    let volumes = doc.edges.iter().map(|e| e.volume);
    let min = volumes.clone().fold(f64::INFINITY, f64::min);
    let max = volumes.fold(0.0, f64::max);
    for e in &doc.edges {
        let wait = e
            .wait_hours
            .map_or(String::new(), |h| format!(", wait_hours={}", num(h)));
        writeln!(
            w,
            "  {} -> {} [volume={}{wait}, penwidth={}];",
            dot_quote(doc.id(e.from)),
            dot_quote(doc.id(e.to)),
            num(e.volume),
            num(penwidth(e.volume, min, max))
        )?;
    }
    write_dot_legend(doc, (min, max), w)?;
    writeln!(w, "}}")
}

/// The legend: one HTML-label node (every user string entity-escaped) in a cluster of its
/// own, with a swatch and the name of each silo and what the line width means.
fn write_dot_legend(
    doc: &GraphDocument<'_>,
    (min, max): (f64, f64),
    w: &mut dyn Write,
) -> io::Result<()> {
    if doc.silos.is_empty() {
        return Ok(());
    }
    let mut silos: Vec<&GraphSilo<'_>> = doc.silos.iter().collect();
    // Coloured silos first (in id order), then the grey ones.
    silos.sort_by_key(|s| s.color == Color::OTHER);
    let mut rows = String::new();
    for s in silos.iter().take(LEGEND_SILOS) {
        rows.push_str(&format!(
            r#"<TR><TD BGCOLOR="{}" WIDTH="14"> </TD><TD ALIGN="LEFT">{}</TD></TR>"#,
            s.color.hex(),
            xml_escape(s.name)
        ));
    }
    if silos.len() > LEGEND_SILOS {
        rows.push_str(&format!(
            r#"<TR><TD> </TD><TD ALIGN="LEFT">… and {} more silos</TD></TR>"#,
            silos.len() - LEGEND_SILOS
        ));
    }
    let width = if max > min {
        format!(
            "line width: handoff volume, log scale ({} to {})",
            crate::text::number(min),
            crate::text::number(max)
        )
    } else {
        "line width: handoff volume".to_string()
    };
    rows.push_str(&format!(
        r#"<TR><TD COLSPAN="2" ALIGN="LEFT">{}</TD></TR>"#,
        xml_escape(&width)
    ));
    // An id no unit has.
    let mut id = "seams:legend".to_string();
    while doc.nodes.iter().any(|n| n.id == id) {
        id.push('_');
    }
    writeln!(w, "  subgraph cluster_legend {{")?;
    writeln!(
        w,
        r#"    graph [label="Legend: silos", style="rounded", color="{}", fontcolor="{}"];"#,
        Color::GRID.hex(),
        Color::MUTED.hex()
    )?;
    writeln!(
        w,
        r#"    {} [shape=plain, style="", label=<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2">{rows}</TABLE>>];"#,
        dot_quote(&id)
    )?;
    writeln!(w, "  }}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> GraphDocument<'static> {
        GraphDocument {
            schema_version: GRAPH_SCHEMA_VERSION,
            directed: true,
            nodes: vec![
                GraphNode {
                    id: "a&b",
                    name: "R&D \"core\" <1>",
                    silo: "eng",
                    silo_name: "Engineering <R&D>",
                    customer_distance: Some(1),
                    betweenness: 0.5,
                },
                GraphNode {
                    id: "c",
                    name: "c",
                    silo: "ops",
                    silo_name: "ops",
                    customer_distance: None,
                    betweenness: 0.0,
                },
            ],
            edges: vec![GraphEdge {
                from: 0,
                to: 1,
                volume: 2.5,
                wait_hours: None,
            }],
            silos: vec![
                GraphSilo {
                    id: "eng",
                    name: "Engineering <R&D>",
                    color: crate::plot::palette::CATEGORY[0],
                },
                GraphSilo {
                    id: "ops",
                    name: "ops",
                    color: Color::OTHER,
                },
            ],
        }
    }

    fn render(format: GraphFormat) -> String {
        let mut out = Vec::new();
        write_graph(&doc(), format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escaping() {
        assert_eq!(
            xml_escape("a<b>&'\"\n\u{1}"),
            "a&lt;b&gt;&amp;&apos;&quot;&#10;\u{FFFD}"
        );
        assert_eq!(dot_quote("say \"hi\"\\\nbye"), r#""say \"hi\"\\\nbye""#);
        assert_eq!(dot_quote("a\u{1b}b"), "\"a\u{FFFD}b\"");
    }

    #[test]
    fn penwidth_is_log_scaled_between_the_extremes() {
        assert_eq!(penwidth(6.0, 6.0, 600.0), PENWIDTH.0);
        assert_eq!(penwidth(600.0, 6.0, 600.0), PENWIDTH.1);
        assert_eq!(penwidth(60.0, 6.0, 600.0), 3.5);
        assert_eq!(penwidth(5.0, 5.0, 5.0), PENWIDTH.0);
    }

    #[test]
    fn graphml_and_gexf_are_well_formed_and_carry_the_attributes() {
        for format in [GraphFormat::Graphml, GraphFormat::Gexf] {
            let text = render(format);
            let xml =
                roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{format:?}: {e}"));
            let nodes: Vec<_> = xml
                .descendants()
                .filter(|n| n.has_tag_name("node"))
                .collect();
            assert_eq!(nodes.len(), 2);
            assert_eq!(nodes[0].attribute("id"), Some("a&b"));
            let edge = xml.descendants().find(|n| n.has_tag_name("edge")).unwrap();
            assert_eq!(edge.attribute("source"), Some("a&b"));
            // The unknown wait and the unreachable distance are absent, not 0.
            assert!(
                !text.contains(r#"wait_hours">"#) && !text.contains(r#"for="wait_hours" value"#)
            );
            assert_eq!(
                text.matches("customer_distance\">").count()
                    + text.matches("for=\"customer_distance\" value").count(),
                1
            );
        }
        assert!(render(GraphFormat::Graphml)
            .contains(r#"<data key="name">R&amp;D &quot;core&quot; &lt;1&gt;</data>"#));
    }

    #[test]
    fn dot_clusters_by_silo_and_json_has_nulls() {
        let dot = render(GraphFormat::Dot);
        assert!(dot.contains(
            r##"subgraph cluster_0 {
    graph [label="Engineering <R&D>", silo="eng", style="rounded,filled", color="#332288""##
        ));
        assert!(dot.contains(
            r##"    "a&b" [label="R&D \"core\" <1>", silo="eng", silo_name="Engineering <R&D>", customer_distance=1, betweenness=0.5, color="#332288""##
        ));
        assert!(dot.contains(r#"  "a&b" -> "c" [volume=2.5, penwidth=1];"#));
        // The legend's HTML label is entity-escaped.
        assert!(dot.contains(r#"<TD ALIGN="LEFT">Engineering &lt;R&amp;D&gt;</TD>"#));
        let json: serde_json::Value = serde_json::from_str(&render(GraphFormat::Json)).unwrap();
        assert_eq!(
            json["nodes"][1]["customer_distance"],
            serde_json::Value::Null
        );
        assert_eq!(json["edges"][0]["wait_hours"], serde_json::Value::Null);
        assert_eq!(json["edges"][0]["from"], "a&b");
    }
}
