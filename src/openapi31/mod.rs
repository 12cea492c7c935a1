//! OpenAPI 3.1 read as the OpenAPI 3.0.3 document API Gateway accepts: its own pass, before
//! lowering, from the span tree of the 3.1 document to a span tree of the 3.0 one.
//!
//! Neither of API Gateway's importers takes 3.1 (`Unable to determine OAS version from '3.1.0'`,
//! `Invalid OpenAPI input.`), yet most frameworks write it. The converted tree is built over the
//! same source text: every node it copies keeps its place in the 3.1 file, and every node it
//! writes (`nullable: true` for `type: [T, "null"]`, the `allOf` around a `$ref` with siblings)
//! is placed on the 3.1 node it comes from. So every later finding, and every `--fix` edit, lands
//! in the file as the user wrote it; the findings of this pass itself (a keyword dropped, GW014)
//! are placed by span on the dropped keyword.
//!
//! What is converted: `openapi` → `3.0.3`; in every schema (components, parameters, headers,
//! media types, and the schemas inside them) the rules of [`schema`]; `info.summary`,
//! `license.identifier`, `jsonSchemaDialect`, `webhooks` and `components.pathItems` dropped (a
//! path item that `$ref`s one gets its entries); `summary`/`description` beside a non-schema
//! `$ref` dropped; a document without `paths` gets an empty one. Aliases stay aliases (of the
//! converted anchor), `<<` merges stay merges, so the pass is linear in the document.

mod keywords;
mod schema;
#[cfg(test)]
mod tests;

use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::kind::ApiKind;
use crate::positions::{Pos, child, item};
use crate::tree::{Builder, Kind, NONE, NodeId, NodeRef, Tree};
use std::collections::{HashMap, HashSet};

/// The `openapi` version written into the converted document.
pub const TARGET_VERSION: &str = "3.0.3";

/// What becomes of a 3.1 document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Converted to 3.0.3 and judged as converted: gatewright compiles and deploys it.
    #[default]
    Convert,
    /// Judged as written (GW010): AWS receives it as it is (a Terraform `body`).
    AsWritten,
}

/// Nesting past which copies of aliased nodes are cut (a YAML alias may name its own ancestor).
const MAX_DEPTH: u32 = 600;

/// Whether the document declares OpenAPI 3.1 (`3.1` or `3.1.x`).
pub fn is_31(root: NodeRef<'_>) -> bool {
    let Some(v) = root.get("openapi").and_then(|v| v.scalar_text()) else { return false };
    let v = v.trim();
    v == "3.1" || v.strip_prefix("3.1.").is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Converts a 3.1 document's tree into the 3.0.3 document's tree, over the same source, with
/// the findings of the conversion (GW013 once, GW014 per keyword dropped). Findings about what
/// request validation loses are warnings for REST APIs, which validate requests against models,
/// and notes for HTTP APIs, which never read schemas.
pub fn convert(tree: &Tree, kind: ApiKind) -> (Tree, Vec<Diagnostic>) {
    let mut c = Conv {
        t: tree,
        b: Builder::new(&tree.src, tree.nodes.len() + 64),
        wanted: wanted(tree),
        copies: HashMap::new(),
        out: Vec::new(),
        loss: if kind == ApiKind::Rest { Severity::Warning } else { Severity::Info },
        depth: 0,
    };
    if tree.root != NONE {
        c.value(tree.root, Pos::Root);
    }
    let mut converted = c.b.finish();
    // Keys the pass wrote twice (a `nullable` it adds beside one already there) keep the first;
    // they are not the user's duplicates, which the source's own tree reported.
    converted.duplicates.clear();
    (converted, c.out)
}

/// The nodes an alias or a `<<` merge names, and the entries of merged mappings: only their
/// copies need to be remembered.
fn wanted(tree: &Tree) -> HashSet<NodeId> {
    let mut w: HashSet<NodeId> = tree.nodes.iter().filter(|n| n.kind == Kind::Alias).map(|n| n.first).collect();
    for sources in tree.merges.values() {
        for s in sources {
            w.insert(s.node);
        }
    }
    w
}

/// What becomes of one entry of a mapping.
enum Entry {
    Drop,
    Keep(Pos),
    /// `openapi`: the 3.0 version.
    Version,
}

pub(super) struct Conv<'t> {
    pub(super) t: &'t Tree,
    pub(super) b: Builder,
    wanted: HashSet<NodeId>,
    copies: HashMap<NodeId, NodeId>,
    out: Vec<Diagnostic>,
    loss: Severity,
    depth: u32,
}

impl Conv<'_> {
    /// Emits the converted form of node `id` (the value of the key just set, or the next item).
    pub(super) fn value(&mut self, id: NodeId, ctx: Pos) {
        let n = self.t.node(id);
        if n.kind == Kind::Alias {
            let target = crate::tree::deref_id(self.t, id);
            let span = (n.span.0 as usize, n.span.1 as usize);
            if let Some(&copy) = self.copies.get(&target) {
                self.b.alias(copy, span);
                return;
            }
            // The anchor was not copied (it sat in a dropped part): copy what it names here.
            if target == id || self.depth >= MAX_DEPTH {
                self.b.new_scalar(Kind::Null, "null", span);
                return;
            }
            self.depth += 1;
            self.value(target, ctx);
            self.depth -= 1;
            return;
        }
        if self.depth >= MAX_DEPTH {
            self.b.new_scalar(Kind::Null, "null", (n.span.0 as usize, n.span.1 as usize));
            return;
        }
        self.depth += 1;
        match (ctx, n.kind) {
            (Pos::Schema, _) => self.schema(id),
            (_, Kind::Map) => self.map(id, ctx),
            (_, Kind::Seq) => self.seq(id, item(ctx)),
            _ => {
                let new = self.b.copy_scalar(self.t, id);
                self.note(id, new);
            }
        }
        self.depth -= 1;
    }

    /// Remembers the copy of `old` when an alias or a merge may name it.
    pub(super) fn note(&mut self, old: NodeId, new: NodeId) {
        if self.wanted.contains(&old) {
            self.copies.insert(old, new);
        }
    }

    pub(super) fn span(&self, id: NodeId) -> (usize, usize) {
        let n = self.t.node(id);
        (n.span.0 as usize, n.span.1 as usize)
    }

    pub(super) fn key_span(&self, id: NodeId) -> (usize, usize) {
        let n = self.t.node(id);
        if n.key_span.0 == NONE { self.span(id) } else { (n.key_span.0 as usize, n.key_span.1 as usize) }
    }

    /// The own entries of a mapping, in document order.
    pub(super) fn children(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut c = self.t.node(id).first;
        while c != NONE {
            out.push(c);
            c = self.t.node(c).next;
        }
        out
    }

    /// The items of the sequence entry `c` (through an alias).
    pub(super) fn items_of(&self, c: NodeId) -> Vec<NodeId> {
        let seq = crate::tree::deref_id(self.t, c);
        if self.t.node(seq).kind == Kind::Seq { self.children(seq) } else { Vec::new() }
    }

    fn seq(&mut self, id: NodeId, item: Pos) {
        let (start, end) = self.span(id);
        let new = self.b.open(Kind::Seq, start);
        self.note(id, new);
        for c in self.children(id) {
            self.value(c, item);
        }
        self.b.close(end);
    }

    fn map(&mut self, id: NodeId, ctx: Pos) {
        let (start, end) = self.span(id);
        let new = self.b.open(Kind::Map, start);
        self.note(id, new);
        self.entries(id, ctx);
        if ctx == Pos::Root && NodeRef::new(self.t, id).get("paths").is_none() {
            self.b.new_key("paths", (end, end));
            self.b.open(Kind::Map, end);
            self.b.close(end);
        }
        self.merges(id);
        self.b.close(end);
    }

    /// Emits the entries of mapping `id`, read in `ctx`, into the open mapping.
    fn entries(&mut self, id: NodeId, ctx: Pos) {
        let refers = NodeRef::new(self.t, id).get("$ref").is_some();
        if refers && ctx == Pos::PathItem && self.inline_path_item(id) {
            return;
        }
        // A reference outside schemas keeps only its `$ref` (3.1 allows `summary` and
        // `description` beside it; 3.0 does not).
        let reference = refers && matches!(ctx, Pos::Param | Pos::Body | Pos::Response | Pos::Callback);
        for c in self.children(id) {
            let key = self.t.key_of(c);
            if reference && key != "$ref" {
                continue;
            }
            match route(ctx, key) {
                Entry::Drop => {}
                Entry::Keep(child) => {
                    self.b.copy_key(self.t, c);
                    self.value(c, child);
                }
                Entry::Version => {
                    self.b.copy_key(self.t, c);
                    let span = self.span(c);
                    self.b.new_scalar(Kind::Str, TARGET_VERSION, span);
                }
            }
        }
    }

    /// The `<<` merges of mapping `id`, as merges of the copies.
    pub(super) fn merges(&mut self, id: NodeId) {
        let sources: Vec<_> = self.t.merge_sources(id).iter().map(|s| (s.node, s.via)).collect();
        for (node, via) in sources {
            if let Some(&copy) = self.copies.get(&node) {
                let via = (via.0 as usize, via.1 as usize);
                self.b.merge_key(via);
                self.b.alias(copy, via);
            }
        }
    }

    /// A path item that is `$ref: '#/components/pathItems/NAME'` gets that path item's entries
    /// (`components.pathItems` is dropped). Returns false for any other reference.
    fn inline_path_item(&mut self, id: NodeId) -> bool {
        let Some(target) = NodeRef::new(self.t, id)
            .get("$ref")
            .and_then(|r| r.as_str())
            .and_then(|r| r.strip_prefix("#/components/pathItems/"))
            .map(|name| name.replace("~1", "/").replace("~0", "~"))
            .and_then(|name| {
                let root = self.t.root()?;
                root.get("components")?.get("pathItems")?.get(&name)
            })
            .filter(NodeRef::is_map)
        else {
            return false;
        };
        if target.id() == id || self.depth >= MAX_DEPTH {
            return false;
        }
        self.depth += 1;
        self.entries(target.id(), Pos::PathItem);
        self.depth -= 1;
        true
    }

    /// A GW014 finding: `key` (the entry `id`) has no 3.0 meaning and is left out.
    pub(super) fn dropped(&mut self, id: NodeId, key: &str, what: &str) {
        let (s, e) = self.key_span(id);
        let mut d = Diagnostic::new(
            Code::Openapi31KeywordDropped,
            format!("`{key}` has no OpenAPI 3.0 equivalent and is left out of the imported document"),
        )
        .at_span(s..e, "dropped in the 3.0 document")
        .help(format!(
            "request validation will not check {what}; express the constraint with OpenAPI 3.0 keywords, or accept that it is not checked"
        ))
        .subject(self.t.pointer_of(id));
        d.severity = self.loss;
        self.out.push(d);
    }
}

/// What becomes of the entry `key` of a mapping at `pos`.
fn route(pos: Pos, key: &str) -> Entry {
    match (pos, key) {
        (Pos::Root, "openapi") => Entry::Version,
        (Pos::Root, "jsonSchemaDialect" | "webhooks")
        | (Pos::Info, "summary")
        | (Pos::License, "identifier")
        | (Pos::Components, "pathItems") => Entry::Drop,
        _ => Entry::Keep(child(pos, key, false)),
    }
}
