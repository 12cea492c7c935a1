//! `x-amazon-apigateway-integration` → an integration with its responses, AWS's defaults filled
//! as `GetIntegration` returns them after an import (recorded on AWS): `timeoutInMillis: 29000`,
//! `cacheKeyParameters: []`, `cacheNamespace` = the resource id, `connectionType: INTERNET` for
//! HTTP integrations, `passthroughBehavior: WHEN_NO_MATCH` (the documented default).

use super::{Cx, entries, json, upper};
use crate::pointer::Pointer;
use crate::rest::ir::{Integration, IntegrationResponse};
use crate::tree::NodeRef;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The integration of an operation, for the resource at `path`.
pub(super) fn lower(cx: &Cx<'_>, node: NodeRef<'_>, at: &Pointer, path: &str) -> Option<Integration> {
    let node = cx.follow(node).filter(|n| n.is_map())?;
    let integration_type = node.get("type").and_then(upper).unwrap_or(Value::Null);
    let is_http = matches!(integration_type.as_str(), Some("HTTP" | "HTTP_PROXY"));
    let connection_type =
        node.get("connectionType").and_then(upper).or_else(|| is_http.then(|| Value::String("INTERNET".into())));
    let responses_at = at.child("responses");
    let mut responses = BTreeMap::new();
    for (key, r) in node.get("responses").filter(|r| r.is_map()).map(|r| r.entries()).unwrap_or_default() {
        let Some(r) = cx.follow(r).filter(|r| r.is_map()) else { continue };
        let status = r.get("statusCode").and_then(|s| s.scalar_text()).unwrap_or("").trim().to_string();
        responses.insert(
            status,
            IntegrationResponse {
                selection_pattern: (key != "default").then(|| key.to_string()),
                response_parameters: entries(r.get("responseParameters")),
                response_templates: entries(r.get("responseTemplates")),
                content_handling: r.get("contentHandling").and_then(upper),
                pointer: responses_at.child(key),
            },
        );
    }
    let is_mock = integration_type.as_str() == Some("MOCK");
    // Values that are not strings are skipped by AWS (with a warning, GW804).
    let (request_parameters, skipped_request_parameters) =
        entries(node.get("requestParameters")).into_iter().partition(|(_, v)| v.is_string() || v.is_object());
    Some(Integration {
        integration_type,
        // A mock integration has no HTTP method: AWS drops a written one (recorded).
        http_method: node.get("httpMethod").and_then(upper).filter(|_| !is_mock),
        uri: node.get("uri").and_then(json),
        credentials: node.get("credentials").and_then(json),
        connection_type,
        connection_id: node.get("connectionId").and_then(json),
        request_parameters,
        skipped_request_parameters,
        request_templates: entries(node.get("requestTemplates")),
        passthrough_behavior: node.get("passthroughBehavior").and_then(upper).unwrap_or(json!("WHEN_NO_MATCH")),
        content_handling: node.get("contentHandling").and_then(upper),
        // Written as text (`"15000"`), AWS stores the number.
        timeout_in_millis: node
            .get("timeoutInMillis")
            .and_then(|t| match t.as_str().map(|s| s.trim().parse::<i64>()) {
                Some(Ok(n)) => Some(json!(n)),
                _ => json(t),
            })
            .unwrap_or(json!(29000)),
        cache_namespace: node.get("cacheNamespace").and_then(json).unwrap_or_else(|| json!(path)),
        cache_key_parameters: node
            .get("cacheKeyParameters")
            .map(|c| c.items().filter_map(json).collect())
            .unwrap_or_default(),
        insecure_skip_verification: node
            .get("tlsConfig")
            .and_then(|t| t.get("insecureSkipVerification"))
            .and_then(json),
        responses,
        pointer: at.clone(),
    })
}
