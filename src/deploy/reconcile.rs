//! Reconciling an existing API with the plan: read the live API, compare, and apply only the
//! difference, in dependency order (authorizers, models and integrations with their responses,
//! then routes with theirs, then deletions of what nothing uses any more, then the stage). Running it twice makes no change the second time.
//!
//! Matching: authorizers and models by name, routes by route key, integrations through the routes
//! that use them (integrations have no name of their own), a WebSocket API's integration and route
//! responses by their keys under their integration or route. A route whose settings differ is updated in
//! place (a cleared authorizer, scope list or target is sent empty, as Terraform's provider
//! does), so a route never goes offline; an integration is updated in place, or, when a setting
//! has to be removed, a new one is created, the routes are switched to it, and only then is the
//! old one deleted.

use super::client::{CallError, Client};
use super::{DEPLOYMENT_TAG, Failure, Report, fill_refs, path_with_query, run_request, seg};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// What a change does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// A new resource.
    Create,
    /// Fields of an existing resource changed.
    Update,
    /// Deleted and created again.
    Replace,
    /// Removed.
    Delete,
}

/// One change to the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// What is done.
    pub action: Action,
    /// `api`, `authorizer`, `integration`, `route`, `stage`, `tags`, `cors`.
    pub kind: String,
    /// The resource's name (route key, authorizer name, integration id).
    pub name: String,
    /// The fields that differ, for updates and replacements.
    pub fields: Vec<String>,
}

impl Change {
    pub(crate) fn create(kind: &str, name: &str) -> Change {
        Change { action: Action::Create, kind: kind.into(), name: name.into(), fields: Vec::new() }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = match self.action {
            Action::Create => "create",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
        };
        match (self.kind.as_str(), self.name.as_str()) {
            ("api", "api") => write!(f, "{verb} the API")?,
            ("api", name) => write!(f, "{verb} the API {name}")?,
            (kind, name) => write!(f, "{verb} {kind} {name}")?,
        }
        if !self.fields.is_empty() {
            write!(f, " ({})", self.fields.join(", "))?;
        }
        Ok(())
    }
}

const INTEGRATION: &[&str] = &[
    "integrationType",
    "integrationSubtype",
    "integrationUri",
    "integrationMethod",
    "payloadFormatVersion",
    "connectionType",
    "connectionId",
    "credentialsArn",
    "timeoutInMillis",
    "requestParameters",
    "responseParameters",
    "tlsConfig",
];
const AUTHORIZER: &[&str] = &[
    "authorizerType",
    "identitySource",
    "jwtConfiguration",
    "authorizerUri",
    "authorizerPayloadFormatVersion",
    "enableSimpleResponses",
    "authorizerResultTtlInSeconds",
    "authorizerCredentialsArn",
];
/// A WebSocket API's integration fields (no payload format: AWS reports `1.0` for every one).
const WS_INTEGRATION: &[&str] = &[
    "integrationType",
    "integrationUri",
    "integrationMethod",
    "connectionType",
    "connectionId",
    "credentialsArn",
    "timeoutInMillis",
    "requestParameters",
    "requestTemplates",
    "templateSelectionExpression",
    "passthroughBehavior",
    "contentHandlingStrategy",
];
const ROUTE: &[&str] = &[
    "target",
    "authorizationType",
    "authorizerId",
    "authorizationScopes",
    "operationName",
    "apiKeyRequired",
    "modelSelectionExpression",
    "requestModels",
    "routeResponseSelectionExpression",
];
const API: &[&str] = &[
    "name",
    "version",
    "description",
    "disableExecuteApiEndpoint",
    "ipAddressType",
    "corsConfiguration",
    "routeSelectionExpression",
    "apiKeySelectionExpression",
];
const MODEL: &[&str] = &["contentType", "schema"];
const INTEGRATION_RESPONSE: &[&str] = &["responseTemplates", "templateSelectionExpression", "contentHandlingStrategy"];
const ROUTE_RESPONSE: &[&str] = &["responseModels", "modelSelectionExpression"];

/// A field's value with AWS's defaults and empties read as absent.
fn norm(key: &str, v: Option<&Value>) -> Value {
    let v = v.cloned().unwrap_or(Value::Null);
    let default = match (key, &v) {
        (_, Value::Null) => true,
        (_, Value::Array(a)) => a.is_empty(),
        (_, Value::Object(m)) => m.is_empty(),
        (_, Value::String(s)) if s.is_empty() => true,
        ("timeoutInMillis", Value::Number(n)) => n.as_u64() == Some(30000),
        ("connectionType", Value::String(s)) => s == "INTERNET",
        ("authorizationType", Value::String(s)) => s == "NONE",
        ("ipAddressType", Value::String(s)) => s == "ipv4",
        ("enableSimpleResponses" | "disableExecuteApiEndpoint" | "apiKeyRequired", Value::Bool(b)) => !b,
        ("apiKeySelectionExpression", Value::String(s)) => s == "$request.header.x-api-key",
        ("passthroughBehavior", Value::String(s)) => s == "WHEN_NO_MATCH",
        _ => false,
    };
    if default {
        Value::Null
    } else if let ("schema", Value::String(text)) = (key, &v) {
        // A model's schema is JSON text: compared as JSON, whatever its spacing.
        serde_json::from_str(text).unwrap_or(v)
    } else {
        v
    }
}

/// A route's differing fields. An authorizer or scopes left on a route whose authorization needs
/// none (`NONE`, `AWS_IAM`) mean nothing, so they are not a difference.
fn route_differences(desired: &Value, live: &Value) -> Vec<String> {
    let needs_authorizer = |v: &Value| matches!(v["authorizationType"].as_str(), Some("JWT" | "CUSTOM"));
    differences(ROUTE, desired, live)
        .into_iter()
        .filter(|f| {
            needs_authorizer(desired)
                || needs_authorizer(live)
                || !matches!(f.as_str(), "authorizerId" | "authorizationScopes")
        })
        .collect()
}

/// The UpdateRoute body for `changed`: desired values, and what is no longer wanted sent empty
/// (`""` for an authorizer, target or operation name, `[]` for scopes, `NONE` for the type). The
/// authorization type always goes with a new authorizer, as AWS validates them together.
fn route_patch(changed: &[String], desired: &Value) -> Map<String, Value> {
    let mut patch = Map::new();
    for f in changed {
        let value = match (desired.get(f), f.as_str()) {
            (Some(v), _) if norm(f, Some(v)) != Value::Null => v.clone(),
            (_, "authorizationScopes") => json!([]),
            (_, "authorizationType") => json!("NONE"),
            (_, "apiKeyRequired") => json!(false),
            (_, "requestModels") => json!({}),
            _ => json!(""),
        };
        patch.insert(f.clone(), value);
    }
    if patch.contains_key("authorizerId") && !patch.contains_key("authorizationType") {
        patch.insert("authorizationType".into(), desired.get("authorizationType").cloned().unwrap_or(json!("NONE")));
    }
    patch
}

/// The fields of `keys` where `desired` and `live` differ.
fn differences(keys: &[&str], desired: &Value, live: &Value) -> Vec<String> {
    keys.iter().filter(|k| norm(k, desired.get(**k)) != norm(k, live.get(**k))).map(|k| k.to_string()).collect()
}

struct Live {
    api: Value,
    routes: Vec<Value>,
    integrations: Vec<Value>,
    authorizers: Vec<Value>,
    stages: Vec<Value>,
    /// A WebSocket API's models; None when the endpoint cannot list them (moto).
    models: Option<Vec<Value>>,
}

/// Whether an error means the endpoint does not implement the call (moto answers 404 or 500).
fn unimplemented(e: &CallError) -> bool {
    e.is_not_found() || matches!(e, CallError::Aws { status: 500..=599, .. })
}

/// Every item of a paginated collection (`GET path`, then `?nextToken=…` until there is none).
pub(crate) fn list(client: &mut Client, path: &str) -> Result<Vec<Value>, CallError> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let p = match &token {
            Some(t) => format!("{path}?nextToken={}", seg(t)),
            None => path.to_string(),
        };
        let page = client.call("GET", &p, None)?;
        out.extend(page["items"].as_array().cloned().unwrap_or_default());
        token = page["nextToken"].as_str().filter(|t| !t.is_empty()).map(str::to_string);
        if token.is_none() {
            return Ok(out);
        }
    }
}

fn read(client: &mut Client, api_id: &str) -> Result<Live, CallError> {
    let base = format!("/v2/apis/{}", seg(api_id));
    let api = client.call("GET", &base, None)?;
    let routes = list(client, &format!("{base}/routes"))?;
    let integrations = list(client, &format!("{base}/integrations"))?;
    // Some endpoints (moto) lack GetAuthorizers: fall back to the authorizers the routes name.
    let authorizers = match list(client, &format!("{base}/authorizers")) {
        Ok(a) => a,
        Err(e) if e.is_not_found() || matches!(e, CallError::Aws { status: 500..=599, .. }) => {
            let ids: BTreeSet<String> =
                routes.iter().filter_map(|r| r["authorizerId"].as_str().map(str::to_string)).collect();
            let mut out = Vec::new();
            for id in ids {
                out.push(client.call("GET", &format!("{base}/authorizers/{}", seg(&id)), None)?);
            }
            out
        }
        Err(e) => return Err(e),
    };
    let stages = list(client, &format!("{base}/stages"))?;
    let models = if api["protocolType"] == "WEBSOCKET" {
        match list(client, &format!("{base}/models")) {
            Ok(m) => Some(m),
            Err(e) if unimplemented(&e) => None,
            Err(e) => return Err(e),
        }
    } else {
        Some(Vec::new())
    };
    Ok(Live { api, routes, integrations, authorizers, stages, models })
}

/// Applies changes, or only records them in a dry run.
pub(super) struct Applier<'c> {
    pub(super) client: &'c mut Client,
    pub(super) dry_run: bool,
    pub(super) api_id: String,
    pub(super) done: Vec<Change>,
}

impl Applier<'_> {
    pub(super) fn call(
        &mut self,
        change: Change,
        method: &str,
        path: &str,
        body: Option<&Value>,
        source: Option<&str>,
    ) -> Result<Value, Failure> {
        if self.dry_run {
            self.done.push(change);
            return Ok(Value::Null);
        }
        match self.client.call(method, path, body) {
            Ok(v) => {
                self.done.push(change);
                Ok(v)
            }
            Err(e) => {
                let ambiguous = e.is_ambiguous();
                let mut f =
                    self.failure(e.to_string(), format!("{method} {path} ({} {})", change.kind, change.name), source);
                if ambiguous {
                    f.uncertain = Some(format!("`{change}` may have been done; running again finishes the job"));
                }
                Err(f)
            }
        }
    }

    pub(super) fn failure(&self, message: String, request: String, source: Option<&str>) -> Failure {
        Failure {
            message,
            request: Some(request),
            source: source.map(str::to_string),
            api_id: Some(self.api_id.clone()),
            api_exists: true,
            uncertain: None,
            done: self.done.clone(),
        }
    }
}

fn of_kind<'a>(requests: &'a [Value], kind: &'static str) -> impl Iterator<Item = &'a Value> {
    requests.iter().filter(move |r| r["kind"] == kind)
}

/// Brings the API `api_id` to the state the granular plan describes.
pub(crate) fn reconcile(
    client: &mut Client,
    requests: &[Value],
    api_id: &str,
    dry_run: bool,
) -> Result<Report, Failure> {
    let region = client.region().to_string();
    // Whether the API exists is unknown until it has been read: a failure here says so.
    let live = read(client, api_id).map_err(|e| Failure {
        api_id: Some(api_id.to_string()),
        ..Failure::new(format!("cannot read API {api_id}: {e}"))
    })?;
    let by_kind = |k: &'static str| of_kind(requests, k);
    let base = format!("/v2/apis/{}", seg(api_id));
    let mut a = Applier { client, dry_run, api_id: api_id.to_string(), done: Vec::new() };
    let mut ids: BTreeMap<String, String> = BTreeMap::from([("api.id".to_string(), api_id.to_string())]);

    // The API's own settings, CORS and tags.
    if let Some(req) = by_kind("api").next() {
        let desired = &req["body"];
        let mut patch = Map::new();
        let changed = differences(API, desired, &live.api);
        let mut remove_cors = false;
        for f in &changed {
            match (f.as_str(), desired.get(f)) {
                ("corsConfiguration", None) => remove_cors = true,
                (_, Some(v)) => {
                    patch.insert(f.clone(), v.clone());
                }
                _ => {}
            }
        }
        if !patch.is_empty() {
            let fields = patch.keys().cloned().collect();
            let change = Change { action: Action::Update, kind: "api".into(), name: api_id.into(), fields };
            a.call(change, "PATCH", &base, Some(&Value::Object(patch)), Some(""))?;
        }
        if remove_cors {
            a.call(
                Change { action: Action::Delete, kind: "cors".into(), name: api_id.into(), fields: vec![] },
                "DELETE",
                &format!("{base}/cors"),
                None,
                Some(""),
            )?;
        }
        tags(&mut a, desired, &live.api, &region)?;
    }

    // Authorizers, by name.
    for req in by_kind("authorizer") {
        let name = req["name"].as_str().unwrap_or_default();
        let desired = &req["body"];
        match live.authorizers.iter().find(|l| l["name"].as_str() == Some(name)) {
            Some(l) => {
                let id = l["authorizerId"].as_str().unwrap_or_default().to_string();
                let changed = differences(AUTHORIZER, desired, l);
                if !changed.is_empty() {
                    let patch: Map<String, Value> =
                        changed.iter().filter_map(|f| desired.get(f).map(|v| (f.clone(), v.clone()))).collect();
                    let change = Change {
                        action: Action::Update,
                        kind: "authorizer".into(),
                        name: name.into(),
                        fields: changed,
                    };
                    a.call(
                        change,
                        "PATCH",
                        &format!("{base}/authorizers/{}", seg(&id)),
                        Some(&Value::Object(patch)),
                        req["source"].as_str(),
                    )?;
                }
                ids.insert(format!("authorizer.{name}.id"), id);
            }
            None => create(&mut a, req, &mut ids)?,
        }
    }

    // Models, by name, before the routes that name them.
    let websocket = live.api["protocolType"] == "WEBSOCKET";
    let integration_fields = if websocket { WS_INTEGRATION } else { INTEGRATION };
    let assumed = assumed_models(&live, requests);
    for req in by_kind("model") {
        let name = req["name"].as_str().unwrap_or_default();
        let desired = &req["body"];
        let found = match &live.models {
            Some(models) => models.iter().find(|m| m["name"].as_str() == Some(name)),
            // The endpoint cannot list models: one a live route names exists (the route was
            // accepted), and is taken as it is.
            None if assumed.contains(name) => continue,
            None => None,
        };
        match found {
            Some(l) => {
                let id = l["modelId"].as_str().unwrap_or_default();
                update(&mut a, req, MODEL, desired, l, &format!("{base}/models/{}", seg(id)))?;
                ids.insert(format!("model.{name}.id"), id.to_string());
            }
            None => create(&mut a, req, &mut ids)?,
        }
    }

    // Integrations, matched through the routes that use them.
    let mut matched: BTreeMap<String, String> = BTreeMap::new();
    for req in by_kind("route") {
        let target = req["body"]["target"].as_str().unwrap_or_default();
        let Some(name) = target.strip_prefix("integrations/{{integration.").and_then(|t| t.strip_suffix(".id}}"))
        else {
            continue;
        };
        let key = req["name"].as_str().unwrap_or_default();
        let live_target =
            live.routes.iter().find(|r| r["routeKey"].as_str() == Some(key)).and_then(|r| r["target"].as_str());
        if let Some(id) = live_target.and_then(|t| t.strip_prefix("integrations/"))
            && live.integrations.iter().any(|i| i["integrationId"].as_str() == Some(id))
            && !matched.contains_key(name)
            && !matched.values().any(|v| v == id)
        {
            matched.insert(name.to_string(), id.to_string());
        }
    }
    let mut kept: BTreeSet<String> = BTreeSet::new();
    for req in by_kind("integration") {
        let name = req["name"].as_str().unwrap_or_default();
        let desired = &req["body"];
        let live_one = matched
            .get(name)
            .and_then(|id| live.integrations.iter().find(|i| i["integrationId"].as_str() == Some(id.as_str())));
        match live_one {
            Some(l) => {
                let id = l["integrationId"].as_str().unwrap_or_default().to_string();
                let changed = differences(integration_fields, desired, l);
                let removals = changed.iter().any(|f| norm(f, desired.get(f)) == Value::Null);
                if changed.is_empty() {
                    kept.insert(id.clone());
                    ids.insert(format!("integration.{name}.id"), id);
                } else if removals {
                    // A setting cannot be removed by an update: create it anew (the old one is
                    // deleted below, once no route uses it).
                    create(&mut a, req, &mut ids)?;
                    if let Some(c) = a.done.last_mut() {
                        (c.action, c.fields) = (Action::Replace, changed);
                    }
                } else {
                    let patch: Map<String, Value> =
                        changed.iter().filter_map(|f| desired.get(f).map(|v| (f.clone(), v.clone()))).collect();
                    let change = Change {
                        action: Action::Update,
                        kind: "integration".into(),
                        name: name.into(),
                        fields: changed,
                    };
                    a.call(
                        change,
                        "PATCH",
                        &format!("{base}/integrations/{}", seg(&id)),
                        Some(&Value::Object(patch)),
                        req["source"].as_str(),
                    )?;
                    kept.insert(id.clone());
                    ids.insert(format!("integration.{name}.id"), id);
                }
            }
            None => create(&mut a, req, &mut ids)?,
        }
    }

    // Integration responses, by key under their integration.
    if websocket {
        responses(&mut a, requests, "integration-response", "integration", &ids, &kept, INTEGRATION_RESPONSE, false)?;
    }

    // Routes, by key.
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let mut live_routes: BTreeSet<String> = BTreeSet::new();
    for req in by_kind("route") {
        let key = req["name"].as_str().unwrap_or_default().to_string();
        wanted.insert(key.clone());
        // Ids of what was (or, in a dry run, would be) created are filled in, so a route that has
        // to point somewhere new differs in its target.
        let desired = fill_refs(req, &ids).unwrap_or_else(|_| req["body"].clone());
        match live.routes.iter().find(|r| r["routeKey"].as_str() == Some(key.as_str())) {
            Some(l) => {
                let id = l["routeId"].as_str().unwrap_or_default().to_string();
                ids.insert(format!("route.{key}.id"), id.clone());
                // A route whose route responses an endpoint cannot list is taken to have them when
                // it selects one (`routeResponseSelectionExpression`).
                if l["routeResponseSelectionExpression"].as_str().is_some_and(|e| !e.is_empty()) {
                    live_routes.insert(format!("+{id}"));
                }
                live_routes.insert(id);
                let changed = route_differences(&desired, l);
                if !changed.is_empty() {
                    let id = l["routeId"].as_str().unwrap_or_default();
                    let patch = route_patch(&changed, &desired);
                    let change =
                        Change { action: Action::Update, kind: "route".into(), name: key.clone(), fields: changed };
                    a.call(
                        change,
                        "PATCH",
                        &format!("{base}/routes/{}", seg(id)),
                        Some(&Value::Object(patch)),
                        req["source"].as_str(),
                    )?;
                }
            }
            None => create(&mut a, req, &mut ids)?,
        }
    }
    if websocket {
        responses(&mut a, requests, "route-response", "route", &ids, &live_routes, ROUTE_RESPONSE, true)?;
    }
    for l in &live.routes {
        let key = l["routeKey"].as_str().unwrap_or_default();
        if !wanted.contains(key) {
            let id = l["routeId"].as_str().unwrap_or_default();
            a.call(
                Change { action: Action::Delete, kind: "route".into(), name: key.into(), fields: vec![] },
                "DELETE",
                &format!("{base}/routes/{}", seg(id)),
                None,
                None,
            )?;
        }
    }

    // What no route uses any more.
    for l in &live.integrations {
        let id = l["integrationId"].as_str().unwrap_or_default();
        if !kept.contains(id) {
            a.call(
                Change { action: Action::Delete, kind: "integration".into(), name: id.into(), fields: vec![] },
                "DELETE",
                &format!("{base}/integrations/{}", seg(id)),
                None,
                None,
            )?;
        }
    }
    let desired_authorizers: BTreeSet<&str> = by_kind("authorizer").filter_map(|r| r["name"].as_str()).collect();
    for l in &live.authorizers {
        let name = l["name"].as_str().unwrap_or_default();
        if !desired_authorizers.contains(name) {
            let id = l["authorizerId"].as_str().unwrap_or_default();
            a.call(
                Change { action: Action::Delete, kind: "authorizer".into(), name: name.into(), fields: vec![] },
                "DELETE",
                &format!("{base}/authorizers/{}", seg(id)),
                None,
                None,
            )?;
        }
    }

    let desired_models: BTreeSet<&str> = by_kind("model").filter_map(|r| r["name"].as_str()).collect();
    for l in live.models.iter().flatten() {
        let name = l["name"].as_str().unwrap_or_default();
        if !desired_models.contains(name) {
            let id = l["modelId"].as_str().unwrap_or_default();
            a.call(
                Change { action: Action::Delete, kind: "model".into(), name: name.into(), fields: vec![] },
                "DELETE",
                &format!("{base}/models/{}", seg(id)),
                None,
                None,
            )?;
        }
    }

    // The stage.
    for req in by_kind("stage") {
        let name = req["name"].as_str().unwrap_or_default();
        if !live.stages.iter().any(|s| s["stageName"].as_str() == Some(name)) {
            create(&mut a, req, &mut ids)?;
        }
    }
    let mutating_calls = a.client.mutating_calls;
    Ok(Report {
        api_id: Some(api_id.into()),
        endpoint: live.api["apiEndpoint"].as_str().map(str::to_string),
        changes: a.done,
        mutating_calls,
    })
}

/// Sends the `fields` of `desired` that differ from `live` as a PATCH of `path`.
fn update(
    a: &mut Applier<'_>,
    req: &Value,
    fields: &[&str],
    desired: &Value,
    live: &Value,
    path: &str,
) -> Result<(), Failure> {
    let changed = differences(fields, desired, live);
    if changed.is_empty() {
        return Ok(());
    }
    let patch: Map<String, Value> =
        changed.iter().filter_map(|f| desired.get(f).map(|v| (f.clone(), v.clone()))).collect();
    let kind = req["kind"].as_str().unwrap_or_default();
    let change = Change {
        action: Action::Update,
        kind: kind.into(),
        name: req["name"].as_str().unwrap_or_default().into(),
        fields: changed,
    };
    a.call(change, "PATCH", path, Some(&Value::Object(patch)), req["source"].as_str()).map(|_| ())
}

/// The models an endpoint that cannot list them is taken to have: those the live routes name,
/// and those named by the route responses of live routes that select one (the route responses
/// such an endpoint cannot list either).
fn assumed_models(live: &Live, requests: &[Value]) -> BTreeSet<String> {
    if live.models.is_some() {
        return BTreeSet::new();
    }
    let names = |v: &Value| {
        v.as_object().into_iter().flatten().filter_map(|(_, m)| m.as_str().map(str::to_string)).collect::<Vec<_>>()
    };
    let mut out: BTreeSet<String> = live.routes.iter().flat_map(|r| names(&r["requestModels"])).collect();
    for req in of_kind(requests, "route-response") {
        let Some(key) = parent_name(req, "route") else { continue };
        let selects = live.routes.iter().any(|r| {
            r["routeKey"].as_str() == Some(key)
                && r["routeResponseSelectionExpression"].as_str().is_some_and(|e| !e.is_empty())
        });
        if selects {
            out.extend(names(&req["body"]["responseModels"]));
        }
    }
    out
}

/// The name of a sub-resource's parent of `kind`, from its request's path
/// (`…/routes/{{route.join.id}}/routeresponses` → `join`).
fn parent_name<'r>(req: &'r Value, kind: &str) -> Option<&'r str> {
    let path = req["path"].as_str()?;
    let start = path.find(&format!("/{{{{{kind}."))? + kind.len() + 4;
    let rest = &path[start..];
    let end = rest.rfind(".id}}/")?;
    Some(&rest[..end])
}

/// A WebSocket API's sub-resources of `kind` (`integration-response`, `route-response`), under
/// parents of `parent` kind: matched by key (`fields[0]`… compared) under a live parent (its id in
/// `live_parents`), created under a new one; a live parent's responses that are no longer wanted
/// are deleted. An endpoint that cannot list them (moto's route responses) is taken to have the
/// wanted ones when `assume` and the parent selects one (`+id` in `live_parents`).
#[allow(clippy::too_many_arguments)]
fn responses(
    a: &mut Applier<'_>,
    requests: &[Value],
    kind: &'static str,
    parent: &str,
    ids: &BTreeMap<String, String>,
    live_parents: &BTreeSet<String>,
    fields: &[&str],
    assume: bool,
) -> Result<(), Failure> {
    let key_field = if kind == "route-response" { "routeResponseKey" } else { "integrationResponseKey" };
    let id_field = if kind == "route-response" { "routeResponseId" } else { "integrationResponseId" };
    // Live responses by parent id; None when they cannot be listed.
    let mut listed: BTreeMap<String, Option<Vec<Value>>> = BTreeMap::new();
    let mut wanted: BTreeSet<(String, String)> = BTreeSet::new();
    let mut ids = ids.clone();
    for req in of_kind(requests, kind) {
        let Some(name) = parent_name(req, parent) else { continue };
        let Some(parent_id) = ids.get(&format!("{parent}.{name}.id")).cloned() else { continue };
        let key = req["body"][key_field].as_str().unwrap_or_default().to_string();
        wanted.insert((parent_id.clone(), key.clone()));
        if !live_parents.contains(&parent_id) {
            create(a, req, &mut ids)?;
            continue;
        }
        let collection = path_with_query(req, &ids).unwrap_or_default();
        if !listed.contains_key(&parent_id) {
            let items = match list(a.client, &collection) {
                Ok(items) => Some(items),
                Err(e) if unimplemented(&e) => None,
                Err(e) => {
                    return Err(a.failure(format!("cannot read {collection}: {e}"), format!("GET {collection}"), None));
                }
            };
            listed.insert(parent_id.clone(), items);
        }
        match listed.get(&parent_id).cloned().flatten() {
            Some(items) => match items.iter().find(|l| l[key_field].as_str() == Some(key.as_str())) {
                Some(l) => {
                    let id = l[id_field].as_str().unwrap_or_default();
                    update(a, req, fields, &req["body"], l, &format!("{collection}/{}", seg(id)))?;
                }
                None => create(a, req, &mut ids)?,
            },
            None if assume && live_parents.contains(&format!("+{parent_id}")) => {}
            None => create(a, req, &mut ids)?,
        }
    }
    // Every live parent's responses are read (one that wants none may still have some).
    let unread: Vec<&String> =
        live_parents.iter().filter(|p| !p.starts_with('+') && !listed.contains_key(*p)).collect();
    for parent_id in unread {
        let collection = format!("/v2/apis/{}/{parent}s/{}/{}s", seg(&a.api_id), seg(parent_id), kind.replace('-', ""));
        match list(a.client, &collection) {
            Ok(items) => listed.insert(parent_id.clone(), Some(items)),
            Err(e) if unimplemented(&e) => listed.insert(parent_id.clone(), None),
            Err(e) => {
                return Err(a.failure(format!("cannot read {collection}: {e}"), format!("GET {collection}"), None));
            }
        };
    }
    // What a listed parent has that is no longer wanted.
    for (parent_id, items) in &listed {
        let Some(items) = items else { continue };
        for l in items {
            let key = l[key_field].as_str().unwrap_or_default();
            if wanted.contains(&(parent_id.clone(), key.to_string())) {
                continue;
            }
            let id = l[id_field].as_str().unwrap_or_default();
            let path = format!(
                "/v2/apis/{}/{parent}s/{}/{}s/{}",
                seg(&a.api_id),
                seg(parent_id),
                kind.replace('-', ""),
                seg(id)
            );
            a.call(
                Change { action: Action::Delete, kind: kind.into(), name: key.into(), fields: vec![] },
                "DELETE",
                &path,
                None,
                None,
            )?;
        }
    }
    Ok(())
}

fn create(a: &mut Applier<'_>, req: &Value, ids: &mut BTreeMap<String, String>) -> Result<(), Failure> {
    let kind = req["kind"].as_str().unwrap_or_default();
    let name = req["name"].as_str().unwrap_or_default();
    if a.dry_run {
        a.done.push(Change::create(kind, name));
        ids.insert(format!("{kind}.{name}.id"), format!("(new {kind})"));
        return Ok(());
    }
    match run_request(a.client, req, ids) {
        Ok(_) => {
            a.done.push(Change::create(kind, name));
            Ok(())
        }
        Err((request, e)) => {
            Err(a.failure(e.to_string(), format!("{request} ({kind} {name})"), req["source"].as_str()))
        }
    }
}

/// Tags: TagResource for new or changed values, UntagResource for keys that went away.
fn tags(a: &mut Applier<'_>, desired: &Value, live: &Value, region: &str) -> Result<(), Failure> {
    let want = desired["tags"].as_object().cloned().unwrap_or_default();
    // gatewright's own bookkeeping tag is not the document's to remove.
    let mut have = live["tags"].as_object().cloned().unwrap_or_default();
    have.retain(|k, _| k != DEPLOYMENT_TAG);
    let partition = crate::emit::partition(region);
    let arn = format!("arn:{partition}:apigateway:{region}::/apis/{}", a.api_id);
    let encoded = seg(&arn);
    let set: Map<String, Value> =
        want.iter().filter(|(k, v)| have.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    if !set.is_empty() {
        let change = Change {
            action: Action::Update,
            kind: "tags".into(),
            name: a.api_id.clone(),
            fields: set.keys().cloned().collect(),
        };
        a.call(change, "POST", &format!("/v2/tags/{encoded}"), Some(&json!({"tags": set})), None)?;
    }
    let gone: Vec<&String> = have.keys().filter(|k| !want.contains_key(*k)).collect();
    if !gone.is_empty() {
        let query: Vec<String> = gone.iter().map(|k| format!("tagKeys={k}")).collect();
        let change = Change {
            action: Action::Delete,
            kind: "tags".into(),
            name: a.api_id.clone(),
            fields: gone.iter().map(|k| k.to_string()).collect(),
        };
        a.call(change, "DELETE", &format!("/v2/tags/{encoded}?{}", query.join("&")), None, None)?;
    }
    Ok(())
}

/// Import mode on an existing API: ReimportApi with the document, then the stage if missing.
pub(crate) fn reimport(
    client: &mut Client,
    requests: &[Value],
    api_id: &str,
    dry_run: bool,
) -> Result<Report, Failure> {
    let mut a = Applier { client, dry_run, api_id: api_id.to_string(), done: Vec::new() };
    let ids: BTreeMap<String, String> = BTreeMap::from([("api.id".to_string(), api_id.to_string())]);
    for req in requests {
        let kind = req["kind"].as_str().unwrap_or_default();
        if kind == "api" {
            let query = path_with_query(req, &ids).unwrap_or_default();
            let q = query.split_once('?').map(|(_, q)| format!("?{q}")).unwrap_or_default();
            let change = Change {
                action: Action::Update,
                kind: "api".into(),
                name: format!("{api_id} (reimport)"),
                fields: vec![],
            };
            a.call(change, "PUT", &format!("/v2/apis/{}{q}", seg(api_id)), Some(&req["body"]), Some(""))?;
        } else {
            let stages = if dry_run {
                Vec::new()
            } else {
                list(a.client, &format!("/v2/apis/{}/stages", seg(api_id))).unwrap_or_default()
            };
            let name = req["name"].as_str().unwrap_or_default();
            if !stages.iter().any(|s| s["stageName"].as_str() == Some(name)) {
                let mut ids = ids.clone();
                create(&mut a, req, &mut ids)?;
            }
        }
    }
    let mutating_calls = a.client.mutating_calls;
    Ok(Report { api_id: Some(api_id.into()), endpoint: None, changes: a.done, mutating_calls })
}
