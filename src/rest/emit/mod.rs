//! Backends for REST APIs. So far: CloudFormation, in import mode (`AWS::ApiGateway::RestApi` with
//! the document as `Body`) and granular mode (a resource per construct), each with a deployment
//! whose logical id changes with the API, the stage, and the API keys, usage plans and plan keys
//! the document describes; the AWS CLI script (`aws_cli`), in both modes; and the plan `deploy`
//! executes (`plan`), through the importer; Terraform, in import mode (`terraform`, the default)
//! and granular mode (`terraform_granular`). The API keys and usage plans are resolved once, in
//! `keys`, for every backend that needs literal values. The import body is the one every backend
//! of both kinds sends (`crate::emit::document::import_body`), and `--emit openapi` writes it.

mod aws_cli;
mod cloudformation;
mod granular;
mod keys;
mod plan;
mod terraform;
mod terraform_granular;

use super::ir::RestApi;
use crate::diagnostics::{Code, Diagnostic};
use crate::emit::lambda::{self, Permission};
use crate::emit::{EmitError, EmitOptions, Mode, Target};
use crate::kind::ApiKind;
use crate::tree::Tree;
use serde_json::Value;

/// The stage a REST API gets when `--stage` is not given (`$default` is an HTTP API stage).
pub const DEFAULT_STAGE: &str = "prod";

/// Renders the checked REST API for `opts.target`; returns the body file a Terraform
/// configuration in import mode reads, for the caller to write beside it.
pub fn emit(
    api: &RestApi,
    tree: &Tree,
    opts: &EmitOptions,
    out: &mut dyn std::io::Write,
) -> Result<Option<String>, EmitError> {
    if opts.api_id.is_some() && !(opts.target == Target::AwsCli && opts.mode == Mode::Import) {
        return Err(EmitError::Unsupported(
            "`compile --api-id` writes a script that updates a REST API through the importer: add `--emit aws-cli --mode import`; `deploy --api-id` updates one directly".into(),
        ));
    }
    if opts.target == Target::OpenApi {
        return crate::emit::openapi::emit(tree, ApiKind::Rest, opts, out);
    }
    let stage = stage(opts)?;
    if opts.target == Target::Plan {
        if opts.mode == Mode::Granular && opts.mode_chosen {
            return Err(EmitError::Unsupported(
                "a REST API is deployed through API Gateway's importer (`--mode import`, the default for REST APIs); granular REST APIs are built by the AWS CLI script and CloudFormation".into(),
            ));
        }
        let (kp, unresolved) = keys::resolved(api, opts);
        crate::emit::pretty(&keys::with(plan::plan(api, &kp, tree, &stage, opts), unresolved)?, out)?;
        return Ok(None);
    }
    let values = keys::values(api, opts)?;
    if opts.target == Target::Terraform {
        let permissions = if opts.lambda_permissions {
            lambda::resolved(lambda_permissions(api), opts).map_err(EmitError::Diagnostics)?
        } else {
            Vec::new()
        };
        let (kp, unresolved) = keys::resolved(api, opts);
        let keys: Vec<String> = values.iter().map(|(k, _)| k.clone()).collect();
        // Import mode unless granular was asked for (the default for REST, as for `deploy`).
        if opts.mode == Mode::Granular && opts.mode_chosen {
            let f = terraform_granular::granular(api, &kp, tree, &stage, &keys, opts, &permissions)
                .map_err(EmitError::Diagnostics);
            let f = keys::with(f, unresolved)?;
            crate::emit::write_terraform(&f, opts, out)?;
            return Ok(None);
        }
        let doc = keys::with(body(tree, opts), unresolved)?;
        crate::emit::write_terraform(&terraform::import(&kp, &doc, &stage, &keys, opts, &permissions), opts, out)?;
        return Ok(Some(crate::emit::pretty_text(&doc)));
    }
    if opts.target == Target::AwsCli {
        let permissions = if opts.lambda_permissions {
            lambda::resolved(lambda_permissions(api), opts).map_err(EmitError::Diagnostics)?
        } else {
            Vec::new()
        };
        let (kp, unresolved) = keys::resolved(api, opts);
        let text = match opts.mode {
            Mode::Granular => {
                if opts.overrides.name.is_none() && cloudformation::unnamed(api) {
                    return Err(EmitError::Diagnostics(vec![unnamed_api()]));
                }
                aws_cli::granular(api, &kp, tree, &stage, opts, &permissions).map_err(EmitError::Diagnostics)
            }
            Mode::Import => body(tree, opts)
                .and_then(|doc| aws_cli::import(&kp, &doc, &stage, opts, &permissions).map_err(EmitError::Diagnostics)),
        };
        let text = keys::with(text, unresolved)?;
        out.write_all(text.as_bytes())?;
        return Ok(None);
    }
    let mut t = match opts.mode {
        Mode::Import => cloudformation::import(api, body(tree, opts)?, &stage, &values, opts),
        Mode::Granular => granular::granular(api, tree, &stage, &values, opts),
    };
    if opts.lambda_permissions {
        lambda::add_to_template(&mut t, &lambda_permissions(api), cloudformation::API);
    }
    if opts.cloudformation_json {
        crate::emit::pretty(&t, out)?;
    } else {
        out.write_all(crate::emit::yaml_string(&t).as_bytes())?;
    }
    Ok(None)
}

/// The endpoint type: `--endpoint-type`, else API Gateway's default.
fn endpoint_type(opts: &EmitOptions) -> &'static str {
    opts.endpoint_type.unwrap_or(crate::emit::EndpointType::Edge).word()
}

/// `CreateRestApi` needs a name.
fn unnamed_api() -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::MissingApiName,
        "the REST API needs a name to be created, and neither `info.title` nor `--name` gives one",
    )
    .at_key(&crate::pointer::Pointer::root().child("info"), "no name here")
    .help("pass `--name NAME`, or add `info.title`");
    d.severity = crate::diagnostics::Severity::Error;
    d
}

/// The stage name: `--stage`, else `prod`; REST stage names are 1 to 128 letters, digits, `-`, `_`.
fn stage(opts: &EmitOptions) -> Result<String, EmitError> {
    let s = if opts.stage == "$default" { DEFAULT_STAGE } else { opts.stage.as_str() };
    let ok = !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(s.to_string())
    } else {
        Err(EmitError::Unsupported(format!(
            "`{s}` is not a REST API stage name (1 to 128 letters, digits, `-` and `_`)"
        )))
    }
}

/// The document as REST import receives it (placeholders resolved, except for CloudFormation):
/// the one import body every backend sends ([`crate::emit::document::import_body`]).
fn body(tree: &Tree, opts: &EmitOptions) -> Result<Value, EmitError> {
    crate::emit::document::import_body(tree, ApiKind::Rest, opts)
}

/// The permissions a REST API's Lambda methods and authorizers need.
pub(crate) fn lambda_permissions(api: &RestApi) -> Vec<Permission> {
    let mut out = Vec::new();
    for (r, m) in api.methods() {
        let Some(i) = &m.integration else { continue };
        let lambda = matches!(i.integration_type.as_str(), Some("AWS" | "AWS_PROXY"));
        let Some(uri) = i.uri.as_ref().filter(|u| lambda && lambda::is_lambda_uri(u)) else { continue };
        let what = format!("{} {}", m.http_method, r.path);
        lambda::push(&mut out, uri.clone(), lambda::route_source(&m.http_method, &r.path), what, &i.pointer);
    }
    for a in &api.authorizers {
        if let Some(uri) = a.authorizer_uri.as_ref().filter(|u| lambda::is_lambda_uri(u)) {
            lambda::push(&mut out, uri.clone(), "/authorizers/*".into(), format!("authorizer {}", a.name), &a.pointer);
        }
    }
    out
}
