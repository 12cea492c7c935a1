//! The import checks: everything API Gateway's importer would reject, warn about or ignore, run
//! over the IR in a fixed order. Checks only read: the IR, and the tree for fields the IR does not
//! keep (unknown keys, REST-only properties). One file per concern; each diagnostic's docs live
//! in `src/diagnostics/docs/`.

mod api_keys;
mod authorizers;
mod cors;
mod extensions;
mod ignored;
mod integrations;
mod limits;
mod openapi_fields;
mod parameter_mapping;
mod paths;
mod route_conflicts;
mod security;
mod service_integrations;

use crate::diagnostics::Diagnostic;
use crate::http::ir::Api;
use crate::pointer::Pointer;
use crate::tree::{NodeRef, Tree};

/// What a check can read.
pub(crate) struct Input<'a> {
    pub(crate) api: &'a Api,
    pub(crate) tree: &'a Tree,
}

impl<'a> Input<'a> {
    /// The document node at `ptr`, if it exists.
    pub(crate) fn node(&self, ptr: &Pointer) -> Option<NodeRef<'a>> {
        self.tree.locate(ptr).filter(|l| l.exact).map(|l| NodeRef::new(self.tree, l.node))
    }
}

/// Runs every check in order.
pub fn run(api: &Api, tree: &Tree) -> Vec<Diagnostic> {
    let input = Input { api, tree };
    let mut out = Vec::new();
    paths::run(&input, &mut out);
    route_conflicts::run(&input, &mut out);
    integrations::run(&input, &mut out);
    service_integrations::run(&input, &mut out);
    parameter_mapping::run(&input, &mut out);
    security::run(&input, &mut out);
    authorizers::run(&input, &mut out);
    cors::run(&input, &mut out);
    limits::run(&input, &mut out);
    let found = crate::doc_checks::walk::collect(tree);
    extensions::run(&input, &found, &mut out);
    crate::doc_checks::refs::run(tree, &found, false, &mut out);
    crate::doc_checks::control_characters::run(&found, &mut out);
    openapi_fields::run(&input, &mut out);
    ignored::run(&input, &mut out);
    api_keys::run(&input, &mut out);
    out
}
