//! The REST APIs the SAM transform builds: every `AWS::Serverless::Api` and the implicit
//! `ServerlessRestApi` of functions' `Api` events, `Globals.Api` merged under each, predicted from
//! SAM's own source (`plugins/api/implicit_rest_api_plugin.py` and `implicit_api_plugin.py`,
//! `plugins/api/default_definition_body_plugin.py`, `plugins/globals/globals.py`, the `Api` event
//! of `model/eventsources/push.py`, `model/api/api_generator.py`, `swagger/swagger.py`).
//!
//! SAM works in two passes, and so does this module: its plugins first (each event's path and
//! method added to the API it names; a refusal there stops the transform before anything else
//! is judged), then the resources (functions first: each event's integration, `Auth`, request
//! model and parameters; then each API: CORS, `Auth`, gateway responses, binary media types,
//! models, the OpenAPI 3 post-processing).

mod api;
mod auth;
mod cors;
mod events;
mod policy;

use super::doc::{Doc, Span, V};
use super::events::Event;
use super::{Draft, Refusal, SamApi, SamBody, merged, resolved};
use crate::tree::NodeRef;

/// The properties `Globals.Api` may set (`Globals.supported_properties`).
const GLOBALS: [&str; 22] = [
    "Auth",
    "Name",
    "DefinitionUri",
    "CacheClusterEnabled",
    "CacheClusterSize",
    "MergeDefinitions",
    "Variables",
    "EndpointConfiguration",
    "MethodSettings",
    "BinaryMediaTypes",
    "MinimumCompressionSize",
    "Cors",
    "GatewayResponses",
    "AccessLogSetting",
    "CanarySetting",
    "TracingEnabled",
    "OpenApiVersion",
    "Domain",
    "AlwaysDeploy",
    "PropagateTags",
    "SecurityPolicy",
    "EndpointAccessMode",
];

/// The logical id of the implicit REST API.
pub(crate) const IMPLICIT: &str = "ServerlessRestApi";

/// The REST APIs of the template whose root is `root`, built with the functions' `Api` events;
/// SAM's refusals in `out`.
pub(crate) fn apis(root: NodeRef<'_>, events: &[Event<'_>], out: &mut Vec<Refusal>) -> Vec<SamApi> {
    let Some(resources) = root.get("Resources").filter(|r| r.is_map()) else { return Vec::new() };
    let tree = root.tree();
    let globals = root.get("Globals").and_then(|g| g.get("Api"));
    if let Some(g) = globals {
        for key in ["StageName", "DefinitionBody"] {
            if let Some(k) = g.get(key) {
                let at = tree.key_span(k.id()).map_or((0, 0), |s| (s.start, s.end));
                let msg = format!(
                    "'Globals' section is invalid. '{key}' is not a supported property of 'Api'. Must be one of the following values - [{}]",
                    GLOBALS.map(|g| format!("'{g}'")).join(", ")
                );
                out.push(Refusal { at, id: String::new(), msg });
                return Vec::new();
            }
        }
    }
    let globals = globals.map(Doc::from_node);
    let mut apis: Vec<Draft> = Vec::new();
    for (id, r) in resources.entries() {
        if r.get("Type").and_then(|t| t.as_str()) != Some("AWS::Serverless::Api") {
            continue;
        }
        let key = tree.key_span(r.id()).map_or((0, 0), |s| (s.start, s.end));
        let props = r.get("Properties").map_or_else(|| Doc::map(key), Doc::from_node);
        if !props.is_map() {
            out.push(Refusal {
                at: props.at,
                id: id.to_string(),
                msg: "Attribute 'Properties' should be a map.".into(),
            });
            continue;
        }
        let mut api = draft(id, key, merged(globals.as_ref(), props));
        let own = |k: &str| r.get("Properties").and_then(|p| p.get(k)).map(|n| n.id());
        api.written = own("DefinitionBody").map(|n| (n, false)).or_else(|| own("DefinitionUri").map(|n| (n, true)));
        apis.push(api);
    }
    // The plugins' pass: `ImplicitRestApiPlugin._process_api_events`.
    let mut placed = Vec::new();
    let mut refused = false;
    for e in events {
        if matches!(&e.props.v, V::Map(m) if m.is_empty()) {
            continue;
        }
        match plugin(e, resources, &mut apis, globals.as_ref()) {
            Ok(Some(api)) => placed.push((e, api)),
            Ok(None) => {}
            Err(r) => {
                // One refusal a function: SAM stops at its first failing event.
                if !out.iter().any(|o| o.id == r.id) {
                    out.push(r);
                }
                refused = true;
            }
        }
    }
    for api in apis.iter_mut().filter(|a| a.managed) {
        super::conditional_paths(api);
    }
    if refused {
        return Vec::new();
    }
    // The resources' pass: functions first, then the APIs.
    // SAM translates the functions first, then the state machines.
    placed.sort_by_key(|(e, _)| e.state_machine);
    let mut failed: Vec<String> = Vec::new();
    let mut checked = std::collections::HashSet::new();
    for (e, api_id) in placed {
        if failed.iter().any(|f| f == e.function) {
            continue;
        }
        let Some(api) = apis.iter_mut().find(|a| a.id == api_id) else { continue };
        // `SwaggerEditor.__init__`, once an API: every path item a mapping.
        if api.managed
            && checked.insert(api_id.clone())
            && let Some(Err(r)) = api.body.as_ref().map(events::valid_items)
        {
            out.push(r);
            return Vec::new();
        }
        if let Err(r) = events::add(e, api, root) {
            failed.push(r.id.clone());
            if !out.iter().any(|o| o.id == r.id && o.msg == r.msg) {
                out.push(r);
            }
        }
    }
    let mut built = Vec::new();
    let resolved: Vec<Doc> = apis.iter().map(|a| resolved_props(&a.props, root)).collect();
    let translated: Vec<(&str, &Doc)> =
        apis.iter().zip(&resolved).filter(|(a, _)| !failed.contains(&a.id)).map(|(a, p)| (a.id.as_str(), p)).collect();
    let mut plans: std::collections::HashMap<String, _> = super::usage::sam_plans(&translated).into_iter().collect();
    drop(translated);
    for (mut api, props) in apis.into_iter().zip(resolved) {
        if failed.contains(&api.id) {
            continue;
        }
        let named = props.get("Name").is_some();
        let described = props.get("Description").is_some();
        if let Err(r) = api::finish(&mut api, &props) {
            out.push(r);
            continue;
        }
        let body = match (api.body, api.written) {
            (Some(doc), Some((node, false))) if !api::is_valid(&doc) => SamBody::Written { node, s3: false },
            (Some(mut doc), _) => {
                // The usage plan and key SAM makes beside the API, as the root extensions gatewright reads.
                if let Some(found) = plans.remove(&api.id) {
                    for (k, at, v) in found {
                        if doc.get(&k).is_none() {
                            doc.set(&k, at, v);
                        }
                    }
                }
                SamBody::Tree(Box::new(doc.to_tree(&tree.src)))
            }
            (None, Some((node, s3))) => SamBody::Written { node, s3 },
            (None, None) => continue,
        };
        let replaced: &'static [&'static str] = match (named, described) {
            (true, true) => &["/info/title", "/info/description"],
            (true, false) => &["/info/title"],
            (false, true) => &["/info/description"],
            (false, false) => &[],
        };
        built.push(SamApi {
            id: api.id,
            body,
            fail_on_warnings: api.fail_on_warnings,
            kind: crate::kind::ApiKind::Rest,
            replaced,
        });
    }
    built
}

/// A new draft of the API `id` (`swagger: '2.0'` when SAM writes the body), made OpenAPI 3 by
/// `OpenApiVersion` (`Globals.fix_openapi_definitions`).
fn draft(id: &str, at: Span, props: Doc) -> Draft {
    let mut api = super::new_draft(id, at, props, ("swagger", "2.0"));
    if let (true, Some(v)) = (api.managed, api.props.get("OpenApiVersion"))
        && let V::Scalar(_, version) = &v.v
        && api::is_version_3(version)
    {
        // SAM writes a number (`3.0`) as the string it reads as.
        let (version, vat) = (Doc::str(version, v.at), v.at);
        api.props.set("OpenApiVersion", vat, version.clone());
        if let Some(b) = api.body.as_mut() {
            b.remove("swagger");
            b.set("openapi", vat, version);
        }
    }
    api
}

/// The properties `SamApi.to_cloudformation` resolves the parameters of: `BinaryMediaTypes`,
/// `Auth`.
fn resolved_props(props: &Doc, root: NodeRef<'_>) -> Doc {
    let mut p = props.clone();
    for key in ["BinaryMediaTypes", "Auth"] {
        if let Some((ks, v)) = p.remove(key) {
            p.set(key, ks, resolved(v, root));
        }
    }
    p
}

/// The plugins' pass over one event: the API it names (made when it is the implicit one), its
/// path and method added to a body SAM manages; `None` when it names an API SAM leaves alone.
fn plugin(
    e: &Event<'_>,
    resources: NodeRef<'_>,
    apis: &mut Vec<Draft>,
    globals: Option<&Doc>,
) -> Result<Option<String>, Refusal> {
    if !e.props.is_map() {
        return Err(e.refuse(e.props.at, "Properties should be a map."));
    }
    let path = match e.props.get("Path") {
        None => return Err(e.refuse(e.at, "Property 'Path' is required.")),
        Some(p) => p.str_value().ok_or_else(|| e.refuse(p.at, "Property 'Path' should be a string."))?,
    };
    let method = match e.props.get("Method") {
        None => return Err(e.refuse(e.at, "Property 'Method' is required.")),
        Some(m) => m.str_value().ok_or_else(|| e.refuse(m.at, "Property 'Method' should be a string."))?,
    };
    let api_id = match e.props.get("RestApiId") {
        None => IMPLICIT.to_string(),
        Some(d) => match d.str_value().or_else(|| super::intrinsic_ref(d)) {
            Some(id) => id.to_string(),
            None => return Err(e.refuse(d.at, "Property 'RestApiId' should be a string.")),
        },
    };
    let id_at = e.props.get("RestApiId").map_or(e.at, |d| d.at);
    if api_id == IMPLICIT && !apis.iter().any(|a| a.id == IMPLICIT) {
        let mut own = Doc::map(e.at);
        own.set("StageName", e.at, Doc::str("Prod", e.at));
        apis.push(draft(IMPLICIT, e.at, merged(globals, own)));
    }
    let Some(api) = apis.iter_mut().find(|a| a.id == api_id) else {
        return match resources.get(&api_id).and_then(|r| r.get("Type")).and_then(|t| t.as_str()) {
            // An API whose `Properties` SAM refused already, or another kind of resource:
            // nothing is added to it.
            Some(t) if t != "AWS::Serverless::HttpApi" => Ok(None),
            _ => Err(e.refuse(
                id_at,
                "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template.",
            )),
        };
    };
    if !api.managed || !api.body.as_ref().is_some_and(api::is_valid) {
        return Ok(Some(api_id));
    }
    let method = events::normal(method);
    let at = e.props.get("Path").map_or(e.at, |p| p.at);
    let Some(body) = api.body.as_mut() else { return Ok(Some(api_id)) };
    let Some(paths) = body.get_mut("paths") else { return Ok(Some(api_id)) };
    let Some(i) = super::events::path_at_index(paths, &mut api.path_index, path, at) else { return Ok(Some(api_id)) };
    let V::Map(entries) = &mut paths.v else { return Ok(Some(api_id)) };
    let item = &mut entries[i].2;
    if !item.is_map() {
        let msg = format!("Value of '{path}' path must be a dictionary according to Swagger spec.");
        return Err(Refusal { at: item.at, id: String::new(), msg });
    }
    for item in super::events::branches_mut(item) {
        let _ = item.entry(&method, at);
    }
    api.conditions.push((path.to_string(), e.condition.clone()));
    Ok(Some(api_id))
}
