//! HTTP APIs as API Gateway v2 resources: the HTTP IR's API, authorizers, integrations and routes
//! as the create requests' bodies ([`Http`], the [`Builder`] that `emit/v2/` renders).

use crate::emit::v2::resources::{Builder, Index, Items, Kind, Resource, Set, TARGET, id_ref};
use crate::http::ir::{Api, AuthorizerKind, Integration, IntegrationKind, Route, RouteAuth, Val};
use crate::pointer::Pointer;
use serde_json::{Map, Value, json};

/// An HTTP API's resources.
pub(crate) struct Http<'a>(pub(crate) &'a Api);

impl<'a> Http<'a> {
    /// The set granular mode creates: authorizers by name, the integrations that are created by
    /// id, routes in the views' order, then the stage `stage`.
    pub(crate) fn set(&'a self, stage: &str) -> Set<'a> {
        let api = self.0;
        let mut items = Items::default();
        let mut auths: Vec<usize> = (0..api.authorizers.len()).collect();
        auths.sort_by(|&a, &b| api.authorizers[a].name.cmp(&api.authorizers[b].name));
        for a in auths {
            items.push(Kind::Authorizer, a, api.authorizers[a].name.clone());
        }
        let mut ints: Vec<usize> = (0..api.integrations.len()).filter(|&i| api.integrations[i].is_created()).collect();
        ints.sort_by(|&a, &b| api.integrations[a].id.cmp(&api.integrations[b].id));
        for i in ints {
            items.push(Kind::Integration, i, api.integrations[i].id.clone());
        }
        let mut routes: Vec<usize> = (0..api.routes.len()).collect();
        routes.sort_by(|&a, &b| crate::http::view::route_order(&api.routes[a], &api.routes[b]));
        for r in routes {
            items.push(Kind::Route, r, api.routes[r].key.to_string());
        }
        Set::new(self, items, stage)
    }
}

impl Builder for Http<'_> {
    fn what(&self) -> &'static str {
        "HTTP API"
    }

    fn document(&self) -> &'static str {
        "OpenAPI document"
    }

    fn api(&self, traced: bool) -> Resource {
        api_resource(self.0, traced)
    }

    fn build(&self, kind: Kind, at: usize, name: &str, traced: bool) -> Resource {
        let api = self.0;
        match kind {
            Kind::Authorizer => authorizer(&api.authorizers[at], traced),
            Kind::Integration => integration(&api.integrations[at], traced),
            _ => route(api, &api.routes[at], name, traced),
        }
    }

    /// A route's integration and authorizer.
    fn dependencies(&self, kind: Kind, at: usize, index: &Index<'_>) -> Vec<usize> {
        let mut deps = Vec::new();
        if kind == Kind::Route {
            let api = self.0;
            let rt = &api.routes[at];
            if let Some(i) = rt.target.and_then(|t| api.integrations.get(t)).filter(|i| i.is_created()) {
                deps.extend(index.get(Kind::Integration, &i.id));
            }
            if let RouteAuth::Jwt { authorizer, .. } | RouteAuth::Custom { authorizer, .. } = &rt.auth {
                deps.extend(index.get(Kind::Authorizer, authorizer));
            }
        }
        deps
    }

    /// A Lambda proxy integration takes the function's ARN: its invocation URI is cut to it.
    fn finish(&self, r: &mut Resource) {
        if r.kind == Kind::Integration {
            let lambda = r.body.get("integrationType").and_then(Value::as_str) == Some("AWS_PROXY")
                && !r.body.contains_key("integrationSubtype");
            if let (true, Some(uri)) = (lambda, r.body.get_mut("integrationUri")) {
                crate::emit::lambda::function_arn(uri);
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
