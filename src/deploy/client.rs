//! A blocking client for the API Gateway v2 REST API: every request signed, at most 10 requests
//! a second (the control plane's account quota), bounded in time (10 s to connect, 60 s for an
//! answer, and the deploy's own deadline), and retried with exponential backoff and jitter only
//! when repeating it cannot do anything twice: idempotent requests (GET, PUT, PATCH, DELETE) on
//! 429, `TooManyRequestsException`, 5xx and transport errors; a POST only when it was refused
//! before it was processed (429, throttling) or provably never reached the server (no connection,
//! no name). Errors carry AWS's error type and message with signatures, credentials and tokens
//! redacted.

use super::config::Resolved;
use super::sign::{Signer, signing_headers};
use serde_json::Value;
use std::time::{Duration, Instant, SystemTime};

const MAX_ATTEMPTS: u32 = 5;
const MIN_INTERVAL: Duration = Duration::from_millis(100);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request waits for an answer, unless the deploy says otherwise.
pub(crate) const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);

/// A failed call.
#[derive(Debug)]
pub(crate) enum CallError {
    /// API Gateway answered with an error.
    Aws { status: u16, kind: String, message: String },
    /// The request never reached the server (no connection could be made, the name did not
    /// resolve): nothing was done.
    NotSent(String),
    /// No usable answer after the request may have been processed (a reset or timed-out
    /// connection, a 5xx to a POST, a 2xx without the expected JSON): it may have been done.
    Ambiguous(String),
    /// Not sent, because the deploy's deadline had passed or the request could not be built.
    Local(String),
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Aws { status, kind, message } => write!(f, "{kind} (HTTP {status}): {message}"),
            CallError::NotSent(m) | CallError::Ambiguous(m) | CallError::Local(m) => write!(f, "{m}"),
        }
    }
}

impl CallError {
    pub(crate) fn is_not_found(&self) -> bool {
        matches!(self, CallError::Aws { status: 404, .. })
    }

    /// Whether the request may have been carried out although it failed.
    pub(crate) fn is_ambiguous(&self) -> bool {
        matches!(self, CallError::Ambiguous(_))
    }
}

/// Whether repeating `method path` has the same effect as sending it once. `PUT /v2/apis` is
/// ImportApi, which creates an API each time.
fn idempotent(method: &str, path: &str) -> bool {
    let import = method == "PUT" && path.split('?').next() == Some("/v2/apis");
    matches!(method, "GET" | "PUT" | "PATCH" | "DELETE" | "HEAD") && !import
}

/// The service a request goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Service {
    /// API Gateway (both API versions).
    ApiGateway,
    /// Lambda (`--lambda-permissions`).
    Lambda,
}

/// The client.
pub(crate) struct Client {
    cfg: Resolved,
    agent: ureq::Agent,
    last: Option<Instant>,
    /// When the deploy must have finished; no request is sent after it.
    deadline: Instant,
    /// How long one request waits for its answer.
    answer: Duration,
    /// A look-up after a request that got no answer ([`Client::look_up`]): a request that gets
    /// no answer either is not repeated.
    looking_up: bool,
    /// Calls made that change something, for the summary and tests.
    pub(crate) mutating_calls: usize,
}

impl Client {
    /// A client that sends nothing after `total`, each request waiting `answer` for its answer.
    pub(crate) fn new(cfg: Resolved, total: Duration, answer: Duration) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_recv_response(Some(answer))
            .timeout_recv_body(Some(answer))
            .timeout_global(Some(CONNECT_TIMEOUT + answer + Duration::from_secs(30)))
            .build()
            .into();
        let deadline = Instant::now() + total;
        Client { cfg, agent, last: None, deadline, answer, looking_up: false, mutating_calls: 0 }
    }

    /// Runs `f` as one bounded look-up, after a request that may have been carried out got no
    /// usable answer: its requests end within one request's time (connection and answer) of the
    /// start, and one that gets no answer is not repeated (throttling and server errors still
    /// are), so a server that stopped answering costs one more wait, not five.
    pub(crate) fn look_up<T>(&mut self, f: impl FnOnce(&mut Client) -> T) -> T {
        let deadline = self.deadline;
        self.deadline = deadline.min(Instant::now() + CONNECT_TIMEOUT + self.answer);
        self.looking_up = true;
        let out = f(self);
        self.looking_up = false;
        self.deadline = deadline;
        out
    }

    pub(crate) fn region(&self) -> &str {
        &self.cfg.region
    }

    /// Sends `method path` (path with its query) with an optional JSON body; returns the JSON
    /// answer (`null` for an empty one).
    pub(crate) fn call(&mut self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, CallError> {
        self.call_service(Service::ApiGateway, method, path, body)
    }

    /// [`Client::call`] to `service`.
    pub(crate) fn call_service(
        &mut self,
        service: Service,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, CallError> {
        let payload = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        if method != "GET" {
            self.mutating_calls += 1;
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            if Instant::now() >= self.deadline {
                return Err(CallError::Local(format!(
                    "{method} {path} was not sent: the deploy's time limit (--timeout) is up"
                )));
            }
            match self.once(service, method, path, &payload, body.is_some()) {
                Err(e)
                    if attempt < MAX_ATTEMPTS
                        && retryable(idempotent(method, path), &e)
                        && !(self.looking_up && e.is_ambiguous()) =>
                {
                    let wait = backoff(attempt).min(self.deadline.saturating_duration_since(Instant::now()));
                    std::thread::sleep(wait);
                }
                Err(CallError::Aws { status, kind, message }) if status >= 500 && !idempotent(method, path) => {
                    // The server may have done it before failing.
                    return Err(CallError::Ambiguous(format!("{kind} (HTTP {status}): {message}")));
                }
                other => return other,
            }
        }
    }

    /// Removes what must never be shown from a message: the signature, the credential scope and
    /// the secrets themselves, wherever a server or a library echoed them.
    fn redact(&self, text: &str) -> String {
        let c = &self.cfg.credentials;
        let mut out = redact_auth(text);
        for secret in [Some(&c.secret_access_key), c.session_token.as_ref()].into_iter().flatten() {
            if !secret.is_empty() {
                out = out.replace(secret.as_str(), "[redacted]");
            }
        }
        out
    }

    fn once(
        &mut self,
        service: Service,
        method: &str,
        path: &str,
        payload: &[u8],
        json: bool,
    ) -> Result<Value, CallError> {
        if let Some(last) = self.last {
            let since = last.elapsed();
            if since < MIN_INTERVAL {
                std::thread::sleep(MIN_INTERVAL - since);
            }
        }
        self.last = Some(Instant::now());
        let endpoint = match service {
            Service::ApiGateway => &self.cfg.endpoint,
            Service::Lambda => &self.cfg.lambda_endpoint,
        };
        let url = format!("{endpoint}{path}");
        let host = url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_default().to_string();
        let mut headers: Vec<(String, String)> = vec![("host".into(), host)];
        if json {
            headers.push(("content-type".into(), "application/json".into()));
        }
        let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let signer = Signer {
            creds: &self.cfg.credentials,
            region: &self.cfg.region,
            service: match service {
                Service::ApiGateway => "apigateway",
                Service::Lambda => "lambda",
            },
            time: SystemTime::now(),
            content_sha256: true,
        };
        let signed = signing_headers(&signer, method, &url, &borrowed, payload).map_err(CallError::Local)?;
        let mut req = http::Request::builder().method(method).uri(&url);
        for (k, v) in headers.iter().chain(signed.iter()) {
            req = req.header(k.as_str(), v.as_str());
        }
        let req = req
            .body(payload.to_vec())
            .map_err(|e| CallError::Local(self.redact(&format!("bad request {method} {path}: {e}"))))?;
        // Each request's own limit never reaches past the deploy's deadline.
        let limit = (CONNECT_TIMEOUT + self.answer).min(self.deadline.saturating_duration_since(Instant::now()));
        let limit = limit.max(Duration::from_millis(100));
        let run = {
            use ureq::RequestExt;
            req.with_agent(&self.agent).configure().timeout_global(Some(limit)).run()
        };
        let mut resp = run.map_err(|e| {
            let message = self.redact(&format!("{method} {url}: {e}"));
            if never_sent(&e) { CallError::NotSent(message) } else { CallError::Ambiguous(message) }
        })?;
        let status = resp.status().as_u16();
        let error_type = resp.headers().get("x-amzn-errortype").and_then(|v| v.to_str().ok()).map(str::to_string);
        let text = match resp.body_mut().read_to_string() {
            Ok(t) => t,
            Err(e) if (200..300).contains(&status) => {
                return Err(CallError::Ambiguous(
                    self.redact(&format!("{method} {url}: HTTP {status}, but the answer could not be read: {e}")),
                ));
            }
            Err(_) => String::new(),
        };
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
        Err(CallError::Aws { status, kind, message: self.redact(&message) })
    }
}

/// Whether ureq failed before any byte of the request left: no name, no connection.
fn never_sent(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed | ureq::Error::BadUri(_) => true,
        ureq::Error::Timeout(t) => matches!(t, ureq::Timeout::Resolve | ureq::Timeout::Connect),
        ureq::Error::Io(io) => matches!(
            io.kind(),
            std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::AddrNotAvailable | std::io::ErrorKind::NotFound
        ),
        _ => false,
    }
}

/// Whether `e` may be retried: throttling always (the request was refused before it was
/// processed), and anything else only for idempotent requests or requests never sent.
fn retryable(idempotent: bool, e: &CallError) -> bool {
    match e {
        CallError::Aws { status, kind, .. } if *status == 429 || kind.contains("TooManyRequests") => true,
        CallError::Aws { status, .. } => *status >= 500 && idempotent,
        CallError::NotSent(_) => true,
        CallError::Ambiguous(_) => idempotent,
        CallError::Local(_) => false,
    }
}

/// `Signature=…` and `Credential=…` values (of an `Authorization` header or a presigned query) and
/// `X-Amz-Security-Token` values replaced by `[redacted]`.
pub(crate) fn redact_auth(text: &str) -> String {
    let mut out = text.to_string();
    for marker in ["Signature=", "Credential=", "X-Amz-Security-Token=", "x-amz-security-token: ", "X-Amz-Signature="] {
        let mut from = 0;
        while let Some(i) = out[from..].to_ascii_lowercase().find(&marker.to_ascii_lowercase()).map(|i| i + from) {
            let start = i + marker.len();
            let end = out[start..]
                .find(|c: char| c == ',' || c == '&' || c == '"' || c == '\'' || c.is_whitespace())
                .map_or(out.len(), |e| start + e);
            out.replace_range(start..end, "[redacted]");
            from = start + "[redacted]".len();
        }
    }
    out
}

/// 200 ms, 400 ms, 800 ms, … (capped at 5 s), each with up to 50% random jitter.
fn backoff(attempt: u32) -> Duration {
    let base = 200u64.saturating_mul(1 << attempt.min(8)).min(5_000);
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    Duration::from_millis(base / 2 + u64::from(nanos) % (base / 2 + 1))
}
