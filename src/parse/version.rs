//! The version gate: HTTP API import takes OpenAPI 3.0 only (`3.0` or `3.0.x`); REST API import
//! takes OpenAPI 3.0 and Swagger 2.0. Neither takes OpenAPI 3.1. A WebSocket API is read from an
//! AsyncAPI 3 document (`asyncapi: 3.x.y`); AsyncAPI 2 is refused with the way to convert it.

use crate::diagnostics::{Code, Diagnostic};
use crate::kind::ApiKind;
use crate::pointer::Pointer;
use crate::tree::NodeRef;

/// A 3.1 document reaches this gate only where it goes to AWS as written (a Terraform `body`).
const CONVERT_31: &str = "API Gateway rejects OpenAPI 3.1 as written; deploy the 3.0 document `gatewright compile FILE --emit openapi` converts it to (GW013)";

/// Returns whether the document may be lowered as `kind`; pushes a diagnostic when not.
pub fn gate(root: NodeRef<'_>, kind: ApiKind, out: &mut Vec<Diagnostic>) -> bool {
    let ptr = Pointer::root();
    if kind == ApiKind::WebSocket {
        return gate_websocket(root, out);
    }
    if root.get("asyncapi").is_some() && root.get("openapi").is_none() && root.get("swagger").is_none() {
        out.push(
            Diagnostic::new(
                Code::MissingOpenapiVersion,
                format!(
                    "an AsyncAPI document describes a WebSocket API, not {}",
                    if kind == ApiKind::Rest { "a REST API" } else { "an HTTP API" }
                ),
            )
            .at_key(&ptr.child("asyncapi"), "an AsyncAPI document")
            .help("check it as a WebSocket API: `--api websocket` (or `auto`, the default)"),
        );
        return false;
    }
    if kind == ApiKind::Rest {
        return gate_rest(root, out);
    }
    if root.get("swagger").is_some() {
        out.push(
            Diagnostic::new(Code::UnsupportedOpenapiVersion, "Swagger 2.0 documents cannot be imported as HTTP APIs")
                .at_key(&ptr.child("swagger"), "this is a Swagger 2.0 document")
                .help("HTTP API import takes OpenAPI 3.0 only; convert the document (for example with `swagger2openapi`) and set `openapi: 3.0.1`"),
        );
        return false;
    }
    let Some(v) = root.get("openapi") else {
        out.push(
            Diagnostic::new(Code::MissingOpenapiVersion, "the document has no `openapi` field")
                .at_key(&ptr, "expected `openapi: 3.0.x` at the top level")
                .help("add `openapi: 3.0.1` as the first line"),
        );
        return false;
    };
    let text = v.scalar_text().unwrap_or("");
    if is_openapi_30(text) {
        return true;
    }
    let (message, label) = if text.starts_with("3.1") {
        (format!("OpenAPI {text} is not supported by HTTP API import"), "OpenAPI 3.1")
    } else {
        (format!("`openapi: {text}` is not an OpenAPI 3.0 version"), "not 3.0 or 3.0.x")
    };
    let help = if text.starts_with("3.1") {
        CONVERT_31
    } else {
        "HTTP API import takes OpenAPI 3.0 only; write the document in the 3.0 dialect and set `openapi: 3.0.1`"
    };
    out.push(
        Diagnostic::new(Code::UnsupportedOpenapiVersion, message).at_value(&ptr.child("openapi"), label).help(help),
    );
    false
}

/// REST: `swagger: "2.0"` or OpenAPI 3.0.
fn gate_rest(root: NodeRef<'_>, out: &mut Vec<Diagnostic>) -> bool {
    let ptr = Pointer::root();
    if let Some(v) = root.get("swagger") {
        let text = v.scalar_text().unwrap_or("");
        if text.trim() == "2.0" {
            return true;
        }
        out.push(
            Diagnostic::new(Code::UnsupportedOpenapiVersion, format!("`swagger: {text}` is not Swagger 2.0"))
                .at_value(&ptr.child("swagger"), "not 2.0")
                .help("REST API import takes Swagger 2.0 (`swagger: \"2.0\"`) and OpenAPI 3.0 (`openapi: 3.0.1`)"),
        );
        return false;
    }
    let Some(v) = root.get("openapi") else {
        out.push(
            Diagnostic::new(Code::MissingOpenapiVersion, "the document has neither `openapi` nor `swagger`")
                .at_key(&ptr, "expected `openapi: 3.0.x` or `swagger: \"2.0\"` at the top level")
                .help("add `openapi: 3.0.1` (or `swagger: \"2.0\"`) as the first line"),
        );
        return false;
    };
    let text = v.scalar_text().unwrap_or("");
    if is_openapi_30(text) {
        return true;
    }
    let (message, label) = if text.starts_with("3.1") {
        (format!("OpenAPI {text} is not supported by REST API import"), "OpenAPI 3.1")
    } else {
        (format!("`openapi: {text}` is not an OpenAPI 3.0 version"), "not 3.0 or 3.0.x")
    };
    let help = if text.starts_with("3.1") {
        CONVERT_31
    } else {
        "REST API import takes OpenAPI 3.0 and Swagger 2.0; write the document in the 3.0 dialect and set `openapi: 3.0.1`"
    };
    out.push(
        Diagnostic::new(Code::UnsupportedOpenapiVersion, message).at_value(&ptr.child("openapi"), label).help(help),
    );
    false
}

/// WebSocket: AsyncAPI 3 (`3.0.0`, and later 3.x versions, which keep 3.0's shape).
fn gate_websocket(root: NodeRef<'_>, out: &mut Vec<Diagnostic>) -> bool {
    let ptr = Pointer::root();
    let help = "gatewright reads AsyncAPI 3.0: convert the document (`asyncapi convert` of the AsyncAPI CLI) and set `asyncapi: 3.0.0`";
    let Some(v) = root.get("asyncapi") else {
        let what = if root.get("openapi").is_some() || root.get("swagger").is_some() {
            "an OpenAPI document describes an HTTP or REST API, not a WebSocket API"
        } else {
            "the document has no `asyncapi` field"
        };
        out.push(
            Diagnostic::new(Code::UnsupportedAsyncapiVersion, what)
                .at_key(&ptr, "expected `asyncapi: 3.0.0` at the top level")
                .help("WebSocket APIs are read from AsyncAPI 3.0 documents (`asyncapi: 3.0.0`); for an OpenAPI document use `--api http`, `--api rest` or `auto`"),
        );
        return false;
    };
    let text = v.scalar_text().unwrap_or("").trim();
    let mut numbers = text.split('.');
    let major = numbers.next();
    let well_formed =
        text.split('.').count() == 3 && text.split('.').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if well_formed && major == Some("3") {
        return true;
    }
    let message = if well_formed {
        format!("AsyncAPI {text} is not read: gatewright reads AsyncAPI 3.0")
    } else {
        format!("`asyncapi: {text}` is not an AsyncAPI version")
    };
    out.push(
        Diagnostic::new(Code::UnsupportedAsyncapiVersion, message)
            .at_value(&ptr.child("asyncapi"), "not 3.x.y")
            .help(help),
    );
    false
}

/// `3.0` or `3.0.N`.
fn is_openapi_30(v: &str) -> bool {
    match v.strip_prefix("3.0") {
        Some("") => true,
        Some(rest) => rest.strip_prefix('.').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn accepts_only_30() {
        for (v, ok) in [
            ("3.0", true),
            ("3.0.0", true),
            ("3.0.3", true),
            ("3.0.", false),
            ("3.1.0", false),
            ("3.00", false),
            ("2.0", false),
        ] {
            assert_eq!(super::is_openapi_30(v), ok, "{v}");
        }
    }
}
