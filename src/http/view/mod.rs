//! Views of the IR for the `routes` command: the JSON that `aws apigatewayv2 get-api /
//! get-routes / get-integrations / get-authorizers` would print after import, and a table.

mod simulate;
mod table;

pub use simulate::{MatchKind, Selection, parse_request, select, selection_json, selection_text};
pub use table::routes_table;

use crate::http::ir::{Api, Authorizer, AuthorizerKind, Integration, IntegrationKind, Route, RouteAuth, Val};
use serde_json::{Map, Value, json};

/// `{"Api": …, "Routes": […], "Integrations": […], "Authorizers": […]}` with AWS's defaults
/// filled in and ids replaced by stable names (authorizer = scheme name, integration = its id).
/// Integrations import skips (unsupported types) are left out, and their routes have no target.
pub fn routes_json(api: &Api) -> Value {
    let mut routes: Vec<&Route> = api.routes.iter().collect();
    routes.sort_by(|a, b| route_order(a, b));
    let mut integrations: Vec<&Integration> = api.integrations.iter().filter(|i| i.is_created()).collect();
    integrations.sort_by(|a, b| a.id.cmp(&b.id));
    let mut authorizers: Vec<&Authorizer> = api.authorizers.iter().collect();
    authorizers.sort_by(|a, b| a.name.cmp(&b.name));
    json!({
        "Api": api_json(api),
        "Routes": routes.iter().map(|r| route_json(api, r)).collect::<Vec<_>>(),
        "Integrations": integrations.iter().map(|i| integration_json(i)).collect::<Vec<_>>(),
        "Authorizers": authorizers.iter().map(|a| authorizer_json(a)).collect::<Vec<_>>(),
    })
}

/// The integration a route targets, when import creates it (skipped types leave the route
/// without a target).
pub(crate) fn created_integration<'a>(api: &'a Api, r: &Route) -> Option<&'a Integration> {
    r.target.and_then(|i| api.integrations.get(i)).filter(|i| i.is_created())
}

/// Routes sort by path, then method, `$default` last (a borrowed key: sorting allocates nothing).
fn route_sort_key(r: &Route) -> (u8, &str, &'static str) {
    match &r.key {
        crate::http::ir::RouteKey::Default => (1, "", ""),
        crate::http::ir::RouteKey::MethodPath { method, path, .. } => (0, path.as_str(), method.as_str()),
    }
}

/// The order of two routes by [`route_sort_key`].
pub(crate) fn route_order(a: &Route, b: &Route) -> std::cmp::Ordering {
    route_sort_key(a).cmp(&route_sort_key(b))
}

fn put<T: serde::Serialize>(m: &mut Map<String, Value>, k: &str, v: Option<&Val<T>>) {
    if let Some(v) = v {
        m.insert(k.into(), v.to_json());
    }
}

fn api_json(api: &Api) -> Value {
    let mut m = Map::new();
    put(&mut m, "Name", api.name.as_ref().map(|f| &f.value));
    put(&mut m, "Version", api.version.as_ref().map(|f| &f.value));
    put(&mut m, "Description", api.description.as_ref().map(|f| &f.value));
    m.insert("ProtocolType".into(), json!("HTTP"));
    m.insert("RouteSelectionExpression".into(), json!("$request.method $request.path"));
    m.insert("ApiKeySelectionExpression".into(), json!("$request.header.x-api-key"));
    let mut tags: Vec<_> = api.tags.iter().collect();
    tags.sort_by(|a, b| a.key.cmp(&b.key));
    m.insert("Tags".into(), Value::Object(tags.iter().map(|t| (t.key.clone(), t.value.to_json())).collect()));
    if let Some(c) = api.effective_cors() {
        let mut cm = Map::new();
        put(&mut cm, "AllowOrigins", c.allow_origins.as_ref());
        put(&mut cm, "AllowMethods", c.allow_methods.as_ref());
        put(&mut cm, "AllowHeaders", c.allow_headers.as_ref());
        put(&mut cm, "ExposeHeaders", c.expose_headers.as_ref());
        put(&mut cm, "MaxAge", c.max_age.as_ref());
        put(&mut cm, "AllowCredentials", c.allow_credentials.as_ref());
        m.insert("CorsConfiguration".into(), Value::Object(cm));
    }
    let disable = api.disable_execute_api_endpoint.as_ref().map_or(json!(false), |f| f.value.to_json());
    m.insert("DisableExecuteApiEndpoint".into(), disable);
    let ip = api.ip_address_type.as_ref().map_or(json!("ipv4"), |f| f.value.to_json());
    m.insert("IpAddressType".into(), ip);
    Value::Object(m)
}

fn route_json(api: &Api, r: &Route) -> Value {
    let mut m = Map::new();
    m.insert("RouteKey".into(), json!(r.key.to_string()));
    put(&mut m, "OperationName", r.operation_name.as_ref());
    m.insert("ApiKeyRequired".into(), json!(false));
    m.insert("AuthorizationType".into(), json!(r.auth.authorization_type()));
    match &r.auth {
        RouteAuth::Jwt { authorizer, scopes } | RouteAuth::Custom { authorizer, scopes } => {
            m.insert("AuthorizerId".into(), json!(authorizer));
            if matches!(r.auth, RouteAuth::Jwt { .. }) && !scopes.is_empty() {
                m.insert("AuthorizationScopes".into(), json!(scopes));
            }
        }
        RouteAuth::None | RouteAuth::Iam => {}
    }
    if let Some(t) = created_integration(api, r) {
        m.insert("Target".into(), json!(format!("integrations/{}", t.id)));
    }
    Value::Object(m)
}

fn integration_json(i: &Integration) -> Value {
    let mut m = Map::new();
    m.insert("IntegrationId".into(), json!(i.id));
    m.insert("IntegrationType".into(), i.integration_type.to_json());
    put(&mut m, "IntegrationSubtype", i.subtype.as_ref());
    put(&mut m, "IntegrationUri", i.uri.as_ref());
    put(&mut m, "IntegrationMethod", i.http_method.as_ref());
    // HTTP and service integrations only take 1.0, which AWS fills in; Lambda's default is not
    // documented, so it is shown only when written.
    let only_v1 = matches!(i.kind, IntegrationKind::HttpProxy | IntegrationKind::Private | IntegrationKind::Service(_));
    match &i.payload_format_version {
        Some(v) => m.insert("PayloadFormatVersion".into(), v.to_json()),
        None if only_v1 => m.insert("PayloadFormatVersion".into(), json!("1.0")),
        None => None,
    };
    let connection = i.connection_type.as_ref().map_or(json!("INTERNET"), Val::to_json);
    m.insert("ConnectionType".into(), connection);
    put(&mut m, "ConnectionId", i.connection_id.as_ref());
    put(&mut m, "CredentialsArn", i.credentials.as_ref());
    let timeout = i.timeout_in_millis.as_ref().map_or(json!(30000), Val::to_json);
    m.insert("TimeoutInMillis".into(), timeout);
    if !i.request_parameters.is_empty() {
        let rp: Map<String, Value> = i.request_parameters.iter().map(|(k, v)| (k.clone(), v.to_json())).collect();
        m.insert("RequestParameters".into(), Value::Object(rp));
    }
    if !i.response_parameters.is_empty() {
        let rp: Map<String, Value> = i
            .response_parameters
            .iter()
            .map(|(status, map)| {
                (status.clone(), Value::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()))
            })
            .collect();
        m.insert("ResponseParameters".into(), Value::Object(rp));
    }
    if let Some(t) = &i.tls_server_name {
        m.insert("TlsConfig".into(), json!({"ServerNameToVerify": t.to_json()}));
    }
    Value::Object(m)
}

fn authorizer_json(a: &Authorizer) -> Value {
    let mut m = Map::new();
    m.insert("AuthorizerId".into(), json!(a.name));
    m.insert("Name".into(), json!(a.name));
    m.insert(
        "AuthorizerType".into(),
        json!(match a.kind {
            AuthorizerKind::Jwt => "JWT",
            AuthorizerKind::Request => "REQUEST",
        }),
    );
    m.insert("IdentitySource".into(), Value::Array(a.identity_source.iter().map(Val::to_json).collect()));
    match a.kind {
        AuthorizerKind::Jwt => {
            let mut j = Map::new();
            if let Some(aud) = &a.audience {
                j.insert("Audience".into(), Value::Array(aud.iter().map(Val::to_json).collect()));
            }
            // An issuer read from the discovery document at import is not known here: left out.
            put(&mut j, "Issuer", a.issuer.as_ref());
            m.insert("JwtConfiguration".into(), Value::Object(j));
        }
        AuthorizerKind::Request => {
            put(&mut m, "AuthorizerUri", a.authorizer_uri.as_ref());
            put(&mut m, "AuthorizerPayloadFormatVersion", a.payload_format_version.as_ref());
            let simple = a.enable_simple_responses.as_ref().map_or(json!(false), Val::to_json);
            m.insert("EnableSimpleResponses".into(), simple);
            put(&mut m, "AuthorizerResultTtlInSeconds", a.result_ttl.as_ref());
            put(&mut m, "AuthorizerCredentialsArn", a.credentials.as_ref());
        }
    }
    Value::Object(m)
}
