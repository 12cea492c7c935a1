//! `gatewright lsp`: a Language Server over stdio (rust-analyzer's `lsp-server` for the messages,
//! framed by `transport.rs` with a cap and an answer to what is not a message; `lsp-types` for the
//! protocol's shapes; no async runtime). Exit status: 0 after `shutdown` then `exit`, 1 when `exit`
//! (or the end of the input) comes without `shutdown`, 2 when a frame is broken; after `shutdown`
//! a request is refused with InvalidRequest. A finding's `code` is its code as `check` prints it
//! (`GW600`), its name the last line of the message. Full-text sync; on open and on every change the document is analysed exactly as
//! `check` analyses the file (its gatewright.toml, the command line's options, inline
//! suppression) and the findings are published with their code, severity, help and related
//! locations; a change followed by more changes to the same document is not analysed (only the
//! last one is), and while typing (changes less than 150 ms apart) a change waits as long as the
//! document's last analysis took (at most 150 ms) for a next one; closing a document clears its findings. Findings about what API
//! Gateway ignores are tagged `Unnecessary` (editors grey them out). Positions are in the encoding the client
//! offers: UTF-8 when it lists it, else UTF-16 (LSP's default). Files that are not OpenAPI
//! documents get no findings; Terraform configurations (`.tf`, `.tf.json`) and CloudFormation
//! templates get what `check` finds
//! in them (their bodies read as Terraform or CloudFormation deploys them; body files from disk).
//!
//! Every finding links to its `explain` page (written once per version into the user's cache
//! folder, `docs.rs`).
//!
//! Quick fixes: the machine-applicable fixes `check --fix` applies, as code actions, and for any
//! finding on a node "suppress with `x-gatewright-ignore`", offered only where the suppression
//! removes that finding and brings up no other (checked on the edited text).
//!
//! Navigation: go to definition on a `$ref` (in the document), document symbols for the routes
//! (HTTP) or methods (REST) import creates, and hover: an extension key's documentation, a
//! `$ref`'s target, what API Gateway creates from an operation (route key or method,
//! integration, authorization), the `explain` page of a finding.

use crate::cli::Common;
use crate::io::settings::{Finder, resolve};
use crate::io::{OK, USAGE};
use gatewright::source::SourceFile;
use lsp_server::{Connection, Message, Notification, Response};
use lsp_types::{
    Diagnostic, InitializeParams, Position, PositionEncodingKind, PublishDiagnosticsParams, Range, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;

/// Serves until the client says `exit`: 0 after `shutdown`, 1 without it (as LSP has it, and
/// when the input ends first), 2 when the input's framing broke (`transport`).
pub(crate) fn run(common: &Common) -> u8 {
    let (connection, stdio) = transport::stdio();
    let code = serve(&connection, common);
    drop(connection);
    match stdio.finish() {
        Some(broken) => {
            eprintln!("error: gatewright lsp: {broken}");
            USAGE
        }
        None => code,
    }
}

/// Exit status: `exit` came (or the input ended) before `shutdown`.
const EXIT_WITHOUT_SHUTDOWN: u8 = 1;

/// The `initialize` request; before it, other requests are answered ServerNotInitialized and
/// notifications are dropped. Err with the exit status when `exit` comes (or the input ends) first.
fn initialize(connection: &Connection) -> Result<(lsp_server::RequestId, serde_json::Value), u8> {
    for message in &connection.receiver {
        match message {
            Message::Request(req) if req.method == "initialize" => return Ok((req.id, req.params)),
            Message::Request(req) => {
                let why = format!("`{}` before `initialize`", req.method);
                let code = lsp_server::ErrorCode::ServerNotInitialized as i32;
                let _ = connection.sender.send(Response::new_err(req.id, code, why).into());
            }
            Message::Notification(n) if n.method == "exit" => return Err(EXIT_WITHOUT_SHUTDOWN),
            _ => {}
        }
    }
    Err(EXIT_WITHOUT_SHUTDOWN)
}

fn serve(connection: &Connection, common: &Common) -> u8 {
    let (id, params) = match initialize(connection) {
        Ok(request) => request,
        Err(code) => return code,
    };
    let init: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let utf8 = init
        .capabilities
        .general
        .and_then(|g| g.position_encodings)
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let capabilities = ServerCapabilities {
        position_encoding: Some(if utf8 { PositionEncodingKind::UTF8 } else { PositionEncodingKind::UTF16 }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        definition_provider: Some(lsp_types::OneOf::Left(true)),
        document_symbol_provider: Some(lsp_types::OneOf::Left(true)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "gatewright", "version": env!("CARGO_PKG_VERSION")},
    });
    let _ = connection.sender.send(Response::new_ok(id, result).into());
    let pages = docs::write_pages();
    let mut server = Server {
        connection,
        common,
        utf8,
        docs: HashMap::new(),
        finder: Finder::default(),
        pages,
        included_by: HashMap::new(),
        parts_of: HashMap::new(),
    };
    let mut pending: VecDeque<Message> = VecDeque::new();
    let mut shut_down = false;
    loop {
        let message = match pending.pop_front() {
            Some(m) => m,
            None => match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => return if shut_down { OK } else { EXIT_WITHOUT_SHUTDOWN },
            },
        };
        // After `shutdown`, only `exit`: requests are refused, notifications dropped.
        match &message {
            Message::Notification(n) if n.method == "exit" => {
                return if shut_down { OK } else { EXIT_WITHOUT_SHUTDOWN };
            }
            Message::Request(req) if shut_down => {
                let why = format!("`{}` after `shutdown`: only `exit` is expected", req.method);
                server.send(Message::Response(Response::new_err(req.id.clone(), transport::INVALID_REQUEST, why)));
                continue;
            }
            Message::Request(req) if req.method == "shutdown" => {
                shut_down = true;
                server.send(Message::Response(Response::new_ok(req.id.clone(), ())));
                continue;
            }
            _ if shut_down => continue,
            _ => {}
        }
        match message {
            Message::Request(req) => {
                let resp = match server.request(&req.method, &req.params) {
                    Some(result) => Response::new_ok(req.id, result),
                    None => Response::new_err(
                        req.id,
                        lsp_server::ErrorCode::MethodNotFound as i32,
                        format!("gatewright lsp does not handle `{}`", req.method),
                    ),
                };
                server.send(Message::Response(resp));
            }
            Message::Notification(n) => {
                // Changes already waiting: only the last one to a document is analysed.
                while let Ok(m) = connection.receiver.try_recv() {
                    pending.push_back(m);
                }
                // Debounced while typing: a change that follows the previous one within DEBOUNCE
                // waits as long as the document's last analysis took (at most DEBOUNCE) for the
                // next, so a large document is not analysed per key; a lone change is not delayed.
                if n.method == "textDocument/didChange"
                    && pending.is_empty()
                    && let Some(doc) = uri_of(&n.params).and_then(|u| server.docs.get(&u))
                    && doc.changed.is_some_and(|t| t.elapsed() < DEBOUNCE)
                    && let Ok(m) = connection.receiver.recv_timeout(doc.cost.min(DEBOUNCE))
                {
                    pending.push_back(m);
                }
                server.notification(n, &pending);
            }
            Message::Response(_) => {}
        }
    }
}

/// The longest a change waits for the next one before it is analysed.
const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(150);

struct Server<'a> {
    connection: &'a Connection,
    common: &'a Common,
    utf8: bool,
    docs: HashMap<Uri, Doc>,
    finder: Finder,
    /// The folder of the `explain` pages findings link to, when it could be written.
    pages: Option<PathBuf>,
    /// For a document written in several files: the root that includes each other file, and the
    /// files each root last published findings for.
    included_by: HashMap<PathBuf, Uri>,
    parts_of: HashMap<Uri, Vec<Uri>>,
}

/// An open document: its text, and its analysis once made (until the text changes); diagnostics
/// and every request share it.
struct Doc {
    text: String,
    analysis: Option<gatewright::Analysis>,
    /// The options the analysis was made under (a suppression is checked under them too).
    options: gatewright::Options,
    /// How long the last analysis of this document took (the debounce of its next change).
    cost: std::time::Duration,
    /// When it last changed.
    changed: Option<std::time::Instant>,
}

fn uri_of(params: &serde_json::Value) -> Option<Uri> {
    serde_json::from_value(params["textDocument"]["uri"].clone()).ok()
}

impl Server<'_> {
    fn send(&self, m: Message) {
        let _ = self.connection.sender.send(m);
    }

    fn notification(&mut self, n: Notification, pending: &VecDeque<Message>) {
        let Some(uri) = uri_of(&n.params) else { return };
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let text = n.params["textDocument"]["text"].as_str().unwrap_or_default().to_string();
                self.docs.insert(
                    uri.clone(),
                    Doc { text, analysis: None, options: Default::default(), cost: Default::default(), changed: None },
                );
                self.publish(&uri);
            }
            "textDocument/didChange" => {
                // Full sync: the last change holds the whole text.
                let changes = n.params["contentChanges"].as_array();
                if let Some(text) = changes.and_then(|c| c.last()).and_then(|c| c["text"].as_str()) {
                    let cost = self.docs.get(&uri).map(|d| d.cost).unwrap_or_default();
                    let changed = Some(std::time::Instant::now());
                    let doc =
                        Doc { text: text.to_string(), analysis: None, options: Default::default(), cost, changed };
                    self.docs.insert(uri.clone(), doc);
                }
                let superseded = pending.iter().any(|m| {
                    matches!(m, Message::Notification(p) if p.method == "textDocument/didChange" && uri_of(&p.params).as_ref() == Some(&uri))
                });
                if !superseded {
                    self.publish(&uri);
                }
            }
            "textDocument/didClose" => {
                self.docs.remove(&uri);
                self.send_diagnostics(&uri, Vec::new());
                for part in self.parts_of.remove(&uri).unwrap_or_default() {
                    self.send_diagnostics(&part, Vec::new());
                }
            }
            _ => {}
        }
    }

    /// The answer to a request it handles (`null` when there is nothing to show), None for others.
    fn request(&mut self, method: &str, params: &serde_json::Value) -> Option<serde_json::Value> {
        if !matches!(
            method,
            "textDocument/definition"
                | "textDocument/documentSymbol"
                | "textDocument/hover"
                | "textDocument/codeAction"
        ) {
            return None;
        }
        let null = Some(serde_json::Value::Null);
        let Some(uri) = uri_of(params) else { return null };
        let configuration = self.docs.get(&uri).is_some_and(|d| {
            let source = SourceFile::new(path_of(&uri).display().to_string(), d.text.as_str());
            deployer(&source).is_some()
        });
        if configuration {
            // Navigation and fixes are for OpenAPI documents; a configuration gets its findings.
            return if method == "textDocument/codeAction" { Some(serde_json::json!([])) } else { null };
        }
        let (utf8, pages) = (self.utf8, self.pages.clone());
        if self.analysis(&uri).is_none() {
            return null;
        }
        let Some(Doc { analysis: Some(analysis), options, .. }) = self.docs.get(&uri) else { return null };
        let Some(tree) = &analysis.tree else { return null };
        let lines = Lines::new(analysis.source.text(), utf8);
        let links = Links { uri: &uri, lines: &lines, pages: pages.as_deref() };
        let at = serde_json::from_value::<Position>(params["position"].clone()).ok().map(|p| lines.offset(p));
        let answer = match (method, at) {
            ("textDocument/documentSymbol", _) => serde_json::to_value(nav::symbols(analysis, tree, &lines)).ok(),
            ("textDocument/codeAction", _) => {
                let range: Range = serde_json::from_value(params["range"].clone()).unwrap_or_default();
                serde_json::to_value(code_actions(analysis, options, &links, range)).ok()
            }
            ("textDocument/definition", Some(offset)) => match nav::definition(tree, offset) {
                Some(span) => parts::locate(analysis, &uri, &span, utf8),
                None => self.docs.get(&uri).and_then(|d| parts::file_definition(&d.text, &path_of(&uri), offset, utf8)),
            },
            ("textDocument/hover", Some(offset)) => nav::hover(analysis, tree, offset).map(|(markdown, span)| {
                serde_json::json!({"contents": {"kind": "markdown", "value": markdown}, "range": lines.range(&span)})
            }),
            _ => None,
        };
        Some(answer.unwrap_or(serde_json::Value::Null))
    }

    fn send_diagnostics(&self, uri: &Uri, diagnostics: Vec<Diagnostic>) {
        let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version: None };
        let n = Notification::new("textDocument/publishDiagnostics".into(), params);
        self.send(Message::Notification(n));
    }

    /// The document's analysis, made once per text: under the settings of the file's folder
    /// (gatewright.toml), themselves under the command line's.
    fn analysis(&mut self, uri: &Uri) -> Option<&gatewright::Analysis> {
        let (finder, common) = (&self.finder, self.common);
        let doc = self.docs.get_mut(uri)?;
        if doc.analysis.is_none() {
            let path = path_of(uri);
            let options = match resolve(finder, &path, common) {
                Ok(s) => s.options,
                Err(e) => {
                    eprintln!("gatewright lsp: {e}");
                    gatewright::Options::default()
                }
            };
            let source = SourceFile::new(path.display().to_string(), doc.text.as_str());
            let started = std::time::Instant::now();
            // Files a `$ref` names: under the document's folder, as `check` reads them, with the
            // text of the editor's buffer where one is open.
            let folder = path.parent().unwrap_or(std::path::Path::new("")).to_path_buf();
            let read = |p: &str| {
                let full = folder.join(p);
                let read = crate::io::input::read_in_folder(&folder, &full, "the document's")?;
                let open = self.docs.iter().find(|(u, _)| path_of(u) == full).map(|(_, d)| d.text.clone());
                Ok(open.map_or(read, |t| SourceFile::new(full.display().to_string(), t)))
            };
            let analysis = gatewright::analyze_with(source, &options, Some(&read));
            let doc = self.docs.get_mut(uri)?;
            doc.analysis = Some(analysis);
            doc.cost = started.elapsed();
            doc.options = options;
        }
        self.docs.get(uri)?.analysis.as_ref()
    }

    /// The findings of a Terraform configuration or a CloudFormation template (its own and those
    /// of the bodies written in it; body files, and a CDK stack's assets, are read from disk), or
    /// None for any other document.
    fn deploying(&self, uri: &Uri) -> Option<Vec<Diagnostic>> {
        let path = path_of(uri);
        let doc = self.docs.get(uri)?;
        let source = SourceFile::new(path.display().to_string(), doc.text.as_str());
        let template = deployer(&source)?;
        let options = resolve(&self.finder, &path, self.common).map(|s| s.options).unwrap_or_default();
        let root = if template {
            crate::io::assembly::read_root(&path)
        } else {
            path.parent().unwrap_or(std::path::Path::new("")).to_path_buf()
        };
        let folder = root.as_path();
        let whose = if template { "the template's" } else { "the module's" };
        let read = |p: &str| crate::io::input::read_in_folder(folder, std::path::Path::new(p), whose);
        let reports = if template {
            let assets = crate::io::assembly::assets_of(&path).unwrap_or_default();
            gatewright::cfn_template::check_in(source, &options, &read, &assets)
        } else {
            gatewright::terraform::check(source, &options, &read)
        };
        let own = reports.into_iter().next()?;
        let lines = Lines::new(own.source.text(), self.utf8);
        let links = Links { uri, lines: &lines, pages: self.pages.as_deref() };
        Some(own.diagnostics.iter().map(|d| lsp_diagnostic(d, &links)).collect())
    }

    fn publish(&mut self, uri: &Uri) {
        if let Some(diagnostics) = self.deploying(uri) {
            self.send_diagnostics(uri, diagnostics);
            return;
        }
        let (utf8, pages) = (self.utf8, self.pages.clone());
        let Some(analysis) = self.analysis(uri) else { return };
        if !analysis.is_openapi_document() {
            // A file of a split document: its findings are its root's, checked again with it.
            let root = self.included_by.get(&path_of(uri)).cloned().filter(|r| r != uri && self.docs.contains_key(r));
            match root {
                Some(root) => {
                    if let Some(d) = self.docs.get_mut(&root) {
                        d.analysis = None;
                    }
                    self.publish(&root);
                }
                None => self.send_diagnostics(uri, Vec::new()),
            }
            return;
        }
        let files = parts::by_file(analysis, uri, utf8, pages.as_deref());
        let parts: Vec<Uri> = files.iter().skip(1).map(|(u, _)| u.clone()).collect();
        for (file, diagnostics) in files {
            self.send_diagnostics(&file, diagnostics);
        }
        for gone in self.parts_of.remove(uri).unwrap_or_default() {
            if !parts.contains(&gone) {
                self.send_diagnostics(&gone, Vec::new());
            }
        }
        for part in &parts {
            self.included_by.insert(path_of(part), uri.clone());
        }
        self.parts_of.insert(uri.clone(), parts);
    }
}

/// What deploys APIs from a file: Some(true) for a CloudFormation template, Some(false) for a
/// Terraform configuration, None for a document.
fn deployer(source: &SourceFile) -> Option<bool> {
    if gatewright::terraform::is_terraform(source.name()) && gatewright::terraform::is_configuration(source) {
        Some(false)
    } else {
        gatewright::cfn_template::is_template(source).then_some(true)
    }
}

/// The file a `file:` URI names (percent-escapes decoded); other URIs are taken as a path.
fn path_of(uri: &Uri) -> PathBuf {
    let s = uri.as_str();
    let path = s.strip_prefix("file://").unwrap_or(s);
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    PathBuf::from(String::from_utf8_lossy(&out).into_owned())
}

mod docs;
mod findings;
mod lines;
mod nav;
mod parts;
mod transport;

use findings::{Links, code_actions, lsp_diagnostic};
use lines::Lines;
