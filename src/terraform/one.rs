//! One API of a configuration file (`--resource TYPE.NAME`, or the only one), taken from the
//! same list and analysed under the same settings as `check` takes and analyses it.

use super::model::{Node, address};
use super::{Analysed, Reader, analyse, apis};
use crate::Options;
use crate::deployed::{ApiResource, ChooseError, OneApi, choose, cors_keys, endpoint_type};
use crate::emit::Overrides;
use crate::kind::ApiKind;
use crate::source::SourceFile;
use crate::terraform::model::Expr;
use serde_json::Value;

/// The API `wanted` of the configuration `source` (with none wanted, its only API). Its
/// findings are located in the configuration for a body written there, in the body file
/// otherwise (`analysis.source` is that file).
pub fn one(
    source: SourceFile,
    options: &Options,
    read: Reader<'_>,
    wanted: Option<&str>,
) -> Result<OneApi, ChooseError> {
    let file = source.name().to_string();
    let resources = super::read(&source).map_err(|(why, _)| ChooseError::Unreadable { file: file.clone(), why })?;
    let apis = apis(&resources);
    let mut ids: Vec<String> = apis.iter().map(|c| address(c.api)).collect();
    let sockets = if super::websocket::has_api(&resources) {
        Some(super::websocket::check(&source, &resources, wanted.or(Some(""))))
    } else {
        None
    };
    ids.extend(sockets.iter().flat_map(|(_, found)| found.iter().map(|f| f.id.clone())));
    let chosen = choose(&file, &ids, wanted)?;
    if let Some(i) = chosen.checked_sub(apis.len()) {
        // Only the chosen one was checked (`wanted`), or the only one when none was named.
        let (tree, found) = match sockets {
            Some((_, f)) if wanted.is_none() => super::websocket::check(&source, &resources, Some(&f[i].id)),
            Some(s) => s,
            None => return Err(ChooseError::NoApi { file }),
        };
        let Some(f) = found.into_iter().nth(i) else { return Err(ChooseError::NoApi { file }) };
        return Ok(crate::deployed::websocket_one(source, tree, f, options));
    }
    let ctx = &apis[chosen];
    let resource = address(ctx.api);
    let mut analysis = match analyse(ctx, &source, options, read) {
        Analysed::Unknown(why, _) => return Err(ChooseError::Body { resource, why }),
        Analysed::Inline(mut a, diags) => {
            // Located in the configuration: the analysis is shown as that file's.
            a.source = source.clone();
            a.diagnostics = diags;
            a
        }
        Analysed::File(mut a, diags, file) => {
            a.source = file;
            a.diagnostics = diags;
            a
        }
    };
    options.severities.apply(&mut analysis.diagnostics);
    let text = |name: &str| ctx.api.attribute(name).and_then(Node::as_str).map(str::to_string);
    // The provider sets the API's CORS from `cors_configuration` after the import, and deletes
    // what the body made when there is no block (GW901): null says "none".
    let cors = match ctx.api.block("cors_configuration") {
        Some(b) => {
            Some(cors_keys(b.attributes.iter().filter_map(|(k, _, v)| literal(v).map(|v| (k.clone(), v))).collect()))
        }
        None => Some(serde_json::Value::Null),
    }
    .filter(|_| ctx.kind == ApiKind::Http);
    let http = ctx.kind == ApiKind::Http;
    let resource = ApiResource {
        id: resource,
        kind: ctx.kind,
        fail_on_warnings: ctx.fail_on_warnings() == Some(true),
        base_path_mode: ctx.options(options).base_path_mode,
        overrides: Overrides {
            name: text("name"),
            description: text("description"),
            version: text("version").filter(|_| http),
            tags: match ctx.api.attribute("tags").map(|t| &t.expr) {
                Some(Expr::Object(entries)) => {
                    entries.iter().filter_map(|(k, _, v)| Some((k.clone(), v.as_str()?.to_string()))).collect()
                }
                _ => Default::default(),
            },
            cors,
        },
        endpoint_type: ctx
            .api
            .block("endpoint_configuration")
            .and_then(|b| b.attribute("types"))
            .and_then(|t| match &t.expr {
                Expr::Array(items) => items.first().and_then(Node::as_str).map(str::to_string),
                _ => None,
            })
            .as_deref()
            .and_then(endpoint_type)
            .filter(|_| !http),
    };
    Ok(OneApi { analysis, resource })
}

/// A value written as a literal (strings, numbers, booleans, lists of them); None for what only
/// Terraform knows.
fn literal(n: &Node) -> Option<Value> {
    match &n.expr {
        Expr::Bool(b) => Some(Value::Bool(*b)),
        Expr::Number(t) => serde_json::from_str(t).ok(),
        Expr::Str(_) => n.as_str().map(|s| Value::String(s.to_string())),
        Expr::Array(items) => items.iter().map(literal).collect::<Option<Vec<_>>>().map(Value::Array),
        _ => None,
    }
}
