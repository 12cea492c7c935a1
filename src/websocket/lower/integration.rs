//! `x-amazon-apigateway-integration` on an operation → an integration with its responses, with
//! the fields the extension reference describes; `responses` keys are integration response keys
//! (`$default`, or a `/pattern/`; REST's `default` is read as `$default`).

use super::{entries, json, upper};
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use crate::value::Field;
use crate::websocket::ir::{Integration, IntegrationResponse};
use serde_json::{Value, json};

/// Fields HTTP (or REST) APIs read that WebSocket integrations do not have.
const HTTP_ONLY: [&str; 6] = [
    "integrationSubtype",
    "tlsConfig",
    "responseParameters",
    "cacheKeyParameters",
    "cacheNamespace",
    "payloadFormatVersion",
];

pub(super) fn lower(node: NodeRef<'_>, at: &Pointer, id: &str) -> Integration {
    let field = |n: NodeRef<'_>, p: &Pointer, k: &str| {
        n.get(k).and_then(json).map(|value| Field { value, pointer: p.child(k) })
    };
    let responses_at = at.child("responses");
    let responses = node
        .get("responses")
        .filter(|r| r.is_map())
        .map(|r| r.entries())
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, r)| r.is_map())
        .map(|(key, r)| {
            let p = responses_at.child(key);
            IntegrationResponse {
                key: if key == "default" { "$default".into() } else { key.to_string() },
                response_templates: entries(r.get("responseTemplates")),
                template_selection_expression: field(r, &p, "templateSelectionExpression"),
                content_handling: r.get("contentHandling").and_then(upper),
                pointer: p,
            }
        })
        .collect();
    // `payloadFormatVersion: "1.0"` is what WebSocket integrations have anyway.
    let http_only_fields = HTTP_ONLY
        .iter()
        .filter(|k| node.get(k).is_some())
        .filter(|k| {
            **k != "payloadFormatVersion" || node.get(k).and_then(|v| v.scalar_text()).map(str::trim) != Some("1.0")
        })
        .map(|k| at.child(k))
        .collect();
    let integration_type = node.get("type").and_then(upper).unwrap_or(Value::Null);
    let uri = node.get("uri").and_then(json);
    // A Lambda function is invoked with POST, which AWS requires of a WebSocket API's Lambda
    // integration ("you must set the integration method to POST") and sets when it is left out.
    let lambda = matches!(integration_type.as_str(), Some("AWS" | "AWS_PROXY"))
        && uri.as_ref().is_some_and(crate::emit::lambda::is_lambda_uri);
    let http_method = node.get("httpMethod").and_then(upper).or_else(|| lambda.then(|| json!("POST")));
    Integration {
        id: id.to_string(),
        integration_type,
        uri,
        http_method,
        credentials: node.get("credentials").and_then(json),
        connection_type: node.get("connectionType").and_then(upper),
        connection_id: node.get("connectionId").and_then(json),
        request_parameters: entries(node.get("requestParameters")),
        request_templates: entries(node.get("requestTemplates")),
        template_selection_expression: field(node, at, "templateSelectionExpression"),
        passthrough_behavior: node.get("passthroughBehavior").and_then(upper),
        content_handling: node.get("contentHandling").and_then(upper),
        // Written as text (`"15000"`), AWS stores the number.
        timeout_in_millis: node
            .get("timeoutInMillis")
            .and_then(|t| match t.as_str().map(|s| s.trim().parse::<i64>()) {
                Some(Ok(n)) => Some(json!(n)),
                _ => json(t),
            })
            .unwrap_or(json!(29000)),
        http_only_fields,
        responses,
        pointer: at.clone(),
    }
}
