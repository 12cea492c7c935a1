//! REST integrations: GW818 type, URI and HTTP method; GW804 non-string mapping values (AWS's
//! recorded warning); GW805 mapping expressions; GW806 integration responses for undeclared
//! statuses (advice); GW815 the timeout; GW816 template size.

use super::mapping::{Place, valid_key, valid_value};
use crate::diagnostics::{Code, Diagnostic};
use crate::rest::ir::{Integration, Method, Resource, RestApi};
use serde_json::Value;

/// Mapping templates are at most 300 KB (quotas page, REST APIs).
const MAX_TEMPLATE: usize = 300 * 1024;

pub(super) fn run(api: &RestApi, out: &mut Vec<Diagnostic>) {
    for (r, m) in api.methods() {
        let Some(i) = &m.integration else { continue };
        kind(i, out);
        request_parameters(r, m, i, out);
        responses(m, i, out);
        timeout(i, out);
        templates(i, out);
    }
}

fn kind(i: &Integration, out: &mut Vec<Diagnostic>) {
    let at = &i.pointer;
    let ty = match &i.integration_type {
        Value::String(t) => t.as_str(),
        Value::Null => {
            out.push(
                Diagnostic::new(Code::InvalidRestIntegration, "the integration has no `type`")
                    .at_key(at, "no `type` here")
                    .help("set `type` to `aws_proxy`, `aws`, `http_proxy`, `http` or `mock`"),
            );
            return;
        }
        _ => return,
    };
    if !matches!(ty, "AWS" | "AWS_PROXY" | "HTTP" | "HTTP_PROXY" | "MOCK") {
        out.push(
            Diagnostic::new(
                Code::InvalidRestIntegration,
                format!("`{}` is not a REST integration type", ty.to_ascii_lowercase()),
            )
            .at_value(&at.child("type"), "unknown type")
            .help("REST APIs take `aws_proxy`, `aws`, `http_proxy`, `http` and `mock`"),
        );
        return;
    }
    if ty == "MOCK" {
        return;
    }
    if i.uri.is_none() {
        out.push(
            Diagnostic::new(
                Code::InvalidRestIntegration,
                format!("an `{}` integration needs a `uri`", ty.to_ascii_lowercase()),
            )
            .at_key(at, "no `uri` here")
            .help("add the backend's `uri` (a Lambda invocation ARN, an AWS service action, or an HTTP URL)"),
        );
    }
    if i.http_method.as_ref().is_none_or(|m| m.as_str().is_some_and(str::is_empty)) {
        out.push(
            Diagnostic::new(Code::InvalidRestIntegration, format!("an `{}` integration needs an `httpMethod`", ty.to_ascii_lowercase()))
                .at_key(at, "no `httpMethod` here")
                .help("add `httpMethod` (`POST` for Lambda; AWS answers `Enumeration value for HttpMethod must be non-empty`)"),
        );
    }
}

fn request_parameters(r: &Resource, m: &Method, i: &Integration, out: &mut Vec<Diagnostic>) {
    let at = i.pointer.child("requestParameters");
    for (key, value) in i.request_parameters.iter().chain(&i.skipped_request_parameters) {
        mapping(Place::IntegrationRequest, key, value, &at.child(key), out, Some((r, m)));
        // A value from the method request must be declared by the method.
        if let Some(v) = value.as_str().map(str::trim)
            && v.starts_with("method.request.")
            && !v.starts_with("method.request.body")
            && !v.starts_with("method.request.multivalue")
            && valid_value(Place::IntegrationRequest, v)
            && !m.request_parameters.contains_key(v)
        {
            out.push(
                Diagnostic::new(Code::InvalidMappingExpression, format!("`{v}` is not a parameter of {} {}", m.http_method, r.path))
                    .at_value(&at.child(key), "the method does not declare it")
                    .help("declare the parameter in the operation's `parameters` (AWS answers `Invalid mapping expression specified`)"),
            );
        }
    }
}

/// GW804, then GW805, for one mapping entry. `method` names the resource and method in the text
/// AWS writes for request parameters.
pub(super) fn mapping(
    place: Place,
    key: &str,
    value: &Value,
    at: &crate::pointer::Pointer,
    out: &mut Vec<Diagnostic>,
    method: Option<(&Resource, &Method)>,
) {
    let field = match place {
        Place::IntegrationRequest => "requestParameters",
        Place::IntegrationResponse | Place::GatewayResponse => "responseParameters",
    };
    match value {
        Value::String(v) => {
            if !valid_key(place, key) {
                out.push(
                    Diagnostic::new(Code::InvalidMappingExpression, format!("`{key}` cannot be mapped to here"))
                        .at_key(at, "not a mapping target")
                        .help(match place {
                            Place::IntegrationRequest => {
                                "request parameters map to `integration.request.{path|querystring|header}.NAME`"
                            }
                            Place::IntegrationResponse => "response parameters map to `method.response.header.NAME`",
                            Place::GatewayResponse => {
                                "gateway response parameters map to `gatewayresponse.{header|path|querystring}.NAME`"
                            }
                        }),
                );
            }
            if !valid_value(place, v) {
                out.push(
                    Diagnostic::new(Code::InvalidMappingExpression, format!("`{v}` is not a mapping expression"))
                        .at_value(at, "not an expression or a quoted literal")
                        .help(match place {
                            Place::IntegrationResponse => "use `integration.response.header.NAME`, `integration.response.body[.path]`, `stageVariables.NAME`, `context.NAME` or a literal in single quotes",
                            _ => "use `method.request.{path|querystring|header}.NAME`, `method.request.body[.path]`, `stageVariables.NAME`, `context.NAME` or a literal in single quotes (`'value'`)",
                        }),
                );
            }
        }
        Value::Object(_) => {} // an intrinsic, resolved at deploy time
        other => {
            let shown = match other {
                Value::Null => "null".to_string(),
                v => v.to_string(),
            };
            let text = match method {
                Some((r, m)) => format!(
                    "Invalid format for '{field}'. Expected type string for property '{key}' of resource '{}' and method '{}' but got '{shown}'",
                    r.path, m.http_method
                ),
                None => {
                    format!("Invalid format for '{field}'. Expected type string for property '{key}' but got '{shown}'")
                }
            };
            out.push(
                Diagnostic::new(Code::NonStringMappingValue, text)
                    .at_value(at, "not a string")
                    .help("quote the value; a literal is written in single quotes inside the string (`\"'true'\"`)"),
            );
        }
    }
}

fn responses(m: &Method, i: &Integration, out: &mut Vec<Diagnostic>) {
    for (status, r) in &i.responses {
        let declared = m.method_responses.get(status);
        if declared.is_none() {
            out.push(
                Diagnostic::new(
                    Code::UndeclaredResponseStatus,
                    format!("the integration response sets status `{status}`, which the operation does not declare"),
                )
                .at_value(&r.pointer.child("statusCode"), "no such response in `responses`")
                .help(format!("add a `{status}` response to the operation's `responses`, so the integration response has a method response to map onto")),
            );
        }
        let at = r.pointer.child("responseParameters");
        for (key, value) in &r.response_parameters {
            mapping(Place::IntegrationResponse, key, value, &at.child(key), out, None);
            if let Some(d) = declared
                && valid_key(Place::IntegrationResponse, key)
                && !d.response_parameters.contains_key(key)
            {
                out.push(
                    Diagnostic::new(Code::InvalidMappingExpression, format!("the `{status}` method response does not declare `{key}`"))
                        .at_key(&at.child(key), "undeclared header")
                        .help(format!(
                            "declare the header under `responses.{status}.headers` (AWS answers `Invalid mapping expression specified`)"
                        )),
                );
            }
        }
    }
}

fn timeout(i: &Integration, out: &mut Vec<Diagnostic>) {
    // Lowering turned a timeout written as text into its number; an expression is not judged.
    let Some(t) = i.timeout_in_millis.as_i64() else { return };
    if !(50..=29_000).contains(&t) {
        out.push(
            Diagnostic::new(Code::RestIntegrationTimeout, format!("`timeoutInMillis: {t}` is outside 50 to 29000"))
                .at_value(&i.pointer.child("timeoutInMillis"), "out of range")
                .help("use 50 to 29000 ms; Regional and private APIs can go higher only after AWS raises the `Maximum integration timeout` quota")
                .replace_value(&i.pointer.child("timeoutInMillis"), &crate::value::clamp(t, 50, 29_000), "clamp to the nearest allowed timeout"),
        );
    }
}

fn templates(i: &Integration, out: &mut Vec<Diagnostic>) {
    let request = i.request_templates.iter().map(|(k, v)| (i.pointer.child("requestTemplates").child(k), v));
    let response = i.responses.values().flat_map(|r| {
        r.response_templates.iter().map(move |(k, v)| (r.pointer.child("responseTemplates").child(k), v))
    });
    for (at, v) in request.chain(response) {
        if let Some(t) = v.as_str()
            && t.len() > MAX_TEMPLATE
        {
            out.push(
                Diagnostic::new(
                    Code::MappingTemplateTooLarge,
                    format!("this mapping template is {} bytes; the limit is 300 KB ({MAX_TEMPLATE} bytes)", t.len()),
                )
                .at_value(&at, "too large")
                .help("shorten the template, or move the transformation into the backend"),
            );
        }
    }
}
