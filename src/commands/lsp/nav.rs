//! Navigation for the language server: the document node at a position, `$ref` targets, the
//! routes (or methods) import creates as symbols, and what an operation becomes as hover text.

use super::Lines;
use gatewright::Analysis;
use gatewright::pointer::Pointer;
use gatewright::tree::{NodeRef, Tree};
use lsp_types::{DocumentSymbol, SymbolKind};
use std::ops::Range;

/// The entry keys from the root to the deepest node whose key or value holds `offset`, with that
/// node and whether `offset` is on its key.
fn at(tree: &Tree, offset: usize) -> Option<(Vec<String>, NodeRef<'_>, bool)> {
    let mut node = tree.root()?;
    let mut path = Vec::new();
    let mut on_key = false;
    'down: loop {
        if node.is_map() {
            for (key, child) in node.entries() {
                if tree.key_span(child.id()).is_some_and(|s| s.contains(&offset)) {
                    path.push(key.to_string());
                    return Some((path, child, true));
                }
                if child.span().contains(&offset) {
                    path.push(key.to_string());
                    node = child;
                    on_key = false;
                    continue 'down;
                }
            }
        } else if node.is_seq() {
            for (i, item) in node.items().enumerate() {
                if item.span().contains(&offset) {
                    path.push(i.to_string());
                    node = item;
                    continue 'down;
                }
            }
        }
        return Some((path, node, on_key));
    }
}

/// Where the `$ref` at `offset` points, in this document.
/// The `$ref` written at `offset`, when the cursor is on one.
pub(super) fn ref_at(tree: &Tree, offset: usize) -> Option<String> {
    let (path, node, _) = at(tree, offset)?;
    (path.last().map(String::as_str) == Some("$ref")).then(|| node.as_str().map(str::to_string)).flatten()
}

pub(super) fn definition(tree: &Tree, offset: usize) -> Option<Range<usize>> {
    let (path, node, _) = at(tree, offset)?;
    if path.last().map(String::as_str) != Some("$ref") {
        return None;
    }
    let target = node.as_str()?.strip_prefix('#')?;
    let found = tree.locate(&Pointer::from_escaped(target)).filter(|l| l.exact)?;
    Some(tree.key_span(found.node).unwrap_or_else(|| tree.span(found.node)))
}

fn pointer(path: &[&str]) -> Pointer {
    path.iter().fold(Pointer::root(), |p, s| p.child(s))
}

/// A symbol per route (HTTP, WebSocket) or method (REST), at its operation.
pub(super) fn symbols(analysis: &Analysis, tree: &Tree, lines: &Lines<'_>) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    let mut add = |name: String, detail: Option<String>, at: &Pointer| {
        let Some(found) = tree.locate(at).filter(|l| l.exact) else { return };
        let span = tree.span(found.node);
        let key = tree.key_span(found.node).unwrap_or_else(|| span.clone());
        let whole = key.start.min(span.start)..span.end.max(key.end);
        #[allow(deprecated)] // `deprecated` is a required field of the type
        out.push(DocumentSymbol {
            name,
            detail,
            kind: SymbolKind::METHOD,
            tags: None,
            deprecated: None,
            range: lines.range(&whole),
            selection_range: lines.range(&key),
            children: None,
        });
    };
    if let Some(api) = &analysis.api {
        for r in &api.routes {
            let integration = r.target.and_then(|t| api.integrations.get(t)).map(|i| i.id.clone());
            add(r.key.to_string(), integration, &r.pointer);
        }
    }
    if let Some(ws) = &analysis.websocket {
        for r in &ws.routes {
            add(r.key.clone(), r.integration.clone(), &r.pointer);
        }
    }
    if let Some(rest) = &analysis.rest {
        for (res, m) in rest.methods() {
            let detail = m.integration.as_ref().and_then(|i| i.integration_type.as_str().map(str::to_string));
            add(format!("{} {}", m.http_method, res.path), detail, &m.pointer);
        }
    }
    out
}

/// The hover text at `offset`, in Markdown, and the span it is about: an extension key's
/// documentation, a `$ref`'s target, what API Gateway creates from an operation, and the
/// `explain` page of every finding whose place holds `offset`.
pub(super) fn hover(analysis: &Analysis, tree: &Tree, offset: usize) -> Option<(String, Range<usize>)> {
    let mut parts = Vec::new();
    let mut span = None;
    if let Some((path, node, on_key)) = at(tree, offset) {
        let key = path.last().map(String::as_str).unwrap_or_default();
        if on_key && let Some(doc) = gatewright::extension_docs::describe(key) {
            parts.push(doc);
            span = tree.key_span(node.id());
        }
        if key == "$ref"
            && !on_key
            && let Some(target) = ref_target(tree, node)
        {
            parts.push(target);
            span = Some(node.span());
        }
        if parts.is_empty()
            && let Some((text, at)) = operation(analysis, tree, &path)
        {
            parts.push(text);
            span = Some(at);
        }
    }
    for d in &analysis.diagnostics {
        let Some(gatewright::diagnostics::Location::Span(s)) = d.labels.first().map(|l| &l.location) else { continue };
        if s.start <= offset && offset < s.end.max(s.start + 1) {
            parts.push(d.code.docs().trim_end().to_string());
            span.get_or_insert_with(|| s.clone());
        }
    }
    parts.dedup();
    Some((parts.join("\n\n---\n\n"), span?))
}

/// Lines of a `$ref` target shown in a hover, at most.
const REF_LINES: usize = 20;

/// A `$ref`'s target in this document: its pointer and its text.
fn ref_target(tree: &Tree, node: NodeRef<'_>) -> Option<String> {
    let reference = node.as_str()?;
    let target = reference.strip_prefix('#')?;
    let found = tree.locate(&Pointer::from_escaped(target)).filter(|l| l.exact)?;
    let span = tree.span(found.node);
    let start = tree.key_span(found.node).map_or(span.start, |k| k.start);
    let src = tree.source();
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let text = src.get(line_start..span.end)?;
    let mut shown: Vec<&str> = text.lines().take(REF_LINES).collect();
    if text.lines().nth(REF_LINES).is_some() {
        shown.push("…");
    }
    let lang = if src.trim_start().starts_with('{') { "json" } else { "yaml" };
    Some(format!("**`{reference}`**\n\n```{lang}\n{}\n```", shown.join("\n")))
}

/// What API Gateway creates from the operation `path` is in (on its key or inside it), and the
/// operation's key span.
fn operation(analysis: &Analysis, tree: &Tree, path: &[String]) -> Option<(String, Range<usize>)> {
    if path.len() < 3 || path[0] != "paths" {
        return None;
    }
    let op = pointer(&[path[0].as_str(), path[1].as_str(), path[2].as_str()]);
    let found = tree.locate(&op).filter(|l| l.exact)?;
    let span = tree.key_span(found.node).unwrap_or_else(|| tree.span(found.node));
    let text = if let Some(api) = &analysis.api {
        let r = api.routes.iter().find(|r| r.pointer == op)?;
        let mut s = format!("**route `{}`** (HTTP API)", r.key);
        match r.target.and_then(|t| api.integrations.get(t)) {
            Some(i) => {
                let ty = i.integration_type.lit().cloned().unwrap_or_else(|| "(an expression)".into());
                let uri = i.uri.as_ref().and_then(|u| u.lit().cloned()).unwrap_or_default();
                s.push_str(&format!("\n\nintegration `{}`: {ty} `{uri}`", i.id));
            }
            None => s.push_str("\n\nno integration attached"),
        }
        s.push_str(&format!("\n\nauthorization: {}", auth(&r.auth)));
        s
    } else {
        let rest = analysis.rest.as_ref()?;
        let (res, m) = rest.methods().find(|(_, m)| m.pointer == op)?;
        let mut s = format!("**method `{} {}`** (REST API)", m.http_method, res.path);
        if let Some(i) = &m.integration {
            let ty = i.integration_type.as_str().unwrap_or("(an expression)");
            let uri = i.uri.as_ref().and_then(|u| u.as_str()).unwrap_or_default();
            s.push_str(&format!("\n\nintegration: {ty} `{uri}`"));
        }
        s.push_str(&format!("\n\nauthorization: {}", m.authorization_type));
        if let Some(a) = &m.authorizer {
            s.push_str(&format!(" (authorizer `{a}`)"));
        }
        if m.api_key_required {
            s.push_str(", API key required");
        }
        s
    };
    Some((text, span))
}

fn auth(a: &gatewright::http::ir::RouteAuth) -> String {
    use gatewright::http::ir::RouteAuth;
    match a {
        RouteAuth::None => "NONE".into(),
        RouteAuth::Iam => "AWS_IAM".into(),
        RouteAuth::Jwt { authorizer, scopes } => format!("JWT (authorizer `{authorizer}`, scopes {scopes:?})"),
        RouteAuth::Custom { authorizer, .. } => format!("CUSTOM (authorizer `{authorizer}`)"),
    }
}
