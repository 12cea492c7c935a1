//! Inline suppression: `x-gatewright-ignore: [GW201, route-without-integration]` on any mapping
//! of the document silences those codes for findings at that node or below it.

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::tree::{Kind, NONE, NodeId, NodeRef, Tree};

/// The extension's key.
pub const KEY: &str = "x-gatewright-ignore";

/// Removes the findings an `x-gatewright-ignore` covers.
pub fn apply(tree: &Tree, diags: &mut Vec<Diagnostic>) {
    // Most documents have no suppression at all: one substring search (escaped keys live in the
    // pool) saves walking every node.
    if !tree.src.contains(KEY) && !tree.pool.contains(KEY) {
        return;
    }
    let mut found = Vec::new();
    if tree.root != NONE {
        walk(tree, tree.root, &Pointer::root(), &mut found);
    }
    if found.is_empty() {
        return;
    }
    diags.retain(|d| {
        let Some(at) = d.pointer() else { return true };
        !found.iter().any(|(scope, codes)| at.starts_with(scope) && codes.contains(&d.code))
    });
}

fn walk(tree: &Tree, id: NodeId, ptr: &Pointer, found: &mut Vec<(Pointer, Vec<Code>)>) {
    let node = tree.node(id);
    if !matches!(node.kind, Kind::Map | Kind::Seq) {
        return;
    }
    let mut c = node.first;
    let mut i = 0;
    while c != NONE {
        let child = if node.kind == Kind::Map { ptr.child(tree.key_of(c)) } else { ptr.index(i) };
        if node.kind == Kind::Map && tree.key_of(c) == KEY {
            let list = NodeRef::new(tree, c);
            let codes = list.items().filter_map(|n| n.scalar_text().and_then(Code::find)).collect();
            found.push((ptr.clone(), codes));
        } else {
            walk(tree, c, &child, found);
        }
        i += 1;
        c = tree.node(c).next;
    }
}
