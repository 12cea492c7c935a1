//! `x-amazon-apigateway-cors`: credentials with a wildcard origin, `maxAge` range, keys API
//! Gateway does not read.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::Val;

const KEYS: &[&str] = &["allowOrigins", "allowCredentials", "exposeHeaders", "maxAge", "allowMethods", "allowHeaders"];

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let Some(c) = &input.api.cors else { return };
    let wildcard = matches!(&c.allow_origins, Some(Val::Lit(o)) if o.iter().any(|o| o == "*"));
    if c.allow_credentials == Some(Val::Lit(true)) && wildcard {
        out.push(
            Diagnostic::new(
                Code::CorsCredentialsWithWildcardOrigin,
                "CORS cannot allow credentials for every origin (`*`)",
            )
            .at_key(&c.pointer.child("allowCredentials"), "credentials allowed")
            .at_value(&c.pointer.child("allowOrigins"), "`*` here")
            .help("list the origins that may send credentials, or set `allowCredentials: false`"),
        );
    }
    if let Some(Val::Lit(m)) = &c.max_age
        && !(-1..=86_400).contains(&m.0)
    {
        out.push(
            Diagnostic::new(
                Code::CorsMaxAgeOutOfRange,
                format!("CORS `maxAge` {} is outside -1 to 86400 seconds", m.0),
            )
            .at_value(&c.pointer.child("maxAge"), "out of range")
            .help("use -1 (no caching) to 86400 seconds (one day)")
            .replace_value(
                &c.pointer.child("maxAge"),
                &crate::value::clamp(m.0, -1, 86_400),
                "clamp to the nearest allowed age",
            ),
        );
    }
    let Some(node) = input.node(&c.pointer) else { return };
    for (key, _) in node.entries() {
        if KEYS.contains(&key) {
            continue;
        }
        let camel = to_camel(key);
        let known = KEYS
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&camel))
            .copied()
            .or_else(|| crate::suggest::closest(&camel, KEYS.iter().copied()));
        let mut d = Diagnostic::new(Code::UnknownCorsKey, format!("API Gateway ignores the CORS setting `{key}`"))
            .at_key(&c.pointer.child(key), "not read")
            .help(match known {
                Some(k) => format!("did you mean `{k}`? (the keys are camelCase)"),
                None => {
                    format!("the keys are {}", KEYS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
                }
            });
        if let Some(k) = known {
            d = d.rename_key(&c.pointer, &c.pointer.child(key), k);
        }
        out.push(d);
    }
}

/// `allow_origins` / `Allow-Origins` → `allowOrigins`.
fn to_camel(key: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in key.chars() {
        if c == '_' || c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
