//! `gatewright lsp` spoken to over stdio with JSON-RPC, as an editor does: initialize (UTF-16 and
//! UTF-8), open a document with a finding after non-ASCII text on its line, get the findings
//! `check --format json` reports (positions in the negotiated encoding), change the text and see
//! them go, close and see them cleared, shut down and exit cleanly; go to a `$ref`'s target, list
//! the routes as symbols, hover an operation, an extension key, a `$ref` and a finding; apply a
//! quick fix and a suppression and see the finding go; follow a finding's link to its page.

use crate::support::gatewright;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const DOC: &str = "openapi: 3.0.1\ninfo: {title: \"é\", version: '1'}\npaths:\n  /pets:\n    get:\n      x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, payloadFormatVersion: '2.0', uri: \"arn:aws:lambda:us-east-1:123456789012:function:é\", timeoutInMillis: 99999999}\n";

pub(crate) struct Client {
    child: Child,
    /// The cache folder this server writes its pages into (`XDG_CACHE_HOME`), when it is the
    /// client's own: removed with it.
    _cache: Option<crate::support::Scratch>,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

impl Client {
    pub(crate) fn start() -> Client {
        let cache = crate::support::scratch("lsp-cache");
        let mut c = Client::start_in(&cache);
        c._cache = Some(cache);
        c
    }

    /// A server whose cache folder is `cache`, which outlives it.
    fn start_in(cache: &std::path::Path) -> Client {
        let mut child = gatewright(&["lsp", "--no-config"])
            .env("XDG_CACHE_HOME", cache)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("gatewright lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).expect("JSON-RPC body")).is_err() {
                    return;
                }
            }
        });
        Client { child, _cache: None, stdin, messages }
    }

    pub(crate) fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    /// The next message that `wanted` accepts (others are passed over), within 20 s.
    pub(crate) fn expect(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self.messages.recv_timeout(Duration::from_secs(20)).unwrap_or_else(|_| panic!("no {what}"));
            if wanted(&m) {
                return m;
            }
        }
    }

    /// `shutdown` (request `id`), then `exit`: the server answers and ends with success.
    pub(crate) fn shut_down(mut self, id: u64) {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": "shutdown", "params": null}));
        let shut = self.expect("shutdown result", |m| m["id"] == id);
        assert!(shut.get("error").is_none(), "{shut}");
        self.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
        drop(self.stdin);
        let status = self.child.wait().expect("exits");
        assert!(status.success(), "{status}");
    }

    pub(crate) fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let m = self.expect("publishDiagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }
}

fn session(encodings: &[&str], cache: &std::path::Path) -> (String, Vec<Value>) {
    let mut c = Client::start_in(cache);
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": {"general": {"positionEncodings": encodings}}}}));
    let init = c.expect("initialize result", |m| m["id"] == 1);
    let encoding = init["result"]["capabilities"]["positionEncoding"].as_str().unwrap_or_default().to_string();
    assert_eq!(init["result"]["capabilities"]["textDocumentSync"], 1, "full sync");
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let dir = crate::support::scratch(&format!("lsp-{encoding}"));
    let uri = format!("file://{}/api%20doc.yaml", dir.display());
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": DOC}}}));
    let opened = c.diagnostics(&uri);
    // Fixed in three quick changes: only the last text is analysed, and its findings are none.
    let fixed = DOC.replace("99999999", "29000");
    for (v, text) in [(2, DOC.replace("99999999", "1")), (3, DOC.to_string()), (4, fixed)] {
        c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": text}]}}));
    }
    let mut after = c.diagnostics(&uri);
    // Superseded changes may still have been analysed if they arrived one by one: wait for the last.
    while !after.is_empty() {
        after = c.diagnostics(&uri);
    }
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}}));
    assert!(c.diagnostics(&uri).is_empty(), "closing clears the findings");
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/formatting",
        "params": {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}}));
    let unknown = c.expect("an answer to an unknown request", |m| m["id"] == 2);
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    c.shut_down(3);
    (encoding, opened)
}

#[test]
fn lsp_publishes_what_check_finds_in_the_negotiated_encoding() {
    // What `check --format json` reports for the same text (1-based lines, columns in characters).
    let dir = crate::support::scratch("lsp-check");
    let file = dir.join("api.yaml");
    std::fs::write(&file, DOC).unwrap();
    let out = gatewright(&["check", "--format", "json", "--no-config"]).arg(&file).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = &report["files"][0]["diagnostics"][0];
    assert_eq!(want["code"], "GW305");
    let (line, column) = (want["line"].as_u64().unwrap() - 1, want["column"].as_u64().unwrap() - 1);
    // "é" is one UTF-16 unit and two UTF-8 bytes; it comes once before the finding on its line.
    for (offered, encoding, character) in
        [(&["utf-16"][..], "utf-16", column), (&["utf-8", "utf-16"][..], "utf-8", column + 1)]
    {
        let cache = crate::support::scratch("lsp-cache");
        let (negotiated, diags) = session(offered, &cache);
        assert_eq!(negotiated, encoding);
        assert_eq!(diags.len(), report["files"][0]["diagnostics"].as_array().unwrap().len());
        let d = &diags[0];
        // The code as `check` calls it; the name closes the message.
        assert_eq!(d["code"], "GW305");
        assert!(d["message"].as_str().unwrap().ends_with("\nrule: integration-timeout-out-of-range"), "{d}");
        assert_eq!(d["severity"], 1);
        assert_eq!(d["source"], "gatewright");
        assert!(d["message"].as_str().unwrap().starts_with(want["message"].as_str().unwrap()));
        assert_eq!(
            (d["range"]["start"]["line"].as_u64(), d["range"]["start"]["character"].as_u64()),
            (Some(line), Some(character)),
            "{encoding}: {d}"
        );
        assert_eq!(d["range"]["end"]["character"].as_u64().unwrap() - character, 8, "the span covers 99999999");
        // The finding links to its `explain` page, a file the server wrote.
        let href = d["codeDescription"]["href"].as_str().unwrap_or_default();
        let page = href.strip_prefix("file://").unwrap_or_else(|| panic!("{d}"));
        let explain = gatewright(&["explain", "GW305"]).output().unwrap();
        let written = std::fs::read_to_string(page).unwrap();
        assert!(
            written.starts_with("# GW305")
                && String::from_utf8_lossy(&explain.stdout).contains(written.lines().nth(2).unwrap())
        );
    }
}

const NAV: &str = "openapi: 3.0.1\ninfo: {title: nav, version: '1'}\npaths:\n  /pets:\n    get:\n      x-amazon-apigateway-integration:\n        $ref: '#/components/x-amazon-apigateway-integrations/pets'\n    post:\n      x-amazon-apigateway-integration:\n        $ref: '#/components/x-amazon-apigateway-integrations/pets'\ncomponents:\n  x-amazon-apigateway-integrations:\n    pets:\n      type: aws_proxy\n      httpMethod: POST\n      payloadFormatVersion: '2.0'\n      uri: arn:aws:lambda:us-east-1:123456789012:function:pets\n";

#[test]
fn lsp_goes_to_definitions_lists_routes_and_hovers() {
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    let init = c.expect("initialize result", |m| m["id"] == 1);
    for cap in ["definitionProvider", "documentSymbolProvider", "hoverProvider"] {
        assert_eq!(init["result"]["capabilities"][cap], true, "{cap}");
    }
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = "file:///nonexistent/nav.yaml";
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": NAV}}}));
    assert!(c.diagnostics(uri).is_empty());
    // On the `$ref` value of line 7 (0-based 6): the reusable integration's key, line 13 (12).
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/definition",
        "params": {"textDocument": {"uri": uri}, "position": {"line": 6, "character": 20}}}));
    let def = c.expect("definition", |m| m["id"] == 2);
    assert_eq!(def["result"]["uri"], uri);
    assert_eq!(def["result"]["range"]["start"], json!({"line": 12, "character": 4}), "{def}");
    c.send(json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": uri}}}));
    let symbols = c.expect("symbols", |m| m["id"] == 3);
    let names: Vec<&str> = symbols["result"].as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["GET /pets", "POST /pets"]);
    assert_eq!(symbols["result"][0]["selectionRange"]["start"], json!({"line": 4, "character": 4}));
    c.send(json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": uri}, "position": {"line": 7, "character": 5}}}));
    let hover = c.expect("hover", |m| m["id"] == 4);
    let text = hover["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        text.contains("route `POST /pets`") && text.contains("AWS_PROXY") && text.contains("authorization: NONE"),
        "{hover}"
    );
    // Nothing to show: null, not an error.
    c.send(json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}}));
    assert_eq!(c.expect("empty hover", |m| m["id"] == 5)["result"], Value::Null);
    c.shut_down(6);
}

#[test]
fn lsp_quick_fix_removes_its_finding() {
    let text = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\nx-amazon-apigateway-cors:\n  allow_origins: ['https://app.example.com']\npaths: {}\n";
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    let init = c.expect("initialize result", |m| m["id"] == 1);
    assert_eq!(init["result"]["capabilities"]["codeActionProvider"], true);
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = "file:///nonexistent/cors.yaml";
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}));
    let diags = c.diagnostics(uri);
    assert_eq!(diags.len(), 1, "{diags:?}");
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}}));
    let actions = c.expect("code actions", |m| m["id"] == 2);
    let action = &actions["result"][0];
    assert_eq!(action["title"], "rename to `allowOrigins`");
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][uri][0];
    assert_eq!(edit["range"], json!({"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": 15}}));
    // Applied, the finding is gone.
    let fixed = text.replace("allow_origins", edit["newText"].as_str().unwrap());
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}}));
    assert!(c.diagnostics(uri).is_empty());
    c.shut_down(3);
}

/// `text` with LSP edits applied (ASCII text: a character is a byte).
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut edits: Vec<_> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, t);
    }
    out
}

const LAMBDA: &str = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      x-amazon-apigateway-integration:\n        type: aws_proxy\n        uri: arn:aws:lambda:us-east-1:123456789012:function:pets\n    post:\n      x-amazon-apigateway-integration:\n        $ref: '#/components/x-amazon-apigateway-integrations/orders'\ncomponents:\n  x-amazon-apigateway-integrations:\n    orders:\n      type: aws_proxy\n      payloadFormatVersion: '1.0'\n      uri: arn:aws:lambda:us-east-1:123456789012:function:orders\n";

#[test]
fn lsp_hovers_suppresses_and_fixes() {
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    c.expect("initialize result", |m| m["id"] == 1);
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = "file:///nonexistent/lambda.yaml";
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": LAMBDA}}}));
    let diags = c.diagnostics(uri);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["GW303"], "{diags:?}");
    let hover = |c: &mut Client, id: u64, line: u64, character: u64| {
        c.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}}));
        let h = c.expect("hover", |m| m["id"] == id);
        h["result"]["contents"]["value"].as_str().unwrap_or_default().to_string()
    };
    // The extension key (line 6): its documentation, with the finding on it and its page.
    let on_key = hover(&mut c, 2, 5, 10);
    assert!(on_key.contains("**`x-amazon-apigateway-integration`**"), "{on_key}");
    assert!(on_key.contains("https://docs.aws.amazon.com/apigateway/"), "{on_key}");
    assert!(on_key.contains("# GW303 `missing-payload-format-version`"), "{on_key}");
    // A `$ref` (line 11): its target's text.
    let on_ref = hover(&mut c, 3, 10, 20);
    assert!(on_ref.contains("orders:\n      type: aws_proxy"), "{on_ref}");
    c.send(json!({"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}}));
    let actions = c.expect("code actions", |m| m["id"] == 4)["result"].as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(titles, ["add `payloadFormatVersion: \"2.0\"`", "suppress `GW303` here with `x-gatewright-ignore`"]);
    // Each, applied, leaves a document with no finding.
    for (version, action) in actions.iter().enumerate() {
        let edited = apply_edits(LAMBDA, action["edit"]["changes"][uri].as_array().unwrap());
        assert_ne!(edited, LAMBDA);
        c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version + 2}, "contentChanges": [{"text": edited}]}}));
        assert!(c.diagnostics(uri).is_empty(), "{edited}");
    }
    c.shut_down(5);
}

/// Neovim (Debian's `neovim`, 0.7 or later) as a real client: headless, it starts
/// `gatewright lsp` for a fixture and reads back the diagnostics `check --format json` reports.
#[test]
fn lsp_serves_neovim() {
    let nvim = std::env::var_os("NVIM_BIN").unwrap_or_else(|| "nvim".into());
    if std::process::Command::new(&nvim).arg("--version").output().is_err() {
        panic!("Neovim is needed for this test: install it (apt-get install neovim) or set NVIM_BIN");
    }
    let file = crate::support::root().join("fixtures/lint/project/specs/orders.yaml");
    let scratch = crate::support::scratch("nvim");
    let out = scratch.join("diagnostics.txt");
    let script = crate::support::root().join("tests/e2e/nvim_lsp.lua");
    let mut child = std::process::Command::new(&nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "--noplugin", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("GATEWRIGHT_BIN", env!("CARGO_BIN_EXE_gatewright"))
        .env("GATEWRIGHT_FILE", &file)
        .env("GATEWRIGHT_OUT", &out)
        .env("XDG_CACHE_HOME", scratch.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().expect("nvim runs") {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let got = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(status.success(), "{status}: {got}");
    let mut seen: Vec<(u64, u64, String)> = got
        .lines()
        .map(|l| {
            let (at, rest) = l.split_once(' ').unwrap();
            let (line, column) = at.split_once(':').unwrap();
            (line.parse().unwrap(), column.parse().unwrap(), rest.split(' ').next().unwrap().to_string())
        })
        .collect();
    seen.sort();
    let report = gatewright(&["check", "--format", "json", "--no-config"]).arg(&file).output().unwrap();
    let report: Value = serde_json::from_slice(&report.stdout).unwrap();
    let want: Vec<(u64, u64, String)> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap(), d["code"].as_str().unwrap().to_string()))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(seen, want);
}

/// A started, initialized server with the fixture at `path` (from the repository root) open as
/// `language`: the server, the document's URI and the findings it published for it.
fn open_fixture(path: &str, language: &str) -> (Client, String, Vec<Value>) {
    let path = crate::support::root().join(path);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut c = Client::start();
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
    c.expect("initialize result", |m| m["id"] == 1);
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = format!("file://{}", path.display());
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}}));
    let diags = c.diagnostics(&uri);
    (c, uri, diags)
}

/// Each finding's code and zero-based start line.
fn codes_and_lines(diags: &[Value]) -> Vec<(String, u64)> {
    diags
        .iter()
        .map(|d| {
            (d["code"].as_str().unwrap_or_default().to_string(), d["range"]["start"]["line"].as_u64().unwrap_or(0))
        })
        .collect()
}

/// A Terraform configuration gets the findings `check` reports for it, located in the `.tf`:
/// its own and those of the body written in it.
#[test]
fn lsp_checks_terraform_configurations() {
    let (mut c, uri, diags) =
        open_fixture("fixtures/check/GW905-terraform-fail-on-warnings-unset/invalid-undefined-scheme.tf", "terraform");
    assert_eq!(codes_and_lines(&diags), [("GW905".to_string(), 0), ("GW401".to_string(), 9)]);
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": uri}, "range": diags[1]["range"], "context": {"diagnostics": diags}}}));
    assert_eq!(c.expect("code actions", |m| m["id"] == 2)["result"], json!([]));
    c.shut_down(3);
}

/// A CloudFormation template gets the findings `check` reports for it, located in the template:
/// those of the body written in it, each `Fn::If` branch named.
#[test]
fn lsp_checks_cloudformation_templates() {
    let (mut c, uri, diags) = open_fixture("fixtures/cloudformation/fn-if/template.yaml", "yaml");
    // `check` puts it at 26:36, one-based.
    assert_eq!(codes_and_lines(&diags), [("GW305".to_string(), 25)]);
    assert!(diags[0]["message"].as_str().unwrap().contains("(when `IsProd` does not hold)\n"), "{diags:?}");
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction",
        "params": {"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": diags}}}));
    assert_eq!(c.expect("code actions", |m| m["id"] == 2)["result"], json!([]));
    c.shut_down(3);
}

/// An AsyncAPI document is a WebSocket API in the editor too: the finding `check` reports, at
/// its place; the routes as symbols at their operations; hover on gatewright's route-key
/// extension.
#[test]
fn lsp_serves_websocket_apis() {
    let (mut c, uri, diags) =
        open_fixture("fixtures/check/GW1005-authorizer-not-on-connect/invalid-authorizer-on-custom-route.yaml", "yaml");
    let seen: Vec<(&str, u64, u64)> = diags
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                d["code"].as_str().unwrap_or_default(),
                start["line"].as_u64().unwrap_or(0),
                d["severity"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // `check` puts it at 11:9, one-based; a warning (LSP severity 2).
    assert_eq!(seen, [("GW1005", 10, 2)], "{diags:?}");
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol", "params": {"textDocument": {"uri": uri}}}));
    let symbols = c.expect("symbols", |m| m["id"] == 2);
    let names: Vec<&str> = symbols["result"].as_array().unwrap().iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["sendMessage"]);
    assert_eq!(symbols["result"][0]["selectionRange"]["start"], json!({"line": 5, "character": 2}));
    c.send(json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": uri}, "position": {"line": 8, "character": 10}}}));
    let hover = c.expect("hover", |m| m["id"] == 3);
    let shown = hover["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("x-amazon-apigateway-route-key") && shown.contains("WebSocket APIs"), "{hover}");
    c.shut_down(4);
}
