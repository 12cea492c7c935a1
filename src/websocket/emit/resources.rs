//! WebSocket APIs as API Gateway v2 resources ([`WebSocket`], the [`Builder`] that `emit/v2/`
//! renders): the API with its selection expressions, the `$connect` authorizer, models,
//! integrations and their integration responses, routes and their route responses. Integration
//! and route responses are sub-resources: the set names their parent, so each backend puts the
//! parent's id where its create call takes it.

use crate::emit::v2::resources::{Builder, Index, Items, Kind, Resource, Set, TARGET, id_ref};
use crate::pointer::Pointer;
use crate::websocket::ir::{DEFAULT_ROUTE_SELECTION, WebSocketApi};
use serde_json::{Map, Value, json};

/// A WebSocket API's resources.
pub(crate) struct WebSocket<'a> {
    api: &'a WebSocketApi,
    /// Every integration response, as (integration, response) positions in the IR: an
    /// integration response's place in the set is its position here.
    responses: Vec<(usize, usize)>,
}

impl<'a> WebSocket<'a> {
    pub(crate) fn new(api: &'a WebSocketApi) -> Self {
        let responses = api
            .integrations
            .iter()
            .enumerate()
            .flat_map(|(i, integration)| (0..integration.responses.len()).map(move |j| (i, j)))
            .collect();
        WebSocket { api, responses }
    }

    /// The set granular mode creates: authorizers and models by name, integrations by id each
    /// followed by its responses, routes by key each followed by its route response, then the
    /// stage `stage`. A route response's place in the IR is its route's.
    pub(crate) fn set(&'a self, stage: &str) -> Set<'a> {
        let api = self.api;
        let mut items = Items::default();
        for (i, a) in api.authorizers.iter().enumerate() {
            items.push(Kind::Authorizer, i, a.name.clone());
        }
        for (i, m) in api.models.iter().enumerate() {
            items.push(Kind::Model, i, m.name.clone());
        }
        let mut responses = self.responses.iter().enumerate().peekable();
        for (i, integration) in api.integrations.iter().enumerate() {
            let parent = items.push(Kind::Integration, i, integration.id.clone());
            while let Some((at, &(_, j))) = responses.next_if(|(_, (of, _))| *of == i) {
                let name = format!("{} {}", integration.id, integration.responses[j].key);
                items.child(Kind::IntegrationResponse, at, name, parent);
            }
        }
        for (i, r) in api.routes.iter().enumerate() {
            let parent = items.push(Kind::Route, i, r.key.clone());
            if let Some(rr) = &r.route_response {
                items.child(Kind::RouteResponse, i, format!("{} {}", r.key, rr.key), parent);
            }
        }
        Set::new(self, items, stage)
    }
}

impl Builder for WebSocket<'_> {
    fn what(&self) -> &'static str {
        "WebSocket API"
    }

    fn document(&self) -> &'static str {
        "AsyncAPI document"
    }

    fn api(&self, traced: bool) -> Resource {
        let api = self.api;
        let mut r = Resource::new(Kind::Api, "api", traced);
        let root = Pointer::root();
        r.pointer = Some(api.name.as_ref().map_or_else(|| root.child("info"), |f| f.pointer.parent()));
        if let Some(f) = &api.name {
            r.set("name", f.value.clone(), Some(&f.pointer));
        }
        r.set("protocolType", json!("WEBSOCKET"), None);
        match &api.route_selection_expression {
            Some(f) => r.set("routeSelectionExpression", f.value.clone(), Some(&f.pointer)),
            None => r.set("routeSelectionExpression", json!(DEFAULT_ROUTE_SELECTION), None),
        }
        if let Some(f) = &api.api_key_selection_expression {
            r.set("apiKeySelectionExpression", f.value.clone(), Some(&f.pointer));
        }
        if let Some(f) = &api.version {
            r.set("version", f.value.clone(), Some(&f.pointer));
        }
        if let Some(f) = &api.description {
            r.set("description", f.value.clone(), Some(&f.pointer));
        }
        r
    }

    fn build(&self, kind: Kind, at: usize, name: &str, traced: bool) -> Resource {
        let api = self.api;
        let mut r = Resource::new(kind, name, traced);
        match kind {
            Kind::Authorizer => {
                let a = &api.authorizers[at];
                let ext = &a.pointer;
                r.pointer = Some(ext.clone());
                r.set("name", json!(a.name), Some(ext));
                r.set_in("authorizerType", a.authorizer_type.clone(), ext, "type");
                let sources: Vec<Value> = a.identity_source.iter().map(|s| json!(s.value)).collect();
                r.set_in("identitySource", Value::Array(sources), ext, "identitySource");
                opt(&mut r, "authorizerUri", a.uri.as_ref(), ext, "authorizerUri");
                opt(&mut r, "authorizerCredentialsArn", a.credentials.as_ref(), ext, "authorizerCredentials");
            }
            Kind::Model => {
                let m = &api.models[at];
                r.pointer = Some(m.pointer.clone());
                r.set("name", json!(m.name), None);
                r.set("contentType", json!(m.content_type), None);
                r.set("schema", m.schema.clone(), Some(&m.pointer));
            }
            Kind::Integration => {
                let i = &api.integrations[at];
                let p = &i.pointer;
                r.pointer = Some(p.clone());
                r.set_in("integrationType", i.integration_type.clone(), p, "type");
                opt(&mut r, "integrationUri", i.uri.as_ref(), p, "uri");
                opt(&mut r, "integrationMethod", i.http_method.as_ref(), p, "httpMethod");
                opt(&mut r, "credentialsArn", i.credentials.as_ref(), p, "credentials");
                opt(&mut r, "connectionType", i.connection_type.as_ref(), p, "connectionType");
                opt(&mut r, "connectionId", i.connection_id.as_ref(), p, "connectionId");
                map(&mut r, "requestParameters", &i.request_parameters, p);
                map(&mut r, "requestTemplates", &i.request_templates, p);
                if let Some(f) = &i.template_selection_expression {
                    r.set("templateSelectionExpression", f.value.clone(), Some(&f.pointer));
                }
                opt(&mut r, "passthroughBehavior", i.passthrough_behavior.as_ref(), p, "passthroughBehavior");
                opt(&mut r, "contentHandlingStrategy", i.content_handling.as_ref(), p, "contentHandling");
                r.set_in("timeoutInMillis", i.timeout_in_millis.clone(), p, "timeoutInMillis");
            }
            Kind::IntegrationResponse => {
                let (i, j) = self.responses[at];
                let ir = &api.integrations[i].responses[j];
                let p = &ir.pointer;
                r.pointer = Some(p.clone());
                r.set("integrationResponseKey", json!(ir.key), Some(p));
                map(&mut r, "responseTemplates", &ir.response_templates, p);
                if let Some(f) = &ir.template_selection_expression {
                    r.set("templateSelectionExpression", f.value.clone(), Some(&f.pointer));
                }
                opt(&mut r, "contentHandlingStrategy", ir.content_handling.as_ref(), p, "contentHandling");
            }
            Kind::Route => {
                let rt = &api.routes[at];
                r.pointer = Some(rt.pointer.clone());
                r.set("routeKey", json!(rt.key), Some(&rt.key_pointer));
                r.set("operationName", json!(rt.operation), None);
                if let Some(i) = &rt.integration {
                    r.set("target", json!({ TARGET: i }), None);
                }
                r.set("authorizationType", json!(rt.authorization_type), None);
                if let Some(a) = &rt.authorizer {
                    r.set("authorizerId", id_ref(Kind::Authorizer, &a.value), Some(&a.pointer));
                }
                if rt.api_key_required {
                    r.set("apiKeyRequired", json!(true), None);
                }
                if let Some(f) = &rt.model_selection_expression {
                    r.set("modelSelectionExpression", f.value.clone(), Some(&f.pointer));
                }
                if !rt.request_models.is_empty() {
                    r.set("requestModels", json!(rt.request_models), None);
                }
                match (&rt.route_response_selection_expression, &rt.route_response) {
                    (Some(f), _) => r.set("routeResponseSelectionExpression", f.value.clone(), Some(&f.pointer)),
                    (None, Some(rr)) => r.set("routeResponseSelectionExpression", json!("$default"), Some(&rr.pointer)),
                    (None, None) => {}
                }
            }
            Kind::RouteResponse => {
                let rt = &api.routes[at];
                if let Some(rr) = &rt.route_response {
                    r.pointer = Some(rr.pointer.clone());
                    r.set("routeResponseKey", json!(rr.key), Some(&rr.pointer));
                    if !rr.response_models.is_empty() {
                        r.set("responseModels", json!(rr.response_models), None);
                    }
                }
            }
            Kind::Api | Kind::Stage => {}
        }
        r
    }

    /// A route's integration and authorizer; the models a route or route response names.
    fn dependencies(&self, kind: Kind, at: usize, index: &Index<'_>) -> Vec<usize> {
        let api = self.api;
        let mut deps = self.ordering(kind, at, index);
        if kind == Kind::Route {
            let rt = &api.routes[at];
            if let Some(i) = &rt.integration {
                deps.extend(index.get(Kind::Integration, i));
            }
            if let Some(a) = &rt.authorizer {
                deps.extend(index.get(Kind::Authorizer, &a.value));
            }
        }
        deps
    }

    /// Models are named by their names, not their ids: nothing in the body refers to them.
    fn ordering(&self, kind: Kind, at: usize, index: &Index<'_>) -> Vec<usize> {
        let api = self.api;
        let models: Box<dyn Iterator<Item = &String>> = match kind {
            Kind::Route => Box::new(api.routes[at].request_models.values()),
            Kind::RouteResponse => {
                Box::new(api.routes[at].route_response.iter().flat_map(|rr| rr.response_models.values()))
            }
            _ => Box::new(std::iter::empty()),
        };
        let mut deps: Vec<usize> = models.filter_map(|m| index.get(Kind::Model, m)).collect();
        deps.sort_unstable();
        deps.dedup();
        deps
    }
}

/// Sets `key` to `v` when there is one, from the member `child` of `parent`.
fn opt(r: &mut Resource, key: &str, v: Option<&Value>, parent: &Pointer, child: &str) {
    if let Some(v) = v {
        r.set_in(key, v.clone(), parent, child);
    }
}

/// Sets `key` to a map written at `parent`'s member of that name, when it has entries.
fn map(r: &mut Resource, key: &str, entries: &[(String, Value)], parent: &Pointer) {
    if entries.is_empty() {
        return;
    }
    let at = parent.child(key);
    for (k, _) in entries {
        r.note(|| (vec![key.to_string(), k.clone()], at.child(k)));
    }
    let m: Map<String, Value> = entries.iter().cloned().collect();
    r.set(key, Value::Object(m), Some(&at));
}
