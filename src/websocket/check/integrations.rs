//! Integrations (GW1007): a type WebSocket APIs have (`AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`,
//! `MOCK`), the URI every type but `MOCK` needs, the HTTP method HTTP integrations need, the
//! values AWS accepts for `connectionType`, `passthroughBehavior`, `contentHandling`, and a
//! timeout from 50 ms to 29 s. GW1008: fields only HTTP or REST APIs read.

use crate::diagnostics::{Code, Diagnostic};
use crate::websocket::ir::{Integration, WebSocketApi};
use serde_json::Value;

const TYPES: [&str; 5] = ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"];

pub(super) fn run(api: &WebSocketApi, out: &mut Vec<Diagnostic>) {
    for i in &api.integrations {
        integration(i, out);
        for p in &i.http_only_fields {
            out.push(
                Diagnostic::new(
                    Code::HttpOnlyIntegrationField,
                    format!("integration `{}` sets `{}`, which WebSocket integrations do not have", i.id, p.last()),
                )
                .at_key(p, "not part of a WebSocket integration")
                .help("remove it: it is not deployed"),
            );
        }
    }
}

fn integration(i: &Integration, out: &mut Vec<Diagnostic>) {
    let bad = |message: String| Diagnostic::new(Code::InvalidWebsocketIntegration, message);
    let ty = i.integration_type.as_str();
    match ty {
        Some(t) if !TYPES.contains(&t) => out.push(
            bad(format!("integration `{}` has the type `{}`, which does not exist", i.id, t.to_ascii_lowercase()))
                .at_value(&i.pointer.child("type"), "not `aws`, `aws_proxy`, `http`, `http_proxy` or `mock`")
                .help("use `aws_proxy` for a Lambda function, `http_proxy` for an HTTP backend"),
        ),
        None if i.integration_type.is_null() => out.push(
            bad(format!("integration `{}` has no `type`", i.id))
                .at_key(&i.pointer, "no `type`")
                .help("add `type: aws_proxy` (Lambda), `http_proxy`, `aws`, `http` or `mock`"),
        ),
        _ => {}
    }
    if ty != Some("MOCK") && !i.integration_type.is_null() && i.uri.is_none() {
        out.push(
            bad(format!("integration `{}` has no `uri`", i.id))
                .at_key(&i.pointer, "no `uri`")
                .help("add the Lambda invocation ARN, the HTTP endpoint or the service action as `uri`"),
        );
    }
    if matches!(ty, Some("HTTP" | "HTTP_PROXY")) && i.http_method.is_none() {
        out.push(
            bad(format!("HTTP integration `{}` has no `httpMethod`", i.id))
                .at_key(&i.pointer, "no `httpMethod`")
                .help("add `httpMethod: POST` (the method API Gateway calls the backend with)"),
        );
    }
    one_of(i, "connectionType", i.connection_type.as_ref(), &["INTERNET", "VPC_LINK"], out);
    one_of(
        i,
        "passthroughBehavior",
        i.passthrough_behavior.as_ref(),
        &["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"],
        out,
    );
    one_of(i, "contentHandling", i.content_handling.as_ref(), &["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"], out);
    if i.connection_type.as_ref().and_then(Value::as_str) == Some("VPC_LINK") && i.connection_id.is_none() {
        out.push(
            bad(format!("integration `{}` uses a VPC link and has no `connectionId`", i.id))
                .at_value(&i.pointer.child("connectionType"), "`VPC_LINK` needs `connectionId`")
                .help("add `connectionId` with the VPC link's id"),
        );
    }
    if let Some(t) = i.timeout_in_millis.as_i64()
        && !(50..=29_000).contains(&t)
    {
        out.push(
            bad(format!("integration `{}` has a timeout of {t} ms, outside 50 to 29000", i.id))
                .at_value(&i.pointer.child("timeoutInMillis"), "out of range")
                .help("WebSocket integrations time out after 50 ms to 29 seconds")
                .replace_value(
                    &i.pointer.child("timeoutInMillis"),
                    &crate::value::clamp(t, 50, 29_000),
                    "bring it into range",
                ),
        );
    }
}

fn one_of(i: &Integration, key: &str, value: Option<&Value>, allowed: &[&str], out: &mut Vec<Diagnostic>) {
    let Some(v) = value.and_then(Value::as_str) else { return };
    if allowed.contains(&v) {
        return;
    }
    let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
    out.push(
        Diagnostic::new(Code::InvalidWebsocketIntegration, format!("integration `{}` has `{key}: {v}`", i.id))
            .at_value(&i.pointer.child(key), format!("not one of {list}"))
            .help(format!("write one of {list}")),
    );
}
