//! The human form of `routes`: the API, then one line per route, integration and authorizer.

use super::route_order;
use crate::http::ir::{Api, AuthorizerKind, IntegrationKind, Route, RouteAuth, Val};
use std::fmt::Write;

pub(super) fn show(v: &Val<String>) -> String {
    match v {
        Val::Lit(s) => s.clone(),
        Val::Expr(e) => e.to_string(),
    }
}

/// Renders the route table.
pub fn routes_table(api: &Api) -> String {
    let mut out = String::new();
    let name = api.name.as_ref().map_or("(no name)".into(), |f| show(&f.value));
    let version = api.version.as_ref().map(|f| format!(" {}", show(&f.value))).unwrap_or_default();
    let _ = writeln!(out, "API {name}{version}");
    let mut routes: Vec<&Route> = api.routes.iter().collect();
    routes.sort_by(|a, b| route_order(a, b));
    let rows: Vec<[String; 3]> = routes
        .iter()
        .map(|r| {
            let auth = match &r.auth {
                RouteAuth::None => "NONE".to_string(),
                RouteAuth::Iam => "AWS_IAM".to_string(),
                RouteAuth::Jwt { authorizer, scopes } if scopes.is_empty() => format!("JWT {authorizer}"),
                RouteAuth::Jwt { authorizer, scopes } => format!("JWT {authorizer} [{}]", scopes.join(", ")),
                RouteAuth::Custom { authorizer, .. } => format!("CUSTOM {authorizer}"),
            };
            let target =
                r.target.and_then(|i| api.integrations.get(i)).map_or("(no integration)".into(), |i| i.id.clone());
            [r.key.to_string(), auth, target]
        })
        .collect();
    let w0 = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0).max(5);
    let w1 = rows.iter().map(|r| r[1].chars().count()).max().unwrap_or(0).max(4);
    let _ = writeln!(out, "\n{:w0$}  {:w1$}  INTEGRATION", "ROUTE", "AUTH");
    for [k, a, t] in &rows {
        let _ = writeln!(out, "{k:w0$}  {a:w1$}  {t}");
    }
    if !api.integrations.is_empty() {
        let mut ints: Vec<_> = api.integrations.iter().filter(|i| i.is_created()).collect();
        ints.sort_by(|a, b| a.id.cmp(&b.id));
        let w = ints.iter().map(|i| i.id.chars().count()).max().unwrap_or(0);
        let _ = writeln!(out, "\nINTEGRATIONS");
        let kinds: Vec<String> = ints.iter().map(|i| kind_of(i)).collect();
        let wk = kinds.iter().map(|k| k.chars().count()).max().unwrap_or(0);
        for (i, what) in ints.into_iter().zip(kinds) {
            let uri = i.uri.as_ref().map(show).unwrap_or_default();
            let line = format!("{:w$}  {what:wk$}  {uri}", i.id);
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    if !api.authorizers.is_empty() {
        let mut auths: Vec<_> = api.authorizers.iter().collect();
        auths.sort_by(|a, b| a.name.cmp(&b.name));
        let _ = writeln!(out, "\nAUTHORIZERS");
        let w = auths.iter().map(|a| a.name.chars().count()).max().unwrap_or(0);
        for a in auths {
            let detail = match a.kind {
                AuthorizerKind::Jwt => {
                    let issuer = a
                        .issuer
                        .as_ref()
                        .map(show)
                        .or_else(|| a.issuer_discovered_from().map(|u| format!("(issuer from {u} at import)")))
                        .unwrap_or_default();
                    format!("JWT      {issuer}")
                }
                AuthorizerKind::Request => {
                    format!("REQUEST  {}", a.authorizer_uri.as_ref().map(show).unwrap_or_default())
                }
            };
            let _ = writeln!(out, "{:w$}  {}", a.name, detail.trim_end());
        }
    }
    out
}

fn kind_of(i: &crate::http::ir::Integration) -> String {
    match &i.kind {
        IntegrationKind::LambdaProxy => "AWS_PROXY (Lambda)".to_string(),
        IntegrationKind::HttpProxy => "HTTP_PROXY".to_string(),
        IntegrationKind::Private => "HTTP_PROXY (VPC link)".to_string(),
        IntegrationKind::Service(s) => format!("AWS_PROXY {}", show(s)),
        IntegrationKind::Other(t) => t.clone(),
    }
}
