//! The granular AWS CLI script for a REST API: `create-rest-api`, the root resource, then what
//! import would have created (authorizers, models in dependency order, request validators,
//! gateway responses, resources, and per method its method, responses and integration).

use super::api_keys::tail;
use super::{Part, Script, cli_input, json_of, opt, pairs_json};
use crate::diagnostics::Diagnostic;
use crate::emit::EmitOptions;
use crate::emit::lambda::Permission;
use crate::pointer::Pointer;
use crate::rest::emit::keys::KeysAndPlans;
use crate::rest::ir::{Integration, Method, RestApi, model_of_url};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The API's own settings, as `CreateRestApi` takes them.
fn api_input(api: &RestApi, opts: &EmitOptions) -> Vec<(&'static str, Part)> {
    let mut input = Vec::new();
    let name = opts.overrides.name.clone().map(Value::from).or_else(|| api.name.as_ref().map(|n| n.value.clone()));
    opt(&mut input, "name", name.map(Part::Json));
    let description = opts
        .overrides
        .description
        .clone()
        .map(Value::from)
        .or_else(|| api.description.as_ref().map(|d| d.value.clone()));
    opt(&mut input, "description", description.map(Part::Json));
    let version =
        opts.overrides.version.clone().map(Value::from).or_else(|| api.version.as_ref().map(|v| v.value.clone()));
    opt(&mut input, "version", version.map(Part::Json));
    if !api.binary_media_types.is_empty() {
        input.push(("binaryMediaTypes", Part::Json(api.binary_media_types.iter().map(|b| b.value.clone()).collect())));
    }
    opt(
        &mut input,
        "minimumCompressionSize",
        api.minimum_compression_size.as_ref().map(|f| Part::Json(f.value.clone())),
    );
    opt(&mut input, "apiKeySource", api.api_key_source.as_ref().map(|f| Part::Json(f.value.clone())));
    let mut endpoint = json!({"types": [crate::rest::emit::endpoint_type(opts)]});
    if let Some(v) = &api.vpc_endpoint_ids {
        endpoint["vpcEndpointIds"] = v.value.clone();
    }
    input.push(("endpointConfiguration", Part::Json(endpoint)));
    // `CreateRestApi` takes the policy as a JSON string.
    let policy = api.policy.as_ref().map(|p| match &p.value {
        Value::String(s) => Value::from(s.as_str()),
        other => Value::from(other.to_string()),
    });
    opt(&mut input, "policy", policy.map(Part::Json));
    opt(
        &mut input,
        "disableExecuteApiEndpoint",
        api.disable_execute_api_endpoint.as_ref().map(|f| Part::Json(f.value.clone())),
    );
    let mut tags: Map<String, Value> = api.tags.iter().map(|(k, f)| (k.clone(), f.value.clone())).collect();
    for (k, v) in &opts.overrides.tags {
        tags.insert(k.clone(), Value::from(v.as_str()));
    }
    if !tags.is_empty() {
        input.push(("tags", Part::Json(Value::Object(tags))));
    }
    input
}

/// The granular script.
pub(in crate::rest::emit) fn granular(
    api: &RestApi,
    keys: &KeysAndPlans,
    tree: &crate::tree::Tree,
    stage: &str,
    opts: &EmitOptions,
    permissions: &[Permission],
) -> Result<String, Vec<Diagnostic>> {
    let mut s = Script::new(opts);
    s.key_checks(keys);
    s.log("creating the REST API");
    let mut input = api_input(api, opts);
    s.resolve(&mut input);
    let _ = writeln!(
        s.out,
        "REST_API_ID=$(aws apigateway create-rest-api{} --cli-input-json {} --query id --output text)",
        s.region,
        cli_input(&input)
    );
    let api_id = || ("restApiId", Part::Var("REST_API_ID".into()));
    s.log("finding the root resource");
    let _ = writeln!(
        s.out,
        "ROOT_ID=$(aws apigateway get-resources{} --cli-input-json {} --query 'items[?path==`/`].id | [0]' --output text)",
        s.region,
        cli_input(&[api_id()])
    );

    let mut authorizers = HashMap::new();
    for a in &api.authorizers {
        s.log(&format!("creating authorizer {}", a.name));
        s.at = a.pointer.clone();
        let mut input =
            vec![api_id(), ("name", Part::Json(json!(a.name))), ("type", Part::Json(json!(a.authorizer_type)))];
        for (k, v) in a.settings() {
            opt(&mut input, k, json_of(v));
        }
        let var = s.run("create-authorizer", input, Some(("AUTHORIZER", "id")));
        authorizers.insert(a.name.as_str(), var);
    }

    for m in models_in_order(api, tree) {
        s.log(&format!("creating model {}", m.0));
        s.at = m.4;
        let mut input = vec![api_id(), ("name", Part::Json(json!(m.0))), ("contentType", Part::Json(json!(m.1)))];
        opt(&mut input, "description", m.2.map(Part::Json));
        input.push(("schema", Part::Schema(m.3)));
        s.run("create-model", input, None);
    }

    let mut validators = HashMap::new();
    for v in &api.request_validators {
        s.log(&format!("creating request validator {}", v.name));
        s.at = v.pointer.clone();
        let input = vec![
            api_id(),
            ("name", Part::Json(json!(v.name))),
            ("validateRequestBody", Part::Json(json!(v.validate_request_body))),
            ("validateRequestParameters", Part::Json(json!(v.validate_request_parameters))),
        ];
        let var = s.run("create-request-validator", input, Some(("VALIDATOR", "id")));
        validators.insert(v.name.as_str(), var);
    }

    for g in &api.gateway_responses {
        s.log(&format!("setting gateway response {}", g.response_type));
        s.at = g.pointer.clone();
        let mut input = vec![api_id(), ("responseType", Part::Json(json!(g.response_type)))];
        opt(&mut input, "statusCode", json_of(&g.status_code));
        opt(&mut input, "responseParameters", pairs_json(&g.response_parameters));
        opt(&mut input, "responseTemplates", pairs_json(&g.response_templates));
        s.run("put-gateway-response", input, None);
    }

    // Resources, parents first (the list is sorted by path), then their methods.
    let mut resource_vars: HashMap<&str, String> = HashMap::new();
    for r in &api.resources {
        let var = match (&r.parent, &r.path_part) {
            (Some(parent), Some(part)) => {
                s.log(&format!("creating resource {}", r.path));
                let input = vec![
                    api_id(),
                    ("parentId", Part::Var(resource_vars[parent.as_str()].clone())),
                    ("pathPart", Part::Json(json!(part))),
                ];
                s.run("create-resource", input, Some(("RESOURCE", "id")))
            }
            _ => "ROOT_ID".to_string(),
        };
        resource_vars.insert(r.path.as_str(), var.clone());
        for m in &r.methods {
            s.log(&format!("creating method {} {}", m.http_method, r.path));
            s.at = m.pointer.clone();
            method(&mut s, m, &r.path, &var, &authorizers, &validators);
        }
    }
    tail(&mut s, keys, stage, permissions);
    s.finish()
}

/// The models, each after the models its schema names (AWS checks that a named model exists):
/// name, content type, description and schema with model URLs.
#[allow(clippy::type_complexity)]
fn models_in_order(
    api: &RestApi,
    tree: &crate::tree::Tree,
) -> Vec<(String, &'static str, Option<Value>, Value, Pointer)> {
    let schemas: Vec<Value> =
        api.models.iter().map(|m| crate::rest::lower::model_schema(tree, api.swagger, m)).collect();
    let index: HashMap<&str, usize> = api.models.iter().enumerate().map(|(i, m)| (m.name.as_str(), i)).collect();
    let mut named = vec![Vec::new(); api.models.len()];
    for (i, schema) in schemas.iter().enumerate() {
        refs(schema, &index, &mut named[i]);
    }
    // Depth-first, each model after those it names; a cycle is broken where it closes.
    let mut state = vec![0u8; api.models.len()];
    let mut order = Vec::new();
    fn visit(i: usize, named: &[Vec<usize>], state: &mut [u8], order: &mut Vec<usize>) {
        if state[i] != 0 {
            return;
        }
        state[i] = 1;
        for &j in &named[i] {
            visit(j, named, state, order);
        }
        state[i] = 2;
        order.push(i);
    }
    for i in 0..api.models.len() {
        visit(i, &named, &mut state, &mut order);
    }
    let mut schemas: Vec<Option<Value>> = schemas.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(|i| {
            let m = &api.models[i];
            let schema = schemas[i].take().unwrap_or(Value::Null);
            (m.name.clone(), m.content_type, m.description.clone(), schema, m.pointer.clone())
        })
        .collect()
}

/// The models a schema names by URL.
fn refs(v: &Value, index: &HashMap<&str, usize>, out: &mut Vec<usize>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if k == "$ref"
                    && let Some(name) = child.as_str().and_then(model_of_url)
                    && let Some(&i) = index.get(name)
                {
                    out.push(i);
                } else {
                    refs(child, index, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, index, out)),
        _ => {}
    }
}

/// A method, its responses, its integration and the integration's responses.
fn method(
    s: &mut Script<'_>,
    m: &Method,
    path: &str,
    resource: &str,
    authorizers: &HashMap<&str, String>,
    validators: &HashMap<&str, String>,
) {
    let at = || {
        vec![
            ("restApiId", Part::Var("REST_API_ID".into())),
            ("resourceId", Part::Var(resource.to_string())),
            ("httpMethod", Part::Json(json!(m.http_method))),
        ]
    };
    let mut input = at();
    input.push(("authorizationType", Part::Json(json!(m.authorization_type))));
    opt(
        &mut input,
        "authorizerId",
        m.authorizer.as_deref().and_then(|a| authorizers.get(a)).map(|v| Part::Var(v.clone())),
    );
    input.push(("apiKeyRequired", Part::Json(json!(m.api_key_required))));
    opt(&mut input, "operationName", json_of(&m.operation_name));
    if !m.request_parameters.is_empty() {
        input.push(("requestParameters", Part::Json(json!(m.request_parameters))));
    }
    if !m.request_models.is_empty() {
        input.push(("requestModels", Part::Json(json!(m.request_models))));
    }
    opt(
        &mut input,
        "requestValidatorId",
        m.request_validator.as_deref().and_then(|v| validators.get(v)).map(|v| Part::Var(v.clone())),
    );
    if !m.authorization_scopes.is_empty() {
        input.push(("authorizationScopes", Part::Json(json!(m.authorization_scopes))));
    }
    s.run("put-method", input, None);
    for (status, r) in &m.method_responses {
        let mut input = at();
        input.push(("statusCode", Part::Json(json!(status))));
        if !r.response_parameters.is_empty() {
            input.push(("responseParameters", Part::Json(json!(r.response_parameters))));
        }
        if !r.response_models.is_empty() {
            input.push(("responseModels", Part::Json(json!(r.response_models))));
        }
        s.run("put-method-response", input, None);
    }
    if let Some(i) = &m.integration {
        integration(s, i, path, at);
    }
}

fn integration(s: &mut Script<'_>, i: &Integration, path: &str, at: impl Fn() -> Vec<(&'static str, Part)>) {
    s.at = i.pointer.clone();
    let mut input = at();
    input.push(("type", Part::Json(i.integration_type.clone())));
    for (k, v) in i.settings() {
        opt(&mut input, k, json_of(v));
    }
    opt(&mut input, "requestParameters", pairs_json(&i.request_parameters));
    opt(&mut input, "requestTemplates", pairs_json(&i.request_templates));
    input.push(("passthroughBehavior", Part::Json(i.passthrough_behavior.clone())));
    input.push(("timeoutInMillis", Part::Json(i.timeout_in_millis.clone())));
    opt(&mut input, "cacheNamespace", i.chosen_cache_namespace(path).map(|n| Part::Json(n.clone())));
    if !i.cache_key_parameters.is_empty() {
        input.push(("cacheKeyParameters", Part::Json(Value::Array(i.cache_key_parameters.clone()))));
    }
    if let Some(v) = &i.insecure_skip_verification {
        input.push(("tlsConfig", Part::Json(json!({"insecureSkipVerification": v}))));
    }
    s.run("put-integration", input, None);
    for (status, r) in &i.responses {
        s.at = r.pointer.clone();
        let mut input = at();
        input.push(("statusCode", Part::Json(json!(status))));
        opt(&mut input, "selectionPattern", r.selection_pattern.as_ref().map(|p| Part::Json(json!(p))));
        opt(&mut input, "responseParameters", pairs_json(&r.response_parameters));
        opt(&mut input, "responseTemplates", pairs_json(&r.response_templates));
        opt(&mut input, "contentHandling", json_of(&r.content_handling));
        s.run("put-integration-response", input, None);
    }
}
