//! Incremental construction of a [`Tree`], shared by the JSON scanner and the YAML event reader.

use super::{
    Duplicate, KEY_POOLED, KEY_TRIM, Kind, MergeSource, NONE, Node, NodeId, POOLED, TEXT_POOLED, TEXT_TRIM, Text, Tree,
};
use std::collections::HashMap;
use std::sync::Arc;

/// Maps with more entries than this get a hash index for duplicate detection.
const LINEAR_KEYS: u32 = 12;

struct Frame {
    id: NodeId,
    last: NodeId,
    is_map: bool,
    pending_key: Option<(Text, (u32, u32))>,
    merge_pending: bool,
    merge_values: Vec<NodeId>,
    /// Key hash → the first entry with that hash, for large mappings.
    keys: Option<HashMap<u64, NodeId>>,
    /// Closing this frame also closes its parent (a CloudFormation short-form tag wrapper).
    close_parent: bool,
}

/// Builds a tree from container/scalar events.
pub(crate) struct Builder {
    tree: Tree,
    stack: Vec<Frame>,
    /// Added to the spans of nodes copied from another tree ([`Builder::copy_key`],
    /// [`Builder::copy_scalar`]): where that tree's text starts in this one's.
    shift: u32,
}

impl Builder {
    /// `nodes_hint` sizes the arena (an upper estimate avoids regrowing a large one).
    pub(crate) fn new(src: &Arc<str>, nodes_hint: usize) -> Self {
        let tree = Tree { nodes: Vec::with_capacity(nodes_hint + 16), root: NONE, src: src.clone(), ..Tree::default() };
        Builder { tree, stack: Vec::new(), shift: 0 }
    }

    pub(crate) fn finish(mut self) -> Tree {
        while let Some(top) = self.stack.last() {
            let end = self.tree.nodes[top.id as usize].span.1;
            self.close(end as usize);
        }
        self.tree.key_index = super::resolve::KeyIndex::for_tree(&self.tree);
        self.tree
    }

    pub(crate) fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Whether the next node would be a mapping key.
    pub(crate) fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(f) if f.is_map && f.pending_key.is_none() && !f.merge_pending)
    }

    pub(crate) fn raw(&self, start: usize, end: usize) -> Text {
        Text { start: start as u32, end: end as u32 }
    }

    pub(crate) fn pooled(&mut self, s: &str) -> Text {
        let start = self.tree.pool.len() as u32;
        self.tree.pool.push_str(s);
        Text { start: start | POOLED, end: self.tree.pool.len() as u32 }
    }

    /// Sets the key for the next value of the current mapping. `merge` marks a `<<` key.
    pub(crate) fn key(&mut self, text: Text, span: (usize, usize), merge: bool) {
        self.settle_merge_of_top();
        if let Some(f) = self.stack.last_mut() {
            f.pending_key = Some((text, (span.0 as u32, span.1 as u32)));
            f.merge_pending = merge;
        }
    }

    pub(crate) fn scalar(&mut self, kind: Kind, text: Text, span: (usize, usize)) -> NodeId {
        self.attach(kind, text, span, NONE)
    }

    pub(crate) fn alias(&mut self, target: NodeId, span: (usize, usize)) -> NodeId {
        self.attach(Kind::Alias, Text::default(), span, target)
    }

    pub(crate) fn open(&mut self, kind: Kind, start: usize) -> NodeId {
        let id = self.attach(kind, Text::default(), (start, start), NONE);
        self.stack.push(Frame {
            id,
            last: NONE,
            is_map: kind == Kind::Map,
            pending_key: None,
            merge_pending: false,
            merge_values: Vec::new(),
            keys: None,
            close_parent: false,
        });
        id
    }

    /// Opens a `{name: …}` wrapper for a CloudFormation short-form tag; the next node is its value.
    /// With `closes_with_child`, the wrapper closes together with the (collection) child.
    pub(crate) fn open_intrinsic(&mut self, name: &str, start: usize) {
        self.open(Kind::Map, start);
        let t = self.pooled(name);
        self.key(t, (start, start), false);
    }

    /// Marks the innermost open collection as closing its parent (the tag wrapper) too.
    pub(crate) fn close_parent_with_top(&mut self) {
        if let Some(f) = self.stack.last_mut() {
            f.close_parent = true;
        }
    }

    pub(crate) fn close(&mut self, end: usize) {
        self.settle_merge_of_top();
        if let Some(f) = self.stack.pop() {
            self.tree.nodes[f.id as usize].span.1 = end as u32;
            if f.close_parent {
                self.close(end);
            }
        }
    }

    fn attach(&mut self, kind: Kind, text: Text, span: (usize, usize), first: NodeId) -> NodeId {
        let id = self.tree.nodes.len() as NodeId;
        let mut node = Node {
            kind,
            flags: 0,
            span: (span.0 as u32, span.1 as u32),
            key_span: (NONE, NONE),
            first,
            next: NONE,
            len: 0,
        };
        if !matches!(kind, Kind::Map | Kind::Seq | Kind::Alias) {
            let (flags, pooled) = place_text(&mut self.tree, text, node.span, TEXT_TRIM, TEXT_POOLED);
            node.flags |= flags;
            if let Some((s, e)) = pooled {
                (node.first, node.len) = (s, e);
            }
        }
        let Some(f) = self.stack.last_mut() else {
            self.tree.root = id;
            self.tree.nodes.push(node);
            return id;
        };
        let mut linked = true;
        if f.is_map
            && let Some((k, ks)) = f.pending_key.take()
        {
            {
                node.key_span = ks;
                let (flags, pooled) = place_text(&mut self.tree, k, ks, KEY_TRIM, KEY_POOLED);
                node.flags |= flags;
                if let Some(range) = pooled {
                    self.tree.pooled_keys.insert(id, range);
                }
                if f.merge_pending {
                    f.merge_pending = false;
                    f.merge_values.push(id);
                    linked = false;
                } else if let Some(first) = find_key(&self.tree, f, k, ks, id) {
                    let map = f.id;
                    let key = self.tree.text(k).to_string();
                    self.tree.duplicates.push(Duplicate {
                        map,
                        key,
                        first: first.0 as usize..first.1 as usize,
                        second: ks.0 as usize..ks.1 as usize,
                    });
                    linked = false;
                }
            }
        }
        if linked {
            if f.last == NONE {
                self.tree.nodes[f.id as usize].first = id;
            } else {
                self.tree.nodes[f.last as usize].next = id;
            }
            f.last = id;
            self.tree.nodes[f.id as usize].len += 1;
        }
        self.tree.nodes.push(node);
        id
    }

    /// Where the text of the trees copied from next starts in this tree's text.
    pub(crate) fn set_shift(&mut self, shift: u32) {
        self.shift = shift;
    }

    /// Sets the next key to the key of node `id` of `from`, a tree over the same source, or over
    /// the part of it at the shift (the key keeps its place in the source).
    pub(crate) fn copy_key(&mut self, from: &Tree, id: NodeId) {
        let n = from.node(id);
        let ks = (n.key_span.0.saturating_add(self.shift) as usize, n.key_span.1.saturating_add(self.shift) as usize);
        let text = if n.flags & KEY_POOLED != 0 {
            self.pooled(from.key_of(id))
        } else if n.flags & KEY_TRIM != 0 {
            self.raw(ks.0 + 1, ks.1 - 1)
        } else {
            self.raw(ks.0, ks.1)
        };
        self.key(text, ks, false);
    }

    /// Copies the scalar node `id` of `from` (a tree over the same source) as the next node.
    pub(crate) fn copy_scalar(&mut self, from: &Tree, id: NodeId) -> NodeId {
        let n = from.node(id);
        let span = ((n.span.0 + self.shift) as usize, (n.span.1 + self.shift) as usize);
        let text = if n.flags & TEXT_POOLED != 0 {
            self.pooled(from.scalar_of(id))
        } else if n.flags & TEXT_TRIM != 0 {
            self.raw(span.0 + 1, span.1 - 1)
        } else {
            self.raw(span.0, span.1)
        };
        self.scalar(n.kind, text, span)
    }

    /// Sets the next key to `key`, a key written by a pass rather than read, placed at `span`.
    pub(crate) fn new_key(&mut self, key: &str, span: (usize, usize)) {
        let text = self.pooled(key);
        self.key(text, span, false);
    }

    /// A scalar written by a pass rather than read, placed at `span`.
    pub(crate) fn new_scalar(&mut self, kind: Kind, text: &str, span: (usize, usize)) -> NodeId {
        let text = self.pooled(text);
        self.scalar(kind, text, span)
    }

    /// Sets the next key to a `<<` merge key at `span`.
    pub(crate) fn merge_key(&mut self, span: (usize, usize)) {
        let text = self.pooled("<<");
        self.key(text, span, true);
    }

    /// Turns completed `<<` values of the innermost mapping into merge sources.
    fn settle_merge_of_top(&mut self) {
        let Some(f) = self.stack.last_mut() else { return };
        if f.merge_values.is_empty() || f.merge_pending {
            return;
        }
        let values = std::mem::take(&mut f.merge_values);
        let map = f.id;
        let mut sources = Vec::new();
        for v in values {
            let via = self.tree.nodes[v as usize].span;
            let node = &self.tree.nodes[v as usize];
            match node.kind {
                Kind::Seq => {
                    let mut c = node.first;
                    while c != NONE {
                        sources.push(MergeSource { node: deref(&self.tree, c), via: self.tree.nodes[c as usize].span });
                        c = self.tree.nodes[c as usize].next;
                    }
                }
                _ => sources.push(MergeSource { node: deref(&self.tree, v), via }),
            }
        }
        self.tree.merges.entry(map).or_default().extend(sources);
    }
}

fn deref(tree: &Tree, mut id: NodeId) -> NodeId {
    for _ in 0..64 {
        let n = &tree.nodes[id as usize];
        if n.kind != Kind::Alias || n.first == NONE {
            return id;
        }
        id = n.first;
    }
    id
}

/// Where a scalar's or key's text lives: nowhere extra when it equals its span (or the span
/// without quotes), else in the pool. Returns the flags to set and the pool range.
fn place_text(tree: &mut Tree, t: Text, span: (u32, u32), trim: u8, pooled: u8) -> (u8, Option<(u32, u32)>) {
    if t.start & POOLED == 0 {
        if (t.start, t.end) == span {
            return (0, None);
        }
        if t.start == span.0 + 1 && t.end + 1 == span.1 {
            return (trim, None);
        }
        let start = tree.pool.len() as u32;
        let text = tree.src.get(t.start as usize..t.end as usize).unwrap_or("").to_string();
        tree.pool.push_str(&text);
        return (pooled, Some((start, tree.pool.len() as u32)));
    }
    (pooled, Some((t.start & !POOLED, t.end)))
}

/// Finds an earlier sibling with the same key; returns its key span. Large mappings are indexed
/// by key hash (no per-key allocation); the rare hash collision falls back to a scan.
fn find_key(tree: &Tree, f: &mut Frame, k: Text, _ks: (u32, u32), id: NodeId) -> Option<(u32, u32)> {
    let key = tree.text(k);
    let len = tree.nodes[f.id as usize].len;
    if len < LINEAR_KEYS && f.keys.is_none() {
        return scan(tree, f.id, key);
    }
    let keys = f.keys.get_or_insert_with(|| {
        let mut m = HashMap::with_capacity(len as usize * 2);
        let mut c = tree.nodes[f.id as usize].first;
        while c != NONE {
            m.entry(hash(tree.key_of(c))).or_insert(c);
            c = tree.nodes[c as usize].next;
        }
        m
    });
    match keys.get(&hash(key)) {
        Some(&first) if tree.key_of(first) == key => Some(tree.nodes[first as usize].key_span),
        Some(_) => scan(tree, f.id, key),
        None => {
            keys.insert(hash(key), id);
            None
        }
    }
}

fn scan(tree: &Tree, map: NodeId, key: &str) -> Option<(u32, u32)> {
    let mut c = tree.nodes[map as usize].first;
    while c != NONE {
        if tree.key_of(c) == key {
            return Some(tree.nodes[c as usize].key_span);
        }
        c = tree.nodes[c as usize].next;
    }
    None
}

fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}
