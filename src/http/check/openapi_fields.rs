//! Fields OpenAPI 3.0 does not define in the objects API Gateway reads (root, info, path items,
//! operations, components, servers, tags, security schemes), such as a misspelt `secuirty:`
//! that silently leaves an operation open.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::Method;
use crate::pointer::Pointer;
use crate::tree::NodeRef;

const ROOT: &[&str] = &["openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs"];
const INFO: &[&str] = &["title", "description", "termsOfService", "contact", "license", "version"];
const PATH_ITEM: &[&str] = &[
    "$ref",
    "summary",
    "description",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "servers",
    "parameters",
];
const OPERATION: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
    "servers",
];
const COMPONENTS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
];
const SERVER: &[&str] = &["url", "description", "variables"];
const TAG: &[&str] = &["name", "description", "externalDocs"];
const SCHEME: &[&str] =
    &["type", "description", "name", "in", "scheme", "bearerFormat", "flows", "openIdConnectUrl", "$ref"];

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = input.tree.root() else { return };
    let top = Pointer::root();
    fields(root, &top, ROOT, "the document", out);
    if let Some(info) = root.get("info") {
        fields(info, &top.child("info"), INFO, "`info`", out);
    }
    if let Some(paths) = root.get("paths") {
        for (path, item) in paths.entries().into_iter().filter(|(k, _)| !k.starts_with("x-")) {
            let p = top.child("paths").child(path);
            fields(item, &p, PATH_ITEM, "a path item", out);
            for (key, op) in item.entries() {
                match Method::from_openapi_key(key) {
                    Some(Method::Any) => {
                        fields_with(op, &p.child(key), OPERATION, &["isDefaultRoute"], "an operation", out)
                    }
                    Some(_) => fields(op, &p.child(key), OPERATION, "an operation", out),
                    None => {}
                }
            }
        }
    }
    if let Some(components) = root.get("components") {
        fields(components, &top.child("components"), COMPONENTS, "`components`", out);
        for (name, scheme) in components.get("securitySchemes").map(|s| s.entries()).unwrap_or_default() {
            let p = top.child("components").child("securitySchemes").child(name);
            fields(scheme, &p, SCHEME, "a security scheme", out);
        }
    }
    for (key, list, what) in [("servers", SERVER, "a server object"), ("tags", TAG, "a tag object")] {
        for (i, item) in
            root.get(key).map(|l| l.items().collect::<Vec<_>>()).unwrap_or_default().into_iter().enumerate()
        {
            fields(item, &top.child(key).index(i), list, what, out);
        }
    }
}

fn fields(node: NodeRef<'_>, at: &Pointer, known: &[&str], what: &str, out: &mut Vec<Diagnostic>) {
    fields_with(node, at, known, &[], what, out);
}

fn fields_with(node: NodeRef<'_>, at: &Pointer, known: &[&str], extra: &[&str], what: &str, out: &mut Vec<Diagnostic>) {
    if !node.is_map() {
        return;
    }
    for (key, _) in node.entries() {
        if key.starts_with("x-") || known.contains(&key) || extra.contains(&key) {
            continue;
        }
        let near = crate::suggest::closest(key, known.iter().chain(extra).copied());
        let mut d =
            Diagnostic::new(Code::UnknownOpenapiField, format!("`{key}` is not a field of {what} in OpenAPI 3.0"))
                .at_key(&at.child(key), "unknown field")
                .help(match near {
                    Some(k) => format!("did you mean `{k}`? Unknown fields are ignored"),
                    None => "remove it, or prefix it with `x-` to keep it as an extension".to_string(),
                });
        if let Some(k) = near {
            d = d.rename_key(at, &at.child(key), k);
        }
        out.push(d);
    }
}
