//! What HTTP APIs ignore, reported as info the way `ImportInfo` does: request validation and
//! models, and operations without an integration.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    request_validation(input, out);
    for r in &input.api.routes {
        if r.target.is_none() && input.node(&r.pointer.child("x-amazon-apigateway-integration")).is_none() {
            out.push(
                Diagnostic::new(Code::RouteWithoutIntegration, format!("route `{}` has no integration", r.key))
                    .at_key(&r.pointer, "no `x-amazon-apigateway-integration`")
                    .help(
                        "add an integration, or attach one after import; until then the route cannot answer requests",
                    ),
            );
        }
    }
}

/// One info per document: request bodies, parameter schemas and models are not validated.
fn request_validation(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: Option<Pointer> = None;
    let mut count = 0usize;
    for r in &input.api.routes {
        let Some(op) = input.node(&r.pointer) else { continue };
        let has_body = op.get("requestBody").is_some();
        let has_param_schema = op.get("parameters").is_some_and(|ps| ps.items().any(|p| p.get("schema").is_some()));
        if has_body || has_param_schema {
            count += 1;
            first.get_or_insert_with(|| r.pointer.child(if has_body { "requestBody" } else { "parameters" }));
        }
    }
    let schemas = Pointer::root().child("components").child("schemas");
    if first.is_none() && input.node(&schemas).is_some_and(|s| !s.is_empty()) {
        first = Some(schemas);
    }
    if let Some(at) = first {
        let what = if count > 1 { format!(" ({count} operations)") } else { String::new() };
        out.push(
            Diagnostic::new(
                Code::RequestValidationIgnored,
                format!(
                    "HTTP APIs do not validate requests: request bodies, parameter schemas and models are ignored{what}"
                ),
            )
            .at_key(&at, "not validated by API Gateway")
            .help("validate in the integration, or use a REST API with a request validator"),
        );
    }
}
