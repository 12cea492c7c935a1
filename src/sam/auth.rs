//! `Auth` of an `AWS::Serverless::HttpApi` as SAM's `http_api_generator.py` and
//! `ApiGatewayV2Authorizer.generate_openapi` write it: `components.securitySchemes` (JWT,
//! Lambda REQUEST, `AWS_IAM` of `EnableIamAuthorizer`) and the `DefaultAuthorizer` on every
//! method with an integration and no `security` of its own.

use super::Refusal;
use super::doc::{Doc, Span, V};

/// The authorizers' names and their `AuthorizationScopes`, as SAM keeps them for the default.
pub(crate) type Authorizers = Vec<(String, Option<Doc>)>;

/// Adds `auth` (the API's `Auth`) to `body`; SAM's refusals in `out`.
pub(crate) fn add(api: &str, auth: &Doc, body: &mut Doc, out: &mut Vec<Refusal>) {
    let refuse = |at: Span, msg: String| Refusal { at, id: api.to_string(), msg };
    const KEYS: [&str; 3] = ["Authorizers", "DefaultAuthorizer", "EnableIamAuthorizer"];
    if auth.keys().iter().any(|k| !KEYS.contains(&k.as_str())) || !auth.is_map() {
        out.push(refuse(auth.at, "Invalid value for 'Auth' property".into()));
        return;
    }
    let Some(authorizers) = authorizers(api, auth, out) else { return };
    let mut schemes = Doc::map(auth.at);
    for (name, scheme) in authorizers.iter().filter_map(|(n, _)| scheme(auth, n).map(|s| (n, s))) {
        schemes.set(name, scheme.at, scheme);
    }
    if let V::Map(entries) = &schemes.v
        && !entries.is_empty()
    {
        let at = schemes.at;
        if let Some(components) = body.entry("components", at) {
            match components.get_mut("securitySchemes") {
                Some(existing) => {
                    if let V::Map(new) = schemes.v {
                        for (k, ks, v) in new {
                            existing.set(&k, ks, v);
                        }
                    }
                }
                None => components.set("securitySchemes", at, schemes),
            }
        }
    }
    let Some(default) = auth.get("DefaultAuthorizer") else { return };
    // `is_intrinsic_no_value`: any other intrinsic is no string.
    if super::intrinsic_ref(default) == Some("AWS::NoValue") {
        return;
    }
    let Some(name) = default.str_value() else {
        out.push(refuse(default.at, "Property 'Auth.DefaultAuthorizer' should be a string.".into()));
        return;
    };
    let Some((_, scopes)) = authorizers.iter().find(|(n, _)| n == name) else {
        out.push(refuse(
            default.at,
            format!("Unable to set DefaultAuthorizer because '{name}' was not defined in 'Authorizers'."),
        ));
        return;
    };
    let Some(paths) = body.get_mut("paths") else { return };
    let V::Map(paths) = &mut paths.v else { return };
    for (path, _, item) in paths.iter_mut() {
        for item in super::events::branches_mut(item) {
            if default_on(path, item, name, scopes, default.at, out).is_err() {
                return;
            }
        }
    }
}

/// `set_path_default_authorizer` on one path item; `Err` once SAM has refused.
fn default_on(
    path: &str,
    item: &mut Doc,
    name: &str,
    scopes: &Option<Doc>,
    at: Span,
    out: &mut Vec<Refusal>,
) -> Result<(), ()> {
    {
        let V::Map(methods) = &mut item.v else { return Ok(()) };
        let names: Vec<String> = methods.iter().map(|(m, _, _)| m.clone()).collect();
        for (method, _, op) in methods.iter_mut() {
            let normal = match method.to_lowercase().as_str() {
                "any" => "x-amazon-apigateway-any-method".to_string(),
                m => m.to_string(),
            };
            if normal == "parameters" || normal == "options" {
                continue;
            }
            if !names.contains(&normal) {
                let msg = format!("Could not find {normal} in {path} within DefinitionBody.");
                out.push(Refusal { at: op.at, id: String::new(), msg });
                return Err(());
            }
            for op in super::events::branches_mut(op) {
                if !op.is_map() {
                    let msg = format!("Definition of method '{method}' for path '{path}' should be a map.");
                    out.push(Refusal { at: op.at, id: String::new(), msg });
                    return Err(());
                }
                if op.get("x-amazon-apigateway-integration").is_none() {
                    continue;
                }
                if op.get("security").is_some_and(|s| !matches!(&s.v, V::Seq(i) if i.is_empty())) {
                    continue;
                }
                let scopes = scopes.clone().unwrap_or_else(|| Doc::seq(Vec::new(), at));
                op.set("security", at, Doc::seq(vec![Doc::one(name, scopes, at)], at));
            }
        }
    }
    Ok(())
}

/// The API's authorizers with their scopes (`AWS_IAM` first when `EnableIamAuthorizer`), or
/// `None` when SAM refuses them.
pub(crate) fn authorizers(api: &str, auth: &Doc, out: &mut Vec<Refusal>) -> Option<Authorizers> {
    let mut list = Vec::new();
    if auth
        .get("EnableIamAuthorizer")
        .is_some_and(|e| matches!(&e.v, V::Scalar(crate::tree::Kind::Bool, t) if t == "true"))
    {
        list.push(("AWS_IAM".to_string(), None));
    }
    let Some(config) = auth.get("Authorizers") else { return Some(list) };
    let V::Map(entries) = &config.v else {
        out.push(Refusal { at: config.at, id: api.into(), msg: "Property 'Auth.Authorizers' should be a map.".into() });
        return None;
    };
    for (name, _, a) in entries {
        if !a.is_map() {
            let msg = format!("Property 'Auth.Authorizers.{name}' should be a map.");
            out.push(Refusal { at: a.at, id: api.into(), msg });
            return None;
        }
        if let Some(o) = a.get("OpenIdConnectUrl") {
            let msg = format!(
                "'OpenIdConnectUrl' is no longer a supported property for authorizer '{name}'. Please refer to the AWS SAM documentation."
            );
            out.push(Refusal { at: o.at, id: api.into(), msg });
            return None;
        }
        if let Err(msg) = validate(name, a) {
            out.push(Refusal { at: a.at, id: api.into(), msg });
            return None;
        }
        list.push((name.clone(), given(a, "AuthorizationScopes").cloned()));
    }
    Some(list)
}

/// The property `key` of an authorizer, unless absent or null (SAM's `None`).
fn given<'d>(a: &'d Doc, key: &str) -> Option<&'d Doc> {
    a.get(key).filter(|v| !matches!(v.v, V::Scalar(crate::tree::Kind::Null, _)))
}

/// `ApiGatewayV2Authorizer.__init__`'s checks, in its order.
fn validate(name: &str, a: &Doc) -> Result<(), String> {
    let jwt = given(a, "JwtConfiguration");
    if let Some(j) = jwt.filter(|j| j.truthy() && !j.is_map()) {
        let _ = j;
        return Err("Property 'JwtConfiguration' should be a map.".into());
    }
    let is_jwt = jwt.is_some_and(Doc::truthy);
    if given(a, "AuthorizationScopes").is_some_and(|s| !matches!(s.v, V::Seq(_))) {
        return Err("AuthorizationScopes must be a list.".into());
    }
    const DISPLAY: [(&str, bool, &str); 9] = [
        ("AuthorizationScopes", true, "OAuth2 Authorizer"),
        ("JwtConfiguration", true, "OAuth2 Authorizer"),
        ("IdentitySource", true, "OAuth2 Authorizer. For Lambda Authorizer, use the 'Identity' property instead"),
        ("FunctionArn", false, "Lambda Authorizer"),
        ("FunctionInvokeRole", false, "Lambda Authorizer"),
        ("Identity", false, "Lambda Authorizer"),
        ("AuthorizerPayloadFormatVersion", false, "Lambda Authorizer"),
        ("EnableSimpleResponses", false, "Lambda Authorizer"),
        ("EnableFunctionDefaultPermissions", false, "Lambda Authorizer"),
    ];
    for (key, for_jwt, hint) in DISPLAY {
        // SAM keeps a falsy `JwtConfiguration` as `None`.
        let present = if key == "JwtConfiguration" { is_jwt } else { given(a, key).is_some() };
        if present && for_jwt != is_jwt {
            return Err(format!("{key} is only supported for {hint}."));
        }
    }
    if is_jwt {
        if !given(a, "IdentitySource").is_some_and(Doc::truthy) {
            return Err(format!("{name} OAuth2 Authorizer must define 'IdentitySource'."));
        }
    } else {
        if !given(a, "FunctionArn").is_some_and(Doc::truthy) {
            return Err(format!("{name} Lambda Authorizer must define 'FunctionArn'."));
        }
        if !given(a, "AuthorizerPayloadFormatVersion").is_some_and(Doc::truthy) {
            return Err(format!("{name} Lambda Authorizer must define 'AuthorizerPayloadFormatVersion'."));
        }
    }
    if given(a, "EnableFunctionDefaultPermissions")
        .is_some_and(|e| !matches!(e.v, V::Scalar(crate::tree::Kind::Bool, _)))
    {
        return Err(format!("Property 'Authorizers.{name}.EnableFunctionDefaultPermissions' should be a boolean."));
    }
    Ok(())
}

/// The security scheme SAM writes for the authorizer `name` (checked by [`authorizers`]).
fn scheme(auth: &Doc, name: &str) -> Option<Doc> {
    let Some(a) = auth.get("Authorizers").and_then(|c| c.get(name)) else {
        // `EnableIamAuthorizer`.
        let at = auth.at;
        let mut d = Doc::map(at);
        d.set("type", at, Doc::str("apiKey", at));
        d.set("name", at, Doc::str("Authorization", at));
        d.set("in", at, Doc::str("header", at));
        d.set("x-amazon-apigateway-authtype", at, Doc::str("awsSigv4", at));
        return Some(d);
    };
    let at = a.at;
    let jwt = a.get("JwtConfiguration");
    let mut ext = Doc::map(at);
    let mut d = Doc::map(at);
    if let Some(jwt) = jwt.filter(|j| j.truthy()) {
        let source = given(a, "IdentitySource")?;
        d.set("type", at, Doc::str("oauth2", at));
        // SAM lowers the keys (`Issuer` → `issuer`), as OpenAPI's extension spells them.
        let mut lowered = jwt.clone();
        if let V::Map(entries) = &mut lowered.v {
            entries.iter_mut().for_each(|e| e.0 = e.0.to_lowercase());
        }
        ext.set("jwtConfiguration", jwt.at, lowered);
        ext.set("identitySource", source.at, source.clone());
        ext.set("type", at, Doc::str("jwt", at));
    } else {
        let arn = given(a, "FunctionArn")?;
        let version = given(a, "AuthorizerPayloadFormatVersion")?;
        d.set("type", at, Doc::str("apiKey", at));
        d.set("name", at, Doc::str("Unused", at));
        d.set("in", at, Doc::str("header", at));
        ext.set("type", at, Doc::str("request", at));
        let uri = "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations";
        let vars = Doc::one("__FunctionArn__", arn.clone(), arn.at);
        ext.set(
            "authorizerUri",
            arn.at,
            Doc::one("Fn::Sub", Doc::seq(vec![Doc::str(uri, arn.at), vars], arn.at), arn.at),
        );
        if let Some(role) = a.get("FunctionInvokeRole").filter(|r| r.str_value() != Some("NONE")) {
            ext.set("authorizerCredentials", role.at, role.clone());
        }
        if let Some(identity) = a.get("Identity") {
            if let Some(ttl) = identity.get("ReauthorizeEvery") {
                ext.set("authorizerResultTtlInSeconds", ttl.at, ttl.clone());
            }
            let mut sources = Vec::new();
            for (prefix, key) in [
                ("$request.header.", "Headers"),
                ("$request.querystring.", "QueryStrings"),
                ("$stageVariables.", "StageVariables"),
                ("$context.", "Context"),
            ] {
                if let Some(V::Seq(items)) = identity.get(key).map(|v| &v.v) {
                    sources.extend(
                        items.iter().filter_map(|i| Some(Doc::str(&format!("{prefix}{}", i.str_value()?), i.at))),
                    );
                }
            }
            ext.set("identitySource", identity.at, Doc::seq(sources, identity.at));
        }
        ext.set("authorizerPayloadFormatVersion", version.at, version.clone());
        if let Some(simple) = a
            .get("EnableSimpleResponses")
            .filter(|s| !matches!(&s.v, V::Scalar(crate::tree::Kind::Bool, t) if t == "false"))
        {
            ext.set("enableSimpleResponses", simple.at, simple.clone());
        }
    }
    d.set("x-amazon-apigateway-authorizer", at, ext);
    Some(d)
}
