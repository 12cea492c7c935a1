//! `routes` for WebSocket APIs: the JSON that `aws apigatewayv2 get-api / get-routes /
//! get-route-responses / get-integrations / get-integration-responses / get-authorizers /
//! get-models` would print (ids replaced by stable names: an integration by its operation, an
//! authorizer and a model by their names), and a table for people.

use super::ir::{Authorizer, Integration, Model, Route, WebSocketApi};
use serde_json::{Map, Value, json};
use std::fmt::Write;

/// `{"Api", "Routes", "RouteResponses", "Integrations", "IntegrationResponses", "Authorizers",
/// "Models"}`, sorted (routes by key, the rest by id or name).
pub fn routes_json(api: &WebSocketApi) -> Value {
    let responses: Vec<Value> = api
        .routes
        .iter()
        .filter_map(|r| {
            let rr = r.route_response.as_ref()?;
            let mut m = Map::new();
            m.insert("RouteKey".into(), json!(r.key));
            m.insert("RouteResponseKey".into(), json!(rr.key));
            if !rr.response_models.is_empty() {
                m.insert("ResponseModels".into(), json!(rr.response_models));
            }
            Some(Value::Object(m))
        })
        .collect();
    let integration_responses: Vec<Value> = api
        .integrations
        .iter()
        .flat_map(|i| {
            i.responses.iter().map(|r| {
                let mut m = Map::new();
                m.insert("IntegrationId".into(), json!(i.id));
                m.insert("IntegrationResponseKey".into(), json!(r.key));
                object(&mut m, "ResponseTemplates", &r.response_templates);
                put(&mut m, "TemplateSelectionExpression", r.template_selection_expression.as_ref().map(|f| &f.value));
                put(&mut m, "ContentHandlingStrategy", r.content_handling.as_ref());
                Value::Object(m)
            })
        })
        .collect();
    json!({
        "Api": api_json(api),
        "Routes": api.routes.iter().map(route_json).collect::<Vec<_>>(),
        "RouteResponses": responses,
        "Integrations": api.integrations.iter().map(integration_json).collect::<Vec<_>>(),
        "IntegrationResponses": integration_responses,
        "Authorizers": api.authorizers.iter().map(authorizer_json).collect::<Vec<_>>(),
        "Models": api.models.iter().map(model_json).collect::<Vec<_>>(),
    })
}

fn put(m: &mut Map<String, Value>, k: &str, v: Option<&Value>) {
    if let Some(v) = v {
        m.insert(k.into(), v.clone());
    }
}

fn object(m: &mut Map<String, Value>, k: &str, entries: &[(String, Value)]) {
    if !entries.is_empty() {
        m.insert(k.into(), Value::Object(entries.iter().cloned().collect()));
    }
}

fn api_json(api: &WebSocketApi) -> Value {
    let mut m = Map::new();
    put(&mut m, "Name", api.name.as_ref().map(|f| &f.value));
    put(&mut m, "Version", api.version.as_ref().map(|f| &f.value));
    put(&mut m, "Description", api.description.as_ref().map(|f| &f.value));
    m.insert("ProtocolType".into(), json!("WEBSOCKET"));
    let route =
        api.route_selection_expression.as_ref().map_or(json!(super::ir::DEFAULT_ROUTE_SELECTION), |f| f.value.clone());
    m.insert("RouteSelectionExpression".into(), route);
    let key = api.api_key_selection_expression.as_ref().map_or(json!("$request.header.x-api-key"), |f| f.value.clone());
    m.insert("ApiKeySelectionExpression".into(), key);
    m.insert("DisableExecuteApiEndpoint".into(), json!(false));
    Value::Object(m)
}

fn route_json(r: &Route) -> Value {
    let mut m = Map::new();
    m.insert("RouteKey".into(), json!(r.key));
    m.insert("OperationName".into(), json!(r.operation_name()));
    m.insert("ApiKeyRequired".into(), json!(r.api_key_required));
    m.insert("AuthorizationType".into(), json!(r.authorization_type));
    if let Some(a) = &r.authorizer {
        m.insert("AuthorizerId".into(), json!(a.value));
    }
    put(&mut m, "ModelSelectionExpression", r.model_selection_expression.as_ref().map(|f| &f.value));
    if !r.request_models.is_empty() {
        m.insert("RequestModels".into(), json!(r.request_models));
    }
    let written = r.route_response_selection_expression.as_ref().map(|f| f.value.clone());
    if let Some(e) = written.or_else(|| r.route_response.as_ref().map(|_| json!("$default"))) {
        m.insert("RouteResponseSelectionExpression".into(), e);
    }
    if let Some(i) = &r.integration {
        m.insert("Target".into(), json!(format!("integrations/{i}")));
    }
    Value::Object(m)
}

fn integration_json(i: &Integration) -> Value {
    let mut m = Map::new();
    m.insert("IntegrationId".into(), json!(i.id));
    m.insert("IntegrationType".into(), i.integration_type.clone());
    put(&mut m, "IntegrationUri", i.uri.as_ref());
    put(&mut m, "IntegrationMethod", i.http_method.as_ref());
    put(&mut m, "CredentialsArn", i.credentials.as_ref());
    m.insert("ConnectionType".into(), i.connection_type.clone().unwrap_or(json!("INTERNET")));
    put(&mut m, "ConnectionId", i.connection_id.as_ref());
    object(&mut m, "RequestParameters", &i.request_parameters);
    object(&mut m, "RequestTemplates", &i.request_templates);
    put(&mut m, "TemplateSelectionExpression", i.template_selection_expression.as_ref().map(|f| &f.value));
    put(&mut m, "PassthroughBehavior", i.passthrough_behavior.as_ref());
    put(&mut m, "ContentHandlingStrategy", i.content_handling.as_ref());
    m.insert("TimeoutInMillis".into(), i.timeout_in_millis.clone());
    m.insert("PayloadFormatVersion".into(), json!("1.0"));
    Value::Object(m)
}

fn authorizer_json(a: &Authorizer) -> Value {
    let mut m = Map::new();
    m.insert("AuthorizerId".into(), json!(a.name));
    m.insert("Name".into(), json!(a.name));
    m.insert("AuthorizerType".into(), a.authorizer_type.clone());
    put(&mut m, "AuthorizerUri", a.uri.as_ref());
    put(&mut m, "AuthorizerCredentialsArn", a.credentials.as_ref());
    m.insert("IdentitySource".into(), json!(a.identity_source.iter().map(|s| &s.value).collect::<Vec<_>>()));
    Value::Object(m)
}

fn model_json(md: &Model) -> Value {
    json!({"ModelId": md.name, "Name": md.name, "ContentType": md.content_type, "Schema": md.schema})
}

/// A value for a table cell: a string as it is, anything else (an intrinsic) as compact JSON.
pub(crate) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The table: the API, then a line per route, integration, authorizer and model.
pub fn routes_table(api: &WebSocketApi) -> String {
    let mut out = String::new();
    let name = api.name.as_ref().map_or("(no name)".into(), |f| text(&f.value));
    let version = api.version.as_ref().map(|f| format!(" {}", text(&f.value))).unwrap_or_default();
    let _ = writeln!(out, "WebSocket API {name}{version}");
    let selection =
        api.route_selection_expression.as_ref().map_or(super::ir::DEFAULT_ROUTE_SELECTION.into(), |f| text(&f.value));
    let _ = writeln!(out, "route selection expression: {selection}");
    let rows: Vec<[String; 4]> = api
        .routes
        .iter()
        .map(|r| {
            let mut auth = match &r.authorizer {
                Some(a) => format!("{} {}", r.authorization_type, a.value),
                None => r.authorization_type.to_string(),
            };
            if r.api_key_required {
                auth.push_str(", API key");
            }
            let key = if r.route_response.is_some() { format!("{} (two-way)", r.key) } else { r.key.clone() };
            let models = r.request_models.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ");
            [key, auth, r.integration.clone().unwrap_or_else(|| "(no integration)".into()), models]
        })
        .collect();
    let width = |i: usize, min: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0).max(min);
    let (w0, w1, w2) = (width(0, 5), width(1, 4), width(2, 11));
    let _ = writeln!(out, "\n{:w0$}  {:w1$}  {:w2$}  MODELS", "ROUTE", "AUTH", "INTEGRATION");
    for [k, a, t, m] in &rows {
        let line = format!("{k:w0$}  {a:w1$}  {t:w2$}  {m}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if !api.integrations.is_empty() {
        let _ = writeln!(out, "\nINTEGRATIONS");
        let w = api.integrations.iter().map(|i| i.id.chars().count()).max().unwrap_or(0);
        for i in &api.integrations {
            let uri = i.uri.as_ref().map(text).unwrap_or_default();
            let line = format!("{:w$}  {:10}  {uri}", i.id, text(&i.integration_type));
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    if !api.authorizers.is_empty() {
        let _ = writeln!(out, "\nAUTHORIZERS");
        let w = api.authorizers.iter().map(|a| a.name.chars().count()).max().unwrap_or(0);
        for a in &api.authorizers {
            let sources = a.identity_source.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(", ");
            let uri = a.uri.as_ref().map(text).unwrap_or_default();
            let line = format!("{:w$}  {}  {uri}  [{sources}]", a.name, text(&a.authorizer_type));
            let _ = writeln!(out, "{line}");
        }
    }
    if !api.models.is_empty() {
        let _ = writeln!(out, "\nMODELS");
        let w = api.models.iter().map(|m| m.name.chars().count()).max().unwrap_or(0);
        for md in &api.models {
            let _ = writeln!(out, "{:w$}  {}", md.name, md.content_type);
        }
    }
    out
}
