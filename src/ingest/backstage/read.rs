//! Catalog files → entities (docs/input-format.md, "Backstage catalogs"): the paths given
//! (files, or directories searched recursively for `*.yaml` / `*.yml`) are read in path order,
//! each document of each file deserialised with serde-saphyr into the few fields the mapping
//! reads, every value with its line. A document that is not an entity of a kind seams maps
//! (Location, Template, a Kubernetes manifest…) is skipped; a document that cannot be read is
//! one error at its line, and reading goes on at the next `---`.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{Entity, EntityKind, Located, Place, Spec};
use crate::error::{Diagnostic, DiagnosticKind};
use crate::ingest::printable::first_refused;

/// The largest catalog file read (bytes): far above any real descriptor file.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// The longest text value kept: the longest field an export may hold (docs/input-format.md,
/// "Limits").
const MAX_TEXT_BYTES: usize = 1 << 20;

/// What reading the paths gathered.
#[derive(Debug, Default)]
pub(super) struct ReadCatalog {
    /// The files read, in path order; [`Place::file`] indexes them.
    pub(super) files: Vec<PathBuf>,
    /// The entities of mapped kinds, in file then document order.
    pub(super) entities: Vec<Entity>,
    /// Documents skipped because their kind is not mapped (Location, Template, …).
    pub(super) skipped: usize,
    /// Errors and warnings, in file order.
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// Reads every catalog file under `paths`.
///
/// # Complexity
/// One pass over each file's bytes; files are sorted by path within each directory.
pub(super) fn read_paths(paths: &[&Path]) -> ReadCatalog {
    let mut read = ReadCatalog::default();
    let mut files = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => collect_dir(path, &mut files, &mut read.diagnostics),
            Ok(m) if m.is_file() => files.push(path.to_path_buf()),
            Ok(_) => read.diagnostics.push(io_error(
                path,
                "is not a regular file (expected a catalog YAML file or a directory of them)",
            )),
            Err(e) => read.diagnostics.push(io_error(
                path,
                &format!(
                    "cannot be read: {e} (expected a catalog YAML file or a directory of them)"
                ),
            )),
        }
    }
    for path in files {
        let index = read.files.len() as u32;
        read.files.push(path.clone());
        match read_text(&path) {
            Ok(text) => read_documents(&text, index, &path, &mut read),
            Err(d) => read.diagnostics.push(d),
        }
    }
    read
}

/// Appends the `*.yaml` / `*.yml` files under `dir` (recursively, sorted by name; symbolic
/// links to directories are not followed).
fn collect_dir(dir: &Path, files: &mut Vec<PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diagnostics.push(io_error(dir, &format!("cannot be listed: {e}")));
            return;
        }
    };
    let mut entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_dir(&path, files, diagnostics);
        } else if is_yaml(&path) && fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            files.push(path);
        }
    }
}

/// True for a `*.yaml` or `*.yml` file name (any case).
fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn io_error(path: &Path, message: &str) -> Diagnostic {
    Diagnostic::error(path, None, format!("{} {message}", path.display()))
        .with_kind(DiagnosticKind::Io)
}

/// The file's text: UTF-8 (a byte-order mark is dropped), at most [`MAX_FILE_BYTES`].
fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let mut bytes = Vec::new();
    let read =
        fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return Err(
            Diagnostic::error(path, None, format!("cannot be read: {e}"))
                .with_kind(DiagnosticKind::Io),
        );
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            path,
            None,
            "is larger than 64 MiB (expected a catalog descriptor file)",
        )
        .with_kind(DiagnosticKind::Limit));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = 1 + body[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Err(Diagnostic::error(
                path,
                Some(line as u64),
                "is not valid UTF-8 here (expected a UTF-8 YAML file)",
            )
            .with_kind(DiagnosticKind::Syntax))
        }
    }
}

/// One document: a mapping (read as an entity), or anything else (a list, a scalar: not an
/// entity, skipped like a mapping without `kind`).
enum Document {
    Mapping(Box<RawEntity>),
    Other,
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DocumentVisitor;
        impl<'de> serde::de::Visitor<'de> for DocumentVisitor {
            type Value = Document;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a YAML document")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Document, A::Error> {
                RawEntity::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|e| Document::Mapping(Box::new(e)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Document, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Document::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Document, E> {
                Ok(Document::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Document, E> {
                Ok(Document::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Document, E> {
                Ok(Document::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Document, E> {
                Ok(Document::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Document, E> {
                Ok(Document::Other)
            }
            fn visit_unit<E>(self) -> Result<Document, E> {
                Ok(Document::Other)
            }
        }
        d.deserialize_any(DocumentVisitor)
    }
}

/// One document as deserialised: only the fields the mapping reads; the rest is ignored.
#[derive(Deserialize)]
struct RawEntity {
    #[serde(rename = "apiVersion")]
    api_version: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    metadata: Option<Spanned<RawMetadata>>,
    spec: Option<RawSpec>,
}

#[derive(Deserialize)]
struct RawMetadata {
    name: Option<Spanned<String>>,
    namespace: Option<Spanned<String>>,
    title: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct RawSpec {
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    lifecycle: Option<Spanned<String>>,
    owner: Option<Spanned<String>>,
    system: Option<Spanned<String>>,
    domain: Option<Spanned<String>>,
    parent: Option<Spanned<String>>,
    children: Option<Vec<Spanned<String>>>,
    #[serde(rename = "memberOf")]
    member_of: Option<Vec<Spanned<String>>>,
    #[serde(rename = "dependsOn")]
    depends_on: Option<Vec<Spanned<String>>>,
    #[serde(rename = "consumesApis")]
    consumes_apis: Option<Vec<Spanned<String>>>,
    profile: Option<RawProfile>,
}

#[derive(Deserialize)]
struct RawProfile {
    #[serde(rename = "displayName")]
    display_name: Option<Spanned<String>>,
}

/// Reads each document of one file; a document that cannot be deserialised is one error, and
/// reading resumes at the next `---` (a syntax error ends the file).
fn read_documents(text: &str, file: u32, path: &Path, read: &mut ReadCatalog) {
    let mut bytes = text.as_bytes();
    let docs = serde_saphyr::read_with_options::<_, Spanned<Document>>(
        &mut bytes,
        serde_saphyr::Options::default(),
    );
    for doc in docs {
        match doc {
            Ok(doc) => {
                let line = doc.referenced.line().max(1);
                let Document::Mapping(raw) = doc.value else {
                    read.skipped += 1;
                    continue;
                };
                match entity(*raw, Place { file, line }, path, &mut read.diagnostics) {
                    Some(Some(e)) => read.entities.push(e),
                    Some(None) => read.skipped += 1,
                    None => {}
                }
            }
            Err(e) => read.diagnostics.push(yaml_error(path, &e)),
        }
    }
}

/// A serde-saphyr error as `file:line: message (expected a Backstage entity …)`.
fn yaml_error(path: &Path, e: &serde_saphyr::Error) -> Diagnostic {
    let line = e.location().map(|l| l.line()).filter(|&l| l > 0);
    let text = e.without_snippet().to_string();
    // The message without the position serde-saphyr appends (the diagnostic carries it).
    let message = match text.find(" at line ") {
        Some(at) => text[..at].to_string(),
        None => text,
    };
    let message = message.lines().next().unwrap_or("").trim();
    // The crate's advice to its caller, not to the catalog's author.
    let message = message
        .strip_suffix(", set DuplicateKeyPolicy in Options if acceptable")
        .unwrap_or(message);
    Diagnostic::error(
        path,
        line,
        format!("cannot read this YAML document: {message} (expected a Backstage entity: apiVersion, kind, metadata and spec)"),
    )
    .with_kind(DiagnosticKind::Syntax)
}

/// Trimmed, printable text values with their places (errors go to `diagnostics`).
struct Texts<'a> {
    file: u32,
    path: &'a Path,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Texts<'_> {
    /// The value trimmed, None when absent or blank, or (an error) not printable.
    fn one(&mut self, s: Option<Spanned<String>>) -> Option<Located> {
        let s = s?;
        let at = Place {
            file: self.file,
            line: s.referenced.line().max(1),
        };
        let value = s.value.trim().to_string();
        if value.len() > MAX_TEXT_BYTES {
            self.error(
                at.line,
                "this value is longer than 1 MiB, the most a cell of an export may hold (expected a name, a title or a ref)".to_string(),
            );
            return None;
        }
        if let Some((_, refused)) = first_refused(&value) {
            self.error(at.line, refused.message());
            return None;
        }
        (!value.is_empty()).then_some(Located { value, at })
    }

    fn list(&mut self, v: Option<Vec<Spanned<String>>>) -> Vec<Located> {
        v.unwrap_or_default()
            .into_iter()
            .filter_map(|s| self.one(Some(s)))
            .collect()
    }

    fn error(&mut self, line: u64, message: String) {
        self.diagnostics.push(
            Diagnostic::error(self.path, Some(line), message).with_kind(DiagnosticKind::BadValue),
        );
    }
}

/// Checks one document and turns it into an [`Entity`]: `Some(None)` when it is not an entity
/// of a mapped kind, `None` when it had errors (pushed to `diagnostics`).
fn entity(
    raw: RawEntity,
    at: Place,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Option<Entity>> {
    let errors_before = diagnostics.len();
    let mut t = Texts {
        file: at.file,
        path,
        diagnostics,
    };
    let Some(kind) = t.one(raw.kind) else {
        if raw.api_version.is_none() && t.diagnostics.len() == errors_before {
            // Not a catalog entity at all (another YAML file in the tree).
            return Some(None);
        }
        t.error(
            at.line,
            "this document has no kind (expected a Backstage entity: apiVersion, kind, metadata.name)"
                .to_string(),
        );
        return None;
    };
    let Some(kind_of) = EntityKind::parse(&kind.value) else {
        return Some(None);
    };
    let (name, namespace, title) = match raw.metadata {
        Some(m) => (
            t.one(m.value.name),
            t.one(m.value.namespace),
            t.one(m.value.title),
        ),
        None => (None, None, None),
    };
    let spec = raw.spec.unwrap_or_default();
    let display_name = spec.profile.and_then(|p| p.display_name);
    let spec = Spec {
        kind: t.one(spec.kind),
        lifecycle: t.one(spec.lifecycle),
        owner: t.one(spec.owner),
        system: t.one(spec.system),
        domain: t.one(spec.domain),
        parent: t.one(spec.parent),
        display_name: t.one(display_name),
        children: t.list(spec.children),
        member_of: t.list(spec.member_of),
        depends_on: t.list(spec.depends_on),
        consumes_apis: t.list(spec.consumes_apis),
    };
    let Some(name) = name else {
        t.error(
            kind.at.line,
            format!(
                "this {} has no metadata.name (expected every entity to be named)",
                kind_of.label()
            ),
        );
        return None;
    };
    if !valid_name(&name.value, 63) {
        t.error(
            name.at.line,
            format!(
                "metadata.name `{}` is not a valid Backstage name (expected letters and digits, with `-`, `_` or `.` between them, at most 63 characters)",
                crate::text::printable(&name.value)
            ),
        );
    }
    if let Some(ns) = &namespace {
        if !valid_name(&ns.value, 63) {
            t.error(
                ns.at.line,
                format!(
                    "metadata.namespace `{}` is not a valid Backstage namespace (expected letters and digits, with `-` between them, at most 63 characters)",
                    crate::text::printable(&ns.value)
                ),
            );
        }
    }
    if t.diagnostics.len() > errors_before {
        return None;
    }
    Some(Some(Entity {
        kind: kind_of,
        namespace: namespace.map_or_else(|| super::DEFAULT_NAMESPACE.to_string(), |n| n.value),
        name: name.value,
        title: title.map(|t| t.value),
        at: name.at,
        spec,
    }))
}

/// Backstage's rule for names: sequences of ASCII letters and digits joined by one of `-`,
/// `_`, `.`, at most `max` characters.
fn valid_name(s: &str, max: usize) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= max
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.windows(2)
            .all(|w| w[0].is_ascii_alphanumeric() || w[1].is_ascii_alphanumeric())
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> ReadCatalog {
        let mut read = ReadCatalog::default();
        read.files.push("c.yaml".into());
        read_documents(text, 0, Path::new("c.yaml"), &mut read);
        read
    }

    #[test]
    fn documents_and_lines() {
        let r = read_str(
            "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []\n---\n\
             apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: loc\n---\n\
             apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n  title: The web\nspec:\n  owner: team-a\n  dependsOn:\n    - resource:db\n",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.skipped, 1);
        assert_eq!(r.entities.len(), 2);
        let g = &r.entities[0];
        assert_eq!(
            (g.kind, g.name.as_str(), g.at.line),
            (EntityKind::Group, "team-a", 4)
        );
        assert_eq!(g.spec.kind.as_ref().unwrap().value, "team");
        let c = &r.entities[1];
        assert_eq!(c.at.line, 17);
        assert_eq!(c.title.as_deref(), Some("The web"));
        assert_eq!(c.spec.owner.as_ref().unwrap().at.line, 20);
        assert_eq!(c.spec.depends_on[0].value, "resource:db");
        assert_eq!(c.spec.depends_on[0].at.line, 22);
    }

    #[test]
    fn a_bad_document_is_one_error_and_reading_goes_on() {
        let r = read_str(
            "kind: Group\nmetadata:\n  name: a\nspec:\n  children: not-a-list\n---\nkind: Group\nmetadata:\n  name: b\n",
        );
        assert_eq!(r.entities.len(), 1, "{:?}", r.diagnostics);
        assert_eq!(r.entities[0].name, "b");
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!(d.line, Some(5), "{d}");
        assert!(d.message.contains("expected"), "{d}");
    }

    #[test]
    fn syntax_error_has_its_line() {
        let r = read_str("kind: Group\nmetadata:\n  name: a\n  title: [unclosed\n");
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert!(d.line.is_some_and(|l| (4..=5).contains(&l)), "{d}");
    }

    #[test]
    fn non_entities_are_skipped_and_bad_names_refused() {
        let r = read_str(
            "services:\n  web:\n    image: x\n---\n- hosts: all\n  tasks: []\n---\nplain\n",
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.skipped, 3);
        let r = read_str("apiVersion: v1\nkind: Group\nmetadata:\n  name: 'a b'\n");
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, Some(4));
        let r = read_str("kind: Group\nmetadata:\n  name: a\n  title: \"x\\e[2J\"\n");
        assert_eq!(r.diagnostics.len(), 1, "{:?}", r.diagnostics);
        assert!(r.diagnostics[0].message.contains("U+001B"));
    }

    #[test]
    fn names() {
        for ok in ["a", "team-a", "A.b_c", "x1"] {
            assert!(valid_name(ok, 63), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "a b", "a/b", "a:b", &"x".repeat(64)] {
            assert!(!valid_name(bad, 63), "{bad}");
        }
    }
}
