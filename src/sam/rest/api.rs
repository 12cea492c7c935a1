//! What SAM's `ApiGenerator._construct_rest_api` does to an `AWS::Serverless::Api`'s body once
//! the events are in, in its order: the properties' checks, `Cors`, `Auth`, `GatewayResponses`,
//! `BinaryMediaTypes`, `Models`, `DisableExecuteApiEndpoint`, and the OpenAPI 3
//! post-processing (`_openapi_postprocess`).

use super::super::doc::{Doc, Span, V};
use super::super::{Draft, Refusal, is_intrinsic};
use crate::tree::Kind;

/// `SwaggerEditor.is_valid`: a mapping with `paths` a mapping and a `swagger` that is set or an
/// `openapi` of 3.x.
pub(crate) fn is_valid(body: &Doc) -> bool {
    if !body.get("paths").is_some_and(Doc::is_map) {
        return false;
    }
    if body.get("swagger").is_some_and(Doc::truthy) {
        return true;
    }
    body.get("openapi").filter(|o| o.truthy()).is_some_and(|o| matches!(&o.v, V::Scalar(_, t) if is_version_3(t)))
}

/// `\A3(\.\d)(\.\d)?$`.
pub(crate) fn is_version_3(v: &str) -> bool {
    v.strip_prefix('3').is_some_and(version_tail)
}

/// `(\.\d)(\.\d)?$` (a final newline allowed, as Python's `$` allows it).
fn version_tail(rest: &str) -> bool {
    let rest = rest.strip_suffix('\n').unwrap_or(rest);
    let b = rest.as_bytes();
    let part = |i: usize| b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
    (b.len() == 2 && part(0)) || (b.len() == 4 && part(0) && part(2))
}

/// Finishes `api`'s body from `props` (its properties, parameters resolved as SAM resolves
/// them); SAM's refusal of the API.
pub(crate) fn finish(api: &mut Draft, props: &Doc) -> Result<(), Refusal> {
    let id = api.id.clone();
    let refuse = |at: Span, msg: &str| Refusal { at, id: id.clone(), msg: msg.to_string() };
    if let Some(b) = props.get("DefinitionBody").filter(|b| !b.is_map()) {
        return Err(refuse(b.at, "Property 'DefinitionBody' should be a map."));
    }
    if let Some(f) =
        props.get("FailOnWarnings").filter(|f| !matches!(f.v, V::Scalar(Kind::Bool, _)) && !is_intrinsic(f))
    {
        return Err(refuse(f.at, "Type of property 'FailOnWarnings' is invalid."));
    }
    if let Some(v) = props.get("OpenApiVersion").filter(|v| !v.is_null()) {
        let Some(text) = v.str_value() else {
            return Err(refuse(v.at, "Property 'OpenApiVersion' should be a string."));
        };
        let ok = text.strip_prefix('2').or_else(|| text.strip_prefix('3')).is_some_and(version_tail);
        if !ok {
            return Err(refuse(v.at, "The OpenApiVersion value must be of the format '3.0.0'."));
        }
    }
    if let Some(m) = props.get("Models").filter(|m| m.truthy() && !m.is_map()) {
        return Err(refuse(m.at, "Property 'Models' should be a map."));
    }
    if let (Some(u), Some(_)) = (props.get("DefinitionUri"), props.get("DefinitionBody")) {
        return Err(refuse(u.at, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both."));
    }
    if let Some(u) = props.get("DefinitionUri") {
        definition_uri(u).map_err(|m| refuse(u.at, m))?;
    }
    if let (Some(u), Some(m)) = (props.get("DefinitionUri"), props.get("MergeDefinitions"))
        && m.truthy()
    {
        return Err(refuse(u.at, "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`."));
    }
    if let Some(e) = props.get("EndpointConfiguration").filter(|e| e.is_map())
        && e.get("VPCEndpointIds").is_some()
        && e.get("VpcEndpointIds").is_some()
    {
        return Err(refuse(
            e.at,
            "'VPCEndpointIds' and 'VpcEndpointIds' cannot be used together in EndpointConfiguration.",
        ));
    }
    let inline = |what: &str| format!("{what} works only with inline Swagger specified in 'DefinitionBody' property.");
    if let Some(c) = props.get("Cors").filter(|c| c.truthy()) {
        let Some(body) = api.body.as_mut() else { return Err(refuse(c.at, &inline("Cors"))) };
        super::cors::add(&api.id, c, body)?;
    }
    if let Some(a) = props.get("Auth").filter(|a| a.truthy()) {
        let Some(body) = api.body.as_mut() else { return Err(refuse(a.at, &inline("Auth"))) };
        let stage = props
            .get("StageName")
            .cloned()
            .unwrap_or_else(|| Doc { v: V::Scalar(Kind::Null, String::new()), at: a.at });
        super::auth::add(&api.id, a, &stage, body)?;
        postprocess(props, body)?;
    }
    if let Some(a) = props.get("Auth").filter(|a| a.is_map())
        && let Some(plan) = a.get("UsagePlan").filter(|p| !p.is_null())
    {
        usage_plan(plan).map_err(|m| refuse(plan.at, m))?;
    }
    if let Some(g) = props.get("GatewayResponses").filter(|g| g.truthy()) {
        let Some(body) = api.body.as_mut() else { return Err(refuse(g.at, &inline("GatewayResponses"))) };
        gateway_responses(g, body).map_err(|(at, m)| refuse(at, &m))?;
    }
    if let Some(b) = props.get("BinaryMediaTypes").filter(|b| b.truthy())
        && let Some(body) = api.body.as_mut()
    {
        editor(body)?;
        body.set("x-amazon-apigateway-binary-media-types", b.at, unescaped(b.clone()));
    }
    if let Some(m) = props.get("Models").filter(|m| m.truthy()) {
        let Some(body) = api.body.as_mut() else {
            return Err(refuse(m.at, "Models works only with inline Swagger specified in 'DefinitionBody' property."));
        };
        models(m, body).map_err(
            |(at, msg, whole)| if whole { Refusal { at, id: String::new(), msg } } else { refuse(at, &msg) },
        )?;
        postprocess(props, body)?;
    }
    if let Some(d) = props.get("DisableExecuteApiEndpoint").filter(|d| !d.is_null()) {
        let Some(body) = api.body.as_mut() else {
            return Err(refuse(d.at, "DisableExecuteApiEndpoint works only within 'DefinitionBody' property."));
        };
        editor(body)?;
        endpoint(d, body)?;
    }
    if props.get("DefinitionUri").is_none()
        && let Some(body) = api.body.as_mut()
        && body.truthy()
        && is_valid(body)
    {
        postprocess(props, body)?;
    }
    Ok(())
}

/// `_construct_body_s3_dict`'s checks: a mapping with `Bucket` and `Key`, or a string that is an
/// `s3://` URI. A local path (`./api.yaml`) passes: `sam deploy` and `aws cloudformation package`
/// upload it and write its URI before the transform runs.
fn definition_uri(u: &Doc) -> Result<(), &'static str> {
    if u.is_map() && !is_intrinsic(u) {
        let has = |k: &str| u.get(k).is_some_and(Doc::truthy);
        return if has("Bucket") && has("Key") {
            Ok(())
        } else {
            Err("'DefinitionUri' requires Bucket and Key properties to be specified.")
        };
    }
    match u.str_value() {
        Some(s) if s.contains("://") && !s.starts_with("s3://") => Err(
            "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
        ),
        _ => Ok(()),
    }
}

/// `SwaggerEditor(body)`: a valid body with every path item a mapping.
fn editor(body: &Doc) -> Result<(), Refusal> {
    if !is_valid(body) {
        let msg = "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'.";
        return Err(Refusal { at: body.at, id: String::new(), msg: msg.into() });
    }
    super::events::valid_items(body)
}

/// `_construct_usage_plan`'s checks (the plan, key and usage plan key are resources of their own,
/// outside the body).
fn usage_plan(plan: &Doc) -> Result<(), &'static str> {
    const KEYS: [&str; 6] = ["CreateUsagePlan", "Description", "Quota", "Tags", "Throttle", "UsagePlanName"];
    if !plan.is_map() {
        return Err("'UsagePlan' must be a dictionary");
    }
    if plan.keys().iter().any(|k| !KEYS.contains(&k.as_str())) {
        return Err("Invalid property for 'UsagePlan'");
    }
    match plan.get("CreateUsagePlan").filter(|c| !c.is_null()).map(|c| c.str_value()) {
        None => Err("'CreateUsagePlan' is a required field for UsagePlan."),
        Some(Some("SHARED" | "PER_API" | "NONE")) => Ok(()),
        Some(_) => Err("'CreateUsagePlan' accepts one of ['SHARED', 'PER_API', 'NONE']."),
    }
}

/// `add_binary_media_types`: `~1` written `/`, everywhere in the value.
fn unescaped(d: Doc) -> Doc {
    let at = d.at;
    match d.v {
        V::Map(e) => {
            Doc { v: V::Map(e.into_iter().map(|(k, ks, v)| (k.replace("~1", "/"), ks, unescaped(v))).collect()), at }
        }
        V::Seq(i) => Doc::seq(i.into_iter().map(unescaped).collect(), at),
        V::Scalar(Kind::Str, s) => Doc::str(&s.replace("~1", "/"), at),
        other => Doc { v: other, at },
    }
}

/// `_add_gateway_responses` and `ApiGatewayResponse.generate_swagger`.
fn gateway_responses(g: &Doc, body: &mut Doc) -> Result<(), (Span, String)> {
    const KEYS: [&str; 3] = ["ResponseParameters", "ResponseTemplates", "StatusCode"];
    let V::Map(entries) = &g.v else { return Ok(()) };
    for (name, _, r) in entries {
        if is_intrinsic(r) {
            return Err((r.at, "Unable to set GatewayResponses attribute because intrinsic functions are not supported for this field.".into()));
        }
        if !r.is_map() {
            let ty = match &r.v {
                V::Seq(_) => "list",
                V::Scalar(Kind::Int, _) => "int",
                V::Scalar(Kind::Float, _) => "float",
                V::Scalar(Kind::Bool, _) => "bool",
                V::Scalar(Kind::Null, _) => "NoneType",
                _ => "str",
            };
            return Err((
                r.at,
                format!(
                    "Invalid property type '{ty}' for GatewayResponses. Expected an object of type 'GatewayResponse'."
                ),
            ));
        }
        if let Some(k) = r.keys().into_iter().find(|k| !KEYS.contains(&k.as_str())) {
            return Err((r.at, format!("Invalid property '{k}' in 'GatewayResponses' property '{name}'.")));
        }
    }
    if !is_valid(body) {
        return Err((
            g.at,
            "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition."
                .into(),
        ));
    }
    let mut built = Vec::new();
    for (name, ks, r) in entries {
        let params = r.get("ResponseParameters").filter(|p| p.truthy());
        if let Some(p) = params.filter(|p| !p.is_map()) {
            return Err((p.at, format!("Property 'GatewayResponses.{name}.ResponseParameters' should be a map.")));
        }
        if let Some(k) = params
            .and_then(|p| p.keys().into_iter().find(|k| !["Headers", "Paths", "QueryStrings"].contains(&k.as_str())))
        {
            return Err((r.at, format!("Invalid gateway response parameter '{k}'")));
        }
        let status = r.get("StatusCode").filter(|s| !s.is_null());
        let text = status.and_then(|s| match &s.v {
            V::Scalar(_, t) => Some(t.clone()),
            _ => None,
        });
        if status.is_some_and(Doc::truthy)
            && !text.as_deref().is_some_and(|t| (1..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err((status.map_or(r.at, |s| s.at), "Property 'StatusCode' must be numeric".into()));
        }
        let mut prefixed = Doc::map(params.map_or(r.at, |p| p.at));
        for (key, prefix) in [("Headers", "header."), ("Paths", "path."), ("QueryStrings", "querystring.")] {
            let Some(group) = params.and_then(|p| p.get(key)) else { continue };
            let V::Map(values) = &group.v else {
                return Err((group.at, format!("Property 'ResponseParameters.{key}' should be a map.")));
            };
            for (k, kat, v) in values {
                prefixed.set(&format!("gatewayresponse.{prefix}{k}"), *kat, v.clone());
            }
        }
        let mut response = Doc::map(r.at);
        response.set("responseParameters", prefixed.at, prefixed);
        let templates = r.get("ResponseTemplates").filter(|t| t.truthy()).cloned().unwrap_or_else(|| Doc::map(r.at));
        response.set("responseTemplates", templates.at, templates);
        if let (Some(s), Some(t)) = (status.filter(|s| s.truthy()), text) {
            response.set("statusCode", s.at, Doc::str(&t, s.at));
        }
        built.push((name.clone(), *ks, response));
    }
    const KEY: &str = "x-amazon-apigateway-gateway-responses";
    if !body.get(KEY).is_some_and(Doc::truthy) {
        body.set(KEY, g.at, Doc::map(g.at));
    }
    if let Some(all) = body.get_mut(KEY) {
        for (name, ks, response) in built {
            all.set(&name, ks, response);
        }
    }
    Ok(())
}

/// `_add_models`: each model in `definitions` by its lower-case name. The flag says a refusal of
/// the template's structure rather than of the API.
fn models(m: &Doc, body: &mut Doc) -> Result<(), (Span, String, bool)> {
    if !is_valid(body) {
        return Err((
            m.at,
            "Unable to add Models definitions because 'DefinitionBody' does not contain a valid Swagger definition."
                .into(),
            false,
        ));
    }
    let V::Map(entries) = &m.v else { return Ok(()) };
    if entries.iter().any(|(_, _, s)| !s.is_map()) {
        return Err((m.at, "Invalid value for 'Models' property".into(), false));
    }
    super::events::valid_items(body).map_err(|r| (r.at, r.msg, true))?;
    if !body.get("definitions").is_some_and(Doc::truthy) {
        body.set("definitions", m.at, Doc::map(m.at));
    }
    for (name, ks, schema) in entries {
        if !schema.get("type").is_some_and(Doc::truthy) {
            return Err((schema.at, "'Models' schema is missing 'type'.".into(), true));
        }
        if let Some(defs) = body.get_mut("definitions") {
            defs.set(&name.to_lowercase(), *ks, schema.clone());
        }
    }
    Ok(())
}

/// `add_disable_execute_api_endpoint_extension`.
fn endpoint(d: &Doc, body: &mut Doc) -> Result<(), Refusal> {
    const KEY: &str = "x-amazon-apigateway-endpoint-configuration";
    let structure = |msg: String| Refusal { at: d.at, id: String::new(), msg };
    let three = body.get("openapi").is_some_and(|o| matches!(&o.v, V::Scalar(_, t) if is_version_3(t)));
    let set = |config: &mut Doc| -> bool {
        match config.get_mut(KEY) {
            None => {
                config.set(KEY, d.at, Doc::one("disableExecuteApiEndpoint", d.clone(), d.at));
                true
            }
            Some(c) if c.is_map() => {
                c.set("disableExecuteApiEndpoint", d.at, d.clone());
                true
            }
            Some(_) => false,
        }
    };
    if three {
        if body.get("servers").is_none() {
            body.set("servers", d.at, Doc::seq(vec![Doc::map(d.at)], d.at));
        }
        if let Some(Doc { v: V::Seq(servers), .. }) = body.get_mut("servers") {
            for (i, s) in servers.iter_mut().enumerate() {
                if !s.is_map() || !set(s) {
                    return Err(structure(format!(
                        "Invalid OpenAPI definition of 'servers[{i}]': The value of '{KEY}' should be a map."
                    )));
                }
            }
        }
    } else if !set(body) {
        return Err(structure(format!("Invalid OpenAPI definition: The value of '{KEY}' should be a map.")));
    }
    Ok(())
}

/// `_openapi_postprocess`: with OpenAPI 3 (`OpenApiVersion`, else the body's `openapi`),
/// `securityDefinitions` and `definitions` moved under `components`, the OPTIONS methods without
/// `consumes` and `produces`, their response headers given a `schema`.
fn postprocess(props: &Doc, body: &mut Doc) -> Result<(), Refusal> {
    if body.get("swagger").is_some_and(|s| !s.is_null()) {
        return Ok(());
    }
    let version = match props.get("OpenApiVersion").filter(|v| !v.is_null()) {
        None => body.get("openapi").filter(|o| !o.is_null()),
        some => some,
    };
    let three = version.is_some_and(|v| matches!(&v.v, V::Scalar(_, t) if is_version_3(t)));
    if !three {
        return Ok(());
    }
    for (from, to) in [("securityDefinitions", "securitySchemes"), ("definitions", "schemas")] {
        if let Some(d) = body.get(from).filter(|d| d.truthy()).cloned() {
            let at = d.at;
            if !body.get("components").is_some_and(Doc::truthy) {
                body.set("components", at, Doc::map(at));
            }
            if let Some(c) = body.get_mut("components") {
                c.set(to, at, d);
            }
            body.remove(from);
        }
    }
    let structure = |at: Span, msg: String| Refusal { at, id: String::new(), msg };
    let Some(paths) = body.get_mut("paths").filter(|p| p.truthy()) else { return Ok(()) };
    let V::Map(paths) = &mut paths.v else {
        return Err(structure(paths.at, "Value of paths must be a dictionary according to Swagger spec.".into()));
    };
    for (path, _, item) in paths.iter_mut() {
        if !item.is_map() {
            return Err(structure(
                item.at,
                format!("Value of '{path}' path must be a dictionary according to Swagger spec."),
            ));
        }
        let Some(options) = item.get_mut("options").filter(|o| o.truthy()) else { continue };
        if !options.is_map() {
            return Err(structure(
                options.at,
                format!("Value of options method for path {path} must be a dictionary according to Swagger spec."),
            ));
        }
        options.remove("produces");
        options.remove("consumes");
        let Some(responses) = options.get_mut("responses") else { continue };
        if !responses.is_map() {
            return Err(structure(
                responses.at,
                format!("Invalid responses in options method for path {path}: It should be a map."),
            ));
        }
        let Some(ok) = responses.get_mut("200") else { continue };
        if !ok.is_map() {
            return Err(structure(
                ok.at,
                format!("Invalid responses in options method for path {path}: It should be a map."),
            ));
        }
        let Some(headers) = ok.get_mut("headers").filter(|h| h.truthy()) else { continue };
        let V::Map(headers) = &mut headers.v else {
            return Err(structure(
                headers.at,
                format!(
                    "Value of response's headers in options method for path {path} must be a dictionary according to Swagger spec."
                ),
            ));
        };
        for (_, _, value) in headers.iter_mut() {
            let at = value.at;
            let inner = std::mem::replace(value, Doc::map(at));
            *value = Doc::one("schema", inner, at);
        }
    }
    Ok(())
}
