//! WebSocket APIs' backends: granular mode only, since AWS's importer takes HTTP APIs only. The
//! IR becomes API Gateway v2 resources (`resources.rs`), rendered by `emit/v2/` as HTTP APIs'
//! are: an AWS CLI script, a CloudFormation template, a Terraform configuration or the plan
//! `deploy` executes.

mod resources;

use super::ir::WebSocketApi;
use crate::emit::lambda::{self, Permission};
use crate::emit::{EmitError, EmitOptions, EndpointType, Mode, Target, v2};
use std::io::Write;

/// Renders the checked WebSocket API for `opts.target` into `out`; nothing is written unless
/// everything else succeeded.
pub fn emit(api: &WebSocketApi, opts: &EmitOptions, out: &mut dyn Write) -> Result<(), EmitError> {
    let refuse = |why: &str| Err(EmitError::Unsupported(why.to_string()));
    if opts.target == Target::OpenApi {
        return refuse(
            "a WebSocket API has no OpenAPI form: `--emit aws-cli`, `cloudformation`, `terraform` or `plan` create it",
        );
    }
    if opts.mode == Mode::Import {
        return refuse(
            "AWS's importer (`import-api`) takes HTTP APIs only: a WebSocket API is created resource by resource (leave out `--mode import`)",
        );
    }
    if opts.api_id.is_some() {
        return refuse("`compile --api-id` updates a REST API; a WebSocket API is updated by `deploy --api-id`");
    }
    if opts.endpoint_type.is_some_and(|t| t != EndpointType::Regional) {
        return refuse("WebSocket APIs have regional endpoints only; `--endpoint-type` chooses a REST API's");
    }
    if opts.overrides.cors.as_ref().is_some_and(|c| !c.is_null()) {
        return refuse("CORS is for HTTP APIs: a WebSocket API has no CORS configuration (leave out `--cors`)");
    }
    let perms = if opts.lambda_permissions { lambda_permissions(api) } else { Vec::new() };
    let builder = resources::WebSocket::new(api);
    let set = builder.set(&opts.stage);
    v2::granular(&set, perms, Vec::new(), opts, out)
}

/// The permissions a WebSocket API's Lambda integrations (`AWS_PROXY`, or `AWS` with a Lambda
/// URI) and authorizers need: a route's is `/*/<route key>` (any stage), an authorizer's
/// `/authorizers/*`.
pub(crate) fn lambda_permissions(api: &WebSocketApi) -> Vec<Permission> {
    let mut out = Vec::new();
    for r in &api.routes {
        let Some(i) = r.integration.as_deref().and_then(|id| api.integration(id)) else { continue };
        let lambda = matches!(i.integration_type.as_str(), Some("AWS" | "AWS_PROXY"));
        let Some(uri) = i.uri.as_ref().filter(|u| lambda && lambda::is_lambda_uri(u)) else { continue };
        lambda::push(&mut out, uri.clone(), format!("/*/{}", r.key), r.key.clone(), &i.pointer);
    }
    for a in &api.authorizers {
        if let Some(uri) = a.uri.as_ref().filter(|u| lambda::is_lambda_uri(u)) {
            let what = format!("authorizer {}", a.name);
            lambda::push(&mut out, uri.clone(), "/authorizers/*".into(), what, &a.pointer);
        }
    }
    out
}
