//! API keys and usage plans written as resources (`AWS::ApiGateway::ApiKey`, `UsagePlan`), by a
//! template or by the SAM transform (`Auth.UsagePlan`), made into the root entries the REST
//! lowering reads (`x-gatewright-api-keys`, `x-gatewright-usage-plans`), every node on the
//! property that wrote it, so the key and plan checks report there. Properties are renamed
//! (`Quota.Limit` → `quota.limit`); values are copied as written, intrinsics included (the checks
//! leave those to CloudFormation). A key's `Value` is never read.

use super::doc::{Doc, Span, V};
use crate::rest::lower::{API_KEYS, USAGE_PLANS};
use crate::tree::Kind;
use std::collections::HashSet;

/// An API key: its logical id, where that is written, and its `Properties`.
pub(crate) struct Key {
    pub(crate) id: String,
    pub(crate) key: Span,
    pub(crate) props: Doc,
}

/// A usage plan on the API: its logical id, where that is written, its `Properties`, the
/// `Throttle` of its `ApiStages` entries for the API, and its keys (logical id, where joined).
pub(crate) struct Plan {
    pub(crate) id: String,
    pub(crate) key: Span,
    pub(crate) props: Doc,
    pub(crate) method_throttle: Vec<Doc>,
    pub(crate) keys: Vec<(String, Span)>,
}

/// A root entry: its key, where it is placed, its value.
pub(crate) type Entry = (String, Span, Doc);

/// Throttle settings: `{BurstLimit, RateLimit}`.
const THROTTLE: [(&str, &str); 2] = [("BurstLimit", "burstLimit"), ("RateLimit", "rateLimit")];
/// Quota settings.
const QUOTA: [(&str, &str); 3] = [("Limit", "limit"), ("Offset", "offset"), ("Period", "period")];

/// The root entries for `keys` and `plans` (none when both are empty), placed at `at`.
pub(crate) fn entries(keys: &[Key], plans: &[Plan], at: Span) -> Vec<Entry> {
    let mut out = Vec::new();
    if !keys.is_empty() {
        let mut map = Doc::map(at);
        for k in keys {
            let mut d = Doc::map(k.props.at);
            copy(
                &k.props,
                &mut d,
                &[("Description", "description"), ("Enabled", "enabled"), ("CustomerId", "customerId")],
            );
            tags(&k.props, &mut d);
            push(&mut map, &k.id, k.key, d);
        }
        out.push((API_KEYS.to_string(), at, map));
    }
    if !plans.is_empty() {
        let mut map = Doc::map(at);
        for p in plans {
            let mut d = Doc::map(p.props.at);
            copy(&p.props, &mut d, &[("Description", "description")]);
            for (from, to, names) in [("Throttle", "throttle", &THROTTLE[..]), ("Quota", "quota", &QUOTA[..])] {
                if let Some((ks, v)) = field(&p.props, from) {
                    d.set(to, ks, renamed(v, names));
                }
            }
            if let Some(first) = p.method_throttle.first() {
                let mut methods = Doc::map(first.at);
                let mut seen = HashSet::new();
                for t in &p.method_throttle {
                    if let V::Map(entries) = &t.v {
                        for (path, ks, v) in entries.iter().filter(|(path, _, _)| seen.insert(path.as_str())) {
                            push(&mut methods, path, *ks, renamed(v, &THROTTLE));
                        }
                    }
                }
                if !methods.keys().is_empty() {
                    d.set("methodThrottle", first.at, methods);
                }
            }
            if !p.keys.is_empty() {
                let items = p.keys.iter().map(|(k, at)| Doc::str(k, *at)).collect();
                d.set("keys", p.key, Doc::seq(items, p.key));
            }
            tags(&p.props, &mut d);
            push(&mut map, &p.id, p.key, d);
        }
        out.push((USAGE_PLANS.to_string(), at, map));
    }
    out
}

/// Adds `key` to the mapping `map` without looking for it (the callers' keys are distinct), so
/// that many entries cost no scan each.
fn push(map: &mut Doc, key: &str, at: Span, value: Doc) {
    if let V::Map(entries) = &mut map.v {
        entries.push((key.to_string(), at, value));
    }
}

/// The property `name` of `props` and where its key is written.
fn field<'d>(props: &'d Doc, name: &str) -> Option<(Span, &'d Doc)> {
    match &props.v {
        V::Map(entries) => entries.iter().find(|(k, _, _)| k == name).map(|(_, ks, v)| (*ks, v)),
        _ => None,
    }
}

/// Copies the properties `names` of `from` into `to`, renamed.
fn copy(from: &Doc, to: &mut Doc, names: &[(&str, &str)]) {
    for (name, ext) in names {
        if let Some((ks, v)) = field(from, name) {
            to.set(ext, ks, v.clone());
        }
    }
}

/// A mapping of settings renamed (`names`): an intrinsic, or anything else, as written.
fn renamed(v: &Doc, names: &[(&str, &str)]) -> Doc {
    if intrinsic(v) || !v.is_map() {
        return v.clone();
    }
    let mut d = Doc::map(v.at);
    copy(v, &mut d, names);
    d
}

/// Whether a value is a CloudFormation intrinsic (`{Ref: …}`, `{Fn::If: …}`).
fn intrinsic(v: &Doc) -> bool {
    matches!(&v.v, V::Map(e) if e.len() == 1 && crate::tree::is_intrinsic_key(&e[0].0))
}

/// `Tags` as a mapping: a list of `{Key, Value}` (the resources'), or a mapping as written.
fn tags(from: &Doc, to: &mut Doc) {
    let Some((ks, t)) = field(from, "Tags") else { return };
    match &t.v {
        V::Seq(items) => {
            let mut map = Doc::map(t.at);
            let mut seen = HashSet::new();
            for item in items {
                if let (Some(k), Some(v)) = (item.get("Key"), item.get("Value"))
                    && let V::Scalar(Kind::Str, key) = &k.v
                    && seen.insert(key.as_str())
                {
                    push(&mut map, key, k.at, v.clone());
                }
            }
            to.set("tags", ks, map);
        }
        V::Map(_) if !intrinsic(t) => to.set("tags", ks, t.clone()),
        _ => {}
    }
}

/// What SAM's `Auth.UsagePlan` makes of the REST APIs `apis` (logical id, resolved properties), in
/// the order SAM translates them (`api_generator.py` `_construct_usage_plan`, `_construct_api_key`,
/// `_construct_usage_plan_key`): `PER_API`, a plan `{Api}UsagePlan` and an enabled key
/// `{Api}ApiKey` of its own; `SHARED`, the one plan `ServerlessUsagePlan` and key
/// `ServerlessApiKey` of every such API, the plan's settings those of the last (each API writes
/// the shared resource again); `NONE`, nothing. Each API's root entries, by logical id, placed on
/// its `Auth.UsagePlan`.
pub(crate) fn sam_plans(apis: &[(&str, &Doc)]) -> Vec<(String, Vec<Entry>)> {
    let plan_of = |props: &Doc| props.get("Auth").and_then(|a| a.get("UsagePlan")).filter(|p| p.is_map()).cloned();
    let mode = |p: &Doc| p.get("CreateUsagePlan").and_then(|c| c.str_value()).map(str::to_string);
    let shared = apis
        .iter()
        .filter_map(|(_, props)| Some((*props, plan_of(props)?)))
        .rfind(|(_, p)| mode(p).as_deref() == Some("SHARED"));
    let mut out = Vec::new();
    for (id, props) in apis {
        let Some(own) = plan_of(props) else { continue };
        let (plan_id, key_id, (from, settings)) = match mode(&own).as_deref() {
            Some("PER_API") => (format!("{id}UsagePlan"), format!("{id}ApiKey"), (*props, own.clone())),
            Some("SHARED") => (
                "ServerlessUsagePlan".to_string(),
                "ServerlessApiKey".to_string(),
                shared.clone().unwrap_or((*props, own.clone())),
            ),
            _ => continue,
        };
        // SAM copies only the settings that are truthy, onto the plan.
        let mut plan = Doc::map(own.at);
        if let V::Map(entries) = &settings.v {
            for (k, ks, v) in entries.iter().filter(|(_, _, v)| v.truthy()) {
                plan.set(k, *ks, v.clone());
            }
        }
        let mut key = Doc::map(own.at);
        key.set("Enabled", own.at, Doc::bool(true, own.at));
        // `PropagateTags`: the API's `Tags` on the resources it generates, in place of their own
        // (`Resource.propagate_tags`).
        if from.get("PropagateTags").is_some_and(Doc::is_true)
            && let Some(tags) = from.get("Tags").filter(|t| t.truthy())
        {
            plan.set("Tags", tags.at, tags.clone());
            key.set("Tags", tags.at, tags.clone());
        }
        let keys = [Key { id: key_id.clone(), key: own.at, props: key }];
        let plans =
            [Plan { id: plan_id, key: own.at, props: plan, method_throttle: Vec::new(), keys: vec![(key_id, own.at)] }];
        out.push((id.to_string(), entries(&keys, &plans, own.at)));
    }
    out
}
