//! Models: GW803 names AWS does not accept (alphanumeric only), GW817 schema keywords REST API
//! models (JSON Schema draft 4) do not support.

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::rest::ir::RestApi;
use crate::tree::{NodeRef, Tree};

/// Keywords the known-issues page lists as unsupported in REST API models.
const UNSUPPORTED: [&str; 5] = ["discriminator", "example", "exclusiveMinimum", "readOnly", "default"];

pub(super) fn run(api: &RestApi, tree: &Tree, out: &mut Vec<Diagnostic>) {
    for m in &api.models {
        if m.name.is_empty() || !m.name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            out.push(
                Diagnostic::new(Code::InvalidModelName, format!("Model name must be alphanumeric: {}", m.name))
                    .at_key(&m.pointer, "not alphanumeric")
                    .help("rename the schema to letters and digits only (and every `$ref` to it); AWS skips the model, and methods that use it lose it"),
            );
        }
        let Some(node) = tree.locate(&m.pointer).filter(|l| l.exact).map(|l| NodeRef::new(tree, l.node)) else {
            continue;
        };
        let mut seen: Vec<&str> = Vec::new();
        keywords(node, &m.pointer, &mut seen, out, 0);
    }
}

fn keywords<'t>(node: NodeRef<'t>, at: &Pointer, seen: &mut Vec<&'t str>, out: &mut Vec<Diagnostic>, depth: usize) {
    if depth > 64 {
        return;
    }
    if node.is_map() {
        let number = node.get("type").and_then(|t| t.as_str()) == Some("number");
        for (k, v) in node.entries() {
            if k == "properties" || k == "definitions" || k == "patternProperties" {
                for (name, s) in v.entries() {
                    keywords(s, &at.child(k).child(name), seen, out, depth + 1);
                }
                continue;
            }
            let unsupported = UNSUPPORTED.contains(&k)
                || (k == "format" && number && v.as_str().is_some_and(|f| matches!(f, "int32" | "int64" | "decimal")));
            if unsupported && !seen.contains(&k) {
                seen.push(k);
                let what = if k == "format" {
                    format!("`format: {}` on a number", v.as_str().unwrap_or_default())
                } else {
                    format!("`{k}`")
                };
                out.push(
                    Diagnostic::new(Code::UnsupportedModelKeyword, format!("{what} is not supported in REST API models"))
                        .at_key(&at.child(k), "ignored by API Gateway's model validation")
                        .help("request validation ignores it; keep it for documentation, or express the rule with draft 4 keywords"),
                );
            }
            if v.is_map() || v.is_seq() {
                keywords(v, &at.child(k), seen, out, depth + 1);
            }
        }
    } else if node.is_seq() {
        for (i, item) in node.items().enumerate() {
            keywords(item, &at.index(i), seen, out, depth + 1);
        }
    }
}
