//! `Auth` of an `AWS::Serverless::Api` and of its events, as SAM writes them into the Swagger:
//! an event's `Authorizer`, `AuthorizationScopes` and `ApiKeyRequired` on its method
//! (`Api.add_auth_to_swagger`, `SwaggerEditor.add_auth_to_method`), then the API's authorizers
//! as `securityDefinitions` (`ApiGatewayAuthorizer.generate_swagger`: Cognito, Lambda TOKEN and
//! REQUEST, `AWS_IAM`), its `DefaultAuthorizer` and `ApiKeyRequired` on every method with an
//! integration (`set_path_default_authorizer`, `set_path_default_apikey_required`).

use super::super::doc::{Doc, Span, V, python};
use super::super::events::{Event, branches_mut};
use super::super::{Refusal, is_intrinsic};
use super::events::{INTEGRATION, Slot, defs_mut, normal};

/// The keys `AuthProperties` knows.
const KEYS: [&str; 8] = [
    "Authorizers",
    "DefaultAuthorizer",
    "InvokeRole",
    "AddDefaultAuthorizerToCorsPreflight",
    "AddApiKeyRequiredToCorsPreflight",
    "ApiKeyRequired",
    "ResourcePolicy",
    "UsagePlan",
];

/// The event's `Auth` on its method (`add_auth_to_swagger`).
pub(crate) fn event(
    e: &Event<'_>,
    auth: &Doc,
    api_auth: Option<&Doc>,
    (api_id, stage): (&str, &Doc),
    method: &str,
    (path, slot): Slot<'_>,
    body: &mut Doc,
) -> Result<(), Refusal> {
    let name = auth.get("Authorizer").filter(|a| a.truthy());
    let authorizers = api_auth.and_then(|a| a.get("Authorizers")).filter(|a| a.truthy());
    if let Some(a) = authorizers.filter(|a| !a.is_map()) {
        return Err(Refusal {
            at: a.at,
            id: api_id.into(),
            msg: "Property 'Auth.Authorizers' should be a map.".into(),
        });
    }
    if let Some(n) = name {
        let shown = n.str_value().map_or_else(|| python(n), str::to_string);
        let unable =
            |why: &str| format!("Unable to set Authorizer [{shown}] on API method [{method}] for path [{path}]{why}");
        match n.str_value() {
            Some("AWS_IAM") => {}
            Some("NONE") => {
                if !api_auth.and_then(|a| a.get("DefaultAuthorizer")).is_some_and(Doc::truthy) {
                    return Err(e.refuse(n.at, &format!("Unable to set Authorizer on API method [{method}] for path [{path}] because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.")));
                }
            }
            other => {
                let Some(list) = authorizers else {
                    return Err(e.refuse(n.at, &unable(" because the related API does not define any Authorizers.")));
                };
                let Some(s) = other else {
                    return Err(e.refuse(n.at, &unable(". The method authorizer must be a string with a corresponding dict entry in the api authorizer.")));
                };
                if !list.get(s).is_some_and(Doc::truthy) {
                    return Err(e.refuse(n.at, &unable(" because it wasn't defined in the API's Authorizers.")));
                }
            }
        }
    }
    let scopes = auth.get("AuthorizationScopes").filter(|s| s.truthy());
    if let Some(s) = scopes {
        if !matches!(s.v, V::Seq(_)) {
            return Err(e.refuse(s.at, "Property 'Auth.AuthorizationScopes' should be a list."));
        }
        if name.is_none() {
            return Err(e.refuse(s.at, "AuthorizationScopes works only when Authorizer is set"));
        }
    }
    let key = auth.get("ApiKeyRequired").filter(|k| !k.is_null());
    if key.is_some_and(|k| !k.truthy()) && !api_auth.and_then(|a| a.get("ApiKeyRequired")).is_some_and(Doc::truthy) {
        return Err(e.refuse(key.map_or(auth.at, |k| k.at), &format!("Unable to set ApiKeyRequired [False] on API method [{method}] for path [{path}] because the related API does not specify any ApiKeyRequired.")));
    }
    let normal = normal(method);
    if let Some(n) = name {
        let own = auth.get("AuthorizationScopes").filter(|s| !s.is_null());
        let list = authorizers.filter(|a| a.is_map());
        let mut iam = false;
        for op in defs_mut(body, (path, slot), &normal) {
            let mut value = Doc::seq(Vec::new(), n.at);
            if let (Some(s), Some(list)) = (n.str_value().filter(|s| *s != "NONE"), list)
                && let Some(a) = list.get(s)
                && let Some(scopes) = own.or_else(|| a.get("AuthorizationScopes").filter(|s| !s.is_null()))
            {
                value = scopes.clone();
            }
            let label = n.str_value().map_or_else(|| python(n), str::to_string);
            let entry = Doc::one(&label, value, n.at);
            let security = security_list(op, path, method)?;
            security.push(entry);
            iam |= security.first().and_then(|f| f.get("AWS_IAM")).is_some();
        }
        if iam {
            add_definition(body, "AWS_IAM", iam_definition(n.at));
        }
    }
    if let Some(k) = key {
        let required = k.truthy();
        for op in defs_mut(body, (path, slot), &normal) {
            let name = if required { "api_key" } else { "api_key_false" };
            security_list(op, path, method)?.push(Doc::one(name, Doc::seq(Vec::new(), k.at), k.at));
        }
        if required {
            add_definition(body, "api_key", key_definition(k.at));
        }
    }
    if let Some(rp) = auth.get("ResourcePolicy").filter(|r| r.truthy()) {
        if !rp.is_map() {
            return Err(e.refuse(rp.at, "Property 'Auth.ResourcePolicy' should be a map."));
        }
        super::policy::add(rp, path, stage, body)?;
        if let Some(c) = rp.get("CustomStatements").filter(|c| c.truthy()) {
            super::policy::custom(c, body);
        }
    }
    Ok(())
}

/// The `security` list of a method definition (made when absent), or SAM's refusal of one that
/// is not a list.
fn security_list<'d>(op: &'d mut Doc, path: &str, method: &str) -> Result<&'d mut Vec<Doc>, Refusal> {
    let at = op.at;
    if op.get("security").is_none() {
        op.set("security", at, Doc::seq(Vec::new(), at));
    }
    match op.get_mut("security") {
        Some(Doc { v: V::Seq(items), .. }) => Ok(items),
        other => {
            let at = other.map_or(at, |o| o.at);
            let msg = format!("Type of security for path {path} method {method} must be a list");
            Err(Refusal { at, id: String::new(), msg })
        }
    }
}

/// Adds `name` to `securityDefinitions` unless it is there.
fn add_definition(body: &mut Doc, name: &str, definition: Doc) {
    let at = definition.at;
    if !body.get("securityDefinitions").is_some_and(Doc::truthy) {
        body.set("securityDefinitions", at, Doc::map(at));
    }
    if let Some(defs) = body.get_mut("securityDefinitions").filter(|d| d.is_map())
        && defs.get(name).is_none()
    {
        defs.set(name, at, definition);
    }
}

/// The `AWS_IAM` security scheme (`add_awsiam_security_definition`).
fn iam_definition(at: Span) -> Doc {
    let mut d = Doc::map(at);
    d.set("x-amazon-apigateway-authtype", at, Doc::str("awsSigv4", at));
    d.set("type", at, Doc::str("apiKey", at));
    d.set("name", at, Doc::str("Authorization", at));
    d.set("in", at, Doc::str("header", at));
    d
}

/// The `api_key` security scheme (`add_apikey_security_definition`).
fn key_definition(at: Span) -> Doc {
    let mut d = Doc::map(at);
    d.set("type", at, Doc::str("apiKey", at));
    d.set("name", at, Doc::str("x-api-key", at));
    d.set("in", at, Doc::str("header", at));
    d
}

/// `ApiGenerator._add_auth`: the API's `Auth` into `body`.
pub(crate) fn add(api: &str, auth: &Doc, stage: &Doc, body: &mut Doc) -> Result<(), Refusal> {
    let refuse = |at: Span, msg: &str| Refusal { at, id: api.to_string(), msg: msg.to_string() };
    if !auth.is_map() {
        return Err(refuse(auth.at, "Property 'Auth' should be a map."));
    }
    if auth.keys().iter().any(|k| !KEYS.contains(&k.as_str())) {
        return Err(refuse(auth.at, "Invalid value for 'Auth' property"));
    }
    if !super::api::is_valid(body) {
        return Err(refuse(
            auth.at,
            "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
        ));
    }
    super::events::valid_items(body)?;
    let default = auth.get("DefaultAuthorizer").filter(|d| !d.is_null());
    let mut schemes: Vec<(String, Span, Doc, Option<Doc>)> = Vec::new();
    if let Some(d) = default.filter(|d| d.str_value() == Some("AWS_IAM")) {
        schemes.push(("AWS_IAM".into(), d.at, iam_definition(d.at), None));
    }
    if let Some(config) = auth.get("Authorizers").filter(|c| c.truthy()) {
        let V::Map(entries) = &config.v else {
            return Err(refuse(config.at, "Property 'Auth.Authorizers' should be a map."));
        };
        for (name, ks, a) in entries {
            if !a.is_map() {
                return Err(refuse(a.at, &format!("Property 'Auth.Authorizers.{name}' should be a map.")));
            }
            let (scheme, scopes) = scheme(name, a).map_err(|m| refuse(a.at, &m))?;
            match schemes.iter_mut().find(|s| &s.0 == name) {
                Some(s) => *s = (name.clone(), *ks, scheme, scopes),
                None => schemes.push((name.clone(), *ks, scheme, scopes)),
            }
        }
    }
    if !schemes.is_empty() {
        if body.get("securityDefinitions").is_some_and(|s| s.truthy() && !s.is_map()) {
            let at = body.get("securityDefinitions").map_or(auth.at, |s| s.at);
            return Err(Refusal { at, id: String::new(), msg: "securityDefinitions must be a dictionary.".into() });
        }
        for (name, ks, scheme, _) in &schemes {
            if !body.get("securityDefinitions").is_some_and(Doc::truthy) {
                body.set("securityDefinitions", *ks, Doc::map(*ks));
            }
            if let Some(defs) = body.get_mut("securityDefinitions") {
                defs.set(name, *ks, scheme.clone());
            }
        }
        if let Some(d) = default.filter(|d| d.truthy()) {
            let Some(name) = d.str_value() else { return Err(refuse(d.at, "DefaultAuthorizer is not a string.")) };
            if !schemes.iter().any(|s| s.0 == name) && name != "AWS_IAM" {
                return Err(refuse(
                    d.at,
                    &format!("Unable to set DefaultAuthorizer because '{name}' was not defined in 'Authorizers'."),
                ));
            }
            let preflight = auth.get("AddDefaultAuthorizerToCorsPreflight").is_none_or(Doc::truthy);
            let names: Vec<&str> = schemes.iter().map(|s| s.0.as_str()).collect();
            let scopes = schemes.iter().find(|s| s.0 == name).and_then(|s| s.3.clone());
            let scopes = scopes.unwrap_or_else(|| Doc::seq(Vec::new(), d.at));
            let iam = each_method(body, preflight, |op, path, method| {
                default_authorizer(op, path, method, name, &names, &scopes, d.at)
            })?;
            if iam {
                add_definition(body, "AWS_IAM", iam_definition(d.at));
            }
        }
    }
    if let Some(k) = auth.get("ApiKeyRequired").filter(|k| k.truthy()) {
        if let Some(s) = body.get("securityDefinitions").filter(|s| s.truthy() && !s.is_map()) {
            return Err(Refusal {
                at: s.at,
                id: String::new(),
                msg: "securityDefinitions must be a dictionary.".into(),
            });
        }
        add_definition(body, "api_key", key_definition(k.at));
        let preflight = auth.get("AddApiKeyRequiredToCorsPreflight").is_none_or(Doc::truthy);
        each_method(body, true, |op, path, method| default_key(op, path, method, preflight, k.at))?;
    }
    if let Some(rp) = auth.get("ResourcePolicy").filter(|r| r.truthy()) {
        if !rp.is_map() {
            let msg = "ResourcePolicy must be a map (ResourcePolicyStatement).";
            return Err(Refusal { at: rp.at, id: String::new(), msg: msg.into() });
        }
        for path in body.get("paths").map(Doc::keys).unwrap_or_default() {
            super::policy::add(rp, &path, stage, body)?;
        }
        if let Some(c) = rp.get("CustomStatements").filter(|c| c.truthy()) {
            super::policy::custom(c, body);
        }
    }
    Ok(())
}

/// Calls `f` on every method definition with an integration of every path (OPTIONS only when
/// `options`); whether any call answered true.
fn each_method(
    body: &mut Doc,
    options: bool,
    mut f: impl FnMut(&mut Doc, &str, &str) -> Result<bool, Refusal>,
) -> Result<bool, Refusal> {
    let mut any = false;
    let Some(Doc { v: V::Map(paths), .. }) = body.get_mut("paths") else { return Ok(false) };
    for (path, _, item) in paths.iter_mut() {
        for item in branches_mut(item) {
            let V::Map(methods) = &mut item.v else { continue };
            for (name, _, op) in methods.iter_mut() {
                if ["summary", "description", "parameters"].contains(&name.as_str()) {
                    continue;
                }
                let method = normal(name);
                if method == "options" && !options {
                    continue;
                }
                for op in branches_mut(op) {
                    if !op.is_map() {
                        let msg = format!("Definition of method '{name}' for path '{path}' should be a map.");
                        return Err(Refusal { at: op.at, id: String::new(), msg });
                    }
                    if !op.get(INTEGRATION).is_some_and(Doc::truthy) {
                        continue;
                    }
                    any |= f(op, path, &method)?;
                }
            }
        }
    }
    Ok(any)
}

/// The entries of a method's `security`, each checked to be a mapping.
fn entries(op: &Doc, path: &str, method: &str) -> Result<Vec<Doc>, Refusal> {
    let Some(s) = op.get("security") else { return Ok(Vec::new()) };
    let V::Seq(items) = &s.v else {
        let msg = format!("Type of security for path {path} method {method} must be a list");
        return Err(Refusal { at: s.at, id: String::new(), msg });
    };
    if let Some(bad) = items.iter().find(|i| !i.is_map()) {
        let shown = bad.str_value().map_or_else(|| python(bad), str::to_string);
        let msg = format!("{shown} in Security for path {path} method {method} is not a valid dictionary.");
        return Err(Refusal { at: bad.at, id: String::new(), msg });
    }
    Ok(items.clone())
}

/// `set_path_default_authorizer` on one method definition; whether it starts with `AWS_IAM`.
fn default_authorizer(
    op: &mut Doc,
    path: &str,
    method: &str,
    default: &str,
    names: &[&str],
    scopes: &Doc,
    at: Span,
) -> Result<bool, Refusal> {
    let existing = entries(op, path, method)?;
    let is_authorizer = |s: &Doc| s.keys().iter().any(|k| k == "AWS_IAM" || names.contains(&k.as_str()));
    let (authorizer, mut other): (Vec<Doc>, Vec<Doc>) = existing.into_iter().partition(is_authorizer);
    let security = if let Some(i) = other.iter().position(|s| s.get("NONE").is_some()) {
        other.remove(i);
        other
    } else if !authorizer.is_empty() {
        other.into_iter().chain(authorizer).collect()
    } else {
        other.into_iter().chain([Doc::one(default, scopes.clone(), at)]).collect::<Vec<_>>()
    };
    if security.is_empty() {
        return Ok(false);
    }
    let iam = security[0].get("AWS_IAM").is_some();
    op.set("security", at, Doc::seq(security, at));
    Ok(iam)
}

/// `set_path_default_apikey_required` on one method definition.
fn default_key(op: &mut Doc, path: &str, method: &str, preflight: bool, at: Span) -> Result<bool, Refusal> {
    let existing = entries(op, path, method)?;
    let is_key = |s: &Doc| s.keys().iter().any(|k| k == "api_key" || k == "api_key_false");
    let (mut keys, other): (Vec<Doc>, Vec<Doc>) = existing.iter().cloned().partition(is_key);
    let key = match keys.iter().position(|s| s.get("api_key_false").is_some()) {
        Some(i) => {
            keys.remove(i);
            Vec::new()
        }
        None => vec![Doc::one("api_key", Doc::seq(Vec::new(), at), at)],
    };
    let security: Vec<Doc> =
        if method == "options" && !preflight { other } else { other.into_iter().chain(key).collect() };
    let same = security.len() == existing.len() && security.iter().zip(&existing).all(|(a, b)| python(a) == python(b));
    if !same {
        op.set("security", at, Doc::seq(security, at));
    }
    Ok(false)
}

/// `ApiGatewayAuthorizer`'s checks and `generate_swagger`: the security scheme of the
/// authorizer `name`, and its `AuthorizationScopes`; or SAM's message.
fn scheme(name: &str, a: &Doc) -> Result<(Doc, Option<Doc>), String> {
    let at = a.at;
    let given = |k: &str| a.get(k).filter(|v| !v.is_null());
    let payload = given("FunctionPayloadType");
    let payload_type = match payload {
        None => "TOKEN",
        Some(p) => match p.str_value() {
            Some(t @ ("TOKEN" | "REQUEST")) => t,
            _ => {
                return Err(format!(
                    "{name} Authorizer has invalid 'FunctionPayloadType': {}.",
                    p.str_value().map_or_else(|| python(p), str::to_string)
                ));
            }
        },
    };
    let identity = given("Identity");
    if payload_type == "REQUEST" && missing_identity(name, identity)? {
        return Err(format!(
            "{name} Authorizer must specify Identity with at least one of Headers, QueryStrings, StageVariables, or Context."
        ));
    }
    let scopes = given("AuthorizationScopes");
    if let Some(s) = scopes.filter(|s| !matches!(s.v, V::Seq(_))) {
        let _ = s;
        return Err(format!("Property 'Authorizers.{name}.AuthorizationScopes' should be a list."));
    }
    if given("DisableFunctionDefaultPermissions").is_some_and(|d| !matches!(d.v, V::Scalar(crate::tree::Kind::Bool, _)))
    {
        return Err(format!("Property 'Authorizers.{name}.DisableFunctionDefaultPermissions' should be a boolean."));
    }
    let pool = given("UserPoolArn").filter(|p| p.truthy());
    let lambda_request = pool.is_none() && payload_type == "REQUEST";
    let header = if lambda_request {
        Doc::str("Unused", at)
    } else {
        if let Some(i) = identity.filter(|i| i.truthy() && !i.is_map()) {
            let _ = i;
            return Err("Auth.Authorizers.<Authorizer>.Identity must be a dict (LambdaTokenAuthorizationIdentity, LambdaRequestAuthorizationIdentity or CognitoAuthorizationIdentity).".into());
        }
        identity
            .and_then(|i| i.get("Header"))
            .filter(|h| h.truthy())
            .cloned()
            .unwrap_or_else(|| Doc::str("Authorization", at))
    };
    let mut d = Doc::map(at);
    d.set("type", at, Doc::str("apiKey", at));
    d.set("name", header.at, header);
    d.set("in", at, Doc::str("header", at));
    let mut authorizer = Doc::map(at);
    if let Some(p) = pool {
        d.set("x-amazon-apigateway-authtype", at, Doc::str("cognito_user_pools", at));
        authorizer.set("type", at, Doc::str("cognito_user_pools", at));
        let arns = if matches!(p.v, V::Seq(_)) { p.clone() } else { Doc::seq(vec![p.clone()], p.at) };
        authorizer.set("providerARNs", p.at, arns);
    } else {
        d.set("x-amazon-apigateway-authtype", at, Doc::str("custom", at));
        authorizer.set("type", at, Doc::str(&payload_type.to_lowercase(), at));
        let function = given("FunctionArn")
            .cloned()
            .unwrap_or_else(|| Doc { v: V::Scalar(crate::tree::Kind::Null, String::new()), at });
        let fat = function.at;
        let mut vars = Doc::map(fat);
        vars.set("__FunctionArn__", fat, function);
        let sub = Doc::seq(
            vec![
                Doc::str(
                    "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations",
                    fat,
                ),
                vars,
            ],
            fat,
        );
        authorizer.set("authorizerUri", fat, Doc::one("Fn::Sub", sub, fat));
        if let Some(t) =
            identity.filter(|i| i.is_map()).and_then(|i| i.get("ReauthorizeEvery")).filter(|t| !t.is_null())
        {
            authorizer.set("authorizerResultTtlInSeconds", t.at, t.clone());
        }
        if let Some(r) = given("FunctionInvokeRole").filter(|r| r.truthy() && r.str_value() != Some("NONE")) {
            authorizer.set("authorizerCredentials", r.at, r.clone());
        }
        if payload_type == "REQUEST" {
            let source = identity_source(name, identity)?;
            if !source.is_empty() {
                let iat = identity.map_or(at, |i| i.at);
                authorizer.set("identitySource", iat, Doc::str(&source, iat));
            }
        }
    }
    if (pool.is_some() || payload_type == "TOKEN")
        && let Some(v) =
            identity.filter(|i| i.is_map()).and_then(|i| i.get("ValidationExpression")).filter(|v| v.truthy())
    {
        authorizer.set("identityValidationExpression", v.at, v.clone());
    }
    d.set("x-amazon-apigateway-authorizer", at, authorizer);
    Ok((d, scopes.cloned()))
}

/// `_is_missing_identity_source`.
fn missing_identity(name: &str, identity: Option<&Doc>) -> Result<bool, String> {
    let Some(i) = identity.filter(|i| i.truthy()) else { return Ok(true) };
    if !i.is_map() {
        return Err(format!("Property 'Authorizer.{name}.Identity' should be a map."));
    }
    let missing =
        !["Headers", "QueryStrings", "StageVariables", "Context"].iter().any(|k| i.get(k).is_some_and(Doc::truthy));
    let ttl = i.get("ReauthorizeEvery").filter(|t| !t.is_null());
    let Some(ttl) = ttl else { return Ok(missing) };
    let number = match &ttl.v {
        V::Scalar(_, t) if !is_intrinsic(ttl) => t.trim().parse::<i64>().ok(),
        _ => None,
    };
    Ok(match number {
        Some(n) => n > 0 && missing,
        None => missing,
    })
}

/// `_get_identity_source`: the REQUEST authorizer's sources, joined.
fn identity_source(name: &str, identity: Option<&Doc>) -> Result<String, String> {
    let Some(i) = identity.filter(|i| i.is_map()) else { return Ok(String::new()) };
    let mut out = Vec::new();
    for (key, prefix) in [
        ("Headers", "method.request.header."),
        ("QueryStrings", "method.request.querystring."),
        ("StageVariables", "stageVariables."),
        ("Context", "context."),
    ] {
        let Some(list) = i.get(key).filter(|l| l.truthy()) else { continue };
        let V::Seq(items) = &list.v else {
            return Err(format!("Property 'Auth.Authorizers.{name}.Identity.{key}' should be a list."));
        };
        for (n, item) in items.iter().enumerate() {
            let Some(s) = item.str_value() else {
                return Err(format!("Property 'Auth.Authorizers.{name}.Identity.{key}[{n}]' should be a string."));
            };
            out.push(format!("{prefix}{s}"));
        }
    }
    Ok(out.join(", "))
}
