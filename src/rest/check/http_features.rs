//! GW811: what only HTTP APIs read, found in a REST API document (the mirror of GW603). REST
//! import passes over it: the behaviour it describes does not happen.

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::rest::ir::RestApi;
use crate::tree::Tree;

pub(super) fn run(api: &RestApi, tree: &Tree, out: &mut Vec<Diagnostic>) {
    let Some(root) = tree.root() else { return };
    let top = Pointer::root();
    let mut found = |at: Pointer, what: &str, instead: &str| {
        out.push(
            Diagnostic::new(Code::IgnoredHttpFeature, format!("{what} is read by HTTP APIs only"))
                .at_key(&at, "REST APIs ignore this")
                .help(instead.to_string()),
        );
    };
    if root.get("x-amazon-apigateway-cors").is_some() {
        found(
            top.child("x-amazon-apigateway-cors"),
            "`x-amazon-apigateway-cors`",
            "REST APIs answer CORS preflights with an `options` method (a `mock` integration whose responses set the `Access-Control-Allow-*` headers)",
        );
    }
    if root.get("x-amazon-apigateway-importexport-version").is_some() {
        found(
            top.child("x-amazon-apigateway-importexport-version"),
            "`x-amazon-apigateway-importexport-version`",
            "remove it",
        );
    }
    if root.get("components").and_then(|c| c.get("x-amazon-apigateway-integrations")).is_some() {
        found(
            top.child("components").child("x-amazon-apigateway-integrations"),
            "`components.x-amazon-apigateway-integrations`",
            "write each integration on its operation (YAML anchors can share one definition)",
        );
    }
    let (schemes, at) = crate::rest::lower::schemes(root, api.swagger);
    for (name, s) in schemes.filter(|s| s.is_map()).map(|s| s.entries()).unwrap_or_default() {
        let Some(a) = s.get("x-amazon-apigateway-authorizer") else { continue };
        let ext = at.child(name).child("x-amazon-apigateway-authorizer");
        if a.get("type").and_then(|t| t.as_str()).is_some_and(|t| t.eq_ignore_ascii_case("jwt")) {
            found(
                ext.child("type"),
                "a `jwt` authorizer",
                "use a `cognito_user_pools` authorizer, or a Lambda authorizer that validates the token",
            );
        }
        for key in ["authorizerPayloadFormatVersion", "enableSimpleResponses"] {
            if a.get(key).is_some() {
                found(ext.child(key), &format!("`{key}`"), "remove it: REST Lambda authorizers return an IAM policy");
            }
        }
    }
    for (_, m) in api.methods() {
        let Some(i) = &m.integration else { continue };
        let Some(node) = tree.locate(&i.pointer).filter(|l| l.exact).map(|l| crate::tree::NodeRef::new(tree, l.node))
        else {
            continue;
        };
        for key in ["payloadFormatVersion", "integrationSubtype"] {
            if node.get(key).is_some() {
                found(
                    i.pointer.child(key),
                    &format!("`{key}`"),
                    "remove it: REST Lambda proxy integrations always send the 1.0 event, and AWS service actions are `aws` integrations with a `uri`",
                );
            }
        }
        if node.get("tlsConfig").and_then(|t| t.get("serverNameToVerify")).is_some() {
            found(
                i.pointer.child("tlsConfig").child("serverNameToVerify"),
                "`tlsConfig.serverNameToVerify`",
                "remove it: REST integrations take `tlsConfig.insecureSkipVerification`",
            );
        }
        if node.get("isDefaultRoute").is_some() {
            found(
                i.pointer.child("isDefaultRoute"),
                "`isDefaultRoute`",
                "use a greedy `/{proxy+}` resource with `x-amazon-apigateway-any-method`",
            );
        }
    }
}
