//! A function's `Api` event in the API SAM manages (`Api._add_swagger_integration` of
//! `push.py`, `SwaggerEditor.add_lambda_integration`): the `aws_proxy` integration of the
//! function (its `Condition` as SAM's `Fn::If`s, the credentials of `AWS_IAM`), the event's
//! `Auth`, `TimeoutInMillis`, `RequestModel` (with its validator) and `RequestParameters`.

use super::super::doc::{Doc, V};
use super::super::events::{Event, branches, branches_mut, conditional};
use super::super::{Draft, Refusal};
use crate::tree::NodeRef;

/// `_normalize_method_name`: lower case, `any` as `x-amazon-apigateway-any-method`.
pub(crate) fn normal(method: &str) -> String {
    match method.to_lowercase().as_str() {
        "any" => "x-amazon-apigateway-any-method".to_string(),
        m => m.to_string(),
    }
}

/// Adds the event to `api`'s body (the event source's pass); the first refusal, of the function
/// or of the API.
pub(crate) fn add(e: &Event<'_>, api: &mut Draft, root: NodeRef<'_>) -> Result<(), Refusal> {
    let (Some(path), Some(given)) =
        (e.props.get("Path").and_then(Doc::str_value), e.props.get("Method").and_then(Doc::str_value))
    else {
        return Ok(());
    };
    let lower = given.to_lowercase();
    let method = normal(given);
    let stage = api.props.get("StageName");
    if stage.and_then(Doc::str_value) == Some("") {
        return Err(Refusal {
            at: stage.map_or(api.at, |s| s.at),
            id: api.id.clone(),
            msg: "StageName cannot be empty.".into(),
        });
    }
    let auth = e.props.get("Auth");
    let api_id = api.id.clone();
    let api_auth = api.props.get("Auth").cloned().map(|a| super::super::resolved(a, root));
    let merge = !api.managed && api.props.get("MergeDefinitions").is_some_and(Doc::truthy) && api.body.is_some();
    if !api.managed && !merge {
        let stage = stage_of(e, &api.props);
        return override_auth(e, auth, api_auth.as_ref(), (&api_id, &stage), &lower, (path, None), api.body.as_mut());
    }
    if let Some(a) = auth.filter(|a| !a.is_map() && a.truthy()) {
        return Err(e.refuse(a.at, "Property 'Auth' should be a map."));
    }
    if let Some(a) = api_auth.as_ref().filter(|a| !a.is_map() && a.truthy()) {
        return Err(Refusal { at: a.at, id: api_id, msg: "Property 'Auth' should be a map.".into() });
    }
    if merge {
        // `MergeDefinitions`: the event written into a skeleton of its own, and its method merged
        // into the API's `DefinitionBody` (`_get_merged_definitions`).
        let mut own = super::super::skeleton(e.at, ("swagger", "2.0"));
        if let Some(paths) = own.get_mut("paths") {
            paths.set(path, e.at, Doc::map(e.at));
        }
        let stage = stage_of(e, &api.props);
        let ids = (api_id.as_str(), &stage);
        integrate_event(e, (&lower, &method, (path, None)), auth, api_auth.as_ref(), ids, &api.props, &mut own)?;
        return merged(api, &own, path, (&lower, &method));
    }
    let Some(body) = api.body.as_mut() else { return Ok(()) };
    // SAM writes the editor's document back only once the event has passed: a refused event
    // leaves the body as it was.
    const TOUCHED: [&str; 3] =
        ["securityDefinitions", "x-amazon-apigateway-request-validators", "x-amazon-apigateway-policy"];
    let at = e.props.get("Path").map_or(e.at, |p| p.at);
    let slot =
        body.get_mut("paths").and_then(|p| super::super::events::path_at_index(p, &mut api.path_index, path, at));
    let item = item_mut(body, (path, slot)).map(|i| i.clone());
    let saved: Vec<Option<Doc>> = TOUCHED.iter().map(|k| body.get(k).cloned()).collect();
    let stage = stage_of(e, &api.props);
    let done = integrate_event(
        e,
        (&lower, &method, (path, slot)),
        auth,
        api_auth.as_ref(),
        (&api_id, &stage),
        &api.props,
        body,
    );
    if done.is_err() {
        if let (Some(item), Some(p)) = (item, item_mut(body, (path, slot))) {
            *p = item;
        }
        for (k, v) in TOUCHED.iter().zip(saved) {
            match v {
                Some(v) => body.set(k, v.at, v),
                None => drop(body.remove(k)),
            }
        }
    }
    done
}

/// [`add`] on a body SAM manages, once the API is known to take it.
fn integrate_event(
    e: &Event<'_>,
    (lower, method, (path, slot)): (&str, &str, Slot<'_>),
    auth: Option<&Doc>,
    api_auth: Option<&Doc>,
    api_id: (&str, &Doc),
    props: &Doc,
    body: &mut Doc,
) -> Result<(), Refusal> {
    let at = e.props.get("Path").map_or(e.at, |p| p.at);
    let Some(item) = item_mut(body, (path, slot)) else { return Ok(()) };
    let items = branches(item);
    let integrated = !items.is_empty()
        && items.iter().all(|i| {
            i.get(method).is_some_and(|m| branches(m).iter().any(|d| d.get(INTEGRATION).is_some_and(Doc::truthy)))
        });
    if integrated {
        return Err(e.refuse(at, &format!("API method \"{lower}\" defined multiple times for path \"{path}\".")));
    }
    let none = Doc::map(e.at);
    let method_auth = auth.filter(|a| a.is_map()).unwrap_or(&none);
    let api_auth_map = api_auth.cloned().filter(Doc::is_map).unwrap_or_else(|| Doc::map(e.at));
    for item in branches_mut(item) {
        let Some(op) = item.entry(method, at) else { continue };
        if !op.is_map() {
            *op = Doc::map(at);
        }
        if e.state_machine {
            start_execution(e, op);
        } else {
            integrate(e, method_auth, &api_auth_map, op);
        }
    }
    if let Some(a) = auth.filter(|a| a.truthy()) {
        super::auth::event(e, a, api_auth, api_id, lower, (path, slot), body)?;
    }
    if e.state_machine {
        return Ok(());
    }
    if let Some(t) = e.props.get("TimeoutInMillis").filter(|t| t.truthy()) {
        for op in defs_mut(body, (path, slot), method) {
            if let Some(i) = op.get_mut(INTEGRATION) {
                i.set("timeoutInMillis", t.at, t.clone());
            }
        }
    }
    if let Some(m) = e.props.get("RequestModel").filter(|m| m.truthy()) {
        model(e, m, props, lower, (path, slot), body)?;
    }
    if let Some(p) = e.props.get("RequestParameters").filter(|p| p.truthy()) {
        parameters(e, p, method, (path, slot), body)?;
    }
    override_auth(e, auth, api_auth, api_id, lower, (path, slot), Some(body))
}

/// The method SAM generated in `own` merged into the API's body under the event's method as
/// written (`any` stays `any`), its keys over those of the body's method.
fn merged(api: &mut Draft, own: &Doc, path: &str, (lower, method): (&str, &str)) -> Result<(), Refusal> {
    let Some(generated) = own.get("paths").and_then(|p| p.get(path)).and_then(|i| i.get(method)).cloned() else {
        return Ok(());
    };
    let at = generated.at;
    let Some(paths) = api.body.as_mut().and_then(|b| b.get_mut("paths")).filter(|p| p.is_map()) else { return Ok(()) };
    let mut result = match paths.get(path).and_then(|i| i.get(lower)) {
        None => Doc::map(at),
        Some(s) if s.is_null() => Doc::map(at),
        Some(s) if !s.is_map() => {
            let msg = format!("Property 'DefinitionBody.paths.{path}.{lower}' should be a map.");
            return Err(Refusal { at: s.at, id: api.id.clone(), msg });
        }
        Some(s) => s.clone(),
    };
    if let V::Map(entries) = generated.v {
        for (k, ks, v) in entries {
            result.set(&k, ks, v);
        }
    }
    match paths.get_mut(path) {
        None => paths.set(path, at, Doc::one(lower, result, at)),
        Some(item) => item.set(lower, at, result),
    }
    Ok(())
}

/// The stage an event's permission and resource policy name (`resources_to_link_for_rest_api`):
/// the API's `StageName`, or `Stage` when it is not a string; none for a state machine's event
/// (SAM sets it while making the function's permission).
fn stage_of(e: &Event<'_>, props: &Doc) -> Doc {
    if e.state_machine {
        return Doc { v: V::Scalar(crate::tree::Kind::Null, String::new()), at: e.at };
    }
    match props.get("StageName") {
        Some(s) if s.str_value().is_some() => s.clone(),
        other => Doc::str("Stage", other.map_or((0, 0), |s| s.at)),
    }
}

/// `OverrideApiAuth`: the event's `Auth` put on the method of the API's body again, whoever
/// wrote the body (`Api.to_cloudformation`).
fn override_auth(
    e: &Event<'_>,
    auth: Option<&Doc>,
    api_auth: Option<&Doc>,
    api_id: (&str, &Doc),
    method: &str,
    path: Slot<'_>,
    body: Option<&mut Doc>,
) -> Result<(), Refusal> {
    let (Some(a), Some(body)) = (auth.filter(|a| a.get("OverrideApiAuth").is_some_and(Doc::truthy)), body) else {
        return Ok(());
    };
    if !["Authorizer", "ApiKeyRequired", "ResourcePolicy"].iter().any(|k| a.get(k).is_some_and(Doc::truthy)) {
        return Err(e.refuse(
            a.at,
            "Must define one of: Authorizer, ApiKeyRequired or ResourcePolicy when using the OverrideApiAuth property.",
        ));
    }
    if !super::api::is_valid(body) {
        let msg = "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'.";
        return Err(Refusal { at: body.at, id: String::new(), msg: msg.into() });
    }
    valid_items(body)?;
    super::auth::event(e, a, api_auth, api_id, method, path, body)
}

pub(crate) const INTEGRATION: &str = "x-amazon-apigateway-integration";

/// `SwaggerEditor.__init__`: every path item (each branch of a `Fn::If`) a mapping.
pub(crate) fn valid_items(body: &Doc) -> Result<(), Refusal> {
    let Some(V::Map(paths)) = body.get("paths").map(|p| &p.v) else { return Ok(()) };
    for (path, _, item) in paths {
        if let Some(V::Seq(_)) | None = item.get("Fn::If").filter(|_| super::super::is_intrinsic(item)).map(|f| &f.v) {
        } else {
            return Err(Refusal { at: item.at, id: String::new(), msg: "Value of Fn::If must be a list.".into() });
        }
        if let Some(bad) = branches(item).into_iter().find(|i| !i.is_map()) {
            let msg = format!("Value of '{path}' path must be a dictionary according to Swagger spec.");
            return Err(Refusal { at: bad.at, id: String::new(), msg });
        }
    }
    Ok(())
}

/// A path of the body, and where it is among `paths` when that is known (the index SAM's events
/// keep, so that many events cost linear time).
pub(crate) type Slot<'a> = (&'a str, Option<usize>);

/// The path item of `path`, found at its slot when it is known, else by name.
pub(crate) fn item_mut<'d>(body: &'d mut Doc, (path, slot): Slot<'_>) -> Option<&'d mut Doc> {
    let paths = body.get_mut("paths")?;
    let V::Map(entries) = &mut paths.v else { return None };
    let i = match slot {
        Some(i) if entries.get(i).is_some_and(|e| e.0 == path) => i,
        _ => entries.iter().position(|e| e.0 == path)?,
    };
    Some(&mut entries[i].2)
}

/// The definitions of `method` at `path` with an integration, in each `Fn::If` branch
/// (`iter_on_method_definitions_for_path_at_method`).
pub(crate) fn defs_mut<'d>(body: &'d mut Doc, (path, slot): Slot<'_>, method: &str) -> Vec<&'d mut Doc> {
    let Some(item) = item_mut(body, (path, slot)) else { return Vec::new() };
    let mut out = Vec::new();
    for item in branches_mut(item) {
        if let Some(op) = item.get_mut(method) {
            out.extend(branches_mut(op).into_iter().filter(|d| d.get(INTEGRATION).is_some_and(Doc::truthy)));
        }
    }
    out
}

/// `add_lambda_integration` on one method definition.
fn integrate(e: &Event<'_>, method_auth: &Doc, api_auth: &Doc, op: &mut Doc) {
    let at = e.at;
    let mut integration = Doc::map(at);
    integration.set("type", at, Doc::str("aws_proxy", at));
    integration.set("httpMethod", at, Doc::str("POST", at));
    // `ResponseTransferMode: RESPONSE_STREAM` invokes the function's streaming path.
    let stream = e.props.get("ResponseTransferMode").and_then(Doc::str_value) == Some("RESPONSE_STREAM");
    let (version, path) =
        if stream { ("2021-11-15", "response-streaming-invocations") } else { ("2015-03-31", "invocations") };
    let arn = format!("arn:aws:apigateway:${{AWS::Region}}:lambda:path/{version}/functions/${{{}}}/{path}", e.target);
    let mut uri = Doc::one("Fn::Sub", Doc::str(&arn, e.function_at), e.function_at);
    if let Some(c) = &e.condition {
        uri = conditional(c, uri, e.function_at);
    }
    integration.set("uri", e.function_at, uri);
    if stream {
        integration.set("responseTransferMode", at, Doc::str("STREAM", at));
    }
    let iam = method_auth.get("Authorizer").and_then(Doc::str_value) == Some("AWS_IAM")
        || (api_auth.get("DefaultAuthorizer").and_then(Doc::str_value) == Some("AWS_IAM") && !method_auth.truthy());
    if iam {
        let role = |a: &Doc| match a.get("InvokeRole") {
            Some(r) if r.truthy() => Some(r.clone()),
            Some(r) => Some(Doc::str("NONE", r.at)),
            None => None,
        };
        let chosen = role(method_auth).or_else(|| role(api_auth));
        let credentials = match chosen {
            Some(r) if r.str_value() != Some("CALLER_CREDENTIALS") => r,
            _ => Doc::str("arn:aws:iam::*:user/*", at),
        };
        if credentials.str_value() != Some("NONE") {
            integration.set("credentials", credentials.at, credentials);
        }
    }
    op.set(INTEGRATION, at, integration);
    if op.get("responses").is_none() {
        op.set("responses", at, Doc::map(at));
    }
    if let Some(c) = &e.condition {
        let whole = std::mem::replace(op, Doc::map(at));
        *op = conditional(c, whole, at);
    }
}

/// `add_state_machine_integration`: an `aws` integration starting an execution of the state
/// machine, with the role SAM creates for the event (`{StateMachine}{Event}Role`), the request
/// template that passes the body as the execution's input (`UnescapeMappingTemplate` unescaping
/// single quotes), and responses 200 and 400.
fn start_execution(e: &Event<'_>, op: &mut Doc) {
    let at = e.at;
    let status = |codes: &[(&str, &str)], key: &str| {
        let mut d = Doc::map(at);
        for (code, value) in codes {
            d.set(code, at, Doc::one(key, Doc::str(value, at), at));
        }
        d
    };
    let mut integration = Doc::map(at);
    integration.set("type", at, Doc::str("aws", at));
    integration.set("httpMethod", at, Doc::str("POST", at));
    let arn = "arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution";
    let mut uri = Doc::one("Fn::Sub", Doc::str(arn, e.function_at), e.function_at);
    if let Some(c) = &e.condition {
        uri = conditional(c, uri, e.function_at);
    }
    integration.set("uri", e.function_at, uri);
    integration.set("responses", at, status(&[("200", "200"), ("400", "400")], "statusCode"));
    let role = format!("{}{}Role", e.function, e.id);
    let arn = Doc::seq(vec![Doc::str(&role, at), Doc::str("Arn", at)], at);
    integration.set("credentials", at, Doc::one("Fn::GetAtt", arn, at));
    let input = if e.props.get("UnescapeMappingTemplate").is_some_and(Doc::is_true) {
        r#"$util.escapeJavaScript($input.json('$')).replaceAll("\\'","'")"#
    } else {
        r#"$util.escapeJavaScript($input.json('$'))"#
    };
    let template = format!(r#"{{"input": "{input}", "stateMachineArn": "${{{}}}"}}"#, e.target);
    let sub = Doc::one("Fn::Sub", Doc::str(&template, at), at);
    integration.set("requestTemplates", at, Doc::one("application/json", sub, at));
    op.set(INTEGRATION, at, integration);
    if op.get("responses").is_none() {
        op.set("responses", at, status(&[("200", "OK"), ("400", "Bad Request")], "description"));
    }
    if let Some(c) = &e.condition {
        let whole = std::mem::replace(op, Doc::map(at));
        *op = conditional(c, whole, at);
    }
}

/// The event's `RequestModel`: the body parameter (or `requestBody`) and its validator.
fn model(
    e: &Event<'_>,
    m: &Doc,
    api: &Doc,
    method: &str,
    (path, slot): Slot<'_>,
    body: &mut Doc,
) -> Result<(), Refusal> {
    if !m.is_map() {
        return Err(e.refuse(m.at, "Property 'RequestModel' should be a map."));
    }
    let Some(name) = m.get("Model").filter(|n| n.truthy()) else { return Ok(()) };
    let shown = super::super::doc::python(name);
    let shown = name.str_value().map_or(shown, str::to_string);
    let unable =
        |why: &str| format!("Unable to set RequestModel [{shown}] on API method [{method}] for path [{path}] {why}");
    let models = api.get("Models").filter(|m| m.truthy());
    let Some(models) = models else {
        return Err(e.refuse(name.at, &unable("because the related API does not define any Models.")));
    };
    if !models.is_map() {
        return Err(e.refuse(name.at, &unable("because the related API Models defined is of invalid type.")));
    }
    let Some(n) = name.str_value() else {
        return Err(e.refuse(name.at, &unable("because the related API does not contain valid Models.")));
    };
    if !models.get(n).is_some_and(Doc::truthy) {
        return Err(e.refuse(name.at, &unable("because it wasn't defined in the API's Models.")));
    }
    let lower = n.to_lowercase();
    let at = name.at;
    let swagger = body.get("swagger").is_some_and(|s| !s.is_null());
    let three = body.get("openapi").and_then(|o| if let V::Scalar(_, t) = &o.v { Some(t.clone()) } else { None });
    let three = three.is_some_and(|v| super::api::is_version_3(&v));
    let required = m.get("Required").filter(|r| !r.is_null());
    for op in defs_mut(body, (path, slot), &normal(method)) {
        if swagger {
            let mut p = Doc::map(at);
            p.set("in", at, Doc::str("body", at));
            p.set("name", at, Doc::str(&lower, at));
            p.set("schema", at, Doc::one("$ref", Doc::str(&format!("#/definitions/{lower}"), at), at));
            if let Some(r) = required {
                p.set("required", r.at, r.clone());
            }
            push(op, "parameters", p, at);
        } else if three {
            let schema = Doc::one("$ref", Doc::str(&format!("#/components/schemas/{lower}"), at), at);
            let content = Doc::one("application/json", Doc::one("schema", schema, at), at);
            let mut rb = Doc::one("content", content, at);
            if let Some(r) = required {
                rb.set("required", r.at, r.clone());
            }
            op.set("requestBody", at, rb);
        }
    }
    let (vb, vp) = (m.get("ValidateBody"), m.get("ValidateParameters"));
    if vb.is_none() && vp.is_none() {
        return Ok(());
    }
    let boolean = |v: Option<&Doc>| v.is_none_or(|v| matches!(v.v, V::Scalar(crate::tree::Kind::Bool, _)));
    if !boolean(vb) || !boolean(vp) {
        return Err(e.refuse(m.at, &format!("Unable to set Validator to RequestModel [{shown}] on API method [{method}] for path [{path}] ValidateBody and ValidateParameters must be a boolean type, strings or intrinsics are not supported.")));
    }
    let (b, p) = (vb.is_some_and(Doc::is_true), vp.is_some_and(Doc::is_true));
    let validator = match (b, p) {
        (true, true) => "body-and-params",
        (true, false) => "body-only",
        (false, true) => "params-only",
        (false, false) => "no-validation",
    };
    let vat = vb.or(vp).map_or(at, |v| v.at);
    if !body.get("x-amazon-apigateway-request-validators").is_some_and(Doc::truthy) {
        body.set("x-amazon-apigateway-request-validators", vat, Doc::map(vat));
    }
    if let Some(all) = body.get_mut("x-amazon-apigateway-request-validators")
        && !all.get(validator).is_some_and(Doc::truthy)
    {
        let mut v = Doc::map(vat);
        v.set("validateRequestBody", vat, Doc::bool(b, vat));
        v.set("validateRequestParameters", vat, Doc::bool(p, vat));
        all.set(validator, vat, v);
    }
    for op in defs_mut(body, (path, slot), &normal(method)) {
        op.set("x-amazon-apigateway-request-validator", vat, Doc::str(validator, vat));
    }
    Ok(())
}

/// Appends `value` to the list `key` of `op` (made when absent).
pub(crate) fn push(op: &mut Doc, key: &str, value: Doc, at: super::super::doc::Span) {
    match op.get_mut(key) {
        Some(Doc { v: V::Seq(items), .. }) => items.push(value),
        _ => op.set(key, at, Doc::seq(vec![value], at)),
    }
}

/// The event's `RequestParameters`: a parameter each, and the cached ones as the integration's
/// `cacheKeyParameters`.
fn parameters(e: &Event<'_>, list: &Doc, method: &str, (path, slot): Slot<'_>, body: &mut Doc) -> Result<(), Refusal> {
    const FORMAT: &str = "Invalid value for 'RequestParameters' property. Keys must be in the format 'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'.";
    let V::Seq(items) = &list.v else { return Ok(()) };
    let well_named = |n: &str| {
        ["querystring", "path", "header"].iter().any(|l| {
            n.strip_prefix("method.request.").and_then(|r| r.strip_prefix(l)).is_some_and(|r| r.starts_with('.'))
        })
    };
    let mut params = Vec::new();
    for p in items {
        let (name, settings) = match &p.v {
            V::Map(entries) if !entries.is_empty() => {
                let (name, _, value) = &entries[0];
                if !well_named(name) {
                    return Err(e.refuse(p.at, FORMAT));
                }
                let ok = matches!(&value.v, V::Map(m) if m.iter().all(|(k, _, _)| k == "Required" || k == "Caching"));
                if !ok {
                    return Err(e.refuse(p.at, "Invalid value for 'RequestParameters' property. Values must be an object, e.g { Required: true, Caching: false }"));
                }
                (name.clone(), Some(value))
            }
            V::Scalar(crate::tree::Kind::Str, name) => {
                if !well_named(name) {
                    return Err(e.refuse(p.at, FORMAT));
                }
                (name.clone(), None)
            }
            _ => {
                return Err(e.refuse(
                    p.at,
                    "Invalid value for 'RequestParameters' property. Property must be either a string or an object",
                ));
            }
        };
        let required = settings.and_then(|s| s.get("Required")).cloned().unwrap_or_else(|| Doc::bool(false, p.at));
        let caching = settings.and_then(|s| s.get("Caching")).is_some_and(Doc::truthy);
        params.push((name, required, caching, p.at));
    }
    for op in defs_mut(body, (path, slot), &normal(method)) {
        for (name, required, caching, at) in &params {
            let rest = name.trim_start_matches("method.request.");
            let (location, n) = rest.split_once('.').unwrap_or((rest, ""));
            let location = if location == "querystring" { "query" } else { location };
            let mut d = Doc::map(*at);
            d.set("in", *at, Doc::str(location, *at));
            d.set("name", *at, Doc::str(n, *at));
            d.set("required", *at, required.clone());
            d.set("type", *at, Doc::str("string", *at));
            push(op, "parameters", d, *at);
            if *caching && let Some(i) = op.get_mut(INTEGRATION) {
                push(i, "cacheKeyParameters", Doc::str(name, *at), *at);
            }
        }
    }
    Ok(())
}
