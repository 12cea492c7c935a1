//! API keys and usage plans as the backends that need literal values write them (the AWS CLI
//! script, Terraform, the plan): every value resolved once, here, with `--var` (GW700 where one
//! cannot be), so they all create the same thing; and the key values chosen with
//! `--var apikey.NAME`, held to AWS's rule. A key's name is its identity (`--var apikey.NAME`, a
//! plan's `keys`, `deploy`'s reconciling) and stays as written, as in CloudFormation.

use crate::diagnostics::{Code, Diagnostic};
use crate::emit::{EmitError, EmitOptions, resolve_at, unresolved_unplaced, values};
use crate::pointer::Pointer;
use crate::rest::ir::{ApiKey, RestApi, UsagePlan};
use serde_json::Value;

/// The API's keys and plans, their values resolved.
pub(super) struct KeysAndPlans {
    pub(super) keys: Vec<ApiKey>,
    pub(super) plans: Vec<UsagePlan>,
}

/// [`KeysAndPlans`] for `api`, and every value that cannot be resolved (left as written), to be
/// reported with the rest of the document's ([`with`]).
pub(super) fn resolved(api: &RestApi, opts: &EmitOptions) -> (KeysAndPlans, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut one = |v: &mut Value, at: Pointer, path: &[&str]| {
        resolve_at(v, opts, &at, path.iter().map(|s| s.to_string()).collect(), &mut out);
    };
    let mut keys = api.api_keys.clone();
    for k in &mut keys {
        for (what, v) in [("description", &mut k.description), ("customerId", &mut k.customer_id)] {
            if let Some(v) = v {
                one(v, k.pointer.child(what), &[what]);
            }
        }
        for (name, v) in &mut k.tags {
            one(v, k.pointer.child("tags").child(name), &["tags", name]);
        }
    }
    let mut plans = api.usage_plans.clone();
    let mut named = Vec::new();
    for p in &mut plans {
        // The name is the plan's key in the document: reported there.
        let mut name = Value::String(std::mem::take(&mut p.name));
        let mut found = Vec::new();
        values::resolve(&mut name, &crate::emit::vars(opts, false), &mut vec!["name".into()], &mut found);
        for u in found {
            let message = format!("`name`: {}", u.message);
            named.push(unresolved_unplaced(&message).at_key(&p.pointer, "needs a value at compile time"));
        }
        p.name = match name {
            Value::String(s) => s,
            other => other.to_string(),
        };
        for (what, v) in [("description", &mut p.description), ("throttle", &mut p.throttle), ("quota", &mut p.quota)] {
            if let Some(v) = v {
                one(v, p.pointer.child(what), &[what]);
            }
        }
        for (path, v) in &mut p.method_throttle {
            one(v, p.pointer.child("methodThrottle").child(path), &["methodThrottle", path]);
        }
        for (name, v) in &mut p.tags {
            one(v, p.pointer.child("tags").child(name), &["tags", name]);
        }
    }
    out.append(&mut named);
    (KeysAndPlans { keys, plans }, out)
}

/// A backend's result, failed too when a key's or plan's value could not be resolved: all that
/// cannot be resolved is reported at once.
pub(super) fn with<T>(r: Result<T, EmitError>, mut unresolved: Vec<Diagnostic>) -> Result<T, EmitError> {
    match r {
        Ok(t) if unresolved.is_empty() => Ok(t),
        Ok(_) => Err(EmitError::Diagnostics(unresolved)),
        Err(EmitError::Diagnostics(mut d)) => {
            d.append(&mut unresolved);
            Err(EmitError::Diagnostics(d))
        }
        Err(other) => Err(other),
    }
}

/// Key values from `--var apikey.NAME=VALUE`: alphanumeric, 20 to 128 characters (AWS's rule).
pub(super) fn values(api: &RestApi, opts: &EmitOptions) -> Result<Vec<(String, String)>, EmitError> {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for k in &api.api_keys {
        let Some(v) = opts.vars.get(&format!("apikey.{}", k.name)) else { continue };
        if (20..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
            out.push((k.name.clone(), v.clone()));
        } else {
            diags.push(
                Diagnostic::new(
                    Code::InvalidApiKeyOrUsagePlan,
                    format!("the value given for `apikey.{}` is not 20 to 128 letters and digits", k.name),
                )
                .at_key(&k.pointer, "this key's value")
                .help("API key values are alphanumeric, 20 to 128 characters; leave the value out to let AWS generate one"),
            );
        }
    }
    if diags.is_empty() { Ok(out) } else { Err(EmitError::Diagnostics(diags)) }
}
