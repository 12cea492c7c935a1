//! Integrations (GW1007): a type WebSocket APIs have (`AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`,
//! `MOCK`), the URI every type but `MOCK` needs, the HTTP method HTTP integrations need, the
//! values AWS accepts for `connectionType`, `passthroughBehavior`, `contentHandling`, and a
//! timeout from 50 ms to 29 s. GW1008: fields only HTTP or REST APIs read.

use crate::diagnostics::{Code, Diagnostic};
use crate::websocket::ir::{Integration, WebSocketApi};
use crate::websocket::written::{Name, Written, literal};
use serde_json::Value;

const TYPES: [&str; 5] = ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"];

pub(super) fn run(api: &WebSocketApi, out: &mut Vec<Diagnostic>) {
    for i in &api.integrations {
        integration(i, api.written, out);
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

fn integration(i: &Integration, w: Written, out: &mut Vec<Diagnostic>) {
    let bad = |message: String| Diagnostic::new(Code::InvalidWebsocketIntegration, message);
    let at = |name: Name| i.pointer.child(w.key(name));
    let ty = literal(&i.integration_type);
    match ty {
        Some(t) if !TYPES.contains(&t) => out.push(
            bad(format!("integration `{}` has the type `{}`, which does not exist", i.id, w.value(t)))
                .at_value(&at(Name::IntegrationType), {
                    let list: Vec<String> = TYPES.iter().map(|t| format!("`{}`", w.value(t))).collect();
                    format!("not {} or {}", list[..4].join(", "), list[4])
                })
                .help(format!(
                    "use `{}` for a Lambda function, `{}` for an HTTP backend",
                    w.value("AWS_PROXY"),
                    w.value("HTTP_PROXY")
                )),
        ),
        None if i.integration_type.is_null() => out.push(
            bad(format!("integration `{}` has no `{}`", i.id, w.key(Name::IntegrationType)))
                .at_key(&i.pointer, format!("no `{}`", w.key(Name::IntegrationType)))
                .help(format!(
                    "add {} (Lambda), `{}`, `{}`, `{}` or `{}`",
                    w.set(Name::IntegrationType, "AWS_PROXY"),
                    w.value("HTTP_PROXY"),
                    w.value("AWS"),
                    w.value("HTTP"),
                    w.value("MOCK")
                )),
        ),
        _ => {}
    }
    if ty != Some("MOCK") && !i.integration_type.is_null() && i.uri.is_none() {
        out.push(
            bad(format!("integration `{}` has no `{}`", i.id, w.key(Name::Uri)))
                .at_key(&i.pointer, format!("no `{}`", w.key(Name::Uri)))
                .help(format!(
                    "add the Lambda invocation ARN, the HTTP endpoint or the service action as `{}`",
                    w.key(Name::Uri)
                )),
        );
    }
    if matches!(ty, Some("HTTP" | "HTTP_PROXY")) && i.http_method.is_none() {
        out.push(
            bad(format!("HTTP integration `{}` has no `{}`", i.id, w.key(Name::HttpMethod)))
                .at_key(&i.pointer, format!("no `{}`", w.key(Name::HttpMethod)))
                .help(format!(
                    "add {} (the method API Gateway calls the backend with)",
                    w.set(Name::HttpMethod, "POST")
                )),
        );
    }
    one_of(i, w, Name::ConnectionType, i.connection_type.as_ref(), &["INTERNET", "VPC_LINK"], out);
    one_of(
        i,
        w,
        Name::PassthroughBehavior,
        i.passthrough_behavior.as_ref(),
        &["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"],
        out,
    );
    one_of(i, w, Name::ContentHandling, i.content_handling.as_ref(), &["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"], out);
    if i.connection_type.as_ref().and_then(literal) == Some("VPC_LINK") && i.connection_id.is_none() {
        out.push(
            bad(format!("integration `{}` uses a VPC link and has no `{}`", i.id, w.key(Name::ConnectionId)))
                .at_value(&at(Name::ConnectionType), format!("`VPC_LINK` needs `{}`", w.key(Name::ConnectionId)))
                .help(format!("add `{}` with the VPC link's id", w.key(Name::ConnectionId))),
        );
    }
    if let Some(t) = i.timeout_in_millis.as_i64()
        && !(50..=29_000).contains(&t)
    {
        out.push(
            bad(format!("integration `{}` has a timeout of {t} ms, outside 50 to 29000", i.id))
                .at_value(&at(Name::Timeout), "out of range")
                .help("WebSocket integrations time out after 50 ms to 29 seconds")
                .replace_value(&at(Name::Timeout), &crate::value::clamp(t, 50, 29_000), "bring it into range"),
        );
    }
}

fn one_of(i: &Integration, w: Written, name: Name, value: Option<&Value>, allowed: &[&str], out: &mut Vec<Diagnostic>) {
    let Some(v) = value.and_then(literal) else { return };
    if allowed.contains(&v) {
        return;
    }
    let key = w.key(name);
    let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
    out.push(
        Diagnostic::new(Code::InvalidWebsocketIntegration, format!("integration `{}` has `{key}: {v}`", i.id))
            .at_value(&i.pointer.child(key), format!("not one of {list}"))
            .help(format!("write one of {list}")),
    );
}
