//! gatewright compiles an OpenAPI document into an Amazon API Gateway HTTP or REST API (an AWS CLI
//! script, CloudFormation, Terraform, or signed calls), and lints documents, and the Terraform
//! configurations and CloudFormation templates that deploy them, the way API Gateway's own
//! importers would judge them, before anything is deployed. An AsyncAPI 3.0 document is read as a
//! WebSocket API, checked, and compiled and deployed the same ways (resource by resource).
//!
//! # Pipeline
//!
//! ```text
//! text ─source→ SourceFile ─parse→ span tree (─bundle→ one tree of all its files)
//!      (─openapi31→ 3.0 span tree) ─kind→ HTTP, REST or WebSocket (+ version gate)
//!      ─lower→ http::ir::Api | rest::ir::RestApi | websocket::ir::WebSocketApi ─check→ Diagnostics
//! ```
//!
//! # Code map
//!
//! The shared core:
//!
//! - [`source`]: the input text, its format (detected by content) and line/column mapping.
//! - [`tree`]: the span tree: every YAML/JSON node in one arena with byte spans; aliases, merge
//!   keys and duplicate keys kept; a serde deserializer over nodes for typed views. A large YAML
//!   document is scanned on a second thread, and the second half of its `paths` on a third (used
//!   only once the first reader's own events confirm where it starts; the same tree either way).
//! - [`parse`]: text → tree with source diagnostics (syntax, encoding, duplicates), and the
//!   version gate for the chosen kind ([`parse::gate`]).
//! - [`bundle`]: a document written in several files read as one: relative `$ref`s followed
//!   through the caller's loader, the files' texts joined in one position space
//!   ([`source::SourceFile::parts`] says which file an offset is in), one tree built over it with
//!   parts written in place and other files' schemas named in `components/schemas`; renderers
//!   split findings back per file.
//! - `positions`: where a node of an OpenAPI document is (path item, parameter, schema…), the
//!   table the tree-to-tree passes ([`bundle`], [`openapi31`]) walk by.
//! - [`openapi31`]: an OpenAPI 3.1 document read as the 3.0.3 document API Gateway accepts: a
//!   tree-to-tree pass over the same source (converted nodes keep their 3.1 spans, so findings
//!   and fixes land in the file as written); keywords with no 3.0 meaning dropped with GW014.
//! - [`kind`]: which API a document describes (`--api`, or the documented `auto` rule: an
//!   `asyncapi` field makes a WebSocket API).
//! - [`basepath`]: the base path both importers read, and the three `Basepath` modes.
//! - `doc_checks`: checks of the document as written, the same for both kinds (one tree walk;
//!   control characters).
//!
//! One folder per API kind, each with its IR, lowering, checks, views and backends side by side:
//!
//! - [`http`]: HTTP APIs (v2): `ir` (routes, integrations, authorizers, CORS), `lower` (exactly
//!   as `ImportApi` reads the document; the OpenAPI 3.0 shape checked on a second thread),
//!   `check` (GW1xx–GW6xx), `view` (`routes`, `route`), `emit` (the IR as API Gateway v2
//!   resources for `emit/v2/`, import mode, the entry point behind [`http::emit::Checked`]).
//! - [`rest`]: REST APIs (v1): `ir` (resources, methods, integrations with responses, models,
//!   validators, gateway responses), `lower` (as `ImportRestApi` does, checked against AWS's
//!   recorded responses), `check` (GW8xx), `view` and `simulate` (`routes`, `route`), `emit`
//!   (its own backends, both modes).
//! - [`websocket`]: WebSocket APIs (v2) from AsyncAPI 3.0: `ir` (routes with keys, route
//!   responses and request models, integrations with responses, the `$connect` authorizer,
//!   models), `expression` (selection expressions), `lower` (`receive` operations are routes, by
//!   README's mapping), `check` (GW10xx, plus the shared GW200 and GW505–GW507), `view` and
//!   `simulate` (`routes`, `route FILE MESSAGE`), `resources` (the same API written as
//!   Terraform or CloudFormation resources: each reader hands its resources over as nodes of a
//!   span tree over its file, a tree built over the `.tf` text for Terraform, so the IR's
//!   pointers land on the file's lines; GW93x), `written` (the names each source uses in
//!   findings), `emit` (the IR as API Gateway v2 resources,
//!   models and integration and route responses included; granular mode only).
//!
//! And around them:
//!
//! - [`terraform`]: Terraform configurations that deploy bodies (`.tf` through `hcl-edit`, with
//!   object values such as `jsonencode`'s scanned by gatewright itself; `.tf.json`): each body read without
//!   running Terraform (body files only under the configuration's folder), checked as the
//!   provider deploys it, findings located where the body is written; GW900–GW905. A folder is
//!   one configuration (`module`): its files joined in one position space as a split document's
//!   are, each read with its own syntax, so findings land in the file that causes them.
//! - [`cfn_template`]: CloudFormation templates read as input (the reader; `emit/cloudformation.rs`
//!   is the writer), found by content, YAML or JSON: each `AWS::ApiGatewayV2::Api` and
//!   `AWS::ApiGateway::RestApi` body checked as CloudFormation deploys it. An inline body is its
//!   subtree of the template's span tree re-rooted over the same text ([`tree::Tree::subtree`]),
//!   so findings land in the template exactly; local `BodyS3Location` and `AWS::Include` files
//!   only under the template's folder; each `Fn::If` branch; GW910–GW915. A REST API's usage
//!   plans and keys written as resources (`cfn_template/keys.rs`, and SAM's `Auth.UsagePlan`,
//!   `sam/usage.rs`) join its inline body as the key/plan root extensions, placed on the template.
//! - `sam`: SAM templates (`Transform: AWS::Serverless-2016-10-31`): the APIs the SAM
//!   transform builds (`AWS::Serverless::HttpApi` and the implicit `ServerlessHttpApi` of
//!   functions' `HttpApi` events; `AWS::Serverless::Api` and the implicit `ServerlessRestApi` of
//!   `Api` events, in `sam/rest/`), each body predicted from SAM's own source as a span tree over the
//!   template (nodes SAM writes placed on the event or property that made them), handed to the
//!   template reader like any body (`cfn_template/sam.rs`, so `check` and `--resource` see SAM
//!   APIs as they see the others); where the transform fails, GW920 with SAM's message.
//! - [`deployed`]: what both readers share: the report of a file that deploys APIs, the
//!   resource named beside a body file's findings (`deployed_by`), and the one place a body's
//!   findings become what the service deploys (overridden fields dropped, fail-on-warnings);
//!   and one API of such a file ([`deployed::OneApi`], `--resource`): each reader lists its APIs
//!   once (`apis`), for its `check` and its `one` alike, so `routes`, `route`, `compile` and
//!   `deploy` see a resource's body exactly as `check` does ([`compile_analysis`] builds it).
//! - [`diagnostics`]: the code registry, [`diagnostics::Diagnostic`], and the renderers
//!   (miette for people, JSON for machines).
//! - [`emit`]: what every kind's backends share: options and errors, the writers
//!   (CloudFormation YAML, `emit/yaml.rs`: quoting that PyYAML and YAML 1.2 read back alike;
//!   Terraform, `emit/hcl.rs`: HCL as `terraform fmt` lays it out, or `.tf.json`; shell words),
//!   names, creation order (`graph.rs`), values and placeholders, Lambda permissions, the pieces
//!   every Terraform configuration has (`emit/terraform.rs`), and the document import mode sends,
//!   made by one function for every kind and backend (`emit/document.rs`; `--emit openapi`
//!   writes it alone, `emit/openapi.rs`). `emit/v2/` is API Gateway v2 in granular mode, shared
//!   by HTTP and WebSocket APIs: a kind's builder (`resources::Builder`) lists a light set of
//!   resources (sub-resources naming their parent) and builds each body when a renderer (AWS CLI
//!   script, CloudFormation, Terraform, plan) asks for it; templates and plans are serialised as
//!   they are rendered, so output costs memory in proportion to one resource.
//! - `deploy` (feature `deploy`): the plan executed with signed calls (HTTP, WebSocket and REST
//!   APIs; `--api-id` reconciles, WebSocket models and responses included); creates are never sent
//!   twice (an unconfirmed API is found by its `gatewright:deployment` tag), placeholders are
//!   filled only in the fields a request's `refs` lists.
//! - `parallel`: two-way splitting of large passes on plain scoped threads (never rayon's pool,
//!   which runs the files of `check`).
//! - [`config`] and [`suppress`]: severity overrides (per code, and `warnings` for all) and
//!   `x-gatewright-ignore`.
//! - [`fixes`]: the machine-applicable fixes of findings made concrete as byte edits written in
//!   the document's own style (`check --fix`, the editor's quick fixes), and the suppression
//!   editors offer for any finding. [`extension_docs`]: what each extension is (hover text).
//!
//! The binary (`src/main.rs`) has three layers, each using only those below it: `cli` (argument
//! types), `io` (reading a document: regular files or stdin, capped; writing output: every write
//! checked, `-o` atomic or straight into a device; `gatewright.toml` discovery; folder discovery; a Terraform module's files, `io/module.rs`)
//! and `commands` (one file per command, plus the pieces several share).
//!
//! # Adding an API kind
//!
//! What the WebSocket kind needed, in order (the compiler lists most of the rest once the
//! variant exists):
//!
//! 1. A variant of [`kind::ApiKind`] and its `auto` rule in `kind.rs`; the `--api` value
//!    (`cli.rs`, `io/settings.rs`) and `api =` in `gatewright.toml` (`config.rs`); the gate for
//!    its version in `parse/version.rs` (and a clear error when another kind's gate meets it).
//! 2. `src/<kind>/`: `ir.rs`, `lower/` (never fails: IR plus findings), `check/` (a `run` over
//!    the IR), `view.rs` and `simulate.rs`; codes in a range of their own in
//!    `diagnostics/codes.rs`, a docs page each, and `fixtures/check/<CODE>-<name>/`.
//! 3. A field of [`Analysis`] and an arm in `analyze_parsed`; [`compile_analysis`] either
//!    emits it or returns `unsupported` (never a wrong output); [`Analysis::is_openapi_document`]
//!    so `check DIR` does not skip its files.
//! 4. Backends in `src/<kind>/emit/`, refusing with `EmitError::Unsupported` (exit 2, a reason)
//!    what has no meaning for the kind. An API Gateway v2 kind implements `emit::v2`'s
//!    `resources::Builder` (a new kind of v2 resource is a `Kind` variant: its collection, CLI
//!    word, CloudFormation and Terraform types) and gets all four renderers and `deploy`'s plan;
//!    `deploy/reconcile.rs` matches each kind of resource by its name.
//! 5. The binary: `commands/views.rs` (`routes`, `route`), `commands/summary.rs` (the kind in
//!    the summary line); `check`, `compile`, `deploy` and the editor go through `analyze`.
//! 6. Tests: lowering snapshots of its fixtures, its `route` table, every fixture through every
//!    backend, its views in `tests/robustness.rs` (which runs every fixture as every kind), and
//!    the real consumers in the e2e suite (moto, cfn-lint, Terraform's schema).
//!
//! Terraform and CloudFormation readers (`terraform/`, `cfn_template/`) map resource types to
//! kinds and match on [`kind::ApiKind`]: a kind without a body there needs an explicit arm. A
//! kind written as resources (WebSocket) is read by a `resources` module of its own folder, fed
//! by each reader with the resources as nodes of a span tree over the file (`websocket.rs` in
//! each reader), and shown through `deployed::websocket_one`.
//!
//! # Invariants
//!
//! - Parsing and lowering never fail on bad input: they return what they could build plus
//!   diagnostics. Only I/O is an `Err`, and I/O lives in the binary. Nothing derived from input is
//!   unwrapped; no input makes the library panic (typed decoding is additionally behind
//!   `catch_unwind`).
//! - Every IR node keeps the JSON pointer it came from. Diagnostics carry pointers; they become
//!   byte spans only when rendered ([`diagnostics::render`]), following YAML aliases and merge
//!   keys to the definition and naming the use site.
//! - Duplicate keys never reach a typed decoder: the tree keeps the first and reports both.
//! - CloudFormation intrinsics and `${…}` placeholders are kept verbatim ([`value::Val`]); they
//!   never cause a false error and are never rewritten.
//! - Output is deterministic: diagnostics are ordered by position then code; views sort routes,
//!   integrations and authorizers.
//! - Severity is a prediction of what AWS does: a code's default is AWS's own level where AWS has
//!   one, and gatewright's advice (AWS accepts it silently) is at most a warning. Labels are
//!   resolved to byte spans once, in [`analyze`]; renderers never locate a node again.
//! - Every pass is linear (or n log n) in the document: ids and logical ids are unique through
//!   hash sets, references between resources go through an index, never a scan.
//!
//! # Deliberately absent
//!
//! - No `serde_json::Value` or `openapiv3::OpenAPI` of the whole document: the tree is the
//!   document model (a 20 MB document costs ~45 MB of tree instead of ~140 MB of `Value`), and
//!   typed decoding happens per object, skipping what HTTP APIs never read. REST model schemas
//!   become JSON only when `routes` shows them.

mod aws_rules;
pub mod basepath;
pub mod bundle;
pub mod cfn_template;
pub mod config;
#[cfg(feature = "deploy")]
pub mod deploy;
pub mod deployed;
pub mod diagnostics;
mod doc_checks;
pub mod emit;
pub mod extension_docs;
pub mod fixes;
pub mod http;
pub mod kind;
pub mod openapi31;
mod parallel;
pub mod parse;
pub mod pointer;
mod positions;
pub mod rest;
mod sam;
pub mod source;
mod suggest;
pub mod suppress;
pub mod terraform;
pub mod tree;
pub mod value;
pub mod websocket;

pub use basepath::BasePathMode;
use diagnostics::{Diagnostic, Summary, render};
use http::{check, ir::Api, lower};
use source::SourceFile;
use tree::Tree;

/// What a caller can choose.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `Basepath` of `ImportApi`: how `servers` affect route paths.
    pub base_path_mode: BasePathMode,
    /// Severity overrides (configuration file, then command line).
    pub severities: config::Overrides,
    /// Which kind of API the document describes (`--api`).
    pub api: kind::ApiChoice,
    /// Whether an OpenAPI 3.1 document is converted to 3.0 (gatewright deploys it) or judged as
    /// written (it goes to AWS as it is: a Terraform `body`).
    pub openapi31: openapi31::Mode,
    /// Only this API of a CloudFormation template or Terraform configuration (`--resource`: a
    /// logical id or a resource address); every API when None.
    pub resource: Option<String>,
}

/// Everything known about one document.
#[derive(Debug)]
pub struct Analysis {
    /// The input.
    pub source: SourceFile,
    /// The span tree, when the text could be read.
    pub tree: Option<Tree>,
    /// The kind of API the document was judged as, once it is known to be a mapping.
    pub kind: Option<kind::ApiKind>,
    /// The HTTP API IR, when the document is an HTTP API past the version gate.
    pub api: Option<Api>,
    /// The REST API IR, when the document is a REST API past the version gate.
    pub rest: Option<rest::ir::RestApi>,
    /// The WebSocket API IR, when the document is an AsyncAPI 3 document read as a WebSocket API.
    pub websocket: Option<websocket::ir::WebSocketApi>,
    /// Findings, ordered by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The text could not be decoded (not UTF-8) or parsed (not YAML or JSON), whatever the
    /// severity settings make of those findings.
    pub unreadable: bool,
}

impl Analysis {
    /// Counts and the gate.
    pub fn summary(&self, fail_on_warnings: bool) -> Summary {
        Summary::of(&self.diagnostics, fail_on_warnings)
    }
}

/// The outcome of compiling one document.
#[derive(Debug)]
pub struct Compiled {
    /// Everything known about the document, with any compilation diagnostics appended.
    pub analysis: Analysis,
    /// The emitted text from [`compile`]; None when the gate failed or a value could not be
    /// resolved, and always None from [`compile_into`] (the text went to its writer).
    pub output: Option<String>,
    /// Whether the output was written ([`compile_into`]) or returned ([`compile`]).
    pub written: bool,
    /// Why nothing was emitted from a document that passed: what was asked for is not built for
    /// this kind of API (yet).
    pub unsupported: Option<String>,
    /// A file to write beside the output, by name: the body a Terraform configuration in import
    /// mode reads with `file()`.
    pub companion: Option<(String, String)>,
}

/// Analyses a document and, when it passes the gate, emits it. With a name override, a missing
/// `info.title` is no longer a problem.
/// A REST API goes to the REST backends ([`rest::emit`]).
pub fn compile(source: SourceFile, opts: &Options, emit_opts: &emit::EmitOptions) -> Compiled {
    let mut text = Vec::new();
    // Writing into memory does not fail.
    let (mut c, _) = compile_into(source, opts, emit_opts, &mut text);
    if c.written {
        c.output = Some(String::from_utf8(text).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()));
    }
    c
}

/// [`compile`], writing the output into `out` as it is produced rather than returning it: a
/// large template is never held whole. `out` is written to only once everything that could stop
/// the compilation has passed, so a failed compilation writes nothing; `written` says whether
/// the output was written. A failed write is the error beside what was known.
pub fn compile_into(
    source: SourceFile,
    opts: &Options,
    emit_opts: &emit::EmitOptions,
    out: &mut dyn std::io::Write,
) -> (Compiled, std::io::Result<()>) {
    compile_into_with(source, opts, emit_opts, out, None)
}

/// [`compile_into`] of a document that may be written in several files: `$ref`s to other files
/// are followed through `load` ([`analyze_with`]), and every import-mode body is the one
/// self-contained document.
pub fn compile_into_with(
    source: SourceFile,
    opts: &Options,
    emit_opts: &emit::EmitOptions,
    out: &mut dyn std::io::Write,
    load: Option<bundle::Loader<'_>>,
) -> (Compiled, std::io::Result<()>) {
    compile_analysis(analyze_with(source, opts, load), emit_opts, out)
}

/// [`compile_into`] of a document already analysed: the body of one API of a template or
/// configuration ([`deployed::OneApi`]), whose findings are those of the body as deployed.
pub fn compile_analysis(
    mut analysis: Analysis,
    emit_opts: &emit::EmitOptions,
    out: &mut dyn std::io::Write,
) -> (Compiled, std::io::Result<()>) {
    if emit_opts.overrides.name.is_some() {
        analysis.diagnostics.retain(|d| d.code != diagnostics::Code::MissingApiName);
    }
    if analysis.summary(emit_opts.fail_on_warnings).failed {
        return (Compiled { analysis, output: None, unsupported: None, written: false, companion: None }, Ok(()));
    }
    if let Some(ws) = &analysis.websocket {
        let result = websocket::emit::emit(ws, emit_opts, out).map(|()| None);
        return finish_compile(analysis, emit_opts, result);
    }
    // `CreateApi` needs a name. CloudFormation can take it from a template parameter; the script
    // and the plan cannot do without one.
    let unnamed = analysis.api.as_ref().is_some_and(|a| a.name.is_none()) && emit_opts.overrides.name.is_none();
    if unnamed && emit_opts.target != emit::Target::CloudFormation {
        let mut d = diagnostics::Diagnostic::new(
            diagnostics::Code::MissingApiName,
            "the API needs a name to be created, and neither `info.title` nor `--name` gives one",
        )
        .at_key(&pointer::Pointer::root().child("info"), "no name here")
        .help("pass `--name NAME`, or add `info.title`");
        d.severity = diagnostics::Severity::Error;
        analysis.diagnostics.push(d);
        return (Compiled { analysis, output: None, unsupported: None, written: false, companion: None }, Ok(()));
    }
    let result = match (&analysis.api, &analysis.rest, &analysis.tree) {
        (Some(api), _, Some(tree)) => http::emit::emit(&http::emit::Checked::new(api, tree), emit_opts, out),
        (None, Some(api), Some(tree)) => rest::emit::emit(api, tree, emit_opts, out),
        _ => return (Compiled { analysis, output: None, unsupported: None, written: false, companion: None }, Ok(())),
    };
    finish_compile(analysis, emit_opts, result)
}

/// What a backend's result makes of the compilation: the body file to write beside the output,
/// findings, the reason nothing was emitted, or a failed write.
fn finish_compile(
    mut analysis: Analysis,
    emit_opts: &emit::EmitOptions,
    result: Result<Option<String>, emit::EmitError>,
) -> (Compiled, std::io::Result<()>) {
    match result {
        Ok(body) => {
            let companion = body.map(|b| (emit_opts.terraform_body.clone(), b));
            (Compiled { analysis, output: None, unsupported: None, written: true, companion }, Ok(()))
        }
        Err(emit::EmitError::Diagnostics(d)) => {
            analysis.diagnostics.extend(d);
            (Compiled { analysis, output: None, unsupported: None, written: false, companion: None }, Ok(()))
        }
        Err(emit::EmitError::Unsupported(message)) => {
            (Compiled { analysis, output: None, unsupported: Some(message), written: false, companion: None }, Ok(()))
        }
        Err(emit::EmitError::Write(e)) => {
            (Compiled { analysis, output: None, unsupported: None, written: false, companion: None }, Err(e))
        }
        Err(emit::EmitError::Internal(message)) => {
            analysis.diagnostics.push(diagnostics::Diagnostic::new(
                diagnostics::Code::UnresolvedValue,
                format!("internal error: {message}"),
            ));
            (Compiled { analysis, output: None, unsupported: None, written: false, companion: None }, Ok(()))
        }
    }
}

/// Parses, gates and lowers one document; a `$ref` to another file is a finding (GW103).
pub fn analyze(source: SourceFile, opts: &Options) -> Analysis {
    analyze_with(source, opts, None)
}

/// [`analyze`], following `$ref`s to other files through `load` ([`bundle`]): the analysis is
/// then of the whole document, over the joined text of its files ([`SourceFile::parts`]).
pub fn analyze_with(source: SourceFile, opts: &Options, load: Option<bundle::Loader<'_>>) -> Analysis {
    let parsed = parse::parse(&source);
    analyze_parsed(source, parsed, opts, load)
}

/// Gates and lowers a document already read as `tree`, a tree over `source`'s text (the body of a
/// CloudFormation resource, re-rooted with [`Tree::subtree`]): its findings are located in
/// `source` as it is written.
pub(crate) fn analyze_tree(source: SourceFile, tree: Tree, opts: &Options) -> Analysis {
    let lowerable = tree.root().is_some_and(|r| r.is_map());
    let mut diagnostics = Vec::new();
    if !lowerable {
        diagnostics.push(
            Diagnostic::new(diagnostics::Code::DocumentNotAMapping, "the body is not a mapping")
                .at_value(&pointer::Pointer::root(), "expected `openapi`, `info` and `paths` here")
                .help("an OpenAPI document is a mapping with `openapi`, `info` and `paths`"),
        );
    }
    analyze_parsed(source, parse::Parsed { tree: Some(tree), lowerable, diagnostics }, opts, None)
}

fn analyze_parsed(
    source: SourceFile,
    parsed: parse::Parsed,
    opts: &Options,
    load: Option<bundle::Loader<'_>>,
) -> Analysis {
    let mut diagnostics = parsed.diagnostics;
    let unreadable = diagnostics
        .iter()
        .any(|d| matches!(d.code, diagnostics::Code::InvalidSyntax | diagnostics::Code::InvalidEncoding));
    let (mut kind, mut api, mut rest, mut websocket) = (None, None, None, None);
    let mut tree = parsed.tree;
    let mut source = source;
    // References the bundler did not follow, which it reported with the reason: the checks'
    // own "refers to another document" at the same place says less.
    let mut not_followed = std::collections::HashSet::new();
    // Only an OpenAPI (or Swagger) document is read with its files: a file that is not one
    // reads nothing more.
    let openapi =
        tree.as_ref().and_then(Tree::root).is_some_and(|r| r.get("openapi").is_some() || r.get("swagger").is_some());
    if let (Some(load), Some(t), true, true) = (load, &tree, parsed.lowerable, openapi)
        && let Some(b) = bundle::bundle(&source, t, load)
    {
        for d in &b.diagnostics {
            if let (diagnostics::Code::ExternalRef, Some(diagnostics::Location::Span(r))) =
                (d.code, d.labels.first().map(|l| &l.location))
            {
                not_followed.insert(r.start);
            }
        }
        diagnostics.extend(b.diagnostics);
        source = b.source;
        tree = Some(b.tree);
    }
    if let (Some(t), true, openapi31::Mode::Convert) = (&tree, parsed.lowerable, opts.openapi31)
        && let Some(root) = t.root()
        && openapi31::is_31(root)
    {
        let (converted, found) = openapi31::convert(t, kind::choose(root, opts.api).kind);
        let version = root.get("openapi").and_then(|v| v.scalar_text()).unwrap_or("3.1");
        diagnostics.push(
            Diagnostic::new(
                diagnostics::Code::Openapi31Converted,
                format!("OpenAPI {version} is read as the OpenAPI {} document API Gateway accepts", openapi31::TARGET_VERSION),
            )
            .at_value(&pointer::Pointer::root().child("openapi"), "converted")
            .help("API Gateway rejects 3.1 itself: deploy the converted document, which `gatewright compile FILE --emit openapi` writes"),
        );
        diagnostics.extend(found);
        tree = Some(converted);
    }
    if let (Some(tree), true) = (&tree, parsed.lowerable)
        && let Some(root) = tree.root()
    {
        let chosen = kind::choose(root, opts.api);
        kind = Some(chosen.kind);
        if let Some(d) = rest::check::mixed_kinds(&chosen) {
            diagnostics.push(d);
        }
        if parse::gate(root, chosen.kind, &mut diagnostics) {
            match chosen.kind {
                kind::ApiKind::Http => {
                    let lower_opts = lower::LowerOptions { base_path_mode: opts.base_path_mode };
                    // The checks that read only the document run beside lowering.
                    let (a, d, checked) = lower::lower_and(
                        tree,
                        &lower_opts,
                        || check::document_only(tree),
                        |api, found| check::run_with(api, tree, found),
                    );
                    diagnostics.extend(d);
                    diagnostics.extend(checked);
                    api = Some(a);
                }
                kind::ApiKind::Rest => {
                    let r = rest::lower::lower(tree, chosen.swagger, opts.base_path_mode);
                    diagnostics.extend(rest::check::run(&r, tree));
                    rest = Some(r);
                }
                kind::ApiKind::WebSocket => {
                    let (w, found) = websocket::lower::lower(tree);
                    diagnostics.extend(found);
                    diagnostics.extend(websocket::check::run(&w, tree));
                    websocket = Some(w);
                }
            }
        }
    }
    if let Some(t) = &tree {
        suppress::apply(t, &mut diagnostics);
    }
    opts.severities.apply(&mut diagnostics);
    // Labels are resolved to spans once, here: ordering needs them, and every renderer then uses
    // them as they are (the primary pointer stays as the diagnostic's subject).
    let mut keyed: Vec<(usize, Diagnostic)> = diagnostics
        .into_iter()
        .map(|mut d| {
            let labels = render::resolve_labels(&source, tree.as_ref(), &d);
            let offset = labels.first().map_or(0, |l| l.span.start);
            d.fix = d.fix.take().and_then(|f| tree.as_ref().and_then(|t| fixes::resolve(t, f)));
            if tree.is_some() {
                d.subject = d.pointer().cloned();
                d.labels = labels
                    .into_iter()
                    .map(|l| diagnostics::Label { location: diagnostics::Location::Span(l.span), message: l.message })
                    .collect();
            }
            (offset, d)
        })
        .collect();
    if !not_followed.is_empty() {
        keyed.retain(|(at, d)| {
            !(d.code == diagnostics::Code::ExternalRef && d.subject.is_some() && not_followed.contains(at))
        });
    }
    keyed.sort_by(|a, b| (a.0, a.1.code, &a.1.message).cmp(&(b.0, b.1.code, &b.1.message)));
    keyed.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    Analysis {
        source,
        tree,
        kind,
        api,
        rest,
        websocket,
        diagnostics: keyed.into_iter().map(|(_, d)| d).collect(),
        unreadable,
    }
}

impl Analysis {
    /// Whether the file is meant as an API description gatewright reads: its root mapping has an
    /// `openapi`, `swagger` or `asyncapi` key, or, when it could not be read as a mapping, a line
    /// that starts with one. Linters in a repository use this to pass over other YAML and JSON.
    pub fn is_openapi_document(&self) -> bool {
        if let Some(root) = self.tree.as_ref().and_then(Tree::root).filter(|r| r.is_map()) {
            return root.get("openapi").is_some() || root.get("swagger").is_some() || root.get("asyncapi").is_some();
        }
        // YAML keys at the root are not indented; JSON keys may be.
        let key = |l: &str, keys: &[&str]| {
            keys.iter().any(|k| l.strip_prefix(k).is_some_and(|rest| rest.trim_start().starts_with(':')))
        };
        self.source.text().lines().any(|l| {
            key(l, &["openapi", "swagger", "asyncapi", "'openapi'", "'swagger'", "'asyncapi'"])
                || key(l.trim_start_matches(['{', ' ', '\t']), &["\"openapi\"", "\"swagger\"", "\"asyncapi\""])
        })
    }
}
