//! `gatewright deploy`: the plan executed with signed calls. Without an API id the plan's
//! requests run in order; with one, the live API is read and only the difference is applied
//! (`reconcile.rs`), so running the same document again changes nothing.
//!
//! This is the only library code that touches the network, the environment and credential
//! files. A failure part-way stops with a report of what exists, and a re-run with `--api-id`
//! finishes the job. A create whose outcome is unknown (the connection dropped after the request
//! was sent) is never sent again: the API carries a tag with this deploy's token
//! (`gatewright:deployment`), so deploy looks for it and carries on with the API it finds, or says
//! exactly what may exist and how to find it.

mod client;
mod config;
mod lambda;
mod reconcile;
mod rest;
mod sign;

pub use reconcile::Change;
pub use rest::OWNER_TAG;

use client::{CallError, Client};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;

/// The tag every API created by a granular deploy carries, with a token unique to that deploy, so
/// an API whose creation was not confirmed can be found. Reconcile leaves tags with this prefix
/// alone.
pub const DEPLOYMENT_TAG: &str = "gatewright:deployment";

/// How long a deploy may take in all, unless `--timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(900);

/// Where and as whom to deploy; flags win over the environment and profiles.
#[derive(Clone, Debug, Default)]
pub struct Target {
    /// `--profile`.
    pub profile: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--timeout`: no request is sent after it (default [`DEFAULT_TIMEOUT`]).
    pub timeout: Option<Duration>,
    /// How long each request waits for its answer (default 60 s; shorter in tests).
    pub answer_timeout: Option<Duration>,
}

/// What a deploy did.
#[derive(Debug)]
pub struct Report {
    /// The API id; none in a dry run that would create a new API.
    pub api_id: Option<String>,
    /// Its default endpoint, when the service returned one.
    pub endpoint: Option<String>,
    /// Every change made (or, in a dry run, that would be made), in order.
    pub changes: Vec<Change>,
    /// Calls that changed something.
    pub mutating_calls: usize,
}

/// Why a deploy stopped.
#[derive(Debug)]
pub struct Failure {
    /// What went wrong, in one line (AWS's error type and message, or the transport error).
    pub message: String,
    /// The request that failed (`POST /v2/apis/{id}/routes`) and the resource it was for.
    pub request: Option<String>,
    /// The document node the failed request came from, when it has one.
    pub source: Option<String>,
    /// The API the deploy was working on, when it has an id.
    pub api_id: Option<String>,
    /// Whether that API is known to exist (it was created or read by this deploy).
    pub api_exists: bool,
    /// What may have been done although its request failed, and how to find it out.
    pub uncertain: Option<String>,
    /// What had been done before the failure.
    pub done: Vec<Change>,
}

impl Failure {
    fn new(message: String) -> Self {
        Failure {
            message,
            request: None,
            source: None,
            api_id: None,
            api_exists: false,
            uncertain: None,
            done: Vec::new(),
        }
    }
}

/// Executes `plan` (the JSON `compile --emit plan` prints). `key_values`: the values chosen for
/// a REST API's keys (`--var apikey.NAME`), by key name; sent when a key is created, never shown.
pub fn deploy(
    plan: &Value,
    target: &Target,
    api_id: Option<&str>,
    dry_run: bool,
    key_values: &BTreeMap<String, String>,
) -> Result<Report, Failure> {
    let rest = plan["api"] == "rest";
    if rest && api_id.is_none() && dry_run {
        let mut changes = vec![
            Change::create("api", "api"),
            Change::create("deployment", &format!("to stage {}", plan["stage"].as_str().unwrap_or_default())),
        ];
        for k in plan["apiKeys"].as_array().into_iter().flatten() {
            changes.push(Change::create("API key", k["name"].as_str().unwrap_or_default()));
        }
        for p in plan["usagePlans"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap_or_default();
            changes.push(Change::create("usage plan", name));
            for k in p["keys"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                changes.push(Change::create("usage plan key", &format!("{name} → {k}")));
            }
        }
        changes.extend(permission_changes(plan));
        return Ok(Report { api_id: None, endpoint: None, changes, mutating_calls: 0 });
    }
    let requests = plan["requests"].as_array().cloned().unwrap_or_default();
    if api_id.is_none() && dry_run {
        // Nothing is read or sent: no region or credentials are needed.
        return Ok(Report {
            api_id: None,
            endpoint: None,
            changes: requests
                .iter()
                .map(|r| Change::create(r["kind"].as_str().unwrap_or_default(), r["name"].as_str().unwrap_or_default()))
                .chain(permission_changes(plan))
                .collect(),
            mutating_calls: 0,
        });
    }
    let env = config::Env::from_process();
    let cfg =
        config::resolve(&env, target.profile.as_deref(), target.region.as_deref(), target.endpoint_url.as_deref())
            .map_err(|message| Failure { api_id: api_id.map(str::to_string), ..Failure::new(message) })?;
    let answer = target.answer_timeout.unwrap_or(client::ANSWER_TIMEOUT);
    let mut client = Client::new(cfg, target.timeout.unwrap_or(DEFAULT_TIMEOUT), answer);
    let import = plan["mode"] == "import";
    let mut report = match api_id {
        _ if rest => rest::deploy(&mut client, plan, api_id, dry_run, key_values),
        None => create(&mut client, &requests, import),
        Some(id) if import => reconcile::reimport(&mut client, &requests, id, dry_run),
        Some(id) => reconcile::reconcile(&mut client, &requests, id, dry_run),
    }?;
    let permissions = plan["lambdaPermissions"].as_array().cloned().unwrap_or_default();
    if let (false, Some(id)) = (permissions.is_empty(), report.api_id.clone()) {
        let before = client.mutating_calls;
        lambda::apply(&mut client, &permissions, &id, dry_run, &mut report.changes)?;
        report.mutating_calls += client.mutating_calls - before;
    }
    Ok(report)
}

/// The Lambda permissions a new API gets.
fn permission_changes(plan: &Value) -> impl Iterator<Item = Change> + '_ {
    plan["lambdaPermissions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| Change::create("Lambda permission", &format!("for {}", p["for"].as_str().unwrap_or_default())))
}

/// An id as one path segment: percent-encoded (dots too, so `..` is no dot-segment), so an id can
/// never change the path it is put in (`../x?y#1`).
pub(crate) fn seg(id: &str) -> String {
    id.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }
        })
        .collect()
}

/// Replaces `{{name}}` placeholders with saved ids (percent-encoded when `in_path`). A name is
/// the longest saved one that the text goes on with, then `}}`: a WebSocket route key may
/// itself contain `}}`.
pub(crate) fn fill(text: &str, ids: &BTreeMap<String, String>, in_path: bool) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let Some(end) = rest[i..].find("}}") else { break };
        let after = &rest[i + 2..];
        let ends: Vec<usize> = after.match_indices("}}").map(|(at, _)| at).collect();
        let Some((len, id)) = ends.iter().rev().find_map(|&at| ids.get(&after[..at]).map(|id| (at, id))) else {
            return Err(format!("no id for `{}` yet", &rest[i + 2..i + end]));
        };
        out.push_str(&if in_path { seg(id) } else { id.clone() });
        rest = &after[len + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The request's body with the placeholders of its `refs` fields filled; every other string is
/// kept byte for byte, whatever it looks like.
pub(crate) fn fill_refs(req: &Value, ids: &BTreeMap<String, String>) -> Result<Value, String> {
    let mut body = req["body"].clone();
    for r in req["refs"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if let Some(Value::String(s)) = body.pointer_mut(r) {
            *s = fill(s, ids, false)?;
        }
    }
    Ok(body)
}

/// The path with the request's query (`?failOnWarnings=true&basepath=split`).
pub(crate) fn path_with_query(req: &Value, ids: &BTreeMap<String, String>) -> Result<String, String> {
    let mut path = fill(req["path"].as_str().unwrap_or_default(), ids, true)?;
    if let Some(q) = req["query"].as_object().filter(|q| !q.is_empty()) {
        let pairs: Vec<String> = q.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect();
        path = format!("{path}?{}", pairs.join("&"));
    }
    Ok(path)
}

/// Runs one plan request; saves the id it returns.
pub(crate) fn run_request(
    client: &mut Client,
    req: &Value,
    ids: &mut BTreeMap<String, String>,
) -> Result<Value, (String, CallError)> {
    let method = req["method"].as_str().unwrap_or("POST");
    let path = path_with_query(req, ids).map_err(|e| (req["path"].to_string(), CallError::Local(e)))?;
    let body = fill_refs(req, ids).map_err(|e| (path.clone(), CallError::Local(e)))?;
    let resp = client.call(method, &path, Some(&body)).map_err(|e| (format!("{method} {path}"), e))?;
    if let (Some(name), Some(from)) = (req["saves"]["name"].as_str(), req["saves"]["from"].as_str()) {
        match resp.get(from).and_then(Value::as_str) {
            Some(id) => {
                ids.insert(name.to_string(), id.to_string());
            }
            None => {
                // It answered success, so it may well have been created: never "nothing".
                return Err((
                    format!("{method} {path}"),
                    CallError::Ambiguous(format!("the answer has no `{from}` (it may have been created)")),
                ));
            }
        }
    }
    Ok(resp)
}

/// A token unique to this deploy (time and process), for [`DEPLOYMENT_TAG`].
fn deployment_token() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{nanos:x}-{:x}", std::process::id())
}

/// The API carrying this deploy's token, if the listing finds one.
fn find_by_token(client: &mut Client, token: &str) -> Result<Option<String>, CallError> {
    let apis = reconcile::list(client, "/v2/apis")?;
    Ok(apis
        .iter()
        .find(|api| api["tags"][DEPLOYMENT_TAG].as_str() == Some(token))
        .and_then(|api| api["apiId"].as_str().map(str::to_string)))
}

fn create(client: &mut Client, requests: &[Value], import: bool) -> Result<Report, Failure> {
    let token = deployment_token();
    let mut ids = BTreeMap::new();
    let mut done = Vec::new();
    for req in requests {
        let kind = req["kind"].as_str().unwrap_or_default();
        let name = req["name"].as_str().unwrap_or_default();
        // Only the API's create call is changed (it carries the token); the others go as planned.
        let mut req = std::borrow::Cow::Borrowed(req);
        if kind == "api"
            && !import
            && let Some(body) = req.to_mut().get_mut("body").and_then(Value::as_object_mut)
        {
            let tags = body.entry("tags").or_insert_with(|| Value::Object(Default::default()));
            if let Some(tags) = tags.as_object_mut() {
                tags.insert(DEPLOYMENT_TAG.to_string(), Value::String(token.clone()));
            }
        }
        let Err((request, e)) = run_request(client, &req, &mut ids) else {
            done.push(Change::create(kind, name));
            continue;
        };
        let mut failure = Failure {
            message: e.to_string(),
            request: Some(format!("{request} ({kind} {name})")),
            source: req["source"].as_str().map(str::to_string),
            api_id: ids.get("api.id").cloned(),
            api_exists: ids.contains_key("api.id"),
            uncertain: None,
            done: done.clone(),
        };
        if !e.is_ambiguous() {
            return Err(failure);
        }
        if kind != "api" {
            failure.uncertain = Some(format!(
                "the {kind} `{name}` may have been created; finishing with --api-id keeps it, or removes it if it is a duplicate"
            ));
            return Err(failure);
        }
        if import {
            failure.uncertain = Some(
                "an API may have been imported: look for it by name (`aws apigatewayv2 get-apis`) before deploying again".into(),
            );
            return Err(failure);
        }
        // Was the API created? Its tag says so; it is never created twice. One bounded look-up:
        // a server that did not answer the create is not waited for again and again.
        match client.look_up(|c| find_by_token(c, &token)) {
            Ok(Some(id)) => {
                ids.insert("api.id".to_string(), id);
                done.push(Change::create(kind, name));
            }
            Ok(None) => {
                failure.message = format!("{} (no API carries this deploy's tag: none was created)", failure.message);
                return Err(failure);
            }
            Err(lookup) => {
                failure.uncertain = Some(format!(
                    "an API may have been created, and looking for it failed ({lookup}): it carries the tag {DEPLOYMENT_TAG}={token}; find it with: aws apigatewayv2 get-apis --query \"Items[?Tags.\\\"{DEPLOYMENT_TAG}\\\"=='{token}'].ApiId\""
                ));
                return Err(failure);
            }
        }
    }
    let api_id = ids.get("api.id").cloned().unwrap_or_default();
    let endpoint = client
        .call("GET", &format!("/v2/apis/{}", seg(&api_id)), None)
        .ok()
        .and_then(|a| a["apiEndpoint"].as_str().map(str::to_string));
    Ok(Report { api_id: Some(api_id), endpoint, changes: done, mutating_calls: client.mutating_calls })
}

#[cfg(test)]
mod tests {
    use super::sign::{Credentials, Signer, signing_headers};
    use std::time::{Duration, SystemTime};

    /// A placeholder names the longest saved id it goes on with: a WebSocket route key may hold
    /// `}}` itself.
    #[test]
    fn placeholders_of_names_with_braces() {
        let ids: std::collections::BTreeMap<String, String> = [
            ("route.a.id".to_string(), "R1".to_string()),
            ("route.a.id}}b.id".to_string(), "R2".to_string()),
            ("route.x}}y.id".to_string(), "R3".to_string()),
        ]
        .into();
        assert_eq!(super::fill("/routes/{{route.a.id}}/x", &ids, true), Ok("/routes/R1/x".into()));
        assert_eq!(super::fill("/routes/{{route.a.id}}b.id}}/x", &ids, true), Ok("/routes/R2/x".into()));
        assert_eq!(super::fill("{{route.x}}y.id}}", &ids, false), Ok("R3".into()));
        assert!(super::fill("{{route.z.id}}", &ids, false).is_err_and(|e| e.contains("route.z.id")));
    }

    /// AWS's published SigV4 test vectors (fixtures/sigv4/vectors.json).
    #[test]
    fn signatures_match_the_published_test_suite() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/sigv4/vectors.json"))
            .expect("vectors");
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        let vectors = doc["vectors"].as_array().expect("vectors");
        assert!(vectors.len() >= 6);
        for v in vectors {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let creds = Credentials {
                access_key_id: s("access_key_id"),
                secret_access_key: s("secret_access_key"),
                session_token: v["session_token"].as_str().map(str::to_string),
                source: "test".into(),
            };
            // 2015-08-30T12:36:00Z
            let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
            let headers: Vec<(String, String)> = v["headers"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|h| (h[0].as_str().unwrap_or_default().to_string(), h[1].as_str().unwrap_or_default().to_string()))
                .collect();
            let host = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("host"))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let url = format!("https://{host}{}", s("target"));
            let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let (region, service) = (s("region"), s("service"));
            let signer = Signer { creds: &creds, region: &region, service: &service, time, content_sha256: false };
            let signed = signing_headers(&signer, &s("method"), &url, &borrowed, s("body").as_bytes()).expect("signs");
            let auth = signed.iter().find(|(k, _)| k == "authorization").map(|(_, v)| v.clone()).unwrap_or_default();
            assert!(auth.ends_with(&format!("Signature={}", s("signature"))), "{}: {auth}", s("name"));
        }
    }
}
