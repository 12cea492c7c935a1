//! Path and route-key syntax: leading and trailing slashes, empty segments, partial-segment and
//! greedy variables, repeated variable names, methods HTTP APIs lack, a misplaced `$default`.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Method, Route, RouteKey, Segment};

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    for route in &input.api.routes {
        // The path as written, escaped: decoded only for a finding.
        let raw_key = route.path_pointer.last_escaped();
        if !raw_key.starts_with("~1") {
            let path_key = route.path_pointer.last();
            out.push(
                Diagnostic::new(Code::PathWithoutLeadingSlash, format!("path `{path_key}` does not start with `/`"))
                    .at_key(&route.path_pointer, "AWS: \"Resource … should start with /\"")
                    .help(if path_key == "$default" {
                        "write the default route's path as `/$default`".to_string()
                    } else {
                        format!("write it as `/{path_key}`")
                    })
                    .rename_key(&route.path_pointer.parent(), &route.path_pointer, &format!("/{path_key}")),
            );
        }
        default_route_flag(input, route, matches!(raw_key, "~1$default" | "$default"), out);
        let RouteKey::MethodPath { method, path, segments } = &route.key else { continue };
        if *method == Method::Trace {
            out.push(
                Diagnostic::new(Code::UnsupportedMethod, format!("HTTP APIs have no `TRACE` routes (`{}`)", route.key))
                    .at_key(&route.pointer, "TRACE")
                    .help("remove the operation, or use `x-amazon-apigateway-any-method` to catch every method"),
            );
        }
        segment_rules(route, path, segments, out);
    }
}

fn segment_rules(route: &Route, path: &str, segments: &[Segment], out: &mut Vec<Diagnostic>) {
    let at = &route.path_pointer;
    if path.len() > 1 && path.ends_with('/') {
        let mut d = Diagnostic::new(Code::PathTrailingSlash, format!("path `{path}` ends with `/`"))
            .at_key(at, "trailing slash")
            .help(format!("write it as `{}`", path.trim_end_matches('/')));
        let key = at.last();
        let trimmed = key.trim_end_matches('/');
        if !trimmed.is_empty() && trimmed.starts_with('/') {
            d = d.rename_key(&at.parent(), at, trimmed);
        }
        out.push(d);
    }
    let trimmed = path.trim_start_matches('/').trim_end_matches('/');
    if !trimmed.is_empty() && trimmed.split('/').any(str::is_empty) {
        out.push(
            Diagnostic::new(Code::EmptyPathSegment, format!("path `{path}` has an empty segment (`//`)"))
                .at_key(at, "empty segment")
                .help("remove the doubled `/`"),
        );
    }
    let mut names: Vec<&str> = Vec::new();
    let mut greedy_seen = 0;
    for (i, seg) in segments.iter().enumerate() {
        match seg {
            Segment::Literal(l) if l.contains(['{', '}']) => out.push(
                Diagnostic::new(Code::PartialPathVariable, format!("`{l}` in `{path}` is not a whole-segment path variable"))
                    .at_key(at, "AWS: \"One or more path parts appear to be invalid\"")
                    .help("a path variable must be a whole segment such as `/{id}`; move the suffix into its own segment or into the integration"),
            ),
            Segment::Param(n) | Segment::Greedy(n) => {
                if n.is_empty() {
                    out.push(
                        Diagnostic::new(Code::PartialPathVariable, format!("`{path}` has a path variable without a name"))
                            .at_key(at, "empty `{}`")
                            .help("name the variable, such as `{id}`"),
                    );
                }
                if names.contains(&n.as_str()) {
                    out.push(
                        Diagnostic::new(Code::DuplicatePathVariable, format!("path variable `{{{n}}}` appears twice in `{path}`"))
                            .at_key(at, "repeated variable")
                            .help("give each variable of a path its own name"),
                    );
                }
                names.push(n);
                if matches!(seg, Segment::Greedy(_)) {
                    greedy_seen += 1;
                    if i + 1 != segments.len() || greedy_seen > 1 {
                        out.push(
                            Diagnostic::new(Code::GreedyVariableNotLast, format!("greedy variable `{{{n}+}}` is not the last segment of `{path}`"))
                                .at_key(at, "greedy variable in the middle")
                                .help("a greedy path variable must end the path, and a path has at most one"),
                        );
                    }
                }
            }
            Segment::Literal(_) => {}
        }
    }
}

/// `isDefaultRoute` belongs on the `x-amazon-apigateway-any-method` of `/$default`.
fn default_route_flag(input: &Input<'_>, route: &Route, is_default_path: bool, out: &mut Vec<Diagnostic>) {
    let flag = || route.pointer.child("isDefaultRoute");
    // Lowering saw the flag on the operation; it counts here where the document has it as written.
    let set = route.default_route_flag && input.node(&flag()).and_then(|n| n.as_bool()) == Some(true);
    if set && !matches!(route.key, RouteKey::Default) {
        let why = if is_default_path {
            "it is only read on `x-amazon-apigateway-any-method`"
        } else {
            "it is only read on the `/$default` path"
        };
        out.push(
            Diagnostic::new(Code::MisplacedDefaultRoute, format!("`isDefaultRoute` has no effect here: {why}"))
                .at_key(&flag(), "ignored")
                .help("put `isDefaultRoute: true` in the `x-amazon-apigateway-any-method` of path `/$default`"),
        );
    } else if is_default_path && !matches!(route.key, RouteKey::Default) {
        out.push(
            Diagnostic::new(
                Code::MisplacedDefaultRoute,
                format!("`{}` is an ordinary route, not the `$default` route", route.key),
            )
            .at_key(&route.pointer, "no `isDefaultRoute: true` here")
            .help("add `isDefaultRoute: true` to the `x-amazon-apigateway-any-method` of `/$default`"),
        );
    }
}
