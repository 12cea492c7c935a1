//! `paths` → routes: route keys (`ANY`, `$default`, base path modes), operation names,
//! integrations and authorization.

use super::{Cx, auth, integrations, refs};
use crate::diagnostics::Code;
use crate::http::ir::{Method, Route, RouteKey, Val};
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OperationDoc {
    operation_id: Option<Val<String>>,
    is_default_route: Option<bool>,
    #[serde(rename = "x-amazon-apigateway-auth")]
    auth: Option<AuthDoc>,
}

#[derive(Deserialize)]
struct AuthDoc {
    #[serde(rename = "type")]
    ty: String,
}

pub(super) fn lower_paths<'t>(cx: &mut Cx<'t>, root: NodeRef<'t>) {
    let ptr = Pointer::root().child("paths");
    let root_security =
        root.get("security").and_then(|s| auth::requirements(cx, s, &Pointer::root().child("security")));
    let Some(paths) = root.get("paths") else { return };
    if !paths.is_map() {
        cx.wrong_shape(
            Code::InvalidOpenapiStructure,
            &ptr,
            "`paths` must be a mapping".into(),
            "a mapping of paths to path items",
        );
        return;
    }
    // At least one route and one integration per path item, usually: the lists start that long
    // rather than being copied through every doubling (for a large API, a copy of the whole IR).
    cx.api.routes.reserve(paths.len());
    cx.api.integrations.reserve(paths.len());
    // `x-` keys of the Paths object are extensions, not paths.
    for (path, item) in paths.entries().into_iter().filter(|(k, _)| !k.starts_with("x-")) {
        let item_ptr = ptr.child(path);
        let Some(target) = refs::follow(cx, item, &item_ptr) else { continue };
        if !target.node.is_map() {
            cx.wrong_shape(
                Code::InvalidOpenapiStructure,
                &item_ptr,
                format!("path item `{path}` must be a mapping"),
                "a mapping of methods to operations",
            );
            continue;
        }
        for (key, op) in target.node.entries() {
            let Some(method) = Method::from_openapi_key(key) else { continue };
            let op_ptr = target.pointer.child(key);
            lower_operation(cx, path, &item_ptr, method, op, &op_ptr, root_security.as_deref());
        }
    }
}

fn lower_operation<'t>(
    cx: &mut Cx<'t>,
    path: &str,
    item_ptr: &Pointer,
    method: Method,
    op: NodeRef<'t>,
    ptr: &Pointer,
    root_security: Option<&[crate::http::ir::SecurityRequirement]>,
) {
    if !op.is_map() {
        let what = if method == Method::Any {
            "`x-amazon-apigateway-any-method`".to_string()
        } else {
            format!("operation `{}`", method.as_str())
        };
        let code = if method == Method::Any { Code::InvalidExtension } else { Code::InvalidOpenapiStructure };
        cx.wrong_shape(code, ptr, format!("{what} must be a mapping"), "a mapping with the operation's fields");
        return;
    }
    let code = if method == Method::Any { Code::InvalidExtension } else { Code::InvalidOpenapiStructure };
    let Some(doc) = cx.decode::<OperationDoc>(op, ptr, code, "this operation") else { return };
    let is_default =
        method == Method::Any && doc.is_default_route == Some(true) && matches!(path, "/$default" | "$default");
    let key = if is_default { RouteKey::Default } else { RouteKey::new(method, apply_base_path(cx, path)) };
    let own = match op.get("security") {
        Some(s) => auth::requirements(cx, s, &ptr.child("security")),
        None => None,
    };
    let security_from_root = own.is_none() && op.get("security").is_none() && root_security.is_some();
    let security =
        own.or_else(|| if security_from_root { root_security.map(<[_]>::to_vec) } else { None }).unwrap_or_default();
    // `x-amazon-apigateway-auth` names the route's authorization type outright.
    let explicit = match doc.auth.as_ref().map(|a| a.ty.to_ascii_uppercase()) {
        Some(t) if t == "AWS_IAM" => Some(crate::http::ir::RouteAuth::Iam),
        Some(t) if t == "NONE" => Some(crate::http::ir::RouteAuth::None),
        Some(t) => {
            cx.diags.push(
                crate::diagnostics::Diagnostic::new(Code::InvalidExtension, format!("`{t}` is not an authorization type of `x-amazon-apigateway-auth`"))
                    .at_value(&ptr.child("x-amazon-apigateway-auth").child("type"), "not NONE or AWS_IAM")
                    .help("HTTP APIs take `type: NONE` or `type: AWS_IAM` here; use a security requirement for JWT and Lambda authorizers"),
            );
            None
        }
        None => None,
    };
    let auth_from_extension = explicit.is_some();
    let auth = explicit.unwrap_or_else(|| auth::route_auth(cx, &security));
    let target = op.get("x-amazon-apigateway-integration").and_then(|i| {
        let p = ptr.child("x-amazon-apigateway-integration");
        integrations::lower_use(cx, i, &p, &integrations::inline_id(&key.to_string()))
    });
    cx.api.routes.push(Route {
        key,
        operation_name: doc.operation_id,
        target,
        auth,
        security,
        security_from_root,
        auth_from_extension,
        default_route_flag: doc.is_default_route == Some(true),
        pointer: ptr.clone(),
        path_pointer: item_ptr.clone(),
    });
}

/// The route path for a path key under the base path mode (AWS-SEMANTICS §2.4).
fn apply_base_path(cx: &Cx<'_>, path: &str) -> String {
    crate::basepath::apply(cx.api.base_path_mode, cx.api.base_path.as_ref().map(|b| b.value.as_str()), path)
}
