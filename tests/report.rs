//! `seams report`: snapshots of the sample report, hostile names, byte-identical reruns, the
//! refusal to write into the export, chart layout checks (nothing outside the canvas, no two
//! labels overlapping) and the page opened in headless Chromium (docs/output.md: fails, never
//! skips, when `chromium` is missing; `.ci/run` installs it).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command as BinCommand;
use seams::model::ModelOptions;
use seams::plot::Scene;
use seams::report::seam_report::{self, ReportOptions};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `seams report DIR --out OUT [extra]` and returns the output directory.
fn report(dir: &Path, out: &Path, extra: &[&str]) -> PathBuf {
    BinCommand::cargo_bin("seams")
        .unwrap()
        .arg("report")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .args(extra)
        .assert()
        .success();
    out.to_path_buf()
}

/// Every file under `dir` (relative path → bytes), sorted.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The HTML with each inline chart replaced by a marker naming its file, after checking that
/// the inline SVG is the chart file's SVG.
fn html_without_svgs(html: &str, charts: &Path) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg ") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + "</svg>".len();
        let inline = &rest[start..end];
        if inline.contains("<use href=") {
            // A print piece of a wrapped chart: a view of the inline chart, kept as it is.
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        // The inline chart carries its anchor for the print pieces (`<use>`) and is hidden
        // from screen readers; otherwise it is the chart file.
        let unanchored = match inline.strip_prefix("<svg id=\"svg-") {
            Some(rest) => format!("<svg {}", &rest[rest.find("\" ").unwrap() + 2..]),
            None => inline.to_string(),
        };
        let svg_file =
            unanchored.replacen("<svg aria-hidden=\"true\" focusable=\"false\" ", "<svg ", 1);
        let name = fs::read_dir(charts)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "svg"))
            .find(|p| fs::read_to_string(p).unwrap().trim_end() == svg_file.trim_end())
            .unwrap_or_else(|| {
                panic!(
                    "inline SVG matches no chart file: {}",
                    &inline[..200.min(inline.len())]
                )
            });
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<svg><!-- charts/{} --></svg>",
            name.file_name().unwrap().to_string_lossy()
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn sample_report_snapshots() {
    let tmp = tempfile::tempdir().unwrap();
    let out = report(&root().join("sample-data"), &tmp.path().join("report"), &[]);
    let charts = out.join("charts");
    let mut names: Vec<String> = fs::read_dir(&charts)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    insta::assert_snapshot!("chart_files", names.join("\n"));
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    insta::assert_snapshot!("report_md", md);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    insta::assert_snapshot!("report_html", html_without_svgs(&html, &charts));
    let svg = fs::read_to_string(charts.join("journey-01-online-return-in-store.svg")).unwrap();
    insta::assert_snapshot!("journey_online_return_svg", svg);

    // The story of sample-data is told in so many words.
    for needle in [
        "<strong>Digital</strong> is the most closed silo",
        "<strong>Integration &amp; Middleware</strong> is the team most work flows through",
        "<a href=\"#journey-01-online-return-in-store\"><strong>online-return-in-store</strong></a> journey crosses between silos <strong>6 times</strong>",
        "<strong>Accounts Reconciliation</strong> is the farthest from the customer",
        "<strong>Treasury</strong> cannot be reached",
        "<strong>Web Shop ↔ Pricing &amp; Promotions</strong>",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    // Self-contained: no script, no external resource.
    assert!(!html.contains("<script"), "no script in the page");
    for bad in ["http://", "https://", "src=", "@import", "url("] {
        let outside_svg_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !outside_svg_ns.contains(bad),
            "report.html refers to something outside: {bad}"
        );
    }
    // PNGs are real PNGs, one per SVG.
    for n in names.iter().filter(|n| n.ends_with(".svg")) {
        let png = charts.join(n.replace(".svg", ".png"));
        let bytes = fs::read(&png).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{}", png.display());
    }
}

#[test]
fn hostile_names_are_text() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export");
    fs::create_dir(&export).unwrap();
    fs::write(
        export.join("teams.csv"),
        "id,name,parent,kind,customer_facing\n\
         root,Org,,company,\n\
         d1,<script>alert(1)</script>,root,division,\n\
         d2,=cmd(),root,division,\n\
         t1,<script>alert(1)</script>,d1,team,true\n\
         t2,=cmd(),d1,team,false\n\
         t3,a|b*c_,d2,team,false\n\
         t4,`x` [y](z) <b>,d2,team,false\n",
    )
    .unwrap();
    fs::write(
        export.join("handoffs.csv"),
        "from,to,volume,wait_hours\ncustomer,t1,10,1\nt1,t2,5,2\nt2,t3,4,3\nt3,t4,3,1\n",
    )
    .unwrap();
    fs::write(
        export.join("journeys.csv"),
        "journey,step,team,activity,wait_hours,volume\n\
         <script>j</script>,1,t1,<script>alert(2)</script>,1,2\n\
         <script>j</script>,2,t2,a|b,2,2\n\
         <script>j</script>,3,t3,*bold* _it_,3,2\n\
         <script>j</script>,4,t4,=cmd(),4,2\n",
    )
    .unwrap();
    let out = report(&export, &tmp.path().join("out"), &[]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("<script"), "raw <script> in report.html");
    assert!(!html.contains("<b>"), "raw <b> in report.html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;"),
        "the name shows as text"
    );
    for svg in fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().path())
    {
        if svg.extension().is_some_and(|x| x == "svg") {
            let text = fs::read_to_string(&svg).unwrap();
            assert!(
                !text.contains("<script"),
                "raw <script> in {}",
                svg.display()
            );
        }
    }
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    let raw = md
        .match_indices("<script")
        .filter(|(i, _)| !md[..*i].ends_with('\\'))
        .count();
    assert_eq!(raw, 0, "unescaped <script> in report.md:\n{md}");
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    // Table rows keep their column count: every `|` in a user string is escaped.
    let bottlenecks = md.split("### Bottlenecks").nth(1).unwrap();
    let row = bottlenecks
        .lines()
        .find(|l| l.contains("a\\|b\\*c\\_"))
        .expect("a|b*c_ row escaped in the bottlenecks table");
    let header = bottlenecks
        .lines()
        .find(|l| l.starts_with("| \\#"))
        .unwrap();
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    assert_eq!(cells(row), cells(header), "{row}");
    assert!(md.contains("\\`x\\` \\[y\\](z) \\<b\\>"), "{md}");
    // The journey's chart file name is made safe.
    assert!(out.join("charts/journey-01-script-j-script.svg").exists());
}

#[test]
fn reruns_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = root().join("sample-data");
    let a = files(&report(&sample, &tmp.path().join("a"), &["--threads", "1"]));
    let b = files(&report(&sample, &tmp.path().join("b"), &["--threads", "2"]));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between runs");
    }
    // Rewriting over an existing report gives the same files again.
    let c = files(&report(&sample, &tmp.path().join("a"), &[]));
    assert_eq!(a, c);
}

#[test]
fn refuses_to_write_into_the_export() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export");
    fs::create_dir(&export).unwrap();
    for f in ["teams.csv", "handoffs.csv", "journeys.csv"] {
        fs::copy(root().join("sample-data").join(f), export.join(f)).unwrap();
    }
    for out in [export.clone(), export.join("report")] {
        BinCommand::cargo_bin("seams")
            .unwrap()
            .arg("report")
            .arg(&export)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("refusing to write"));
    }
    let left: Vec<_> = fs::read_dir(&export).unwrap().collect();
    assert_eq!(left.len(), 3, "nothing written into the export");
    // Bad flags are usage errors too, before any file is read.
    BinCommand::cargo_bin("seams")
        .unwrap()
        .args(["report", "no-such-dir", "--out"])
        .arg(tmp.path().join("x"))
        .args(["--approx", "1"])
        .assert()
        .code(2);
}

/// Checks a laid-out chart: every text inside the canvas, no two texts overlapping, and no
/// text smaller than the page's small print at 100 % zoom: every text at least
/// `plot::journey::MIN_TEXT` (10.5) logical pixels and the chart at most 1,280 wide, so that a
/// 1,400-pixel-wide window (the page's 1,276 pixels of content) shows it at 10.4 CSS px or more.
fn check_layout(name: &str, scene: &Scene) {
    let boxes = scene.text_boxes();
    let (w, h) = (f64::from(scene.width), f64::from(scene.height));
    assert!(
        w <= 1280.0,
        "{name} is {w} wide: the page would shrink its text"
    );
    for shape in &scene.shapes {
        if let seams::plot::Shape::Text { em, text, .. } = shape {
            assert!(
                *em >= seams::plot::journey::MIN_TEXT,
                "{name}: {text:?} is set at {em} px"
            );
            assert!(
                em * (1276.0 / w).min(1.0) >= 10.0,
                "{name}: {text:?} shows at under 10 CSS px in a 1,400 px window"
            );
        }
    }
    for (text, (l, t, r, b)) in &boxes {
        assert!(
            *l >= 0.0 && *t >= 0.0 && *r <= w && *b <= h,
            "{name}: text {text:?} at ({l:.0}, {t:.0})–({r:.0}, {b:.0}) is outside the {w}×{h} canvas"
        );
    }
    for i in 0..boxes.len() {
        for j in i + 1..boxes.len() {
            let (a, (al, at, ar, ab)) = &boxes[i];
            let (b, (bl, bt, br, bb)) = &boxes[j];
            let overlap_x = al.max(*bl) < ar.min(*br) - 0.5;
            let overlap_y = at.max(*bt) < ab.min(*bb) - 0.5;
            assert!(!(overlap_x && overlap_y), "{name}: {a:?} overlaps {b:?}");
        }
    }
}

fn build(dir: &Path, silo_level: Option<u32>) -> seam_report::SeamReport {
    let (org, _) = seams::load(dir, &ModelOptions { silo_level }).expect("valid export");
    let a = seams::metrics::analyze(&org, &Default::default()).expect("analysis");
    seam_report::build(&org, &a, &ReportOptions::default())
}

#[test]
fn charts_keep_their_labels_apart() {
    let r = build(&root().join("sample-data"), None);
    assert_eq!(r.journeys.len(), 4);
    assert_eq!(r.charts.len(), 3);
    assert!(
        r.aggregate.is_none(),
        "4 journeys are all charted one by one"
    );
    for c in r.journeys.iter().chain(&r.charts) {
        check_layout(&c.file, &c.scene);
    }
    // A generated org with many silos (departments) and long journeys: aggregated charts stay
    // legible too (top lanes plus "other", top silos plus "other silos").
    let tmp = tempfile::tempdir().unwrap();
    let config = seams::generate::GenerateConfig {
        teams: 600,
        seed: 3,
        handoffs_per_team: 6.0,
        journeys: Some(40),
        ..Default::default()
    };
    seams::generate::generate(&config, tmp.path()).unwrap();
    let r = build(tmp.path(), Some(2));
    // The top 12 of the journey ranking, plus the journeys the text names that no variant
    // chart shows (at most 5 ping-pong journeys and 10 that cross the most silos).
    assert!(
        (12..=27).contains(&r.journeys.len()),
        "{} journeys charted",
        r.journeys.len()
    );
    assert!(r.journeys_text.iter().any(|t| t
        .plain()
        .contains("Charted: the 12 most divided of the 40 journeys")));
    for c in r.journeys.iter().chain(&r.charts) {
        check_layout(&c.file, &c.scene);
    }
    // More journeys than are charted one by one: the journeys in aggregate, legible too.
    let g = r
        .aggregate
        .as_ref()
        .expect("40 journeys > 12: journeys in aggregate");
    let files: Vec<&str> = g.all_charts().map(|c| c.file.as_str()).collect();
    for f in [
        "seam-map-silos",
        "seam-map-teams",
        "seams-per-journey",
        "variant-silo-01",
        "variant-team-01",
    ] {
        assert!(files.contains(&f), "{f} in {files:?}");
    }
    for c in g.all_charts() {
        check_layout(&c.file, &c.scene);
    }
    let matrix = r.charts.iter().find(|c| c.file == "silo-matrix").unwrap();
    assert!(
        matrix
            .scene
            .text_boxes()
            .iter()
            .any(|(t, _)| t.contains("other silos")),
        "many silos are summed as other silos"
    );
}

#[test]
fn report_renders_in_headless_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let out = report(&root().join("sample-data"), &tmp.path().join("report"), &[]);
    let rendered = common::render_in_chromium(&out.join("report.html"), "report-screenshot.png");
    let html = &rendered.html;
    assert!(
        html.contains("Northwind Retail plc"),
        "the page rendered: {html:.300}"
    );
    assert!(
        html.matches("<svg").count() >= 7,
        "every chart is in the page"
    );
}

/// An export with one journey of `steps` steps through eight teams in three silos, in runs of
/// one to three steps by the same team (as a ticketing log has them), activities named.
fn long_journey_export(dir: &Path, steps: usize) {
    let mut teams = String::from("id,name,parent,customer_facing\nco,Company,,\n");
    for s in 0..3 {
        teams.push_str(&format!("s{s},Silo number {s},co,\n"));
    }
    for t in 0..8 {
        teams.push_str(&format!(
            "t{t},Service desk team {t},s{},{}\n",
            t % 3,
            t == 0
        ));
    }
    fs::write(dir.join("teams.csv"), teams).unwrap();
    let mut journeys = String::from("journey,step,team,activity,wait_hours,volume\n");
    let (mut team, mut left) = (0usize, 1usize);
    for i in 0..steps {
        if left == 0 {
            team = (team * 5 + 3) % 8;
            left = 1 + (i * 7) % 3;
        }
        left -= 1;
        journeys.push_str(&format!(
            "ticket-{steps},{},t{team},Activity {} of the ticket,{},1\n",
            i + 1,
            i % 4,
            if i == 0 {
                String::new()
            } else {
                format!("{}", (i * 13) % 50)
            }
        ));
    }
    fs::write(dir.join("journeys.csv"), journeys).unwrap();
}

#[test]
fn long_journeys_collapse_and_wrap() {
    use seams::plot::journey::{columns_per_row, MIN_TEXT, WIDTH};
    use seams::plot::Shape;
    for steps in [5usize, 30, 120] {
        let tmp = tempfile::tempdir().unwrap();
        long_journey_export(tmp.path(), steps);
        let r = build(tmp.path(), None);
        assert_eq!(r.journeys.len(), 1);
        let c = &r.journeys[0];
        check_layout(&format!("{steps} steps"), &c.scene);
        // Drawn at the page's width whatever the length: no text shrinks below small print.
        assert_eq!(f64::from(c.scene.width), WIDTH, "{steps} steps");
        let mut smallest = f64::MAX;
        for shape in &c.scene.shapes {
            if let Shape::Text { em, .. } = shape {
                smallest = smallest.min(*em);
            }
        }
        assert!(smallest >= MIN_TEXT, "{steps} steps: text of {smallest} px");
        let texts: Vec<String> = c.scene.text_boxes().into_iter().map(|t| t.0).collect();
        let rows = texts
            .iter()
            .filter(|t| *t == "Activity at each step")
            .count();
        // Runs of one team are one column with their count: the columns add up to the steps
        // (all of them, or the ones drawn when the chart says it stops early).
        let runs: Vec<usize> = texts
            .iter()
            .filter_map(|t| t.strip_prefix('×').and_then(|n| n.parse().ok()))
            .collect();
        // A journey that fits one row shows every step; a longer one collapses its runs.
        assert_eq!(
            !runs.is_empty(),
            steps > columns_per_row(),
            "{steps} steps: runs shown as ×N"
        );
        let columns = texts
            .iter()
            .filter(|t| t.parse::<usize>().is_ok_and(|n| n >= 1 && n <= steps))
            .count();
        let drawn = columns - runs.len() + runs.iter().sum::<usize>();
        match texts.iter().find(|t| t.starts_with("First ")) {
            None => assert_eq!(drawn, steps, "{steps} steps"),
            Some(note) => assert!(
                note.contains(&format!("({drawn} of {steps} steps)")),
                "{note}"
            ),
        }
        if columns > columns_per_row() {
            assert_eq!(
                rows,
                columns.div_ceil(columns_per_row() - 1),
                "{steps} steps"
            );
            assert!(texts
                .iter()
                .any(|t| t == "the journey continues on the next row"));
        } else {
            assert_eq!(rows, 1, "{steps} steps: one row");
        }
        if steps == 120 {
            assert!(rows >= 3, "120 steps wrap onto {rows} rows");
        }
        // Printed, a wrapped chart is cut between its rows: one break above each row after the
        // first, none through a text.
        assert_eq!(c.scene.breaks.len(), rows - 1, "{steps} steps");
        for &y in &c.scene.breaks {
            for (text, (_, top, _, bottom)) in c.scene.text_boxes() {
                assert!(
                    !(top < y && y < bottom),
                    "{steps} steps: the cut at {y} runs through {text:?}"
                );
            }
        }
        if rows > 1 {
            // The page prints the pieces, each a view of the one inline drawing.
            let dest = tempfile::tempdir().unwrap();
            let out = report(tmp.path(), &dest.path().join("report"), &[]);
            let html = fs::read_to_string(out.join("report.html")).unwrap();
            let target = format!("id=\"svg-{}\"", c.file);
            assert_eq!(html.matches(&target).count(), 1, "{target}");
            let uses = format!("<use href=\"#svg-{}\"/>", c.file);
            assert_eq!(html.matches(&uses).count(), rows, "{steps} steps");
        }
    }
}

#[test]
fn title_and_source_come_from_the_flag_and_export_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export");
    fs::create_dir(&export).unwrap();
    long_journey_export(&export, 5);
    let page = |extra: &[&str], name: &str| {
        let out = report(&export, &tmp.path().join(name), extra);
        fs::read_to_string(out.join("report.html")).unwrap()
    };
    // No export.toml: the root unit names the report.
    assert!(page(&[], "a").contains("<title>Seam report: Company</title>"));
    fs::write(
        export.join("export.toml"),
        "source = \"tickets <2012>.csv\"\nsource_format = \"event log (CSV)\"\n\
         first_event = \"2010-10-02T07:20:39Z\"\nlast_event = \"2012-01-23T14:42:54Z\"\n\
         cases = 1\nevents = 5\nfuture_key = 1\n",
    )
    .unwrap();
    let html = page(&[], "b");
    assert!(
        html.contains("<h1>tickets &lt;2012&gt;.csv</h1>"),
        "source names it"
    );
    assert!(html.contains(
        "Imported from tickets &lt;2012&gt;.csv (event log (CSV)) · events from 2010-10-02 to 2012-01-23 · 1 case, 5 events"
    ));
    let html = page(&["--title", "Service desk & co"], "c");
    assert!(html.contains("<title>Seam report: Service desk &amp; co</title>"));
    assert!(html.contains("<h1>Service desk &amp; co</h1>"));
    let md = fs::read_to_string(tmp.path().join("c/report.md")).unwrap();
    assert!(
        md.starts_with("# Seam report: Service desk & co\n"),
        "{md:.80}"
    );
    assert!(
        md.contains("Imported from tickets"),
        "the source line is in the Markdown"
    );
}

#[test]
fn a_long_journey_renders_in_headless_chromium() {
    // A 120-step ticket, as an imported log has them: wrapped onto rows at the page's width.
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export");
    fs::create_dir(&export).unwrap();
    long_journey_export(&export, 120);
    let out = report(&export, &tmp.path().join("report"), &[]);
    let svg = fs::read_to_string(out.join("charts/journey-01-ticket-120.svg")).unwrap();
    assert!(
        svg.contains("width=\"1280\""),
        "drawn at the page's width: {:.200}",
        svg
    );
    let rendered = common::render_in_chromium(&out.join("report.html"), "report-long-journey.png");
    assert!(rendered.html.contains("ticket-120"), "the page rendered");
    assert!(rendered
        .html
        .contains("the journey continues on the next row"));
}

/// The seam map of a small hand-made case: layout (every text inside, none overlapping), the
/// boxes in position order and the SVG as a snapshot.
#[test]
fn seam_map_chart() {
    use seams::plot::flow::{draw, Edge, End, FlowChart, Node};
    use seams::plot::Color;
    let node = |label: &str, sub: &str, color: Color, position: f64, figure: &str| Node {
        label: label.to_string(),
        sublabel: sub.to_string(),
        color,
        position,
        figure: figure.to_string(),
    };
    let edge = |from: End, to: End, volume: f64, cross_silo: bool| Edge {
        from,
        to,
        volume,
        cross_silo,
    };
    let chart = FlowChart {
        title: "The seam map: how journeys flow between silos".to_string(),
        subtitle: "Each silo where it typically acts in a journey.".to_string(),
        note: Some("The 3 busiest silos have a lane each.".to_string()),
        nodes: vec![
            node(
                "Digital & Stores",
                "starts 80% · ends 10% of journeys",
                Color(0x33, 0x22, 0x88),
                0.05,
                "1,200 steps",
            ),
            node(
                "Operations",
                "starts 20% · ends 30% of journeys",
                Color(0x11, 0x77, 0x33),
                0.1,
                "640 steps",
            ),
            node(
                "Finance <Shared>",
                "starts 0% · ends 60% of journeys",
                Color(0xdd, 0xcc, 0x77),
                0.9,
                "410 steps",
            ),
        ],
        edges: vec![
            edge(End::Start, End::Node(0), 80.0, false),
            edge(End::Start, End::Node(1), 20.0, false),
            edge(End::Node(0), End::Node(1), 55.0, true),
            edge(End::Node(1), End::Node(2), 60.0, true),
            edge(End::Node(2), End::Node(0), 12.0, true),
            edge(End::Node(0), End::Finish, 10.0, false),
            edge(End::Node(1), End::Finish, 30.0, false),
            edge(End::Node(2), End::Finish, 60.0, false),
        ],
        unit_word: "silo".to_string(),
        labelled: 8,
    };
    let scene = draw(&chart);
    check_layout("seam map", &scene);
    let texts: Vec<String> = scene.text_boxes().into_iter().map(|(t, _)| t).collect();
    for t in [
        "Digital & Stores",
        "1,200 steps",
        "Customer: journeys start",
        "journeys end: Customer",
    ] {
        assert!(texts.iter().any(|x| x == t), "{t} in {texts:?}");
    }
    let svg = seam_report::svg_file(&scene);
    assert!(
        svg.contains("Finance &lt;Shared&gt;"),
        "names are escaped in the SVG"
    );
    insta::assert_snapshot!("seam_map_svg", svg);
}

/// A real event log (WABO, 1,434 cases) imported as a user would, reported, its aggregate
/// charts laid out legibly, and the page opened in headless Chromium.
#[test]
fn imported_log_report_in_aggregate() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("wabo");
    common::import_wabo(&export, &[]).success();
    let r = build(&export, None);
    let g = r
        .aggregate
        .as_ref()
        .expect("1,434 journeys: journeys in aggregate");
    // Every group is a root, so a silo of its own: the team level would repeat the silo level.
    assert_eq!(
        g.variants.len(),
        4,
        "4 silo variants charted, no team variants"
    );
    assert!(g.charts.iter().all(|c| c.file != "seam-map-teams"));
    for c in r.journeys.iter().chain(g.all_charts()).chain(&r.charts) {
        check_layout(&c.file, &c.scene);
        // check_layout: drawn at most 1280 px wide with no text under 10.5 px, so the page
        // shows the charts' text at full size.
    }
    // The seam map names the silos; the table of journeys names where each is charted.
    let map = &g.charts[0];
    assert_eq!(map.file, "seam-map-silos");
    let texts: Vec<String> = map.scene.text_boxes().into_iter().map(|(t, _)| t).collect();
    assert!(texts.iter().any(|t| t == "Group 1"), "{texts:?}");
    let crossing = g.tables.iter().find(|t| t.id == "most-silos").unwrap();
    assert_eq!(crossing.rows.len(), 10);
    let out = report(&export, &tmp.path().join("report"), &["--threads", "2"]);
    // Byte-identical whatever the thread count.
    let again = report(&export, &tmp.path().join("again"), &["--threads", "1"]);
    assert!(files(&out) == files(&again), "reruns differ");
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    for needle in [
        "id=\"aggregate\"",
        "The seam map",
        "Silo variant 1",
        "Seam waits by pair of silos",
        "The journeys that cross the most silos",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    assert!(!html.contains("<script"), "no script in the page");
    for f in [
        "seam-map-silos.svg",
        "seam-map-silos.png",
        "variant-silo-01.svg",
        "seams-per-journey.png",
    ] {
        assert!(out.join("charts").join(f).exists(), "{f}");
    }
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("## Journeys in aggregate"),
        "report.md has the section"
    );
    let rendered =
        common::render_in_chromium(&out.join("report.html"), "report-wabo-screenshot.png");
    assert!(
        rendered.html.contains("seam-map-silos"),
        "the seam map is in the page"
    );
    assert!(
        rendered.html.matches("<svg").count() >= 21,
        "every chart is in the page"
    );
}

/// The journey ids of an export's journeys.csv (its first column).
fn journey_ids(dir: &Path) -> std::collections::BTreeSet<String> {
    let text = fs::read_to_string(dir.join("journeys.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_string)
        .collect()
}

/// The `name="…"` attribute values of a piece of HTML.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let key = format!("{name}=\"");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// Checks that every journey the page's text names (in a card, a sentence, a list item or a
/// table row; the charts' own SVG text aside) has its chart on the page: a journey chart of its
/// own (`data-journey`), or a link in the same block to a chart that is on the page (its
/// variant's). Every link of the page must land on an anchor of the page. Returns the journeys
/// named.
fn assert_named_journeys_are_charted(
    html: &str,
    ids: &std::collections::BTreeSet<String>,
) -> std::collections::BTreeSet<String> {
    // The charts' SVG text (lanes, steps, the variant's example journey) is the chart itself.
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        text.push_str(&rest[..start]);
        let end = rest[start..].find("</svg>").expect("closed svg") + start + 6;
        rest = &rest[end..];
    }
    text.push_str(rest);
    let anchors: std::collections::BTreeSet<String> =
        attribute_values(&text, "id").into_iter().collect();
    for href in attribute_values(&text, "href") {
        let target = href.strip_prefix('#').expect("only links within the page");
        assert!(
            anchors.contains(target),
            "a link to #{target}, which is not on the page"
        );
    }
    let charted: std::collections::BTreeSet<String> = attribute_values(&text, "data-journey")
        .into_iter()
        .collect();
    assert!(!charted.is_empty(), "journey charts carry data-journey");
    // The blocks a person reads: cards, paragraphs, list items, table rows.
    let mut named = std::collections::BTreeSet::new();
    for (open, close) in [
        ("<div class=\"card\">", "</div>\n"),
        ("<p", "</p>"),
        ("<li>", "</li>"),
        ("<tr>", "</tr>"),
    ] {
        for (i, _) in text.match_indices(open) {
            let Some(len) = text[i..].find(close) else {
                continue;
            };
            let block = &text[i..i + len];
            // The words of the block, tags dropped.
            let mut words = String::new();
            let mut in_tag = false;
            for c in block.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        words.push(' ');
                    }
                    _ if !in_tag => words.push(c),
                    _ => {}
                }
            }
            let links: Vec<String> = attribute_values(block, "href")
                .into_iter()
                .map(|h| h.trim_start_matches('#').to_string())
                .collect();
            for token in words.split(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '(' | ')' | ':' | ';' | '“' | '”')
            }) {
                let token = token.trim_end_matches('.');
                if !ids.contains(token) {
                    continue;
                }
                named.insert(token.to_string());
                let own = charted.contains(token);
                let pointed = links
                    .iter()
                    .any(|l| l.starts_with("variant-") || l.starts_with("journey-"));
                assert!(
                    own || pointed,
                    "{token} is named in {block:?} but has no chart of its own and no link to one"
                );
            }
        }
    }
    named
}

#[test]
fn every_journey_the_text_names_has_a_chart() {
    let tmp = tempfile::tempdir().unwrap();
    // The sample: the four journeys, each charted one by one, the most divided first.
    let sample = root().join("sample-data");
    let out = report(&sample, &tmp.path().join("sample"), &[]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let named = assert_named_journeys_are_charted(&html, &journey_ids(&sample));
    assert!(named.contains("online-return-in-store"), "{named:?}");
    let first = html.find("data-journey=\"").unwrap();
    assert!(html[first..].starts_with("data-journey=\"online-return-in-store\""));
    // A generated 3,000-team org with 500 ticketing-log cases: the top 12 of the ranking, the
    // variants, and the journeys the text names outside them.
    let export = tmp.path().join("log");
    let config = seams::generate::GenerateConfig {
        teams: 3000,
        seed: 1,
        journeys: Some(500),
        journey_style: seams::generate::JourneyStyle::Log,
        ..Default::default()
    };
    fs::create_dir(&export).unwrap();
    seams::generate::generate(&config, &export).unwrap();
    let out = report(&export, &tmp.path().join("log-report"), &[]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let named = assert_named_journeys_are_charted(&html, &journey_ids(&export));
    // Every chart of it laid out legibly (check_layout: inside the canvas, apart, ≥ 10.5 px).
    let r = build(&export, None);
    let g = r
        .aggregate
        .as_ref()
        .expect("500 journeys: journeys in aggregate");
    for c in r.journeys.iter().chain(g.all_charts()).chain(&r.charts) {
        check_layout(&c.file, &c.scene);
    }
    for c in r.story.iter().filter_map(|s| s.chart.as_ref()) {
        check_layout(&c.file, &c.scene);
    }
    // The headline, the ping-pong five and the ten that cross the most silos, at least.
    assert!(named.len() >= 10, "{named:?}");
    assert!(html.contains("id=\"table-most-silos\""));
    assert!(
        !html.contains("not charted"),
        "every crossing journey has a chart"
    );
    // The headline's journey is the first chart.
    let card = html.find("Most divided journey").unwrap();
    let card_start = html[..card].rfind("<div class=\"card\">").unwrap();
    let first_anchor = attribute_values(&html, "data-journey")[0].clone();
    assert!(
        html[card_start..card].contains(&format!("\">{first_anchor} crosses")),
        "the headline names the first chart's journey, {first_anchor}"
    );
}
