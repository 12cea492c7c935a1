//! Selection expressions (GW1004), as "WebSocket selection expressions" in the developer guide
//! allows them: the route and model selection expressions read the message body
//! (`$request.body.NAME`, or several variables with text between); the route response
//! selection expression is `$default` only; the API key selection expression is
//! `$request.header.x-api-key` or `$context.authorizer.usageIdentifierKey`; template selection
//! expressions must at least be readable.

use crate::diagnostics::{Code, Diagnostic};
use crate::value::Field;
use crate::websocket::expression;
use crate::websocket::ir::WebSocketApi;
use crate::websocket::written::literal;
use serde_json::Value;

const API_KEY: [&str; 2] = ["$request.header.x-api-key", "$context.authorizer.usageIdentifierKey"];

pub(super) fn run(api: &WebSocketApi, out: &mut Vec<Diagnostic>) {
    if let Some(f) = &api.route_selection_expression {
        body(f, "route", out);
    }
    if let Some(f) = &api.api_key_selection_expression
        && let Some(text) = literal(&f.value)
        && !API_KEY.contains(&text.trim())
    {
        out.push(
            bad(f, "API key", "AWS supports two values only")
                .help(format!("write `{}` or `{}`", API_KEY[0], API_KEY[1])),
        );
    }
    for r in &api.routes {
        if let Some(f) = &r.model_selection_expression {
            body(f, "model", out);
        }
        if let Some(f) = &r.route_response_selection_expression
            && let Some(text) = literal(&f.value)
            && text.trim() != "$default"
        {
            out.push(
                bad(f, "route response", "AWS supports `$default` only")
                    .help("write `$default` (a two-way route), or remove it (a one-way route)")
                    .replace_value(&f.pointer, "$default", "write `$default`"),
            );
        }
    }
    for i in &api.integrations {
        let responses = i.responses.iter().filter_map(|r| r.template_selection_expression.as_ref());
        for f in i.template_selection_expression.iter().chain(responses) {
            if let Some(text) = literal(&f.value)
                && let Err(why) = expression::parse(text)
            {
                out.push(bad(f, "template", &why).help("write `${request.body.NAME}`, or `\\$default`"));
            }
        }
    }
}

/// A route or model selection expression must select by the message body.
fn body(f: &Field<Value>, what: &str, out: &mut Vec<Diagnostic>) {
    let Some(text) = literal(&f.value) else { return };
    if let Some(why) = expression::body_selection_problem(text) {
        let mut d = bad(f, what, &why).help("select by a property of the JSON message, such as `$request.body.action`");
        if text.trim() == "$request.method $request.path" {
            d = d.help("`$request.method $request.path` is an HTTP API's expression; a WebSocket API selects by the message body, such as `$request.body.action`");
        }
        out.push(d);
    }
}

fn bad(f: &Field<Value>, what: &str, why: &str) -> Diagnostic {
    let text = f.value.as_str().unwrap_or_default();
    Diagnostic::new(
        Code::InvalidSelectionExpression,
        format!("the {what} selection expression `{text}` is not accepted"),
    )
    .at_value(&f.pointer, why.to_string())
}
