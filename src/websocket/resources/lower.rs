//! The resources of one WebSocket API → [`WebSocketApi`]: routes with their route response,
//! integrations with their integration responses, authorizers and models, joined through the
//! ids their properties name (each reference a look-up in the set's index).

use super::{Resource, Set, Type};
use crate::tree::NodeRef;
use crate::value::{Field, json};
use crate::websocket::ir::{Authorizer, Integration, IntegrationResponse, Model, Route, RouteResponse, WebSocketApi};
use crate::websocket::written::literal;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

/// Integration properties HTTP APIs read and WebSocket integrations do not have.
const HTTP_ONLY: [&str; 4] = ["IntegrationSubtype", "TlsConfig", "ResponseParameters", "PayloadFormatVersion"];

/// The API `api` of `set`, built from `members` (the resources whose `ApiId` names it).
pub fn lower<'t>(set: &Set<'t>, api: &Resource<'t>, members: &[&Resource<'t>]) -> WebSocketApi {
    let field = |r: &Resource<'t>, name: &str| {
        set.prop(r, name).and_then(|(n, pointer)| Some(Field { value: json(n)?, pointer }))
    };
    let of = |ty: Type| members.iter().copied().filter(move |r| r.ty == ty);
    let mut out = WebSocketApi {
        name: field(api, "Name"),
        description: field(api, "Description"),
        version: field(api, "Version"),
        route_selection_expression: field(api, "RouteSelectionExpression"),
        api_key_selection_expression: field(api, "ApiKeySelectionExpression"),
        written: set.written,
        pointer: api.at.clone(),
        ..WebSocketApi::default()
    };
    if out.route_selection_expression.is_none() && set.written == crate::websocket::written::Written::Terraform {
        // The provider's default, which it sends whatever the protocol (GW930 says so).
        out.route_selection_expression =
            Some(Field { value: json!("$request.method $request.path"), pointer: api.at.clone() });
    }
    // Responses by the id of what they answer: one pass over each kind.
    let mut integration_responses: HashMap<&str, Vec<IntegrationResponse>> = HashMap::new();
    for r in of(Type::IntegrationResponse) {
        let Some(i) = set.target(r, "IntegrationId", Type::Integration) else { continue };
        integration_responses.entry(i.id.as_str()).or_default().push(IntegrationResponse {
            key: text(set, r, "IntegrationResponseKey").unwrap_or_default(),
            response_templates: entries(set, r, "ResponseTemplates"),
            template_selection_expression: field(r, "TemplateSelectionExpression"),
            content_handling: upper(set, r, "ContentHandlingStrategy"),
            pointer: r.props_at.clone(),
        });
    }
    let models: Vec<Model> = of(Type::Model)
        .map(|r| Model {
            name: text(set, r, "Name").unwrap_or_else(|| r.id.clone()),
            content_type: "application/json",
            schema: set.prop(r, "Schema").and_then(|(n, _)| json(n)).unwrap_or(Value::Null),
            pointer: r.props_at.clone(),
        })
        .collect();
    let model_names: HashMap<&str, &str> =
        of(Type::Model).zip(&models).map(|(r, m)| (r.id.as_str(), m.name.as_str())).collect();
    let mut route_responses: HashMap<&str, RouteResponse> = HashMap::new();
    for r in of(Type::RouteResponse) {
        let Some(route) = set.target(r, "RouteId", Type::Route) else { continue };
        route_responses.entry(route.id.as_str()).or_insert_with(|| RouteResponse {
            key: text(set, r, "RouteResponseKey").unwrap_or_default(),
            response_models: model_map(set, r, "ResponseModels", &model_names),
            pointer: r.props_at.clone(),
        });
    }
    out.integrations = of(Type::Integration)
        .map(|r| integration(set, r, integration_responses.remove(r.id.as_str()).unwrap_or_default()))
        .collect();
    out.authorizers = of(Type::Authorizer).map(|r| authorizer(set, r)).collect();
    out.routes = of(Type::Route)
        .map(|r| {
            let key = set.prop(r, "RouteKey");
            let authorization = upper(set, r, "AuthorizationType");
            Route {
                key: key
                    .as_ref()
                    .and_then(|(n, _)| n.as_str().map(str::to_string).or_else(|| json(*n).map(|v| v.to_string())))
                    .unwrap_or_default(),
                key_pointer: key.map_or_else(|| r.at.clone(), |(_, p)| p),
                operation: r.id.clone(),
                operation_name: text(set, r, "OperationName"),
                authorization_type: match authorization.as_ref().and_then(literal) {
                    Some("CUSTOM") => "CUSTOM",
                    Some("AWS_IAM") => "AWS_IAM",
                    Some("JWT") => "JWT",
                    _ => "NONE",
                },
                authorizer: set.prop(r, "AuthorizerId").map(|(n, pointer)| {
                    let named = set.named(n, Type::Authorizer).first().map(|a| a.id.clone());
                    Field { value: named.unwrap_or_else(|| verbatim(n)), pointer }
                }),
                api_key_required: set.prop(r, "ApiKeyRequired").and_then(|(n, _)| bool_of(n)).unwrap_or(false),
                integration: set.prop(r, "Target").and_then(|(n, _)| {
                    let named = set.named(n, Type::Integration).first().map(|i| i.id.clone());
                    named.or_else(|| n.as_str().map(|t| t.trim_start_matches("integrations/").to_string()))
                }),
                model_selection_expression: field(r, "ModelSelectionExpression"),
                request_models: model_map(set, r, "RequestModels", &model_names),
                route_response_selection_expression: field(r, "RouteResponseSelectionExpression"),
                route_response: route_responses.remove(r.id.as_str()),
                pointer: r.at.clone(),
            }
        })
        .collect();
    out.models = models;
    out.routes.sort_by(|a, b| a.key.cmp(&b.key));
    out.integrations.sort_by(|a, b| a.id.cmp(&b.id));
    out.authorizers.sort_by(|a, b| a.name.cmp(&b.name));
    out.models.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn integration(set: &Set<'_>, r: &Resource<'_>, mut responses: Vec<IntegrationResponse>) -> Integration {
    let value = |name: &str| set.prop(r, name).and_then(|(n, _)| json(n));
    responses.sort_by(|a, b| a.key.cmp(&b.key));
    // `PayloadFormatVersion: "1.0"` is what WebSocket integrations have anyway.
    let http_only_fields = HTTP_ONLY
        .iter()
        .filter_map(|name| Some((*name, set.prop(r, name)?)))
        .filter(|(name, (n, _))| !(*name == "PayloadFormatVersion" && n.scalar_text().map(str::trim) == Some("1.0")))
        .map(|(_, (_, p))| p)
        .collect();
    Integration {
        id: r.id.clone(),
        integration_type: upper(set, r, "IntegrationType").unwrap_or(Value::Null),
        uri: value("IntegrationUri"),
        http_method: upper(set, r, "IntegrationMethod"),
        credentials: value("CredentialsArn"),
        connection_type: upper(set, r, "ConnectionType"),
        connection_id: value("ConnectionId"),
        request_parameters: entries(set, r, "RequestParameters"),
        request_templates: entries(set, r, "RequestTemplates"),
        template_selection_expression: set
            .prop(r, "TemplateSelectionExpression")
            .and_then(|(n, pointer)| Some(Field { value: json(n)?, pointer })),
        passthrough_behavior: upper(set, r, "PassthroughBehavior"),
        content_handling: upper(set, r, "ContentHandlingStrategy"),
        timeout_in_millis: set
            .prop(r, "TimeoutInMillis")
            .and_then(|(n, _)| match n.scalar_text().map(|s| s.trim().parse::<i64>()) {
                Some(Ok(v)) => Some(json!(v)),
                _ => json(n),
            })
            .unwrap_or(json!(29000)),
        http_only_fields,
        responses,
        pointer: r.props_at.clone(),
    }
}

fn authorizer(set: &Set<'_>, r: &Resource<'_>) -> Authorizer {
    let identity_source = match set.prop(r, "IdentitySource") {
        Some((n, at)) if n.is_seq() => n
            .items()
            .enumerate()
            .filter_map(|(i, v)| Some(Field { value: v.as_str()?.trim().to_string(), pointer: at.index(i) }))
            .collect(),
        Some((n, at)) => n
            .as_str()
            .map(|t| t.split(',').map(|p| Field { value: p.trim().to_string(), pointer: at.clone() }).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    Authorizer {
        name: r.id.clone(),
        authorizer_type: upper(set, r, "AuthorizerType").unwrap_or(Value::Null),
        uri: set.prop(r, "AuthorizerUri").and_then(|(n, _)| json(n)),
        credentials: set.prop(r, "AuthorizerCredentialsArn").and_then(|(n, _)| json(n)),
        identity_source,
        pointer: r.props_at.clone(),
    }
}

/// A literal string property.
fn text(set: &Set<'_>, r: &Resource<'_>, name: &str) -> Option<String> {
    set.prop(r, name).and_then(|(n, _)| n.as_str().map(str::to_string))
}

/// An enum property upper-cased, as AWS stores it; what only the tool knows as written.
fn upper(set: &Set<'_>, r: &Resource<'_>, name: &str) -> Option<Value> {
    let (n, _) = set.prop(r, name)?;
    let v = json(n)?;
    Some(match literal(&v) {
        Some(s) => Value::String(s.trim().to_ascii_uppercase()),
        None => v,
    })
}

/// A mapping property's entries.
fn entries(set: &Set<'_>, r: &Resource<'_>, name: &str) -> Vec<(String, Value)> {
    crate::value::entries(set.prop(r, name).map(|(n, _)| n))
}

/// `RequestModels` / `ResponseModels`: key → model name (a reference to a model resource is
/// that model's name).
fn model_map(set: &Set<'_>, r: &Resource<'_>, name: &str, names: &HashMap<&str, &str>) -> BTreeMap<String, String> {
    let Some((n, _)) = set.prop(r, name).filter(|(n, _)| n.is_map()) else { return BTreeMap::new() };
    n.entries()
        .into_iter()
        .map(|(k, v)| {
            let named = set.named(v, Type::Model).first().and_then(|m| names.get(m.id.as_str()).map(|s| s.to_string()));
            (k.to_string(), named.unwrap_or_else(|| verbatim(v)))
        })
        .collect()
}

/// A value as text: a string as it is, anything else as compact JSON.
fn verbatim(n: NodeRef<'_>) -> String {
    n.as_str().map(str::to_string).or_else(|| json(n).map(|v| v.to_string())).unwrap_or_default()
}

fn bool_of(n: NodeRef<'_>) -> Option<bool> {
    n.as_bool().or_else(|| n.as_str().and_then(|s| s.trim().parse().ok()))
}
