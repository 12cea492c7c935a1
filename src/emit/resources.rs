//! The backend-neutral resource model: what granular mode creates, in the wire format of the
//! API Gateway v2 REST API (camelCase bodies), with the document pointer of every field and
//! references between resources kept symbolic until a backend renders them.

use crate::http::ir::{Api, AuthorizerKind, Integration, IntegrationKind, Route, RouteAuth, Val};
use crate::pointer::Pointer;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// What kind of API Gateway resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Api,
    Authorizer,
    Integration,
    Route,
    Stage,
}

impl Kind {
    /// The collection in `/v2/apis/{apiId}/…` and the id field a create call returns.
    pub(crate) fn collection(self) -> (&'static str, &'static str) {
        match self {
            Kind::Api => ("", "apiId"),
            Kind::Authorizer => ("authorizers", "authorizerId"),
            Kind::Integration => ("integrations", "integrationId"),
            Kind::Route => ("routes", "routeId"),
            Kind::Stage => ("stages", "stageName"),
        }
    }

    /// The kind a reference marker names (`"authorizer"`, `"integration"`, …).
    pub(crate) fn from_word(word: &str) -> Option<Kind> {
        [Kind::Api, Kind::Authorizer, Kind::Integration, Kind::Route, Kind::Stage]
            .into_iter()
            .find(|k| k.word() == word)
    }

    pub(crate) fn word(self) -> &'static str {
        match self {
            Kind::Api => "api",
            Kind::Authorizer => "authorizer",
            Kind::Integration => "integration",
            Kind::Route => "route",
            Kind::Stage => "stage",
        }
    }
}

/// Marker key for a reference to another resource's id inside a body:
/// `{"$gatewright:id": ["integration", "petsFn"]}`; `target` wraps it as `integrations/<id>`.
pub(crate) const REF: &str = "$gatewright:id";
pub(crate) const TARGET: &str = "$gatewright:target";

/// One resource to create.
#[derive(Clone, Debug)]
pub(crate) struct Resource {
    pub(crate) kind: Kind,
    /// Stable name: the authorizer name, the integration id, the route key, the stage name.
    pub(crate) name: String,
    /// The create request's body, camelCase, with reference markers.
    pub(crate) body: Map<String, Value>,
    /// Where each body field (by key path) came from in the document; recorded only when asked
    /// for ([`Set::build_traced`]): only unresolved values need it, and rendering a large API
    /// would otherwise build a pointer per field it never reads.
    pub(crate) sources: Vec<(Vec<String>, Pointer)>,
    traced: bool,
    /// The document node the resource comes from (the operation, scheme, integration object).
    pub(crate) pointer: Option<Pointer>,
}

impl Resource {
    fn new(kind: Kind, name: impl Into<String>, traced: bool) -> Self {
        Resource { kind, name: name.into(), body: Map::new(), sources: Vec::new(), pointer: None, traced }
    }

    fn set(&mut self, key: &str, value: Value, from: Option<&Pointer>) {
        if let Some(p) = from {
            self.note(|| (vec![key.to_string()], p.clone()));
        }
        self.body.insert(key.to_string(), value);
    }

    /// Sets `key`, which comes from the member `child` of `parent` in the document.
    fn set_in(&mut self, key: &str, value: Value, parent: &Pointer, child: &str) {
        self.note(|| (vec![key.to_string()], parent.child(child)));
        self.body.insert(key.to_string(), value);
    }

    fn val<T: serde::Serialize>(&mut self, key: &str, v: Option<&Val<T>>, parent: &Pointer, child: &str) {
        if let Some(v) = v {
            self.set_in(key, v.to_json(), parent, child);
        }
    }

    /// Records where a body path came from, when sources are traced.
    fn note(&mut self, source: impl FnOnce() -> (Vec<String>, Pointer)) {
        if self.traced {
            self.sources.push(source());
        }
    }

    /// The document pointer of a body path (the longest recorded prefix).
    pub(crate) fn source_of(&self, path: &[String]) -> Option<&Pointer> {
        self.sources.iter().filter(|(p, _)| path.starts_with(p)).max_by_key(|(p, _)| p.len()).map(|(_, ptr)| ptr)
    }
}

/// Resources by kind and name: every reference between resources is resolved through this, in
/// O(1), so no backend scans the list per reference.
pub(crate) struct Index<'a>(HashMap<(Kind, &'a str), usize>);

impl Index<'_> {
    /// The position of the resource of `kind` named `name`.
    pub(crate) fn get(&self, kind: Kind, name: &str) -> Option<usize> {
        self.0.get(&(kind, name)).copied()
    }

    /// The position of the resource a reference marker names (`["integration", "petsFn"]`).
    pub(crate) fn word(&self, kind: &str, name: &str) -> Option<usize> {
        Kind::from_word(kind).and_then(|k| self.get(k, name))
    }
}

/// A reference marker to another resource's id.
pub(crate) fn id_ref(kind: Kind, name: &str) -> Value {
    json!({ REF: [kind.word(), name] })
}

/// What granular mode creates, API first, in a light form: a resource's body is built only when a
/// backend asks for it ([`Set::build`]) and dropped once rendered, so emitting a large API never
/// holds all bodies at once.
pub(crate) struct Set<'a> {
    api: &'a Api,
    items: Vec<(Kind, usize)>,
    names: Vec<String>,
}

impl<'a> Set<'a> {
    pub(crate) fn new(api: &'a Api, stage: &str) -> Self {
        let mut items = vec![(Kind::Api, 0)];
        let mut names = vec!["api".to_string()];
        let mut auths: Vec<usize> = (0..api.authorizers.len()).collect();
        auths.sort_by(|&a, &b| api.authorizers[a].name.cmp(&api.authorizers[b].name));
        for a in auths {
            items.push((Kind::Authorizer, a));
            names.push(api.authorizers[a].name.clone());
        }
        let mut ints: Vec<usize> = (0..api.integrations.len()).filter(|&i| api.integrations[i].is_created()).collect();
        ints.sort_by(|&a, &b| api.integrations[a].id.cmp(&api.integrations[b].id));
        for i in ints {
            items.push((Kind::Integration, i));
            names.push(api.integrations[i].id.clone());
        }
        let mut routes: Vec<usize> = (0..api.routes.len()).collect();
        routes.sort_by(|&a, &b| crate::http::view::route_order(&api.routes[a], &api.routes[b]));
        for r in routes {
            items.push((Kind::Route, r));
            names.push(api.routes[r].key.to_string());
        }
        items.push((Kind::Stage, 0));
        names.push(stage.to_string());
        Set { api, items, names }
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn kind(&self, i: usize) -> Kind {
        self.items[i].0
    }

    pub(crate) fn name(&self, i: usize) -> &str {
        &self.names[i]
    }

    /// Positions by kind and name.
    pub(crate) fn index(&self) -> Index<'_> {
        Index(self.items.iter().zip(&self.names).enumerate().map(|(i, ((k, _), n))| ((*k, n.as_str()), i)).collect())
    }

    /// What must exist before the resource at `i` (positions): the API, for a route the
    /// integration it targets and the authorizer it names, for the stage every route (`routes`).
    /// Read from the IR, so no body is built for it; the bodies' reference markers name the same.
    pub(crate) fn dependencies(&self, i: usize, index: &Index<'_>, routes: &[usize]) -> Vec<usize> {
        let (kind, at) = self.items[i];
        let mut deps = Vec::new();
        if kind != Kind::Api {
            deps.extend(index.get(Kind::Api, "api"));
        }
        match kind {
            Kind::Stage => deps.extend(routes.iter().copied()),
            Kind::Route => {
                let rt = &self.api.routes[at];
                if let Some(i) = rt.target.and_then(|t| self.api.integrations.get(t)).filter(|i| i.is_created()) {
                    deps.extend(index.get(Kind::Integration, &i.id));
                }
                if let RouteAuth::Jwt { authorizer, .. } | RouteAuth::Custom { authorizer, .. } = &rt.auth {
                    deps.extend(index.get(Kind::Authorizer, authorizer));
                }
            }
            Kind::Api | Kind::Authorizer | Kind::Integration => {}
        }
        deps.sort_unstable();
        deps.dedup();
        deps
    }

    /// The resource at `i`, with its body.
    pub(crate) fn build(&self, i: usize) -> Resource {
        self.build_with(i, false)
    }

    /// The resource at `i`, with its body and the document source of each field.
    pub(crate) fn build_traced(&self, i: usize) -> Resource {
        self.build_with(i, true)
    }

    fn build_with(&self, i: usize, traced: bool) -> Resource {
        let (kind, at) = self.items[i];
        match kind {
            Kind::Api => api_resource(self.api, traced),
            Kind::Authorizer => authorizer(&self.api.authorizers[at], traced),
            Kind::Integration => integration(&self.api.integrations[at], traced),
            Kind::Route => route(self.api, &self.api.routes[at], &self.names[i], traced),
            Kind::Stage => {
                let stage = &self.names[i];
                let mut s = Resource::new(Kind::Stage, stage.as_str(), traced);
                s.set("stageName", json!(stage), None);
                s.set("autoDeploy", json!(true), None);
                s
            }
        }
    }
}

fn api_resource(api: &Api, traced: bool) -> Resource {
    let mut r = Resource::new(Kind::Api, "api", traced);
    let root = Pointer::root();
    // The API's name and settings come from `info`: a failure is shown there.
    r.pointer = Some(api.name.as_ref().map_or_else(|| root.child("info"), |f| f.pointer.parent()));
    if let Some(f) = &api.name {
        r.set("name", f.value.to_json(), Some(&f.pointer));
    }
    r.set("protocolType", json!("HTTP"), None);
    if let Some(f) = &api.version {
        r.set("version", f.value.to_json(), Some(&f.pointer));
    }
    if let Some(f) = &api.description {
        r.set("description", f.value.to_json(), Some(&f.pointer));
    }
    if let Some(c) = api.effective_cors() {
        let mut m = Map::new();
        let fields: [(&str, Option<Value>); 6] = [
            ("allowCredentials", c.allow_credentials.as_ref().map(Val::to_json)),
            ("allowHeaders", c.allow_headers.as_ref().map(Val::to_json)),
            ("allowMethods", c.allow_methods.as_ref().map(Val::to_json)),
            ("allowOrigins", c.allow_origins.as_ref().map(Val::to_json)),
            ("exposeHeaders", c.expose_headers.as_ref().map(Val::to_json)),
            ("maxAge", c.max_age.as_ref().map(Val::to_json)),
        ];
        for (k, v) in fields {
            if let Some(v) = v {
                r.note(|| (vec!["corsConfiguration".into(), k.into()], c.pointer.child(k)));
                m.insert(k.into(), v);
            }
        }
        r.set("corsConfiguration", Value::Object(m), Some(&c.pointer));
    }
    if !api.tags.is_empty() {
        let mut tags: Vec<_> = api.tags.iter().collect();
        tags.sort_by(|a, b| a.key.cmp(&b.key));
        let mut m = Map::new();
        for t in tags {
            r.note(|| (vec!["tags".into(), t.key.clone()], t.pointer.clone()));
            m.insert(t.key.clone(), t.value.to_json());
        }
        r.set_in("tags", Value::Object(m), &root, "tags");
    }
    if let Some(f) = &api.disable_execute_api_endpoint {
        r.set("disableExecuteApiEndpoint", f.value.to_json(), Some(&f.pointer));
    }
    if let Some(f) = &api.ip_address_type {
        r.set("ipAddressType", f.value.to_json(), Some(&f.pointer));
    }
    r
}

fn authorizer(a: &crate::http::ir::Authorizer, traced: bool) -> Resource {
    let mut r = Resource::new(Kind::Authorizer, &a.name, traced);
    r.pointer = Some(a.pointer.clone());
    let ext = a.pointer.child("x-amazon-apigateway-authorizer");
    r.set("name", json!(a.name), Some(&a.pointer));
    let kind = match a.kind {
        AuthorizerKind::Jwt => "JWT",
        AuthorizerKind::Request => "REQUEST",
    };
    r.set_in("authorizerType", json!(kind), &ext, "type");
    r.set_in(
        "identitySource",
        Value::Array(a.identity_source.iter().map(Val::to_json).collect()),
        &ext,
        "identitySource",
    );
    if a.kind == AuthorizerKind::Jwt {
        let jwt = ext.child("jwtConfiguration");
        let mut m = Map::new();
        if let Some(aud) = &a.audience {
            m.insert("audience".into(), Value::Array(aud.iter().map(Val::to_json).collect()));
        }
        if let Some(i) = &a.issuer {
            m.insert("issuer".into(), i.to_json());
        }
        r.note(|| (vec!["jwtConfiguration".into(), "issuer".into()], jwt.child("issuer")));
        r.set("jwtConfiguration", Value::Object(m), Some(&jwt));
    } else {
        r.val("authorizerUri", a.authorizer_uri.as_ref(), &ext, "authorizerUri");
        r.val(
            "authorizerPayloadFormatVersion",
            a.payload_format_version.as_ref(),
            &ext,
            "authorizerPayloadFormatVersion",
        );
        r.val("enableSimpleResponses", a.enable_simple_responses.as_ref(), &ext, "enableSimpleResponses");
        r.val("authorizerResultTtlInSeconds", a.result_ttl.as_ref(), &ext, "authorizerResultTtlInSeconds");
        r.val("authorizerCredentialsArn", a.credentials.as_ref(), &ext, "authorizerCredentials");
    }
    r
}

/// A Lambda invocation URI (`arn:aws:apigateway:…:lambda:path/2015-03-31/functions/<ARN>/invocations`)
/// as the function ARN that CreateIntegration takes; also inside an `Fn::Sub` template, so a
/// CloudFormation-built URI gets the same treatment.
pub(crate) fn function_arn(v: &mut Value) {
    fn cut(s: &str) -> Option<String> {
        s.split_once("/functions/").and_then(|(_, rest)| rest.strip_suffix("/invocations")).map(str::to_string)
    }
    match v {
        Value::String(s) => {
            if let Some(arn) = cut(s) {
                *s = arn;
            }
        }
        Value::Object(m) => match m.get_mut("Fn::Sub") {
            Some(Value::String(s)) => {
                if let Some(arn) = cut(s) {
                    *s = arn;
                }
            }
            Some(Value::Array(parts)) => {
                if let Some(Value::String(s)) = parts.first_mut()
                    && let Some(arn) = cut(s)
                {
                    *s = arn;
                }
            }
            _ => {}
        },
        _ => {}
    }
}

fn integration(i: &Integration, traced: bool) -> Resource {
    let mut r = Resource::new(Kind::Integration, &i.id, traced);
    r.pointer = Some(i.pointer.clone());
    let at = &i.pointer;
    r.set_in("integrationType", i.integration_type.to_json(), at, "type");
    r.val("integrationSubtype", i.subtype.as_ref(), at, "integrationSubtype");
    if let Some(u) = &i.uri {
        r.set_in("integrationUri", u.to_json(), at, "uri");
    }
    r.val("integrationMethod", i.http_method.as_ref(), at, "httpMethod");
    match &i.payload_format_version {
        Some(v) => r.set_in("payloadFormatVersion", v.to_json(), at, "payloadFormatVersion"),
        None if !matches!(i.kind, IntegrationKind::LambdaProxy) => r.set("payloadFormatVersion", json!("1.0"), None),
        None => {}
    }
    r.val("connectionType", i.connection_type.as_ref(), at, "connectionType");
    r.val("connectionId", i.connection_id.as_ref(), at, "connectionId");
    r.val("credentialsArn", i.credentials.as_ref(), at, "credentials");
    r.val("timeoutInMillis", i.timeout_in_millis.as_ref(), at, "timeoutInMillis");
    if !i.request_parameters.is_empty() {
        let p = at.child("requestParameters");
        let mut m = Map::new();
        for (k, v) in &i.request_parameters {
            r.note(|| (vec!["requestParameters".into(), k.clone()], p.child(k)));
            m.insert(k.clone(), v.to_json());
        }
        r.set("requestParameters", Value::Object(m), Some(&p));
    }
    if !i.response_parameters.is_empty() {
        let p = at.child("responseParameters");
        let mut m = Map::new();
        for (status, map) in &i.response_parameters {
            let mut inner = Map::new();
            for (k, v) in map {
                r.note(|| (vec!["responseParameters".into(), status.clone(), k.clone()], p.child(status).child(k)));
                inner.insert(k.clone(), v.to_json());
            }
            m.insert(status.clone(), Value::Object(inner));
        }
        r.set("responseParameters", Value::Object(m), Some(&p));
    }
    if let Some(t) = &i.tls_server_name {
        r.note(|| {
            (vec!["tlsConfig".into(), "serverNameToVerify".into()], at.child("tlsConfig").child("serverNameToVerify"))
        });
        r.set("tlsConfig", json!({"serverNameToVerify": t.to_json()}), None);
    }
    r
}

fn route(api: &Api, rt: &Route, key: &str, traced: bool) -> Resource {
    let mut r = Resource::new(Kind::Route, key, traced);
    r.pointer = Some(rt.pointer.clone());
    r.set("routeKey", json!(key), Some(&rt.path_pointer));
    if let Some(i) = rt.target.and_then(|t| api.integrations.get(t)).filter(|i| i.is_created()) {
        r.set("target", json!({ TARGET: i.id }), None);
    }
    r.set("authorizationType", json!(rt.auth.authorization_type()), None);
    match &rt.auth {
        RouteAuth::Jwt { authorizer, scopes } => {
            r.set("authorizerId", id_ref(Kind::Authorizer, authorizer), None);
            if !scopes.is_empty() {
                r.set("authorizationScopes", json!(scopes), None);
            }
        }
        RouteAuth::Custom { authorizer, .. } => r.set("authorizerId", id_ref(Kind::Authorizer, authorizer), None),
        RouteAuth::None | RouteAuth::Iam => {}
    }
    if let Some(op) = &rt.operation_name {
        r.set_in("operationName", op.to_json(), &rt.pointer, "operationId");
    }
    r
}
