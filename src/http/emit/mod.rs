//! HTTP APIs' backends: [`emit`], the entry point, behind the [`Checked`] gate; granular mode
//! renders the API Gateway v2 resources that `resources.rs` builds from the IR (through
//! `emit/v2/`, shared with WebSocket APIs), import mode sends the normalised document to the
//! importer (`import.rs`).

mod import;
mod resources;

use crate::diagnostics::{Code, Diagnostic};
use crate::emit::lambda::{self, Permission};
use crate::emit::{EmitError, EmitOptions, EndpointType, Mode, Target, document, openapi, pretty, v2};
use crate::http::ir::{Api, AuthorizerKind, IntegrationKind, RouteKey};
use crate::kind::ApiKind;
use crate::tree::Tree;
use std::io::Write;

/// An API that passed the gate, with its document. Only `lib.rs` constructs it.
pub struct Checked<'a> {
    api: &'a Api,
    tree: &'a Tree,
}

impl<'a> Checked<'a> {
    pub(crate) fn new(api: &'a Api, tree: &'a Tree) -> Self {
        Checked { api, tree }
    }

    /// The IR.
    pub fn api(&self) -> &Api {
        self.api
    }
}

/// Renders the checked API for `opts.target` into `out`. Nothing is written unless everything
/// else succeeded: a `Write` error is the only one that can follow a first write. Returns the text
/// of the file the output reads beside it, when it has one (the body of a Terraform configuration
/// in import mode), for the caller to write.
pub fn emit(c: &Checked<'_>, opts: &EmitOptions, out: &mut dyn Write) -> Result<Option<String>, EmitError> {
    if opts.api_id.is_some() {
        return Err(EmitError::Unsupported(
            "`compile --api-id` updates a REST API (`put-rest-api`); an HTTP API is updated by `deploy --api-id`"
                .into(),
        ));
    }
    if opts.endpoint_type.is_some_and(|t| t != EndpointType::Regional) {
        return Err(EmitError::Unsupported(
            "HTTP APIs have regional endpoints only; `--endpoint-type` chooses a REST API's".into(),
        ));
    }
    if opts.target == Target::OpenApi {
        return openapi::emit(c.tree, ApiKind::Http, opts, out);
    }
    let perms = if opts.lambda_permissions { lambda_permissions(c.api) } else { Vec::new() };
    match opts.mode {
        Mode::Granular => {
            let builder = resources::Http(c.api);
            let set = builder.set(&opts.stage);
            v2::granular(&set, perms, discovered_issuers(c.api), opts, out)?;
            Ok(None)
        }
        Mode::Import => {
            let doc = document::import_body(c.tree, ApiKind::Http, opts)?;
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            let resolved = || lambda::resolved(perms.clone(), opts).map_err(EmitError::Diagnostics);
            match opts.target {
                Target::OpenApi => {
                    return Err(EmitError::Internal("the OpenAPI document is written before the modes".into()));
                }
                Target::Plan => pretty(&import::plan(&text, opts, lambda::plan_entries(&resolved()?)), out)?,
                Target::AwsCli => out.write_all(import::script(&text, opts, &resolved()?).as_bytes())?,
                Target::Terraform => {
                    let f = import::terraform(&doc, &opts.terraform_body, opts, &resolved()?);
                    crate::emit::write_terraform(&f, opts, out)?;
                    return Ok(Some(crate::emit::pretty_text(&import::body(doc))));
                }
                Target::CloudFormation => {
                    let mut t = import::template(doc, opts);
                    lambda::add_to_template(&mut t, &perms, "Api");
                    if opts.cloudformation_json {
                        pretty(&t, out)?
                    } else {
                        out.write_all(crate::emit::yaml_string(&t).as_bytes())?
                    }
                }
            }
            Ok(None)
        }
    }
}

/// JWT authorizers whose issuer API Gateway would read from a discovery document at import:
/// `CreateAuthorizer` needs it written, and guessing it could reject every token (GW409).
fn discovered_issuers(api: &Api) -> Vec<Diagnostic> {
    api.authorizers
        .iter()
        .filter_map(|a| a.issuer_discovered_from().map(|url| (a, url)))
        .map(|(a, url)| {
            Diagnostic::new(
                Code::UnresolvedValue,
                format!("the issuer of JWT authorizer `{}` cannot be known offline: the importer reads it from {url}", a.name),
            )
            .at_value(&a.pointer.child("openIdConnectUrl"), "creating the authorizer needs the issuer itself")
            .help("set `x-amazon-apigateway-authorizer.jwtConfiguration.issuer` to the discovery document's `issuer`, or use `--mode import`")
        })
        .collect()
}

/// The permissions an HTTP API's Lambda routes and authorizers need.
pub(crate) fn lambda_permissions(api: &Api) -> Vec<Permission> {
    let mut out = Vec::new();
    for r in &api.routes {
        let Some(i) = r.target.and_then(|t| api.integrations.get(t)).filter(|i| i.is_created()) else { continue };
        let (IntegrationKind::LambdaProxy, Some(uri)) = (&i.kind, &i.uri) else { continue };
        let (source, what) = match &r.key {
            RouteKey::Default => ("/*/*".to_string(), "$default".to_string()),
            RouteKey::MethodPath { method, path, .. } => {
                (lambda::route_source(method.as_str(), path), format!("{} {path}", method.as_str()))
            }
        };
        lambda::push(&mut out, uri.to_json(), source, what, &i.pointer);
    }
    for a in &api.authorizers {
        if let (AuthorizerKind::Request, Some(uri)) = (&a.kind, &a.authorizer_uri) {
            lambda::push(
                &mut out,
                uri.to_json(),
                "/authorizers/*".into(),
                format!("authorizer {}", a.name),
                &a.pointer,
            );
        }
    }
    out
}
