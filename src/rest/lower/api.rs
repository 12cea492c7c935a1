//! API-level settings, models, request validators and gateway responses.

use super::{Cx, entries, json, upper};
use crate::pointer::Pointer;
use crate::rest::ir::{GatewayResponse, Model, RequestValidator, RestApi, model_url};
use crate::value::Field;
use serde_json::Value;

/// Name, description, version, tags, base path and the root `x-amazon-apigateway-*` settings.
pub(super) fn lower_settings(cx: &Cx<'_>, api: &mut RestApi) {
    let root = cx.root;
    let top = Pointer::root();
    let info = top.child("info");
    let field = |node: Option<crate::tree::NodeRef<'_>>, at: Pointer| {
        node.and_then(json).filter(|v| !v.is_null()).map(|value| Field { value, pointer: at })
    };
    if let Some(i) = root.get("info") {
        api.name = field(i.get("title"), info.child("title"));
        api.description = field(i.get("description"), info.child("description"));
        // A version written as a number (`1.0`) is its text, as for HTTP APIs.
        api.version = i.get("version").and_then(|v| {
            let value = v.scalar_text().map(|t| Value::String(t.to_string())).or_else(|| json(v))?;
            Some(Field { value, pointer: info.child("version") })
        });
    }
    if let Some(types) = root.get("x-amazon-apigateway-binary-media-types") {
        let at = top.child("x-amazon-apigateway-binary-media-types");
        api.binary_media_types = types.items().enumerate().filter_map(|(i, t)| field(Some(t), at.index(i))).collect();
    }
    let source = root.get("x-amazon-apigateway-api-key-source");
    api.api_key_source =
        source.and_then(upper).map(|value| Field { value, pointer: top.child("x-amazon-apigateway-api-key-source") });
    api.minimum_compression_size = field(
        root.get("x-amazon-apigateway-minimum-compression-size"),
        top.child("x-amazon-apigateway-minimum-compression-size"),
    );
    api.policy = field(root.get("x-amazon-apigateway-policy"), top.child("x-amazon-apigateway-policy"));
    // Swagger 2.0 writes the endpoint configuration at the root, OpenAPI 3.0 on a server.
    let endpoint = if cx.swagger {
        root.get("x-amazon-apigateway-endpoint-configuration")
            .map(|e| (e, top.child("x-amazon-apigateway-endpoint-configuration")))
    } else {
        root.get("servers").and_then(|servers| {
            servers.items().enumerate().find_map(|(i, s)| {
                let e = s.get("x-amazon-apigateway-endpoint-configuration")?;
                Some((e, top.child("servers").index(i).child("x-amazon-apigateway-endpoint-configuration")))
            })
        })
    };
    if let Some((e, at)) = endpoint {
        api.disable_execute_api_endpoint =
            field(e.get("disableExecuteApiEndpoint"), at.child("disableExecuteApiEndpoint"));
        api.vpc_endpoint_ids = field(e.get("vpcEndpointIds"), at.child("vpcEndpointIds"));
    }
    if !cx.swagger {
        for (i, t) in
            root.get("tags").map(|t| t.items().collect::<Vec<_>>()).unwrap_or_default().into_iter().enumerate()
        {
            if let (Some(name), Some(v)) =
                (t.get("name").and_then(|n| n.as_str()), t.get("x-amazon-apigateway-tag-value"))
                && let Some(value) = json(v)
            {
                api.tags.insert(name.to_string(), Field { value, pointer: top.child("tags").index(i) });
            }
        }
    }
    api.base_path = if cx.swagger {
        crate::basepath::from_swagger(root)
    } else {
        root.get("servers").and_then(|s| crate::basepath::from_servers(s, &top.child("servers")))
    };
    api.request_validators = validators(cx);
    api.default_validator = root
        .get("x-amazon-apigateway-request-validator")
        .and_then(|v| v.as_str())
        .map(|v| Field { value: v.to_string(), pointer: top.child("x-amazon-apigateway-request-validator") });
    api.gateway_responses = gateway_responses(cx);
}

/// One model per schema, sorted by name.
pub(super) fn models(cx: &Cx<'_>) -> Vec<Model> {
    let (schemas, at) = if cx.swagger {
        (cx.root.get("definitions"), Pointer::root().child("definitions"))
    } else {
        (cx.root.get("components").and_then(|c| c.get("schemas")), Pointer::root().child("components").child("schemas"))
    };
    let mut models: Vec<Model> = schemas
        .filter(|s| s.is_map())
        .map(|s| s.entries())
        .unwrap_or_default()
        .into_iter()
        .map(|(name, node)| Model {
            name: name.to_string(),
            content_type: "application/json",
            description: node.get("description").and_then(json),
            pointer: at.child(name),
        })
        .collect();
    models.sort_by(|a, b| a.name.cmp(&b.name));
    models
}

/// A model's schema as AWS stores it.
pub(crate) fn model_schema(tree: &crate::tree::Tree, swagger: bool, m: &Model) -> Value {
    let Some(root) = tree.root() else { return Value::Null };
    let node = tree.locate(&m.pointer).filter(|l| l.exact).map(|l| crate::tree::NodeRef::new(tree, l.node));
    let mut schema = node.and_then(json).unwrap_or(Value::Null);
    rewrite_refs(&Cx { root, swagger }, &mut schema);
    schema
}

/// `$ref: '#/definitions/X'` → `$ref: 'https://apigateway.amazonaws.com/restapis/{restApiId}/models/X'`;
/// `required` lists sorted, as AWS stores them (recorded: `[name, b]` comes back `[b, name]`).
fn rewrite_refs(cx: &Cx<'_>, v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                match child {
                    Value::String(s) if k == "$ref" => {
                        if let Some(name) = cx.model_name(s) {
                            *s = model_url(&name);
                        }
                    }
                    Value::Array(items) if k == "required" && items.iter().all(Value::is_string) => {
                        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                    }
                    other => rewrite_refs(cx, other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(cx, i)),
        _ => {}
    }
}

fn validators(cx: &Cx<'_>) -> Vec<RequestValidator> {
    let at = Pointer::root().child("x-amazon-apigateway-request-validators");
    let flag = |n: Option<crate::tree::NodeRef<'_>>| n.and_then(|n| n.as_bool()).unwrap_or(false);
    let mut out: Vec<RequestValidator> = cx
        .root
        .get("x-amazon-apigateway-request-validators")
        .filter(|v| v.is_map())
        .map(|v| v.entries())
        .unwrap_or_default()
        .into_iter()
        .map(|(name, v)| RequestValidator {
            name: name.to_string(),
            validate_request_body: flag(v.get("validateRequestBody")),
            validate_request_parameters: flag(v.get("validateRequestParameters")),
            pointer: at.child(name),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn gateway_responses(cx: &Cx<'_>) -> Vec<GatewayResponse> {
    let at = Pointer::root().child("x-amazon-apigateway-gateway-responses");
    let mut out: Vec<GatewayResponse> = cx
        .root
        .get("x-amazon-apigateway-gateway-responses")
        .filter(|v| v.is_map())
        .map(|v| v.entries())
        .unwrap_or_default()
        .into_iter()
        .map(|(ty, r)| GatewayResponse {
            response_type: ty.to_string(),
            status_code: r.get("statusCode").and_then(|s| s.scalar_text()).map(|s| Value::String(s.to_string())),
            response_parameters: entries(r.get("responseParameters")),
            response_templates: entries(r.get("responseTemplates")),
            pointer: at.child(ty),
        })
        .collect();
    out.sort_by(|a, b| a.response_type.cmp(&b.response_type));
    out
}
