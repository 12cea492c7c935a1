//! WebSocket API quotas ("Amazon API Gateway quotas for configuring and running a WebSocket
//! API"): 300 routes and 300 integrations per API, 10 authorizers per API.

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::websocket::ir::WebSocketApi;

use crate::aws_rules::{MAX_AUTHORIZERS, MAX_INTEGRATIONS, MAX_ROUTES};

pub(super) fn run(api: &WebSocketApi, out: &mut Vec<Diagnostic>) {
    // In a document, on the operations and the schemes; in a configuration or template, on the
    // API resource.
    let asyncapi = api.written == crate::websocket::written::Written::AsyncApi;
    let ops = if asyncapi { Pointer::root().child("operations") } else { api.pointer.clone() };
    let schemes =
        if asyncapi { Pointer::root().child("components").child("securitySchemes") } else { api.pointer.clone() };
    if api.routes.len() > MAX_ROUTES {
        out.push(
            Diagnostic::new(
                Code::TooManyRoutes,
                format!("{} routes exceed the quota of {MAX_ROUTES} routes per API", api.routes.len()),
            )
            .at_key(&ops, if asyncapi { "too many `receive` operations" } else { "too many routes" })
            .help("request a quota increase for \"Routes per API\" before deploying, or split the API"),
        );
    }
    if api.integrations.len() > MAX_INTEGRATIONS {
        out.push(
            Diagnostic::new(
                Code::TooManyIntegrations,
                format!("{} integrations exceed the quota of {MAX_INTEGRATIONS} per API", api.integrations.len()),
            )
            .at_key(&ops, "too many integrations")
            .help("let one backend serve several routes (one Lambda function dispatching on the route key)"),
        );
    }
    if api.authorizers.len() > MAX_AUTHORIZERS {
        out.push(
            Diagnostic::new(
                Code::TooManyAuthorizers,
                format!("{} authorizers exceed the quota of {MAX_AUTHORIZERS} per API", api.authorizers.len()),
            )
            .at_key(&schemes, "too many authorizers")
            .help("only `$connect` uses an authorizer: keep the one it names"),
        );
    }
}
