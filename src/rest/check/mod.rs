//! The REST import checks (GW8xx, and the shared codes where the problem is the same for both
//! kinds), over the REST IR and the tree, in a fixed order; they never change the IR.
//!
//! `resources.rs` (path parts, sibling variables, the resource quota), `integrations.rs` (types,
//! mapping expressions and values, responses, timeouts, templates), `auth.rs` (authorizers and API
//! keys), `keys.rs` (API keys and usage plans), `models.rs`, `settings.rs` (API settings, validators, gateway responses),
//! `http_features.rs` (what only HTTP APIs read).

mod auth;
mod http_features;
mod integrations;
mod keys;
mod mapping;
mod models;
mod resources;
mod settings;

use super::ir::RestApi;
use crate::diagnostics::{Code, Diagnostic};
use crate::kind::{ApiKind, Chosen};
use crate::tree::Tree;

/// Runs every REST check.
pub fn run(api: &RestApi, tree: &Tree) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    resources::run(api, &mut out);
    integrations::run(api, &mut out);
    auth::run(api, tree, &mut out);
    keys::run(api, tree, &mut out);
    models::run(api, tree, &mut out);
    settings::run(api, &mut out);
    http_features::run(api, tree, &mut out);
    let found = crate::doc_checks::walk::collect(tree);
    crate::doc_checks::control_characters::run(&found, &mut out);
    // Known extensions are the REST importer's own, or HTTP-only ones (GW811, above).
    crate::doc_checks::extensions::run(&found, api.swagger, &mut out);
    crate::doc_checks::refs::run(tree, &found, true, &mut out);
    out
}

/// GW800 when `auto` found features of both kinds (the document is then judged as an HTTP API).
pub fn mixed_kinds(chosen: &Chosen) -> Option<Diagnostic> {
    let (rest, http) = (chosen.rest_feature.as_ref()?, chosen.http_feature.as_ref()?);
    let judged = if chosen.kind == ApiKind::Http { "an HTTP API" } else { "a REST API" };
    Some(
        Diagnostic::new(
            Code::MixedApiKinds,
            format!("this document has {} (REST APIs only) and {} (HTTP APIs only); it is checked as {judged}", rest.what, http.what),
        )
        .at_key(&http.pointer, "only HTTP APIs read this")
        .at_key(&rest.pointer, "only REST APIs read this")
        .help("say which API you deploy with `--api rest` or `--api http` (or `api = \"rest\"` in gatewright.toml), and remove what the other kind reads"),
    )
}
