//! `Cors` of an `AWS::Serverless::Api` (`ApiGenerator._add_cors`, `SwaggerEditor.add_cors`): an
//! OPTIONS method on every path without one, a `mock` integration answering the preflight with
//! the allowed origin, headers, methods (those of the path when not given), max age and
//! credentials.

use super::super::doc::{Doc, Span, V};
use super::super::events::branches_mut;
use super::super::{Refusal, is_intrinsic};

const KEYS: [&str; 5] = ["AllowMethods", "AllowHeaders", "AllowOrigin", "MaxAge", "AllowCredentials"];
const ALL_METHODS: [&str; 7] = ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"];

/// Adds `cors` (the API's `Cors`) to `body`.
pub(crate) fn add(api: &str, cors: &Doc, body: &mut Doc) -> Result<(), Refusal> {
    let refuse = |at: Span, msg: &str| Refusal { at, id: api.to_string(), msg: msg.to_string() };
    let at = cors.at;
    let wildcard = Doc::str("'*'", at);
    let (origin, headers, methods, max_age, credentials) = if cors.str_value().is_some() || is_intrinsic(cors) {
        (cors.clone(), None, None, None, false)
    } else if let V::Map(entries) = &cors.v {
        if let Some((k, _, _)) = entries.iter().find(|(k, _, _)| !KEYS.contains(&k.as_str())) {
            return Err(refuse(at, &format!("Invalid key '{k}' for 'Cors' property.")));
        }
        let get = |k: &str| cors.get(k).filter(|v| !v.is_null()).cloned();
        (
            get("AllowOrigin").unwrap_or(wildcard),
            get("AllowHeaders"),
            get("AllowMethods"),
            get("MaxAge"),
            cors.get("AllowCredentials").is_some_and(Doc::is_true),
        )
    } else {
        return Err(refuse(at, "Invalid value for 'Cors' property"));
    };
    if !super::api::is_valid(body) {
        return Err(refuse(
            at,
            "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    if credentials && origin.str_value() == Some("'*'") {
        return Err(refuse(
            at,
            "Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set",
        ));
    }
    super::events::valid_items(body)?;
    let Some(Doc { v: V::Map(paths), .. }) = body.get_mut("paths") else { return Ok(()) };
    let mut seen = std::collections::HashSet::new();
    for (path, _, item) in paths.iter_mut() {
        let normal = if path == "/" { path.as_str() } else { path.trim_end_matches('/') };
        if !seen.insert(normal.to_string()) {
            continue;
        }
        // SAM computes the methods once a path and keeps them for each `Fn::If` branch.
        let mut methods = methods.clone();
        for item in branches_mut(item) {
            if item.get("options").is_some() {
                continue;
            }
            if !origin.truthy() {
                return Err(refuse(
                    origin.at,
                    "Structure of the SAM template is invalid. Invalid input. Value for AllowedOrigins is required",
                ));
            }
            if !methods.as_ref().is_some_and(Doc::truthy) {
                methods = Some(Doc::str(&format!("'{}'", allowed(item)), at));
            }
            let options = preflight(&origin, headers.as_ref(), methods.as_ref(), max_age.as_ref(), credentials, at);
            item.set("options", at, options);
        }
    }
    Ok(())
}

/// `_make_cors_allowed_methods_for_path_item`: the path item's keys and OPTIONS, upper case,
/// sorted (every method for `ANY`).
fn allowed(item: &Doc) -> String {
    let keys = item.keys();
    let mut methods: Vec<String> = if keys.iter().any(|k| k == "x-amazon-apigateway-any-method") {
        ALL_METHODS.iter().map(|m| m.to_string()).collect()
    } else {
        keys.iter().map(|k| k.to_uppercase()).chain(["OPTIONS".to_string()]).collect()
    };
    methods.sort();
    methods.dedup();
    methods.join(",")
}

/// `_options_method_response_for_cors`.
fn preflight(
    origin: &Doc,
    headers: Option<&Doc>,
    methods: Option<&Doc>,
    max_age: Option<&Doc>,
    credentials: bool,
    at: Span,
) -> Doc {
    let header = |name: &str, value: Doc, ty: &str, params: &mut Doc, declared: &mut Doc| {
        params.set(&format!("method.response.header.{name}"), value.at, value);
        declared.set(name, at, Doc::one("type", Doc::str(ty, at), at));
    };
    let (mut params, mut declared) = (Doc::map(at), Doc::map(at));
    header("Access-Control-Allow-Origin", origin.clone(), "string", &mut params, &mut declared);
    if let Some(h) = headers.filter(|h| h.truthy()) {
        header("Access-Control-Allow-Headers", h.clone(), "string", &mut params, &mut declared);
    }
    if let Some(m) = methods.filter(|m| m.truthy()) {
        header("Access-Control-Allow-Methods", m.clone(), "string", &mut params, &mut declared);
    }
    if let Some(a) = max_age {
        header("Access-Control-Max-Age", a.clone(), "integer", &mut params, &mut declared);
    }
    if credentials {
        header("Access-Control-Allow-Credentials", Doc::str("'true'", at), "string", &mut params, &mut declared);
    }
    let json = |v: Doc| Doc::one("application/json", v, at);
    let mut default = Doc::map(at);
    default.set("statusCode", at, Doc::str("200", at));
    default.set("responseParameters", at, params);
    default.set("responseTemplates", at, json(Doc::str("{}\n", at)));
    let mut integration = Doc::map(at);
    integration.set("type", at, Doc::str("mock", at));
    integration.set("requestTemplates", at, json(Doc::str("{\n  \"statusCode\" : 200\n}\n", at)));
    integration.set("responses", at, Doc::one("default", default, at));
    let mut ok = Doc::map(at);
    ok.set("description", at, Doc::str("Default response for CORS method", at));
    ok.set("headers", at, declared);
    let mut op = Doc::map(at);
    op.set("summary", at, Doc::str("CORS support", at));
    op.set("consumes", at, Doc::seq(vec![Doc::str("application/json", at)], at));
    op.set("produces", at, Doc::seq(vec![Doc::str("application/json", at)], at));
    op.set("x-amazon-apigateway-integration", at, integration);
    op.set("responses", at, Doc::one("200", ok, at));
    op
}
