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

/// The findings of the checks that read only the document, not the IR: [`lower_and`] runs them
/// while the document is lowered.
///
/// [`lower_and`]: crate::http::lower::lower_and
pub struct DocumentFindings(Vec<Diagnostic>);

/// Runs the checks that read only the document: extension names and places, `$ref`s, control
/// characters.
pub fn document_only(tree: &Tree) -> DocumentFindings {
    let mut out = Vec::new();
    let found = crate::doc_checks::walk::collect(tree);
    extensions::run_document(&found, &mut out);
    crate::doc_checks::refs::run(tree, &found, false, &mut out);
    crate::doc_checks::control_characters::run(&found, &mut out);
    DocumentFindings(out)
}

/// Runs every check (in two groups on two threads for a large API).
pub fn run(api: &Api, tree: &Tree) -> Vec<Diagnostic> {
    run_with(api, tree, document_only(tree))
}

/// Runs the checks that read the IR, and adds the document's own findings.
pub fn run_with(api: &Api, tree: &Tree, document_findings: DocumentFindings) -> Vec<Diagnostic> {
    let input = Input { api, tree };
    // Two independent groups of about the same weight on a large API: the route checks, and the
    // checks that walk the document. Findings are ordered by location afterwards.
    let routes = |out: &mut Vec<Diagnostic>| {
        paths::run(&input, out);
        route_conflicts::run(&input, out);
        integrations::run(&input, out);
        service_integrations::run(&input, out);
        parameter_mapping::run(&input, out);
        security::run(&input, out);
        authorizers::run(&input, out);
        cors::run(&input, out);
        limits::run(&input, out);
        api_keys::run(&input, out);
    };
    let document = |out: &mut Vec<Diagnostic>| {
        extensions::run(&input, out);
        openapi_fields::run(&input, out);
        ignored::run(&input, out);
    };
    let mut out = document_findings.0;
    if api.routes.len() < crate::parallel::SPLIT_AT {
        routes(&mut out);
        document(&mut out);
    } else {
        let more = std::thread::scope(|s| {
            let other = s.spawn(|| {
                let mut out = Vec::new();
                document(&mut out);
                out
            });
            routes(&mut out);
            other.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
        });
        out.extend(more);
    }
    out
}
