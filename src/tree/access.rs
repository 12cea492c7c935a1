//! Read access to the tree with YAML semantics applied: aliases are followed and `<<` merge
//! keys contribute the entries a mapping does not define itself.

use super::{Kind, NONE, NodeId, Tree};
use std::ops::Range;

const MAX_HOPS: usize = 64;

/// A node of the tree, with aliases already followed.
#[derive(Clone, Copy)]
pub struct NodeRef<'t> {
    tree: &'t Tree,
    id: NodeId,
}

impl std::fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NodeRef({:?} #{})", self.kind(), self.id)
    }
}

impl<'t> NodeRef<'t> {
    pub(crate) fn new(tree: &'t Tree, id: NodeId) -> Self {
        NodeRef { tree, id: deref(tree, id) }
    }

    /// The arena index (after following aliases).
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The tree this node belongs to.
    pub fn tree(&self) -> &'t Tree {
        self.tree
    }

    /// What the node holds.
    pub fn kind(&self) -> Kind {
        self.tree.node(self.id).kind
    }

    /// Whether this is a mapping.
    pub fn is_map(&self) -> bool {
        self.kind() == Kind::Map
    }

    /// Whether this is a sequence.
    pub fn is_seq(&self) -> bool {
        self.kind() == Kind::Seq
    }

    /// The source text of a scalar (empty for collections).
    pub fn text(&self) -> &'t str {
        self.tree.scalar_of(self.id)
    }

    /// The text of a string scalar.
    pub fn as_str(&self) -> Option<&'t str> {
        (self.kind() == Kind::Str).then(|| self.text())
    }

    /// The text of any non-null scalar: strings, and numbers or booleans as written.
    pub fn scalar_text(&self) -> Option<&'t str> {
        matches!(self.kind(), Kind::Str | Kind::Int | Kind::Float | Kind::Bool).then(|| self.text())
    }

    /// A boolean scalar's value.
    pub fn as_bool(&self) -> Option<bool> {
        match (self.kind(), self.text()) {
            (Kind::Bool, "true" | "True" | "TRUE") => Some(true),
            (Kind::Bool, _) => Some(false),
            _ => None,
        }
    }

    /// Number of entries or items, without merged entries.
    pub fn len(&self) -> usize {
        self.tree.node(self.id).len as usize
    }

    /// Whether a collection has no own entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Byte span of the value.
    pub fn span(&self) -> Range<usize> {
        self.tree.span(self.id)
    }

    /// The value of `key` in a mapping, own entries first, then `<<` merge sources.
    pub fn get(&self, key: &str) -> Option<NodeRef<'t>> {
        self.get_at_depth(key, 0)
    }

    fn get_at_depth(&self, key: &str, depth: usize) -> Option<NodeRef<'t>> {
        if self.kind() != Kind::Map || depth > MAX_HOPS {
            return None;
        }
        let t = self.tree;
        let mut c = t.node(self.id).first;
        while c != NONE {
            let n = t.node(c);
            if t.key_of(c) == key {
                return Some(NodeRef::new(t, c));
            }
            c = n.next;
        }
        t.merge_sources(self.id).iter().find_map(|s| NodeRef::new(t, s.node).get_at_depth(key, depth + 1))
    }

    /// Entries of a mapping in document order (own entries, then merged ones not overridden).
    pub fn entries(&self) -> Vec<(&'t str, NodeRef<'t>)> {
        let mut out = Vec::with_capacity(self.len());
        self.collect_entries(&mut out, 0);
        out
    }

    fn collect_entries(&self, out: &mut Vec<(&'t str, NodeRef<'t>)>, depth: usize) {
        if self.kind() != Kind::Map || depth > MAX_HOPS {
            return;
        }
        let t = self.tree;
        let merged = depth > 0 || !t.merge_sources(self.id).is_empty();
        let mut c = t.node(self.id).first;
        while c != NONE {
            let n = t.node(c);
            let key = t.key_of(c);
            if !merged || !out.iter().any(|(k, _)| *k == key) {
                out.push((key, NodeRef::new(t, c)));
            }
            c = n.next;
        }
        for s in t.merge_sources(self.id) {
            NodeRef::new(t, s.node).collect_entries(out, depth + 1);
        }
    }

    /// Items of a sequence.
    pub fn items(&self) -> impl Iterator<Item = NodeRef<'t>> + 't {
        let t = self.tree;
        let mut c = if self.kind() == Kind::Seq { t.node(self.id).first } else { NONE };
        std::iter::from_fn(move || {
            (c != NONE).then(|| {
                let id = c;
                c = t.node(c).next;
                NodeRef::new(t, id)
            })
        })
    }
}

pub(crate) fn deref(tree: &Tree, mut id: NodeId) -> NodeId {
    for _ in 0..MAX_HOPS {
        let n = tree.node(id);
        if n.kind != Kind::Alias || n.first == NONE {
            return id;
        }
        id = n.first;
    }
    id
}
