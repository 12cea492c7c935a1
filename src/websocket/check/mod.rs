//! The WebSocket checks (GW1003–GW1008, and the shared codes where the problem is the same for
//! every kind: GW200 duplicate route keys, GW505–GW507 quotas), over the IR, in a fixed order;
//! they never change the IR. Structure, references and undetermined keys (GW1000, GW1002) are
//! found while lowering, the version (GW1001) at the gate.
//!
//! `keys.rs` (route keys), `expressions.rs` (selection expressions), `auth.rs` (authorizers),
//! `integrations.rs`, `limits.rs` (quotas).

mod auth;
mod expressions;
mod integrations;
mod keys;
mod limits;

use super::ir::WebSocketApi;
use crate::diagnostics::Diagnostic;
use crate::tree::Tree;

/// Runs every WebSocket check.
pub fn run(api: &WebSocketApi, tree: &Tree) -> Vec<Diagnostic> {
    let mut out = of_api(api);
    let found = crate::doc_checks::walk::collect(tree);
    crate::doc_checks::control_characters::run(&found, &mut out);
    out
}

/// The checks of the API alone, wherever it is written (a document, resources).
pub fn of_api(api: &WebSocketApi) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    keys::run(api, &mut out);
    expressions::run(api, &mut out);
    auth::run(api, &mut out);
    integrations::run(api, &mut out);
    limits::run(api, &mut out);
    out
}
