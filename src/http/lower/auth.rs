//! Security schemes → authorizers (JWT, Lambda REQUEST) or IAM; security requirements → the
//! route's authorization.

use super::Cx;
use super::refs;
use crate::diagnostics::Code;
use crate::http::ir::{Authorizer, AuthorizerKind, Int, RouteAuth, SchemeInfo, SchemeKind, SecurityRequirement, Val};
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SchemeDoc {
    #[serde(rename = "type")]
    ty: Option<String>,
    open_id_connect_url: Option<String>,
    #[serde(rename = "x-amazon-apigateway-authtype")]
    authtype: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthorizerDoc {
    #[serde(rename = "type")]
    ty: String,
    identity_source: Option<serde_json::Value>,
    jwt_configuration: Option<JwtDoc>,
    authorizer_uri: Option<Val<String>>,
    authorizer_payload_format_version: Option<Val<String>>,
    enable_simple_responses: Option<Val<bool>>,
    authorizer_result_ttl_in_seconds: Option<Val<Int>>,
    authorizer_credentials: Option<Val<String>>,
}

#[derive(Deserialize)]
struct JwtDoc {
    issuer: Option<Val<String>>,
    audience: Option<Vec<Val<String>>>,
}

pub(super) fn lower_schemes<'t>(cx: &mut Cx<'t>, root: NodeRef<'t>) {
    let ptr = Pointer::root().child("components").child("securitySchemes");
    let Some(schemes) = root.get("components").and_then(|c| c.get("securitySchemes")) else { return };
    if !schemes.is_map() {
        cx.wrong_shape(
            Code::InvalidOpenapiStructure,
            &ptr,
            "`securitySchemes` must be a mapping".into(),
            "a mapping of scheme names",
        );
        return;
    }
    for (name, node) in schemes.entries() {
        let p = ptr.child(name);
        let kind = match refs::follow(cx, node, &p) {
            Some(t) => lower_scheme(cx, name, t.node, &t.pointer),
            None => SchemeKind::Invalid,
        };
        cx.api.security_schemes.push(SchemeInfo { name: name.to_string(), kind, pointer: p });
    }
}

fn lower_scheme<'t>(cx: &mut Cx<'t>, name: &str, node: NodeRef<'t>, ptr: &Pointer) -> SchemeKind {
    let Some(doc) = cx.decode::<SchemeDoc>(node, ptr, Code::InvalidOpenapiStructure, "this security scheme") else {
        return SchemeKind::Invalid;
    };
    if doc.authtype.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("awsSigv4")) {
        return SchemeKind::Iam;
    }
    let Some(ext) = node.get("x-amazon-apigateway-authorizer") else {
        return SchemeKind::Unsupported(doc.ty.unwrap_or_default());
    };
    let ext_ptr = ptr.child("x-amazon-apigateway-authorizer");
    let Some(a) = cx.decode::<AuthorizerDoc>(ext, &ext_ptr, Code::InvalidExtension, "`x-amazon-apigateway-authorizer`")
    else {
        return SchemeKind::Invalid;
    };
    let kind = match a.ty.to_ascii_lowercase().as_str() {
        "jwt" => AuthorizerKind::Jwt,
        "request" => AuthorizerKind::Request,
        _ => return SchemeKind::UnsupportedAuthorizer(a.ty),
    };
    let (issuer, audience) = match a.jwt_configuration {
        Some(j) => (j.issuer, j.audience),
        None => (None, None),
    };
    cx.api.authorizers.push(Authorizer {
        name: name.to_string(),
        kind,
        identity_source: identity_sources(a.identity_source),
        issuer,
        audience,
        open_id_connect_url: doc.open_id_connect_url,
        authorizer_uri: a.authorizer_uri,
        payload_format_version: a.authorizer_payload_format_version,
        enable_simple_responses: a.enable_simple_responses,
        result_ttl: a.authorizer_result_ttl_in_seconds,
        credentials: a.authorizer_credentials,
        pointer: ptr.clone(),
    });
    SchemeKind::Authorizer(cx.api.authorizers.len() - 1)
}

/// `identitySource` is documented as a comma-separated string and written as a list by SAM.
fn identity_sources(v: Option<serde_json::Value>) -> Vec<Val<String>> {
    use serde_json::Value;
    let one = |v: Value| match v {
        Value::String(s) => {
            s.split(',').map(|p| Val::Lit(p.trim().to_string())).filter(|v| v != &Val::Lit(String::new())).collect()
        }
        Value::Null => Vec::new(),
        other => vec![Val::Expr(Box::new(other))],
    };
    match v {
        Some(Value::Array(items)) => items.into_iter().flat_map(one).collect(),
        Some(v) => one(v),
        None => Vec::new(),
    }
}

/// Reads an operation's (or the root's) `security` list.
pub(super) fn requirements<'t>(cx: &mut Cx<'t>, node: NodeRef<'t>, ptr: &Pointer) -> Option<Vec<SecurityRequirement>> {
    let list =
        cx.decode::<Vec<IndexMap<String, Vec<String>>>>(node, ptr, Code::InvalidOpenapiStructure, "`security`")?;
    Some(
        list.into_iter()
            .enumerate()
            .map(|(i, m)| SecurityRequirement { schemes: m.into_iter().collect(), pointer: ptr.index(i) })
            .collect(),
    )
}

/// The authorization a route gets from its requirements: the first scheme of the first
/// requirement (several requirements are an import error, reported by the checks).
pub(super) fn route_auth(cx: &Cx<'_>, security: &[SecurityRequirement]) -> RouteAuth {
    let Some((scheme, scopes)) = security.first().and_then(|r| r.schemes.first()) else { return RouteAuth::None };
    let Some(info) = cx.api.security_schemes.iter().find(|s| &s.name == scheme) else { return RouteAuth::None };
    match &info.kind {
        SchemeKind::Iam => RouteAuth::Iam,
        SchemeKind::Authorizer(i) => {
            let a = &cx.api.authorizers[*i];
            match a.kind {
                AuthorizerKind::Jwt => RouteAuth::Jwt { authorizer: a.name.clone(), scopes: scopes.clone() },
                AuthorizerKind::Request => RouteAuth::Custom { authorizer: a.name.clone(), scopes: scopes.clone() },
            }
        }
        SchemeKind::Unsupported(_) | SchemeKind::UnsupportedAuthorizer(_) | SchemeKind::Invalid => RouteAuth::None,
    }
}
