//! Routes and route keys.

use super::{RouteAuth, SecurityRequirement, Val};
use crate::pointer::Pointer;
use std::fmt;

/// An HTTP method of a route key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `x-amazon-apigateway-any-method`.
    Any,
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
    /// TRACE (OpenAPI allows it; HTTP APIs do not).
    Trace,
}

impl Method {
    /// From an OpenAPI path item key.
    pub fn from_openapi_key(k: &str) -> Option<Method> {
        Some(match k {
            "get" => Method::Get,
            "put" => Method::Put,
            "post" => Method::Post,
            "delete" => Method::Delete,
            "options" => Method::Options,
            "head" => Method::Head,
            "patch" => Method::Patch,
            "trace" => Method::Trace,
            "x-amazon-apigateway-any-method" => Method::Any,
            _ => return None,
        })
    }

    /// Upper-case name as in a route key.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Any => "ANY",
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One segment of a route path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Fixed text (also text with braces that are not a whole-segment variable, such as
    /// `{id}.json`; checks report those).
    Literal(String),
    /// `{name}`.
    Param(String),
    /// `{name+}`.
    Greedy(String),
}

/// A route key: `$default` or `METHOD /path`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RouteKey {
    /// The catch-all route.
    Default,
    /// `METHOD /path`.
    MethodPath {
        /// The method.
        method: Method,
        /// The path as API Gateway stores it (after the base path mode).
        path: String,
        /// The path split into segments.
        segments: Vec<Segment>,
    },
}

impl RouteKey {
    /// Builds a key from a method and a path.
    pub fn new(method: Method, path: String) -> Self {
        let segments = split_path(&path);
        RouteKey::MethodPath { method, path, segments }
    }

    /// The key with parameter names erased (`GET /pets/{}`): what conflicts compare.
    pub fn normalised(&self) -> String {
        match self {
            RouteKey::Default => "$default".into(),
            RouteKey::MethodPath { method, segments, .. } => {
                let mut s = String::from(method.as_str());
                s.push(' ');
                if segments.is_empty() {
                    s.push('/');
                }
                for seg in segments {
                    s.push('/');
                    match seg {
                        Segment::Literal(l) => s.push_str(l),
                        Segment::Param(_) => s.push_str("{}"),
                        Segment::Greedy(_) => s.push_str("{+}"),
                    }
                }
                s
            }
        }
    }
}

impl fmt::Display for RouteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteKey::Default => f.write_str("$default"),
            RouteKey::MethodPath { method, path, .. } => write!(f, "{} {}", method.as_str(), path),
        }
    }
}

/// Splits `/a/{b}/{c+}` into segments; an empty path or `/` has none.
pub(crate) fn split_path(path: &str) -> Vec<Segment> {
    let trimmed = path.strip_prefix('/').unwrap_or(path);
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed
        .split('/')
        .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(inner) if !inner.contains(['{', '}']) => match inner.strip_suffix('+') {
                Some(name) => Segment::Greedy(name.to_string()),
                None => Segment::Param(inner.to_string()),
            },
            _ => Segment::Literal(s.to_string()),
        })
        .collect()
}

/// One route.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The route key.
    pub key: RouteKey,
    /// `operationId` → `OperationName`.
    pub operation_name: Option<Val<String>>,
    /// Index into `Api::integrations`, when the operation has an integration.
    pub target: Option<usize>,
    /// What authorization the route gets.
    pub auth: RouteAuth,
    /// The security requirements as written (the operation's, or the root's when it has none).
    pub security: Vec<SecurityRequirement>,
    /// Whether `security` came from the document root.
    pub security_from_root: bool,
    /// Whether `x-amazon-apigateway-auth` set the authorization (it then wins over `security`).
    pub auth_from_extension: bool,
    /// Whether the operation has `isDefaultRoute: true` (whatever its path and method).
    pub default_route_flag: bool,
    /// The operation object.
    pub pointer: Pointer,
    /// The path item (its key is the path as written).
    pub path_pointer: Pointer,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_normal_forms() {
        let k = RouteKey::new(Method::Get, "/pets/{petId}/{rest+}".into());
        assert_eq!(k.to_string(), "GET /pets/{petId}/{rest+}");
        assert_eq!(k.normalised(), "GET /pets/{}/{+}");
        assert_eq!(RouteKey::new(Method::Any, "/".into()).normalised(), "ANY /");
        assert_eq!(split_path("/a/{id}.json"), [Segment::Literal("a".into()), Segment::Literal("{id}.json".into())]);
    }
}
