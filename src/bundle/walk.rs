//! The two passes over a split document (see the module's docs): where in the document a node
//! is decides what a reference there becomes (a schema is named, anything else written in place).

use super::Bundled;
use super::files::{Files, Loader, Target};
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::positions::{Pos, child, item};
use crate::source::SourceFile;
use crate::tree::{Builder, Kind, NONE, NodeId, NodeRef, Tree};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Nesting past which nothing more is copied (aliases may name their own ancestors).
const MAX_DEPTH: u32 = 600;

struct Walk<'a> {
    files: Files<'a>,
    /// None in the first, dry pass.
    b: Option<Builder>,
    swagger: bool,
    /// The name of every schema from another file, and the order they are written in.
    names: HashMap<Target, String>,
    order: Vec<Target>,
    taken: HashSet<String>,
    /// Schemas the root names itself (`Pet: {$ref: pet.yaml}`): written in that entry.
    declared: HashSet<Target>,
    /// Parts being written in place, to stop at a cycle.
    inlining: Vec<Target>,
    found: Vec<Diagnostic>,
    /// Copies of nodes, for aliases and merges, by file and node (only in files with aliases or
    /// merges: `keeps`).
    copies: HashMap<(usize, NodeId), NodeId>,
    keeps: Vec<Option<bool>>,
    /// What aliases named, walked once in the dry pass.
    walked: HashSet<(usize, NodeId)>,
    depth: u32,
}

pub(super) fn run(source: &SourceFile, tree: &Tree, load: Loader<'_>) -> Bundled {
    let swagger = tree.root().is_some_and(|r| r.get("swagger").is_some());
    let mut w = Walk {
        files: Files::new(source, tree, load),
        b: None,
        swagger,
        names: HashMap::new(),
        order: Vec::new(),
        taken: HashSet::new(),
        declared: HashSet::new(),
        inlining: Vec::new(),
        found: Vec::new(),
        copies: HashMap::new(),
        keeps: Vec::new(),
        walked: HashSet::new(),
        depth: 0,
    };
    w.declare();
    w.pass();
    let mut i = 0;
    while i < w.order.len() {
        let t = w.order[i].clone();
        w.target_schema(&t);
        i += 1;
    }
    let (text, parts) = w.files.joined();
    let text: Arc<str> = Arc::from(text);
    let nodes: usize = (0..w.files.list.len()).filter_map(|f| w.files.tree(f)).map(Tree::len).sum();
    w.b = Some(Builder::new(&text, nodes + 64));
    let found = std::mem::take(&mut w.found);
    w.inlining.clear();
    w.copies.clear();
    w.pass();
    let mut bundled = w.b.take().map(Builder::finish).unwrap_or_default();
    bundled.duplicates.clear();
    let mut diagnostics = std::mem::take(&mut w.files.found);
    diagnostics.extend(found);
    Bundled { source: SourceFile::joined(source.name(), text, parts), tree: bundled, diagnostics }
}

impl Walk<'_> {
    fn pass(&mut self) {
        if let Some(root) = self.files.tree(0).and_then(Tree::root).map(|r| r.id()) {
            self.value(0, root, Pos::Root);
        }
    }

    /// The schemas the root's `components.schemas` (`definitions`) names by a reference to
    /// another file take that name.
    fn declare(&mut self) {
        let entries: Vec<(String, String)> = {
            let Some(root) = self.files.tree(0).and_then(Tree::root) else { return };
            let schemas = if self.swagger {
                root.get("definitions")
            } else {
                root.get("components").and_then(|c| c.get("schemas"))
            };
            let Some(schemas) = schemas else { return };
            let entries = schemas.entries();
            for (k, _) in &entries {
                self.taken.insert((*k).to_string());
            }
            entries
                .into_iter()
                .filter_map(|(k, v)| {
                    let r = v.get("$ref").and_then(|r| r.as_str()).filter(|r| !r.starts_with('#'))?;
                    Some((k.to_string(), r.to_string()))
                })
                .collect()
        };
        for (name, reference) in entries {
            if let Ok(t) = self.files.resolve(0, &reference)
                && t.file != 0
                && !self.names.contains_key(&t)
            {
                self.names.insert(t.clone(), name);
                self.declared.insert(t);
            }
        }
    }

    fn dry(&self) -> bool {
        self.b.is_none()
    }

    fn tree(&self, f: usize) -> &Tree {
        // Only files that were read are walked; a file whose text could not be read has no tree,
        // and nothing of it is reached (its targets name nothing).
        self.files.tree(f).unwrap_or_else(|| self.files.root())
    }

    fn base(&self, f: usize) -> usize {
        self.files.list[f].base as usize
    }

    fn span(&self, f: usize, id: NodeId) -> (usize, usize) {
        let r = self.tree(f).span(id);
        (r.start + self.base(f), r.end + self.base(f))
    }

    fn key_span(&self, f: usize, id: NodeId) -> (usize, usize) {
        match self.tree(f).key_span(id) {
            Some(r) => (r.start + self.base(f), r.end + self.base(f)),
            None => self.span(f, id),
        }
    }

    fn children(&self, f: usize, id: NodeId) -> Vec<NodeId> {
        let t = self.tree(f);
        let mut out = Vec::new();
        let mut c = t.node(id).first;
        while c != NONE {
            out.push(c);
            c = t.node(c).next;
        }
        out
    }

    fn note(&mut self, f: usize, old: NodeId, new: NodeId) {
        if new != NONE && self.keeps(f) {
            self.copies.insert((f, old), new);
        }
    }

    /// Whether file `f` has aliases or merges, whose copies must be remembered.
    fn keeps(&mut self, f: usize) -> bool {
        if self.keeps.len() <= f {
            self.keeps.resize(f + 1, None);
        }
        if let Some(k) = self.keeps[f] {
            return k;
        }
        let t = self.tree(f);
        let k = !t.merges.is_empty() || t.nodes.iter().any(|n| n.kind == Kind::Alias);
        self.keeps[f] = Some(k);
        k
    }

    fn open(&mut self, kind: Kind, at: usize) -> NodeId {
        self.b.as_mut().map_or(NONE, |b| b.open(kind, at))
    }

    fn close(&mut self, at: usize) {
        if let Some(b) = self.b.as_mut() {
            b.close(at);
        }
    }

    fn copy_key(&mut self, f: usize, id: NodeId) {
        let shift = self.files.list[f].base;
        if let (Some(b), Some(t)) = (self.b.as_mut(), self.files.tree(f)) {
            b.set_shift(shift);
            b.copy_key(t, id);
        }
    }

    fn new_key(&mut self, key: &str, span: (usize, usize)) {
        if let Some(b) = self.b.as_mut() {
            b.new_key(key, span);
        }
    }

    fn new_str(&mut self, text: &str, span: (usize, usize)) {
        if let Some(b) = self.b.as_mut() {
            b.new_scalar(Kind::Str, text, span);
        }
    }

    /// Writes node `id` of file `f`, read in `ctx`, as the next value.
    fn value(&mut self, f: usize, id: NodeId, ctx: Pos) {
        let node = self.tree(f).node(id).clone();
        if self.depth >= MAX_DEPTH {
            let span = self.span(f, id);
            if let Some(b) = self.b.as_mut() {
                b.new_scalar(Kind::Null, "null", span);
            }
            return;
        }
        self.depth += 1;
        match node.kind {
            Kind::Alias => {
                let target = crate::tree::deref_id(self.tree(f), id);
                // The dry pass walks what an alias names once (an alias bomb is not expanded).
                if self.dry() && !self.walked.insert((f, target)) {
                    self.depth -= 1;
                    return;
                }
                match self.copies.get(&(f, target)).copied() {
                    Some(copy) => {
                        let span = self.span(f, id);
                        if let Some(b) = self.b.as_mut() {
                            b.alias(copy, span);
                        }
                    }
                    None if target != id => self.value(f, target, ctx),
                    None => {}
                }
            }
            Kind::Map => self.map(f, id, ctx),
            Kind::Seq => {
                let (start, end) = self.span(f, id);
                let new = self.open(Kind::Seq, start);
                self.note(f, id, new);
                for c in self.children(f, id) {
                    self.value(f, c, item(ctx));
                }
                self.close(end);
            }
            _ => {
                let shift = self.files.list[f].base;
                let mut new = NONE;
                if let (Some(b), Some(t)) = (self.b.as_mut(), self.files.tree(f)) {
                    b.set_shift(shift);
                    new = b.copy_scalar(t, id);
                }
                self.note(f, id, new);
            }
        }
        self.depth -= 1;
    }

    fn map(&mut self, f: usize, id: NodeId, ctx: Pos) {
        let reference = NodeRef::new(self.tree(f), id).get("$ref").and_then(|r| r.as_str()).map(str::to_string);
        let mut rewritten = None;
        if let Some(r) = reference.filter(|r| f != 0 || !r.starts_with('#')) {
            match self.reference(f, id, ctx, &r) {
                Followed::Done => return,
                Followed::Rewrite(to) => rewritten = Some(to),
                Followed::Keep => {}
            }
        }
        let (start, end) = self.span(f, id);
        let new = self.open(Kind::Map, start);
        self.note(f, id, new);
        for c in self.children(f, id) {
            let key = self.tree(f).key_of(c).to_string();
            if key == "$ref"
                && let Some(to) = &rewritten
            {
                self.copy_key(f, c);
                let span = self.span(f, c);
                self.new_str(to, span);
                continue;
            }
            if ctx == Pos::RootSchemas && f == 0 && self.declared_entry(c, &key) {
                continue;
            }
            // The definitions a schema of another file carries: the ones referenced are named
            // among the document's own; the block itself is not a schema keyword.
            if ctx == Pos::Schema && f != 0 && matches!(key.as_str(), "definitions" | "$defs") {
                continue;
            }
            self.copy_key(f, c);
            self.value(f, c, child(ctx, &key, self.swagger));
        }
        if f == 0 && ctx == Pos::RootSchemas {
            self.named_schemas();
        }
        if f == 0 && ctx == Pos::Components && NodeRef::new(self.tree(0), id).get("schemas").is_none() {
            self.schemas_entry(end);
        }
        if f == 0 && ctx == Pos::Root {
            let root = NodeRef::new(self.tree(0), id);
            let missing =
                if self.swagger { root.get("definitions").is_none() } else { root.get("components").is_none() };
            if missing {
                self.components_entry(end);
            }
        }
        let sources: Vec<(NodeId, (u32, u32))> =
            self.tree(f).merge_sources(id).iter().map(|s| (s.node, s.via)).collect();
        for (node, via) in sources {
            if let (Some(&copy), Some(b)) = (self.copies.get(&(f, node)), self.b.as_mut()) {
                let base = self.files.list[f].base as usize;
                let via = (via.0 as usize + base, via.1 as usize + base);
                b.merge_key(via);
                b.alias(copy, via);
            }
        }
        self.close(end);
    }

    /// A root `components.schemas` entry `name: {$ref: file}` that names a schema of another
    /// file: that schema is written here instead. Returns whether the entry was written.
    fn declared_entry(&mut self, c: NodeId, name: &str) -> bool {
        let Some(reference) = NodeRef::new(self.tree(0), c).get("$ref").and_then(|r| r.as_str()).map(str::to_string)
        else {
            return false;
        };
        if reference.starts_with('#') {
            return false;
        }
        let Ok(t) = self.files.resolve(0, &reference) else { return false };
        if !self.declared.contains(&t) || self.names.get(&t).map(String::as_str) != Some(name) {
            return false;
        }
        self.copy_key(0, c);
        self.target_schema(&t);
        true
    }

    /// The schemas of other files the root does not name itself, at the end of the root's
    /// `components.schemas` (`definitions`).
    fn named_schemas(&mut self) {
        if self.dry() {
            // The dry pass walks every named schema once, after the root (see `run`).
            return;
        }
        let extra: Vec<Target> = self.order.iter().filter(|t| !self.declared.contains(t)).cloned().collect();
        for t in extra {
            let name = self.names.get(&t).cloned().unwrap_or_default();
            let at = self.target_node(&t).map_or((0, 0), |n| self.key_span(t.file, n));
            self.new_key(&name, at);
            self.target_schema(&t);
        }
    }

    /// `schemas:` at the end of a `components` without one, when other files bring schemas.
    fn schemas_entry(&mut self, end: usize) {
        if self.dry() || self.order.iter().all(|t| self.declared.contains(t)) {
            return;
        }
        self.new_key("schemas", (end, end));
        self.open(Kind::Map, end);
        self.named_schemas();
        self.close(end);
    }

    /// `components: {schemas: …}` (`definitions: …`) at the end of a root without one.
    fn components_entry(&mut self, end: usize) {
        if self.dry() || self.order.iter().all(|t| self.declared.contains(t)) {
            return;
        }
        if self.swagger {
            self.new_key("definitions", (end, end));
            self.open(Kind::Map, end);
            self.named_schemas();
            self.close(end);
        } else {
            self.new_key("components", (end, end));
            self.open(Kind::Map, end);
            self.schemas_entry(end);
            self.close(end);
        }
    }

    /// The node a target names, if it exists.
    fn target_node(&self, t: &Target) -> Option<NodeId> {
        let tree = self.files.tree(t.file)?;
        let ptr = Pointer::from_escaped(t.fragment.as_str());
        tree.locate(&ptr).filter(|l| l.exact).map(|l| l.node)
    }

    /// Writes the schema a target names.
    fn target_schema(&mut self, t: &Target) {
        match self.target_node(t) {
            Some(n) => self.value(t.file, n, Pos::Schema),
            None => {
                let o = self.open(Kind::Map, 0);
                let _ = o;
                self.close(0);
            }
        }
    }

    /// What a `$ref` (in file `f`, in the mapping `id`) becomes.
    fn reference(&mut self, f: usize, id: NodeId, ctx: Pos, reference: &str) -> Followed {
        let value = NodeRef::new(self.tree(f), id).get("$ref").map(|r| r.id()).unwrap_or(id);
        let at = self.span(f, value);
        let target = match self.files.resolve(f, reference) {
            Ok(t) => t,
            Err(why) => {
                self.report(Code::ExternalRef, why, at, "not followed");
                return Followed::Keep;
            }
        };
        if self.target_node(&target).is_none() {
            let name = &self.files.list[target.file].name;
            let message = format!("`{reference}` names nothing in `{name}`");
            self.report(Code::UnresolvedRef, message, at, "no such place");
            return Followed::Keep;
        }
        let prefix = if self.swagger { "#/definitions/" } else { "#/components/schemas/" };
        if target.file == 0 {
            // Back into the root document: an internal reference there.
            return Followed::Rewrite(format!("#{}", target.fragment));
        }
        if ctx == Pos::Schema {
            let name = self.name(&target);
            return Followed::Rewrite(format!("{prefix}{}", escape(&name)));
        }
        if self.inlining.contains(&target) {
            let message = format!("`{reference}` leads back to a part that is being written in place (a cycle)");
            self.report(Code::UnresolvedRef, message, at, "the cycle closes here");
            return Followed::Keep;
        }
        let Some(node) = self.target_node(&target) else { return Followed::Keep };
        self.inlining.push(target.clone());
        self.value(target.file, node, ctx);
        self.inlining.pop();
        Followed::Done
    }

    /// The name of a schema of another file: the one the root gives it, else the fragment's last
    /// segment or the file's stem, made unique.
    fn name(&mut self, t: &Target) -> String {
        if let Some(n) = self.names.get(t) {
            return n.clone();
        }
        let stem = {
            let last = t.fragment.rsplit('/').next().filter(|s| !s.is_empty());
            let file = self.files.list[t.file].path.rsplit('/').next().unwrap_or("schema");
            let file = file.split('.').next().unwrap_or(file);
            let raw = last.map_or_else(|| file.to_string(), |s| s.replace("~1", "/").replace("~0", "~"));
            let clean: String = raw
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
                .collect();
            if clean.is_empty() { "schema".to_string() } else { clean }
        };
        let mut name = stem.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{stem}-{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        self.names.insert(t.clone(), name.clone());
        self.order.push(t.clone());
        name
    }

    fn report(&mut self, code: Code, message: String, at: (usize, usize), label: &str) {
        if self.dry() {
            let help = if code == Code::ExternalRef {
                "gatewright bundles references to files inside the root document's folder; put the part there, or write it in place"
            } else {
                "point the reference at a part that exists and is not being written in place already"
            };
            self.found.push(Diagnostic::new(code, message).at_span(at.0..at.1, label).help(help));
        }
    }
}

/// What became of a reference.
enum Followed {
    /// Written in place.
    Done,
    /// Kept, as this internal reference.
    Rewrite(String),
    /// Kept as written (not followed: reported).
    Keep,
}

/// A schema name as a JSON pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}
