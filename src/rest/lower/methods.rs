//! Paths → the resource tree (one resource per segment, `/` always, intermediate resources
//! without methods) and operations → methods: request parameters, request models, the request
//! validator, method responses and the integration.

use super::{Cx, auth, integration, json};
use crate::pointer::Pointer;
use crate::rest::ir::{Method, MethodResponse, Resource, RestApi};
use crate::tree::NodeRef;
use std::collections::BTreeMap;

/// The path item keys that are operations, and their HTTP methods. REST APIs have no `TRACE`.
const METHODS: [(&str, &str); 8] = [
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("x-amazon-apigateway-any-method", "ANY"),
];

/// Builds every resource and method.
pub(super) fn lower_paths(cx: &Cx<'_>, api: &mut RestApi) {
    let mut resources: BTreeMap<String, Resource> = BTreeMap::new();
    add_resource(&mut resources, "/");
    let paths_at = Pointer::root().child("paths");
    let base = api.base_path.as_ref().map(|b| b.value.clone());
    for (key, item) in cx.root.get("paths").filter(|p| p.is_map()).map(|p| p.entries()).unwrap_or_default() {
        if key.starts_with("x-") {
            continue;
        }
        let item_at = paths_at.child(key);
        let path = crate::basepath::apply(api.base_path_mode, base.as_deref(), &normalise(key));
        add_resource(&mut resources, &path);
        let Some(item) = cx.follow(item).filter(|i| i.is_map()) else { continue };
        let shared = item.get("parameters");
        let mut methods = Vec::new();
        for (k, http_method) in METHODS {
            let Some(op) = item.get(k).filter(|o| o.is_map()) else { continue };
            methods.push(method(cx, api, op, shared, http_method, item_at.child(k), &path));
        }
        if let Some(r) = resources.get_mut(&path) {
            r.pointer.get_or_insert(item_at);
            for m in methods {
                // Two path keys that name the same resource: the later operation wins.
                r.methods.retain(|x| x.http_method != m.http_method);
                r.methods.push(m);
            }
            r.methods.sort_by(|a, b| a.http_method.cmp(&b.http_method));
        }
    }
    api.resources = resources.into_values().collect();
}

/// `pets/` → `/pets`; empty segments dropped.
fn normalise(key: &str) -> String {
    let segments: Vec<&str> = key.split('/').filter(|s| !s.is_empty()).collect();
    format!("/{}", segments.join("/"))
}

/// The resource at `path` and every ancestor.
fn add_resource(resources: &mut BTreeMap<String, Resource>, path: &str) {
    if resources.contains_key(path) {
        return;
    }
    let (parent, part) = match path.rfind('/') {
        _ if path == "/" => (None, None),
        Some(0) => (Some("/".to_string()), Some(path[1..].to_string())),
        Some(i) => (Some(path[..i].to_string()), Some(path[i + 1..].to_string())),
        None => (Some("/".to_string()), Some(path.to_string())),
    };
    if let Some(p) = &parent {
        add_resource(resources, p);
    }
    resources.insert(
        path.to_string(),
        Resource { path: path.to_string(), path_part: part, parent, methods: Vec::new(), pointer: None },
    );
}

fn method(
    cx: &Cx<'_>,
    api: &RestApi,
    op: NodeRef<'_>,
    shared: Option<NodeRef<'_>>,
    http_method: &str,
    at: Pointer,
    path: &str,
) -> Method {
    let auth = auth::method_auth(cx, op);
    let mut request_parameters = BTreeMap::new();
    // Every variable of the path is a required path parameter, declared or not (recorded).
    for part in path.split('/').filter(|p| p.starts_with('{') && p.ends_with('}')) {
        let name = part.trim_start_matches('{').trim_end_matches('}').trim_end_matches('+');
        request_parameters.insert(format!("method.request.path.{name}"), true);
    }
    let mut request_models = BTreeMap::new();
    let consumes = media_types(cx, op, "consumes");
    // Path-item parameters first; the operation's own replace them by name and place.
    let listed: Vec<NodeRef<'_>> =
        shared.into_iter().chain(op.get("parameters")).flat_map(|ps| ps.items().collect::<Vec<_>>()).collect();
    for p in listed {
        let Some(p) = cx.follow(p) else { continue };
        let (Some(name), Some(place)) = (p.get("name").and_then(|n| n.as_str()), p.get("in").and_then(|i| i.as_str()))
        else {
            continue;
        };
        let required = p.get("required").and_then(|r| r.as_bool()).unwrap_or(false);
        match place {
            "path" => {
                request_parameters.insert(format!("method.request.path.{name}"), true);
            }
            "query" => {
                request_parameters.insert(format!("method.request.querystring.{name}"), required);
            }
            "header" => {
                request_parameters.insert(format!("method.request.header.{name}"), required);
            }
            "body" => {
                if let Some(model) = model_of(cx, p.get("schema")) {
                    for t in &consumes {
                        request_models.insert(t.clone(), model.clone());
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(body) = op.get("requestBody").and_then(|b| cx.follow(b)) {
        for (t, media) in body.get("content").filter(|c| c.is_map()).map(|c| c.entries()).unwrap_or_default() {
            if let Some(model) = model_of(cx, media.get("schema")) {
                request_models.insert(t.to_string(), model);
            }
        }
    }
    let request_validator = op
        .get("x-amazon-apigateway-request-validator")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .or_else(|| api.default_validator.as_ref().map(|v| v.value.clone()));
    let integration = op
        .get("x-amazon-apigateway-integration")
        .and_then(|i| integration::lower(cx, i, &at.child("x-amazon-apigateway-integration"), path));
    Method {
        http_method: http_method.to_string(),
        authorization_type: auth.authorization_type,
        authorizer: auth.authorizer,
        authorization_scopes: auth.scopes,
        api_key_required: auth.api_key_required,
        operation_name: op.get("operationId").and_then(json),
        request_parameters,
        request_models,
        request_validator,
        method_responses: responses(cx, op),
        integration,
        pointer: at,
    }
}

/// Method responses: one per status code (never for `default`), header parameters as
/// `method.response.header.NAME: false`, and the models of `$ref` schemas.
fn responses(cx: &Cx<'_>, op: NodeRef<'_>) -> BTreeMap<String, MethodResponse> {
    let produces = media_types(cx, op, "produces");
    let mut out = BTreeMap::new();
    for (status, r) in op.get("responses").filter(|r| r.is_map()).map(|r| r.entries()).unwrap_or_default() {
        let status = status.trim();
        if !(status.len() == 3 && status.bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        let mut mr = MethodResponse::default();
        if let Some(r) = cx.follow(r) {
            for (h, _) in r.get("headers").filter(|h| h.is_map()).map(|h| h.entries()).unwrap_or_default() {
                mr.response_parameters.insert(format!("method.response.header.{h}"), false);
            }
            if cx.swagger {
                if let Some(model) = model_of(cx, r.get("schema")) {
                    for t in &produces {
                        mr.response_models.insert(t.clone(), model.clone());
                    }
                }
            } else {
                for (t, media) in r.get("content").filter(|c| c.is_map()).map(|c| c.entries()).unwrap_or_default() {
                    if let Some(model) = model_of(cx, media.get("schema")) {
                        mr.response_models.insert(t.to_string(), model);
                    }
                }
            }
        }
        out.insert(status.to_string(), mr);
    }
    out
}

/// The model a schema names by `$ref`.
fn model_of(cx: &Cx<'_>, schema: Option<NodeRef<'_>>) -> Option<String> {
    cx.model_name(schema?.get("$ref")?.as_str()?)
}

/// Swagger 2.0 `consumes` / `produces`: the operation's, else the root's, else JSON.
fn media_types(cx: &Cx<'_>, op: NodeRef<'_>, key: &str) -> Vec<String> {
    let list = op.get(key).or_else(|| cx.root.get(key));
    let types: Vec<String> =
        list.map(|l| l.items().filter_map(|t| t.as_str().map(str::to_string)).collect()).unwrap_or_default();
    if types.is_empty() { vec!["application/json".to_string()] } else { types }
}
