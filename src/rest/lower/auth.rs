//! Authorizers (one per security scheme with `x-amazon-apigateway-authorizer`, used or not, as
//! AWS's recording shows) and a method's authorization: the operation's `security`, else the
//! root's (REST import applies root security, unlike what the known-issues page says), with
//! `x-amazon-apigateway-auth` winning over both.

use super::{Cx, json, upper};
use crate::rest::ir::Authorizer;
use crate::tree::NodeRef;
use serde_json::Value;

/// The authorizers, sorted by name.
pub(super) fn authorizers(cx: &Cx<'_>) -> Vec<Authorizer> {
    let (schemes, at) = cx.schemes();
    let mut out: Vec<Authorizer> = schemes
        .filter(|s| s.is_map())
        .map(|s| s.entries())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(name, scheme)| {
            let a = scheme.get("x-amazon-apigateway-authorizer")?;
            let authorizer_type = a.get("type").and_then(|t| t.as_str()).unwrap_or("token").trim().to_ascii_uppercase();
            // `jwt` is an HTTP API authorizer: REST import does not create it.
            if authorizer_type == "JWT" {
                return None;
            }
            let header = (scheme.get("in").and_then(|i| i.as_str()) == Some("header"))
                .then(|| scheme.get("name").and_then(|n| n.as_str()))
                .flatten();
            // An empty string is no value (AWS imports `identitySource: ""` without complaint).
            let given = |key: &str| a.get(key).and_then(json).filter(|v| v.as_str() != Some(""));
            let identity_source =
                given("identitySource").or_else(|| header.map(|h| Value::String(format!("method.request.header.{h}"))));
            Some(Authorizer {
                name: name.to_string(),
                authorizer_type,
                auth_type: scheme.get("x-amazon-apigateway-authtype").and_then(json),
                authorizer_uri: given("authorizerUri"),
                authorizer_credentials: given("authorizerCredentials"),
                identity_source,
                identity_validation_expression: given("identityValidationExpression"),
                ttl: given("authorizerResultTtlInSeconds"),
                provider_arns: given("providerARNs"),
                pointer: at.child(name),
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// What a method's authorization comes to.
#[derive(Default)]
pub(super) struct MethodAuth {
    pub(super) authorization_type: &'static str,
    pub(super) authorizer: Option<String>,
    pub(super) scopes: Vec<String>,
    pub(super) api_key_required: bool,
}

/// The authorization of operation `op`.
pub(super) fn method_auth(cx: &Cx<'_>, op: NodeRef<'_>) -> MethodAuth {
    let mut out = MethodAuth { authorization_type: "NONE", ..MethodAuth::default() };
    let security = op.get("security").or_else(|| cx.root.get("security"));
    let (schemes, _) = cx.schemes();
    // Every scheme of every requirement object counts: `[{authorizer: []}, {api_key: []}]` is a
    // method with the authorizer that also requires a key.
    let requirements: Vec<NodeRef<'_>> =
        security.map(|s| s.items().filter(|r| r.is_map()).collect()).unwrap_or_default();
    for requirement in requirements {
        for (name, scopes) in requirement.entries() {
            let Some(scheme) = schemes.and_then(|s| s.get(name)) else { continue };
            if let Some(a) = scheme.get("x-amazon-apigateway-authorizer") {
                match a.get("type").and_then(|t| t.as_str()).map(|t| t.trim().to_ascii_lowercase()).as_deref() {
                    Some("jwt") => {}
                    Some("cognito_user_pools") => {
                        out.authorization_type = "COGNITO_USER_POOLS";
                        out.authorizer = Some(name.to_string());
                        out.scopes = scopes.items().filter_map(|s| s.as_str().map(str::to_string)).collect();
                    }
                    _ => {
                        out.authorization_type = "CUSTOM";
                        out.authorizer = Some(name.to_string());
                    }
                }
            } else if scheme
                .get("x-amazon-apigateway-authtype")
                .and_then(|t| t.as_str())
                .is_some_and(|t| t.eq_ignore_ascii_case("awsSigv4"))
            {
                out.authorization_type = "AWS_IAM";
            } else if is_api_key_scheme(scheme) {
                out.api_key_required = true;
            }
        }
    }
    // `x-amazon-apigateway-auth` wins over `security` (the API key requirement stays).
    let ext = op.get("x-amazon-apigateway-auth").and_then(|a| a.get("type")).and_then(upper);
    if let Some(t @ ("AWS_IAM" | "NONE")) = ext.as_ref().and_then(Value::as_str) {
        out.authorization_type = if t == "AWS_IAM" { "AWS_IAM" } else { "NONE" };
        out.authorizer = None;
        out.scopes.clear();
    }
    out
}

/// An API key scheme as REST import reads it: `type: apiKey`, `name: x-api-key`, `in: header`,
/// no authorizer.
pub(crate) fn is_api_key_scheme(scheme: NodeRef<'_>) -> bool {
    scheme.get("type").and_then(|t| t.as_str()) == Some("apiKey")
        && scheme.get("in").and_then(|i| i.as_str()) == Some("header")
        && scheme.get("name").and_then(|n| n.as_str()).is_some_and(|n| n.eq_ignore_ascii_case("x-api-key"))
        && scheme.get("x-amazon-apigateway-authorizer").is_none()
}
