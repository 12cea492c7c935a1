//! A subtree re-rooted as a document of its own, over the same source: the `Body` of a
//! CloudFormation resource analysed as the OpenAPI document it is. Every copied node keeps its
//! span, so every pointer the analysis reports resolves to the place in the template where it
//! is written, with no offset arithmetic and no second parse.

use super::{Builder, Kind, NONE, NodeId, Tree};

/// Nesting past which copies are cut (an alias may lead back to its own ancestor).
const MAX_DEPTH: u32 = 600;

impl Tree {
    /// The node `id` and everything under it as a tree of its own over the same source. An
    /// alias to an anchor inside the subtree stays an alias; one to an anchor outside it gets a
    /// copy of that anchor at its first use and is an alias of that copy afterwards, so each
    /// node is copied at most once: linear in the subtree plus what it names. Duplicate keys are
    /// not carried over (the source's own tree reports them once).
    pub fn subtree(&self, id: NodeId) -> Tree {
        self.subtree_with(id, None)
    }

    /// [`Tree::subtree`], with `extra` writing entries (key, value) at the end of its root
    /// mapping: what a template says of the API beside its body (its usage plans).
    pub(crate) fn subtree_with(&self, id: NodeId, extra: Option<&dyn Fn(&mut Builder)>) -> Tree {
        let mut c =
            Copy { t: self, b: Builder::new(&self.src, 64), copies: vec![NONE; self.nodes.len()], depth: 0, extra };
        if (id as usize) < self.nodes.len() {
            c.value(id);
        }
        let mut out = c.b.finish();
        out.duplicates.clear();
        out
    }
}

struct Copy<'a> {
    t: &'a Tree,
    b: Builder,
    /// The copy of each node of `t` copied so far.
    copies: Vec<NodeId>,
    depth: u32,
    /// Entries for the root mapping, written once.
    extra: Option<&'a dyn Fn(&mut Builder)>,
}

impl Copy<'_> {
    fn value(&mut self, id: NodeId) {
        let n = self.t.node(id);
        let span = (n.span.0 as usize, n.span.1 as usize);
        if n.kind == Kind::Alias {
            let target = super::deref_id(self.t, id);
            match self.copies.get(target as usize).copied() {
                Some(copy) if copy != NONE => {
                    self.b.alias(copy, span);
                }
                _ if target == id || self.depth >= MAX_DEPTH => {
                    self.b.scalar(Kind::Null, self.b.raw(span.0, span.0), (span.0, span.0));
                }
                _ => {
                    self.depth += 1;
                    self.value(target);
                    self.depth -= 1;
                }
            }
            return;
        }
        if self.depth >= MAX_DEPTH {
            self.b.scalar(Kind::Null, self.b.raw(span.0, span.0), (span.0, span.0));
            return;
        }
        let new = match n.kind {
            Kind::Map | Kind::Seq => {
                let new = self.b.open(n.kind, span.0);
                self.copies[id as usize] = new;
                self.depth += 1;
                let mut c = n.first;
                while c != NONE {
                    if n.kind == Kind::Map {
                        self.b.copy_key(self.t, c);
                    }
                    self.value(c);
                    c = self.t.node(c).next;
                }
                for s in self.t.merge_sources(id).to_vec() {
                    let via = (s.via.0 as usize, s.via.1 as usize);
                    self.b.merge_key(via);
                    match self.copies.get(s.node as usize).copied().filter(|&c| c != NONE) {
                        Some(copy) => {
                            self.b.alias(copy, via);
                        }
                        None => self.value(s.node),
                    }
                }
                self.depth -= 1;
                if self.depth == 0
                    && n.kind == Kind::Map
                    && let Some(extra) = self.extra.take()
                {
                    extra(&mut self.b);
                }
                self.b.close(span.1);
                new
            }
            _ => self.b.copy_scalar(self.t, id),
        };
        self.copies[id as usize] = new;
    }
}

#[cfg(test)]
mod tests {
    use crate::pointer::Pointer;
    use crate::source::Format;

    #[test]
    fn a_subtree_keeps_its_spans_and_follows_aliases_outward() {
        let src: std::sync::Arc<str> = std::sync::Arc::from(
            "shared: &s {type: aws_proxy}\nResources:\n  Api:\n    Body:\n      openapi: 3.0.1\n      paths:\n        /a: {get: {x-amazon-apigateway-integration: *s}}\n        /b: {get: {x-amazon-apigateway-integration: *s}}\n      base: &b {x: 1}\n      more: {<<: *b, y: 2}\n",
        );
        let tree = super::super::parse(&src, Format::Yaml).unwrap();
        let body = tree.locate(&Pointer::from_escaped("/Resources/Api/Body")).unwrap().node;
        let sub = tree.subtree(body);
        let root = sub.root().unwrap();
        assert_eq!(root.get("openapi").unwrap().scalar_text(), Some("3.0.1"));
        let at = sub.locate(&Pointer::from_escaped("/openapi")).unwrap().node;
        assert_eq!(&src[sub.span(at)], "3.0.1");
        assert_eq!(&src[sub.key_span(at).unwrap()], "openapi");
        // The anchor outside the body is copied once; both uses read it.
        for p in [
            "/paths/~1a/get/x-amazon-apigateway-integration/type",
            "/paths/~1b/get/x-amazon-apigateway-integration/type",
        ] {
            let n = crate::tree::NodeRef::new(&sub, sub.locate(&Pointer::from_escaped(p)).unwrap().node);
            assert_eq!(n.scalar_text(), Some("aws_proxy"), "{p}");
        }
        let more = root.get("more").unwrap();
        assert_eq!(more.get("x").and_then(|x| x.scalar_text()), Some("1"), "merges are kept");
        assert_eq!(more.get("y").and_then(|x| x.scalar_text()), Some("2"));
    }
}
