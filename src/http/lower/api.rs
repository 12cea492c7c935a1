//! API settings: `info` → Name/Version/Description, root `tags`, `servers` (endpoint
//! configuration and base path), root `x-amazon-apigateway-cors`.

use super::Cx;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Cors, Field, Int, Tag, Val};
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use serde::Deserialize;

#[derive(Deserialize)]
struct InfoDoc {
    title: Option<Val<String>>,
    version: Option<Val<String>>,
    description: Option<Val<String>>,
}

#[derive(Deserialize)]
struct TagDoc {
    name: String,
    #[serde(rename = "x-amazon-apigateway-tag-value")]
    value: Option<Val<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EndpointDoc {
    disable_execute_api_endpoint: Option<Val<bool>>,
    ip_address_type: Option<Val<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CorsDoc {
    allow_origins: Option<Val<Vec<String>>>,
    allow_methods: Option<Val<Vec<String>>>,
    allow_headers: Option<Val<Vec<String>>>,
    expose_headers: Option<Val<Vec<String>>>,
    max_age: Option<Val<Int>>,
    allow_credentials: Option<Val<bool>>,
}

pub(super) fn lower_api<'t>(cx: &mut Cx<'t>, root: NodeRef<'t>) {
    let root_ptr = Pointer::root();
    lower_info(cx, root);
    if let Some(tags) = root.get("tags") {
        let ptr = root_ptr.child("tags");
        if tags.is_seq() {
            for (i, t) in tags.items().enumerate() {
                let p = ptr.index(i);
                if let Some(doc) = cx.decode::<TagDoc>(t, &p, Code::InvalidOpenapiStructure, "this tag") {
                    let value = doc.value.unwrap_or(Val::Lit(String::new()));
                    cx.api.tags.push(Tag { key: doc.name, value, pointer: p });
                }
            }
        } else {
            cx.wrong_shape(
                Code::InvalidOpenapiStructure,
                &ptr,
                "`tags` must be a list".into(),
                "a list of tag objects",
            );
        }
    }
    lower_servers(cx, root);
    if let Some(c) = root.get("x-amazon-apigateway-cors") {
        let ptr = root_ptr.child("x-amazon-apigateway-cors");
        if let Some(doc) = cx.decode::<CorsDoc>(c, &ptr, Code::InvalidExtension, "`x-amazon-apigateway-cors`") {
            cx.api.cors = Some(Cors {
                allow_origins: doc.allow_origins,
                allow_methods: doc.allow_methods,
                allow_headers: doc.allow_headers,
                expose_headers: doc.expose_headers,
                max_age: doc.max_age,
                allow_credentials: doc.allow_credentials,
                pointer: ptr,
            });
        }
    }
}

fn lower_info<'t>(cx: &mut Cx<'t>, root: NodeRef<'t>) {
    let ptr = Pointer::root().child("info");
    let Some(info) = root.get("info") else {
        cx.diags.push(
            Diagnostic::new(Code::MissingApiName, "the document has no `info` object, so the API has no name")
                .at_key(&Pointer::root(), "expected `info.title` in this document")
                .help("add `info: {title: my-api, version: \"1.0\"}`, or give the name outside the body (`--name`, SAM's `Name`, Terraform's `name`)"),
        );
        return;
    };
    let Some(doc) = cx.decode::<InfoDoc>(info, &ptr, Code::InvalidOpenapiStructure, "`info`") else { return };
    let field = |v: Option<Val<String>>, name: &str| v.map(|value| Field { value, pointer: ptr.child(name) });
    cx.api.version = field(doc.version, "version");
    cx.api.description = field(doc.description, "description");
    match doc.title {
        Some(Val::Lit(t)) if t.trim().is_empty() => {
            cx.diags.push(
                Diagnostic::new(Code::MissingApiName, "`info.title` is empty, so the API has no name")
                    .at_value(&ptr.child("title"), "empty")
                    .help("give the API a name of 1 to 128 characters, or give it outside the body (`--name`, SAM's `Name`, Terraform's `name`)"),
            );
        }
        None => cx.diags.push(
            Diagnostic::new(Code::MissingApiName, "`info.title` is missing, so the API has no name")
                .at_key(&ptr, "no `title` here")
                .help("add `title:` to `info` (it becomes the API's name), or give the name outside the body (`--name`, SAM's `Name`, Terraform's `name`)"),
        ),
        title => cx.api.name = field(title, "title"),
    }
}

/// Endpoint configuration from the first server that has it; the base path from `servers`.
fn lower_servers<'t>(cx: &mut Cx<'t>, root: NodeRef<'t>) {
    let ptr = Pointer::root().child("servers");
    let Some(servers) = root.get("servers") else { return };
    if !servers.is_seq() {
        cx.wrong_shape(
            Code::InvalidOpenapiStructure,
            &ptr,
            "`servers` must be a list".into(),
            "a list of server objects",
        );
        return;
    }
    let mut endpoint_done = false;
    for (i, s) in servers.items().enumerate() {
        let Some(ext) = s.get("x-amazon-apigateway-endpoint-configuration") else { continue };
        if endpoint_done {
            continue;
        }
        endpoint_done = true;
        let p = ptr.index(i).child("x-amazon-apigateway-endpoint-configuration");
        if let Some(doc) =
            cx.decode::<EndpointDoc>(ext, &p, Code::InvalidExtension, "`x-amazon-apigateway-endpoint-configuration`")
        {
            cx.api.disable_execute_api_endpoint = doc
                .disable_execute_api_endpoint
                .map(|value| Field { value, pointer: p.child("disableExecuteApiEndpoint") });
            cx.api.ip_address_type =
                doc.ip_address_type.map(|value| Field { value, pointer: p.child("ipAddressType") });
        }
    }
    cx.api.base_path = crate::basepath::from_servers(servers, &ptr);
}
