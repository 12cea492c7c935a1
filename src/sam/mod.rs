//! SAM templates (`Transform: AWS::Serverless-2016-10-31`): the HTTP and REST APIs the SAM
//! transform builds, predicted offline from SAM's own source (aws/serverless-application-model:
//! `open_api/open_api.py`, `model/api/http_api_generator.py`, `model/apigatewayv2.py`,
//! `model/eventsources/push.py`, `plugins/api/implicit_http_api_plugin.py`,
//! `plugins/globals/globals.py`): every `AWS::Serverless::HttpApi` and the implicit
//! `ServerlessHttpApi` of functions' `HttpApi` events, `Globals.HttpApi` merged under each.
//!
//! The body is the `DefinitionBody` (copied with its spans) or SAM's skeleton, with each event's
//! path, method and integration (the function's `Condition` as SAM's `Fn::If`s, the alias of
//! `AutoPublishAlias`), the `Auth`, CORS, tags and `info` SAM writes, each node placed on the
//! template line that made it ([`doc::Doc`]). It becomes a span tree over the template's text,
//! so the template reader (`cfn_template/sam.rs`) analyses it as any body and findings land on
//! the event's `Path` or the `Auth` block. A `DefinitionBody` SAM cannot read as OpenAPI (a
//! `Fn::If`, an `AWS::Include`) it leaves as written, and so does this module; a
//! `DefinitionUri` is read as a `BodyS3Location` (SAM merges nothing into either). Where SAM's
//! transform would fail, GW920 at the property with SAM's message, word for word.
//! `AWS::Serverless::Api` and the implicit `ServerlessRestApi` of `Api` events are built the same
//! way, from SAM's REST source, in `rest/`.

mod api;
mod auth;
pub(crate) mod doc;
mod events;
mod rest;
pub(crate) mod usage;

use crate::diagnostics::{Code, Diagnostic};
use crate::tree::{NodeRef, Tree};
use doc::{Doc, Span, V};

/// An API the SAM transform builds.
pub(crate) struct SamApi {
    /// Its logical id (`ServerlessHttpApi` for the implicit one).
    pub(crate) id: String,
    /// The body SAM deploys.
    pub(crate) body: SamBody,
    /// `FailOnWarnings: true`, passed to the API resource.
    pub(crate) fail_on_warnings: bool,
    /// HTTP or REST.
    pub(crate) kind: crate::kind::ApiKind,
    /// The body's fields the API resource SAM writes sets itself (a REST API's `Name` and
    /// `Description`).
    pub(crate) replaced: &'static [&'static str],
}

/// The body of a SAM API.
pub(crate) enum SamBody {
    /// Generated or completed by the transform: a tree over the template's text.
    Tree(Box<Tree>),
    /// A `DefinitionBody` SAM leaves as written (`s3` false: an intrinsic such as `Fn::If` or
    /// `Fn::Transform`), or a `DefinitionUri` (`s3` true): the template's node, read as
    /// CloudFormation reads `Body` / `BodyS3Location`.
    Written { node: crate::tree::NodeId, s3: bool },
}

/// A place where SAM's transform fails, with SAM's message: of a resource (`id`), or of the
/// template's structure (`id` empty).
pub(crate) struct Refusal {
    pub(crate) at: Span,
    pub(crate) id: String,
    pub(crate) msg: String,
}

/// An API while the transform builds it (HTTP or REST).
pub(crate) struct Draft {
    pub(crate) id: String,
    pub(crate) at: Span,
    /// Its properties, `Globals.HttpApi` under them.
    pub(crate) props: Doc,
    /// The `DefinitionBody` (or SAM's skeleton); none with `DefinitionUri`.
    pub(crate) body: Option<Doc>,
    /// SAM wrote the body (`__MANAGE_SWAGGER`): an event's path and method are its only.
    pub(crate) managed: bool,
    pub(crate) fail_on_warnings: bool,
    /// SAM has refused its `DefinitionBody` (once is enough).
    pub(crate) broken: bool,
    /// The template's `DefinitionBody` (false) or `DefinitionUri` (true).
    pub(crate) written: Option<(crate::tree::NodeId, bool)>,
    /// Where each path is in the body's `paths`, while events add to it.
    pub(crate) path_index: std::collections::HashMap<String, usize>,
    /// Each event's path and its function's `Condition`, in order.
    pub(crate) conditions: Vec<(String, Option<String>)>,
}

/// Whether the template is transformed by SAM.
pub(crate) fn is_sam(root: NodeRef<'_>) -> bool {
    let is = |t: NodeRef<'_>| t.as_str() == Some("AWS::Serverless-2016-10-31");
    root.get("Transform").is_some_and(|t| is(t) || t.items().any(is))
}

/// The HTTP APIs SAM builds from the template whose root is `root`, and SAM's refusals.
/// Each refusal comes with the logical id it names (none for the template's structure), whose
/// `Metadata` may silence it.
pub(crate) fn apis(root: NodeRef<'_>) -> (Vec<SamApi>, Vec<(Diagnostic, Vec<String>)>) {
    let mut refusals = Vec::new();
    let Some(resources) = root.get("Resources").filter(|r| r.is_map()) else { return (Vec::new(), Vec::new()) };
    let globals = root.get("Globals").and_then(|g| g.get("HttpApi")).map(Doc::from_node);
    let tree = root.tree();
    let mut apis: Vec<Draft> = Vec::new();
    let mut functions = Vec::new();
    for (id, r) in resources.entries() {
        let key = tree.key_span(r.id()).map_or((0, 0), |s| (s.start, s.end));
        match r.get("Type").and_then(|t| t.as_str()) {
            Some("AWS::Serverless::HttpApi") => {
                let props = r.get("Properties").map_or_else(|| Doc::map(key), Doc::from_node);
                let mut props = merged(globals.as_ref(), props);
                // `HttpApi.to_cloudformation` resolves the parameters in `CorsConfiguration`.
                if let Some((ks, cors)) = props.remove("CorsConfiguration") {
                    props.set("CorsConfiguration", ks, resolved(cors, root));
                }
                let mut api = new_api(id, key, props);
                let own = |k: &str| r.get("Properties").and_then(|p| p.get(k)).map(|n| n.id());
                api.written =
                    own("DefinitionBody").map(|n| (n, false)).or_else(|| own("DefinitionUri").map(|n| (n, true)));
                apis.push(api);
            }
            Some("AWS::Serverless::Function") => functions.push((id, key, r, false)),
            // A state machine's `Api` events go to a REST API too (`stepfunctions/events.py`).
            Some("AWS::Serverless::StateMachine") => functions.push((id, key, r, true)),
            _ => {}
        }
    }
    let (mut events, mut rest_events) = (Vec::new(), Vec::new());
    for (function, function_at, r, state_machine) in functions {
        let Some(list) = r.get("Properties").and_then(|p| p.get("Events")) else { continue };
        for (eid, e) in list.entries() {
            let ty = e.get("Type").and_then(|t| t.as_str());
            if (ty != Some("HttpApi") || state_machine) && ty != Some("Api") {
                continue;
            }
            let at = tree.key_span(e.id()).map_or(function_at, |s| (s.start, s.end));
            let props = e.get("Properties").map_or_else(|| Doc::map(at), Doc::from_node);
            let condition = r.get("Condition").and_then(|c| c.as_str()).map(str::to_string);
            let target = target(function, r, root, state_machine);
            let tags = propagated(r, root);
            let list = if ty == Some("Api") { &mut rest_events } else { &mut events };
            let id = eid.to_string();
            list.push(events::Event { function, state_machine, target, condition, tags, function_at, id, at, props });
        }
    }
    for e in &events {
        if !e.props.is_map() {
            refusals.push(Refusal {
                at: e.props.at,
                id: e.function.to_string(),
                msg: format!("Event with id [{}] is invalid. Properties should be a map.", e.id),
            });
            continue;
        }
        let api_id = match events::api_id(e) {
            Ok(a) => a,
            Err(r) => {
                refusals.push(r);
                continue;
            }
        };
        if api_id == "ServerlessHttpApi" && !apis.iter().any(|a| a.id == api_id) {
            let props = merged(globals.as_ref(), Doc::map(e.at));
            apis.push(new_api("ServerlessHttpApi", e.at, props));
        }
        // `_add_tags_to_implicit_api_if_necessary`.
        if let (Some(tags), None) = (&e.tags, e.props.get("ApiId"))
            && let Some(api) = apis.iter_mut().find(|a| a.id == "ServerlessHttpApi")
        {
            let own = api.props.remove("Tags").map_or_else(|| Doc::map(tags.at), |(_, t)| t);
            let at = own.at;
            api.props.set("Tags", at, merge(own, tags.clone()));
        }
        match apis.iter_mut().find(|a| a.id == api_id) {
            Some(api) => events::add(e, api, &mut refusals),
            // SAM's HttpApi plugin refuses only an id that names nothing: an event on an
            // `AWS::Serverless::Api` goes into that REST API's body (`rest`).
            None if resources.get(&api_id).is_some() => {}
            None => refusals.push(events::invalid_api(e, e.props.get("ApiId").map_or(e.at, |a| a.at))),
        }
    }
    let mut out = Vec::new();
    for api in apis.iter_mut().filter(|a| a.managed) {
        conditional_paths(api);
    }
    for mut api in apis {
        api::finish(&mut api, &mut refusals);
        let body = match (api.body, api.written) {
            // SAM could not read it as OpenAPI, and left it as written.
            (Some(doc), Some((node, false))) if !is_valid(&doc) => SamBody::Written { node, s3: false },
            (Some(doc), _) => SamBody::Tree(Box::new(doc.to_tree(&tree.src))),
            (None, Some((node, s3))) => SamBody::Written { node, s3 },
            (None, None) => continue,
        };
        out.push(SamApi {
            id: api.id,
            body,
            fail_on_warnings: api.fail_on_warnings,
            kind: crate::kind::ApiKind::Http,
            replaced: &[],
        });
    }
    out.extend(rest::apis(root, &rest_events, &mut refusals));
    let diags = refusals
        .into_iter()
        .map(|r| {
            let d = Diagnostic::new(
                Code::SamTransformFails,
                match r.id.as_str() {
                    "" if r.msg.starts_with("'Globals' section") => format!("the SAM transform fails: {}", r.msg),
                    "" => format!("the SAM transform fails: Structure of the SAM template is invalid. {}", r.msg),
                    id => format!("the SAM transform fails: Resource with id [{id}] is invalid. {}", r.msg),
                },
            )
            .at_span(r.at.0..r.at.1, "SAM refuses this");
            (d, [r.id].into_iter().filter(|i| !i.is_empty()).collect())
        })
        .collect();
    (out, diags)
}

/// A new draft of the API `id`: its `DefinitionBody`, or SAM's skeleton (`skeleton`) when it
/// has neither that nor a `DefinitionUri` (`DefaultDefinitionBodyPlugin`).
pub(crate) fn new_api(id: &str, at: Span, props: Doc) -> Draft {
    new_draft(id, at, props, ("openapi", "3.0.1"))
}

/// [`new_api`] with the skeleton's version field and value.
pub(crate) fn new_draft(id: &str, at: Span, props: Doc, version: (&str, &str)) -> Draft {
    let fail_on_warnings = props.get("FailOnWarnings").is_some_and(|f| matches!(&f.v, V::Scalar(_, t) if t == "true"));
    let (body, managed) = match (props.get("DefinitionBody"), props.get("DefinitionUri")) {
        (Some(b), _) => (Some(b.clone()), false),
        (None, Some(_)) => (None, false),
        (None, None) => (Some(skeleton(at, version)), true),
    };
    Draft {
        id: id.to_string(),
        at,
        props,
        body,
        managed,
        fail_on_warnings,
        broken: false,
        conditions: Vec::new(),
        written: None,
        path_index: Default::default(),
    }
}

/// `OpenApiEditor.gen_skeleton` (`openapi: 3.0.1`) and `SwaggerEditor.gen_skeleton`
/// (`swagger: '2.0'`).
pub(crate) fn skeleton(at: Span, (key, version): (&str, &str)) -> Doc {
    let mut d = Doc::map(at);
    d.set(key, at, Doc::str(version, at));
    let mut info = Doc::map(at);
    info.set("version", at, Doc::str("1.0", at));
    info.set("title", at, Doc::one("Ref", Doc::str("AWS::StackName", at), at));
    d.set("info", at, info);
    d.set("paths", at, Doc::map(at));
    d
}

/// A resource's properties over `Globals` (mappings merged, the resource's value winning).
pub(crate) fn merged(globals: Option<&Doc>, props: Doc) -> Doc {
    let Some(g) = globals else { return props };
    merge(g.clone(), props)
}

/// `GlobalProperties._do_merge`: mappings merged, lists concatenated (global first), anything
/// else (an intrinsic too) the resource's.
fn merge(mut base: Doc, over: Doc) -> Doc {
    if let (V::Seq(g), V::Seq(l)) = (&base.v, &over.v) {
        let items = g.iter().chain(l).cloned().collect();
        return Doc::seq(items, over.at);
    }
    if !(base.is_map() && over.is_map()) || is_intrinsic(&over) || is_intrinsic(&base) {
        return over;
    }
    let at = over.at;
    if let V::Map(entries) = over.v {
        for (k, ks, v) in entries {
            // In place, as Python's dict keeps the global key where it is.
            let value = match base.get_mut(&k) {
                Some(b) => merge(std::mem::replace(b, Doc::map(ks)), v),
                None => v,
            };
            base.set(&k, ks, value);
        }
    }
    base.at = at;
    base
}

/// Whether a node is one intrinsic function (`{Ref: …}`, `{Fn::If: …}`).
pub(crate) fn is_intrinsic(d: &Doc) -> bool {
    matches!(&d.v, V::Map(e) if e.len() == 1 && crate::tree::is_intrinsic_key(&e[0].0))
}

/// The logical id of `{Ref: Id}`.
pub(crate) fn intrinsic_ref(d: &Doc) -> Option<&str> {
    match &d.v {
        V::Map(e) if e.len() == 1 && e[0].0 == "Ref" => e[0].2.str_value(),
        _ => None,
    }
}

/// `OpenApiEditor.is_valid`: a mapping with `paths` a mapping and `openapi` a 3.x version.
pub(crate) fn is_valid(body: &Doc) -> bool {
    let version = body.get("openapi").and_then(|v| match &v.v {
        V::Scalar(_, t) => Some(t.as_str()),
        _ => None,
    });
    let three = version.and_then(|v| v.strip_prefix("3.")).is_some_and(|rest| {
        let parts: Vec<&str> = rest.split('.').collect();
        parts.len() <= 2 && parts.iter().all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_digit()))
    });
    body.get("paths").is_some_and(Doc::is_map) && three
}

/// `resolve_parameter_refs` for `Ref`: a `{Ref: Name}` of a template parameter with a
/// `Default` becomes that default (SAM's parameter values are the defaults when none are given).
pub(crate) fn resolved(d: Doc, root: NodeRef<'_>) -> Doc {
    if let Some(name) = intrinsic_ref(&d)
        && let Some(default) = root.get("Parameters").and_then(|p| p.get(name)).and_then(|p| p.get("Default"))
    {
        return Doc::from_node(default);
    }
    let at = d.at;
    match d.v {
        V::Map(entries) => {
            Doc { v: V::Map(entries.into_iter().map(|(k, ks, v)| (k, ks, resolved(v, root))).collect()), at }
        }
        V::Seq(items) => Doc::seq(items.into_iter().map(|v| resolved(v, root)).collect(), at),
        other => Doc { v: other, at },
    }
}

/// `_maybe_add_conditions_to_implicit_api_paths`: a path of an API SAM writes whose every
/// event's function has a `Condition` is wrapped in `Fn::If` of that condition, or of the one
/// SAM adds to the template to join them (`{Api}{path}PathCondition`).
pub(crate) fn conditional_paths(api: &mut Draft) {
    let mut by_path: Vec<(String, std::collections::BTreeSet<Option<String>>)> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (path, c) in &api.conditions {
        match at.get(path.as_str()) {
            Some(&i) => {
                by_path[i].1.insert(c.clone());
            }
            None => {
                at.insert(path, by_path.len());
                by_path.push((path.clone(), [c.clone()].into_iter().collect()));
            }
        }
    }
    if by_path.iter().all(|(_, set)| set.contains(&None)) {
        return;
    }
    let Some(paths) = api.body.as_mut().and_then(|b| b.get_mut("paths")) else { return };
    let V::Map(entries) = &mut paths.v else { return };
    // Where each path is: wrapped in place, as Python's dict keeps a key where it is.
    let position: std::collections::HashMap<String, usize> =
        entries.iter().enumerate().rev().map(|(i, (k, _, _))| (k.clone(), i)).collect();
    for (path, set) in by_path {
        if set.contains(&None) {
            continue;
        }
        let name = match set.len() {
            1 => set.into_iter().flatten().next().unwrap_or_default(),
            _ => {
                let logical = path.replace('/', "SLASH").replace('{', "OB").replace('}', "CB");
                format!("{}{logical}PathCondition", api.id)
            }
        };
        if let Some(&i) = position.get(&path) {
            let item = &mut entries[i].2;
            let at = item.at;
            let whole = std::mem::replace(item, Doc::map(at));
            *item = events::conditional(&name, whole, at);
        }
    }
}

/// What the integration invokes, as `Fn::Sub` names it: `Fn.Arn`, or with `AutoPublishAlias`
/// (the function's or `Globals.Function`'s, a parameter reference resolved to its default) the
/// alias SAM creates, `FnAliasLive` (`-` written `D`, `_` written `U`).
/// A state machine's is its own `AutoPublishAlias`, `SmAliasLive`, or the state machine, `Sm`.
fn target(function: &str, r: NodeRef<'_>, root: NodeRef<'_>, state_machine: bool) -> String {
    let globals = root.get("Globals").and_then(|g| g.get("Function")).filter(|_| !state_machine);
    let alias = r
        .get("Properties")
        .and_then(|p| p.get("AutoPublishAlias"))
        .or_else(|| globals.and_then(|f| f.get("AutoPublishAlias")));
    let name = alias.map(|a| resolved(Doc::from_node(a), root));
    match name.as_ref().and_then(|n| n.str_value()) {
        Some(n) => format!("{function}Alias{}", n.replace('-', "D").replace('_', "U")),
        None if state_machine => function.to_string(),
        None => format!("{function}.Arn"),
    }
}

/// A function's `Tags` when `PropagateTags` is set (its own, or `Globals.Function`'s).
fn propagated(r: NodeRef<'_>, root: NodeRef<'_>) -> Option<Doc> {
    let globals = root.get("Globals").and_then(|g| g.get("Function"));
    let get = |key: &str| r.get("Properties").and_then(|p| p.get(key)).or_else(|| globals.and_then(|g| g.get(key)));
    let on = get("PropagateTags").is_some_and(|p| p.as_bool() == Some(true));
    get("Tags").filter(|t| on && t.is_map() && !t.is_empty()).map(Doc::from_node)
}

#[cfg(test)]
mod tests {
    use super::doc::{Doc, python};
    use super::{is_valid, merge};

    fn doc(yaml: &str) -> Doc {
        let src: std::sync::Arc<str> = std::sync::Arc::from(yaml);
        let tree = crate::tree::parse(&src, crate::source::Format::Yaml).unwrap();
        Doc::from_node(tree.root().unwrap())
    }

    #[test]
    fn globals_merge_as_sam_merges_them() {
        let global = doc("{Cors: {AllowOrigins: [a], MaxAge: 5}, Auth: {Ref: X}, Name: g}");
        let own = doc("{Cors: {AllowOrigins: [b]}, Auth: {DefaultAuthorizer: A}, Name: o}");
        let merged = merge(global, own);
        // Lists joined (global first), mappings merged, anything else the resource's; an
        // intrinsic is a value, never merged into.
        assert_eq!(
            python(&merged),
            "{'Cors': {'AllowOrigins': ['a', 'b'], 'MaxAge': 5}, 'Auth': {'DefaultAuthorizer': 'A'}, 'Name': 'o'}"
        );
    }

    #[test]
    fn only_an_openapi_3_document_with_paths_is_one_sam_edits() {
        assert!(is_valid(&doc("{openapi: 3.0.1, paths: {}}")));
        assert!(is_valid(&doc("{openapi: '3.0', paths: {}}")));
        assert!(!is_valid(&doc("{openapi: 3.1.0.2, paths: {}}")));
        assert!(!is_valid(&doc("{swagger: '2.0', paths: {}}")));
        assert!(!is_valid(&doc("{openapi: 3.0.1, paths: []}")));
        assert!(!is_valid(&doc("{Fn::If: [C, {openapi: 3.0.1, paths: {}}, {Ref: AWS::NoValue}]}")));
    }

    #[test]
    fn values_in_messages_are_shown_as_python_prints_them() {
        assert_eq!(python(&doc("[{Ref: MyAuth}, true, null, 3]")), "[{'Ref': 'MyAuth'}, True, None, 3]");
    }
}
