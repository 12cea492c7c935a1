//! JSON pointer → node resolution, through aliases and merge keys, and the reverse.

use super::access::deref;
use super::{Kind, NONE, NodeId, Tree};
use crate::pointer::Pointer;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// Mappings with more entries than this are looked up through a hash index.
const INDEXED: u32 = 32;

/// Key → child of one large mapping.
type MapKeys = HashMap<Box<str>, NodeId>;

/// The key indexes of the large mappings, each built on its first lookup. Which mappings are
/// large is known once the tree is built, so a lookup takes no lock: threads that check a large
/// document side by side do not wait on each other.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex(HashMap<NodeId, OnceLock<MapKeys>>);

impl KeyIndex {
    /// A slot for every mapping of `tree` with more than [`INDEXED`] entries.
    pub(crate) fn for_tree(tree: &Tree) -> Self {
        let large = tree.nodes.iter().enumerate().filter(|(_, n)| n.kind == Kind::Map && n.len > INDEXED);
        KeyIndex(large.map(|(i, _)| (i as NodeId, OnceLock::new())).collect())
    }
}

/// Where a pointer landed.
#[derive(Clone, Debug)]
pub struct Located {
    /// The node reached (the alias itself when the pointer ends on an alias).
    pub node: NodeId,
    /// False when the pointer went further than the document (the node is the nearest ancestor).
    pub exact: bool,
    /// Use sites crossed on the way: alias tokens and `<<` merge values, outermost first.
    pub via: Vec<Range<usize>>,
}

impl Tree {
    /// Resolves a pointer to the node it names, or to its nearest existing ancestor.
    pub fn locate(&self, ptr: &Pointer) -> Option<Located> {
        if self.root == NONE {
            return None;
        }
        let mut at = Located { node: self.root, exact: true, via: Vec::new() };
        for seg in ptr.segments_borrowed() {
            let here = deref(self, at.node);
            if here != at.node {
                at.via.push(self.span(at.node));
            }
            let next = match self.node(here).kind {
                Kind::Map => self.find_in_map(here, &seg, &mut at.via, 0),
                Kind::Seq => seg.parse::<usize>().ok().and_then(|i| self.nth_child(here, i)),
                _ => None,
            };
            match next {
                Some(n) => at.node = n,
                None => {
                    at.exact = false;
                    return Some(at);
                }
            }
        }
        Some(at)
    }

    fn find_in_map(&self, map: NodeId, key: &str, via: &mut Vec<Range<usize>>, depth: usize) -> Option<NodeId> {
        if let Some(found) = self.own_child(map, key) {
            return Some(found);
        }
        if depth > 16 {
            return None;
        }
        for s in self.merge_sources(map) {
            let src = deref(self, s.node);
            if self.node(src).kind == Kind::Map {
                via.push(s.via.0 as usize..s.via.1 as usize);
                if let Some(found) = self.find_in_map(src, key, via, depth + 1) {
                    return Some(found);
                }
                via.pop();
            }
        }
        None
    }

    /// The mapping's own entry for `key`: a scan for small mappings, an index for large ones
    /// (so locating every route of a document with thousands of paths stays linear).
    fn own_child(&self, map: NodeId, key: &str) -> Option<NodeId> {
        if self.node(map).len <= INDEXED {
            return self.children(map).find(|&c| self.key_of(c) == key);
        }
        let Some(slot) = self.key_index.0.get(&map) else {
            return self.children(map).find(|&c| self.key_of(c) == key);
        };
        let index = slot.get_or_init(|| {
            let mut m = HashMap::with_capacity(self.node(map).len as usize);
            for c in self.children(map) {
                m.entry(self.key_of(c).into()).or_insert(c);
            }
            m
        });
        index.get(key).copied()
    }

    /// The linked children of a collection, in order.
    fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let mut c = self.node(id).first;
        std::iter::from_fn(move || {
            (c != NONE).then(|| {
                let here = c;
                c = self.node(here).next;
                here
            })
        })
    }

    fn nth_child(&self, id: NodeId, i: usize) -> Option<NodeId> {
        let mut c = self.node(id).first;
        for _ in 0..i {
            if c == NONE {
                return None;
            }
            c = self.node(c).next;
        }
        (c != NONE).then_some(c)
    }

    /// The pointer of a linked node (its definition site, for anchored nodes). Nodes keep no
    /// parent link, so this searches from the root: it is for the error path only.
    pub fn pointer_of(&self, id: NodeId) -> Pointer {
        let mut path = Vec::new();
        if self.root != NONE && self.find_path(self.root, id, &mut path) {
            return path.iter().rev().fold(Pointer::root(), |p, s| p.child(s));
        }
        Pointer::root()
    }

    fn find_path(&self, from: NodeId, id: NodeId, path: &mut Vec<String>) -> bool {
        if from == id {
            return true;
        }
        let n = self.node(from);
        if !matches!(n.kind, Kind::Map | Kind::Seq) {
            return false;
        }
        let mut c = n.first;
        let mut i = 0;
        while c != NONE {
            if self.find_path(c, id, path) {
                let seg = if n.kind == Kind::Map { self.key_of(c).to_string() } else { i.to_string() };
                path.push(seg);
                return true;
            }
            c = self.node(c).next;
            i += 1;
        }
        false
    }
}
