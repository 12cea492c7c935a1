//! Request-time route selection: which route an HTTP API sends `METHOD /path` to, following API
//! Gateway's documented priorities (a full match, then a greedy `{proxy+}` match, then
//! `$default`, else 404), with the integration and authorization the request would get.

use super::created_integration;
use super::table::show;
use crate::http::ir::{Api, Method, Route, RouteAuth, RouteKey, Segment};
use serde_json::{Value, json};

/// Why a route was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    /// Every segment matched a route without a greedy variable.
    Full,
    /// A route ending in `{name+}` matched the leading segments.
    Greedy,
    /// No route matched; the `$default` route takes it.
    Default,
}

/// The outcome for one request.
#[derive(Clone, Debug)]
pub struct Selection<'a> {
    /// The request as understood (method upper-cased, query string and one trailing `/` removed).
    pub method: String,
    /// The request path as matched.
    pub path: String,
    /// The route, or None for API Gateway's `{"message":"Not Found"}` 404.
    pub route: Option<(&'a Route, MatchKind)>,
    /// Path variables the route captures, in path order.
    pub parameters: Vec<(String, String)>,
    /// Remarks a user should know (CORS preflight, trailing slash, no integration).
    pub notes: Vec<String>,
}

/// Parses `"GET /pets/1"` into method and path.
pub fn parse_request(request: &str) -> Result<(String, String), String> {
    let mut parts = request.split_whitespace();
    let (Some(method), Some(path), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("`{request}` is not a request: write it as \"METHOD /path\", for example \"GET /pets/1\""));
    };
    let method = method.to_ascii_uppercase();
    if !method.bytes().all(|b| b.is_ascii_alphabetic()) || method == "ANY" {
        return Err(format!("`{method}` is not an HTTP method"));
    }
    if !path.starts_with('/') {
        return Err(format!("the path `{path}` must start with `/`"));
    }
    Ok((method, path.to_string()))
}

/// A candidate's rank: lower sorts first.
type Rank = (Vec<u8>, u8);

/// Selects the route for `method` and `path` (as from [`parse_request`]).
pub fn select<'a>(api: &'a Api, method: &str, path: &str) -> Selection<'a> {
    let mut notes = Vec::new();
    let mut path = path.split(['?', '#']).next().unwrap_or("/").to_string();
    if path.len() > 1 && path.ends_with('/') {
        path.pop();
        notes.push("the trailing `/` is ignored, as API Gateway has been observed to do".to_string());
    }
    let request: Vec<&str> = if path == "/" { Vec::new() } else { path[1..].split('/').collect() };
    let mut full: Option<(Rank, &Route)> = None;
    let mut greedy: Option<(Rank, &Route)> = None;
    for r in &api.routes {
        let RouteKey::MethodPath { method: m, segments, .. } = &r.key else { continue };
        let method_rank = match m {
            Method::Any => 1,
            m if m.as_str() == method => 0,
            _ => continue,
        };
        let Some((specificity, is_greedy)) = matches(segments, &request) else { continue };
        let slot = if is_greedy { &mut greedy } else { &mut full };
        let rank = (specificity, method_rank);
        if slot.as_ref().is_none_or(|(best, _)| rank < *best) {
            *slot = Some((rank, r));
        }
    }
    let route = match (full, greedy) {
        (Some((_, r)), _) => Some((r, MatchKind::Full)),
        (None, Some((_, r))) => Some((r, MatchKind::Greedy)),
        (None, None) => api.routes.iter().find(|r| r.key == RouteKey::Default).map(|r| (r, MatchKind::Default)),
    };
    if method == "OPTIONS" && api.effective_cors().is_some() {
        notes.push(
            "CORS is configured: a preflight (with `Origin` and `Access-Control-Request-Method` headers) is answered by API Gateway itself and never reaches a route".to_string(),
        );
    }
    let parameters = route.map(|(r, _)| captures(&r.key, &request)).unwrap_or_default();
    if let Some((r, _)) = route
        && created_integration(api, r).is_none()
    {
        notes.push("the route has no integration, so the request cannot reach a backend".to_string());
    }
    Selection { method: method.to_string(), path, route, parameters, notes }
}

/// Whether `segments` match `request`: the specificity (0 for a literal segment, 1 for a
/// variable, left to right; a greedy route's prefix then its length, longer first) and whether
/// the route is greedy.
fn matches(segments: &[Segment], request: &[&str]) -> Option<(Vec<u8>, bool)> {
    let greedy = matches!(segments.last(), Some(Segment::Greedy(_)));
    let prefix = if greedy { &segments[..segments.len() - 1] } else { segments };
    let fits = if greedy { request.len() > prefix.len() } else { request.len() == prefix.len() };
    if !fits {
        return None;
    }
    let mut rank = Vec::with_capacity(prefix.len() + 1);
    if greedy {
        // A longer literal-or-variable prefix is more specific.
        rank.push(u8::MAX - u8::try_from(prefix.len()).unwrap_or(u8::MAX));
    }
    for (seg, got) in prefix.iter().zip(request) {
        match seg {
            Segment::Literal(l) if l == got => rank.push(0),
            Segment::Param(_) if !got.is_empty() => rank.push(1),
            _ => return None,
        }
    }
    if greedy && request[prefix.len()..].iter().all(|s| s.is_empty()) {
        return None;
    }
    Some((rank, greedy))
}

fn captures(key: &RouteKey, request: &[&str]) -> Vec<(String, String)> {
    let RouteKey::MethodPath { segments, .. } = key else { return Vec::new() };
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        match seg {
            Segment::Param(name) => out.push((name.clone(), request.get(i).copied().unwrap_or("").to_string())),
            Segment::Greedy(name) => {
                out.push((name.clone(), request.get(i..).map(|r| r.join("/")).unwrap_or_default()))
            }
            Segment::Literal(_) => {}
        }
    }
    out
}

fn why(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Full => "full match for the route and method",
        MatchKind::Greedy => "no full match; match for a route with a greedy path variable",
        MatchKind::Default => "no other route matches; the $default route catches it",
    }
}

fn auth_text(auth: &RouteAuth) -> String {
    match auth {
        RouteAuth::None => "none (open)".to_string(),
        RouteAuth::Iam => "AWS_IAM (SigV4-signed requests)".to_string(),
        RouteAuth::Jwt { authorizer, scopes } if scopes.is_empty() => format!("JWT authorizer `{authorizer}`"),
        RouteAuth::Jwt { authorizer, scopes } => format!("JWT authorizer `{authorizer}`, scopes {}", scopes.join(", ")),
        RouteAuth::Custom { authorizer, .. } => format!("Lambda authorizer `{authorizer}`"),
    }
}

/// The selection as text.
pub fn selection_text(api: &Api, s: &Selection<'_>) -> String {
    let mut out = format!("{} {}\n", s.method, s.path);
    match s.route {
        None => out.push_str("  no route: 404 {\"message\":\"Not Found\"}\n"),
        Some((r, kind)) => {
            out.push_str(&format!("  route        {}  ({})\n", r.key, why(kind)));
            for (name, value) in &s.parameters {
                out.push_str(&format!("  parameter    {name} = {value:?}\n"));
            }
            match created_integration(api, r) {
                Some(i) => {
                    let uri = i.uri.as_ref().map(|u| format!(" {}", show(u))).unwrap_or_default();
                    out.push_str(&format!("  integration  {} {}{uri}\n", i.id, show(&i.integration_type)));
                }
                None => out.push_str("  integration  none\n"),
            }
            out.push_str(&format!("  auth         {}\n", auth_text(&r.auth)));
        }
    }
    for n in &s.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    out
}

/// The selection as JSON.
pub fn selection_json(api: &Api, s: &Selection<'_>) -> Value {
    let mut v = json!({"Request": {"Method": s.method, "Path": s.path}, "Notes": s.notes});
    match s.route {
        None => {
            v["Status"] = json!(404);
            v["Route"] = Value::Null;
        }
        Some((r, kind)) => {
            v["Match"] = json!(match kind {
                MatchKind::Full => "full",
                MatchKind::Greedy => "greedy",
                MatchKind::Default => "default",
            });
            v["Route"] = super::route_json(api, r);
            v["PathParameters"] = Value::Object(s.parameters.iter().map(|(k, x)| (k.clone(), json!(x))).collect());
            v["Integration"] = created_integration(api, r).map_or(Value::Null, super::integration_json);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_needs_a_segment_and_prefers_longer_prefixes() {
        let seg = |p: &str| match RouteKey::new(Method::Get, p.into()) {
            RouteKey::MethodPath { segments, .. } => segments,
            RouteKey::Default => Vec::new(),
        };
        assert!(matches(&seg("/pets/{proxy+}"), &["pets"]).is_none());
        let long = matches(&seg("/pets/{proxy+}"), &["pets", "cat", "1"]).expect("matches");
        let short = matches(&seg("/{proxy+}"), &["pets", "cat", "1"]).expect("matches");
        assert!(long < short);
        let literal = matches(&seg("/pets/dog/1"), &["pets", "dog", "1"]).expect("matches");
        let variable = matches(&seg("/pets/dog/{id}"), &["pets", "dog", "1"]).expect("matches");
        assert!(literal < variable);
        assert!(matches(&seg("/pets/{id}"), &["pets", ""]).is_none());
        assert_eq!(parse_request("get /a").expect("ok"), ("GET".into(), "/a".into()));
        assert!(parse_request("GET a").is_err());
        assert!(parse_request("GET").is_err());
    }
}
