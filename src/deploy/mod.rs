//! `gatewright deploy`: the plan executed with signed calls. Without an API id the plan's
//! requests run in order; with one, the live API is read and only the difference is applied
//! (`reconcile.rs`), so running the same document again changes nothing.
//!
//! This is the only library code that touches the network, the environment and credential
//! files. A failure part-way stops with a report of what exists, and a re-run with `--api-id`
//! finishes the job.

mod client;
mod config;
mod reconcile;
mod sign;

pub use reconcile::Change;

use client::{CallError, Client};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where and as whom to deploy; flags win over the environment and profiles.
#[derive(Clone, Debug, Default)]
pub struct Target {
    /// `--profile`.
    pub profile: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
}

/// What a deploy did.
#[derive(Debug)]
pub struct Report {
    /// The API id.
    pub api_id: String,
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
    /// The API id, when the API exists.
    pub api_id: Option<String>,
    /// What had been done before the failure.
    pub done: Vec<Change>,
}

/// Executes `plan` (the JSON `compile --emit plan` prints).
pub fn deploy(plan: &Value, target: &Target, api_id: Option<&str>, dry_run: bool) -> Result<Report, Failure> {
    let fail = |message: String| Failure {
        message,
        request: None,
        source: None,
        api_id: api_id.map(str::to_string),
        done: Vec::new(),
    };
    let env = config::Env::from_process();
    let cfg =
        config::resolve(&env, target.profile.as_deref(), target.region.as_deref(), target.endpoint_url.as_deref())
            .map_err(fail)?;
    let mut client = Client::new(cfg);
    let requests = plan["requests"].as_array().cloned().unwrap_or_default();
    let import = plan["mode"] == "import";
    match api_id {
        None if dry_run => Ok(Report {
            api_id: "(new)".into(),
            endpoint: None,
            changes: requests
                .iter()
                .map(|r| Change::create(r["kind"].as_str().unwrap_or_default(), r["name"].as_str().unwrap_or_default()))
                .collect(),
            mutating_calls: 0,
        }),
        None => create(&mut client, &requests),
        Some(id) if import => reconcile::reimport(&mut client, &requests, id, dry_run),
        Some(id) => reconcile::reconcile(&mut client, &requests, id, dry_run),
    }
}

/// Replaces `{{name}}` placeholders with saved ids.
pub(crate) fn fill(text: &str, ids: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let Some(end) = rest[i..].find("}}") else { break };
        let name = &rest[i + 2..i + end];
        out.push_str(ids.get(name).ok_or_else(|| format!("no id for `{name}` yet"))?);
        rest = &rest[i + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Fills placeholders in every string of a JSON value.
pub(crate) fn fill_json(v: &Value, ids: &BTreeMap<String, String>) -> Result<Value, String> {
    Ok(match v {
        Value::String(s) => Value::String(fill(s, ids)?),
        Value::Array(items) => Value::Array(items.iter().map(|i| fill_json(i, ids)).collect::<Result<_, _>>()?),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, x)| Ok((k.clone(), fill_json(x, ids)?))).collect::<Result<_, String>>()?)
        }
        other => other.clone(),
    })
}

/// The path with the request's query (`?failOnWarnings=true&basepath=split`).
pub(crate) fn path_with_query(req: &Value, ids: &BTreeMap<String, String>) -> Result<String, String> {
    let mut path = fill(req["path"].as_str().unwrap_or_default(), ids)?;
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
    let path = path_with_query(req, ids).map_err(|e| (req["path"].to_string(), CallError::Transport(e)))?;
    let body = fill_json(&req["body"], ids).map_err(|e| (path.clone(), CallError::Transport(e)))?;
    let resp = client.call(method, &path, Some(&body)).map_err(|e| (format!("{method} {path}"), e))?;
    if let (Some(name), Some(from)) = (req["saves"]["name"].as_str(), req["saves"]["from"].as_str())
        && let Some(id) = resp.get(from).and_then(Value::as_str)
    {
        ids.insert(name.to_string(), id.to_string());
    }
    Ok(resp)
}

fn create(client: &mut Client, requests: &[Value]) -> Result<Report, Failure> {
    let mut ids = BTreeMap::new();
    let mut done = Vec::new();
    for req in requests {
        let kind = req["kind"].as_str().unwrap_or_default();
        let name = req["name"].as_str().unwrap_or_default();
        if let Err((request, e)) = run_request(client, req, &mut ids) {
            return Err(Failure {
                message: e.to_string(),
                request: Some(format!("{request} ({kind} {name})")),
                source: req["source"].as_str().map(str::to_string),
                api_id: ids.get("api.id").cloned(),
                done,
            });
        }
        done.push(Change::create(kind, name));
    }
    let api_id = ids.get("api.id").cloned().unwrap_or_default();
    let endpoint = client
        .call("GET", &format!("/v2/apis/{api_id}"), None)
        .ok()
        .and_then(|a| a["apiEndpoint"].as_str().map(str::to_string));
    Ok(Report { api_id, endpoint, changes: done, mutating_calls: client.mutating_calls })
}

#[cfg(test)]
mod tests {
    use super::sign::{Credentials, Signer, signing_headers};
    use std::time::{Duration, SystemTime};

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
