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

/// A symbol per route (HTTP) or method (REST), at its operation.
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
    if let Some(rest) = &analysis.rest {
        for (res, m) in rest.methods() {
            let detail = m.integration.as_ref().and_then(|i| i.integration_type.as_str().map(str::to_string));
            add(format!("{} {}", m.http_method, res.path), detail, &m.pointer);
        }
    }
    out
}

/// What API Gateway creates from the operation at `offset` (on its key or inside it), in
/// Markdown, and the operation's key span.
pub(super) fn hover(analysis: &Analysis, tree: &Tree, offset: usize) -> Option<(String, Range<usize>)> {
    let (path, _, _) = at(tree, offset)?;
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
