//! Deploying a REST API plan (`rest::emit::plan`): the document through API Gateway's importer,
//! a deployment to the stage only when something changed, then the API keys and usage plans
//! reconciled by name.
//!
//! - A new API: `POST /restapis?mode=import` with the import parameters. An existing one
//!   (`--api-id`): the stage's deployment carries the plan's `deployment` description (a hash of
//!   the document, the put mode, the parameters and the stage); when it matches, the API is left
//!   alone, otherwise `PUT /restapis/{id}?mode=overwrite|merge`. Either way a new deployment is
//!   made only after the API changed (REST APIs do not redeploy by themselves).
//! - Keys and plans are account-wide, so deploy only touches those it created: they carry the tag
//!   `gatewright:api` = the API's id. Those are matched by name; a declared one that is missing
//!   is created, one that differs is updated (a plan whose method throttles or stage changed is
//!   replaced, keeping its keys), and one the document no longer has is deleted. A key's value
//!   (from `--var apikey.NAME`) is sent only when the key is created and is never shown.

use super::client::{CallError, Client};
use super::reconcile::{Action, Applier, Change};
use super::{Failure, Report, seg};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The tag on keys and plans a deploy created, with the API's id.
pub const OWNER_TAG: &str = "gatewright:api";

/// Lists a v1 collection (`position` paging).
fn list(client: &mut Client, path: &str) -> Result<Vec<Value>, CallError> {
    let mut out = Vec::new();
    let mut position: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let p = match &position {
            Some(t) => format!("{path}{sep}limit=500&position={}", seg(t)),
            None => format!("{path}{sep}limit=500"),
        };
        let page = client.call("GET", &p, None)?;
        out.extend(page["items"].as_array().or_else(|| page["item"].as_array()).cloned().unwrap_or_default());
        position = page["position"].as_str().filter(|t| !t.is_empty()).map(str::to_string);
        if position.is_none() {
            return Ok(out);
        }
    }
}

fn query(plan: &Value, mode: &str) -> String {
    let mut q =
        vec![format!("mode={mode}"), format!("failonwarnings={}", plan["failOnWarnings"].as_bool().unwrap_or(false))];
    for (k, v) in plan["parameters"].as_object().into_iter().flatten() {
        q.push(format!("{k}={}", seg(v.as_str().unwrap_or_default())));
    }
    q.join("&")
}

fn failure(message: String, api_id: Option<&str>, exists: bool, done: Vec<Change>) -> Failure {
    Failure {
        message,
        request: None,
        source: None,
        api_id: api_id.map(str::to_string),
        api_exists: exists,
        uncertain: None,
        done,
    }
}

/// Executes a REST plan. `values`: key values by key name.
pub(super) fn deploy(
    client: &mut Client,
    plan: &Value,
    api_id: Option<&str>,
    dry_run: bool,
    values: &BTreeMap<String, String>,
) -> Result<Report, Failure> {
    let stage = plan["stage"].as_str().unwrap_or("prod").to_string();
    let description = plan["deployment"].as_str().unwrap_or_default().to_string();
    let (id, changed, mut done) = match api_id {
        None => {
            let resp = client
                .call("POST", &format!("/restapis?{}", query(plan, "import")), Some(&plan["body"]))
                .map_err(|e| {
                    let mut f = failure(e.to_string(), None, false, Vec::new());
                    f.request = Some("POST /restapis?mode=import (the API)".into());
                    if e.is_ambiguous() {
                        f.uncertain = Some(
                            "the API may have been created: list REST APIs by name (aws apigateway get-rest-apis) and deploy with --api-id".into(),
                        );
                    }
                    f
                })?;
            let Some(id) = resp["id"].as_str().map(str::to_string) else {
                let mut f = failure("the import answered without an API id".into(), None, false, Vec::new());
                f.uncertain =
                    Some("the API may have been created: list REST APIs by name and deploy with --api-id".into());
                return Err(f);
            };
            (id, true, vec![Change::create("api", "api")])
        }
        Some(id) => {
            let base = format!("/restapis/{}", seg(id));
            client.call("GET", &base, None).map_err(|e| {
                let message = if e.is_not_found() { format!("there is no REST API {id} here") } else { e.to_string() };
                failure(message, Some(id), false, Vec::new())
            })?;
            let current = match client.call("GET", &format!("{base}/stages/{}", seg(&stage)), None) {
                Ok(s) => match s["deploymentId"].as_str() {
                    Some(d) => client
                        .call("GET", &format!("{base}/deployments/{}", seg(d)), None)
                        .map(|d| d["description"].as_str().unwrap_or_default().to_string())
                        .unwrap_or_default(),
                    None => String::new(),
                },
                Err(e) if e.is_not_found() => String::new(),
                Err(e) => return Err(failure(e.to_string(), Some(id), true, Vec::new())),
            };
            if current == description {
                (id.to_string(), false, Vec::new())
            } else {
                let mode = plan["putMode"].as_str().unwrap_or("overwrite");
                let change = Change {
                    action: Action::Update,
                    kind: "api".into(),
                    name: format!("{id} (put, mode {mode})"),
                    fields: vec![],
                };
                let mut a = Applier { client: &mut *client, dry_run, api_id: id.to_string(), done: Vec::new() };
                a.call(change, "PUT", &format!("{base}?{}", query(plan, mode)), Some(&plan["body"]), Some(""))?;
                (id.to_string(), true, a.done)
            }
        }
    };
    let mut a = Applier { client, dry_run, api_id: id.clone(), done: std::mem::take(&mut done) };
    if changed {
        let change = Change::create("deployment", &format!("to stage {stage}"));
        let body = json!({"stageName": stage, "description": description});
        a.call(change, "POST", &format!("/restapis/{}/deployments", seg(&id)), Some(&body), None)?;
    }
    let keys = keys(&mut a, plan, values)?;
    plans(&mut a, plan, &stage, &keys)?;
    let mutating_calls = a.client.mutating_calls;
    let endpoint = Some(format!("https://{id}.execute-api.{}.amazonaws.com/{stage}", a.client.region()));
    Ok(Report { api_id: Some(id), endpoint, changes: a.done, mutating_calls })
}

fn owned(item: &Value, api_id: &str) -> bool {
    item["tags"][OWNER_TAG].as_str() == Some(api_id)
}

fn read(a: &mut Applier<'_>, path: &str) -> Result<Vec<Value>, Failure> {
    let id = a.api_id.clone();
    list(a.client, path)
        .map_err(|e| a.failure(e.to_string(), format!("GET {path}"), None))
        .map(|items| items.into_iter().filter(|i| owned(i, &id)).collect())
}

fn text(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::String(s) if s.is_empty() => Value::Null,
        Value::String(_) => v.clone(),
        other => Value::from(other.to_string()),
    }
}

/// Reconciles the API keys; their ids by name.
fn keys(
    a: &mut Applier<'_>,
    plan: &Value,
    values: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, Failure> {
    let live = read(a, "/apikeys")?;
    let mut ids = BTreeMap::new();
    let desired = plan["apiKeys"].as_array().cloned().unwrap_or_default();
    for k in &desired {
        let name = k["name"].as_str().unwrap_or_default();
        let source = k["source"].as_str();
        match live.iter().find(|l| l["name"].as_str() == Some(name)) {
            Some(l) => {
                let lid = l["id"].as_str().unwrap_or_default().to_string();
                let mut ops = Vec::new();
                let mut fields = Vec::new();
                for f in ["description", "customerId"] {
                    if text(&k[f]) != text(&l[f]) {
                        ops.push(json!({"op": "replace", "path": format!("/{f}"), "value": k[f].as_str().unwrap_or_default()}));
                        fields.push(f.to_string());
                    }
                }
                if k["enabled"].as_bool() != l["enabled"].as_bool() {
                    ops.push(json!({"op": "replace", "path": "/enabled", "value": k["enabled"].as_bool().unwrap_or(true).to_string()}));
                    fields.push("enabled".into());
                }
                if !ops.is_empty() {
                    let change = Change { action: Action::Update, kind: "API key".into(), name: name.into(), fields };
                    a.call(
                        change,
                        "PATCH",
                        &format!("/apikeys/{}", seg(&lid)),
                        Some(&json!({"patchOperations": ops})),
                        source,
                    )?;
                }
                ids.insert(name.to_string(), lid);
            }
            None => {
                let mut body = json!({"name": name, "enabled": k["enabled"].as_bool().unwrap_or(true)});
                for f in ["description", "customerId"] {
                    if !k[f].is_null() {
                        body[f] = k[f].clone();
                    }
                }
                let mut tags = k["tags"].as_object().cloned().unwrap_or_default();
                tags.insert(OWNER_TAG.into(), json!(a.api_id));
                body["tags"] = Value::Object(tags);
                if let Some(v) = values.get(name) {
                    body["value"] = json!(v);
                }
                let resp = a.call(Change::create("API key", name), "POST", "/apikeys", Some(&body), source).map_err(
                    |mut f| {
                        if let Some(v) = values.get(name) {
                            f.message = f.message.replace(v.as_str(), "[the key's value]");
                        }
                        f
                    },
                )?;
                ids.insert(name.to_string(), resp["id"].as_str().unwrap_or("(new)").to_string());
            }
        }
    }
    for l in &live {
        let name = l["name"].as_str().unwrap_or_default();
        if !desired.iter().any(|k| k["name"].as_str() == Some(name)) {
            let change = Change { action: Action::Delete, kind: "API key".into(), name: name.into(), fields: vec![] };
            a.call(change, "DELETE", &format!("/apikeys/{}", seg(l["id"].as_str().unwrap_or_default())), None, None)?;
        }
    }
    Ok(ids)
}

/// A number as AWS returns it (`rateLimit` is a double: 10 and 10.0 are the same).
fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn same_settings(a: &Value, b: &Value, fields: &[&str]) -> bool {
    fields.iter().all(|f| match (&a[*f], &b[*f]) {
        (Value::String(x), Value::String(y)) => x == y,
        (x, y) => num(x) == num(y) && x.is_null() == y.is_null(),
    })
}

/// The patch operations that bring `live`'s throttle and quota to `want`'s.
fn limit_ops(want: &Value, live: &Value, fields: &mut Vec<String>) -> Vec<Value> {
    let mut ops = Vec::new();
    for (part, keys) in [("throttle", &["rateLimit", "burstLimit"][..]), ("quota", &["limit", "period", "offset"][..])]
    {
        let (w, l) = (&want[part], &live[part]);
        if w.is_null() && l.is_null() || !w.is_null() && !l.is_null() && same_settings(w, l, keys) {
            continue;
        }
        fields.push(part.into());
        if w.is_null() {
            ops.push(json!({"op": "remove", "path": format!("/{part}")}));
            continue;
        }
        for k in keys {
            if let Some(v) = w.get(*k).filter(|v| !v.is_null()) {
                let value = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                ops.push(json!({"op": "replace", "path": format!("/{part}/{k}"), "value": value}));
            }
        }
    }
    ops
}

/// Whether a live plan is on exactly this API's stage with the wanted method throttles.
fn same_stage(want: &Value, live: &Value, api_id: &str, stage: &str) -> bool {
    let stages = live["apiStages"].as_array().cloned().unwrap_or_default();
    let [s] = stages.as_slice() else { return false };
    if s["apiId"].as_str() != Some(api_id) || s["stage"].as_str() != Some(stage) {
        return false;
    }
    let empty = serde_json::Map::new();
    let (w, l) = (want["methodThrottle"].as_object().unwrap_or(&empty), s["throttle"].as_object().unwrap_or(&empty));
    w.len() == l.len()
        && w.iter().all(|(k, v)| l.get(k).is_some_and(|x| same_settings(v, x, &["rateLimit", "burstLimit"])))
}

fn create_plan(a: &mut Applier<'_>, p: &Value, stage: &str, action: Action) -> Result<String, Failure> {
    let name = p["name"].as_str().unwrap_or_default();
    let mut api_stage = json!({"apiId": a.api_id, "stage": stage});
    if p["methodThrottle"].as_object().is_some_and(|m| !m.is_empty()) {
        api_stage["throttle"] = p["methodThrottle"].clone();
    }
    let mut body = json!({"name": name, "apiStages": [api_stage]});
    for f in ["description", "throttle", "quota"] {
        if !p[f].is_null() {
            body[f] = p[f].clone();
        }
    }
    let mut tags = p["tags"].as_object().cloned().unwrap_or_default();
    tags.insert(OWNER_TAG.into(), json!(a.api_id));
    body["tags"] = Value::Object(tags);
    let change = Change { action, kind: "usage plan".into(), name: name.into(), fields: vec![] };
    let resp = a.call(change, "POST", "/usageplans", Some(&body), p["source"].as_str())?;
    Ok(resp["id"].as_str().unwrap_or("(new)").to_string())
}

fn delete_plan(
    a: &mut Applier<'_>,
    live: &Value,
    stage_of: &[(String, String)],
    action: Action,
) -> Result<(), Failure> {
    let (id, name) = (live["id"].as_str().unwrap_or_default(), live["name"].as_str().unwrap_or_default());
    // A plan with stages cannot be deleted: they are removed first.
    let ops: Vec<Value> = stage_of
        .iter()
        .map(|(api, st)| json!({"op": "remove", "path": "/apiStages", "value": format!("{api}:{st}")}))
        .collect();
    if !ops.is_empty() && !a.dry_run {
        let path = format!("/usageplans/{}", seg(id));
        a.client
            .call("PATCH", &path, Some(&json!({"patchOperations": ops})))
            .map_err(|e| a.failure(e.to_string(), format!("PATCH {path}"), None))?;
    }
    let change = Change { action, kind: "usage plan".into(), name: format!("{name} ({id})"), fields: vec![] };
    a.call(change, "DELETE", &format!("/usageplans/{}", seg(id)), None, None)?;
    Ok(())
}

fn stages_of(live: &Value) -> Vec<(String, String)> {
    live["apiStages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (s["apiId"].as_str().unwrap_or_default().to_string(), s["stage"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

/// Reconciles the usage plans and their keys.
fn plans(a: &mut Applier<'_>, plan: &Value, stage: &str, keys: &BTreeMap<String, String>) -> Result<(), Failure> {
    let live = read(a, "/usageplans")?;
    let desired = plan["usagePlans"].as_array().cloned().unwrap_or_default();
    for p in &desired {
        let name = p["name"].as_str().unwrap_or_default();
        let existing = live.iter().find(|l| l["name"].as_str() == Some(name));
        let api_id = a.api_id.clone();
        let (pid, linked) = match existing {
            Some(l) if same_stage(p, l, &api_id, stage) => {
                let lid = l["id"].as_str().unwrap_or_default().to_string();
                let mut fields = Vec::new();
                let mut ops = limit_ops(p, l, &mut fields);
                if text(&p["description"]) != text(&l["description"]) {
                    ops.insert(0, json!({"op": "replace", "path": "/description", "value": p["description"].as_str().unwrap_or_default()}));
                    fields.insert(0, "description".into());
                }
                if !ops.is_empty() {
                    let change =
                        Change { action: Action::Update, kind: "usage plan".into(), name: name.into(), fields };
                    a.call(
                        change,
                        "PATCH",
                        &format!("/usageplans/{}", seg(&lid)),
                        Some(&json!({"patchOperations": ops})),
                        p["source"].as_str(),
                    )?;
                }
                let linked = if a.dry_run && lid.is_empty() {
                    Vec::new()
                } else {
                    list(a.client, &format!("/usageplans/{}/keys", seg(&lid)))
                        .map_err(|e| a.failure(e.to_string(), format!("GET /usageplans/{lid}/keys"), None))?
                };
                (lid, linked)
            }
            Some(l) => {
                // The stage or the method throttles changed: a new plan, then the old one goes.
                let pid = create_plan(a, p, stage, Action::Replace)?;
                delete_plan(a, l, &stages_of(l), Action::Delete)?;
                (pid, Vec::new())
            }
            None => (create_plan(a, p, stage, Action::Create)?, Vec::new()),
        };
        let want: Vec<&str> = p["keys"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for k in &want {
            let Some(kid) = keys.get(*k) else { continue };
            if !linked.iter().any(|l| l["id"].as_str() == Some(kid.as_str())) {
                let change = Change::create("usage plan key", &format!("{name} → {k}"));
                let body = json!({"keyId": kid, "keyType": "API_KEY"});
                a.call(change, "POST", &format!("/usageplans/{}/keys", seg(&pid)), Some(&body), p["source"].as_str())?;
            }
        }
        for l in &linked {
            let lname = l["name"].as_str().unwrap_or_default();
            if !want.contains(&lname) {
                let change = Change {
                    action: Action::Delete,
                    kind: "usage plan key".into(),
                    name: format!("{name} → {lname}"),
                    fields: vec![],
                };
                let path = format!("/usageplans/{}/keys/{}", seg(&pid), seg(l["id"].as_str().unwrap_or_default()));
                a.call(change, "DELETE", &path, None, None)?;
            }
        }
    }
    for l in &live {
        let name = l["name"].as_str().unwrap_or_default();
        if !desired.iter().any(|p| p["name"].as_str() == Some(name)) {
            delete_plan(a, l, &stages_of(l), Action::Delete)?;
        }
    }
    Ok(())
}
