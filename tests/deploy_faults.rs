//! `deploy` against a fault-injecting API Gateway on 127.0.0.1 (a few lines of HTTP/1.1 in this
//! file, bounded in requests and time): a create whose connection drops is never sent twice, an
//! answer without an id is never "nothing was created", a server that never answers cannot hold
//! a deploy past `--timeout`, document text that looks like a placeholder is kept, routes are
//! updated in place, ids are percent-encoded in paths, and secrets never reach the output.

use crate::support::{gatewright, root};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SECRET: &str = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY";

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    body: Value,
}

/// What the server does with a request.
enum Reply {
    Json(u16, Value),
    Text(u16, &'static str),
    /// Reads the request, then closes the connection without answering.
    Drop,
    /// Reads the request and never answers (until the server stops).
    Hang,
}

/// A server on 127.0.0.1 answering with `script`; stops after 60 requests or 30 s.
struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start(script: impl Fn(&Seen, &[Seen]) -> Reply + Send + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            let start = Instant::now();
            let mut held: Vec<TcpStream> = Vec::new();
            let mut served = 0;
            while served < 60 && start.elapsed() < Duration::from_secs(30) {
                let Ok((stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                served += 1;
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let Some(req) = read_request(&stream) else { continue };
                let before = log.lock().map(|l: std::sync::MutexGuard<'_, Vec<Seen>>| l.clone()).unwrap_or_default();
                if let Ok(mut l) = log.lock() {
                    l.push(req.clone());
                }
                match script(&req, &before) {
                    Reply::Json(status, body) => respond(stream, status, "application/json", &body.to_string()),
                    Reply::Text(status, text) => respond(stream, status, "text/html", text),
                    Reply::Drop => drop(stream),
                    Reply::Hang => held.push(stream),
                }
            }
        });
        Server { port, seen }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn read_request(stream: &TcpStream) -> Option<Seen> {
    let mut r = BufReader::new(stream);
    let mut line = String::new();
    r.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut length = 0;
    loop {
        let mut h = String::new();
        r.read_line(&mut h).ok()?;
        if h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).ok()?;
    Some(Seen { method, path, body: serde_json::from_slice(&body).unwrap_or(Value::Null) })
}

fn respond(mut stream: TcpStream, status: u16, kind: &str, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// Runs `gatewright deploy` with test credentials against `server`; exit code, stdout, stderr.
fn deploy(server: &Server, args: &[&str]) -> (i32, String, String) {
    let url = server.url();
    let mut all = vec!["deploy"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--region", "us-east-1", "--endpoint-url", &url]);
    let out = gatewright(&all)
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", "SESSIONTOKENEXAMPLE")
        .env_remove("AWS_PROFILE")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A document with one route, an integration whose URI holds a literal `{{api.id}}` and a
/// description that looks like a placeholder.
fn document() -> String {
    let dir = root().join("target").join("test-scratch").join("deploy-faults");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("api.yaml");
    std::fs::write(
        &path,
        "openapi: 3.0.1\ninfo:\n  title: faults\n  version: '1'\n  description: 'Hello {{customer.name}}'\npaths:\n  /orders:\n    get:\n      x-amazon-apigateway-integration:\n        type: http_proxy\n        httpMethod: GET\n        uri: 'https://example.com/{{api.id}}/orders'\n        payloadFormatVersion: '1.0'\n",
    )
    .expect("writes");
    path.to_string_lossy().into_owned()
}

/// A well-behaved API Gateway for everything after the API exists.
fn normal(req: &Seen) -> Reply {
    match (req.method.as_str(), req.path.as_str()) {
        ("POST", p) if p.ends_with("/integrations") => Reply::Json(201, json!({"integrationId": "int1"})),
        ("POST", p) if p.ends_with("/routes") => Reply::Json(201, json!({"routeId": "route1"})),
        ("POST", p) if p.ends_with("/stages") => Reply::Json(201, json!({"stageName": "$default"})),
        ("GET", p) if p.starts_with("/v2/apis/") => Reply::Json(200, json!({"apiEndpoint": "https://x.example"})),
        _ => Reply::Json(404, json!({"message": "not here"})),
    }
}

fn token_of(seen: &[Seen]) -> Value {
    seen.iter()
        .find(|s| s.method == "POST" && s.path == "/v2/apis")
        .map_or(Value::Null, |s| s.body["tags"]["gatewright:deployment"].clone())
}

#[test]
fn a_dropped_create_is_found_by_its_tag_and_never_sent_twice() {
    let server = Server::start(|req, before| match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/v2/apis") => Reply::Drop,
        ("GET", "/v2/apis") => Reply::Json(
            200,
            json!({"items": [
                {"apiId": "other", "name": "faults", "tags": {}},
                {"apiId": "api42", "name": "faults", "tags": {"gatewright:deployment": token_of(before)}},
            ]}),
        ),
        _ => normal(req),
    });
    let doc = document();
    let (code, stdout, stderr) = deploy(&server, &[&doc]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("API api42"), "{stdout}");
    let seen = server.seen();
    let creates = seen.iter().filter(|s| s.method == "POST" && s.path == "/v2/apis").count();
    assert_eq!(creates, 1, "{seen:?}");
    // Document text that looks like a placeholder is sent as written.
    let api = seen.iter().find(|s| s.path == "/v2/apis" && s.method == "POST").expect("create");
    assert_eq!(api.body["description"], "Hello {{customer.name}}");
    let integration = seen.iter().find(|s| s.path.ends_with("/integrations")).expect("integration");
    assert_eq!(integration.body["integrationUri"], "https://example.com/{{api.id}}/orders");
    assert!(seen.iter().any(|s| s.path == "/v2/apis/api42/routes"), "{seen:?}");
}

#[test]
fn an_answer_without_an_id_is_never_nothing_was_created() {
    let server = Server::start(|req, _| match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/v2/apis") => Reply::Text(200, "<html>proxy says hello</html>"),
        ("GET", "/v2/apis") => Reply::Json(500, json!({"message": "listing is down"})),
        _ => normal(req),
    });
    let doc = document();
    let (code, _, stderr) = deploy(&server, &[&doc, "--timeout", "20"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("nothing was created"), "{stderr}");
    assert!(stderr.contains("may have been created") && stderr.contains("gatewright:deployment="), "{stderr}");
    let creates = server.seen().iter().filter(|s| s.method == "POST" && s.path == "/v2/apis").count();
    assert_eq!(creates, 1);
}

#[test]
fn a_server_that_never_answers_cannot_hold_the_deploy() {
    let server = Server::start(|req, _| match req.method.as_str() {
        "POST" => Reply::Hang,
        _ => Reply::Hang,
    });
    let doc = document();
    let start = Instant::now();
    let (code, _, stderr) = deploy(&server, &[&doc, "--timeout", "2"]);
    assert_eq!(code, 1, "{stderr}");
    // A guard against the old behaviour (five 60 s attempts per request), not a speed figure.
    assert!(start.elapsed() < Duration::from_secs(60), "--timeout 2 did not bound the deploy: {:?}", start.elapsed());
    let creates = server.seen().iter().filter(|s| s.method == "POST").count();
    assert_eq!(creates, 1, "a create was sent again after a timeout");
    assert!(stderr.contains("may have been created"), "{stderr}");
}

#[test]
fn routes_are_updated_in_place_with_encoded_ids_and_secrets_stay_hidden() {
    let live_route = json!({"routeId": "../x?y#1", "routeKey": "GET /orders", "target": "integrations/int1",
        "authorizationType": "JWT", "authorizerId": "auth1", "authorizationScopes": ["read"]});
    let server = Server::start(move |req, _| match (req.method.as_str(), req.path.as_str()) {
        ("GET", "/v2/apis/api42") => Reply::Json(
            200,
            json!({"apiId": "api42", "name": "faults", "protocolType": "HTTP",
            "version": "1", "description": "Hello {{customer.name}}"}),
        ),
        ("GET", "/v2/apis/api42/routes") => Reply::Json(200, json!({"items": [live_route.clone()]})),
        ("GET", "/v2/apis/api42/integrations") => Reply::Json(
            200,
            json!({"items": [{"integrationId": "int1",
            "integrationType": "HTTP_PROXY", "integrationMethod": "GET", "payloadFormatVersion": "1.0",
            "integrationUri": "https://example.com/{{api.id}}/orders"}]}),
        ),
        ("GET", "/v2/apis/api42/authorizers") => Reply::Json(
            200,
            json!({"items": [{"authorizerId": "auth1",
            "name": "old", "authorizerType": "JWT"}]}),
        ),
        ("GET", "/v2/apis/api42/stages") => Reply::Json(200, json!({"items": [{"stageName": "$default"}]})),
        ("PATCH", _) => Reply::Json(200, json!({})),
        // Deleting the authorizer nobody uses fails, echoing the request's credentials.
        ("DELETE", _) => Reply::Json(
            403,
            json!({"message": format!(
            "denied: Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7 secret {SECRET} token SESSIONTOKENEXAMPLE")}),
        ),
        _ => Reply::Json(404, json!({"message": "not here"})),
    });
    let doc = document();
    let (code, stdout, stderr) = deploy(&server, &[&doc, "--api-id", "api42"]);
    let out = format!("{stdout}{stderr}");
    assert_eq!(code, 1, "{out}");
    let seen = server.seen();
    let patch = seen.iter().find(|s| s.method == "PATCH").unwrap_or_else(|| panic!("no PATCH: {seen:?}"));
    assert_eq!(patch.path, "/v2/apis/api42/routes/%2E%2E%2Fx%3Fy%231");
    assert_eq!(patch.body["authorizationType"], "NONE", "{:?}", patch.body);
    assert!(!seen.iter().any(|s| s.method == "DELETE" && s.path.contains("/routes/")), "the route was deleted");
    for secret in [SECRET, "SESSIONTOKENEXAMPLE", "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"] {
        assert!(!out.contains(secret), "{out}");
    }
    assert!(out.contains("[redacted]"), "{out}");
    assert!(out.contains("the API api42 exists"), "{out}");
}

#[test]
fn dry_run_of_a_new_api_needs_no_region_or_credentials() {
    let home = root().join("target").join("test-scratch").join("empty-home");
    let _ = std::fs::create_dir_all(&home);
    let doc = document();
    let mut cmd = gatewright(&["deploy", &doc, "--dry-run"]);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("AWS_")) {
        cmd.env_remove(k);
    }
    let out = cmd.env("HOME", &home).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("would create the API\n") && !stdout.contains("api api"), "{stdout}");
    assert!(stdout.contains("dry run: 4 changes, nothing was changed"), "{stdout}");
}

#[test]
fn an_api_that_cannot_be_read_is_never_said_to_exist() {
    let server = Server::start(|_, _| Reply::Json(404, json!({"message": "Invalid API identifier specified"})));
    let doc = document();
    let (code, _, stderr) = deploy(&server, &[&doc, "--api-id", "nope", "--dry-run"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stderr.contains("exists"), "{stderr}");
    assert!(
        stderr.contains("run again:") && stderr.contains("--dry-run") && stderr.contains("--api-id nope"),
        "{stderr}"
    );
}
