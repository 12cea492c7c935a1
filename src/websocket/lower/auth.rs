//! Security schemes with `x-amazon-apigateway-authorizer` → Lambda REQUEST authorizers, named
//! after the scheme (`components.securitySchemes`, or an operation's own scheme).

use super::{Cx, json, upper};
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use crate::value::Field;
use crate::websocket::ir::Authorizer;

const EXT: &str = "x-amazon-apigateway-authorizer";

/// Every scheme of `components.securitySchemes` that has the extension.
pub(super) fn authorizers(cx: &Cx<'_>) -> Vec<Authorizer> {
    let at = Pointer::root().child("components").child("securitySchemes");
    let schemes = cx.root.get("components").and_then(|c| c.get("securitySchemes")).filter(|s| s.is_map());
    let mut out = Vec::new();
    for (name, scheme) in schemes.map(|s| s.entries()).unwrap_or_default() {
        let Some((scheme, scheme_at)) = cx.follow(scheme, &at.child(name)) else { continue };
        if let Some(a) = lower_scheme(cx, scheme, &scheme_at, name) {
            out.push(a);
        }
    }
    out
}

/// The authorizer of one scheme, when it has the extension.
pub(super) fn lower_scheme<'t>(cx: &Cx<'t>, scheme: NodeRef<'t>, at: &Pointer, name: &str) -> Option<Authorizer> {
    let (ext, ext_at) = cx.child(scheme, at, EXT)?;
    if !ext.is_map() {
        return None;
    }
    let sources_at = ext_at.child("identitySource");
    let identity_source = match ext.get("identitySource") {
        Some(s) if s.is_seq() => s
            .items()
            .enumerate()
            .filter_map(|(i, v)| Some(Field { value: v.as_str()?.trim().to_string(), pointer: sources_at.index(i) }))
            .collect(),
        Some(s) => s
            .as_str()
            .map(|t| t.split(',').map(|p| Field { value: p.trim().to_string(), pointer: sources_at.clone() }).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    Some(Authorizer {
        name: name.to_string(),
        authorizer_type: ext.get("type").and_then(upper).unwrap_or(serde_json::Value::Null),
        uri: ext.get("authorizerUri").and_then(json),
        credentials: ext.get("authorizerCredentials").and_then(json),
        identity_source,
        pointer: ext_at,
    })
}
