//! Which API Gateway API a document describes: an HTTP API (v2, `ImportApi`), a REST API (v1,
//! `ImportRestApi`) or a WebSocket API (v2, from an AsyncAPI document). Chosen by `--api` /
//! `api =` in `gatewright.toml`, or by the documented `auto` rule:
//!
//! 0. A document with an `asyncapi` field is a WebSocket API (its version is gated later).
//! 1. `swagger: "2.0"` is a REST API (HTTP API import takes OpenAPI 3.0 only).
//! 2. An OpenAPI 3.0 document is a REST API when it uses a feature only REST APIs have (VTL
//!    templates or integration responses, an `aws`, `http` or `mock` integration,
//!    `x-amazon-apigateway-request-validators`, `-gateway-responses`, `-api-key-source`,
//!    `-binary-media-types`, a `token` or `cognito_user_pools` authorizer, an `apiKey` scheme
//!    without an authorizer, gatewright's `x-gatewright-api-keys` / `-usage-plans`) and none that
//!    only HTTP APIs have (`payloadFormatVersion: "2.0"`, `integrationSubtype`,
//!    `x-amazon-apigateway-cors`, a `jwt` authorizer, a `$default` path, `-importexport-version`,
//!    `components.x-amazon-apigateway-integrations`).
//! 3. Otherwise it is an HTTP API. A document with features of both kinds stays an HTTP API, and
//!    `check` says which feature of each it found (GW800).
//!
//! The rule reads only the document's outline (root, security schemes, operations and their
//! integrations), in one pass.

use crate::pointer::Pointer;
use crate::tree::NodeRef;

/// The kind of API import creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiKind {
    /// API Gateway v2 HTTP API.
    Http,
    /// API Gateway v1 REST API.
    Rest,
    /// API Gateway v2 WebSocket API.
    #[serde(rename = "websocket")]
    WebSocket,
}

impl ApiKind {
    /// `http`, `rest` or `websocket`.
    pub fn word(self) -> &'static str {
        match self {
            ApiKind::Http => "http",
            ApiKind::Rest => "rest",
            ApiKind::WebSocket => "websocket",
        }
    }
}

/// What the user asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ApiChoice {
    /// By the document (the rule above).
    #[default]
    Auto,
    /// Always this kind.
    Fixed(ApiKind),
}

/// A feature that only one kind has, and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// What it is, for a message (``an `aws` integration``).
    pub what: String,
    /// Where.
    pub pointer: Pointer,
}

/// The kind chosen, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    /// The kind.
    pub kind: ApiKind,
    /// Whether the document is Swagger 2.0.
    pub swagger: bool,
    /// The first REST-only feature found (auto only).
    pub rest_feature: Option<Feature>,
    /// The first HTTP-only feature found (auto only).
    pub http_feature: Option<Feature>,
}

/// Applies the choice to a document whose root is `root`.
pub fn choose(root: NodeRef<'_>, choice: ApiChoice) -> Chosen {
    let swagger = root.get("swagger").is_some();
    match choice {
        ApiChoice::Fixed(kind) => Chosen { kind, swagger, rest_feature: None, http_feature: None },
        ApiChoice::Auto if root.get("asyncapi").is_some() => {
            Chosen { kind: ApiKind::WebSocket, swagger, rest_feature: None, http_feature: None }
        }
        ApiChoice::Auto if swagger => Chosen { kind: ApiKind::Rest, swagger, rest_feature: None, http_feature: None },
        ApiChoice::Auto => {
            let (rest_feature, http_feature) = features(root);
            let kind = if rest_feature.is_some() && http_feature.is_none() { ApiKind::Rest } else { ApiKind::Http };
            Chosen { kind, swagger, rest_feature, http_feature }
        }
    }
}

/// The first REST-only and the first HTTP-only feature of an OpenAPI 3.0 document.
fn features(root: NodeRef<'_>) -> (Option<Feature>, Option<Feature>) {
    let mut rest: Option<Feature> = None;
    let mut http: Option<Feature> = None;
    let at = |p: Pointer, what: &str| Some(Feature { what: what.to_string(), pointer: p });
    let top = Pointer::root();
    for (key, what) in [
        ("x-amazon-apigateway-request-validators", "request validators"),
        ("x-amazon-apigateway-gateway-responses", "gateway responses"),
        ("x-amazon-apigateway-api-key-source", "an API key source"),
        ("x-amazon-apigateway-binary-media-types", "binary media types"),
        ("x-gatewright-api-keys", "API keys"),
        ("x-gatewright-usage-plans", "usage plans"),
    ] {
        if rest.is_none() && root.get(key).is_some() {
            rest = at(top.child(key), what);
        }
    }
    for (key, what) in [
        ("x-amazon-apigateway-cors", "`x-amazon-apigateway-cors`"),
        ("x-amazon-apigateway-importexport-version", "`x-amazon-apigateway-importexport-version`"),
    ] {
        if http.is_none() && root.get(key).is_some() {
            http = at(top.child(key), what);
        }
    }
    let components = top.child("components");
    if let Some(c) = root.get("components") {
        if http.is_none() && c.get("x-amazon-apigateway-integrations").is_some() {
            http = at(components.child("x-amazon-apigateway-integrations"), "reusable integrations");
        }
        let schemes = components.child("securitySchemes");
        for (name, s) in c.get("securitySchemes").map(|s| s.entries()).unwrap_or_default() {
            let p = schemes.child(name);
            let authorizer = s.get("x-amazon-apigateway-authorizer");
            let kind = authorizer.and_then(|a| a.get("type")).and_then(|t| t.as_str()).map(str::to_ascii_lowercase);
            match kind.as_deref() {
                Some("jwt") if http.is_none() => http = at(p, "a `jwt` authorizer"),
                Some("token") if rest.is_none() => rest = at(p, "a `token` authorizer"),
                Some("cognito_user_pools") if rest.is_none() => rest = at(p, "a `cognito_user_pools` authorizer"),
                None if rest.is_none()
                    && s.get("type").and_then(|t| t.as_str()) == Some("apiKey")
                    && s.get("x-amazon-apigateway-authtype")
                        .is_none_or(|t| !t.as_str().is_some_and(|t| t.starts_with("aws"))) =>
                {
                    rest = at(p, "an API key scheme without an authorizer")
                }
                _ => {}
            }
        }
    }
    let paths = top.child("paths");
    for (path, item) in root.get("paths").map(|p| p.entries()).unwrap_or_default() {
        if rest.is_some() && http.is_some() {
            break;
        }
        let item_ptr = paths.child(path);
        if http.is_none() && (path == "$default" || path == "/$default") {
            http = at(item_ptr.clone(), "the `$default` route");
        }
        if !item.is_map() {
            continue;
        }
        for (method, op) in item.entries() {
            let Some(i) = op.get("x-amazon-apigateway-integration") else { continue };
            let ip = item_ptr.child(method).child("x-amazon-apigateway-integration");
            let ty = i.get("type").and_then(|t| t.as_str()).map(str::to_ascii_lowercase);
            if rest.is_none() {
                if let Some(t @ ("aws" | "http" | "mock")) = ty.as_deref() {
                    let article = if t == "aws" { "an" } else { "a" };
                    rest = at(ip.child("type"), &format!("{article} `{t}` integration"));
                } else if i.get("requestTemplates").is_some() {
                    rest = at(ip.child("requestTemplates"), "mapping templates");
                } else if i.get("responses").is_some() {
                    rest = at(ip.child("responses"), "integration responses");
                }
            }
            if http.is_none() {
                if i.get("integrationSubtype").is_some() {
                    http = at(ip.child("integrationSubtype"), "`integrationSubtype`");
                } else if i.get("payloadFormatVersion").and_then(|v| v.scalar_text()).is_some_and(|v| v.trim() == "2.0")
                {
                    http = at(ip.child("payloadFormatVersion"), "`payloadFormatVersion: \"2.0\"`");
                }
            }
        }
    }
    (rest, http)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    fn auto(text: &str) -> Chosen {
        let tree = crate::tree::parse(&std::sync::Arc::from(text), Format::Yaml).expect("parses");
        choose(tree.root().expect("root"), ApiChoice::Auto)
    }

    #[test]
    fn the_auto_rule() {
        assert_eq!(auto("swagger: '2.0'\npaths: {}\n").kind, ApiKind::Rest);
        assert_eq!(auto("openapi: 3.0.1\npaths: {}\n").kind, ApiKind::Http);
        assert_eq!(auto("asyncapi: 3.0.0\n").kind, ApiKind::WebSocket);
        assert_eq!(auto("asyncapi: 2.6.0\n").kind, ApiKind::WebSocket, "gated later, with a clear error");
        let rest =
            auto("openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: mock}\n");
        assert_eq!(
            (rest.kind, rest.rest_feature.map(|f| f.what)),
            (ApiKind::Rest, Some("a `mock` integration".into()))
        );
        let key = auto(
            "openapi: 3.0.1\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, name: x-api-key, in: header}\npaths: {}\n",
        );
        assert_eq!(key.kind, ApiKind::Rest);
        let iam = auto(
            "openapi: 3.0.1\ncomponents:\n  securitySchemes:\n    k: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}\npaths: {}\n",
        );
        assert_eq!(iam.kind, ApiKind::Http, "IAM is both kinds'");
        let mixed = auto(
            "openapi: 3.0.1\nx-amazon-apigateway-binary-media-types: ['*/*']\nx-amazon-apigateway-cors: {allowOrigins: ['*']}\npaths: {}\n",
        );
        assert_eq!(mixed.kind, ApiKind::Http);
        assert!(mixed.rest_feature.is_some() && mixed.http_feature.is_some());
        let fixed = choose(
            crate::tree::parse(&std::sync::Arc::from("swagger: '2.0'\n"), Format::Yaml).unwrap().root().unwrap(),
            ApiChoice::Fixed(ApiKind::Http),
        );
        assert_eq!((fixed.kind, fixed.swagger), (ApiKind::Http, true));
    }
}
