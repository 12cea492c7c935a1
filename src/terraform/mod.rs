//! Terraform configurations that deploy API Gateway bodies: `aws_apigatewayv2_api` (HTTP) and
//! `aws_api_gateway_rest_api` (REST) resources in `.tf` and `.tf.json` files; and WebSocket
//! APIs written as `aws_apigatewayv2_*` resources ([`websocket`], GW93x and the WebSocket checks). Each body is read
//! without running Terraform ([`body`]) and checked as the provider deploys it: the API kind
//! from the resource type, `parameters.basepath` as the base path mode, `fail_on_warnings` as
//! the gate, the HTTP overrides (`name`, `description`, `version`, `cors_configuration` win over
//! the document). Findings of a body written in the configuration are located there; those of a
//! body file are reported for that file, once per resource using it. Terraform's own pitfalls
//! are GW900–GW905 ([`findings`]).
//!
//! A configuration is a file, or a module: the files of a folder read as one ([`module`]).
//!
//! Reading files is the caller's (the library does no I/O): [`check`] takes a reader.

pub mod body;
pub mod encode;
mod findings;
mod hcl;
pub mod model;
pub mod module;
mod object;
mod one;
mod text;
mod tfjson;
mod websocket;

use crate::diagnostics::{Code, Diagnostic};
use crate::kind::{ApiChoice, ApiKind};
use crate::source::SourceFile;
use crate::{Analysis, Options};
use body::{Body, Relocation};
use model::{Block, Node, Resources, address};
use std::ops::Range;

/// Whether a path names a Terraform configuration file (`.tf` or `.tf.json`).
pub fn is_terraform(path: &str) -> bool {
    path.ends_with(".tf") || path.ends_with(".tf.json")
}

/// Whether a file so named is a configuration rather than an OpenAPI document that happens to be
/// named `*.tf.json` (LocalStack's fixtures are): one whose root has `openapi` or `swagger` is a
/// document.
pub fn is_configuration(source: &SourceFile) -> bool {
    if !source.name().ends_with(".json") {
        return is_terraform(source.name());
    }
    let text: std::sync::Arc<str> = std::sync::Arc::from(source.text());
    let tree = crate::tree::parse(&text, crate::source::Format::Json);
    !tree.ok().and_then(|t| t.root().map(|r| r.get("openapi").is_some() || r.get("swagger").is_some())).unwrap_or(false)
}

pub use crate::deployed::{Checked, Reader, Via};
pub use one::one;

/// The resource types that carry a body, and their kinds.
const API_TYPES: [(&str, ApiKind); 2] =
    [("aws_apigatewayv2_api", ApiKind::Http), ("aws_api_gateway_rest_api", ApiKind::Rest)];

/// The resources of a configuration (a file, `.tf` or `.tf.json` by its name; or the files of a
/// module, [`module::join`]), or the parser's message and the offset it points at (the first
/// file of a module that cannot be read).
pub fn read(source: &SourceFile) -> Result<Resources, (String, usize)> {
    let (resources, broken) = module::read(source);
    match broken.into_iter().next() {
        None => Ok(resources),
        // A module's file is named: the error is of one of several.
        Some((message, at)) => match source.part_at(at) {
            Some(p) => Err((format!("`{}`: {message}", p.name), at)),
            None => Err((message, at)),
        },
    }
}

/// The resources of one file, by the syntax its name says.
fn read_one(name: &str, text: &str) -> Result<Resources, (String, usize)> {
    let text: std::sync::Arc<str> = std::sync::Arc::from(text);
    if name.ends_with(".json") { tfjson::read(&text) } else { hcl::read(&text) }
}

/// Checks a configuration (a file, or a module's files joined by [`module::join`]): the
/// configuration's report first, then one per body file. A file of a module that cannot be read
/// is a finding in it, and the others are checked without it.
pub fn check(source: SourceFile, options: &Options, read: Reader<'_>) -> Vec<Checked> {
    let (resources, broken) = module::read(&source);
    let unreadable = |(message, at): (String, usize)| {
        Diagnostic::new(Code::InvalidSyntax, format!("the Terraform file cannot be read: {message}"))
            .at_span(at..at, "here")
    };
    if source.parts().is_empty() && !broken.is_empty() {
        let diagnostics = broken.into_iter().map(unreadable).collect();
        return vec![Checked { source, diagnostics, kinds: Vec::new(), via: None, apis: Vec::new() }];
    }
    let mut own: Vec<Diagnostic> = broken.into_iter().map(unreadable).collect();
    let mut kinds = Vec::new();
    let mut files = Vec::new();
    let mut ids = Vec::new();
    for ctx in apis(&resources) {
        let (api, body_node) = (ctx.api, ctx.body);
        ids.push(address(api));
        // `--resource`: only that API's findings.
        if options.resource.as_ref().is_some_and(|w| *w != address(api)) {
            continue;
        }
        let analysis = match analyse(&ctx, &source, options, read) {
            Analysed::Unknown(why, label) => {
                own.push(not_checked(api, &why, body_node.span.clone(), label));
                continue;
            }
            Analysed::Inline(a, diags) => {
                own.extend(diags);
                kinds.extend(a.kind);
                a
            }
            Analysed::File(a, diags, file) => {
                let (path, line, column) = module::locate(&source, api.head.start);
                let via = Via { resource: address(api), path, line, column };
                files.push(Checked {
                    source: file,
                    diagnostics: diags,
                    kinds: a.kind.into_iter().collect(),
                    via: Some(via),
                    apis: Vec::new(),
                });
                a
            }
        };
        own.extend(findings::body_findings(&ctx, &analysis));
    }
    if websocket::has_api(&resources) {
        let (_, found) = websocket::check(&source, &resources, options.resource.as_deref());
        for f in found {
            if options.resource.as_ref().is_none_or(|w| *w == f.id) {
                kinds.push(ApiKind::WebSocket);
            }
            ids.push(f.id);
            own.extend(f.diagnostics);
        }
    }
    own.extend(findings::configuration_findings(&source, &resources));
    suppress(&source, &resources, &mut own);
    options.severities.apply(&mut own);
    own.sort_by_key(|d| (first_span(d).start, d.code));
    let mut out = vec![Checked { source, diagnostics: own, kinds, via: None, apis: ids }];
    out.extend(files);
    out
}

/// The APIs of a configuration that the provider imports a body into, in order: every
/// `aws_apigatewayv2_api` of protocol HTTP and every `aws_api_gateway_rest_api` with a `body`.
/// `check` and `--resource` both take them from here.
fn apis(resources: &Resources) -> Vec<Context<'_>> {
    let mut out = Vec::new();
    for (ty, kind) in API_TYPES {
        for api in resources.of_type(ty) {
            if kind == ApiKind::Http
                && api
                    .attribute("protocol_type")
                    .and_then(|p| p.as_str())
                    .is_some_and(|p| !p.eq_ignore_ascii_case("HTTP"))
            {
                continue;
            }
            let Some(body) = api.attribute("body") else { continue };
            let body_key = api.attributes.iter().find(|(n, _, _)| n == "body").map_or(0..0, |(_, k, _)| k.clone());
            out.push(Context { api, kind, body, body_span: body.span.clone(), body_key });
        }
    }
    out
}

/// A body read and analysed as the provider deploys it.
pub(crate) enum Analysed {
    /// Written in the configuration: its findings located there.
    Inline(Analysis, Vec<Diagnostic>),
    /// A body file: its findings located in it.
    File(Analysis, Vec<Diagnostic>, SourceFile),
    /// Not read: why, and the label for where the body is named.
    Unknown(String, &'static str),
}

/// Reads and analyses the body of `ctx`, an API of the configuration `source`.
pub(crate) fn analyse(ctx: &Context<'_>, source: &SourceFile, options: &Options, read: Reader<'_>) -> Analysed {
    match body::read(source.text(), ctx.body) {
        Body::Unknown(why) => Analysed::Unknown(why, "not read"),
        Body::Inline(text, map) => {
            let (name, _, _) = module::locate(source, ctx.body_span.start);
            let a = crate::analyze(SourceFile::new(name, text), &ctx.options(options));
            let mut diags = ctx.deployed(&a);
            relocate(&mut diags, |r| map.source(r), &ctx.body_span);
            Analysed::Inline(a, diags)
        }
        Body::File(path, vars) => {
            let file = match read(&join(module::base_name(source), &path)) {
                Ok(f) => f,
                Err(e) => return Analysed::Unknown(e, "this file"),
            };
            match &vars {
                Some(vars) => {
                    let (rendered, map) = body::render_template(file.text(), vars);
                    let a = crate::analyze(SourceFile::new(file.name(), rendered), &ctx.options(options));
                    let mut diags = ctx.deployed(&a);
                    let whole = 0..file.text().len();
                    relocate(&mut diags, |r| Relocation::Linear(map.clone()).source(r), &whole);
                    Analysed::File(a, diags, file)
                }
                None => {
                    let a = crate::analyze(file.clone(), &ctx.options(options));
                    let diags = ctx.deployed(&a);
                    Analysed::File(a, diags, file)
                }
            }
        }
    }
}

/// GW900: the body of `api` was not checked, and why.
fn not_checked(api: &Block, why: &str, at: Range<usize>, label: &str) -> Diagnostic {
    Diagnostic::new(Code::TerraformBodyNotChecked, format!("the body of `{}` is not checked: {why}", address(api)))
        .at_span(at, label)
}

/// What a check of one API resource knows.
pub(crate) struct Context<'a> {
    pub(crate) api: &'a Block,
    pub(crate) kind: ApiKind,
    /// The `body` argument.
    pub(crate) body: &'a Node,
    /// The body's value, and its argument name.
    pub(crate) body_span: Range<usize>,
    pub(crate) body_key: Range<usize>,
}

impl Context<'_> {
    /// The options the body is analysed under: the kind of the resource, and REST's
    /// `parameters.basepath`.
    fn options(&self, base: &Options) -> Options {
        let mut o = base.clone();
        o.api = ApiChoice::Fixed(self.kind);
        // The provider sends the body as it is: a 3.1 body is what AWS rejects (GW010).
        o.openapi31 = crate::openapi31::Mode::AsWritten;
        let mode = self.api.attribute("parameters").and_then(|p| p.get("basepath")).and_then(|b| b.as_str());
        o.base_path_mode = crate::deployed::base_path_mode(mode, o.base_path_mode);
        o
    }

    /// `fail_on_warnings` as written.
    pub(crate) fn fail_on_warnings(&self) -> Option<bool> {
        self.api.attribute("fail_on_warnings").and_then(|n| n.as_bool())
    }

    /// The body's findings as the provider deploys it: what the resource's own arguments
    /// replace is not reported, and with `fail_on_warnings = true` what AWS warns about fails.
    fn deployed(&self, a: &Analysis) -> Vec<Diagnostic> {
        let has_cors =
            a.tree.as_ref().and_then(|t| t.root()).is_some_and(|r| r.get("x-amazon-apigateway-cors").is_some());
        // The provider sets these from its own arguments after the import: HTTP APIs always
        // (`UpdateApi`), REST APIs the name (required) and a given description.
        let replaced: &[&str] = match (self.kind, self.api.attribute("description").is_some()) {
            (ApiKind::Http, _) => &["/info/title", "/info/description", "/info/version"],
            (ApiKind::Rest, true) => &["/info/title", "/info/description"],
            (ApiKind::Rest, false) => &["/info/title"],
            // Configurations carry HTTP and REST bodies only: a WebSocket API has no body.
            (ApiKind::WebSocket, _) => &[],
        };
        crate::deployed::Deployment {
            named: true,
            replaced,
            // The provider replaces or deletes the body's CORS configuration.
            cors_replaced: self.kind == ApiKind::Http && has_cors,
            fail_on_warnings: (self.fail_on_warnings() == Some(true))
                .then(|| format!("`fail_on_warnings = true` on `{}`: AWS rejects the import", address(self.api))),
        }
        .findings(a)
    }
}

use crate::deployed::{first_span, join, relocate};

/// Inline suppression in a configuration: a comment (or a `"//"` string in `.tf.json`) holding
/// `gatewright-ignore: CODE, CODE` inside a resource block, or on the lines right above it in the
/// same file, silences those codes for the findings in that block.
pub const IGNORE: &str = "gatewright-ignore:";

fn suppress(source: &SourceFile, resources: &Resources, diags: &mut Vec<Diagnostic>) {
    let src = source.text();
    let file = |at: usize| source.part_at(at).map(|p| p.range.start);
    // Blocks do not overlap: in order of where they start, the one holding an offset and the
    // one after it are found by a binary search, so many comments and findings stay linear.
    let mut blocks: Vec<&Range<usize>> = resources.resources.iter().map(|b| &b.span).collect();
    blocks.sort_by_key(|b| b.start);
    let after = |at: usize| blocks.partition_point(|b| b.start <= at);
    let holding = |at: usize| after(at).checked_sub(1).filter(|&i| blocks[i].contains(&at));
    let mut silenced: Vec<Vec<Code>> = vec![Vec::new(); blocks.len()];
    for (at, _) in src.match_indices(IGNORE) {
        let line_end = src[at..].find('\n').map_or(src.len(), |i| at + i);
        let codes = src[at + IGNORE.len()..line_end]
            .split(|c: char| c == ',' || c.is_whitespace() || c == '"' || c == ']' || c == '[')
            .filter_map(Code::find);
        // In a block, or on the lines right above the next one.
        let next = after(at);
        let block = holding(at).or_else(|| {
            blocks
                .get(next)
                .filter(|b| file(at) == file(b.start) && src[at..b.start].lines().take(3).count() <= 2)
                .map(|_| next)
        });
        if let Some(i) = block {
            silenced[i].extend(codes);
        }
    }
    diags.retain(|d| holding(first_span(d).start).is_none_or(|i| !silenced[i].contains(&d.code)));
}
