//! One API of a template (`--resource LOGICAL_ID`, or the only one), taken from the same list
//! and analysed under the same settings as `check` takes and analyses it.

use super::body::Source;
use super::model::Template;
use super::{Assets, Reader, apis};
use crate::Options;
use crate::deployed::{ApiResource, ChooseError, OneApi, choose, cors_keys, endpoint_type, join};
use crate::emit::Overrides;
use crate::kind::ApiKind;
use crate::source::SourceFile;

/// The API `wanted` of the template `source` (with none wanted, its only API); `assets` for a
/// stack template of a CDK cloud assembly ([`super::check_in`]).
pub fn one(
    source: SourceFile,
    options: &Options,
    read: Reader<'_>,
    assets: &Assets,
    wanted: Option<&str>,
) -> Result<OneApi, ChooseError> {
    let file = source.name().to_string();
    let parsed = crate::parse::parse(&source);
    let Some(tree) = parsed.tree else {
        let why =
            parsed.diagnostics.first().map_or_else(|| "it is not YAML or JSON".to_string(), |d| d.message.clone());
        return Err(ChooseError::Unreadable { file, why });
    };
    let template = tree.root().map_or_else(Template::empty, Template::read);
    let apis = apis(&template, assets);
    let mut ids: Vec<String> = apis.iter().map(|(a, _)| a.r.id.to_string()).collect();
    let sams = tree.root().filter(|r| crate::sam::is_sam(*r)).map(|r| crate::sam::apis(r).0).unwrap_or_default();
    ids.extend(sams.iter().map(|s| s.id.clone()));
    let sockets: Vec<String> =
        super::websocket::check(&source, &tree, &template, Some("")).into_iter().map(|f| f.id).collect();
    let first_socket = ids.len();
    ids.extend(sockets);
    let chosen = choose(&file, &ids, wanted)?;
    if let Some(id) = chosen.checked_sub(first_socket).and_then(|i| ids.get(first_socket + i)) {
        let found = super::websocket::check(&source, &tree, &template, Some(id)).into_iter().nth(chosen - first_socket);
        let Some(found) = found else { return Err(ChooseError::NoApi { file }) };
        drop(apis);
        drop(template);
        return Ok(crate::deployed::websocket_one(source, tree, found, options));
    }
    if let Some(s) = chosen.checked_sub(apis.len()).and_then(|i| sams.into_iter().nth(i)) {
        let fail_on_warnings = s.fail_on_warnings;
        let id = s.id.clone();
        let analysis = super::sam::one(&source, &tree, s, options, read)
            .map_err(|why| ChooseError::Body { resource: id.clone(), why })?;
        let resource = ApiResource {
            id,
            kind: ApiKind::Http,
            fail_on_warnings,
            // SAM sets no base path mode.
            base_path_mode: options.base_path_mode,
            overrides: Overrides::default(),
            endpoint_type: None,
        };
        return Ok(OneApi { analysis, resource });
    }
    let (api, bodies) = &apis[chosen];
    let r = api.r;
    let unreadable = |why: &str| ChooseError::Body { resource: r.id.to_string(), why: why.to_string() };
    let [body] = bodies.as_slice() else {
        return Err(unreadable(
            "`Fn::If` chooses it when CloudFormation runs, so there is no one API to show (`gatewright check` checks each branch)",
        ));
    };
    let opts = api.options(options);
    let mut analysis = match &body.source {
        Source::Unknown(why) => return Err(unreadable(why)),
        Source::Inline(id) => {
            let usage = super::keys::index(&template);
            crate::analyze_tree(source.clone(), super::keys::body(&tree, *id, &usage, r.id), &opts)
        }
        Source::File(path) => crate::analyze(read(&join(&file, path)).map_err(|e| unreadable(&e))?, &opts),
    };
    let mut found = api.deployment(&analysis).findings(&analysis);
    found.retain(|d| !r.ignores(d.code));
    options.severities.apply(&mut found);
    analysis.diagnostics = found;
    let text = |p: &str| r.prop(p).and_then(|v| v.as_str()).map(str::to_string);
    let cors = r
        .prop("CorsConfiguration")
        .filter(|_| api.kind == ApiKind::Http)
        .and_then(|c| crate::tree::de::decode::<serde_json::Map<String, serde_json::Value>>(c).ok())
        .map(cors_keys);
    let resource = ApiResource {
        id: r.id.to_string(),
        kind: api.kind,
        fail_on_warnings: api.fail_on_warnings(),
        base_path_mode: opts.base_path_mode,
        overrides: Overrides {
            name: text("Name"),
            description: text("Description"),
            // A REST API's version is its stage's, not the resource's.
            version: text("Version").filter(|_| api.kind == ApiKind::Http),
            tags: tags(r.prop("Tags")),
            cors,
        },
        endpoint_type: r
            .prop("EndpointConfiguration")
            .and_then(|e| e.get("Types"))
            .and_then(|t| t.items().next())
            .and_then(|t| t.as_str())
            .or_else(|| r.prop("Parameters").and_then(|p| p.get("endpointConfigurationTypes")).and_then(|t| t.as_str()))
            .and_then(endpoint_type)
            .filter(|_| api.kind == ApiKind::Rest),
    };
    Ok(OneApi { analysis, resource })
}

/// A resource's `Tags` written as plain strings: a mapping (`AWS::ApiGatewayV2::Api`) or a list
/// of `{Key, Value}` (`AWS::ApiGateway::RestApi`).
fn tags(node: Option<crate::tree::NodeRef<'_>>) -> std::collections::BTreeMap<String, String> {
    let Some(node) = node else { return Default::default() };
    if node.is_map() {
        return node
            .entries()
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.as_str()?.to_string())))
            .collect();
    }
    node.items()
        .filter_map(|t| Some((t.get("Key")?.as_str()?.to_string(), t.get("Value")?.as_str()?.to_string())))
        .collect()
}
