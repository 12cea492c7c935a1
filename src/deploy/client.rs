//! A blocking client for the API Gateway v2 REST API: every request signed, at most 10 requests
//! a second (the control plane's account quota), retries with exponential backoff and jitter on
//! 429, `TooManyRequestsException` and 5xx. Errors carry AWS's error type and message, never a
//! header or a secret.

use super::config::Resolved;
use super::sign::{Signer, signing_headers};
use serde_json::Value;
use std::time::{Duration, Instant, SystemTime};

const MAX_ATTEMPTS: u32 = 5;
const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// A failed call.
#[derive(Debug)]
pub(crate) enum CallError {
    /// API Gateway answered with an error.
    Aws { status: u16, kind: String, message: String },
    /// No usable answer (connection, TLS, a body that is not JSON).
    Transport(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Aws { status, kind, message } => write!(f, "{kind} (HTTP {status}): {message}"),
            CallError::Transport(m) => write!(f, "{m}"),
        }
    }
}

impl CallError {
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self, CallError::Aws { status: 404, .. })
    }
}

/// The client.
pub(crate) struct Client {
    cfg: Resolved,
    agent: ureq::Agent,
    last: Option<Instant>,
    /// Calls made that change something, for the summary and tests.
    pub(crate) mutating_calls: usize,
}

impl Client {
    pub(crate) fn new(cfg: Resolved) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Client { cfg, agent, last: None, mutating_calls: 0 }
    }

    pub(crate) fn region(&self) -> &str {
        &self.cfg.region
    }

    /// Sends `method path` (path with its query) with an optional JSON body; returns the JSON
    /// answer (`null` for an empty one).
    pub(crate) fn call(&mut self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, CallError> {
        let payload = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        if method != "GET" {
            self.mutating_calls += 1;
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.once(method, path, &payload, body.is_some()) {
                Err(e) if attempt < MAX_ATTEMPTS && retryable(&e) => std::thread::sleep(backoff(attempt)),
                other => return other,
            }
        }
    }

    fn once(&mut self, method: &str, path: &str, payload: &[u8], json: bool) -> Result<Value, CallError> {
        if let Some(last) = self.last {
            let since = last.elapsed();
            if since < MIN_INTERVAL {
                std::thread::sleep(MIN_INTERVAL - since);
            }
        }
        self.last = Some(Instant::now());
        let url = format!("{}{}", self.cfg.endpoint, path);
        let host = url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_default().to_string();
        let mut headers: Vec<(String, String)> = vec![("host".into(), host)];
        if json {
            headers.push(("content-type".into(), "application/json".into()));
        }
        let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let signer = Signer {
            creds: &self.cfg.credentials,
            region: &self.cfg.region,
            service: "apigateway",
            time: SystemTime::now(),
            content_sha256: true,
        };
        let signed = signing_headers(&signer, method, &url, &borrowed, payload).map_err(CallError::Transport)?;
        let mut req = http::Request::builder().method(method).uri(&url);
        for (k, v) in headers.iter().chain(signed.iter()) {
            req = req.header(k.as_str(), v.as_str());
        }
        let req = req
            .body(payload.to_vec())
            .map_err(|e| CallError::Transport(format!("bad request {method} {path}: {e}")))?;
        let mut resp = self.agent.run(req).map_err(|e| CallError::Transport(format!("{method} {url}: {e}")))?;
        let status = resp.status().as_u16();
        let error_type = resp.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).map(str::to_string);
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        let value: Value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        if (200..300).contains(&status) {
            return Ok(value);
        }
        let kind = error_type
            .map(|t| t.split(':').next().unwrap_or_default().to_string())
            .or_else(|| {
                value.get("__type").and_then(Value::as_str).map(|t| t.rsplit('#').next().unwrap_or(t).to_string())
            })
            .unwrap_or_else(|| format!("HTTP {status}"));
        let message = value
            .get("message")
            .or_else(|| value.get("Message"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| match &value {
                Value::String(s) => s.chars().take(200).collect(),
                _ => String::new(),
            });
        Err(CallError::Aws { status, kind, message })
    }
}

fn retryable(e: &CallError) -> bool {
    match e {
        CallError::Aws { status, kind, .. } => *status == 429 || *status >= 500 || kind.contains("TooManyRequests"),
        CallError::Transport(_) => true,
    }
}

/// 200 ms, 400 ms, 800 ms, … (capped at 5 s), each with up to 50% random jitter.
fn backoff(attempt: u32) -> Duration {
    let base = 200u64.saturating_mul(1 << attempt.min(8)).min(5_000);
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    Duration::from_millis(base / 2 + u64::from(nanos) % (base / 2 + 1))
}
