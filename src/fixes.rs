//! Machine-applicable fixes made concrete: every edit of a [`Fix`] turned into a byte range of the
//! document and its new text, written the way the document writes (quotes kept, a new entry in
//! the mapping's own style and indentation); and the "suppress with `x-gatewright-ignore`" fix
//! any finding on a node has, for editors.

use crate::diagnostics::{Diagnostic, Edit, Fix, Location, Part};
use crate::suppress;
use crate::tree::{Kind, NONE, NodeId, NodeRef, Tree};
use std::ops::Range;

/// A fix with every edit on a byte range of the document, or None when it cannot be applied as
/// written: a node reached through an alias or merge (editing it would change other places), or a
/// rename onto a key the mapping already has.
pub(crate) fn resolve(tree: &Tree, mut fix: Fix) -> Option<Fix> {
    if fix.unless.as_ref().is_some_and(|p| tree.locate(p).is_some_and(|l| l.exact)) {
        return None;
    }
    for e in &mut fix.edits {
        let Location::Node(ptr, part) = &e.location else { continue };
        let at = tree.locate(ptr).filter(|l| l.exact && l.via.is_empty())?;
        if let Some(key) = e.new_key.take() {
            let (span, text) = insert_entry(tree, at.node, &key, &e.replacement)?;
            e.location = Location::Span(span);
            e.replacement = text;
            continue;
        }
        let span = match part {
            Part::Key => tree.key_span(at.node)?,
            Part::Value => tree.span(at.node),
        };
        let written = tree.source().get(span.clone())?;
        if let Some(q) = written.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            e.replacement = format!("{q}{}{q}", e.replacement);
        }
        e.location = Location::Span(span);
    }
    Some(fix)
}

/// Where and what to write to add `key: value` to the mapping `map` as its first entry: in a
/// block mapping a line of its own at the entries' indentation, in a flow mapping (JSON) an entry
/// before the first one, its key quoted as that one is. None when the mapping's layout is not one
/// of those (a complex key, an empty block mapping).
fn insert_entry(tree: &Tree, map: NodeId, key: &str, value: &str) -> Option<(Range<usize>, String)> {
    let src = tree.source();
    let node = NodeRef::new(tree, map);
    if node.kind() != Kind::Map {
        return None;
    }
    let span = node.span();
    let flow = src[span.clone()].starts_with('{');
    let first = tree.node(node.id()).first;
    if first == NONE {
        let json = src.trim_start().starts_with('{');
        let key = if json { format!("\"{key}\"") } else { key.to_string() };
        return flow.then(|| (span, format!("{{{key}: {value}}}")));
    }
    let at = tree.key_span(first)?.start;
    let prefix = indentation(src, at);
    let eol = prefix.map_or("\n", |p| line_ending(src, at - p.len()));
    if !flow {
        // `key:` after the indentation, or after the `- ` of a sequence item.
        let prefix = prefix.filter(|p| p.chars().all(|c| c == ' ' || c == '-'))?;
        let indent = " ".repeat(prefix.chars().count());
        return Some((at..at, format!("{key}: {value}{eol}{indent}")));
    }
    let quote = src[at..].chars().next().filter(|c| matches!(c, '"' | '\''));
    let key = quote.map_or_else(|| key.to_string(), |q| format!("{q}{key}{q}"));
    match prefix.filter(|p| p.trim().is_empty()) {
        Some(prefix) => Some((at..at, format!("{key}: {value},{eol}{prefix}"))),
        None => Some((at..at, format!("{key}: {value}, "))),
    }
}

/// The text from the start of `at`'s line to `at` when it holds only indentation and sequence
/// dashes, else None. Found by looking back over those characters only: the line may be a whole
/// minified document, and a fix is made for every finding.
fn indentation(src: &str, at: usize) -> Option<&str> {
    let back = src[..at].bytes().rev().take_while(|b| matches!(b, b' ' | b'\t' | b'-')).count();
    let from = at - back;
    (from == 0 || src.as_bytes()[from - 1] == b'\n').then(|| &src[from..at])
}

/// The line ending of the document around the line starting at `line`: that of the line before
/// it, or for the first line its own (`\r\n` in a CRLF file, so an inserted line matches).
fn line_ending(src: &str, line: usize) -> &'static str {
    let crlf = match line.checked_sub(1) {
        Some(lf) => lf > 0 && src.as_bytes()[lf - 1] == b'\r',
        None => src.find('\n').is_some_and(|lf| lf > 0 && src.as_bytes()[lf - 1] == b'\r'),
    };
    if crlf { "\r\n" } else { "\n" }
}

/// "Suppress with `x-gatewright-ignore`": the finding's code added to the suppression list of the
/// nearest mapping at or above its node (`start` levels further up, for a caller that finds the
/// nearest place unsuitable), the list created when the mapping has none. Already concrete (byte
/// ranges); None for findings on no node, or when no such mapping is reachable without an alias.
pub fn suppression(tree: &Tree, d: &Diagnostic, start: usize) -> Option<Fix> {
    let mut ptr = d.pointer()?.clone();
    let mut skip = start;
    let map = loop {
        let at = tree.locate(&ptr).filter(|l| l.exact && l.via.is_empty());
        if let Some(at) = at.filter(|a| tree.node(a.node).kind == Kind::Map) {
            if skip == 0 {
                break at.node;
            }
            skip -= 1;
        }
        if ptr.as_str().is_empty() {
            return None;
        }
        ptr = ptr.parent();
    };
    let code = d.code.name();
    let title = format!("suppress `{}` here with `{}`", d.code.id(), suppress::KEY);
    let edit = match NodeRef::new(tree, map).get(suppress::KEY) {
        None => {
            let (span, text) = insert_entry(tree, map, suppress::KEY, &format!("[{code}]"))?;
            Edit { location: Location::Span(span), replacement: text, new_key: None }
        }
        Some(list) => extend_list(tree, list, code)?,
    };
    Some(Fix { title, edits: vec![edit], unless: None })
}

/// The edit that appends `code` to an existing `x-gatewright-ignore` value.
fn extend_list(tree: &Tree, list: NodeRef<'_>, code: &str) -> Option<Edit> {
    let src = tree.source();
    let span = list.span();
    let edit =
        |span: Range<usize>, text: String| Edit { location: Location::Span(span), replacement: text, new_key: None };
    match list.kind() {
        Kind::Seq if src[span.clone()].starts_with('[') => match list.items().last() {
            Some(last) => Some(edit(last.span().end..last.span().end, format!(", {code}"))),
            None => Some(edit(span, format!("[{code}]"))),
        },
        Kind::Seq => {
            // A block sequence: a new item line like the last one, after that line.
            let last = list.items().last()?.span();
            let prefix = indentation(src, last.start)?;
            let end = src[last.end..].find('\n').map_or(src.len(), |i| last.end + i);
            // Before the `\r` of a CRLF line, and ended as the lines are.
            let (end, eol) = match end.checked_sub(1) {
                Some(cr) if src.as_bytes()[cr] == b'\r' => (cr, "\r\n"),
                _ => (end, line_ending(src, last.start - prefix.len())),
            };
            Some(edit(end..end, format!("{eol}{prefix}{code}")))
        }
        Kind::Str => Some(edit(span.clone(), format!("[{}, {code}]", &src[span]))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;
    use crate::pointer::Pointer;
    use crate::source::Format;

    fn tree(text: &str, format: Format) -> Tree {
        crate::tree::parse(&std::sync::Arc::from(text), format).expect("parses")
    }

    fn apply(text: &str, fix: &Fix) -> String {
        let mut out = text.to_string();
        let mut edits: Vec<_> = fix
            .edits
            .iter()
            .map(|e| match &e.location {
                Location::Span(s) => (s.clone(), e.replacement.clone()),
                Location::Node(..) => panic!("unresolved edit"),
            })
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
        for (r, t) in edits {
            out.replace_range(r, &t);
        }
        out
    }

    fn added(text: &str, format: Format, at: &str) -> String {
        let t = tree(text, format);
        let d = Diagnostic::new(Code::MissingPayloadFormatVersion, "x").add_entry(
            &Pointer::from_escaped(at),
            "payloadFormatVersion",
            "\"2.0\"",
        );
        apply(text, &resolve(&t, d.fix.expect("fix")).expect("resolves"))
    }

    /// Each case as written (LF) and with CRLF line endings, where an added line ends in CRLF.
    fn both_endings(cases: &[(&str, &str)], result: impl Fn(&str) -> String) {
        for (text, want) in cases {
            assert_eq!(result(text), *want);
            assert_eq!(result(&text.replace('\n', "\r\n")), want.replace('\n', "\r\n"), "CRLF");
        }
    }

    #[test]
    fn a_new_entry_follows_the_mappings_style() {
        let yaml = [
            (
                "a:\n  i:\n    type: aws_proxy # c\n",
                "a:\n  i:\n    payloadFormatVersion: \"2.0\"\n    type: aws_proxy # c\n",
            ),
            ("a:\n  - type: x\n    uri: y\n", "a:\n  - payloadFormatVersion: \"2.0\"\n    type: x\n    uri: y\n"),
            ("i: {type: x}\n", "i: {payloadFormatVersion: \"2.0\", type: x}\n"),
        ];
        let at = |text: &str| {
            if text.starts_with("i:") {
                "/i"
            } else if text.contains("- type") {
                "/a/0"
            } else {
                "/a/i"
            }
        };
        both_endings(&yaml, |text| added(text, Format::Yaml, at(text)));
        // The mapping on the first line: that line's own ending.
        both_endings(&[("type: x\n", "payloadFormatVersion: \"2.0\"\ntype: x\n")], |t| added(t, Format::Yaml, ""));
        let json = [
            (
                "{\n  \"i\": {\n    \"type\": \"x\"\n  }\n}",
                "{\n  \"i\": {\n    \"payloadFormatVersion\": \"2.0\",\n    \"type\": \"x\"\n  }\n}",
            ),
            ("{\"i\": {}}", "{\"i\": {\"payloadFormatVersion\": \"2.0\"}}"),
        ];
        both_endings(&json, |text| added(text, Format::Json, "/i"));
    }

    fn suppressed(text: &str, at: &str) -> String {
        let t = tree(text, Format::Yaml);
        let d = Diagnostic::new(Code::RouteWithoutIntegration, "x").at_key(&Pointer::from_escaped(at), "here");
        apply(text, &suppression(&t, &d, 0).expect("fix"))
    }

    #[test]
    fn suppression_creates_or_extends_the_list() {
        let cases = [
            (
                "p:\n  get:\n    summary: s\n",
                "p:\n  get:\n    x-gatewright-ignore: [route-without-integration]\n    summary: s\n",
            ),
            (
                "p:\n  get:\n    x-gatewright-ignore: [GW201]\n",
                "p:\n  get:\n    x-gatewright-ignore: [GW201, route-without-integration]\n",
            ),
            (
                "p:\n  get:\n    x-gatewright-ignore:\n      - GW201 # why\n    s: 1\n",
                "p:\n  get:\n    x-gatewright-ignore:\n      - GW201 # why\n      - route-without-integration\n    s: 1\n",
            ),
            (
                "p:\n  get:\n    x-gatewright-ignore:\n      - GW201\n",
                "p:\n  get:\n    x-gatewright-ignore:\n      - GW201\n      - route-without-integration\n",
            ),
            (
                "p:\n  get:\n    x-gatewright-ignore: GW201\n",
                "p:\n  get:\n    x-gatewright-ignore: [GW201, route-without-integration]\n",
            ),
        ];
        both_endings(&cases, |text| {
            suppressed(text, if text.contains("summary") { "/p/get/summary" } else { "/p/get" })
        });
    }
}
