//! `x-amazon-apigateway-integration` → integrations. A `$ref` (usually into
//! `components.x-amazon-apigateway-integrations`) is one integration shared by every route that
//! refers to it; each inline object (YAML aliases included: AWS sees them expanded) is its own.

use super::Cx;
use super::refs;
use crate::diagnostics::Code;
use crate::http::ir::{Int, Integration, IntegrationKind, Val};
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntegrationDoc {
    #[serde(rename = "type")]
    ty: Val<String>,
    uri: Option<Val<String>>,
    http_method: Option<Val<String>>,
    payload_format_version: Option<Val<String>>,
    connection_type: Option<Val<String>>,
    connection_id: Option<Val<String>>,
    credentials: Option<Val<String>>,
    integration_subtype: Option<Val<String>>,
    timeout_in_millis: Option<Val<Int>>,
    request_parameters: Option<IndexMap<String, Val<String>>>,
    response_parameters: Option<IndexMap<String, IndexMap<String, Val<String>>>>,
    tls_config: Option<TlsDoc>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TlsDoc {
    server_name_to_verify: Option<Val<String>>,
}

/// Lowers the integration of an operation; returns its index in `Api::integrations`.
/// `inline_id` names an inline integration (derived from the route key).
pub(super) fn lower_use<'t>(cx: &mut Cx<'t>, node: NodeRef<'t>, ptr: &Pointer, inline_id: &str) -> Option<usize> {
    let target = refs::follow(cx, node, ptr)?;
    if !target.referenced {
        let id = unique_id(cx, inline_id);
        return lower_one(cx, node, ptr, id, false);
    }
    if let Some(done) = cx.shared.get(&target.pointer) {
        return *done;
    }
    let name = target.pointer.last();
    let id = unique_id(cx, &name);
    let index = lower_one(cx, target.node, &target.pointer, id, true);
    cx.shared.insert(target.pointer, index);
    index
}

fn lower_one<'t>(cx: &mut Cx<'t>, node: NodeRef<'t>, ptr: &Pointer, id: String, reusable: bool) -> Option<usize> {
    if !node.is_map() {
        cx.wrong_shape(
            Code::InvalidExtension,
            ptr,
            "`x-amazon-apigateway-integration` must be a mapping".into(),
            "a mapping with `type`, `uri`, …",
        );
        return None;
    }
    let doc = cx.decode::<IntegrationDoc>(node, ptr, Code::InvalidExtension, "this integration")?;
    let upper = |v: Val<String>| v.map(|s| s.to_ascii_uppercase());
    let integration_type = upper(doc.ty);
    let connection_type = doc.connection_type.map(upper);
    let kind = match integration_type.lit().map(String::as_str) {
        Some("AWS_PROXY") => match &doc.integration_subtype {
            Some(s) => IntegrationKind::Service(s.clone()),
            None => IntegrationKind::LambdaProxy,
        },
        Some("HTTP_PROXY") => match connection_type.as_ref().and_then(|c| c.lit()).map(String::as_str) {
            Some("VPC_LINK") => IntegrationKind::Private,
            _ => IntegrationKind::HttpProxy,
        },
        Some(other) => IntegrationKind::Other(other.to_string()),
        None => IntegrationKind::Other(integration_type.to_json().to_string()),
    };
    cx.ids.taken.insert(id.clone());
    cx.api.integrations.push(Integration {
        id,
        reusable,
        kind,
        integration_type,
        subtype: doc.integration_subtype,
        uri: doc.uri,
        http_method: doc.http_method,
        payload_format_version: doc.payload_format_version,
        connection_type,
        connection_id: doc.connection_id,
        credentials: doc.credentials,
        timeout_in_millis: doc.timeout_in_millis,
        request_parameters: doc.request_parameters.unwrap_or_default(),
        response_parameters: doc.response_parameters.unwrap_or_default(),
        tls_server_name: doc.tls_config.and_then(|t| t.server_name_to_verify),
        pointer: ptr.clone(),
    });
    Some(cx.api.integrations.len() - 1)
}

/// `base`, or `base-2`, `base-3`… when taken (by an integration that was lowered). Each base
/// remembers the suffix it reached, so n colliding ids cost O(n) probes, not O(n²).
fn unique_id(cx: &mut Cx<'_>, base: &str) -> String {
    if !cx.ids.taken.contains(base) {
        return base.to_string();
    }
    let next = cx.ids.next.entry(base.to_string()).or_insert(2);
    loop {
        let candidate = format!("{base}-{next}");
        if !cx.ids.taken.contains(&candidate) {
            return candidate;
        }
        *next += 1;
    }
}

/// A readable id for an inline integration: `get-pets-petid` for `GET /pets/{petId}`.
pub(super) fn inline_id(route_key: &str) -> String {
    let mut out = String::new();
    for c in route_key.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "integration".into() } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn inline_ids() {
        assert_eq!(super::inline_id("GET /pets/{petId}"), "get-pets-petid");
        assert_eq!(super::inline_id("$default"), "default");
        assert_eq!(super::inline_id("ANY /{proxy+}"), "any-proxy");
    }
}
