//! What the AsyncAPI 3.0 reference parser requires of the parts gatewright reads: `info` with
//! `title` and `version`, operations with an `action` (`send` or `receive`) and a `channel`
//! reference, mappings where mappings belong (GW1000). References are checked where they are
//! followed ([`super::Cx::follow`]).

use super::Cx;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

/// A GW1000 finding at the value of `at`.
pub(crate) fn problem(message: &str, at: &Pointer, label: &str) -> Diagnostic {
    Diagnostic::new(Code::InvalidAsyncapiStructure, message.to_string())
        .at_value(at, label.to_string())
        .help("the AsyncAPI 3.0 reference parser (`@asyncapi/parser`) rejects this document; see https://www.asyncapi.com/docs/reference/specification/v3.0.0")
}

/// A GW1000 finding for a field that is missing from the mapping at `map`.
fn missing(map: &Pointer, what: &str, add: &str) -> Diagnostic {
    Diagnostic::new(Code::InvalidAsyncapiStructure, format!("{what} is missing"))
        .at_key(map, format!("{what} is required here"))
        .help(format!("add {add}"))
}

pub(super) fn check(cx: &Cx<'_>) {
    let root = cx.root;
    let top = Pointer::root();
    match root.get("info") {
        None => cx.push(missing(&top, "`info`", "`info: {title: NAME, version: '1.0.0'}`")),
        Some(info) if !info.is_map() => {
            cx.push(problem("`info` is not a mapping", &top.child("info"), "expected `title` and `version`"))
        }
        Some(info) => {
            for key in ["title", "version"] {
                if info.get(key).is_none() {
                    cx.push(missing(&top.child("info"), &format!("`info.{key}`"), &format!("`{key}:` to `info`")));
                }
            }
        }
    }
    for key in ["channels", "operations", "components"] {
        if root.get(key).is_some_and(|n| !n.is_map()) {
            cx.push(problem(&format!("`{key}` is not a mapping"), &top.child(key), "expected a mapping of names"));
        }
    }
    let ops = top.child("operations");
    for (name, op) in root.get("operations").filter(|o| o.is_map()).map(|o| o.entries()).unwrap_or_default() {
        let Some((op, at)) = cx.follow(op, &ops.child(name)) else { continue };
        if !op.is_map() {
            cx.push(problem(&format!("operation `{name}` is not a mapping"), &at, "expected `action` and `channel`"));
            continue;
        }
        match op.get("action") {
            None => {
                cx.push(missing(&at, "`action`", "`action: receive` (client to server: a route) or `action: send`"))
            }
            Some(a) if !matches!(a.as_str(), Some("send" | "receive")) => cx.push(problem(
                "`action` is neither `send` nor `receive`",
                &at.child("action"),
                "expected `send` or `receive`",
            )),
            Some(_) => {}
        }
        match op.get("channel") {
            None => cx.push(missing(&at, "`channel`", "`channel: {$ref: '#/channels/NAME'}`")),
            Some(c) if c.get("$ref").is_none() => cx.push(problem(
                "`channel` is not a reference",
                &at.child("channel"),
                "expected `{$ref: '#/channels/NAME'}`",
            )),
            Some(_) => {}
        }
    }
}
