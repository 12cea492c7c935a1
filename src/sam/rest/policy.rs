//! `Auth.ResourcePolicy` of an `AWS::Serverless::Api` or of an `Api` event, as SAM writes it into
//! `x-amazon-apigateway-policy` (`SwaggerEditor.add_resource_policy`, `add_custom_statements`):
//! accounts allowed or denied (`AwsAccountWhitelist`/`Blacklist`), IP ranges, VPCs and VPC
//! endpoints, each a statement on the path's methods in the stage; and `CustomStatements`.

use super::super::Refusal;
use super::super::doc::{Doc, Span, V, python};
use super::super::events::branches;

const KEY: &str = "x-amazon-apigateway-policy";

/// Adds `policy` for `path` (its methods in `stage`) to `body`'s resource policy.
pub(crate) fn add(policy: &Doc, path: &str, stage: &Doc, body: &mut Doc) -> Result<(), Refusal> {
    let at = policy.at;
    let structure = |msg: &str| Refusal { at, id: String::new(), msg: msg.to_string() };
    if !policy.is_map() {
        return Err(structure("Resource Policy is not a valid dictionary."));
    }
    let mut doc = body.get(KEY).filter(|p| p.truthy()).cloned().unwrap_or_else(|| Doc::map(at));
    let resources = || uris(body, path, stage, at);
    let get = |k: &str| policy.get(k).filter(|v| !v.is_null());
    for (key, effect) in [("AwsAccountWhitelist", "Allow"), ("AwsAccountBlacklist", "Deny")] {
        if let Some(list) = get(key).filter(|l| l.truthy()) {
            if !list.is_map() && !matches!(list.v, V::Seq(_)) {
                let shown = list.str_value().map_or_else(|| python(list), str::to_string);
                return Err(structure(&format!("Type of '{shown}' must be a list or dictionary")));
            }
            let principal = Doc::one("AWS", listed(list), list.at);
            let statement = statement(effect, resources(), principal, None, list.at);
            if let Some(s) = versioned(&mut doc, at) {
                match s.get_mut("Statement") {
                    None => s.set("Statement", at, statement),
                    Some(existing) => {
                        let mut items = as_list(existing.clone());
                        items.push(statement);
                        *existing = Doc::seq(items, at);
                    }
                }
            }
        }
    }
    for (key, condition) in [("IpRangeWhitelist", "NotIpAddress"), ("IpRangeBlacklist", "IpAddress")] {
        if let Some(list) = get(key).filter(|l| l.truthy()) {
            let source = Doc::one("aws:SourceIp", listed(list), list.at);
            allow_and_deny(&mut doc, resources(), Doc::one(condition, source, list.at), at);
        }
    }
    for (suffix, condition) in [("Blacklist", "StringEquals"), ("Whitelist", "StringNotEquals")] {
        let strings = get(&format!("SourceVpc{suffix}"));
        if let Some(V::Seq(items)) = strings.map(|s| &s.v)
            && items.iter().any(|i| i.str_value().is_none())
        {
            return Err(structure(&format!(
                "SourceVpc{suffix} must be a list of strings. Use IntrinsicVpc{suffix} instead for values that use Intrinsic Functions"
            )));
        }
        let mut vpc: Vec<Doc> = Vec::new();
        let mut vpce: Vec<Doc> = Vec::new();
        if let Some(V::Seq(items)) = strings.map(|s| &s.v) {
            for i in items {
                let s = i.str_value().unwrap_or_default();
                if s.starts_with("vpce-") {
                    vpce.push(i.clone());
                }
                if s.starts_with("vpc-") {
                    vpc.push(i.clone());
                }
            }
        }
        for (key, list) in [("IntrinsicVpc", &mut vpc), ("IntrinsicVpce", &mut vpce)] {
            if let Some(given) = get(&format!("{key}{suffix}")) {
                list.extend(as_list(given.clone()));
            }
        }
        if vpc.is_empty() && vpce.is_empty() {
            continue;
        }
        let mut c = Doc::map(at);
        if !vpc.is_empty() {
            c.set("aws:SourceVpc", at, Doc::seq(vpc, at));
        }
        if !vpce.is_empty() {
            c.set("aws:SourceVpce", at, Doc::seq(vpce, at));
        }
        allow_and_deny(&mut doc, resources(), Doc::one(condition, c, at), at);
    }
    body.set(KEY, at, doc);
    Ok(())
}

/// `add_custom_statements`: `statements` added to the policy, each once.
pub(crate) fn custom(statements: &Doc, body: &mut Doc) {
    let at = statements.at;
    let mut doc = body.get(KEY).filter(|p| p.truthy()).cloned().unwrap_or_else(|| Doc::map(at));
    if let Some(s) = versioned(&mut doc, at) {
        match s.get_mut("Statement") {
            None => s.set("Statement", at, statements.clone()),
            Some(existing) => {
                let mut items = as_list(existing.clone());
                for new in as_list(statements.clone()) {
                    if !items.iter().any(|i| python(i) == python(&new)) {
                        items.push(new);
                    }
                }
                *existing = Doc::seq(items, at);
            }
        }
    }
    body.set(KEY, at, doc);
}

/// The policy with `Version` set, when it is a mapping.
fn versioned(doc: &mut Doc, at: Span) -> Option<&mut Doc> {
    if !doc.is_map() {
        return None;
    }
    doc.set("Version", at, Doc::str("2012-10-17", at));
    Some(doc)
}

/// A value as a list (`[value]` when it is not one).
fn as_list(d: Doc) -> Vec<Doc> {
    match d.v {
        V::Seq(items) => items,
        _ => vec![d],
    }
}

fn listed(d: &Doc) -> Doc {
    if matches!(d.v, V::Seq(_)) { d.clone() } else { Doc::seq(vec![d.clone()], d.at) }
}

fn statement(effect: &str, resources: Doc, principal: Doc, condition: Option<Doc>, at: Span) -> Doc {
    let mut s = Doc::map(at);
    s.set("Effect", at, Doc::str(effect, at));
    s.set("Action", at, Doc::str("execute-api:Invoke", at));
    s.set("Resource", at, resources);
    s.set("Principal", at, principal);
    if let Some(c) = condition {
        s.set("Condition", at, c);
    }
    s
}

/// An allow of everyone and a deny under `condition`, each added unless it is there.
fn allow_and_deny(doc: &mut Doc, resources: Doc, condition: Doc, at: Span) {
    let allow = statement("Allow", resources.clone(), Doc::str("*", at), None, at);
    let deny = statement("Deny", resources, Doc::str("*", at), Some(condition), at);
    let Some(s) = versioned(doc, at) else { return };
    match s.get_mut("Statement") {
        None => s.set("Statement", at, Doc::seq(vec![allow, deny], at)),
        Some(existing) => {
            let mut items = as_list(existing.clone());
            for new in [allow, deny] {
                if !items.iter().any(|i| python(i) == python(&new)) {
                    items.push(new);
                }
            }
            *existing = Doc::seq(items, at);
        }
    }
}

/// `_get_method_path_uri_list`: `execute-api:/${__Stage__}/METHOD/path` of each key of the path
/// item (`*` for ANY), path variables written `*`.
fn uris(body: &Doc, path: &str, stage: &Doc, at: Span) -> Doc {
    let mut methods = Vec::new();
    if let Some(item) = body.get("paths").and_then(|p| p.get(path)) {
        for i in branches(item) {
            methods.extend(i.keys());
        }
    }
    let path = starred(path);
    let list = methods
        .into_iter()
        .map(|m| {
            let lower = m.to_lowercase();
            let method =
                if lower == "x-amazon-apigateway-any-method" || lower == "any" { "*".into() } else { m.to_uppercase() };
            let vars = Doc::one("__Stage__", stage.clone(), at);
            let text = format!("execute-api:/${{__Stage__}}/{method}{path}");
            Doc::one("Fn::Sub", Doc::seq(vec![Doc::str(&text, at), vars], at), at)
        })
        .collect();
    Doc::seq(list, at)
}

/// `get_path_without_trailing_slash`: each `{name}`, `{name+}` written `*`.
fn starred(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_variable(&after[..close]) => {
                out.push('*');
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_variable(name: &str) -> bool {
    let name = name.strip_suffix('+').unwrap_or(name);
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_variables_are_written_as_sam_writes_them_in_a_policy() {
        assert_eq!(super::starred("/a/{id}/{proxy+}/b"), "/a/*/*/b");
        assert_eq!(super::starred("/a/{}/{x y}"), "/a/{}/{x y}");
    }
}
