//! JSON pointer → node resolution, through aliases and merge keys, and the reverse.

use super::access::deref;
use super::{Kind, NONE, NodeId, Tree};
use crate::pointer::Pointer;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// Mappings with more entries than this are looked up through a hash index.
const INDEXED: u32 = 32;

/// Key → child of one large mapping.
type MapKeys = Arc<HashMap<Box<str>, NodeId>>;

/// Lazily built key indexes of large mappings (shared between threads).
#[derive(Debug, Default)]
pub(crate) struct KeyIndex(Mutex<HashMap<NodeId, MapKeys>>);

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
            let mut c = self.node(map).first;
            while c != NONE {
                let n = self.node(c);
                if self.key_of(c) == key {
                    return Some(c);
                }
                c = n.next;
            }
            return None;
        }
        let index = {
            let mut all = self.key_index.0.lock().unwrap_or_else(|e| e.into_inner());
            all.entry(map)
                .or_insert_with(|| {
                    let mut m = HashMap::with_capacity(self.node(map).len as usize);
                    let mut c = self.node(map).first;
                    while c != NONE {
                        let n = self.node(c);
                        m.entry(self.key_of(c).into()).or_insert(c);
                        c = n.next;
                    }
                    Arc::new(m)
                })
                .clone()
        };
        index.get(key).copied()
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
