//! `receive` operations → routes: the key, the authorization (`security`), the integration, the
//! request models of the operation's messages, and the route response of a `reply`. `send`
//! operations (server to client, through `@connections`) are not routes and are passed over.

use super::{Cx, auth, integration, json, keys};
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use crate::value::Field;
use crate::websocket::expression::{self, Part};
use crate::websocket::ir::{Model, Route, RouteResponse, WebSocketApi};
use std::collections::{BTreeMap, HashSet};

const ROUTE_KEY: &str = "x-amazon-apigateway-route-key";
const MODEL_SELECTION: &str = "x-amazon-apigateway-model-selection-expression";
const ROUTE_RESPONSE_SELECTION: &str = "x-amazon-apigateway-route-response-selection-expression";
const INTEGRATION: &str = "x-amazon-apigateway-integration";

/// The messages an operation receives, and whether one of them could not be read (a finding
/// already says why, so an empty list is not reported again).
struct Messages<'t> {
    list: Vec<Message<'t>>,
    broken: bool,
}

/// A message an operation receives.
struct Message<'t> {
    name: String,
    payload: Option<(NodeRef<'t>, Pointer)>,
    pointer: Pointer,
}

pub(super) fn lower(cx: &Cx<'_>, api: &mut WebSocketApi) {
    let route_parts = api
        .selection_expression()
        .filter(|e| expression::body_selection_problem(e).is_none())
        .and_then(|e| expression::parse(e).ok());
    let expression_text = api.selection_expression().unwrap_or_default().to_string();
    let mut models = BTreeMap::new();
    // Names already taken, so each integration and authorizer is created once (a set: the
    // pass stays linear in the number of operations).
    let mut integrations: HashSet<String> = HashSet::new();
    let mut authorizers: HashSet<String> = api.authorizers.iter().map(|a| a.name.clone()).collect();
    let ops_at = Pointer::root().child("operations");
    for (id, op) in cx.root.get("operations").filter(|o| o.is_map()).map(|o| o.entries()).unwrap_or_default() {
        let Some((op, at)) = cx.follow(op, &ops_at.child(id)) else { continue };
        if !op.is_map() || op.get("action").and_then(|a| a.as_str()) != Some("receive") {
            continue;
        }
        let Messages { list: messages, broken } = messages_of(cx, op, &at);
        if messages.is_empty() && broken && op.get(ROUTE_KEY).is_none() {
            continue;
        }
        let Some((key, key_pointer)) = route_key(cx, id, op, &at, &messages, route_parts.as_deref(), &expression_text)
        else {
            continue;
        };
        let mut route = Route {
            key,
            key_pointer,
            operation: id.to_string(),
            operation_name: None,
            authorization_type: "NONE",
            authorizer: None,
            api_key_required: false,
            integration: None,
            model_selection_expression: None,
            request_models: BTreeMap::new(),
            route_response_selection_expression: op
                .get(ROUTE_RESPONSE_SELECTION)
                .and_then(json)
                .map(|value| Field { value, pointer: at.child(ROUTE_RESPONSE_SELECTION) }),
            route_response: None,
            pointer: at.clone(),
        };
        security(cx, op, &at, &mut route, api, &mut authorizers);
        if let Some((node, ptr)) = cx.child(op, &at, INTEGRATION).filter(|(n, _)| n.is_map()) {
            // A referenced integration is one integration, named after its definition, however
            // many routes use it; one written in place is the operation's own.
            let own = ptr == at.child(INTEGRATION);
            let iid = if own { id.to_string() } else { ptr.last() };
            if integrations.insert(iid.clone()) {
                api.integrations.push(integration::lower(node, &ptr, &iid));
            }
            route.integration = Some(iid);
        }
        request_models(cx, op, &at, &messages, &mut route, &mut models);
        if let Some((reply, reply_at)) = cx.child(op, &at, "reply").filter(|(r, _)| r.is_map()) {
            let mut response_models = BTreeMap::new();
            if let Some(m) = messages_of(cx, reply, &reply_at).list.into_iter().find(|m| m.payload.is_some()) {
                response_models.insert("$default".to_string(), register(&m, &mut models));
            }
            route.route_response = Some(RouteResponse { key: "$default".into(), response_models, pointer: reply_at });
        }
        api.routes.push(route);
    }
    api.routes.sort_by(|a, b| a.key.cmp(&b.key));
    api.integrations.sort_by(|a, b| a.id.cmp(&b.id));
    api.authorizers.sort_by(|a, b| a.name.cmp(&b.name));
    api.models = models.into_values().collect();
}

/// The operation's `messages` (references to its channel's), else all of its channel's.
fn messages_of<'t>(cx: &Cx<'t>, op: NodeRef<'t>, at: &Pointer) -> Messages<'t> {
    let mut out = Messages { list: Vec::new(), broken: false };
    let listed: Vec<(NodeRef<'t>, Pointer)> = match op.get("messages") {
        Some(list) if list.is_seq() => {
            list.items().enumerate().map(|(i, m)| (m, at.child("messages").index(i))).collect()
        }
        Some(_) => {
            cx.push(super::structure::problem(
                "`messages` is not a list",
                &at.child("messages"),
                "expected a list of `$ref`s to the channel's messages",
            ));
            out.broken = true;
            return out;
        }
        None => {
            let Some((channel, channel_at)) = cx.child(op, at, "channel") else {
                out.broken = op.get("channel").is_some();
                return out;
            };
            let Some((msgs, msgs_at)) = cx.child(channel, &channel_at, "messages").filter(|(m, _)| m.is_map()) else {
                return out;
            };
            msgs.entries().into_iter().map(|(k, m)| (m, msgs_at.child(k))).collect()
        }
    };
    for (node, ptr) in listed {
        let Some((m, m_at)) = cx.follow(node, &ptr).filter(|(m, _)| m.is_map()) else {
            out.broken = true;
            continue;
        };
        let name = m.get("name").and_then(|n| n.as_str()).map(str::to_string).unwrap_or_else(|| m_at.last());
        // An empty payload schema allows anything: there is nothing to validate or select by.
        let payload = cx.child(m, &m_at, "payload").filter(|(p, _)| p.is_map() && !p.is_empty());
        out.list.push(Message { name, payload, pointer: m_at });
    }
    out
}

fn route_key(
    cx: &Cx<'_>,
    id: &str,
    op: NodeRef<'_>,
    at: &Pointer,
    messages: &[Message<'_>],
    parts: Option<&[Part]>,
    expression_text: &str,
) -> Option<(String, Pointer)> {
    let fix =
        format!("or add `{ROUTE_KEY}: KEY` to the operation (`$connect`, `$disconnect`, `$default` or a custom key)");
    if let Some(k) = op.get(ROUTE_KEY) {
        if let Some(s) = k.as_str() {
            return Some((s.to_string(), at.child(ROUTE_KEY)));
        }
        cx.push(
            Diagnostic::new(Code::InvalidRouteKey, format!("the route key of operation `{id}` is not a string"))
                .at_value(&at.child(ROUTE_KEY), "expected a string")
                .help("write the route key as a string, such as `sendMessage` or `$default`"),
        );
        return None;
    }
    let undetermined = |message: String, label_at: &Pointer, label: String, help: String| {
        Diagnostic::new(Code::UndeterminedRouteKey, message).at_key(label_at, label).help(help)
    };
    let Some(parts) = parts else {
        cx.push(undetermined(
            format!("the route key of operation `{id}` cannot be determined: the route selection expression does not select by the message body"),
            at,
            "this operation".into(),
            format!("fix the route selection expression (GW1004), {fix}"),
        ));
        return None;
    };
    if messages.is_empty() {
        cx.push(undetermined(
            format!("the route key of operation `{id}` cannot be determined: it has no message"),
            at,
            "no message to read the key from".into(),
            format!("add a message whose payload fixes the property `{expression_text}` reads with `const`, {fix}"),
        ));
        return None;
    }
    let mut found: Option<(String, Pointer, &str)> = None;
    for m in messages {
        let Some((payload, payload_at)) = &m.payload else {
            cx.push(undetermined(
                format!("the route key of operation `{id}` cannot be determined: message `{}` has no payload", m.name),
                &m.pointer,
                "no `payload` here".into(),
                format!(
                    "give the message a payload schema whose property `{expression_text}` reads has a `const`, {fix}"
                ),
            ));
            return None;
        };
        match keys::from_payload(cx, *payload, payload_at, parts) {
            Err(property) => {
                cx.push(undetermined(
                    format!(
                        "the route key of operation `{id}` cannot be determined: the payload of message `{}` does not fix {property}, which `{expression_text}` reads",
                        m.name
                    ),
                    payload_at,
                    format!("no `const` (or one-value `enum`) for {property} here"),
                    format!("give {property} a `const: KEY` in the payload, {fix}"),
                ));
                return None;
            }
            Ok((key, ptr)) => match &found {
                Some((first, _, first_name)) if *first != key => {
                    cx.push(undetermined(
                        format!(
                            "the messages of operation `{id}` select different route keys: `{first}` (message `{first_name}`) and `{key}` (message `{}`)",
                            m.name
                        ),
                        &ptr,
                        format!("selects `{key}`"),
                        "an operation is one route: write one `receive` operation per route key".into(),
                    ));
                    return None;
                }
                Some(_) => {}
                None => found = Some((key, ptr, m.name.as_str())),
            },
        }
    }
    found.map(|(k, p, _)| (k, p))
}

/// `security`: a scheme with `x-amazon-apigateway-authorizer` makes the route `CUSTOM`, an
/// `awsSigv4` one `AWS_IAM`, an API key scheme requires a key.
fn security(
    cx: &Cx<'_>,
    op: NodeRef<'_>,
    at: &Pointer,
    route: &mut Route,
    api: &mut WebSocketApi,
    known: &mut HashSet<String>,
) {
    let Some(list) = op.get("security").filter(|s| s.is_seq()) else { return };
    for (i, item) in list.items().enumerate() {
        let item_at = at.child("security").index(i);
        let Some((scheme, scheme_at)) = cx.follow(item, &item_at).filter(|(s, _)| s.is_map()) else { continue };
        let name = scheme_at.last();
        if scheme.get("x-amazon-apigateway-authorizer").is_some() {
            route.authorization_type = "CUSTOM";
            route.authorizer = Some(Field { value: name.clone(), pointer: item_at });
            if known.insert(name.clone())
                && let Some(a) = auth::lower_scheme(cx, scheme, &scheme_at, &name)
            {
                api.authorizers.push(a);
            }
        } else if scheme
            .get("x-amazon-apigateway-authtype")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t.eq_ignore_ascii_case("awsSigv4"))
        {
            route.authorization_type = "AWS_IAM";
        } else if matches!(scheme.get("type").and_then(|t| t.as_str()), Some("httpApiKey" | "apiKey")) {
            route.api_key_required = true;
        }
    }
}

fn request_models<'t>(
    cx: &Cx<'t>,
    op: NodeRef<'t>,
    at: &Pointer,
    messages: &[Message<'t>],
    route: &mut Route,
    models: &mut BTreeMap<String, Model>,
) {
    let with_payload: Vec<&Message<'t>> = messages.iter().filter(|m| m.payload.is_some()).collect();
    route.model_selection_expression =
        op.get(MODEL_SELECTION).and_then(json).map(|value| Field { value, pointer: at.child(MODEL_SELECTION) });
    let parts = match &route.model_selection_expression {
        None if with_payload.len() == 1 => {
            route.request_models.insert("$default".into(), register(with_payload[0], models));
            return;
        }
        None if with_payload.len() > 1 => {
            cx.push(
                Diagnostic::new(
                    Code::UndeterminedRouteKey,
                    format!(
                        "route `{}` has {} messages and no `{MODEL_SELECTION}`, so the model of a message cannot be chosen",
                        route.key,
                        with_payload.len()
                    ),
                )
                .at_key(at, "several messages")
                .help(format!("add `{MODEL_SELECTION}: $request.body.type` to the operation, with a `const` for `type` in each message's payload")),
            );
            return;
        }
        None => return,
        Some(f) => match f.value.as_str().and_then(|t| expression::parse(t).ok()) {
            Some(p) => p,
            // An unreadable expression is GW1004's.
            None => return,
        },
    };
    for m in with_payload {
        let Some((payload, payload_at)) = &m.payload else { continue };
        match keys::from_payload(cx, *payload, payload_at, &parts) {
            Ok((key, _)) => {
                route.request_models.insert(key, register(m, models));
            }
            Err(property) => cx.push(
                Diagnostic::new(
                    Code::UndeterminedRouteKey,
                    format!("the model key of message `{}` on route `{}` cannot be determined: its payload does not fix {property}", m.name, route.key),
                )
                .at_key(payload_at, format!("no `const` for {property} here"))
                .help(format!("give {property} a `const` in the payload, or change `{MODEL_SELECTION}`")),
            ),
        }
    }
}

/// The model of a message's payload, created once; its name.
fn register(m: &Message<'_>, models: &mut BTreeMap<String, Model>) -> String {
    let mut name: String = m.name.chars().filter(char::is_ascii_alphanumeric).collect();
    if name.is_empty() {
        name = "Message".into();
    }
    if let Some((payload, at)) = &m.payload {
        models.entry(name.clone()).or_insert_with(|| Model {
            name: name.clone(),
            content_type: "application/json",
            schema: draft4(json(*payload).unwrap_or_default()),
            pointer: at.clone(),
        });
    }
    name
}

/// A payload schema as the JSON Schema draft 4 that API Gateway validates with: `const` (draft
/// 6, which the route mapping reads) becomes the one-value `enum` draft 4 has.
fn draft4(mut schema: serde_json::Value) -> serde_json::Value {
    let mut stack = vec![&mut schema];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(m) => {
                if !m.contains_key("enum")
                    && let Some(c) = m.remove("const")
                {
                    m.insert("enum".into(), serde_json::Value::Array(vec![c]));
                }
                stack.extend(m.values_mut());
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    schema
}
