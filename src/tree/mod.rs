//! The span tree: every node of a YAML or JSON document in one compact arena, with byte spans.
//!
//! One pass over the text builds it (`json.rs`, `yaml.rs`). It is both the document model that
//! lowering reads (through [`NodeRef`] and the serde deserializer in `de.rs`) and the index that
//! turns JSON pointers back into byte spans when diagnostics are rendered. Nodes are 48 bytes,
//! scalar text is borrowed from the source where it needs no decoding, and nothing is keyed by
//! pointer strings, so a 20 MB document costs well under its own size again in memory.
//!
//! YAML specifics are kept, not flattened: an alias is a node that links to its anchor, a `<<`
//! merge is a side table on the receiving mapping, and a duplicate key is recorded with both
//! locations (the first definition stays in the tree). CloudFormation short-form tags such as
//! `!Sub` become the long form (`{"Fn::Sub": …}`) so later passes see one shape.

mod access;
mod build;
pub(crate) mod de;
mod json;
mod resolve;
mod subtree;
mod yaml;

pub use access::NodeRef;
pub(crate) use access::deref as deref_id;
pub(crate) use build::Builder;
pub use resolve::Located;

use std::ops::Range;

/// Index of a node in the arena.
pub type NodeId = u32;
/// No node (end of a sibling list, no child, no root).
pub(crate) const NONE: NodeId = u32::MAX;

/// What a node holds. Scalars keep their source text; `Int`/`Float`/`Bool`/`Null` are the
/// YAML 1.2 core-schema (or JSON) reading of that text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`, `~` or an empty YAML value.
    Null,
    /// `true` or `false`.
    Bool,
    /// An integer literal.
    Int,
    /// A floating-point literal.
    Float,
    /// A string.
    Str,
    /// A mapping / object.
    Map,
    /// A sequence / array.
    Seq,
    /// A YAML alias: `first` is the anchored node.
    Alias,
}

/// Text of a scalar or key: a range of the source, or a range of the tree's string pool
/// (high bit of `start` set) when decoding changed it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Text {
    start: u32,
    end: u32,
}

const POOLED: u32 = 1 << 31;

/// A scalar's text is its span without the first and last byte (the quotes).
pub(crate) const TEXT_TRIM: u8 = 1;
/// A scalar's text is in the pool, at `first..len` (scalars have no children).
pub(crate) const TEXT_POOLED: u8 = 2;
/// The key's text is its span without the quotes.
pub(crate) const KEY_TRIM: u8 = 4;
/// The key's text is in the pool (see [`Tree::pooled_keys`]).
pub(crate) const KEY_POOLED: u8 = 8;

/// One node of the arena: 32 bytes. Text is not stored: a scalar's or key's text is its span
/// (without quotes), or, when decoding changed it (escapes, folding), a range of the pool.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) kind: Kind,
    pub(crate) flags: u8,
    pub(crate) span: (u32, u32),
    /// Span of the mapping key this node is the value of (`(NONE, NONE)` when none).
    pub(crate) key_span: (u32, u32),
    /// First child (maps, sequences), anchor target (aliases), or pool start (pooled scalars).
    pub(crate) first: NodeId,
    pub(crate) next: NodeId,
    /// Number of children (collections), or pool end (pooled scalars).
    pub(crate) len: u32,
}

/// A duplicate mapping key: the first definition is kept, the second is reported.
#[derive(Clone, Debug)]
pub struct Duplicate {
    /// The mapping holding both keys.
    pub map: NodeId,
    /// The key text.
    pub key: String,
    /// Span of the first occurrence of the key.
    pub first: Range<usize>,
    /// Span of the repeated key.
    pub second: Range<usize>,
}

/// One merge source of a mapping: the merged node and the span of the `<<` entry's value.
#[derive(Clone, Debug)]
pub(crate) struct MergeSource {
    pub(crate) node: NodeId,
    pub(crate) via: (u32, u32),
}

/// A parsed document: the arena plus its side tables.
#[derive(Debug, Default)]
pub struct Tree {
    pub(crate) nodes: Vec<Node>,
    pub(crate) pool: String,
    /// `<<` merge sources of the mappings that have them (rare, so not a node field).
    pub(crate) merges: std::collections::HashMap<NodeId, Vec<MergeSource>>,
    pub(crate) duplicates: Vec<Duplicate>,
    pub(crate) root: NodeId,
    pub(crate) src: std::sync::Arc<str>,
    /// Key → child indexes of large mappings, built on their first pointer lookup.
    pub(crate) key_index: resolve::KeyIndex,
    /// Pool ranges of keys whose text differs from their source (escaped keys; rare).
    pub(crate) pooled_keys: std::collections::HashMap<NodeId, (u32, u32)>,
}

/// A syntax error with the byte offset the parser reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte range of the offending text (often empty: a position).
    pub span: Range<usize>,
    /// The parser's message, lower case.
    pub message: String,
}

/// Builds the tree for `text` in the given format.
pub fn parse(text: &std::sync::Arc<str>, format: crate::source::Format) -> Result<Tree, SyntaxError> {
    if text.len() >= POOLED as usize {
        return Err(SyntaxError { span: 0..0, message: "file is larger than 2 GiB".into() });
    }
    match format {
        crate::source::Format::Json => json::parse(text),
        crate::source::Format::Yaml => yaml::parse(text),
    }
}

impl Tree {
    /// The root node, if the document has one.
    pub fn root(&self) -> Option<NodeRef<'_>> {
        (self.root != NONE).then(|| NodeRef::new(self, self.root))
    }

    /// Duplicate keys found while building.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// Number of nodes (for budgets and statistics).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no node at all.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub(crate) fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub(crate) fn merge_sources(&self, id: NodeId) -> &[MergeSource] {
        if self.merges.is_empty() {
            return &[];
        }
        self.merges.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The key a node is the value of (empty for sequence items and the root).
    pub(crate) fn key_of(&self, id: NodeId) -> &str {
        let n = self.node(id);
        if n.key_span.0 == NONE {
            return "";
        }
        if n.flags & KEY_POOLED != 0 {
            let range = self.pooled_keys.get(&id).map_or(0..0, |&(s, e)| s as usize..e as usize);
            return self.pool.get(range).unwrap_or("");
        }
        let t = u32::from(n.flags & KEY_TRIM != 0);
        self.src.get((n.key_span.0 + t) as usize..(n.key_span.1 - t) as usize).unwrap_or("")
    }

    /// Whether the node's text was decoded (escapes), rather than being its source span: only
    /// decoded text can hold characters the source could not show raw, such as NUL.
    pub(crate) fn is_decoded(&self, id: NodeId) -> bool {
        self.node(id).flags & TEXT_POOLED != 0
    }

    /// A scalar's text (empty for collections and aliases).
    pub(crate) fn scalar_of(&self, id: NodeId) -> &str {
        let n = self.node(id);
        if matches!(n.kind, Kind::Map | Kind::Seq | Kind::Alias) {
            return "";
        }
        if n.flags & TEXT_POOLED != 0 {
            return self.pool.get(n.first as usize..n.len as usize).unwrap_or("");
        }
        let t = u32::from(n.flags & TEXT_TRIM != 0);
        self.src.get((n.span.0 + t) as usize..(n.span.1 - t) as usize).unwrap_or("")
    }

    pub(crate) fn text(&self, t: Text) -> &str {
        let (s, e) = (t.start, t.end);
        if s & POOLED != 0 {
            self.pool.get((s & !POOLED) as usize..e as usize).unwrap_or("")
        } else {
            self.src.get(s as usize..e as usize).unwrap_or("")
        }
    }

    /// The source text the tree was built from.
    pub fn source(&self) -> &str {
        &self.src
    }

    /// Span of a node's value.
    pub fn span(&self, id: NodeId) -> Range<usize> {
        let n = self.node(id);
        n.span.0 as usize..(n.span.1 as usize).min(self.src.len())
    }

    /// Span of the key a node is the value of.
    pub fn key_span(&self, id: NodeId) -> Option<Range<usize>> {
        let n = self.node(id);
        (n.key_span.0 != NONE).then_some(n.key_span.0 as usize..n.key_span.1 as usize)
    }
}

/// Whether a mapping key names a CloudFormation intrinsic function.
pub fn is_intrinsic_key(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

#[cfg(test)]
mod tests;
