//! One 3.1 Schema Object as OpenAPI 3.0 writes it.
//!
//! - `type: [T, "null"]`, and `anyOf`/`oneOf` of `X` and `{type: "null"}`, become `X` with
//!   `nullable: true` (an inline `X` is written in place; a `$ref`, or an `X` whose keywords the
//!   schema already has, goes into `allOf: [X]`); a `type` list of several types becomes `anyOf` of
//!   one `type` each; `type: "null"` alone becomes `nullable: true, enum: [null]`.
//! - `const: v` becomes `enum: [v]`; an `enum` or `const` holding `null` adds `nullable: true`.
//! - Numeric `exclusiveMinimum`/`exclusiveMaximum` become `minimum`/`maximum` with the boolean
//!   (the stricter bound wins when both are given).
//! - `examples` becomes `example` (its first item); `contentEncoding: base64` becomes
//!   `format: byte`, `contentMediaType` without an encoding `format: binary`.
//! - A `$ref` with keywords beside it (3.1 reads them, 3.0 ignores them) becomes
//!   `allOf: [{$ref}]` and those keywords; with annotations only beside it, a bare `$ref`.
//! - Boolean schemas: `true` is `{}`, `false` is `{not: {}}`.
//! - Identifiers and annotations 3.0 lacks (`$schema`, `$id`, `$comment`, …) are dropped; keywords
//!   with no 3.0 meaning (`if`, `prefixItems`, `patternProperties`, …) are dropped with GW014.

use super::Conv;
use super::keywords::{ANNOTATIONS, SILENT, lost};
use crate::positions::Pos;
use crate::tree::{Kind, NodeId, NodeRef};

/// A bound of `minimum`/`exclusiveMinimum` or `maximum`/`exclusiveMaximum`.
struct Bound {
    inclusive: &'static str,
    exclusive: &'static str,
    /// Whether a larger number is the stricter bound.
    lower: bool,
}

const BOUNDS: [Bound; 2] = [
    Bound { inclusive: "minimum", exclusive: "exclusiveMinimum", lower: true },
    Bound { inclusive: "maximum", exclusive: "exclusiveMaximum", lower: false },
];

/// What the entries of one schema mapping come to, decided before any is written.
struct Plan {
    /// `$ref` with keywords beside it that 3.0 would ignore: wrapped in `allOf`.
    wrap_ref: bool,
    /// `$ref` with annotations only beside it: written alone.
    bare_ref: bool,
    /// `anyOf` or `oneOf` with a `{type: "null"}` member.
    nullable_of: Option<&'static str>,
    /// The inclusive bounds a numeric exclusive one replaces.
    replaced: Vec<&'static str>,
    /// `nullable: true` is written already.
    nullable_done: bool,
}

impl Conv<'_> {
    /// A schema (or a boolean schema) at `id`.
    pub(super) fn schema(&mut self, id: NodeId) {
        let n = self.t.node(id);
        let span = self.span(id);
        match n.kind {
            Kind::Map => {
                let new = self.b.open(Kind::Map, span.0);
                self.note(id, new);
                self.schema_entries(id);
                self.merges(id);
                self.b.close(span.1);
            }
            Kind::Bool => {
                let new = self.b.open(Kind::Map, span.0);
                self.note(id, new);
                if self.t.scalar_of(id) == "false" {
                    self.b.new_key("not", span);
                    self.b.open(Kind::Map, span.0);
                    self.b.close(span.1);
                }
                self.b.close(span.1);
            }
            _ => self.value(id, Pos::Other),
        }
    }

    /// Writes the converted entries of schema mapping `id` into the open mapping.
    fn schema_entries(&mut self, id: NodeId) {
        let mut plan = self.plan(id);
        if plan.bare_ref {
            for c in self.children(id) {
                let key = self.t.key_of(c);
                if key == "$ref" {
                    self.b.copy_key(self.t, c);
                    self.value(c, Pos::Other);
                } else if let Some(what) = lost(key) {
                    self.dropped(c, key, what);
                }
            }
            return;
        }
        for c in self.children(id) {
            self.schema_entry(id, c, &mut plan);
        }
    }

    fn plan(&self, id: NodeId) -> Plan {
        let node = NodeRef::new(self.t, id);
        let own: Vec<&str> = self.children(id).into_iter().map(|c| self.t.key_of(c)).collect();
        let has_ref = own.contains(&"$ref");
        let significant = own.iter().any(|k| {
            *k != "$ref" && !ANNOTATIONS.contains(k) && !SILENT.contains(k) && lost(k).is_none() && !k.starts_with("x-")
        });
        let nullable_of = ["anyOf", "oneOf"].into_iter().find(|k| {
            own.contains(k) && node.get(k).is_some_and(|s| s.is_seq() && s.items().any(|i| is_null_schema(&i)))
        });
        let replaced = BOUNDS
            .iter()
            .filter(|b| {
                let Some(excl) = node.get(b.exclusive).and_then(|v| number(&v)) else { return false };
                match node.get(b.inclusive).and_then(|v| number(&v)) {
                    // The inclusive bound stays only where it is the stricter one.
                    Some(incl) => !(if b.lower { incl > excl } else { incl < excl }),
                    None => true,
                }
            })
            .map(|b| b.inclusive)
            .collect();
        Plan {
            wrap_ref: has_ref && significant,
            bare_ref: has_ref && !significant,
            nullable_of,
            replaced,
            nullable_done: false,
        }
    }

    /// One entry `c` of schema `id`.
    fn schema_entry(&mut self, id: NodeId, c: NodeId, plan: &mut Plan) {
        let key = self.t.key_of(c);
        let node = NodeRef::new(self.t, id);
        let value = NodeRef::new(self.t, c);
        match key {
            "$ref" if plan.wrap_ref => {
                if node.get("allOf").is_none() {
                    self.b.new_key("allOf", self.key_span(c));
                    self.ref_list(c, None);
                }
            }
            "allOf" if plan.wrap_ref && value.is_seq() => {
                self.b.copy_key(self.t, c);
                let r = self.children(id).into_iter().find(|&k| self.t.key_of(k) == "$ref");
                match r {
                    Some(r) => self.ref_list(r, Some(c)),
                    None => self.value(c, Pos::SchemaList),
                }
            }
            "type" => self.type_entry(id, c, plan),
            k if Some(k) == plan.nullable_of => self.nullable_of(id, c, plan),
            "allOf" | "anyOf" | "oneOf" => {
                self.b.copy_key(self.t, c);
                self.value(c, Pos::SchemaList);
            }
            "not" | "items" => {
                self.b.copy_key(self.t, c);
                self.value(c, Pos::Schema);
            }
            "additionalProperties" => {
                self.b.copy_key(self.t, c);
                let ctx = if value.kind() == Kind::Map { Pos::Schema } else { Pos::Other };
                self.value(c, ctx);
            }
            "properties" => {
                self.b.copy_key(self.t, c);
                self.value(c, Pos::SchemaMap);
            }
            "const" => {
                if node.get("enum").is_none() {
                    self.b.new_key("enum", self.key_span(c));
                    let span = self.span(c);
                    self.b.open(Kind::Seq, span.0);
                    self.value(c, Pos::Other);
                    self.b.close(span.1);
                }
                if value.kind() == Kind::Null {
                    self.nullable(c, plan);
                }
            }
            "enum" => {
                self.b.copy_key(self.t, c);
                self.value(c, Pos::Other);
                if value.items().any(|i| i.kind() == Kind::Null) {
                    self.nullable(c, plan);
                }
            }
            "minimum" | "maximum" if plan.replaced.contains(&key) => {}
            "exclusiveMinimum" | "exclusiveMaximum" if number(&value).is_some() => {
                let Some(b) = BOUNDS.iter().find(|b| b.exclusive == key) else { return };
                if plan.replaced.contains(&b.inclusive) {
                    let ks = self.key_span(c);
                    self.b.new_key(b.inclusive, ks);
                    self.value(c, Pos::Other);
                    self.b.copy_key(self.t, c);
                    self.b.new_scalar(Kind::Bool, "true", self.span(c));
                }
            }
            "examples" => {
                if let (None, Some(first)) = (node.get("example"), value.items().next()) {
                    self.b.new_key("example", self.key_span(c));
                    let first = self.items_of(c).first().copied().unwrap_or(first.id());
                    self.value(first, Pos::Other);
                }
            }
            "contentEncoding" => {
                let base64 = matches!(value.as_str(), Some("base64" | "base64url"));
                if base64 && node.get("format").is_none() {
                    self.b.new_key("format", self.key_span(c));
                    self.b.new_scalar(Kind::Str, "byte", self.span(c));
                }
            }
            "contentMediaType" => {
                if node.get("format").is_none() && node.get("contentEncoding").is_none() {
                    self.b.new_key("format", self.key_span(c));
                    self.b.new_scalar(Kind::Str, "binary", self.span(c));
                }
            }
            k if SILENT.contains(&k) => {}
            k => match lost(k) {
                Some(what) => self.dropped(c, k, what),
                None => {
                    self.b.copy_key(self.t, c);
                    self.value(c, Pos::Other);
                }
            },
        }
    }

    /// `allOf: [{$ref: …}, …the items of `all`]`, the reference entry `r` first.
    fn ref_list(&mut self, r: NodeId, all: Option<NodeId>) {
        let span = all.map_or_else(|| self.span(r), |a| self.span(a));
        let new = self.b.open(Kind::Seq, span.0);
        if let Some(a) = all {
            self.note(a, new);
        }
        let rs = self.key_span(r);
        self.b.open(Kind::Map, rs.0);
        self.b.copy_key(self.t, r);
        self.value(r, Pos::Other);
        self.b.close(self.span(r).1);
        if let Some(a) = all {
            for item in self.items_of(a) {
                self.value(item, Pos::Schema);
            }
        }
        self.b.close(span.1);
    }

    /// `type`: a list with `"null"` in it, several types, or `"null"` alone.
    fn type_entry(&mut self, id: NodeId, c: NodeId, plan: &mut Plan) {
        let value = NodeRef::new(self.t, c);
        if value.as_str() == Some("null") {
            self.only_null(c, plan);
            return;
        }
        if !value.is_seq() {
            self.b.copy_key(self.t, c);
            self.value(c, Pos::Other);
            return;
        }
        let items: Vec<NodeId> = self.items_of(c);
        let null = items.iter().any(|&i| NodeRef::new(self.t, i).as_str() == Some("null"));
        let types: Vec<NodeId> =
            items.into_iter().filter(|&i| NodeRef::new(self.t, i).as_str() != Some("null")).collect();
        match types.as_slice() {
            [] => self.only_null(c, plan),
            [one] => {
                self.b.copy_key(self.t, c);
                self.value(*one, Pos::Other);
                if null {
                    self.nullable(c, plan);
                }
            }
            several => {
                let schema = NodeRef::new(self.t, id);
                if schema.get("anyOf").is_some() || schema.get("oneOf").is_some() {
                    self.dropped(c, "type", "the list of types beside `anyOf`");
                    return;
                }
                let ks = self.key_span(c);
                self.b.new_key("anyOf", ks);
                let span = self.span(c);
                self.b.open(Kind::Seq, span.0);
                for &t in several {
                    let ts = self.span(t);
                    self.b.open(Kind::Map, ts.0);
                    self.b.new_key("type", ts);
                    self.value(t, Pos::Other);
                    self.b.close(ts.1);
                }
                self.b.close(span.1);
                if null {
                    self.nullable(c, plan);
                }
            }
        }
    }

    /// Only `null` is allowed: `nullable: true` and `enum: [null]`.
    fn only_null(&mut self, c: NodeId, plan: &mut Plan) {
        self.nullable(c, plan);
        let (ks, span) = (self.key_span(c), self.span(c));
        self.b.new_key("enum", ks);
        self.b.open(Kind::Seq, span.0);
        self.b.new_scalar(Kind::Null, "null", span);
        self.b.close(span.1);
    }

    /// `nullable: true`, once per schema, placed on entry `c`.
    fn nullable(&mut self, c: NodeId, plan: &mut Plan) {
        if !plan.nullable_done {
            plan.nullable_done = true;
            self.b.new_key("nullable", self.key_span(c));
            self.b.new_scalar(Kind::Bool, "true", self.span(c));
        }
    }

    /// `anyOf`/`oneOf` (entry `c` of schema `id`) with `{type: "null"}` among its members.
    fn nullable_of(&mut self, id: NodeId, c: NodeId, plan: &mut Plan) {
        let members: Vec<NodeId> =
            self.items_of(c).into_iter().filter(|&m| !is_null_schema(&NodeRef::new(self.t, m))).collect();
        match members.as_slice() {
            [] => self.only_null(c, plan),
            [one] => {
                let member = NodeRef::new(self.t, *one);
                let own: Vec<&str> = self.children(id).into_iter().map(|k| self.t.key_of(k)).collect();
                let key = self.t.key_of(c);
                let inline = member.is_map()
                    && member.get("$ref").is_none()
                    && self.t.merge_sources(member.id()).is_empty()
                    && member
                        .entries()
                        .iter()
                        .all(|(k, _)| *k == "nullable" || !own.iter().any(|o| o != &key && o == k));
                if inline {
                    let mut inner = self.plan(member.id());
                    inner.nullable_done = plan.nullable_done;
                    for m in self.children(member.id()) {
                        self.schema_entry(member.id(), m, &mut inner);
                    }
                    plan.nullable_done = inner.nullable_done;
                    self.nullable(c, plan);
                    return;
                }
                // `allOf: [X]` beside the schema's other keywords; `anyOf: [X]` where the schema
                // has an `allOf` of its own.
                let wrapper = if own.contains(&"allOf") { key } else { "allOf" };
                self.b.new_key(wrapper, self.key_span(c));
                let span = self.span(c);
                self.b.open(Kind::Seq, span.0);
                self.value(*one, Pos::Schema);
                self.b.close(span.1);
                self.nullable(c, plan);
            }
            several => {
                self.b.copy_key(self.t, c);
                let span = self.span(c);
                let new = self.b.open(Kind::Seq, span.0);
                self.note(c, new);
                for &m in several {
                    self.value(m, Pos::Schema);
                }
                self.b.close(span.1);
                self.nullable(c, plan);
            }
        }
    }
}

/// `{type: "null"}`, with annotations at most.
fn is_null_schema(n: &NodeRef<'_>) -> bool {
    n.is_map()
        && n.get("type").and_then(|t| t.as_str()) == Some("null")
        && n.entries().iter().all(|(k, _)| *k == "type" || ANNOTATIONS.contains(k) || SILENT.contains(k))
}

/// A number's value.
fn number(n: &NodeRef<'_>) -> Option<f64> {
    matches!(n.kind(), Kind::Int | Kind::Float).then(|| n.text().parse::<f64>().ok()).flatten()
}
