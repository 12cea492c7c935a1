//! WebSocket APIs written as `aws_apigatewayv2_*` resources: the configuration's resources of
//! those types written out as a span tree over the `.tf` text (`/ADDRESS/ARGUMENT`, each node
//! where it is written; `jsonencode(VALUE)` is its value; an expression only Terraform can
//! evaluate is the string `${…}` of its text), handed to [`crate::websocket::resources`] to be
//! lowered and checked like an AsyncAPI document, with findings on the configuration's lines.

use super::model::{Block, Expr, Node, Resources, address};
use crate::pointer::Pointer;
use crate::source::SourceFile;
use crate::tree::{Builder, Kind, NodeRef, Tree};
use crate::websocket::resources::{self, Found, Resource, Set, Type};
use crate::websocket::written::Written;

/// The prefix of the resource types read here.
const PREFIX: &str = "aws_apigatewayv2_";

/// Nesting past which an expression is not written out.
const MAX_DEPTH: usize = 64;

/// The WebSocket APIs of a configuration, checked (only `wanted`'s findings, when given), with
/// the tree their pointers are resolved in.
pub(crate) fn check(source: &SourceFile, resources: &Resources, wanted: Option<&str>) -> (Tree, Vec<Found>) {
    let tree = tree(source, resources);
    let found = match tree.root() {
        Some(root) => resources::check(source, &tree, &set(root, resources), wanted),
        None => Vec::new(),
    };
    (tree, found)
}

/// Whether a configuration has a WebSocket API resource: a cheap test before building anything.
pub(crate) fn has_api(resources: &Resources) -> bool {
    resources.of_type("aws_apigatewayv2_api").any(websocket)
}

fn websocket(api: &Block) -> bool {
    api.attribute("protocol_type").and_then(Node::as_str).is_some_and(|p| p.eq_ignore_ascii_case("WEBSOCKET"))
}

/// The addresses of the WebSocket APIs no route of `resources` names in its `api_id`.
pub(crate) fn route_less(resources: &Resources) -> Vec<String> {
    let routed: std::collections::HashSet<String> = resources
        .of_type("aws_apigatewayv2_route")
        .filter_map(|r| r.attribute("api_id"))
        .flat_map(|n| match &n.expr {
            Expr::Str(t) => addresses(&t.value, PREFIX),
            Expr::Other(t) => addresses(t, PREFIX),
            _ => Vec::new(),
        })
        .collect();
    resources
        .of_type("aws_apigatewayv2_api")
        .filter(|a| websocket(a))
        .map(address)
        .filter(|a| !routed.contains(a))
        .collect()
}

fn ours(b: &Block) -> Option<Type> {
    b.labels.first().and_then(|t| t.strip_prefix(PREFIX)).and_then(Type::of)
}

fn tree(source: &SourceFile, resources: &Resources) -> Tree {
    let text = source.shared_text();
    let mut b = Builder::new(&text, resources.resources.len() * 16);
    b.open(Kind::Map, 0);
    for r in resources.resources.iter().filter(|r| ours(r).is_some()) {
        b.new_key(&address(r), (r.head.start, r.head.end));
        block(&mut b, source.text(), r);
    }
    b.close(source.text().len());
    b.finish()
}

fn block(b: &mut Builder, src: &str, r: &Block) {
    b.open(Kind::Map, r.span.start);
    for (name, key, value) in &r.attributes {
        b.new_key(name, (key.start, key.end));
        node(b, src, value, 0);
    }
    let mut seen = std::collections::HashSet::new();
    for nested in r.blocks.iter().filter(|n| seen.insert(n.kind.as_str())) {
        b.new_key(&nested.kind, (nested.head.start, nested.head.end));
        block(b, src, nested);
    }
    b.close(r.span.end);
}

fn node(b: &mut Builder, src: &str, n: &Node, depth: usize) {
    let at = (n.span.start, n.span.end);
    // In `.tf.json` an expression is the JSON string `"${…}"` it is written in: that string.
    let as_written = || {
        let text = src.get(n.span.clone()).unwrap_or("").trim();
        match serde_json::from_str::<String>(text) {
            Ok(decoded) if text.starts_with('"') => decoded,
            _ => format!("${{{text}}}"),
        }
    };
    match &n.expr {
        _ if depth > MAX_DEPTH => {
            b.new_scalar(Kind::Null, "null", at);
        }
        Expr::Null => {
            b.new_scalar(Kind::Null, "null", at);
        }
        Expr::Bool(v) => {
            b.new_scalar(Kind::Bool, if *v { "true" } else { "false" }, at);
        }
        Expr::Number(t) => {
            let kind = if t.parse::<i64>().is_ok() { Kind::Int } else { Kind::Float };
            b.new_scalar(kind, t, at);
        }
        Expr::Str(t) => {
            b.new_scalar(Kind::Str, &t.value, at);
        }
        Expr::Object(entries) => {
            b.open(Kind::Map, at.0);
            for (k, ks, v) in entries {
                b.new_key(k, (ks.start, ks.end));
                node(b, src, v, depth + 1);
            }
            b.close(at.1);
        }
        Expr::Array(items) => {
            b.open(Kind::Seq, at.0);
            for v in items {
                node(b, src, v, depth + 1);
            }
            b.close(at.1);
        }
        // `jsonencode({…})` (a model's schema, a template): the value it encodes.
        Expr::Call(f, args) if f == "jsonencode" && args.len() == 1 => node(b, src, &args[0], depth + 1),
        Expr::Other(t) if !t.is_empty() => {
            b.new_scalar(Kind::Str, &format!("${{{}}}", t.trim()), at);
        }
        Expr::Call(..) | Expr::Other(_) => {
            b.new_scalar(Kind::Str, &as_written(), at);
        }
    }
}

fn set<'t>(root: NodeRef<'t>, resources: &Resources) -> Set<'t> {
    // One pass over the root's entries (a look-up by key would scan them for each resource).
    let mut nodes = std::collections::HashMap::new();
    for (k, v) in root.entries() {
        nodes.entry(k).or_insert(v);
    }
    let list = resources
        .resources
        .iter()
        .filter_map(|r| {
            let ty = ours(r)?;
            let id = address(r);
            let at = Pointer::root().child(&id);
            let node = *nodes.get(id.as_str())?;
            Some(Resource {
                ty,
                at: at.clone(),
                props: Some(node),
                props_at: at,
                depends_on: node.get("depends_on").map(refs).unwrap_or_default(),
                renewed: node.get("triggers").is_some(),
                id,
            })
        })
        .collect();
    Set::new(Written::Terraform, list, refs)
}

/// The addresses of the `aws_apigatewayv2_*` resources an expression names
/// (`aws_apigatewayv2_api.chat.id`, `"integrations/${aws_apigatewayv2_integration.chat.id}"`).
fn refs(n: NodeRef<'_>) -> Vec<String> {
    let mut out = Vec::new();
    collect(n, &mut out, 0);
    out
}

fn collect(n: NodeRef<'_>, out: &mut Vec<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    if n.is_map() {
        n.entries().into_iter().for_each(|(_, v)| collect(v, out, depth + 1));
    } else if n.is_seq() {
        n.items().for_each(|v| collect(v, out, depth + 1));
    } else if let Some(text) = n.as_str() {
        out.extend(addresses(text, PREFIX));
    }
}

/// `TYPE.NAME` of a type starting with `prefix` wherever it starts a reference to a resource in
/// `text` (`data.TYPE.NAME` is a data source).
pub(super) fn addresses(text: &str, prefix: &str) -> Vec<String> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut out = Vec::new();
    for (i, _) in text.match_indices(prefix) {
        if text[..i].chars().next_back().is_some_and(|c| word(c) || c == '.') {
            continue;
        }
        let rest = &text[i..];
        let ty_end = rest.find(|c: char| !word(c)).unwrap_or(rest.len());
        let Some(after) = rest[ty_end..].strip_prefix('.') else { continue };
        let name_end = after.find(|c: char| !word(c)).unwrap_or(after.len());
        if name_end > 0 {
            out.push(format!("{}.{}", &rest[..ty_end], &after[..name_end]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn references_name_resource_addresses() {
        assert_eq!(
            super::addresses("integrations/${aws_apigatewayv2_integration.chat.id}", super::PREFIX),
            vec!["aws_apigatewayv2_integration.chat".to_string()]
        );
        assert_eq!(
            super::addresses(
                "${aws_apigatewayv2_api.a.id} x_aws_apigatewayv2_api.b.id data.aws_apigatewayv2_api.c",
                super::PREFIX
            ),
            vec!["aws_apigatewayv2_api.a".to_string()]
        );
        assert!(super::addresses("aws_apigatewayv2_api", super::PREFIX).is_empty());
    }
}
