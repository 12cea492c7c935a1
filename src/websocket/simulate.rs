//! `route FILE MESSAGE` for WebSocket APIs: the route API Gateway selects for a message, by the
//! rules of "Working with routes for WebSocket APIs": a JSON message is matched by evaluating
//! the route selection expression on its body; a message that is not JSON, or whose key no route
//! has, goes to `$default`; without a `$default` route there is no route (the client gets an
//! error message). `$connect` and `$disconnect` are never selected by a message.

use super::expression;
use super::ir::{Route, WebSocketApi};
use serde_json::{Value, json};

/// Why a route was (or was not) selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The expression's value is a route key.
    Matched,
    /// The message is not JSON.
    NotJson,
    /// The expression names nothing in the message that has a value.
    NoValue,
    /// The value is no route's key.
    NoRoute,
}

/// What a message selects.
pub struct Selection<'a> {
    /// The message as given.
    pub message: String,
    /// The expression's value on the message, when it has one.
    pub key: Option<String>,
    /// Why.
    pub reason: Reason,
    /// The route, if any.
    pub route: Option<&'a Route>,
}

/// Selects the route for `message`.
pub fn select<'a>(api: &'a WebSocketApi, message: &str) -> Selection<'a> {
    let default = api.routes.iter().find(|r| r.key == "$default");
    let custom = |key: &str| api.routes.iter().find(|r| r.key == key && r.key != "$connect" && r.key != "$disconnect");
    let parts = api.selection_expression().and_then(|e| expression::parse(e).ok()).unwrap_or_default();
    let (key, reason) = match serde_json::from_str::<Value>(message) {
        Err(_) => (None, Reason::NotJson),
        Ok(body) => match expression::evaluate(&parts, &body).filter(|_| !parts.is_empty()) {
            None => (None, Reason::NoValue),
            Some(k) if custom(&k).is_some() => (Some(k), Reason::Matched),
            Some(k) => (Some(k), Reason::NoRoute),
        },
    };
    let route = match reason {
        Reason::Matched => key.as_deref().and_then(custom),
        _ => default,
    };
    Selection { message: message.to_string(), key, reason, route }
}

fn why(s: &Selection<'_>) -> String {
    match (s.reason, &s.key) {
        (Reason::NotJson, _) => "the message is not JSON".into(),
        (Reason::NoValue, _) => "the route selection expression has no value for this message".into(),
        (Reason::NoRoute, Some(k)) => format!("no route has the key `{k}`"),
        _ => String::new(),
    }
}

/// For people.
pub fn selection_text(api: &WebSocketApi, s: &Selection<'_>) -> String {
    let expr = api.selection_expression().unwrap_or("(not a string)");
    let mut out = format!("message {}\n", s.message);
    let value = s.key.as_ref().map_or("no value".to_string(), |k| format!("`{k}`"));
    out.push_str(&format!("  selection     {expr} → {value}\n"));
    match s.route {
        None => out.push_str(&format!(
            "  no route: {} and there is no `$default` route, so API Gateway answers the client with an error\n",
            why(s)
        )),
        Some(r) => {
            let note = if s.reason == Reason::Matched { String::new() } else { format!(" ({})", why(s)) };
            out.push_str(&format!("  route         {}{note}\n", r.key));
            out.push_str(&format!("  operation     {}\n", r.operation_name()));
            match r.integration.as_deref().and_then(|i| api.integration(i)) {
                Some(i) => {
                    let uri = i.uri.as_ref().map(|u| format!(" {}", super::view::text(u))).unwrap_or_default();
                    out.push_str(&format!("  integration   {}{uri}\n", super::view::text(&i.integration_type)));
                }
                None => out.push_str("  integration   none\n"),
            }
            if !r.request_models.is_empty() {
                let models = r.request_models.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ");
                out.push_str(&format!("  models        {models}\n"));
            }
            if r.route_response.is_some() {
                out.push_str("  two-way       the integration's response is sent back to the client\n");
            }
        }
    }
    out
}

/// As JSON.
pub fn selection_json(api: &WebSocketApi, s: &Selection<'_>) -> Value {
    let reason = match s.reason {
        Reason::Matched => "matched",
        Reason::NotJson => "not-json",
        Reason::NoValue => "no-value",
        Reason::NoRoute => "no-route-for-key",
    };
    json!({
        "Message": s.message,
        "RouteSelectionExpression": api.selection_expression(),
        "SelectionKey": s.key,
        "Reason": reason,
        "RouteKey": s.route.map(|r| &r.key),
        "OperationName": s.route.map(|r| r.operation_name()),
        "Target": s.route.and_then(|r| r.integration.as_ref()).map(|i| format!("integrations/{i}")),
        "TwoWay": s.route.map(|r| r.route_response.is_some()),
    })
}
