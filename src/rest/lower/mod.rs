//! Document → REST IR, as `ImportRestApi` reads it (REST-TERRAFORM-LSP §A.2, recorded on AWS):
//! a resource per path segment, methods with their request parameters, models, responses and
//! authorization, integrations with AWS's defaults filled, and the API-level settings.
//! Swagger 2.0 and OpenAPI 3.0 differ only in where things are written; both lower here.
//!
//! `api.rs` (settings, models, validators, gateway responses), `auth.rs` (authorizers and a
//! method's authorization), `methods.rs` (resources, methods, parameters, responses),
//! `integration.rs`, `keys.rs` (API keys and usage plans, from gatewright's own root extensions).
//! Lowering never fails: what cannot be read is left out, and the checks say so.

mod api;
mod auth;
mod integration;
mod keys;
mod methods;

pub(crate) use api::model_schema;
pub(crate) use auth::is_api_key_scheme;
pub(crate) use keys::{API_KEYS, USAGE_PLANS};

use super::ir::RestApi;
use crate::basepath::BasePathMode;
use crate::pointer::Pointer;
use crate::tree::{NodeRef, Tree};

/// Lowers a document whose root is a mapping.
pub fn lower(tree: &Tree, swagger: bool, mode: BasePathMode) -> RestApi {
    let mut api = RestApi { swagger, base_path_mode: mode, ..RestApi::default() };
    let Some(root) = tree.root() else { return api };
    let cx = Cx { root, swagger };
    api::lower_settings(&cx, &mut api);
    api.authorizers = auth::authorizers(&cx);
    api.models = api::models(&cx);
    methods::lower_paths(&cx, &mut api);
    api.api_keys = keys::api_keys(&cx);
    api.usage_plans = keys::usage_plans(&cx);
    api
}

/// What every lowering step reads.
pub(crate) struct Cx<'t> {
    pub(crate) root: NodeRef<'t>,
    pub(crate) swagger: bool,
}

impl<'t> Cx<'t> {
    /// The security schemes (`securityDefinitions` / `components.securitySchemes`) and where
    /// they are.
    pub(crate) fn schemes(&self) -> (Option<NodeRef<'t>>, Pointer) {
        schemes(self.root, self.swagger)
    }

    /// The model name a schema `$ref` names (`#/definitions/X`, `#/components/schemas/X`).
    pub(crate) fn model_name(&self, reference: &str) -> Option<String> {
        let prefix = if self.swagger { "#/definitions/" } else { "#/components/schemas/" };
        reference.strip_prefix(prefix).filter(|n| !n.contains('/')).map(|n| n.replace("~1", "/").replace("~0", "~"))
    }

    /// Follows local `$ref`s from `node` (at most a few hops; a cycle or a dangling reference
    /// gives None, which the checks report).
    pub(crate) fn follow(&self, node: NodeRef<'t>) -> Option<NodeRef<'t>> {
        let mut at = node;
        for _ in 0..16 {
            let Some(r) = at.get("$ref") else { return Some(at) };
            let target = Pointer::from_escaped(r.as_str()?.strip_prefix('#')?);
            let found = self.root.tree().locate(&target).filter(|l| l.exact)?;
            at = NodeRef::new(self.root.tree(), found.node);
        }
        None
    }
}

/// The security schemes of the document whose root is `root` (Swagger 2.0's
/// `securityDefinitions`, OpenAPI 3.0's `components.securitySchemes`), and where they are.
pub(crate) fn schemes(root: NodeRef<'_>, swagger: bool) -> (Option<NodeRef<'_>>, Pointer) {
    if swagger {
        (root.get("securityDefinitions"), Pointer::root().child("securityDefinitions"))
    } else {
        (
            root.get("components").and_then(|c| c.get("securitySchemes")),
            Pointer::root().child("components").child("securitySchemes"),
        )
    }
}

/// Node values as JSON, shared by the kinds' lowerings.
pub(crate) use crate::value::{entries, json, upper};
