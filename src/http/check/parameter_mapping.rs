//! Parameter mapping of HTTP and Lambda integrations: key grammar, reserved headers, response
//! status codes.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Integration, IntegrationKind};
use crate::pointer::Pointer;

/// Headers no mapping may touch (AWS parameter mapping reference).
const RESERVED: &[&str] = &[
    "authorization",
    "connection",
    "content-encoding",
    "content-length",
    "content-location",
    "forwarded",
    "keep-alive",
    "origin",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-proto",
    "via",
];
const RESERVED_PREFIXES: &[&str] = &["access-control-", "apigw-", "x-amz-", "x-amzn-"];

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    for i in &input.api.integrations {
        if matches!(i.kind, IntegrationKind::Service(_) | IntegrationKind::Other(_)) {
            continue;
        }
        let req = i.pointer.child("requestParameters");
        for key in i.request_parameters.keys() {
            check_key(key, &req.child(key), false, out);
        }
        response(i, out);
    }
}

fn response(i: &Integration, out: &mut Vec<Diagnostic>) {
    let at = i.pointer.child("responseParameters");
    for (status, map) in &i.response_parameters {
        let ok = status.len() == 3 && status.parse::<u16>().is_ok_and(|s| (200..=599).contains(&s));
        if !ok {
            out.push(
                Diagnostic::new(
                    Code::InvalidParameterMapping,
                    format!("`{status}` is not a status code from 200 to 599"),
                )
                .at_key(&at.child(status), "response mappings are keyed by status code")
                .help("key response parameter mappings by the backend's status code, such as \"200\" or \"404\""),
            );
        }
        for key in map.keys() {
            check_key(key, &at.child(status).child(key), true, out);
        }
    }
}

fn check_key(key: &str, at: &Pointer, response: bool, out: &mut Vec<Diagnostic>) {
    let exact = if response { key == "overwrite:statuscode" } else { key == "overwrite:path" };
    if exact {
        return;
    }
    let target =
        key.split_once(':').filter(|(action, _)| matches!(*action, "append" | "overwrite" | "remove")).map(|(_, t)| t);
    let (kind, name) = match target.and_then(|t| t.split_once('.')) {
        Some(("header", n)) if !n.is_empty() => ("header", n),
        Some(("querystring", n)) if !n.is_empty() && !response => ("querystring", n),
        _ => {
            let grammar = if response {
                "`append|overwrite|remove:header.<name>` or `overwrite:statuscode`"
            } else {
                "`append|overwrite|remove:header.<name>`, `append|overwrite|remove:querystring.<name>` or `overwrite:path`"
            };
            let rest = key.starts_with("integration.") || key.starts_with("method.");
            out.push(
                Diagnostic::new(Code::InvalidParameterMapping, format!("`{key}` is not a parameter mapping key"))
                    .at_key(at, if rest { "a REST API mapping key" } else { "unknown form" })
                    .help(format!("HTTP API mapping keys are {grammar}")),
            );
            return;
        }
    };
    let lower = name.to_ascii_lowercase();
    if kind == "header"
        && (RESERVED.contains(&lower.as_str()) || RESERVED_PREFIXES.iter().any(|p| lower.starts_with(p)))
    {
        out.push(
            Diagnostic::new(Code::ReservedHeaderMapping, format!("header `{name}` is reserved and cannot be mapped"))
                .at_key(at, "reserved header")
                .help("map a different header; API Gateway manages this one itself"),
        );
    }
}
