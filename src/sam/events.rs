//! Functions' `HttpApi` events as SAM's `ImplicitHttpApiPlugin` and `HttpApi` event source
//! (`push.py`) add them to the API they name: the path and method (`ANY` as
//! `x-amazon-apigateway-any-method`, none at all as the `$default` route), an `aws_proxy`
//! integration whose `uri` is the function's ARN as SAM writes it (`Fn::Sub`), the event's
//! `Auth`, `TimeoutInMillis`, path parameters and `PayloadFormatVersion`.

use super::doc::{Doc, Span, V};
use super::{Draft, Refusal, intrinsic_ref};
use crate::tree::Kind;

/// One `HttpApi` event of a function.
pub(crate) struct Event<'a> {
    pub(crate) function: &'a str,
    /// The resource is an `AWS::Serverless::StateMachine` (its `Api` events start an execution).
    pub(crate) state_machine: bool,
    /// What the integration invokes: `Fn.Arn`, or the alias of `AutoPublishAlias`.
    pub(crate) target: String,
    /// The function's `Condition`.
    pub(crate) condition: Option<String>,
    /// The function's `Tags` when it has `PropagateTags` (its own or `Globals.Function`'s).
    pub(crate) tags: Option<Doc>,
    pub(crate) function_at: Span,
    pub(crate) id: String,
    pub(crate) at: Span,
    pub(crate) props: Doc,
}

/// The API an event names: its `ApiId`, else the implicit `ServerlessHttpApi`.
pub(crate) fn api_id(e: &Event<'_>) -> Result<String, Refusal> {
    match e.props.get("ApiId") {
        None => Ok("ServerlessHttpApi".into()),
        Some(d) => match d.str_value().or_else(|| intrinsic_ref(d)) {
            Some(id) => Ok(id.to_string()),
            // `Fn::GetAtt`, a list: SAM wants the logical id as a string.
            None => Err(e.refuse(d.at, "Property 'ApiId' should be a string.")),
        },
    }
}

pub(crate) fn invalid_api(e: &Event<'_>, at: Span) -> Refusal {
    e.refuse(at, "ApiId must be a valid reference to an 'AWS::Serverless::HttpApi' resource in same template.")
}

impl Event<'_> {
    pub(crate) fn refuse(&self, at: Span, msg: &str) -> Refusal {
        Refusal { at, id: self.function.to_string(), msg: format!("Event with id [{}] is invalid. {msg}", self.id) }
    }
}

/// Adds the event to `api`'s body; SAM's refusals in `out`.
pub(crate) fn add(e: &Event<'_>, api: &mut Draft, out: &mut Vec<Refusal>) {
    let (path, path_at) = match (e.props.get("Path"), e.props.get("Method")) {
        (None, None) => ("$default".to_string(), e.at),
        (Some(p), _) => match p.str_value() {
            Some(s) => (s.to_string(), p.at),
            None => return out.push(e.refuse(p.at, "Property 'Path' should be a string.")),
        },
        (None, Some(_)) => return out.push(e.refuse(e.at, "Property 'Path' is required.")),
    };
    let method = match (e.props.get("Path"), e.props.get("Method")) {
        (None, None) => "x-amazon-apigateway-any-method".to_string(),
        (_, Some(m)) => match m.str_value() {
            Some(s) => s.to_lowercase(),
            None => return out.push(e.refuse(m.at, "Property 'Method' should be a string.")),
        },
        (Some(_), None) => return out.push(e.refuse(e.at, "Property 'Method' is required.")),
    };
    let method = if method == "any" { "x-amazon-apigateway-any-method".to_string() } else { method };
    if let Some(r) = e.props.get("RouteSettings").filter(|r| !r.is_map()) {
        return out.push(e.refuse(r.at, "Property 'RouteSettings' should be a map."));
    }
    if api.broken {
        return;
    }
    let Some(body) = api.body.as_mut() else { return };
    if !super::is_valid(body) {
        api.broken = true;
        let msg = "Structure of the SAM template is invalid. Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in 'DefinitionBody'.";
        let at = api.props.get("DefinitionBody").map_or(api.at, |b| b.at);
        return out.push(Refusal { at, id: api.id.clone(), msg: msg.into() });
    }
    let Some(paths) = body.entry("paths", path_at) else { return };
    let Some(at) = path_at_index(paths, &mut api.path_index, &path, path_at) else { return };
    let V::Map(entries) = &mut paths.v else { return };
    let item = &mut entries[at].2;
    let has_integration = Some(&*item).is_some_and(|item| {
        let items = branches(item);
        !items.is_empty()
            && items.iter().all(|i| {
                i.get(&method).is_some_and(|m| {
                    m.is_map() && branches(m).iter().any(|d| d.get("x-amazon-apigateway-integration").is_some())
                })
            })
    });
    if has_integration && api.managed {
        let original = e.props.get("Method").and_then(|m| m.str_value()).map_or(method.clone(), str::to_lowercase);
        out.push(e.refuse(path_at, &format!("API method '{original}' defined multiple times for path '{path}'.")));
        return;
    }
    for item in branches_mut(item) {
        if !item.is_map() {
            continue;
        }
        let Some(op) = item.entry(&method, path_at) else { continue };
        if matches!(op.v, V::Scalar(..)) {
            *op = Doc::map(path_at);
        }
        if !has_integration {
            // `add_lambda_integration`; a function's `Condition` wraps the method and the `uri`.
            integrate(e, &path, &method, op);
            if let Some(c) = &e.condition {
                let whole = std::mem::replace(op, Doc::map(path_at));
                *op = conditional(c, whole, path_at);
            }
        }
        for op in branches_mut(op) {
            // The event's settings go to every method with an integration, the body's too.
            if op.get("x-amazon-apigateway-integration").is_none() {
                continue;
            }
            if let Some(auth) = e.props.get("Auth")
                && !matches!(&auth.v, V::Map(m) if m.is_empty())
            {
                event_auth(e, auth, &path, &method, &api.props, op, out);
            }
            settings(e, &path, path_at, op);
        }
    }
    if let Some(c) = &e.condition {
        api.conditions.push((path.clone(), Some(c.clone())));
    } else {
        api.conditions.push((path.clone(), None));
    }
}

/// The position of `path` in the mapping `paths` (added, as an empty path item, when it is not
/// there): found through `index`, so that many events cost linear time.
pub(crate) fn path_at_index(
    paths: &mut Doc,
    index: &mut std::collections::HashMap<String, usize>,
    path: &str,
    at: Span,
) -> Option<usize> {
    let V::Map(entries) = &mut paths.v else { return None };
    if index.len() != entries.len() {
        *index = entries.iter().enumerate().rev().map(|(i, (k, _, _))| (k.clone(), i)).collect();
    }
    if let Some(&i) = index.get(path) {
        return Some(i);
    }
    entries.push((path.to_string(), at, Doc::map(at)));
    index.insert(path.to_string(), entries.len() - 1);
    Some(entries.len() - 1)
}

/// `{Fn::If: [condition, value, {Ref: AWS::NoValue}]}` (`make_conditional`).
pub(crate) fn conditional(condition: &str, value: Doc, at: Span) -> Doc {
    let none = Doc::one("Ref", Doc::str("AWS::NoValue", at), at);
    Doc::one("Fn::If", Doc::seq(vec![Doc::str(condition, at), value, none], at), at)
}

/// `get_conditional_contents`: the values of a `Fn::If` (but `AWS::NoValue`), or the value.
pub(crate) fn branches(d: &Doc) -> Vec<&Doc> {
    match d.get("Fn::If").filter(|_| super::is_intrinsic(d)).map(|f| &f.v) {
        Some(V::Seq(items)) if items.len() == 3 => items[1..].iter().filter(|i| !is_no_value(i)).collect(),
        _ => vec![d],
    }
}

/// [`branches`], to change them.
pub(crate) fn branches_mut(d: &mut Doc) -> Vec<&mut Doc> {
    let wrapped = super::is_intrinsic(d) && matches!(d.get("Fn::If").map(|f| &f.v), Some(V::Seq(i)) if i.len() == 3);
    if !wrapped {
        return vec![d];
    }
    match d.get_mut("Fn::If").map(|f| &mut f.v) {
        Some(V::Seq(items)) => items[1..].iter_mut().filter(|i| !is_no_value(i)).collect(),
        _ => Vec::new(),
    }
}

fn is_no_value(d: &Doc) -> bool {
    super::intrinsic_ref(d) == Some("AWS::NoValue")
}

/// `add_lambda_integration`: the `aws_proxy` integration of the function.
fn integrate(e: &Event<'_>, path: &str, method: &str, op: &mut Doc) {
    let at = e.at;
    let mut integration = Doc::map(at);
    integration.set("type", at, Doc::str("aws_proxy", at));
    integration.set("httpMethod", at, Doc::str("POST", at));
    integration.set("payloadFormatVersion", at, Doc::str("2.0", at));
    let arn = format!(
        "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{}}}/invocations",
        e.target
    );
    let mut uri = Doc::one("Fn::Sub", Doc::str(&arn, e.function_at), e.function_at);
    if let Some(c) = &e.condition {
        uri = conditional(c, uri, e.function_at);
    }
    integration.set("uri", e.function_at, uri);
    op.set("x-amazon-apigateway-integration", at, integration);
    if path == "$default" && method == "x-amazon-apigateway-any-method" {
        op.set("isDefaultRoute", at, Doc::bool(true, at));
    }
    if op.get("responses").is_none() {
        op.set("responses", at, Doc::map(at));
    }
}

/// `TimeoutInMillis`, path parameters and `PayloadFormatVersion` of the event.
fn settings(e: &Event<'_>, path: &str, path_at: Span, op: &mut Doc) {
    let integration = op.get_mut("x-amazon-apigateway-integration");
    if let (Some(t), Some(i)) = (e.props.get("TimeoutInMillis"), integration) {
        i.set("timeoutInMillis", t.at, t.clone());
    }
    let params: Vec<&str> = path.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(p, _)| p)).collect();
    if !params.is_empty() {
        let list = op.entry("parameters", path_at);
        if let Some(Doc { v: V::Seq(items), .. }) = list {
            for p in params {
                match items.iter_mut().find(|i| i.get("name").and_then(|n| n.str_value()) == Some(p)) {
                    Some(existing) => {
                        existing.set("in", path_at, Doc::str("path", path_at));
                        existing.set("required", path_at, Doc::bool(true, path_at));
                    }
                    None => {
                        let mut d = Doc::map(path_at);
                        d.set("name", path_at, Doc::str(p, path_at));
                        d.set("in", path_at, Doc::str("path", path_at));
                        d.set("required", path_at, Doc::bool(true, path_at));
                        items.push(d);
                    }
                }
            }
        } else if let Some(l) = op.get_mut("parameters").filter(|l| matches!(&l.v, V::Map(m) if m.is_empty())) {
            *l = Doc::seq(Vec::new(), path_at);
            for p in params {
                let mut d = Doc::map(path_at);
                d.set("name", path_at, Doc::str(p, path_at));
                d.set("in", path_at, Doc::str("path", path_at));
                d.set("required", path_at, Doc::bool(true, path_at));
                if let V::Seq(items) = &mut l.v {
                    items.push(d);
                }
            }
        }
    }
    if let (Some(v), Some(i)) = (e.props.get("PayloadFormatVersion"), op.get_mut("x-amazon-apigateway-integration")) {
        i.set("payloadFormatVersion", v.at, v.clone());
    }
}

/// The event's `Auth` (`_add_auth_to_openapi_integration`).
fn event_auth(e: &Event<'_>, auth: &Doc, path: &str, method: &str, api: &Doc, op: &mut Doc, out: &mut Vec<Refusal>) {
    let api_auth = api.get("Auth");
    if let Some(a) = api_auth.filter(|a| !a.is_map()) {
        let id = e.props.get("ApiId").and_then(|i| i.str_value().or_else(|| intrinsic_ref(i)));
        let id = id.unwrap_or("ServerlessHttpApi").to_string();
        return out.push(Refusal { at: a.at, id, msg: "Property 'Auth' should be a map.".into() });
    }
    let default = api_auth.and_then(|a| a.get("DefaultAuthorizer"));
    let name = match auth.get("Authorizer").or(default) {
        Some(n) => n,
        None => {
            return out.push(e.refuse(
                auth.at,
                "'Auth' section requires either an explicit 'Authorizer' set or a 'DefaultAuthorizer' configured on the HttpApi.",
            ));
        }
    };
    // Python's `api_auth and api_auth.get("Authorizers")`: with no `Auth`, an empty mapping.
    let none = Doc::map(auth.at);
    let authorizers = match api_auth {
        Some(a) => a.get("Authorizers"),
        None => Some(&none),
    };
    let iam = api_auth
        .and_then(|a| a.get("EnableIamAuthorizer"))
        .is_some_and(|i| matches!(&i.v, V::Scalar(Kind::Bool, t) if t == "true"));
    let Some(n) = name.str_value() else {
        return out.push(e.refuse(
            name.at,
            &format!("Unable to set Authorizer [{}] on API method [{method}] for path [{path}]. The method authorizer must be a string with a corresponding dict entry in the api authorizer.", super::doc::python(name)),
        ));
    };
    let builtin = n == "NONE" || (n == "AWS_IAM" && iam);
    if !builtin && authorizers.is_some_and(|a| matches!(&a.v, V::Map(m) if m.is_empty())) {
        return out.push(e.refuse(
            name.at,
            &format!("Unable to set Authorizer [{n}] on API method [{method}] for path [{path}] because the related API does not define any Authorizers."),
        ));
    }
    if !builtin && !authorizers.is_some_and(|a| a.is_map()) {
        return out.push(e.refuse(
            name.at,
            &format!("Unable to set Authorizer [{n}] on API method [{method}] for path [{path}]. The method authorizer must be a string with a corresponding dict entry in the api authorizer."),
        ));
    }
    if n == "NONE" {
        if default.is_none() {
            return out.push(e.refuse(name.at, &format!("Unable to set Authorizer on API method [{method}] for path [{path}] because 'NONE' is only a valid value when a DefaultAuthorizer on the API is specified.")));
        }
    } else if !builtin && authorizers.and_then(|a| a.get(n)).is_none() {
        return out.push(e.refuse(name.at, &format!("Unable to set Authorizer [{n}] on API method [{method}] for path [{path}] because it wasn't defined in the API's Authorizers.")));
    }
    let scopes = auth.get("AuthorizationScopes");
    if let Some(s) = scopes
        && !matches!(s.v, V::Seq(_))
    {
        return out.push(e.refuse(s.at, &format!("Unable to set Authorizer on API method [{method}] for path [{path}] because 'AuthorizationScopes' must be a list of strings.")));
    }
    // SAM has written the default into the event's `Authorizer` by now.
    let explicit = n;
    let mut value = Doc::seq(Vec::new(), name.at);
    if explicit != "NONE" && explicit != "AWS_IAM" {
        let own = authorizers.and_then(|a| a.get(explicit)).and_then(|a| a.get("AuthorizationScopes"));
        if let Some(s) = scopes.filter(|s| !matches!(&s.v, V::Seq(i) if i.is_empty())).or(own) {
            value = s.clone();
        }
    }
    let entry = Doc::one(explicit, value, name.at);
    match op.get_mut("security") {
        Some(Doc { v: V::Seq(items), .. }) => items.push(entry),
        _ => op.set("security", name.at, Doc::seq(vec![entry], name.at)),
    }
}
