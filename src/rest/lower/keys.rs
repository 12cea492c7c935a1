//! API keys and usage plans: what OpenAPI cannot say but a REST API with keys needs, described
//! in root extensions API Gateway never sees (`compile` strips them from the imported body):
//!
//! ```yaml
//! x-gatewright-api-keys:
//!   partner-a: {description: "Partner A", enabled: true, customerId: "c-1", tags: {team: api}}
//! x-gatewright-usage-plans:
//!   free:
//!     description: "…"
//!     throttle: {rateLimit: 10, burstLimit: 20}
//!     quota: {limit: 1000, period: DAY}          # offset optional
//!     methodThrottle: {"/pets/GET": {rateLimit: 5, burstLimit: 5}}
//!     keys: [partner-a]
//! ```
//!
//! Shapes and values are checked by `rest::check::keys`; lowering keeps what it can read.

use super::{Cx, entries, json};
use crate::pointer::Pointer;
use crate::rest::ir::{ApiKey, UsagePlan};
use crate::tree::NodeRef;
use crate::value::Field;

/// The root extension holding API keys.
pub(crate) const API_KEYS: &str = "x-gatewright-api-keys";
/// The root extension holding usage plans.
pub(crate) const USAGE_PLANS: &str = "x-gatewright-usage-plans";

/// The entries of the root extension `ext` when it is a mapping, and where it is.
fn named<'t>(cx: &Cx<'t>, ext: &str) -> (Pointer, Vec<(&'t str, NodeRef<'t>)>) {
    let entries = cx.root.get(ext).filter(|m| m.is_map()).map(|m| m.entries()).unwrap_or_default();
    (Pointer::root().child(ext), entries)
}

pub(super) fn api_keys(cx: &Cx<'_>) -> Vec<ApiKey> {
    let (at, keys) = named(cx, API_KEYS);
    let mut out: Vec<ApiKey> = keys
        .into_iter()
        .map(|(name, k)| ApiKey {
            name: name.to_string(),
            description: k.get("description").and_then(json),
            enabled: k.get("enabled").and_then(|e| e.as_bool()).unwrap_or(true),
            customer_id: k.get("customerId").and_then(json),
            tags: entries(k.get("tags")),
            pointer: at.child(name),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

pub(super) fn usage_plans(cx: &Cx<'_>) -> Vec<UsagePlan> {
    let (at, plans) = named(cx, USAGE_PLANS);
    let mut out: Vec<UsagePlan> = plans
        .into_iter()
        .map(|(name, p)| {
            let here = at.child(name);
            let keys = p
                .get("keys")
                .map(|k| {
                    k.items()
                        .enumerate()
                        .filter_map(|(i, k)| {
                            k.as_str().map(|v| Field { value: v.to_string(), pointer: here.child("keys").index(i) })
                        })
                        .collect()
                })
                .unwrap_or_default();
            UsagePlan {
                name: name.to_string(),
                description: p.get("description").and_then(json),
                throttle: p.get("throttle").and_then(json),
                quota: p.get("quota").and_then(json),
                method_throttle: entries(p.get("methodThrottle")),
                keys,
                tags: entries(p.get("tags")),
                pointer: here,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}
