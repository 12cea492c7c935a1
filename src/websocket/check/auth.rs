//! Authorizers: GW1005 (an authorizer on a route other than `$connect`: "authorization is
//! only supported on the `$connect` route"), GW1006 (a WebSocket authorizer is a Lambda
//! `REQUEST` authorizer with an `authorizerUri`, and its identity sources are
//! `route.request.header.NAME` or `route.request.querystring.NAME`, or stage variables and
//! context variables).

use crate::diagnostics::{Code, Diagnostic};
use crate::websocket::ir::{Authorizer, WebSocketApi};

pub(super) fn run(api: &WebSocketApi, out: &mut Vec<Diagnostic>) {
    for r in &api.routes {
        if r.key == "$connect" {
            continue;
        }
        let Some(a) = &r.authorizer else { continue };
        out.push(
            Diagnostic::new(
                Code::AuthorizerNotOnConnect,
                format!("route `{}` names the authorizer `{}`, and WebSocket APIs authorize `$connect` only", r.key, a.value),
            )
            .at_value(&a.pointer, "an authorizer here")
            .help("move the security requirement to the `$connect` operation: a connection is authorized once, when it opens"),
        );
    }
    for a in &api.authorizers {
        authorizer(a, out);
    }
}

fn authorizer(a: &Authorizer, out: &mut Vec<Diagnostic>) {
    let bad = |message: String| Diagnostic::new(Code::InvalidWebsocketAuthorizer, message);
    if let Some(t) = a.authorizer_type.as_str()
        && t != "REQUEST"
    {
        out.push(
            bad(format!(
                "authorizer `{}` has type `{}`, and WebSocket APIs take Lambda `request` authorizers only",
                a.name,
                t.to_ascii_lowercase()
            ))
            .at_value(&a.pointer.child("type"), "not `request`")
            .help("write `type: request`, with `authorizerUri` naming the Lambda function"),
        );
    } else if a.authorizer_type.is_null() {
        out.push(
            bad(format!("authorizer `{}` has no `type`", a.name))
                .at_key(&a.pointer, "no `type`")
                .help("add `type: request`"),
        );
    }
    if a.uri.is_none() {
        out.push(
            bad(format!("authorizer `{}` has no `authorizerUri`", a.name))
                .at_key(&a.pointer, "no `authorizerUri`")
                .help("add `authorizerUri: arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations`"),
        );
    }
    for s in &a.identity_source {
        if identity_source_ok(&s.value) {
            continue;
        }
        let suggestion = s
            .value
            .strip_prefix("$request.header.")
            .or_else(|| s.value.strip_prefix("method.request.header."))
            .map(|h| format!("route.request.header.{h}"))
            .or_else(|| {
                s.value
                    .strip_prefix("$request.querystring.")
                    .or_else(|| s.value.strip_prefix("method.request.querystring."))
                    .map(|q| format!("route.request.querystring.{q}"))
            });
        let help = match &suggestion {
            Some(w) => format!("WebSocket identity sources are written `route.request.…`: write `{w}`"),
            None => "write `route.request.header.NAME` or `route.request.querystring.NAME`".to_string(),
        };
        out.push(
            bad(format!("the identity source `{}` of authorizer `{}` is not one WebSocket APIs read", s.value, a.name))
                .at_value(&s.pointer, "not `route.request.header.NAME` or `route.request.querystring.NAME`")
                .help(help),
        );
    }
}

fn identity_source_ok(s: &str) -> bool {
    ["route.request.header.", "route.request.querystring.", "stageVariables.", "context."]
        .iter()
        .any(|p| s.strip_prefix(p).is_some_and(|name| !name.is_empty()))
}
