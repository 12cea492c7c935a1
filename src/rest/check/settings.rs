//! API settings and what hangs off the root: GW807 request validators referenced but not
//! defined, GW808 gateway response types, GW809 key source, binary media types, compression
//! size and policy size, and the gateway responses' own mappings.

use super::integrations::mapping;
use super::mapping::Place;
use crate::diagnostics::{Code, Diagnostic};
use crate::rest::ir::RestApi;
use serde_json::Value;

/// `GatewayResponseType` (API Gateway reference, `PutGatewayResponse`).
const RESPONSE_TYPES: [&str; 21] = [
    "ACCESS_DENIED",
    "API_CONFIGURATION_ERROR",
    "AUTHORIZER_CONFIGURATION_ERROR",
    "AUTHORIZER_FAILURE",
    "BAD_REQUEST_BODY",
    "BAD_REQUEST_PARAMETERS",
    "DEFAULT_4XX",
    "DEFAULT_5XX",
    "EXPIRED_TOKEN",
    "INTEGRATION_FAILURE",
    "INTEGRATION_TIMEOUT",
    "INVALID_API_KEY",
    "INVALID_SIGNATURE",
    "MISSING_AUTHENTICATION_TOKEN",
    "QUOTA_EXCEEDED",
    "REQUEST_TOO_LARGE",
    "RESOURCE_NOT_FOUND",
    "THROTTLED",
    "UNAUTHORIZED",
    "UNSUPPORTED_MEDIA_TYPE",
    "WAF_FILTERED",
];

/// `minimumCompressionSize` range, in bytes.
const MAX_COMPRESSION: i64 = 10_485_760;

/// Resource policy length (quotas page).
const MAX_POLICY: usize = 8192;

pub(super) fn run(api: &RestApi, out: &mut Vec<Diagnostic>) {
    validators(api, out);
    gateway_responses(api, out);
    settings(api, out);
}

fn validators(api: &RestApi, out: &mut Vec<Diagnostic>) {
    let defined = |name: &str| api.request_validators.iter().any(|v| v.name == name);
    let help = "define it under the root `x-amazon-apigateway-request-validators`, for example `basic: {validateRequestBody: true, validateRequestParameters: true}`";
    if let Some(d) = &api.default_validator
        && !defined(&d.value)
    {
        out.push(
            Diagnostic::new(
                Code::UndefinedRequestValidator,
                format!("the request validator `{}` is not defined", d.value),
            )
            .at_value(&d.pointer, "no such validator")
            .help(help),
        );
    }
    for (r, m) in api.methods() {
        let own = m.pointer.child("x-amazon-apigateway-request-validator");
        if let Some(name) = &m.request_validator
            && !defined(name)
            && api.default_validator.as_ref().is_none_or(|d| &d.value != name)
        {
            out.push(
                Diagnostic::new(
                    Code::UndefinedRequestValidator,
                    format!("{} {} uses the request validator `{name}`, which is not defined", m.http_method, r.path),
                )
                .at_value(&own, "no such validator")
                .help(help),
            );
        }
    }
}

fn gateway_responses(api: &RestApi, out: &mut Vec<Diagnostic>) {
    for g in &api.gateway_responses {
        if !RESPONSE_TYPES.contains(&g.response_type.as_str()) {
            let close = crate::suggest::closest(&g.response_type.to_ascii_uppercase(), RESPONSE_TYPES.iter().copied());
            out.push(
                Diagnostic::new(Code::UnknownGatewayResponseType, format!("`{}` is not a gateway response type", g.response_type))
                    .at_key(&g.pointer, "unknown type")
                    .help(match close {
                        Some(c) => format!("did you mean `{c}`? Types are upper case, such as `DEFAULT_4XX`"),
                        None => "use one of AWS's types, such as `DEFAULT_4XX`, `DEFAULT_5XX`, `UNAUTHORIZED` or `ACCESS_DENIED`".into(),
                    }),
            );
        }
        if let Some(Value::String(s)) = &g.status_code
            && !(s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
        {
            out.push(
                Diagnostic::new(Code::InvalidRestApiSetting, format!("`{s}` is not an HTTP status code"))
                    .at_value(&g.pointer.child("statusCode"), "expected three digits")
                    .help("write the status code as three digits, such as `403`"),
            );
        }
        let at = g.pointer.child("responseParameters");
        for (k, v) in &g.response_parameters {
            mapping(Place::GatewayResponse, k, v, &at.child(k), out, None);
        }
    }
}

fn settings(api: &RestApi, out: &mut Vec<Diagnostic>) {
    if let Some(s) = &api.api_key_source
        && let Some(v) = s.value.as_str()
        && !matches!(v, "HEADER" | "AUTHORIZER")
    {
        out.push(
            Diagnostic::new(Code::InvalidRestApiSetting, format!("`{v}` is not an API key source"))
                .at_value(&s.pointer, "expected HEADER or AUTHORIZER")
                .help("use `HEADER` (the `x-api-key` header) or `AUTHORIZER` (a Lambda authorizer's `usageIdentifierKey`)"),
        );
    }
    if let Some(m) = &api.minimum_compression_size {
        let n = m.value.as_i64().or_else(|| m.value.as_str().and_then(|s| s.trim().parse().ok()));
        if (m.value.is_number() || m.value.is_string()) && !n.is_some_and(|n| (0..=MAX_COMPRESSION).contains(&n)) {
            {
                out.push(
                    Diagnostic::new(
                        Code::InvalidRestApiSetting,
                        format!("`{}` is not a compression size from 0 to {MAX_COMPRESSION}", m.value),
                    )
                    .at_value(&m.pointer, "out of range")
                    .help("give a size in bytes from 0 to 10485760 (10 MiB); leave it out to disable compression"),
                );
            }
        }
    }
    for b in &api.binary_media_types {
        if let Some(t) = b.value.as_str()
            && !t.split_once('/').is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.contains('/'))
        {
            out.push(
                Diagnostic::new(Code::InvalidRestApiSetting, format!("`{t}` is not a media type"))
                    .at_value(&b.pointer, "expected type/subtype")
                    .help("write media types as `type/subtype`, such as `image/png` or `*/*`"),
            );
        }
    }
    if let Some(p) = &api.policy {
        let len = match &p.value {
            Value::String(s) => s.chars().count(),
            v => v.to_string().chars().count(),
        };
        if len > MAX_POLICY {
            out.push(
                Diagnostic::new(
                    Code::InvalidRestApiSetting,
                    format!("the resource policy is {len} characters; the limit is {MAX_POLICY}"),
                )
                .at_key(&p.pointer, "too long")
                .help("shorten the policy: combine statements, use wildcards in resources"),
            );
        }
    }
}
