//! `routes` for REST APIs: what `get-rest-api`, `get-resources --embed methods` (each method as
//! `get-method` returns it), `get-authorizers`, `get-models`, `get-request-validators` and
//! `get-gateway-responses` would print after the import, in AWS's camelCase shapes, with ids
//! replaced by stable names (a resource's id is its path; an authorizer's, model's and
//! validator's id is its name); then the API keys (`get-api-keys`, never a value) and usage plans
//! (`get-usage-plans`, with `get-usage-plan-keys` as `keys`) the document describes. A readable
//! tree for people.

use super::ir::{Integration, Method, RestApi};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

/// The JSON view (`tree` is the document, for the models' schemas).
pub fn json(api: &RestApi, tree: &crate::tree::Tree) -> Value {
    json!({
        "api": "rest",
        "restApi": rest_api(api),
        "resources": api.resources.iter().map(|r| {
            let mut o = Map::new();
            o.insert("id".into(), json!(r.path));
            if let Some(p) = &r.parent {
                o.insert("parentId".into(), json!(p));
            }
            if let Some(p) = &r.path_part {
                o.insert("pathPart".into(), json!(p));
            }
            o.insert("path".into(), json!(r.path));
            if !r.methods.is_empty() {
                let methods: Map<String, Value> = r.methods.iter().map(|m| (m.http_method.clone(), method(m))).collect();
                o.insert("resourceMethods".into(), Value::Object(methods));
            }
            Value::Object(o)
        }).collect::<Vec<_>>(),
        "authorizers": api.authorizers.iter().map(|a| {
            let mut o = Map::new();
            o.insert("id".into(), json!(a.name));
            o.insert("name".into(), json!(a.name));
            o.insert("type".into(), json!(a.authorizer_type));
            for (k, v) in a.settings() {
                if let Some(v) = v {
                    o.insert(k.into(), v.clone());
                }
            }
            Value::Object(o)
        }).collect::<Vec<_>>(),
        "models": api.models.iter().map(|m| {
            let schema = crate::rest::lower::model_schema(tree, api.swagger, m);
            let mut o = json!({"id": m.name, "name": m.name, "contentType": m.content_type, "schema": schema});
            if let Some(d) = &m.description {
                o["description"] = d.clone();
            }
            o
        }).collect::<Vec<_>>(),
        "requestValidators": api.request_validators.iter().map(|v| json!({
            "id": v.name, "name": v.name,
            "validateRequestBody": v.validate_request_body,
            "validateRequestParameters": v.validate_request_parameters,
        })).collect::<Vec<_>>(),
        "apiKeys": api.api_keys.iter().map(|k| {
            let mut o = Map::new();
            o.insert("id".into(), json!(k.name));
            o.extend(k.settings());
            pairs(&mut o, "tags", &k.tags);
            Value::Object(o)
        }).collect::<Vec<_>>(),
        "usagePlans": api.usage_plans.iter().map(|p| {
            let mut o = Map::new();
            o.insert("id".into(), json!(p.name));
            o.insert("name".into(), json!(p.name));
            if let Some(d) = &p.description {
                o.insert("description".into(), d.clone());
            }
            let mut stage = json!({"apiId": "{restApiId}", "stage": "{stage}"});
            if !p.method_throttle.is_empty() {
                stage["throttle"] = p.method_throttle.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            }
            o.insert("apiStages".into(), json!([stage]));
            for (k, v) in [("throttle", &p.throttle), ("quota", &p.quota)] {
                if let Some(v) = v {
                    o.insert(k.into(), v.clone());
                }
            }
            pairs(&mut o, "tags", &p.tags);
            o.insert("keys".into(), p.keys.iter().map(|k| json!({"id": k.value, "type": "API_KEY", "name": k.value})).collect());
            Value::Object(o)
        }).collect::<Vec<_>>(),
        "gatewayResponses": api.gateway_responses.iter().map(|g| {
            let mut o = Map::new();
            o.insert("responseType".into(), json!(g.response_type));
            if let Some(s) = &g.status_code {
                o.insert("statusCode".into(), s.clone());
            }
            pairs(&mut o, "responseParameters", &g.response_parameters);
            pairs(&mut o, "responseTemplates", &g.response_templates);
            Value::Object(o)
        }).collect::<Vec<_>>(),
    })
}

fn rest_api(api: &RestApi) -> Value {
    let mut o = Map::new();
    if let Some(n) = &api.name {
        o.insert("name".into(), n.value.clone());
    }
    if let Some(d) = &api.description {
        o.insert("description".into(), d.value.clone());
    }
    if let Some(v) = &api.version {
        o.insert("version".into(), v.value.clone());
    }
    if !api.binary_media_types.is_empty() {
        o.insert("binaryMediaTypes".into(), api.binary_media_types.iter().map(|b| b.value.clone()).collect());
    }
    if let Some(m) = &api.minimum_compression_size {
        o.insert("minimumCompressionSize".into(), m.value.clone());
    }
    o.insert("apiKeySource".into(), api.api_key_source.as_ref().map_or(json!("HEADER"), |s| s.value.clone()));
    let mut endpoint = Map::new();
    endpoint.insert("types".into(), json!(["EDGE"]));
    endpoint.insert("ipAddressType".into(), json!("ipv4"));
    if let Some(v) = &api.vpc_endpoint_ids {
        endpoint.insert("vpcEndpointIds".into(), v.value.clone());
    }
    o.insert("endpointConfiguration".into(), Value::Object(endpoint));
    if let Some(p) = &api.policy {
        o.insert("policy".into(), p.value.clone());
    }
    if !api.tags.is_empty() {
        o.insert("tags".into(), api.tags.iter().map(|(k, v)| (k.clone(), v.value.clone())).collect());
    }
    o.insert(
        "disableExecuteApiEndpoint".into(),
        api.disable_execute_api_endpoint.as_ref().map_or(json!(false), |d| d.value.clone()),
    );
    o.insert("rootResourceId".into(), json!("/"));
    Value::Object(o)
}

/// A method as `get-method` returns it.
fn method(m: &Method) -> Value {
    let mut o = Map::new();
    o.insert("httpMethod".into(), json!(m.http_method));
    o.insert("authorizationType".into(), json!(m.authorization_type));
    if let Some(a) = &m.authorizer {
        o.insert("authorizerId".into(), json!(a));
    }
    if !m.authorization_scopes.is_empty() {
        o.insert("authorizationScopes".into(), json!(m.authorization_scopes));
    }
    o.insert("apiKeyRequired".into(), json!(m.api_key_required));
    if let Some(v) = &m.request_validator {
        o.insert("requestValidatorId".into(), json!(v));
    }
    if let Some(n) = &m.operation_name {
        o.insert("operationName".into(), n.clone());
    }
    if !m.request_parameters.is_empty() {
        o.insert("requestParameters".into(), json!(m.request_parameters));
    }
    if !m.request_models.is_empty() {
        o.insert("requestModels".into(), json!(m.request_models));
    }
    if !m.method_responses.is_empty() {
        let responses: Map<String, Value> = m
            .method_responses
            .iter()
            .map(|(status, r)| {
                let mut ro = Map::new();
                ro.insert("statusCode".into(), json!(status));
                if !r.response_parameters.is_empty() {
                    ro.insert("responseParameters".into(), json!(r.response_parameters));
                }
                if !r.response_models.is_empty() {
                    ro.insert("responseModels".into(), json!(r.response_models));
                }
                (status.clone(), Value::Object(ro))
            })
            .collect();
        o.insert("methodResponses".into(), Value::Object(responses));
    }
    if let Some(i) = &m.integration {
        o.insert("methodIntegration".into(), integration(i));
    }
    Value::Object(o)
}

/// An integration as `get-integration` returns it.
fn integration(i: &Integration) -> Value {
    let mut o = Map::new();
    o.insert("type".into(), i.integration_type.clone());
    for (k, v) in [
        ("httpMethod", &i.http_method),
        ("uri", &i.uri),
        ("credentials", &i.credentials),
        ("connectionType", &i.connection_type),
        ("connectionId", &i.connection_id),
    ] {
        if let Some(v) = v {
            o.insert(k.into(), v.clone());
        }
    }
    pairs(&mut o, "requestParameters", &i.request_parameters);
    pairs(&mut o, "requestTemplates", &i.request_templates);
    o.insert("passthroughBehavior".into(), i.passthrough_behavior.clone());
    if let Some(c) = &i.content_handling {
        o.insert("contentHandling".into(), c.clone());
    }
    o.insert("timeoutInMillis".into(), i.timeout_in_millis.clone());
    o.insert("cacheNamespace".into(), i.cache_namespace.clone());
    o.insert("cacheKeyParameters".into(), Value::Array(i.cache_key_parameters.clone()));
    if let Some(v) = &i.insecure_skip_verification {
        o.insert("tlsConfig".into(), json!({"insecureSkipVerification": v}));
    }
    if !i.responses.is_empty() {
        let responses: Map<String, Value> = i
            .responses
            .iter()
            .map(|(status, r)| {
                let mut ro = Map::new();
                ro.insert("statusCode".into(), json!(status));
                if let Some(p) = &r.selection_pattern {
                    ro.insert("selectionPattern".into(), json!(p));
                }
                pairs(&mut ro, "responseParameters", &r.response_parameters);
                pairs(&mut ro, "responseTemplates", &r.response_templates);
                if let Some(c) = &r.content_handling {
                    ro.insert("contentHandling".into(), c.clone());
                }
                (status.clone(), Value::Object(ro))
            })
            .collect();
        o.insert("integrationResponses".into(), Value::Object(responses));
    }
    Value::Object(o)
}

/// `list` as the object `key` of `o`, unless it is empty.
pub(crate) fn pairs(o: &mut Map<String, Value>, key: &str, list: &[(String, Value)]) {
    if !list.is_empty() {
        o.insert(key.into(), list.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
    }
}

/// An integration URI for people: the string, or an intrinsic function (`Fn::Sub`, …) as its
/// JSON, as HTTP API views show one.
pub(crate) fn uri_text(uri: &Value) -> String {
    uri.as_str().map_or_else(|| uri.to_string(), str::to_string)
}

/// The resource tree for people: each resource indented under its parent, its methods with
/// authorization and integration.
pub fn tree(api: &RestApi) -> String {
    let mut out = String::new();
    for r in &api.resources {
        let depth = if r.path == "/" { 0 } else { r.path.matches('/').count() };
        let name = r.path_part.as_deref().map_or("/".to_string(), |p| format!("/{p}"));
        let _ = writeln!(out, "{}{}", "  ".repeat(depth), crate::diagnostics::render::visible(&name));
        for m in &r.methods {
            let auth = match (&m.authorizer, m.authorization_type) {
                (Some(a), t) => format!("{t} {a}"),
                (None, t) => t.to_string(),
            };
            let key = if m.api_key_required { " +api key" } else { "" };
            let target = m.integration.as_ref().map_or("no integration".to_string(), |i| {
                let ty = i.integration_type.as_str().unwrap_or("(expression)");
                match i.uri.as_ref().filter(|u| !u.is_null()) {
                    Some(u) => format!("{ty} {}", uri_text(u)),
                    None => ty.to_string(),
                }
            });
            let _ = writeln!(
                out,
                "{}  {:<7} {auth}{key} -> {}",
                "  ".repeat(depth),
                m.http_method,
                crate::diagnostics::render::visible(&target)
            );
        }
    }
    let methods = api.methods().count();
    let _ = writeln!(
        out,
        "\n{} resource{}, {methods} method{}, {} authorizer{}, {} model{}",
        api.resources.len(),
        if api.resources.len() == 1 { "" } else { "s" },
        if methods == 1 { "" } else { "s" },
        api.authorizers.len(),
        if api.authorizers.len() == 1 { "" } else { "s" },
        api.models.len(),
        if api.models.len() == 1 { "" } else { "s" },
    );
    out
}
