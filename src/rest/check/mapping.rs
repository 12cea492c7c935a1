//! REST mapping expressions (api-gateway-mapping-template-reference, request-response-data-mappings):
//! which keys and values a request, integration response or gateway response parameter mapping
//! may hold.

/// Where a mapping sits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// An integration's `requestParameters`.
    IntegrationRequest,
    /// An integration response's `responseParameters`.
    IntegrationResponse,
    /// A gateway response's `responseParameters`.
    GatewayResponse,
}

/// Whether `key` may be mapped to at `place`.
pub(super) fn valid_key(place: Place, key: &str) -> bool {
    let prefixes: &[&str] = match place {
        Place::IntegrationRequest => &[
            "integration.request.path.",
            "integration.request.querystring.",
            "integration.request.multivaluequerystring.",
            "integration.request.header.",
            "integration.request.multivalueheader.",
        ],
        Place::IntegrationResponse => &["method.response.header."],
        Place::GatewayResponse => &["gatewayresponse.header.", "gatewayresponse.path.", "gatewayresponse.querystring."],
    };
    named(key, prefixes)
}

/// Whether `value` is an expression (or a literal) that may be mapped from at `place`.
pub(super) fn valid_value(place: Place, value: &str) -> bool {
    let v = value.trim();
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        return true;
    }
    if named(v, &["stageVariables.", "context."]) {
        return true;
    }
    match place {
        Place::IntegrationRequest | Place::GatewayResponse => {
            v == "method.request.body"
                || v.starts_with("method.request.body.")
                || named(
                    v,
                    &[
                        "method.request.path.",
                        "method.request.querystring.",
                        "method.request.multivaluequerystring.",
                        "method.request.header.",
                        "method.request.multivalueheader.",
                    ],
                )
        }
        Place::IntegrationResponse => {
            v == "integration.response.body"
                || v.starts_with("integration.response.body.")
                || named(v, &["integration.response.header.", "integration.response.multivalueheader."])
        }
    }
}

/// `prefix` + a non-empty name without blanks.
fn named(s: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| s.strip_prefix(p).is_some_and(|n| !n.is_empty() && !n.contains(char::is_whitespace)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        assert!(valid_key(Place::IntegrationRequest, "integration.request.header.x-id"));
        assert!(!valid_key(Place::IntegrationRequest, "method.request.header.x-id"));
        assert!(valid_value(Place::IntegrationRequest, "method.request.querystring.page"));
        assert!(valid_value(Place::IntegrationRequest, "'Event'"));
        assert!(valid_value(Place::IntegrationRequest, "context.requestId"));
        assert!(!valid_value(Place::IntegrationRequest, "request.querystring.page"));
        assert!(valid_value(Place::IntegrationResponse, "integration.response.body.errorMessage"));
        assert!(!valid_value(Place::IntegrationResponse, "method.request.header.a"));
        assert!(valid_key(Place::GatewayResponse, "gatewayresponse.header.Access-Control-Allow-Origin"));
    }
}
