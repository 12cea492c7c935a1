//! CloudFormation templates read as input (YAML, with short-form tags, or JSON; found by
//! content): every `AWS::ApiGatewayV2::Api` (HTTP) and `AWS::ApiGateway::RestApi` with a body,
//! checked as CloudFormation deploys it. Not to be confused with `emit/cloudformation.rs`,
//! which writes templates.
//!
//! A body written in the template is a subtree of the template's span tree: it is re-rooted as a
//! document of its own over the same source ([`crate::tree::Tree::subtree`]) and analysed as
//! such, so every finding lands where the body is written, exactly, with no second parse and no
//! offsets to translate (YAML indentation would make a slice of the text no document at all). A
//! body file (`BodyS3Location: ./api.yaml` before `aws cloudformation package`, or
//! `Fn::Transform: AWS::Include`) is read only under the template's folder and reported for that
//! file, once per resource using it. A body whose root is `Fn::If` is checked once per branch,
//! each finding naming its branch. The resource's properties apply as the service applies them
//! ([`crate::deployed`]): the kind from the resource type, `FailOnWarnings`, `BasePath` /
//! `Parameters.basepath`, and `Name`, `Description`, `Version`, `CorsConfiguration` over the
//! body's. The template's own pitfalls are GW910–GW915 (`findings.rs`, `lambda.rs`). WebSocket
//! APIs written as `AWS::ApiGatewayV2::*` resources are read by `websocket.rs` into the
//! WebSocket IR and checked as such (GW93x and the WebSocket checks).
//!
//! Reading files is the caller's (the library does no I/O): [`check`] takes a reader.

mod assets;
mod body;
mod findings;
mod keys;
mod lambda;
mod model;
mod one;
mod sam;
mod websocket;

pub use assets::Assets;
pub use one::one;

pub use crate::deployed::{Checked, Reader, Via};

use crate::deployed::{Deployment, first_span, join};
use crate::diagnostics::{Code, Diagnostic};
use crate::kind::{ApiChoice, ApiKind};
use crate::source::SourceFile;
use crate::{Analysis, Options};
use body::{Body, Source};
use model::{Resource, Template};

/// The resource types that carry a body, and their kinds.
const API_TYPES: [(&str, ApiKind); 2] =
    [("AWS::ApiGatewayV2::Api", ApiKind::Http), ("AWS::ApiGateway::RestApi", ApiKind::Rest)];

/// Whether a file is a CloudFormation template, by content: `AWSTemplateFormatVersion`, or
/// `Resources` with an entry of `Type: AWS::…`, and no `openapi` or `swagger` at its root. A
/// text search comes first, so an OpenAPI document is not parsed for this.
pub fn is_template(source: &SourceFile) -> bool {
    let text = source.text();
    let marked = text.contains("AWSTemplateFormatVersion") || (text.contains("Resources") && text.contains("AWS::"));
    if !marked {
        return false;
    }
    crate::tree::parse(&source.shared_text(), source.format()).is_ok_and(|t| model::is_template(&t))
}

/// A finding of the template and the logical ids whose `Metadata` may silence it.
type Owned = (Diagnostic, Vec<String>);

/// Checks a template: the template's report first, then one per body file.
pub fn check(source: SourceFile, options: &Options, read: Reader<'_>) -> Vec<Checked> {
    check_in(source, options, read, Assets::none())
}

/// [`check`] of a stack template of a CDK cloud assembly: a `BodyS3Location` whose `Key` is one
/// of `assets` reads the copy staged in the assembly folder.
pub fn check_in(source: SourceFile, options: &Options, read: Reader<'_>, assets: &Assets) -> Vec<Checked> {
    let parsed = crate::parse::parse(&source);
    let mut own: Vec<Owned> = parsed.diagnostics.into_iter().map(|d| (d, Vec::new())).collect();
    let Some(tree) = parsed.tree else {
        return vec![Checked {
            source,
            diagnostics: own.into_iter().map(|(d, _)| d).collect(),
            kinds: Vec::new(),
            via: None,
            apis: Vec::new(),
        }];
    };
    let template = tree.root().map_or_else(Template::empty, Template::read);
    let mut kinds = Vec::new();
    let mut files = Vec::new();
    let mut with_body = std::collections::HashSet::new();
    let permitted = lambda::permitted(&template);
    let usage = keys::index(&template);
    let mut ids = Vec::new();
    for (api, bodies) in apis(&template, assets) {
        let r = api.r;
        ids.push(r.id.to_string());
        with_body.insert(r.id);
        // `--resource`: only that API's findings.
        if options.resource.as_deref().is_some_and(|w| w != r.id) {
            continue;
        }
        let owners = vec![r.id.to_string()];
        for b in &bodies {
            let mut found = Vec::new();
            let analysis = match &b.source {
                Source::Unknown(why) => {
                    found.push(not_checked(r, why, b));
                    None
                }
                Source::Inline(id) => {
                    let a = crate::analyze_tree(
                        source.clone(),
                        keys::body(&tree, *id, &usage, r.id),
                        &api.options(options),
                    );
                    found.extend(api.deployment(&a).findings(&a));
                    found.extend(lambda::missing(r.id, a.tree.as_ref(), &template, &permitted, true));
                    kinds.extend(a.kind);
                    Some(a)
                }
                Source::File(path) => match read(&join(source.name(), path)) {
                    Err(e) => {
                        found.push(not_checked(r, &e, b));
                        None
                    }
                    Ok(file) => {
                        let a = crate::analyze(file.clone(), &api.options(options));
                        let mut diags = api.deployment(&a).findings(&a);
                        diags.extend(lambda::missing(r.id, a.tree.as_ref(), &template, &permitted, false));
                        name_branch(&mut diags, b);
                        diags.retain(|d| !r.ignores(d.code));
                        options.severities.apply(&mut diags);
                        diags.sort_by_key(|d| (first_span(d).start, d.code));
                        let (line, column) = source.line_col(r.key.start);
                        let via = Via { resource: r.id.to_string(), path: source.name().to_string(), line, column };
                        files.push(Checked {
                            source: file,
                            diagnostics: diags,
                            kinds: a.kind.into_iter().collect(),
                            via: Some(via),
                            apis: Vec::new(),
                        });
                        Some(a)
                    }
                },
            };
            if let Some(a) = &analysis {
                found.extend(findings::body_findings(&api, a, b));
            }
            name_branch(&mut found, b);
            own.extend(found.into_iter().map(|d| (d, owners.clone())));
        }
    }
    if let Some(root) = tree.root().filter(|r| crate::sam::is_sam(*r)) {
        let (sams, refusals) = crate::sam::apis(root);
        // The transform fails for the whole template: shown whichever API `--resource` names.
        own.extend(refusals);
        for s in sams {
            ids.push(s.id.clone());
            if options.resource.as_deref().is_none_or(|w| w == s.id) {
                sam::check(&source, &tree, s, options, read, (&template, &permitted), &mut own, &mut kinds, &mut files);
            }
        }
    }
    for f in websocket::check(&source, &tree, &template, options.resource.as_deref()) {
        if options.resource.as_ref().is_none_or(|w| *w == f.id) {
            kinds.push(ApiKind::WebSocket);
        }
        // The API's `Metadata` silences a finding, and so does that of the resource it is in.
        for d in f.diagnostics {
            let mut owners = vec![f.id.clone()];
            owners.extend(websocket::holder(&template, first_span(&d).start));
            own.push((d, owners));
        }
        ids.push(f.id);
    }
    own.extend(
        findings::stale_deployments(&template, &with_body)
            .into_iter()
            .filter(|(_, owners)| options.resource.as_ref().is_none_or(|w| owners.contains(w))),
    );
    own.retain(|(d, owners)| !owners.iter().any(|o| template.get(o).is_some_and(|r| r.ignores(d.code))));
    let mut own: Vec<Diagnostic> = own
        .into_iter()
        .map(|(mut d, _)| {
            // Edits are made for documents; a template is not rewritten.
            d.fix = None;
            d
        })
        .collect();
    options.severities.apply(&mut own);
    own.sort_by(|a, b| (first_span(a).start, a.code, &a.message).cmp(&(first_span(b).start, b.code, &b.message)));
    let mut out = vec![Checked { source, diagnostics: own, kinds, via: None, apis: ids }];
    out.extend(files);
    out
}

/// The APIs of a template that CloudFormation imports a body into, in the order they are
/// written, each with its bodies: every `AWS::ApiGatewayV2::Api` of protocol HTTP and every
/// `AWS::ApiGateway::RestApi` with `Body` or `BodyS3Location`. `check` and `--resource` both
/// take them from here.
fn apis<'a, 't>(template: &'a Template<'t>, assets: &Assets) -> Vec<(Api<'a, 't>, Vec<Body>)> {
    let mut out = Vec::new();
    for (ty, kind) in API_TYPES {
        for r in template.of_type(ty) {
            if kind == ApiKind::Http
                && r.prop("ProtocolType").and_then(|p| p.as_str()).is_some_and(|p| !p.eq_ignore_ascii_case("HTTP"))
            {
                continue;
            }
            let bodies = body::bodies(r, assets);
            if !bodies.is_empty() {
                out.push((Api { r, kind }, bodies));
            }
        }
    }
    out
}

/// GW910: a body of `r` was not checked, and why.
fn not_checked(r: &Resource<'_>, why: &str, b: &Body) -> Diagnostic {
    not_checked_at(r.id, why, b)
}

/// GW910 for the API `id`.
fn not_checked_at(id: &str, why: &str, b: &Body) -> Diagnostic {
    Diagnostic::new(Code::CloudformationBodyNotChecked, format!("the body of `{id}` is not checked: {why}"))
        .at_span(b.at.clone(), "not read")
}

/// Names the `Fn::If` branch a finding was made in.
fn name_branch(diags: &mut [Diagnostic], b: &Body) {
    if let Some(name) = b.branch_name() {
        for d in diags {
            d.message = format!("{} ({name})", d.message);
        }
    }
}

/// An API resource and its kind.
pub(crate) struct Api<'a, 't> {
    pub(crate) r: &'a Resource<'t>,
    pub(crate) kind: ApiKind,
}

impl Api<'_, '_> {
    /// The options the body is analysed under: the kind of the resource, and the base path mode
    /// (`BasePath` of an HTTP API, `Parameters.basepath` of a REST API).
    fn options(&self, base: &Options) -> Options {
        let mut o = base.clone();
        o.api = ApiChoice::Fixed(self.kind);
        // CloudFormation sends the body as it is: a 3.1 body is what AWS rejects (GW010).
        o.openapi31 = crate::openapi31::Mode::AsWritten;
        let mode = match self.kind {
            ApiKind::Http => self.r.prop("BasePath"),
            ApiKind::Rest => self.r.prop("Parameters").and_then(|p| p.get("basepath")),
            // Templates carry HTTP and REST bodies only: a WebSocket API has no body.
            ApiKind::WebSocket => None,
        };
        o.base_path_mode = crate::deployed::base_path_mode(mode.and_then(|m| m.as_str()), o.base_path_mode);
        o
    }

    /// `FailOnWarnings: true` (a boolean, or the string CloudFormation also takes).
    pub(crate) fn fail_on_warnings(&self) -> bool {
        self.r.prop("FailOnWarnings").is_some_and(|f| f.as_bool() == Some(true) || f.as_str() == Some("true"))
    }

    /// How the resource deploys the body of `a`.
    fn deployment(&self, a: &Analysis) -> Deployment<'static> {
        let has_cors =
            a.tree.as_ref().and_then(|t| t.root()).is_some_and(|r| r.get("x-amazon-apigateway-cors").is_some());
        let set = |p: &str| self.r.prop(p).is_some();
        let replaced: &'static [&'static str] = match (self.kind, set("Name"), set("Description"), set("Version")) {
            (ApiKind::Http, true, true, true) => &["/info/title", "/info/description", "/info/version"],
            (ApiKind::Http, true, true, false) | (ApiKind::Rest, true, true, _) => {
                &["/info/title", "/info/description"]
            }
            (ApiKind::Http, true, false, true) => &["/info/title", "/info/version"],
            (ApiKind::Http, false, true, true) => &["/info/description", "/info/version"],
            (ApiKind::Http, true, false, false) | (ApiKind::Rest, true, false, _) => &["/info/title"],
            (ApiKind::Http, false, true, false) | (ApiKind::Rest, false, true, _) => &["/info/description"],
            (ApiKind::Http, false, false, true) => &["/info/version"],
            _ => &[],
        };
        Deployment {
            named: set("Name"),
            replaced,
            cors_replaced: self.kind == ApiKind::Http && has_cors && set("CorsConfiguration"),
            fail_on_warnings: self.fail_on_warnings().then(|| {
                format!("`FailOnWarnings: true` on `{}`: AWS rejects the import and the stack update fails", self.r.id)
            }),
        }
    }
}
