//! Route keys: GW1003 (an empty key, or a custom key starting with `$`, which `CreateRoute`
//! refuses: "The provided route key is not formatted properly"), GW200 (two operations with the
//! same key).

use crate::diagnostics::{Code, Diagnostic};
use crate::websocket::ir::{RESERVED_KEYS, Route, WebSocketApi};
use std::collections::HashMap;

pub(super) fn run(api: &WebSocketApi, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Route> = HashMap::new();
    let noun = api.written.route_noun();
    for r in &api.routes {
        // A key only Terraform or CloudFormation knows (`var.key`, `!Ref Key`) is not judged.
        if crate::value::has_placeholder(&r.key) {
            continue;
        }
        if let Some(d) = malformed(r, noun) {
            out.push(d);
        }
        match seen.get(r.key.as_str()) {
            Some(first) => out.push(
                Diagnostic::new(Code::DuplicateRouteKey, format!("route `{}` is defined twice", r.key))
                    .at_key(&r.pointer, format!("{noun} `{}` selects it again", r.operation))
                    .at_key(&first.pointer, format!("{noun} `{}` selects it first", first.operation))
                    .help(format!("an API has one route per key: merge the two {noun}s, or give one another key")),
            ),
            None => {
                seen.insert(&r.key, r);
            }
        }
    }
}

fn malformed(r: &Route, noun: &str) -> Option<Diagnostic> {
    let key = r.key.as_str();
    if key.trim().is_empty() {
        return Some(
            Diagnostic::new(Code::InvalidRouteKey, format!("{noun} `{}` has an empty route key", r.operation))
                .at_value(&r.key_pointer, "empty")
                .help("write the value the route selection expression gives for these messages, or `$default`"),
        );
    }
    if !key.starts_with('$') || RESERVED_KEYS.contains(&key) {
        return None;
    }
    let reserved = RESERVED_KEYS.iter().find(|k| k.eq_ignore_ascii_case(key));
    let d = Diagnostic::new(
        Code::InvalidRouteKey,
        format!("the route key `{key}` starts with `$` but is not `$connect`, `$disconnect` or `$default`"),
    )
    .at_value(&r.key_pointer, "AWS: \"The provided route key is not formatted properly\"");
    Some(match reserved {
        Some(k) => d.help(format!("reserved keys are lower case: write `{k}`")).replace_value(
            &r.key_pointer,
            k,
            format!("write `{k}`"),
        ),
        None => d.help(format!("custom route keys cannot start with `$`: write `{}`", key.trim_start_matches('$'))),
    })
}
