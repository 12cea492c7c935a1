//! API keys and usage plans (`x-gatewright-api-keys`, `x-gatewright-usage-plans`): GW820 what
//! `CreateApiKey` / `CreateUsagePlan` would refuse (and key values written in the document),
//! GW821 deprecated key settings, GW822 plans that throttle nothing, GW823 key-required methods
//! no plan covers. The rules and their sources: REST-TERRAFORM-LSP §B.2 and the docs of each code.

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::rest::ir::RestApi;
use crate::rest::lower::{API_KEYS, USAGE_PLANS};
use crate::tree::{NodeRef, Tree};
use serde_json::Value;

/// Fields a key may have.
const KEY_FIELDS: [&str; 6] = ["description", "enabled", "customerId", "tags", "stageKeys", "generateDistinctId"];
/// Fields a plan may have.
const PLAN_FIELDS: [&str; 6] = ["description", "throttle", "quota", "methodThrottle", "keys", "tags"];
/// Method-level throttles per stage in a plan.
const MAX_METHOD_THROTTLES: usize = 20;

pub(super) fn run(api: &RestApi, tree: &Tree, out: &mut Vec<Diagnostic>) {
    let Some(root) = tree.root() else { return };
    let bad = |at: &Pointer, message: String, label: &str, help: &str| {
        Diagnostic::new(Code::InvalidApiKeyOrUsagePlan, message).at_value(at, label.to_string()).help(help.to_string())
    };
    for (ext, fields) in [(API_KEYS, &KEY_FIELDS[..]), (USAGE_PLANS, &PLAN_FIELDS[..])] {
        let Some(map) = root.get(ext) else { continue };
        let at = Pointer::root().child(ext);
        if !map.is_map() {
            out.push(bad(
                &at,
                format!("`{ext}` must be a mapping of names to objects"),
                "not a mapping",
                "write `name: {…}` entries",
            ));
            continue;
        }
        for (name, obj) in map.entries() {
            let here = at.child(name);
            if !obj.is_map() {
                out.push(bad(
                    &here,
                    format!("`{name}` must be a mapping"),
                    "not a mapping",
                    "write its settings as a mapping, `{}` for none",
                ));
                continue;
            }
            if name.is_empty() || name.chars().count() > 1024 {
                out.push(bad(
                    &here,
                    format!("the name `{name}` is not 1 to 1024 characters"),
                    "this name",
                    "shorten the name",
                ));
            }
            for (k, _) in obj.entries() {
                if k == "value" && ext == API_KEYS {
                    out.push(
                        Diagnostic::new(Code::InvalidApiKeyOrUsagePlan, format!("the value of API key `{name}` is written in the document"))
                            .at_key(&here.child(k), "a secret in the document")
                            .help(format!("remove it: pass it at compile time (`--var apikey.{name}=…`, `--vars`, `[vars]`) or let AWS generate one")),
                    );
                } else if ext == API_KEYS && matches!(k, "stageKeys" | "generateDistinctId") {
                    out.push(
                        Diagnostic::new(
                            Code::DeprecatedApiKeySetting,
                            format!("`{k}` is deprecated: usage plans replace it"),
                        )
                        .at_key(&here.child(k), "deprecated")
                        .help("remove it and list the key under a plan in `x-gatewright-usage-plans`"),
                    );
                } else if !fields.contains(&k) {
                    let near = crate::suggest::closest(k, fields.iter().copied());
                    out.push(
                        Diagnostic::new(
                            Code::InvalidApiKeyOrUsagePlan,
                            format!(
                                "`{k}` is not a setting of {}",
                                if ext == API_KEYS { "an API key" } else { "a usage plan" }
                            ),
                        )
                        .at_key(&here.child(k), "unknown setting")
                        .help(match near {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => format!("the settings are {}", fields.join(", ")),
                        }),
                    );
                }
            }
            if let Some(e) = obj.get("enabled")
                && e.as_bool().is_none()
            {
                out.push(bad(
                    &here.child("enabled"),
                    "`enabled` must be true or false".into(),
                    "not a boolean",
                    "write `enabled: true` or `enabled: false`",
                ));
            }
            tags(obj, &here, out);
            if ext == USAGE_PLANS {
                plan(api, obj, &here, out);
            }
        }
    }
    coverage(api, out);
}

fn tags(obj: NodeRef<'_>, at: &Pointer, out: &mut Vec<Diagnostic>) {
    let Some(tags) = obj.get("tags") else { return };
    if !tags.is_map() {
        out.push(
            Diagnostic::new(Code::InvalidApiKeyOrUsagePlan, "`tags` must be a mapping of keys to values")
                .at_value(&at.child("tags"), "not a mapping")
                .help("write `tags: {team: api}`"),
        );
        return;
    }
    if tags.len() > crate::aws_rules::MAX_TAGS {
        out.push(
            Diagnostic::new(
                Code::InvalidTags,
                format!("{} tags exceed the limit of {} per resource", tags.len(), crate::aws_rules::MAX_TAGS),
            )
            .at_key(&at.child("tags"), "too many")
            .help("keep at most 50 tags"),
        );
    }
    for (k, v) in tags.entries() {
        if let Some(why) = crate::aws_rules::tag_problem(k, v.scalar_text()) {
            out.push(
                Diagnostic::new(Code::InvalidTags, format!("tag `{k}` cannot be created: {why}"))
                    .at_key(&at.child("tags").child(k), "this tag")
                    .help("rename or shorten the tag"),
            );
        }
    }
}

/// Whether a value is a CloudFormation intrinsic (`{Ref: DailyLimit}`): only CloudFormation knows
/// it, so it is never judged.
fn intrinsic(v: NodeRef<'_>) -> bool {
    v.len() == 1 && v.entries().first().is_some_and(|(k, _)| crate::tree::is_intrinsic_key(k))
}

/// A non-negative number (integer when `integer`), or why not.
fn non_negative(v: Option<NodeRef<'_>>, integer: bool) -> Option<&'static str> {
    let v = v.filter(|v| !intrinsic(*v))?;
    let n = crate::rest::lower::json(v).unwrap_or(Value::Null);
    match (n.as_f64(), integer && !(n.is_i64() || n.is_u64())) {
        (None, _) => Some("must be a number"),
        (Some(_), true) => Some("must be a whole number"),
        (Some(x), false) if x < 0.0 => Some("must not be negative"),
        _ => None,
    }
}

fn plan(api: &RestApi, obj: NodeRef<'_>, at: &Pointer, out: &mut Vec<Diagnostic>) {
    let throttle = |t: Option<NodeRef<'_>>, here: Pointer, out: &mut Vec<Diagnostic>| {
        let Some(t) = t else { return };
        for (field, integer) in [("rateLimit", false), ("burstLimit", true)] {
            if let Some(why) = non_negative(t.get(field), integer) {
                out.push(
                    Diagnostic::new(Code::InvalidApiKeyOrUsagePlan, format!("`{field}` {why}"))
                        .at_value(&here.child(field), "invalid")
                        .help(
                            "`rateLimit` is requests per second (≥ 0), `burstLimit` a whole number of requests (≥ 0)",
                        ),
                );
            }
        }
    };
    throttle(obj.get("throttle"), at.child("throttle"), out);
    if let Some(q) = obj.get("quota") {
        let here = at.child("quota");
        match q.get("period").and_then(|p| p.as_str()) {
            Some("DAY" | "WEEK" | "MONTH") => {}
            None if q.get("period").is_some_and(intrinsic) => {}
            other => out.push(
                Diagnostic::new(
                    Code::InvalidApiKeyOrUsagePlan,
                    match other {
                        Some(p) => format!("`{p}` is not a quota period"),
                        None => "the quota has no `period`".to_string(),
                    },
                )
                .at_value(
                    &if q.get("period").is_some() { here.child("period") } else { here.clone() },
                    "DAY, WEEK or MONTH",
                )
                .help("set `period` to DAY, WEEK or MONTH"),
            ),
        }
        if q.get("limit").is_none() {
            out.push(
                Diagnostic::new(Code::InvalidApiKeyOrUsagePlan, "the quota has no `limit`")
                    .at_value(&here, "no limit")
                    .help("set `limit`: the requests allowed per period"),
            );
        }
        for field in ["limit", "offset"] {
            if let Some(why) = non_negative(q.get(field), true) {
                out.push(
                    Diagnostic::new(Code::InvalidApiKeyOrUsagePlan, format!("`{field}` {why}"))
                        .at_value(&here.child(field), "invalid")
                        .help("quota limits and offsets are whole numbers of requests (≥ 0)"),
                );
            }
        }
    }
    if let Some(mt) = obj.get("methodThrottle").filter(|m| m.is_map()) {
        let here = at.child("methodThrottle");
        if mt.len() > MAX_METHOD_THROTTLES {
            out.push(
                Diagnostic::new(
                    Code::InvalidApiKeyOrUsagePlan,
                    format!("{} method throttles exceed the limit of {MAX_METHOD_THROTTLES} per stage", mt.len()),
                )
                .at_key(&here, "too many")
                .help("throttle at most 20 methods per plan and stage; the plan's own `throttle` covers the rest"),
            );
        }
        for (path, t) in mt.entries() {
            let exists = path.rsplit_once('/').is_some_and(|(resource, method)| {
                let resource = if resource.is_empty() { "/" } else { resource };
                api.resources.iter().any(|r| r.path == resource && r.methods.iter().any(|m| m.http_method == method))
            });
            if !exists {
                out.push(
                    Diagnostic::new(Code::InvalidApiKeyOrUsagePlan, format!("`{path}` is not a method of this API"))
                        .at_key(&here.child(path), "no such method")
                        .help("write the resource path and the HTTP method, such as `/pets/GET` (`/{proxy+}/ANY` for a greedy resource)"),
                );
            }
            throttle(Some(t), here.child(path), out);
        }
    }
    for k in api.usage_plans.iter().filter(|p| p.pointer == *at).flat_map(|p| &p.keys) {
        if !api.api_keys.iter().any(|a| a.name == k.value) {
            let near = crate::suggest::closest(&k.value, api.api_keys.iter().map(|a| a.name.as_str()));
            out.push(
                Diagnostic::new(
                    Code::InvalidApiKeyOrUsagePlan,
                    format!("the plan covers the key `{}`, which `x-gatewright-api-keys` does not define", k.value),
                )
                .at_value(&k.pointer, "no such key")
                .help(match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "define the key under `x-gatewright-api-keys`".to_string(),
                }),
            );
        }
    }
}

/// GW822 and GW823: plans and key-required methods that do not meet.
fn coverage(api: &RestApi, out: &mut Vec<Diagnostic>) {
    let key_methods: Vec<_> = api.methods().filter(|(_, m)| m.api_key_required).collect();
    let managed = !api.api_keys.is_empty() || !api.usage_plans.is_empty();
    if key_methods.is_empty() {
        for p in api.usage_plans.iter().filter(|p| !p.keys.is_empty()) {
            out.push(
                Diagnostic::new(Code::UsagePlanWithoutKeyMethods, format!("the usage plan `{}` has keys, but no method of the API requires one", p.name))
                    .at_key(&p.pointer, "throttles nothing")
                    .help("require the key on methods: a `{type: apiKey, name: x-api-key, in: header}` scheme in their `security`"),
            );
        }
    } else if managed && api.usage_plans.is_empty() {
        let (r, m) = key_methods[0];
        out.push(
            Diagnostic::new(
                Code::KeyRequiredWithoutUsagePlan,
                format!(
                    "{} require{} an API key, but no usage plan covers the API: every call is refused with 403",
                    if key_methods.len() == 1 { "1 method".to_string() } else { format!("{} methods", key_methods.len()) },
                    if key_methods.len() == 1 { "s" } else { "" }
                ),
            )
            .at_key(&m.pointer, format!("{} {} requires a key", m.http_method, r.path))
            .help("add a plan with the keys under `x-gatewright-usage-plans`: a key works only on the stages of its plans"),
        );
    }
}
