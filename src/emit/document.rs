//! The one OpenAPI document that import mode sends, for both API kinds and every backend: the
//! AWS CLI script (`import-api`, `import-rest-api`), CloudFormation's `Body`, Terraform's body
//! file, the plan and `deploy` (`PUT /v2/apis`, `POST /restapis?mode=import`), and
//! `compile --emit openapi`, which writes it as it is.
//!
//! Both kinds: versions as written (`openapi: 3.0` is text to the importers), gatewright's own
//! extensions (`x-gatewright-*`, anywhere) removed, and placeholders resolved, except for
//! CloudFormation, which resolves intrinsics itself. An HTTP API's document is also normalised as
//! `ImportApi` reads it (`/$default` as the default route's path, payload format versions as
//! strings, security on every operation instead of the root) and carries the deploy-time
//! overrides (`--name`, `--description`, `--api-version`, `--tag`, `--cors`). A REST API's
//! overrides are set beside the body by its backends, never in it.

use super::{EmitError, EmitOptions, Overrides, Target};
use crate::kind::ApiKind;
use crate::tree::{Tree, de};
use serde_json::{Map, Value, json};

/// The document import mode sends for an API of `kind` read from `tree`, as `opts.target`
/// receives it.
pub(crate) fn import_body(tree: &Tree, kind: ApiKind, opts: &EmitOptions) -> Result<Value, EmitError> {
    let mut doc = as_written(tree).ok_or_else(|| EmitError::Internal("the document could not be read back".into()))?;
    strip_own_extensions(&mut doc);
    if kind == ApiKind::Http {
        stringify_versions(&mut doc);
        if let Some(obj) = doc.as_object_mut() {
            normalise_http(obj, &opts.overrides);
        }
    }
    if opts.target != Target::CloudFormation {
        super::resolve_document(&mut doc, opts)?;
        if kind == ApiKind::Http {
            super::values::retype(&mut doc);
        }
    }
    Ok(doc)
}

/// The document as JSON with its versions read as written (`openapi: 3.0`, `swagger: 2.0` and
/// `version: 2.0` are YAML numbers, but the importers read text); None when the tree has no
/// usable root.
pub(crate) fn as_written(tree: &Tree) -> Option<Value> {
    let root = tree.root()?;
    let mut doc: Value = de::decode(root).ok()?;
    let obj = doc.as_object_mut()?;
    for key in ["openapi", "swagger"] {
        if let Some(text) = root.get(key).and_then(|n| n.scalar_text()) {
            obj.insert(key.into(), json!(text));
        }
    }
    if let (Some(text), Some(info)) = (
        root.get("info").and_then(|i| i.get("version")).and_then(|v| v.scalar_text()),
        obj.get_mut("info").and_then(Value::as_object_mut),
    ) {
        info.insert("version".into(), json!(text));
    }
    Some(doc)
}

/// Removes `x-gatewright-*` keys at every depth: they are gatewright's (suppressions, API keys,
/// usage plans), API Gateway never reads them, and REST import's treatment of unknown `x-` keys
/// is not documented.
fn strip_own_extensions(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|k, _| !k.starts_with("x-gatewright-"));
            m.values_mut().for_each(strip_own_extensions);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_own_extensions),
        _ => {}
    }
}

/// An HTTP API's document as `ImportApi` reads it (its versions already strings), with the
/// overrides.
fn normalise_http(obj: &mut Map<String, Value>, overrides: &Overrides) {
    if let Some(paths) = obj.get_mut("paths").and_then(Value::as_object_mut)
        && paths.contains_key("$default")
        && !paths.contains_key("/$default")
    {
        let entries: Vec<(String, Value)> = std::mem::take(paths).into_iter().collect();
        for (k, v) in entries {
            paths.insert(if k == "$default" { "/$default".to_string() } else { k }, v);
        }
    }
    if let Some(security) = obj.remove("security") {
        for item in obj.get_mut("paths").and_then(Value::as_object_mut).into_iter().flat_map(|p| p.values_mut()) {
            for (k, op) in item.as_object_mut().into_iter().flatten() {
                if crate::http::ir::Method::from_openapi_key(k).is_some()
                    && let Some(op) = op.as_object_mut()
                {
                    op.entry("security").or_insert_with(|| security.clone());
                }
            }
        }
    }
    apply(obj, overrides);
}

/// `payloadFormatVersion: 1.0` and `authorizerPayloadFormatVersion: 2.0` as strings.
fn stringify_versions(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if matches!(k.as_str(), "payloadFormatVersion" | "authorizerPayloadFormatVersion")
                    && let Value::Number(n) = child
                {
                    let text = n.as_f64().map(|f| format!("{f:.1}")).unwrap_or_else(|| n.to_string());
                    *child = json!(text);
                } else {
                    stringify_versions(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(stringify_versions),
        _ => {}
    }
}

/// Deploy-time overrides win over the document, as Terraform's `aws_apigatewayv2_api` does.
fn apply(doc: &mut Map<String, Value>, o: &Overrides) {
    let info = doc.entry("info").or_insert_with(|| json!({}));
    if let Some(info) = info.as_object_mut() {
        for (key, v) in [("title", &o.name), ("description", &o.description), ("version", &o.version)] {
            if let Some(v) = v {
                info.insert(key.into(), json!(v));
            }
        }
    }
    if !o.tags.is_empty() {
        let tags = doc.entry("tags").or_insert_with(|| json!([]));
        if let Some(list) = tags.as_array_mut() {
            list.retain(|t| !t.get("name").and_then(Value::as_str).is_some_and(|n| o.tags.contains_key(n)));
            for (k, v) in &o.tags {
                list.push(json!({"name": k, "x-amazon-apigateway-tag-value": v}));
            }
        }
    }
    match &o.cors {
        Some(Value::Null) => {
            doc.remove("x-amazon-apigateway-cors");
        }
        Some(cors) => {
            doc.insert("x-amazon-apigateway-cors".into(), cors.clone());
        }
        None => {}
    }
}
