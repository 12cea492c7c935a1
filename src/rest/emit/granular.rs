//! CloudFormation for a REST API in granular mode: the API's settings on `AWS::ApiGateway::RestApi`,
//! then one resource per construct, as the import would have created them: `Authorizer`, `Model`
//! (a `$ref` to another model as its URL with the API's id, and after that model),
//! `RequestValidator`, `GatewayResponse`, a `Resource` per path segment (under the root resource
//! AWS creates with the API) and a `Method` per operation, with its integration and responses.
//! The deployment waits for every method. Intrinsics from the document pass through.

use super::cloudformation::{Template, tag_list};
use crate::emit::names::words;
use crate::rest::ir::{Integration, MODEL_URL_START, Method, RestApi, model_of_url};
use crate::rest::view::pairs;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

pub(super) fn granular(
    api: &RestApi,
    tree: &crate::tree::Tree,
    stage: &str,
    values: &[(String, String)],
    opts: &crate::emit::EmitOptions,
) -> Value {
    let mut props = Map::new();
    for (k, v) in [("Name", &api.name), ("Description", &api.description)] {
        if let Some(f) = v {
            props.insert(k.into(), f.value.clone());
        }
    }
    if !api.binary_media_types.is_empty() {
        props.insert("BinaryMediaTypes".into(), api.binary_media_types.iter().map(|b| b.value.clone()).collect());
    }
    for (k, v) in [
        ("ApiKeySourceType", &api.api_key_source),
        ("MinimumCompressionSize", &api.minimum_compression_size),
        ("Policy", &api.policy),
        ("DisableExecuteApiEndpoint", &api.disable_execute_api_endpoint),
    ] {
        if let Some(f) = v {
            props.insert(k.into(), f.value.clone());
        }
    }
    let mut endpoint = json!({"Types": [super::endpoint_type(opts)]});
    if let Some(v) = &api.vpc_endpoint_ids {
        endpoint["VpcEndpointIds"] = v.value.clone();
    }
    props.insert("EndpointConfiguration".into(), endpoint);
    if !api.tags.is_empty() {
        let tags: Vec<(String, Value)> = api.tags.iter().map(|(k, f)| (k.clone(), f.value.clone())).collect();
        props.insert("Tags".into(), tag_list(&tags));
    }
    let mut t = Template::new(api, props);
    let rest_api = t.api_ref();

    let mut authorizers = HashMap::new();
    for a in &api.authorizers {
        let id = t.id(format!("Authorizer{}", words(&a.name)));
        let mut p = Map::new();
        p.insert("RestApiId".into(), rest_api.clone());
        p.insert("Name".into(), json!(a.name));
        p.insert("Type".into(), json!(a.authorizer_type));
        for (k, v) in a.settings() {
            if let Some(v) = v {
                p.insert(crate::emit::names::pascal(k), v.clone());
            }
        }
        t.resources.insert(id.clone(), json!({"Type": "AWS::ApiGateway::Authorizer", "Properties": p}));
        authorizers.insert(a.name.as_str(), id);
    }

    let models: HashMap<&str, String> =
        api.models.iter().map(|m| (m.name.as_str(), t.id(format!("Model{}", words(&m.name))))).collect();
    for m in &api.models {
        let mut schema = crate::rest::lower::model_schema(tree, api.swagger, m);
        let mut after = Vec::new();
        model_refs(&mut schema, &models, &t.api_id, &mut after);
        after.sort();
        after.dedup();
        let mut p = Map::new();
        p.insert("RestApiId".into(), rest_api.clone());
        p.insert("Name".into(), json!(m.name));
        p.insert("ContentType".into(), json!(m.content_type));
        if let Some(d) = &m.description {
            p.insert("Description".into(), d.clone());
        }
        p.insert("Schema".into(), schema);
        let mut r = json!({"Type": "AWS::ApiGateway::Model", "Properties": p});
        // A model that refers to itself (or in a cycle) cannot wait for itself.
        after.retain(|d| d != &models[m.name.as_str()]);
        if !after.is_empty() {
            r["DependsOn"] = json!(after);
        }
        t.resources.insert(models[m.name.as_str()].clone(), r);
    }

    let mut validators = HashMap::new();
    for v in &api.request_validators {
        let id = t.id(format!("RequestValidator{}", words(&v.name)));
        t.resources.insert(
            id.clone(),
            json!({"Type": "AWS::ApiGateway::RequestValidator", "Properties": {
                "RestApiId": rest_api, "Name": v.name,
                "ValidateRequestBody": v.validate_request_body,
                "ValidateRequestParameters": v.validate_request_parameters,
            }}),
        );
        validators.insert(v.name.as_str(), id);
    }

    for g in &api.gateway_responses {
        let id = t.id(format!("GatewayResponse{}", words(&g.response_type)));
        let mut p = Map::new();
        p.insert("RestApiId".into(), rest_api.clone());
        p.insert("ResponseType".into(), json!(g.response_type));
        if let Some(s) = &g.status_code {
            p.insert("StatusCode".into(), s.clone());
        }
        pairs(&mut p, "ResponseParameters", &g.response_parameters);
        pairs(&mut p, "ResponseTemplates", &g.response_templates);
        t.resources.insert(id, json!({"Type": "AWS::ApiGateway::GatewayResponse", "Properties": p}));
    }

    // Resources, parents first (the list is sorted by path), then their methods.
    let mut resource_ids: HashMap<&str, Value> = HashMap::new();
    let mut methods = Vec::new();
    for r in &api.resources {
        let id_value = match (&r.parent, &r.path_part) {
            (Some(parent), Some(part)) => {
                let id = t.id(format!("Resource{}", words(&r.path)));
                t.resources.insert(
                    id.clone(),
                    json!({"Type": "AWS::ApiGateway::Resource", "Properties": {
                        "RestApiId": rest_api, "ParentId": resource_ids[parent.as_str()], "PathPart": part,
                    }}),
                );
                json!({"Ref": id})
            }
            _ => json!({"Fn::GetAtt": [t.api_id, "RootResourceId"]}),
        };
        resource_ids.insert(r.path.as_str(), id_value.clone());
        for m in &r.methods {
            let base = if r.path == "/" { "Root".to_string() } else { words(&r.path) };
            let id = t.id(format!("Method{base}{}", words(&m.http_method.to_ascii_lowercase())));
            let p = method(m, &r.path, id_value.clone(), &rest_api, &authorizers, &models, &validators);
            t.resources.insert(id.clone(), json!({"Type": "AWS::ApiGateway::Method", "Properties": p}));
            methods.push(id);
        }
    }
    t.finish(api, stage, values, methods, "REST API generated by gatewright")
}

/// A method's properties.
fn method(
    m: &Method,
    path: &str,
    resource: Value,
    rest_api: &Value,
    authorizers: &HashMap<&str, String>,
    models: &HashMap<&str, String>,
    validators: &HashMap<&str, String>,
) -> Map<String, Value> {
    let model = |name: &String| models.get(name.as_str()).map_or_else(|| json!(name), |id| json!({"Ref": id}));
    let mut p = Map::new();
    p.insert("RestApiId".into(), rest_api.clone());
    p.insert("ResourceId".into(), resource);
    p.insert("HttpMethod".into(), json!(m.http_method));
    p.insert("AuthorizationType".into(), json!(m.authorization_type));
    if let Some(a) = m.authorizer.as_deref().and_then(|a| authorizers.get(a)) {
        p.insert("AuthorizerId".into(), json!({"Ref": a}));
    }
    if !m.authorization_scopes.is_empty() {
        p.insert("AuthorizationScopes".into(), json!(m.authorization_scopes));
    }
    p.insert("ApiKeyRequired".into(), json!(m.api_key_required));
    if let Some(n) = &m.operation_name {
        p.insert("OperationName".into(), n.clone());
    }
    if !m.request_parameters.is_empty() {
        p.insert("RequestParameters".into(), json!(m.request_parameters));
    }
    if !m.request_models.is_empty() {
        p.insert("RequestModels".into(), m.request_models.iter().map(|(k, v)| (k.clone(), model(v))).collect());
    }
    if let Some(v) = m.request_validator.as_deref().and_then(|v| validators.get(v)) {
        p.insert("RequestValidatorId".into(), json!({"Ref": v}));
    }
    if !m.method_responses.is_empty() {
        let responses: Vec<Value> = m
            .method_responses
            .iter()
            .map(|(status, r)| {
                let mut o = json!({"StatusCode": status});
                if !r.response_parameters.is_empty() {
                    o["ResponseParameters"] = json!(r.response_parameters);
                }
                if !r.response_models.is_empty() {
                    o["ResponseModels"] = r.response_models.iter().map(|(k, v)| (k.clone(), model(v))).collect();
                }
                o
            })
            .collect();
        p.insert("MethodResponses".into(), json!(responses));
    }
    if let Some(i) = &m.integration {
        p.insert("Integration".into(), integration(i, path));
    }
    p
}

/// `AWS::ApiGateway::Method.Integration`.
fn integration(i: &Integration, path: &str) -> Value {
    let mut o = Map::new();
    o.insert("Type".into(), i.integration_type.clone());
    for (k, v) in i.settings() {
        if let Some(v) = v {
            o.insert(crate::emit::names::pascal(k), v.clone());
        }
    }
    pairs(&mut o, "RequestParameters", &i.request_parameters);
    pairs(&mut o, "RequestTemplates", &i.request_templates);
    o.insert("PassthroughBehavior".into(), i.passthrough_behavior.clone());
    o.insert("TimeoutInMillis".into(), i.timeout_in_millis.clone());
    if let Some(n) = i.chosen_cache_namespace(path) {
        o.insert("CacheNamespace".into(), n.clone());
    }
    if !i.cache_key_parameters.is_empty() {
        o.insert("CacheKeyParameters".into(), Value::Array(i.cache_key_parameters.clone()));
    }
    if !i.responses.is_empty() {
        let responses: Vec<Value> = i
            .responses
            .iter()
            .map(|(status, r)| {
                let mut ro = Map::new();
                ro.insert("StatusCode".into(), json!(status));
                if let Some(p) = &r.selection_pattern {
                    ro.insert("SelectionPattern".into(), json!(p));
                }
                pairs(&mut ro, "ResponseParameters", &r.response_parameters);
                pairs(&mut ro, "ResponseTemplates", &r.response_templates);
                if let Some(c) = &r.content_handling {
                    ro.insert("ContentHandling".into(), c.clone());
                }
                Value::Object(ro)
            })
            .collect();
        o.insert("IntegrationResponses".into(), json!(responses));
    }
    Value::Object(o)
}

/// Model URLs in a schema: `{restApiId}` becomes the API's id (`Fn::Sub`), and each model named
/// goes into `after`.
fn model_refs(v: &mut Value, models: &HashMap<&str, String>, api_id: &str, after: &mut Vec<String>) {
    rewrite_model_refs(v, &mut |name| {
        if let Some(id) = models.get(name) {
            after.push(id.clone());
        }
        json!({"Fn::Sub": format!("{MODEL_URL_START}${{{api_id}}}/models/{name}")})
    });
}

/// Every `$ref` to a model of the API replaced by what `f` makes of the model's name.
pub(super) fn rewrite_model_refs(v: &mut Value, f: &mut dyn FnMut(&str) -> Value) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if k == "$ref"
                    && let Some(name) = child.as_str().and_then(model_of_url).map(str::to_string)
                {
                    *child = f(&name);
                } else {
                    rewrite_model_refs(child, f);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite_model_refs(i, f)),
        _ => {}
    }
}
