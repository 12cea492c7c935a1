//! Authorizers: GW1005 (an authorizer on a route other than `$connect`: "authorization is
//! only supported on the `$connect` route"), GW1006 (a WebSocket authorizer is a Lambda
//! `REQUEST` authorizer with an `authorizerUri`, and its identity sources are
//! `route.request.header.NAME` or `route.request.querystring.NAME`, or stage variables and
//! context variables).

use crate::diagnostics::{Code, Diagnostic};
use crate::websocket::ir::{Authorizer, WebSocketApi};
use crate::websocket::written::{Name, Written, literal};

pub(super) fn run(api: &WebSocketApi, out: &mut Vec<Diagnostic>) {
    for r in &api.routes {
        if r.key == "$connect" {
            continue;
        }
        let Some(a) = &r.authorizer else { continue };
        let help = match api.written {
            Written::AsyncApi => {
                "move the security requirement to the `$connect` operation: a connection is authorized once, when it opens"
            }
            _ => "move the authorizer to the `$connect` route: a connection is authorized once, when it opens",
        };
        out.push(
            Diagnostic::new(
                Code::AuthorizerNotOnConnect,
                format!(
                    "route `{}` names the authorizer `{}`, and WebSocket APIs authorize `$connect` only",
                    r.key, a.value
                ),
            )
            .at_value(&a.pointer, "an authorizer here")
            .help(help),
        );
    }
    for a in &api.authorizers {
        authorizer(a, api.written, out);
    }
}

fn authorizer(a: &Authorizer, w: Written, out: &mut Vec<Diagnostic>) {
    let bad = |message: String| Diagnostic::new(Code::InvalidWebsocketAuthorizer, message);
    let (ty, uri) = (w.key(Name::AuthorizerType), w.key(Name::AuthorizerUri));
    if let Some(t) = literal(&a.authorizer_type)
        && t != "REQUEST"
    {
        out.push(
            bad(format!(
                "authorizer `{}` has type `{}`, and WebSocket APIs take Lambda `{}` authorizers only",
                a.name,
                w.value(t),
                w.value("REQUEST")
            ))
            .at_value(&a.pointer.child(ty), format!("not `{}`", w.value("REQUEST")))
            .help(format!("write {}, with `{uri}` naming the Lambda function", w.set(Name::AuthorizerType, "REQUEST"))),
        );
    } else if a.authorizer_type.is_null() {
        out.push(
            bad(format!("authorizer `{}` has no `{ty}`", a.name))
                .at_key(&a.pointer, format!("no `{ty}`"))
                .help(format!("add {}", w.set(Name::AuthorizerType, "REQUEST"))),
        );
    }
    if a.uri.is_none() {
        let arn = "arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations";
        let help = match w {
            Written::Terraform => format!("add `{uri} = aws_lambda_function.FUNCTION.invoke_arn`"),
            _ => format!("add `{uri}: {arn}`"),
        };
        out.push(
            bad(format!("authorizer `{}` has no `{uri}`", a.name)).at_key(&a.pointer, format!("no `{uri}`")).help(help),
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
