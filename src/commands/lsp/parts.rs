//! Documents written in several files, in the editor: a root's findings published for each file
//! they are in, a file that a root includes re-checked through its root, and go to definition on
//! a `$ref` to another file opening that file.

use super::Links;
use super::findings::lsp_diagnostic;
use super::lines::Lines;
use gatewright::source::SourceFile;
use lsp_types::{Diagnostic, Uri};
use std::path::Path;

/// The `file:` URI of an absolute path.
pub(super) fn file_uri(path: &Path) -> Option<Uri> {
    let mut uri = String::from("file://");
    for b in path.to_str()?.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.parse().ok()
}

/// The findings of an analysis by file: the root's under `root`, each part's under its own URI.
pub(super) fn by_file(
    analysis: &gatewright::Analysis,
    root: &Uri,
    utf8: bool,
    pages: Option<&Path>,
) -> Vec<(Uri, Vec<Diagnostic>)> {
    let parts = gatewright::diagnostics::render::split_parts(&analysis.source, analysis.diagnostics.clone());
    parts
        .into_iter()
        .enumerate()
        .filter_map(|(i, (source, found))| {
            let uri = if i == 0 { root.clone() } else { file_uri(Path::new(source.name()))? };
            let lines = Lines::new(source.text(), utf8);
            let links = Links { uri: &uri, lines: &lines, pages };
            let diagnostics = found.iter().map(|d| lsp_diagnostic(d, &links)).collect();
            Some((uri, diagnostics))
        })
        .collect()
}

/// Where a span of an analysis's text is: the URI of its file, and the range there.
pub(super) fn locate(
    analysis: &gatewright::Analysis,
    root: &Uri,
    span: &std::ops::Range<usize>,
    utf8: bool,
) -> Option<serde_json::Value> {
    let source = &analysis.source;
    match source.part_at(span.start) {
        Some(part) if part.range.start > 0 => {
            let uri = file_uri(Path::new(&part.name))?;
            let text = source.text().get(part.range.clone())?;
            let local = span.start - part.range.start..span.end.min(part.range.end) - part.range.start;
            Some(serde_json::json!({"uri": uri, "range": Lines::new(text, utf8).range(&local)}))
        }
        _ => {
            let lines = Lines::new(source.text(), utf8);
            Some(serde_json::json!({"uri": root, "range": lines.range(span)}))
        }
    }
}

/// Go to definition on a `$ref` to another file, written at `offset` of the document `text` (at
/// `path`): the file it names, at the fragment when it names one. Only files under the
/// document's folder are opened, as `check` reads them.
pub(super) fn file_definition(text: &str, path: &Path, offset: usize, utf8: bool) -> Option<serde_json::Value> {
    let source = SourceFile::new(path.display().to_string(), text);
    let tree = gatewright::tree::parse(&source.shared_text(), source.format()).ok()?;
    let reference = super::nav::ref_at(&tree, offset)?;
    if reference.starts_with('#') {
        return None;
    }
    let (file, fragment) = reference.split_once('#').unwrap_or((reference.as_str(), ""));
    let folder = path.parent()?;
    let target = folder.join(file);
    let read = crate::io::input::read_in_folder(folder, &target, "the document's").ok()?;
    let uri = file_uri(&std::fs::canonicalize(&target).ok()?)?;
    let range = if fragment.is_empty() {
        lsp_types::Range::default()
    } else {
        let tree = gatewright::tree::parse(&read.shared_text(), read.format()).ok()?;
        let found = tree.locate(&gatewright::pointer::Pointer::from_escaped(fragment)).filter(|l| l.exact)?;
        let span = tree.key_span(found.node).unwrap_or_else(|| tree.span(found.node));
        Lines::new(read.text(), utf8).range(&span)
    };
    Some(serde_json::json!({"uri": uri, "range": range}))
}
