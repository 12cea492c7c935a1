//! Backends: the checked IR (or, in import mode, the normalised document) rendered as an AWS CLI
//! script, a CloudFormation template, a Terraform configuration, or the plan of direct API calls;
//! or the document import mode sends, on its own (`openapi`). That document is made in one place
//! for both API kinds and every backend, `document::import_body`.
//!
//! Emit is pure: IR in, text out, deterministic (sorted resources, stable names, no
//! timestamps). Backends take [`Checked`], which only the gate in `lib.rs` constructs, so
//! nothing is emitted from a document that failed its checks.

mod aws_cli;
mod cloudformation;
pub(crate) mod document;
mod graph;
pub(crate) mod hcl;
pub(crate) mod lambda;
pub(crate) mod names;
pub(crate) mod openapi;
mod plan;
mod resources;
pub(crate) mod shell;
pub(crate) mod terraform;
pub(crate) mod values;
mod yaml;

pub use shell::quote;
pub(crate) use values::partition;

use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Api, BasePathMode};
use crate::kind::ApiKind;
use crate::pointer::Pointer;
use crate::source::SourceFile;
use crate::tree::{Tree, de};
use serde_json::{Value, json};
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
    match opts.mode {
        Mode::Granular => {
            let set = resources::Set::new(c.api, &opts.stage);
            // CloudFormation's logical ids need only the set: they are made while the values are
            // checked and the creation order is worked out.
            let (index, order, ids) = std::thread::scope(|s| {
                let ids =
                    (opts.target == Target::CloudFormation).then(|| s.spawn(|| cloudformation::logical_ids(&set)));
                let prepared = prepare(c, &set, opts);
                let ids = ids.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
                prepared.map(|(index, order)| (index, order, ids.unwrap_or_default()))
            })?;
            let built = Built { set: &set, index: &index, order: &order, opts };
            match opts.target {
                Target::OpenApi => return Err(written_before()),
                Target::Plan => pretty(&plan::Granular(&built, plan_permissions(c, opts)?), out)?,
                Target::AwsCli => out.write_all(aws_cli::granular(&built, &script_permissions(c, opts)?).as_bytes())?,
                Target::CloudFormation => {
                    let perms = if opts.lambda_permissions { lambda::for_http(c.api) } else { Vec::new() };
                    let g = cloudformation::granular(&built, ids, &perms);
                    if opts.cloudformation_json { pretty(&g, out)? } else { g.write_yaml(out)? }
                }
                Target::Terraform => {
                    write_terraform(&terraform::granular(&built, &script_permissions(c, opts)?), opts, out)?
                }
            }
            Ok(None)
        }
        Mode::Import => {
            let doc = document::import_body(c.tree, ApiKind::Http, opts)?;
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            match opts.target {
                Target::OpenApi => return Err(written_before()),
                Target::Plan => pretty(&plan::import(&text, opts, plan_permissions(c, opts)?), out)?,
                Target::AwsCli => {
                    out.write_all(aws_cli::import(&text, opts, &script_permissions(c, opts)?).as_bytes())?
                }
                Target::Terraform => {
                    let permissions = script_permissions(c, opts)?;
                    write_terraform(&terraform::import(&doc, &opts.terraform_body, opts, &permissions), opts, out)?;
                    return Ok(Some(pretty_text(&terraform::body(doc))));
                }
                Target::CloudFormation => {
                    let mut t = cloudformation::import(doc, opts);
                    if opts.lambda_permissions {
                        lambda::add_to_template(&mut t, &lambda::for_http(c.api), "Api");
                    }
                    if opts.cloudformation_json {
                        pretty(&t, out)?
                    } else {
                        out.write_all(yaml::to_string(&t).as_bytes())?
                    }
                }
            }
            Ok(None)
        }
    }
}

/// `--emit openapi` is written before the modes part (a bug if it ever gets further).
fn written_before() -> EmitError {
    EmitError::Internal("the OpenAPI document is written before the backends' modes".into())
}

/// The permissions `deploy` adds (`--lambda-permissions`), as the plan lists them.
fn plan_permissions(c: &Checked<'_>, opts: &EmitOptions) -> Result<Value, EmitError> {
    Ok(lambda::plan_entries(&script_permissions(c, opts)?))
}

/// The permissions the script adds (`--lambda-permissions`), functions resolved.
fn script_permissions(c: &Checked<'_>, opts: &EmitOptions) -> Result<Vec<lambda::Permission>, EmitError> {
    if !opts.lambda_permissions {
        return Ok(Vec::new());
    }
    lambda::resolved(lambda::for_http(c.api), opts).map_err(EmitError::Diagnostics)
}

/// The granular resources' index and creation order, once every value resolves (except for
/// CloudFormation, which resolves values itself).
fn prepare<'s>(
    c: &Checked<'_>,
    set: &'s resources::Set<'_>,
    opts: &EmitOptions,
) -> Result<(resources::Index<'s>, Vec<usize>), EmitError> {
    // Every value resolved (or reported), bodies dropped as soon as they are read.
    let mut diags = discovered_issuers(c.api);
    if opts.target != Target::CloudFormation {
        for d in crate::parallel::halves(set.len(), |range| {
            range.flat_map(|i| finish(set.build_traced(i), opts).1).collect::<Vec<_>>()
        }) {
            diags.extend(d);
        }
    }
    if !diags.is_empty() {
        return Err(EmitError::Diagnostics(diags));
    }
    let index = set.index();
    let routes: Vec<usize> = (0..set.len()).filter(|&i| set.kind(i) == resources::Kind::Route).collect();
    let deps: Vec<Vec<usize>> = crate::parallel::halves(set.len(), |range| {
        range.map(|i| set.dependencies(i, &index, &routes)).collect::<Vec<_>>()
    })
    .concat();
    let order = graph::order(set, &deps).map_err(EmitError::Internal)?;
    Ok((index, order))
}

/// The resources as backends see them: in creation order, each built when asked for, with its
/// values resolved, overrides applied and Lambda URIs turned into function ARNs.
pub(crate) struct Built<'a> {
    pub(crate) set: &'a resources::Set<'a>,
    pub(crate) index: &'a resources::Index<'a>,
    pub(crate) order: &'a [usize],
    opts: &'a EmitOptions,
}

impl Built<'_> {
    /// The finished resource at position `i`.
    pub(crate) fn get(&self, i: usize) -> resources::Resource {
        finish(self.set.build(i), self.opts).0
    }
}

/// Applies the overrides (to the API), resolves values (except for CloudFormation, which resolves
/// intrinsics itself) and turns Lambda invocation URIs into function ARNs; returns the resource and
/// what could not be resolved.
fn finish(mut r: resources::Resource, opts: &EmitOptions) -> (resources::Resource, Vec<Diagnostic>) {
    if r.kind == resources::Kind::Api {
        override_api(&mut r, &opts.overrides);
    }
    let mut diags = Vec::new();
    if opts.target != Target::CloudFormation {
        let mut found = Vec::new();
        let mut body = Value::Object(std::mem::take(&mut r.body));
        values::resolve(&mut body, &vars(opts, false), &mut Vec::new(), &mut found);
        values::retype(&mut body);
        r.body = match body {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        for u in found {
            let at = r.source_of(&u.path).cloned().unwrap_or_else(Pointer::root);
            diags.push(unresolved(&at, &u.message));
        }
    }
    if r.kind == resources::Kind::Integration {
        let lambda = r.body.get("integrationType").and_then(Value::as_str) == Some("AWS_PROXY")
            && !r.body.contains_key("integrationSubtype");
        if let (true, Some(uri)) = (lambda, r.body.get_mut("integrationUri")) {
            resources::function_arn(uri);
        }
    }
    (r, diags)
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

/// `v` as indented JSON and a newline, written to `out` as it is serialised.
/// A Terraform configuration in the syntax asked for.
pub(crate) fn write_terraform(f: &hcl::File, opts: &EmitOptions, out: &mut dyn Write) -> std::io::Result<()> {
    if opts.terraform_json { pretty(&f.json(), out) } else { out.write_all(f.hcl().as_bytes()) }
}

/// A document as the body file beside a Terraform configuration holds it.
pub(crate) fn pretty_text(doc: &Value) -> String {
    serde_json::to_string_pretty(doc).unwrap_or_default() + "\n"
}

pub(crate) fn pretty<T: serde::Serialize + ?Sized>(v: &T, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut w, v)?;
    w.write_all(b"\n")?;
    w.flush()
}

/// Applies the overrides to the API resource's body.
fn override_api(api: &mut resources::Resource, o: &Overrides) {
    for (key, v) in [("name", &o.name), ("description", &o.description), ("version", &o.version)] {
        if let Some(v) = v {
            api.body.insert(key.into(), json!(v));
        }
    }
    if !o.tags.is_empty() {
        let tags = api.body.entry("tags").or_insert_with(|| json!({}));
        if let Some(m) = tags.as_object_mut() {
            for (k, v) in &o.tags {
                m.insert(k.clone(), json!(v));
            }
        }
    }
    match &o.cors {
        Some(Value::Null) => {
            api.body.remove("corsConfiguration");
        }
        Some(cors) => {
            api.body.insert("corsConfiguration".into(), cors.clone());
        }
        None => {}
    }
    // Keep the API fields in the order CreateApi documents them.
    let order = [
        "name",
        "protocolType",
        "version",
        "description",
        "corsConfiguration",
        "tags",
        "disableExecuteApiEndpoint",
        "ipAddressType",
    ];
    let mut sorted = serde_json::Map::new();
    for k in order {
        if let Some(v) = api.body.remove(k) {
            sorted.insert(k.into(), v);
        }
    }
    sorted.append(&mut api.body);
    api.body = sorted;
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
