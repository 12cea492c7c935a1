//! GW801 path parts REST APIs reject, GW802 differently named variables under one parent, GW814
//! the resource quota.

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::rest::ir::{Resource, RestApi};
use std::collections::BTreeMap;

/// Resources per REST API (default quota).
const MAX_RESOURCES: usize = 300;

pub(super) fn run(api: &RestApi, out: &mut Vec<Diagnostic>) {
    // The path key that first created each resource, to point at: the resource's own, else the
    // nearest descendant's.
    let mut declared: BTreeMap<&str, &Pointer> = BTreeMap::new();
    for r in &api.resources {
        let Some(p) = &r.pointer else { continue };
        let mut at = r.path.as_str();
        loop {
            declared.entry(at).or_insert(p);
            match at.rfind('/') {
                Some(0) | None => break,
                Some(i) => at = &at[..i],
            }
        }
    }
    let at = |r: &Resource| {
        declared.get(r.path.as_str()).map(|p| (*p).clone()).unwrap_or_else(|| Pointer::root().child("paths"))
    };
    for r in &api.resources {
        if let Some(part) = &r.path_part
            && let Some(why) = invalid_part(part)
        {
            out.push(
                Diagnostic::new(Code::InvalidPathPart, format!("the path part `{part}` of `{}` {why}", r.path))
                    .at_key(&at(r), "this path")
                    .help("REST API path parts hold letters, digits and `_ - . , :`; a variable is a whole part, `{name}` or a greedy `{name+}`"),
            );
        }
    }
    // Sibling variables: one variable path part per parent.
    let mut variables: BTreeMap<&str, Vec<&Resource>> = BTreeMap::new();
    for r in &api.resources {
        if let (Some(parent), Some(part)) = (&r.parent, &r.path_part)
            && part.starts_with('{')
        {
            variables.entry(parent.as_str()).or_default().push(r);
        }
    }
    for (parent, vars) in variables {
        if let [first, rest @ ..] = vars.as_slice() {
            for other in rest {
                out.push(
                    Diagnostic::new(
                        Code::ResourceVariableConflict,
                        format!(
                            "`{}` and `{}` are both variables under `{parent}`: a resource has one variable child",
                            first.path_part.as_deref().unwrap_or_default(),
                            other.path_part.as_deref().unwrap_or_default()
                        ),
                    )
                    .at_key(&at(other), "this path")
                    .at_key(&at(first), "the other variable")
                    .help("name the variable the same in every path under this parent (AWS answers `A sibling of this resource already has a variable path part -- only one is allowed`)"),
                );
            }
        }
    }
    if api.resources.len() > MAX_RESOURCES {
        out.push(
            Diagnostic::new(
                Code::TooManyResources,
                format!("{} resources exceed the quota of {MAX_RESOURCES} per REST API", api.resources.len()),
            )
            .at_key(&Pointer::root().child("paths"), "every path segment is a resource")
            .help("split the API, or ask AWS for a higher quota (`Resources per API` in Service Quotas)"),
        );
    }
}

/// Why `part` is not a path part REST APIs accept, if it is not: letters, digits and
/// `_ - . , :`, or a whole-part variable `{name}` / `{name+}` (AWS's `CreateResource` rule).
fn invalid_part(part: &str) -> Option<&'static str> {
    let name_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-,:".contains(&b));
    if let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        let inner = inner.strip_suffix('+').unwrap_or(inner);
        return (!name_ok(inner)).then_some("is not a variable name (letters, digits, `_ - . , :`)");
    }
    if part.contains('{') && !part.contains('}') {
        return Some("opens a variable it does not close");
    }
    if part.contains(['{', '}']) {
        return Some("is not a whole-part variable: a variable must be the whole path part");
    }
    (!name_ok(part)).then_some("has characters REST APIs do not accept")
}

#[cfg(test)]
mod tests {
    #[test]
    fn path_parts() {
        for ok in ["pets", "{id}", "{proxy+}", "a.b-c_d,e:f"] {
            assert_eq!(super::invalid_part(ok), None, "{ok}");
        }
        for bad in ["{id}.json", "{id", "a b", "é", "{}", "$default", "a+b"] {
            assert!(super::invalid_part(bad).is_some(), "{bad}");
        }
    }
}
