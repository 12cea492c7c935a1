//! The base path both API kinds' importers read (`Basepath` of `ImportApi` / `ImportRestApi`):
//! where it is written (OpenAPI 3.0 `servers`, Swagger 2.0 `basePath`) and how each mode changes
//! a path (AWS-SEMANTICS §2.4; REST-TERRAFORM-LSP §A.1, recorded on AWS by LocalStack).

use crate::pointer::Pointer;
use crate::tree::NodeRef;
use crate::value::Field;

/// How the document's base path affects paths (`Basepath` of the import call).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BasePathMode {
    /// Paths are used as written (AWS's default).
    #[default]
    Ignore,
    /// The whole base path is prepended.
    Prepend,
    /// The base path minus its first segment is prepended.
    Split,
}

impl BasePathMode {
    /// The value of the import call's `basepath` parameter.
    pub fn word(self) -> &'static str {
        match self {
            BasePathMode::Ignore => "ignore",
            BasePathMode::Prepend => "prepend",
            BasePathMode::Split => "split",
        }
    }
}

/// OpenAPI 3.0: the first `basePath` server variable's default, else the path of `servers[0].url`
/// (with its variables' defaults substituted); `servers` is at `ptr`.
pub fn from_servers(servers: NodeRef<'_>, ptr: &Pointer) -> Option<Field<String>> {
    for (i, s) in servers.items().enumerate() {
        if let Some(d) = s.get("variables").and_then(|v| v.get("basePath")).and_then(|b| b.get("default")) {
            let value = normalise(d.scalar_text()?)?;
            return Some(Field { value, pointer: ptr.index(i).child("variables").child("basePath").child("default") });
        }
    }
    let first = servers.items().next()?;
    let url = first.get("url")?.as_str()?;
    let mut url = url.to_string();
    if let Some(vars) = first.get("variables") {
        for (name, v) in vars.entries() {
            if let Some(d) = v.get("default").and_then(|d| d.scalar_text()) {
                url = url.replace(&format!("{{{name}}}"), d);
            }
        }
    }
    let path = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("", |j| &url[i + 3 + j..]),
        None => url.as_str(),
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    normalise(path).map(|value| Field { value, pointer: ptr.index(0).child("url") })
}

/// Swagger 2.0: the root `basePath`.
pub fn from_swagger(root: NodeRef<'_>) -> Option<Field<String>> {
    let value = normalise(root.get("basePath")?.as_str()?)?;
    Some(Field { value, pointer: Pointer::root().child("basePath") })
}

/// Trims surrounding slashes and re-adds a leading one; None when nothing is left.
fn normalise(p: &str) -> Option<String> {
    let t = p.trim().trim_matches('/');
    (!t.is_empty()).then(|| format!("/{t}"))
}

/// `path` under `mode` with the base path `base`.
pub fn apply(mode: BasePathMode, base: Option<&str>, path: &str) -> String {
    let prefix = match (mode, base) {
        (BasePathMode::Ignore, _) | (_, None) => "",
        (BasePathMode::Prepend, Some(b)) => b,
        (BasePathMode::Split, Some(b)) => b[1..].find('/').map_or("", |i| &b[i + 1..]),
    };
    if prefix.is_empty() {
        return path.to_string();
    }
    match path {
        "/" | "" => prefix.to_string(),
        p if p.starts_with('/') => format!("{prefix}{p}"),
        p => format!("{prefix}/{p}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_as_aws_documents_them() {
        // api-gateway-import-api-basePath: base `/a/b/c`, paths `/`, `/e`.
        assert_eq!(apply(BasePathMode::Ignore, Some("/a/b/c"), "/e"), "/e");
        assert_eq!(apply(BasePathMode::Prepend, Some("/a/b/c"), "/"), "/a/b/c");
        assert_eq!(apply(BasePathMode::Prepend, Some("/a/b/c"), "/e"), "/a/b/c/e");
        assert_eq!(apply(BasePathMode::Split, Some("/a/b/c"), "/e"), "/b/c/e");
        assert_eq!(apply(BasePathMode::Split, Some("/a"), "/e"), "/e");
    }
}
