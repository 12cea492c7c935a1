//! One API of a template (`--resource LOGICAL_ID`, or the only one), taken from the same list
//! and analysed under the same settings as `check` takes and analyses it.

use super::body::Source;
use super::model::Template;
use super::{Assets, Reader, apis};
use crate::Options;
use crate::deployed::{ApiResource, ChooseError, OneApi, choose, cors_keys, join};
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
    let ids: Vec<String> = apis.iter().map(|(a, _)| a.r.id.to_string()).collect();
    let (api, bodies) = &apis[choose(&file, &ids, wanted)?];
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
        Source::Inline(id) => crate::analyze_tree(source.clone(), tree.subtree(*id), &opts),
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
            tags: Default::default(),
            cors,
        },
    };
    Ok(OneApi { analysis, resource })
}
