//! Document → IR, exactly as API Gateway's importer reads it (AWS-SEMANTICS §2).
//!
//! One file per concept: `api.rs` (info, tags, servers, CORS), `auth.rs` (security schemes and
//! requirements), `integrations.rs`, `routes.rs`. Lowering never fails: what cannot be read is
//! reported and left out, and everything else is still lowered.

mod api;
mod auth;
mod integrations;
mod refs;
mod routes;
mod structure;

use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Api, BasePathMode};
use crate::pointer::Pointer;
use crate::tree::{NodeRef, Tree, de};
use std::collections::HashMap;

/// Settings that change what import builds.
#[derive(Clone, Copy, Debug, Default)]
pub struct LowerOptions {
    /// `Basepath` of `ImportApi`.
    pub base_path_mode: BasePathMode,
}

/// Lowers a version-checked document while a second thread checks the OpenAPI 3.0 shape of what
/// HTTP APIs ignore and then runs `beside` (checks that read only the document). `then` runs on
/// the lowered API (the import checks) with what `beside` returned; the shape findings come back
/// with the lowering's.
pub fn lower_and<S: Send, T>(
    tree: &Tree,
    opts: &LowerOptions,
    beside: impl FnOnce() -> S + Send,
    then: impl FnOnce(&Api, S) -> T,
) -> (Api, Vec<Diagnostic>, T) {
    std::thread::scope(|s| {
        // A panic in the shape check was already caught per object: losing it loses its findings.
        let side = s.spawn(|| {
            let shape = std::panic::catch_unwind(|| structure::check(tree)).unwrap_or_default();
            (shape, beside())
        });
        let mut cx = Cx { tree, diags: Vec::new(), api: Api::default(), shared: HashMap::new(), ids: Ids::default() };
        if let Some(root) = tree.root() {
            cx.api.base_path_mode = opts.base_path_mode;
            api::lower_api(&mut cx, root);
            auth::lower_schemes(&mut cx, root);
            routes::lower_paths(&mut cx, root);
        }
        // The lists grew by doubling; the API outlives lowering (checks, emission), the slack
        // need not (up to half of a large API's IR).
        cx.api.routes.shrink_to_fit();
        cx.api.integrations.shrink_to_fit();
        cx.ids = Ids::default();
        let (shape, found) = side.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        let after = then(&cx.api, found);
        cx.diags.extend(shape);
        (cx.api, cx.diags, after)
    })
}

/// Lowering state.
pub(crate) struct Cx<'t> {
    pub(crate) tree: &'t Tree,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) api: Api,
    /// Reusable integrations already lowered, by the pointer of their definition.
    pub(crate) shared: HashMap<Pointer, Option<usize>>,
    /// Integration ids handed out so far.
    pub(crate) ids: Ids,
}

/// Integration ids in use, and per base id the next suffix to try.
#[derive(Default)]
pub(crate) struct Ids {
    pub(crate) taken: std::collections::HashSet<String>,
    pub(crate) next: HashMap<String, usize>,
}

impl<'t> Cx<'t> {
    /// Decodes `T` from `node`; on failure reports `code` at the failing field and returns None.
    pub(crate) fn decode<T: serde::Deserialize<'t>>(
        &mut self,
        node: NodeRef<'t>,
        ptr: &Pointer,
        code: Code,
        what: &str,
    ) -> Option<T> {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| de::decode::<T>(node)));
        match result {
            Ok(Ok(v)) => Some(v),
            Ok(Err(e)) => {
                let at = ptr.join(&e.relative_pointer());
                let d = Diagnostic::new(code, format!("{what} cannot be read: {}", e.message));
                let d = if e.message.starts_with("missing field") {
                    d.at_key(&at, "in this object")
                } else {
                    d.at_value(&at, "here")
                };
                self.diags.push(d.help(help_for(code)));
                None
            }
            Err(_) => {
                self.diags.push(
                    Diagnostic::new(code, format!("{what} cannot be read"))
                        .at_value(ptr, "here")
                        .help("this input made a library panic; please report it"),
                );
                None
            }
        }
    }

    /// Reports a node of the wrong shape.
    pub(crate) fn wrong_shape(&mut self, code: Code, ptr: &Pointer, message: String, expected: &str) {
        self.diags
            .push(Diagnostic::new(code, message).at_value(ptr, format!("expected {expected}")).help(help_for(code)));
    }
}

fn help_for(code: Code) -> &'static str {
    match code {
        Code::InvalidExtension => {
            "give the field the type the API Gateway extension defines (`gatewright explain GW101`)"
        }
        _ => "give this field the shape OpenAPI 3.0 defines (`gatewright explain GW100`)",
    }
}
