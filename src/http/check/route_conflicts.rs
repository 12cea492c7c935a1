//! Route conflicts: the same route key twice, and path variables named differently at the same
//! level of the path tree, which API Gateway answers with `409 ConflictException`.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Route, RouteKey, Segment};
use std::collections::HashMap;

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    duplicates(&input.api.routes, out);
    variable_names(&input.api.routes, out);
}

fn duplicates(routes: &[Route], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &Route> = HashMap::new();
    for r in routes {
        let key = r.key.to_string();
        match seen.get(&key) {
            Some(first) => out.push(
                Diagnostic::new(Code::DuplicateRouteKey, format!("route `{key}` is defined twice"))
                    .at_key(&r.pointer, "defined again here")
                    .at_key(&first.pointer, "first defined here")
                    .help(match r.key {
                        RouteKey::Default => {
                            "keep one `$default` route (`/$default` with `isDefaultRoute: true`)".to_string()
                        }
                        _ => "remove one of the two operations, or change the base path mode".to_string(),
                    }),
            ),
            None => {
                seen.insert(key, r);
            }
        }
    }
}

/// At every level of the path tree (identified by the segments before it, with variables
/// erased), all variables must have the same name, whatever the method: AWS's 409 "conflicting
/// variable on the same hierarchical level". Greedy variables are not compared (AWS's behaviour
/// for `{id}` beside `{proxy+}` is not documented).
fn variable_names(routes: &[Route], out: &mut Vec<Diagnostic>) {
    let mut first_at_level: HashMap<String, (&str, &Route)> = HashMap::new();
    let mut reported: std::collections::HashSet<(String, String, String)> = std::collections::HashSet::new();
    for r in routes {
        let RouteKey::MethodPath { segments, .. } = &r.key else { continue };
        let mut prefix = String::new();
        for seg in segments {
            if let Segment::Param(name) = seg {
                match first_at_level.get(&prefix) {
                    Some((first_name, first)) if *first_name != name.as_str() => {
                        let pair = (prefix.clone(), first_name.to_string(), name.clone());
                        if reported.insert(pair) {
                            out.push(conflict(first, first_name, r, name));
                        }
                    }
                    Some(_) => {}
                    None => {
                        first_at_level.insert(prefix.clone(), (name, r));
                    }
                }
            }
            prefix.push('/');
            prefix.push_str(match seg {
                Segment::Literal(l) => l,
                Segment::Param(_) => "{}",
                Segment::Greedy(_) => "{+}",
            });
        }
    }
}

fn conflict(first: &Route, first_name: &str, again: &Route, name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RouteVariableConflict,
        format!("route `{}` names a path variable `{{{name}}}` where `{}` has `{{{first_name}}}`", again.key, first.key),
    )
    .at_key(&again.path_pointer, format!("`{{{name}}}` here"))
    .at_key(&first.path_pointer, format!("`{{{first_name}}}` at the same level here"))
    .help(format!(
        "use one name at this level in every route (AWS answers 409: \"has a conflicting variable on the same hierarchical level\"); for example rename `{{{name}}}` to `{{{first_name}}}`"
    ))
}
