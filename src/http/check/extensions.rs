//! `x-amazon-apigateway-*` extensions in an HTTP API document: names that do not exist or sit
//! where API Gateway does not read them (`doc_checks::extensions`, GW600), REST-only extensions
//! HTTP APIs ignore (GW603), and the resource policy that is not applied (GW602).

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::doc_checks::extensions::{Known, PREFIX, Place};

/// REST-only properties of `x-amazon-apigateway-integration`.
const REST_INTEGRATION_FIELDS: &[&str] = &[
    "passthroughBehavior",
    "contentHandling",
    "requestTemplates",
    "responses",
    "cacheKeyParameters",
    "cacheNamespace",
];

/// GW600 and GW602/GW603: the document's extensions (read from the document alone).
pub(super) fn run_document(found: &crate::doc_checks::walk::Found, out: &mut Vec<Diagnostic>) {
    for k in crate::doc_checks::extensions::run(found, false, out) {
        ignored_by_http(&k, out);
    }
}

/// GW603 for REST-only settings of the integrations HTTP APIs read.
pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    for i in &input.api.integrations {
        let Some(node) = input.node(&i.pointer) else { continue };
        let mut rest: Vec<&str> = REST_INTEGRATION_FIELDS.iter().copied().filter(|f| node.get(f).is_some()).collect();
        if node.get("tlsConfig").and_then(|t| t.get("insecureSkipVerification")).is_some() {
            rest.push("tlsConfig.insecureSkipVerification");
        }
        if let Some(first) = rest.first() {
            let list = rest.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
            let at = i.pointer.child(first.split('.').next().unwrap_or(first));
            out.push(
                Diagnostic::new(Code::IgnoredRestFeature, format!("HTTP APIs ignore {list} (REST API integration settings)"))
                    .at_key(&at, "ignored")
                    .help("HTTP API integrations are proxies: no mapping templates, integration responses or caching; remove these, or build a REST API"),
            );
        }
    }
}

/// GW602 and GW603: a REST API extension in an HTTP API document.
fn ignored_by_http(k: &Known<'_>, out: &mut Vec<Diagnostic>) {
    if k.http || k.place == Place::Other {
        return;
    }
    let (full, at) = (format!("{PREFIX}{}", k.name), &k.pointer);
    if k.name == "policy" {
        out.push(
            Diagnostic::new(Code::ResourcePolicyIgnored, "HTTP APIs do not apply resource policies: this one restricts nothing")
                .at_key(at, "not applied")
                .help("restrict access with IAM authorization (`x-amazon-apigateway-authtype: awsSigv4`), an authorizer, or a private REST API"),
        );
    } else {
        out.push(
            Diagnostic::new(Code::IgnoredRestFeature, format!("HTTP APIs ignore `{full}` (a REST API feature)"))
                .at_key(at, "ignored")
                .help("remove it from the HTTP API document, or build a REST API"),
        );
    }
}
