//! `.tf.json` files (Terraform's JSON syntax): blocks nest by labels
//! (`"resource": {"aws_apigatewayv2_api": {"api": {…}}}`), and every string is a template, so
//! `"${file(\"${path.module}/api.yaml\")}"` is an expression, read with the HCL parser.

use super::model::{Block, Expr, Node, Resources};
use super::text;
use crate::source::Format;
use crate::tree::{Kind, NodeRef};
use std::ops::Range;

/// The resources of a `.tf.json` file, or the parser's error and its offset.
pub(crate) fn read(src: &std::sync::Arc<str>) -> Result<Resources, (String, usize)> {
    // Unlike its native syntax, Terraform's JSON syntax takes no byte order mark: HCL's JSON
    // scanner skips only spaces, tabs and line breaks before the first token, and Terraform
    // hands it the file's bytes as they are (`configs.Parser.LoadHCLFile`).
    if src.starts_with('\u{feff}') {
        let message = "Terraform's JSON syntax does not accept a byte order mark (U+FEFF) at the start of the \
                       file; save it as UTF-8 without one";
        return Err((message.into(), 0));
    }
    let tree = crate::tree::parse(src, Format::Json).map_err(|e| (e.message, e.span.start))?;
    let mut resources = Vec::new();
    let Some(root) = tree.root() else { return Ok(Resources::default()) };
    for (_, types) in root.entries().into_iter().filter(|(k, _)| *k == "resource") {
        for (ty, names) in types.entries() {
            for (name, body) in names.entries() {
                // A block may be written as an object or an array of objects.
                let bodies: Vec<NodeRef<'_>> = if body.is_seq() { body.items().collect() } else { vec![body] };
                for b in bodies {
                    let mut block = block(src, "resource", b);
                    block.labels = vec![ty.to_string(), name.to_string()];
                    // The resource's name key: where a reader looks for it.
                    block.head = tree.key_span(body.id()).unwrap_or(0..0);
                    resources.push(block);
                }
            }
        }
    }
    Ok(Resources { resources })
}

/// Nested blocks are objects (or arrays of objects) under an argument name; which names are
/// blocks only the provider's schema knows, so the ones gatewright reads are listed.
const BLOCKS: &[&str] = &["cors_configuration", "endpoint_configuration", "lifecycle"];

fn block(src: &str, kind: &str, body: NodeRef<'_>) -> Block {
    let tree = body.tree();
    let mut b = Block { kind: kind.to_string(), head: body.span(), span: body.span(), ..Block::default() };
    for (key, value) in body.entries() {
        let key_span = tree.key_span(value.id()).unwrap_or(0..0);
        if BLOCKS.contains(&key) && value.is_map() {
            b.blocks.push(block(src, key, value));
        } else if BLOCKS.contains(&key) && value.is_seq() {
            b.blocks.extend(value.items().filter(|i| i.is_map()).map(|i| block(src, key, i)));
        } else if key != "//" {
            b.attributes.push((key.to_string(), key_span, node(src, value)));
        }
    }
    b
}

fn node(src: &str, n: NodeRef<'_>) -> Node {
    let span = n.span();
    let expr = match n.kind() {
        Kind::Null => Expr::Null,
        Kind::Bool => Expr::Bool(n.as_bool().unwrap_or(false)),
        Kind::Int | Kind::Float => Expr::Number(n.text().to_string()),
        Kind::Str => return string(src, span),
        Kind::Map => Expr::Object(
            n.entries()
                .into_iter()
                .map(|(k, v)| (k.to_string(), n.tree().key_span(v.id()).unwrap_or(0..0), node(src, v)))
                .collect(),
        ),
        Kind::Seq => Expr::Array(n.items().map(|i| node(src, i)).collect()),
        Kind::Alias => Expr::Other(String::new()),
    };
    Node { span, expr }
}

/// A JSON string: a template; one that is a single `${…}` is that expression.
fn string(src: &str, span: Range<usize>) -> Node {
    let t = text::json_string(src, span.clone());
    if let Some(inner) = t.value.strip_prefix("${").and_then(|v| v.strip_suffix('}'))
        && t.value.len() == text::interpolation_len(&t.value)
        && let Some(mut n) = super::hcl::expression(inner)
    {
        // Positions inside an escaped expression are not worth mapping: all of it is the string.
        n.relocate(&|_| span.clone(), &|m| *m = super::model::Linear(vec![(0, span.start)]));
        return n;
    }
    Node { span, expr: Expr::Str(t) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn resources_and_expressions_in_strings() {
        let src = r#"{"//": "x", "resource": {"aws_api_gateway_rest_api": {"api": {"name": "shop", "body": "${file(\"${path.module}/api.yaml\")}", "endpoint_configuration": {"types": ["REGIONAL"]}}}}}"#;
        let r = super::read(&std::sync::Arc::from(src)).expect("parses");
        let api = &r.resources[0];
        assert_eq!(api.labels, ["aws_api_gateway_rest_api", "api"]);
        assert_eq!(api.attribute("name").and_then(|n| n.as_str()), Some("shop"));
        let super::Expr::Call(f, args) = &api.attribute("body").unwrap().expr else { panic!("{api:?}") };
        assert_eq!(f, "file");
        let super::Expr::Str(t) = &args[0].expr else { panic!() };
        assert_eq!(t.value, "${path.module}/api.yaml");
        assert!(api.block("endpoint_configuration").is_some());
    }
}
