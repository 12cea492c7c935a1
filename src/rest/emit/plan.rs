//! The plan for a REST API (`compile --emit plan`, and what `deploy` executes): REST APIs deploy
//! through API Gateway's importer. A new API is `POST /restapis?mode=import`, an existing one
//! `PUT /restapis/{id}?mode=overwrite|merge`, each with the document (gatewright's extensions
//! stripped, placeholders resolved) and the import parameters; then a deployment to the stage,
//! described with a hash of all of it, so a deploy of an unchanged document changes nothing.
//! The API keys and usage plans follow, to be reconciled by name. No key value is ever in a
//! plan: `deploy` takes it from `--var apikey.NAME`.

use super::endpoint_type;
use crate::emit::names::Fnv;
use crate::emit::{EmitError, EmitOptions};
use crate::rest::ir::RestApi;
use serde_json::{Map, Value, json};
use std::io::Write as _;

pub(super) fn plan(
    api: &RestApi,
    kp: &super::keys::KeysAndPlans,
    tree: &crate::tree::Tree,
    stage: &str,
    opts: &EmitOptions,
) -> Result<Value, EmitError> {
    let doc = super::body(tree, opts)?;
    let mut parameters = Map::new();
    if opts.base_path_mode != crate::basepath::BasePathMode::Ignore {
        parameters.insert("basepath".into(), json!(opts.base_path_mode.word()));
    }
    parameters.insert("endpointConfigurationTypes".into(), json!(endpoint_type(opts)));
    let put_mode = if opts.put_merge { "merge" } else { "overwrite" };
    let permissions = if opts.lambda_permissions {
        let perms =
            crate::emit::lambda::resolved(super::lambda_permissions(api), opts).map_err(EmitError::Diagnostics)?;
        crate::emit::lambda::plan_entries(&perms)
    } else {
        json!([])
    };
    let mut h = Fnv::default();
    // Writing to the hasher cannot fail.
    let _ = serde_json::to_writer(&mut h, &doc);
    let _ = write!(h, "\n{put_mode}\n{}\n{stage}\n{}", Value::Object(parameters.clone()), opts.fail_on_warnings);
    let keys: Vec<Value> = kp
        .keys
        .iter()
        .map(|k| {
            let mut o = json!({"name": k.name, "enabled": k.enabled, "source": k.pointer.as_str()});
            if let Some(d) = &k.description {
                o["description"] = d.clone();
            }
            if let Some(c) = &k.customer_id {
                o["customerId"] = c.clone();
            }
            o["tags"] = Value::Object(k.tags.iter().cloned().collect());
            o
        })
        .collect();
    let plans: Vec<Value> = kp
        .plans
        .iter()
        .map(|p| {
            let mut o = json!({"name": p.name, "source": p.pointer.as_str()});
            if let Some(d) = &p.description {
                o["description"] = d.clone();
            }
            if let Some(t) = &p.throttle {
                o["throttle"] = t.clone();
            }
            if let Some(q) = &p.quota {
                o["quota"] = q.clone();
            }
            o["methodThrottle"] = Value::Object(p.method_throttle.iter().cloned().collect());
            o["keys"] = p.keys.iter().map(|k| Value::from(k.value.as_str())).collect();
            o["tags"] = Value::Object(p.tags.iter().cloned().collect());
            o
        })
        .collect();
    Ok(json!({
        "api": "rest",
        "mode": "import",
        "putMode": put_mode,
        "failOnWarnings": opts.fail_on_warnings,
        "parameters": parameters,
        "stage": stage,
        "deployment": format!("gatewright {:016x}", h.0),
        "body": doc,
        "apiKeys": keys,
        "usagePlans": plans,
        "lambdaPermissions": permissions,
    }))
}
