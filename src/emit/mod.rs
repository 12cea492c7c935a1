//! What the backends of every kind of API share: the options ([`EmitOptions`], [`Target`],
//! [`Mode`]) and errors ([`EmitError`]); the writers (`yaml.rs` for CloudFormation, `hcl.rs` for
//! Terraform, `shell.rs` for scripts); names, creation order (`graph.rs`), values and
//! placeholders (`values.rs`); Lambda permissions (`lambda.rs`); the Terraform pieces every
//! configuration has (`terraform.rs`); the document import mode sends, made in one place for
//! every kind and backend (`document.rs`, and `--emit openapi` alone: `openapi.rs`); and the
//! API Gateway v2 resource model with its granular renderers (`v2/`), which HTTP and WebSocket
//! APIs share. Each kind's entry point is beside its IR: `http/emit/`, `websocket/emit/`,
//! `rest/emit/`.
//!
//! Emit is pure: IR in, text out, deterministic (sorted resources, stable names, no
//! timestamps). The gate in `lib.rs` calls a kind's backends only for a document that passed its
//! checks.

pub(crate) mod document;
mod graph;
pub(crate) mod hcl;
pub(crate) mod lambda;
pub(crate) mod names;
pub(crate) mod openapi;
pub(crate) mod shell;
pub(crate) mod terraform;
pub(crate) mod v2;
pub(crate) mod values;
pub(crate) mod yaml;

pub use shell::quote;
pub(crate) use values::partition;

use crate::basepath::BasePathMode;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::source::SourceFile;
use crate::tree::de;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;

/// What to produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A bash script of `aws apigatewayv2` commands.
    AwsCli,
    /// A CloudFormation template (YAML, or JSON with `cloudformation_json`).
    CloudFormation,
    /// The direct API calls, as JSON data.
    Plan,
    /// A Terraform configuration (HCL, or `.tf.json` with `terraform_json`).
    Terraform,
    /// The OpenAPI document import mode sends (JSON, or YAML with `openapi_yaml`).
    OpenApi,
}

/// How the API is created.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// One command / resource / call per API, authorizer, integration, route and stage.
    #[default]
    Granular,
    /// The normalised document goes to API Gateway's importer, then the stage is created.
    Import,
}

/// Deploy-time values that win over the document, as Terraform's `aws_apigatewayv2_api` does.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    /// API name (`info.title`).
    pub name: Option<String>,
    /// API description (`info.description`).
    pub description: Option<String>,
    /// API version (`info.version`).
    pub version: Option<String>,
    /// Tags added to (and replacing same-key) document tags.
    pub tags: BTreeMap<String, String>,
    /// A CORS configuration with `x-amazon-apigateway-cors` keys, replacing the document's; null
    /// removes the document's (a Terraform resource without `cors_configuration`).
    pub cors: Option<Value>,
}

/// Everything a backend needs to know.
#[derive(Clone, Debug)]
pub struct EmitOptions {
    /// The backend.
    pub target: Target,
    /// Granular or import.
    pub mode: Mode,
    /// The stage to create (auto-deploying).
    pub stage: String,
    /// AWS's `FailOnWarnings` for import mode (the gate applies it before emitting anyway).
    pub fail_on_warnings: bool,
    /// `Basepath` for import mode.
    pub base_path_mode: BasePathMode,
    /// Region: CLI `--region`, and `${AWS::Region}` / `${AWS::Partition}` values.
    pub region: Option<String>,
    /// Values for `Ref`, `Fn::Sub`, `Fn::GetAtt` and `${name}` placeholders.
    pub vars: BTreeMap<String, String>,
    /// CloudFormation as JSON instead of YAML.
    pub cloudformation_json: bool,
    /// Deploy-time overrides.
    pub overrides: Overrides,
    /// A REST API's endpoint type (`--endpoint-type`); None is API Gateway's default, EDGE.
    pub endpoint_type: Option<EndpointType>,
    /// Let API Gateway invoke the Lambda functions of routes and authorizers
    /// (`--lambda-permissions`).
    pub lambda_permissions: bool,
    /// Whether `mode` was asked for (`--mode`) rather than the default.
    pub mode_chosen: bool,
    /// A REST API deploy merges the document into the existing API (`--put-mode merge`) rather
    /// than overwriting it.
    pub put_merge: bool,
    /// The existing REST API a REST import script updates (`compile --api-id`).
    pub api_id: Option<String>,
    /// Terraform in its JSON syntax (`.tf.json`) instead of HCL.
    pub terraform_json: bool,
    /// The OpenAPI document (`--emit openapi`) as YAML instead of JSON.
    pub openapi_yaml: bool,
    /// Terraform import mode: the name of the body file written beside the configuration
    /// (`file("${path.module}/NAME")`).
    pub terraform_body: String,
}

/// A REST API's endpoint type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointType {
    /// `EDGE`.
    Edge,
    /// `REGIONAL`.
    Regional,
    /// `PRIVATE`.
    Private,
}

impl EndpointType {
    /// The name AWS uses.
    pub fn word(self) -> &'static str {
        match self {
            EndpointType::Edge => "EDGE",
            EndpointType::Regional => "REGIONAL",
            EndpointType::Private => "PRIVATE",
        }
    }
}

impl Default for EmitOptions {
    fn default() -> Self {
        EmitOptions {
            target: Target::Plan,
            mode: Mode::Granular,
            stage: "$default".into(),
            fail_on_warnings: false,
            base_path_mode: BasePathMode::Ignore,
            region: None,
            vars: BTreeMap::new(),
            cloudformation_json: false,
            overrides: Overrides::default(),
            endpoint_type: None,
            lambda_permissions: false,
            mode_chosen: false,
            put_merge: false,
            api_id: None,
            terraform_json: false,
            openapi_yaml: false,
            terraform_body: "openapi.json".into(),
        }
    }
}

/// Why nothing was emitted.
#[derive(Debug)]
pub enum EmitError {
    /// Values that cannot be resolved, with their locations.
    Diagnostics(Vec<Diagnostic>),
    /// A bug in gatewright (for example a dependency cycle); please report it.
    Internal(String),
    /// What was asked for is not built (yet) for this kind of API, or cannot be: the reason.
    Unsupported(String),
    /// The output could not be written.
    Write(std::io::Error),
}

impl From<std::io::Error> for EmitError {
    fn from(e: std::io::Error) -> Self {
        EmitError::Write(e)
    }
}

pub(crate) fn vars(opts: &EmitOptions, keep_aws_variables: bool) -> values::Vars<'_> {
    values::Vars { vars: &opts.vars, region: opts.region.as_deref(), keep_aws_variables }
}

/// Resolves the placeholders of a whole document that goes to an importer (`${AWS::Region}` and
/// the like are left to it); what cannot be resolved is reported where it is written.
pub(crate) fn resolve_document(doc: &mut Value, opts: &EmitOptions) -> Result<(), EmitError> {
    let mut found = Vec::new();
    values::resolve(doc, &vars(opts, true), &mut Vec::new(), &mut found);
    let diags: Vec<Diagnostic> =
        found.iter().map(|u| unresolved(&u.path.iter().fold(Pointer::root(), |p, s| p.child(s)), &u.message)).collect();
    if diags.is_empty() { Ok(()) } else { Err(EmitError::Diagnostics(diags)) }
}

/// Resolves the intrinsics and placeholders of `v`, a value of the element at `at` whose place
/// under it is `path` (named in the message; it also tells a mapping template); what cannot be
/// resolved is pushed to `out`, reported at `at`. The one pass every backend but CloudFormation
/// puts a document value through.
pub(crate) fn resolve_at(
    v: &mut Value,
    opts: &EmitOptions,
    at: &Pointer,
    mut path: Vec<String>,
    out: &mut Vec<Diagnostic>,
) {
    let mut found = Vec::new();
    values::resolve(v, &vars(opts, false), &mut path, &mut found);
    out.extend(found.iter().map(|u| unresolved(at, &format!("`{}`: {}", u.path.join("."), u.message))));
}

pub(crate) fn unresolved(at: &Pointer, message: &str) -> Diagnostic {
    unresolved_unplaced(message).at_value(at, "needs a value at compile time")
}

/// [`unresolved`] without its label, for a value that is a key (a usage plan's name).
pub(crate) fn unresolved_unplaced(message: &str) -> Diagnostic {
    Diagnostic::new(Code::UnresolvedValue, format!("this value cannot be resolved: {message}")).help(
        "pass it with `--var NAME=VALUE` or `--vars FILE`, or emit CloudFormation, which resolves intrinsics itself",
    )
}

/// A Terraform configuration in the syntax asked for.
pub(crate) fn write_terraform(f: &hcl::File, opts: &EmitOptions, out: &mut dyn Write) -> std::io::Result<()> {
    if opts.terraform_json { pretty(&f.json(), out) } else { out.write_all(f.hcl().as_bytes()) }
}

/// A document as the body file beside a Terraform configuration holds it.
pub(crate) fn pretty_text(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_default() + "\n"
}

/// `v` as indented JSON and a newline, written to `out` as it is serialised.
pub(crate) fn pretty<T: serde::Serialize + ?Sized>(v: &T, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut w, v)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// A value as a YAML document (CloudFormation's YAML style).
pub(crate) fn yaml_string(v: &Value) -> String {
    yaml::to_string(v)
}

/// Reads a YAML or JSON mapping (the `--vars` and `--cors` files).
pub fn read_mapping(source: &SourceFile) -> Result<Value, String> {
    let text = source.shared_text();
    let tree = crate::tree::parse(&text, source.format()).map_err(|e| {
        let (line, col) = source.line_col(e.span.start);
        format!("{}:{line}:{col}: {}", source.name(), e.message)
    })?;
    let root = tree.root().filter(|r| r.is_map()).ok_or_else(|| format!("{}: expected a mapping", source.name()))?;
    de::decode::<Value>(root).map_err(|e| format!("{}: {}", source.name(), e.message))
}

/// Reads `--vars`: a mapping of names to scalar values.
pub fn read_vars(source: &SourceFile) -> Result<BTreeMap<String, String>, String> {
    let v = read_mapping(source)?;
    let mut out = BTreeMap::new();
    for (k, v) in v.as_object().into_iter().flatten() {
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Number(_) | Value::Bool(_) => v.to_string(),
            _ => return Err(format!("{}: `{k}` must be a string, number or boolean", source.name())),
        };
        out.insert(k.clone(), s);
    }
    Ok(out)
}
