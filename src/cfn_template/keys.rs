//! The API keys and usage plans of a template's REST APIs: each `AWS::ApiGateway::UsagePlan`
//! whose `ApiStages[].ApiId` is `!Ref` the API (with those entries' method `Throttle`), and the
//! `AWS::ApiGateway::ApiKey`s joined to it by an `AWS::ApiGateway::UsagePlanKey` (`KeyId`,
//! `UsagePlanId`), or to the API by `StageKeys[].RestApiId`. Named by logical id, indexed once per
//! template; an inline body is analysed with them as its root extensions
//! ([`crate::sam::usage`]), so `routes` shows them and the key and plan checks report on the
//! template. A key's `Value` is never read.

use super::model::{Template, own_key};
use crate::sam::doc::{Doc, Span};
use crate::sam::usage::{Entry, Key, Plan, entries};
use crate::tree::{NodeId, NodeRef, Tree};
use std::collections::HashMap;

/// The root entries of each REST API's body, by the API's logical id.
pub(super) type Usage = HashMap<String, Vec<Entry>>;

/// The logical id `n` names with `Ref`.
fn ref_of(n: NodeRef<'_>) -> Option<&str> {
    n.get("Ref").filter(|_| n.len() == 1).and_then(|r| r.as_str())
}

fn span(r: std::ops::Range<usize>) -> Span {
    (r.start, r.end)
}

/// The keys and plans of every REST API of `t` that has any.
pub(super) fn index(t: &Template<'_>) -> Usage {
    // Plan → its keys, as the `UsagePlanKey`s join them.
    let mut joined: HashMap<&str, Vec<(String, Span)>> = HashMap::new();
    for pk in t.of_type("AWS::ApiGateway::UsagePlanKey") {
        let key = pk.prop("KeyId").and_then(|k| ref_of(k).map(|id| (id, k.span())));
        let plan = pk.prop("UsagePlanId").and_then(ref_of);
        if let (Some((key, at)), Some(plan)) = (key, plan)
            && t.get(key).is_some_and(|k| k.ty == "AWS::ApiGateway::ApiKey")
        {
            joined.entry(plan).or_default().push((key.to_string(), span(at)));
        }
    }
    let mut plans: HashMap<&str, Vec<Plan>> = HashMap::new();
    let mut keys: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in t.of_type("AWS::ApiGateway::UsagePlan") {
        // The APIs of its stages, in order, each once with the method throttles of its stages.
        let mut on: Vec<(&str, Vec<Doc>)> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for stage in p.prop("ApiStages").map(|s| s.items().collect::<Vec<_>>()).unwrap_or_default() {
            let Some(api) = stage.get("ApiId").and_then(ref_of) else { continue };
            let i = *at.entry(api).or_insert_with(|| {
                on.push((api, Vec::new()));
                on.len() - 1
            });
            on[i].1.extend(stage.get("Throttle").map(Doc::from_node));
        }
        let plan_keys = joined.get(p.id).cloned().unwrap_or_default();
        for (api, method_throttle) in on {
            keys.entry(api).or_default().extend(plan_keys.iter().filter_map(|(k, _)| t.get(k).map(|r| r.id)));
            plans.entry(api).or_default().push(Plan {
                id: p.id.to_string(),
                key: span(p.key.clone()),
                props: properties(p.node),
                method_throttle,
                keys: plan_keys.clone(),
            });
        }
    }
    for k in t.of_type("AWS::ApiGateway::ApiKey") {
        for stage in k.prop("StageKeys").map(|s| s.items().collect::<Vec<_>>()).unwrap_or_default() {
            if let Some(api) = stage.get("RestApiId").and_then(ref_of) {
                keys.entry(api).or_default().push(k.id);
            }
        }
    }
    let mut out = Usage::new();
    for api in t.of_type("AWS::ApiGateway::RestApi") {
        let mut ids = keys.remove(api.id).unwrap_or_default();
        ids.sort_unstable();
        ids.dedup();
        let keys: Vec<Key> = ids
            .into_iter()
            .filter_map(|id| t.get(id))
            .map(|r| Key { id: r.id.to_string(), key: span(r.key.clone()), props: key_properties(r.node) })
            .collect();
        let plans = plans.remove(api.id).unwrap_or_default();
        let found = entries(&keys, &plans, span(api.key.clone()));
        if !found.is_empty() {
            out.insert(api.id.to_string(), found);
        }
    }
    out
}

/// A resource's `Properties`, copied with their spans (an empty mapping at the resource without).
fn properties(node: NodeRef<'_>) -> Doc {
    node.get("Properties").map_or_else(|| Doc::map(span(node.span())), Doc::from_node)
}

/// What of an API key's `Properties` is read: never its `Value`.
fn key_properties(node: NodeRef<'_>) -> Doc {
    let Some(props) = node.get("Properties") else { return Doc::map(span(node.span())) };
    let mut d = Doc::map(span(props.span()));
    for name in ["Description", "Enabled", "CustomerId", "Tags"] {
        if let Some(v) = props.get(name) {
            let at = own_key(props, name).map_or_else(|| span(v.span()), span);
            d.set(name, at, Doc::from_node(v));
        }
    }
    d
}

/// The body at `id` of the API `api` as a tree of its own, with the API's keys and plans as its
/// root extensions (the body's own, when it has them, win).
pub(super) fn body(tree: &Tree, id: NodeId, usage: &Usage, api: &str) -> Tree {
    let Some(found) = usage.get(api) else { return tree.subtree(id) };
    let root = NodeRef::new(tree, id);
    let extra: Vec<&Entry> = found.iter().filter(|(k, _, _)| root.get(k).is_none()).collect();
    let write = |b: &mut crate::tree::Builder| {
        for (k, at, v) in &extra {
            b.new_key(k, *at);
            v.write(b);
        }
    };
    tree.subtree_with(id, Some(&write))
}
