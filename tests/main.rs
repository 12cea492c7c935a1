//! The one integration-test binary: fixture snapshots, CLI behaviour, the real-world corpus,
//! and robustness against truncated and mutated input.

// Test helpers may panic with a message: a failing helper is a failing test.
#![allow(clippy::expect_used, clippy::unwrap_used, unreachable_pub)]

mod bundle;
mod check_fixtures;
mod cli;
mod cloudformation;
mod corpus;
mod deploy_faults;
mod e2e;
mod e2e_asyncapi;
mod e2e_bundle;
mod e2e_cdk;
mod e2e_lambda;
mod e2e_lint;
mod e2e_openapi31;
mod e2e_rest;
mod e2e_sam;
mod e2e_terraform;
mod e2e_websocket;
mod e2e_websocket_iac;
mod emit;
mod emit_openapi;
mod fix;
mod hardening;
mod hardening_backends;
mod hardening_cli;
mod hardening_fix_lsp;
mod hardening_terraform;
mod lint;
mod lowering;
mod lsp;
mod openapi31;
mod resources;
mod rest;
mod rest_recordings;
mod robustness;
mod sam;
mod severity;
mod support;
mod terraform;
mod terraform_module;
mod websocket;
mod websocket_iac;
