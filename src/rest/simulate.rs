//! `route` for REST APIs: which resource and method a request reaches. Segments are matched down
//! the resource tree, a literal child before a variable child before a greedy `{name+}` one
//! (the most specific resource wins, backtracking when a branch has no method for the request);
//! on a resource, the request's method before `ANY`. No match is REST's
//! `403 {"message":"Missing Authentication Token"}`.

use super::ir::{Method, Resource, RestApi};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// What a request reaches.
pub struct Selection<'a> {
    /// The request method, upper case.
    pub method: String,
    /// The request path as matched.
    pub path: String,
    /// The resource and method, if any.
    pub hit: Option<(&'a Resource, &'a Method)>,
    /// Path parameter values by name.
    pub parameters: BTreeMap<String, String>,
}

/// Matches `method path` against the API.
pub fn select<'a>(api: &'a RestApi, method: &str, path: &str) -> Selection<'a> {
    let path = path.split(['?', '#']).next().unwrap_or("/").to_string();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut parameters = BTreeMap::new();
    let hit = api.resources.first().and_then(|root| descend(api, root, &segments, method, &mut parameters));
    Selection { method: method.to_string(), path, hit, parameters }
}

fn descend<'a>(
    api: &'a RestApi,
    at: &'a Resource,
    rest: &[&str],
    method: &str,
    params: &mut BTreeMap<String, String>,
) -> Option<(&'a Resource, &'a Method)> {
    let Some((first, tail)) = rest.split_first() else {
        let m = at
            .methods
            .iter()
            .find(|m| m.http_method == method)
            .or_else(|| at.methods.iter().find(|m| m.http_method == "ANY"))?;
        return Some((at, m));
    };
    let children: Vec<&Resource> =
        api.resources.iter().filter(|r| r.parent.as_deref() == Some(at.path.as_str())).collect();
    let part = |r: &&Resource| r.path_part.clone().unwrap_or_default();
    for c in children.iter().filter(|c| !part(c).starts_with('{')) {
        if part(c) == *first
            && let Some(hit) = descend(api, c, tail, method, params)
        {
            return Some(hit);
        }
    }
    for c in children.iter().filter(|c| part(c).starts_with('{') && !part(c).ends_with("+}")) {
        let name = part(c).trim_matches(['{', '}']).to_string();
        params.insert(name.clone(), first.to_string());
        if let Some(hit) = descend(api, c, tail, method, params) {
            return Some(hit);
        }
        params.remove(&name);
    }
    for c in children.iter().filter(|c| part(c).ends_with("+}")) {
        let name = part(c).trim_start_matches('{').trim_end_matches("+}").to_string();
        params.insert(name.clone(), rest.join("/"));
        if let Some(hit) = descend(api, c, &[], method, params) {
            return Some(hit);
        }
        params.remove(&name);
    }
    None
}

/// For people.
pub fn selection_text(s: &Selection<'_>) -> String {
    let mut out = format!("{} {}\n", s.method, s.path);
    match s.hit {
        None => out.push_str("  no resource and method: 403 {\"message\":\"Missing Authentication Token\"}\n"),
        Some((r, m)) => {
            out.push_str(&format!("  resource      {}\n  method        {}\n", r.path, m.http_method));
            for (name, value) in &s.parameters {
                out.push_str(&format!("  parameter     {name} = {value}\n"));
            }
            let auth = match &m.authorizer {
                Some(a) => format!("{} ({a})", m.authorization_type),
                None => m.authorization_type.to_string(),
            };
            out.push_str(&format!(
                "  authorization {auth}{}\n",
                if m.api_key_required { ", API key required" } else { "" }
            ));
            match &m.integration {
                Some(i) => {
                    let ty = i.integration_type.as_str().unwrap_or("(expression)");
                    let uri = i.uri.as_ref().map(super::view::uri_text);
                    out.push_str(&format!(
                        "  integration   {ty}{}\n",
                        uri.map(|u| format!(" {u}")).unwrap_or_default()
                    ));
                }
                None => out.push_str("  integration   none (the method answers 500 until one is set)\n"),
            }
        }
    }
    out
}

/// As JSON.
pub fn selection_json(s: &Selection<'_>) -> Value {
    match s.hit {
        None => json!({"Request": {"Method": s.method, "Path": s.path}, "Status": 403,
            "Message": "Missing Authentication Token", "Resource": null}),
        Some((r, m)) => json!({
            "Request": {"Method": s.method, "Path": s.path},
            "Resource": r.path,
            "HttpMethod": m.http_method,
            "PathParameters": s.parameters,
            "AuthorizationType": m.authorization_type,
            "AuthorizerId": m.authorizer,
            "ApiKeyRequired": m.api_key_required,
            "Integration": m.integration.as_ref().map(|i| json!({"Type": i.integration_type, "Uri": i.uri})),
        }),
    }
}
