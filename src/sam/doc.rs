//! A document the SAM transform builds, every node placed on a span of the template: nodes
//! copied from a `DefinitionBody` keep their own spans, nodes SAM writes sit on the property that
//! made them (an event's `Path`, the `Auth` block). Written out as a span tree over the
//! template's text ([`Doc::to_tree`]), so the analysis of any body reports where to look.

use crate::tree::{Builder, Kind, NodeRef, Tree};
use std::sync::Arc;

/// A byte span of the template.
pub(crate) type Span = (usize, usize);

/// What a node holds.
#[derive(Clone, Debug)]
pub(crate) enum V {
    Map(Vec<(String, Span, Doc)>),
    Seq(Vec<Doc>),
    Scalar(Kind, String),
}

/// One node and where it is written (or what wrote it).
#[derive(Clone, Debug)]
pub(crate) struct Doc {
    pub(crate) v: V,
    pub(crate) at: Span,
}

/// Nesting past which a copied body is cut (an alias may lead back to its own ancestor).
const MAX_DEPTH: usize = 200;

impl Doc {
    pub(crate) fn map(at: Span) -> Doc {
        Doc { v: V::Map(Vec::new()), at }
    }

    pub(crate) fn seq(items: Vec<Doc>, at: Span) -> Doc {
        Doc { v: V::Seq(items), at }
    }

    pub(crate) fn str(s: &str, at: Span) -> Doc {
        Doc { v: V::Scalar(Kind::Str, s.to_string()), at }
    }

    pub(crate) fn bool(b: bool, at: Span) -> Doc {
        Doc { v: V::Scalar(Kind::Bool, b.to_string()), at }
    }

    /// `{key: value}`.
    pub(crate) fn one(key: &str, value: Doc, at: Span) -> Doc {
        let mut d = Doc::map(at);
        d.set(key, at, value);
        d
    }

    /// A node of the template, copied with its spans.
    pub(crate) fn from_node(n: NodeRef<'_>) -> Doc {
        copy(n, 0)
    }

    pub(crate) fn str_value(&self) -> Option<&str> {
        match &self.v {
            V::Scalar(Kind::Str, s) => Some(s),
            _ => None,
        }
    }

    /// Whether a value is what Python reads as true (a non-empty collection or string, `true`, a
    /// non-zero number).
    pub(crate) fn truthy(&self) -> bool {
        match &self.v {
            V::Map(m) => !m.is_empty(),
            V::Seq(i) => !i.is_empty(),
            V::Scalar(Kind::Null, _) => false,
            V::Scalar(Kind::Bool, t) => t == "true",
            V::Scalar(Kind::Int | Kind::Float, t) => t.parse::<f64>().is_ok_and(|n| n != 0.0),
            V::Scalar(_, t) => !t.is_empty(),
        }
    }

    /// Whether this is the boolean `true` (Python's `is True`).
    pub(crate) fn is_true(&self) -> bool {
        matches!(&self.v, V::Scalar(Kind::Bool, t) if t == "true")
    }

    /// Whether this is null (Python's `None`).
    pub(crate) fn is_null(&self) -> bool {
        matches!(self.v, V::Scalar(Kind::Null, _))
    }

    pub(crate) fn is_map(&self) -> bool {
        matches!(self.v, V::Map(_))
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Doc> {
        match &self.v {
            V::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut Doc> {
        match &mut self.v {
            V::Map(entries) => entries.iter_mut().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// The keys of a mapping, in order.
    pub(crate) fn keys(&self) -> Vec<String> {
        match &self.v {
            V::Map(entries) => entries.iter().map(|(k, _, _)| k.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// Sets `key` (in place when it is there, else last); nothing when this is no mapping.
    pub(crate) fn set(&mut self, key: &str, at: Span, value: Doc) {
        if let V::Map(entries) = &mut self.v {
            match entries.iter_mut().find(|(k, _, _)| k == key) {
                Some(e) => e.2 = value,
                None => entries.push((key.to_string(), at, value)),
            }
        }
    }

    /// Removes `key`, returning its key span and value.
    pub(crate) fn remove(&mut self, key: &str) -> Option<(Span, Doc)> {
        let V::Map(entries) = &mut self.v else { return None };
        let i = entries.iter().position(|(k, _, _)| k == key)?;
        let (_, at, v) = entries.remove(i);
        Some((at, v))
    }

    /// The value of `key`, made an empty mapping at `at` when it is not there (`setdefault`).
    pub(crate) fn entry(&mut self, key: &str, at: Span) -> Option<&mut Doc> {
        if self.get(key).is_none() {
            self.set(key, at, Doc::map(at));
        }
        self.get_mut(key)
    }

    /// The span tree of this document over the template's text `src`.
    pub(crate) fn to_tree(&self, src: &Arc<str>) -> Tree {
        let mut b = Builder::new(src, 64);
        self.write(&mut b);
        b.finish()
    }

    /// Writes this document as the next node of `b`.
    pub(crate) fn write(&self, b: &mut Builder) {
        match &self.v {
            V::Scalar(kind, text) => {
                b.new_scalar(*kind, text, self.at);
            }
            V::Map(entries) => {
                b.open(Kind::Map, self.at.0);
                for (k, at, v) in entries {
                    b.new_key(k, *at);
                    v.write(b);
                }
                b.close(self.at.1);
            }
            V::Seq(items) => {
                b.open(Kind::Seq, self.at.0);
                for v in items {
                    v.write(b);
                }
                b.close(self.at.1);
            }
        }
    }
}

fn copy(n: NodeRef<'_>, depth: usize) -> Doc {
    let span = n.span();
    let at = (span.start, span.end);
    if depth > MAX_DEPTH {
        return Doc { v: V::Scalar(Kind::Null, String::new()), at };
    }
    // SAM's YAML reader writes `!GetAtt A.Arn` as `[A, Arn]`.
    if let Some(text) = n.get("Fn::GetAtt").filter(|_| n.len() == 1).and_then(|g| g.as_str())
        && let Some((a, b)) = text.split_once('.')
    {
        let g = n.get("Fn::GetAtt").map_or(at, |g| (g.span().start, g.span().end));
        let list = Doc::seq(vec![Doc::str(a, g), Doc::str(b, g)], g);
        return Doc::one("Fn::GetAtt", list, at);
    }
    if n.is_map() {
        let t = n.tree();
        let entries = n
            .entries()
            .into_iter()
            .map(|(k, v)| {
                let ks = t.key_span(v.id()).map_or(at, |s| (s.start, s.end));
                (k.to_string(), ks, copy(v, depth + 1))
            })
            .collect();
        return Doc { v: V::Map(entries), at };
    }
    if n.is_seq() {
        return Doc { v: V::Seq(n.items().map(|i| copy(i, depth + 1)).collect()), at };
    }
    Doc { v: V::Scalar(n.kind(), n.scalar_text().unwrap_or("").to_string()), at }
}

/// A value as Python prints it, for SAM's messages that show one (`{'Ref': 'MyAuth'}`).
pub(crate) fn python(d: &Doc) -> String {
    match &d.v {
        V::Map(entries) => {
            let parts: Vec<String> = entries.iter().map(|(k, _, v)| format!("'{k}': {}", python(v))).collect();
            format!("{{{}}}", parts.join(", "))
        }
        V::Seq(items) => format!("[{}]", items.iter().map(python).collect::<Vec<_>>().join(", ")),
        V::Scalar(Kind::Str, t) => format!("'{t}'"),
        V::Scalar(Kind::Bool, t) => if t == "true" { "True" } else { "False" }.to_string(),
        V::Scalar(Kind::Null, _) => "None".to_string(),
        V::Scalar(_, t) => t.clone(),
    }
}
