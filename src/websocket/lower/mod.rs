//! AsyncAPI 3.0 → the WebSocket IR, by the mapping README "WebSocket APIs" documents: every
//! `receive` operation is a route (its key from `x-amazon-apigateway-route-key`, else from its
//! messages' payloads), `x-amazon-apigateway-integration` its integration, a `reply` makes it
//! two-way, payload schemas become models, and security schemes with
//! `x-amazon-apigateway-authorizer` become Lambda REQUEST authorizers.
//!
//! `structure.rs` (what the reference parser requires), `routes.rs` (operations), `keys.rs`
//! (route and model keys from payloads), `integration.rs`, `auth.rs`. Local `$ref`s are
//! followed everywhere (`Cx::follow`); one that points at nothing is a finding (GW1000).
//! Lowering never fails: what cannot be read is left out, and a finding says why.

mod auth;
mod integration;
mod keys;
mod routes;
mod structure;

use super::ir::WebSocketApi;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::tree::{NodeRef, Tree};
use std::cell::RefCell;

/// Lowers an AsyncAPI document whose root is a mapping past the version gate; the API and what
/// lowering found (structure, references, undetermined keys).
pub fn lower(tree: &Tree) -> (WebSocketApi, Vec<Diagnostic>) {
    let mut api = WebSocketApi::default();
    let Some(root) = tree.root() else { return (api, Vec::new()) };
    let cx = Cx { root, found: RefCell::new(Vec::new()) };
    structure::check(&cx);
    let top = Pointer::root();
    let info = root.get("info").filter(|i| i.is_map());
    let field = |key: &str| {
        info.and_then(|i| i.get(key))
            .and_then(json)
            .map(|value| crate::value::Field { value, pointer: top.child("info").child(key) })
    };
    api.name = field("title");
    api.description = field("description");
    api.version = field("version");
    let setting =
        |key: &str| root.get(key).and_then(json).map(|value| crate::value::Field { value, pointer: top.child(key) });
    api.route_selection_expression = setting("x-amazon-apigateway-route-selection-expression");
    api.api_key_selection_expression = setting("x-amazon-apigateway-api-key-selection-expression");
    api.authorizers = auth::authorizers(&cx);
    routes::lower(&cx, &mut api);
    let found = cx.found.into_inner();
    (api, found)
}

/// What every lowering step reads, and the findings they make.
pub(crate) struct Cx<'t> {
    pub(crate) root: NodeRef<'t>,
    found: RefCell<Vec<Diagnostic>>,
}

impl<'t> Cx<'t> {
    /// Records a finding.
    pub(crate) fn push(&self, d: Diagnostic) {
        self.found.borrow_mut().push(d);
    }

    /// Follows local `$ref`s from `node` at `at` to the node they name and its pointer. A
    /// reference that is not a string, names another file, points at nothing or goes round in a
    /// circle is a finding (GW1000), and gives None.
    pub(crate) fn follow(&self, node: NodeRef<'t>, at: &Pointer) -> Option<(NodeRef<'t>, Pointer)> {
        let (mut node, mut at) = (node, at.clone());
        for _ in 0..16 {
            let Some(r) = node.get("$ref") else { return Some((node, at)) };
            let ref_at = at.child("$ref");
            let Some(text) = r.as_str() else {
                self.push(structure::problem("`$ref` is not a string", &ref_at, "expected `'#/components/…'`"));
                return None;
            };
            let Some(fragment) = text.strip_prefix('#') else {
                self.push(
                    Diagnostic::new(Code::ExternalRef, format!("`{text}` refers to another document"))
                        .at_value(&ref_at, "not a reference inside this document")
                        .help("bundle the document into one file first (for example with `asyncapi bundle`)"),
                );
                return None;
            };
            let target = Pointer::from_escaped(fragment);
            let Some(found) = self.root.tree().locate(&target).filter(|l| l.exact) else {
                self.push(structure::problem(
                    &format!("`{text}` points at nothing in this document"),
                    &ref_at,
                    "no such node",
                ));
                return None;
            };
            node = NodeRef::new(self.root.tree(), found.node);
            at = target;
        }
        self.push(structure::problem(
            "`$ref`s go round in a circle",
            &at.child("$ref"),
            "this reference is part of a cycle",
        ));
        None
    }

    /// The child `key` of `node` (at `at`), followed.
    pub(crate) fn child(&self, node: NodeRef<'t>, at: &Pointer, key: &str) -> Option<(NodeRef<'t>, Pointer)> {
        let c = node.get(key)?;
        self.follow(c, &at.child(key))
    }
}

/// Node values as JSON, shared by the kinds' lowerings.
pub(crate) use crate::value::{entries, json, upper};
