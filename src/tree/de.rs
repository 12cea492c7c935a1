//! A serde `Deserializer` over tree nodes: typed views (openapiv3 types, extension structs) are
//! decoded straight from the span tree, with the failing node's path kept in the error.
//!
//! Type-directed like a YAML loader should be: asking for a string from a number or boolean
//! gives its source text, so `version: 2.0` and `payloadFormatVersion: 1.0` read as `"2.0"` and
//! `"1.0"` exactly as written. Skipped fields cost nothing (the subtree is already built), and a
//! budget stops alias bombs from expanding without bound.

use super::{Kind, NodeId, NodeRef, Tree, is_intrinsic_key};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use std::cell::Cell;
use std::fmt;

const MAX_DEPTH: u16 = 256;

/// Newtype-struct name that `crate::value::Val` asks for, so the tree can say whether the node is
/// a CloudFormation intrinsic.
pub(crate) const VAL_NAME: &str = "$gatewright::Val";

/// A decoding failure: the message and the path from the decoded node to the failing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeError {
    /// What went wrong, in serde's words.
    pub(crate) message: String,
    /// Path segments, innermost first.
    path: Vec<String>,
}

impl DeError {
    /// The relative pointer (from the decoded node) of the node that failed.
    pub(crate) fn relative_pointer(&self) -> crate::pointer::Pointer {
        self.path.iter().rev().fold(crate::pointer::Pointer::root(), |p, s| p.child(s))
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError { message: msg.to_string(), path: Vec::new() }
    }
}

/// Decodes `T` from a node.
pub(crate) fn decode<'t, T: de::Deserialize<'t>>(node: NodeRef<'t>) -> Result<T, DeError> {
    let budget = Cell::new(node.tree().len().saturating_mul(4).saturating_add(100_000));
    T::deserialize(De { tree: node.tree(), id: node.id(), depth: 0, budget: &budget })
}

struct De<'t, 'b> {
    tree: &'t Tree,
    id: NodeId,
    depth: u16,
    budget: &'b Cell<usize>,
}

impl<'t, 'b> De<'t, 'b> {
    fn enter(&self) -> Result<NodeRef<'t>, DeError> {
        let left = self.budget.get();
        if left == 0 {
            return Err(de::Error::custom("the document expands to more nodes than it holds (alias bomb?)"));
        }
        self.budget.set(left - 1);
        if self.depth > MAX_DEPTH {
            return Err(de::Error::custom("nesting too deep (recursive alias?)"));
        }
        Ok(NodeRef::new(self.tree, self.id))
    }

    fn child(&self, id: NodeId) -> De<'t, 'b> {
        De { tree: self.tree, id, depth: self.depth + 1, budget: self.budget }
    }
}

fn parse_int(text: &str) -> Option<i128> {
    let (neg, t) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let v = if let Some(h) = t.strip_prefix("0x") {
        i128::from_str_radix(h, 16).ok()?
    } else if let Some(o) = t.strip_prefix("0o") {
        i128::from_str_radix(o, 8).ok()?
    } else {
        t.parse::<i128>().ok()?
    };
    Some(if neg { -v } else { v })
}

fn parse_float(text: &str) -> Option<f64> {
    match text.trim_start_matches('+') {
        ".inf" | ".Inf" | ".INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        t => t.parse().ok(),
    }
}

impl<'t> Deserializer<'t> for De<'t, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        let n = self.enter()?;
        let text = n.text();
        match n.kind() {
            Kind::Null => v.visit_unit(),
            Kind::Bool => v.visit_bool(n.as_bool().unwrap_or(false)),
            Kind::Int => match parse_int(text) {
                Some(i) if i >= 0 && i <= u64::MAX as i128 => v.visit_u64(i as u64),
                Some(i) if i >= i64::MIN as i128 && i < 0 => v.visit_i64(i as i64),
                _ => match parse_float(text) {
                    Some(f) => v.visit_f64(f),
                    None => v.visit_borrowed_str(text),
                },
            },
            // Non-finite YAML floats (`.nan`, `.inf`) are given as their text: JSON has no such
            // numbers, and openapiv3 re-parses failures through `serde_json::Value`, which would
            // read NaN as null and disagree with the first pass.
            Kind::Float => match parse_float(text) {
                Some(f) if f.is_finite() => v.visit_f64(f),
                _ => v.visit_borrowed_str(text),
            },
            Kind::Str => v.visit_borrowed_str(text),
            Kind::Map => v.visit_map(Entries { de: &self, entries: n.entries().into_iter(), key: None }),
            Kind::Seq => v.visit_seq(Items { de: &self, items: n.items(), index: 0 }),
            Kind::Alias => Err(de::Error::custom("alias to an unknown anchor")),
        }
    }

    fn deserialize_str<V: Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        let n = NodeRef::new(self.tree, self.id);
        match n.scalar_text() {
            Some(text) => {
                self.enter()?;
                v.visit_borrowed_str(text)
            }
            None => self.deserialize_any(v),
        }
    }

    fn deserialize_string<V: Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_identifier<V: Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        self.deserialize_str(v)
    }

    fn deserialize_option<V: Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        if NodeRef::new(self.tree, self.id).kind() == Kind::Null {
            self.enter()?;
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_ignored_any<V: Visitor<'t>>(self, v: V) -> Result<V::Value, DeError> {
        v.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'t>>(self, name: &'static str, v: V) -> Result<V::Value, DeError> {
        if name != VAL_NAME {
            return v.visit_newtype_struct(self);
        }
        let n = NodeRef::new(self.tree, self.id);
        let expr = n.is_map() && n.len() == 1 && n.entries().first().is_some_and(|(k, _)| is_intrinsic_key(k));
        v.visit_enum(ValAccess { de: self, expr })
    }

    fn deserialize_enum<V: Visitor<'t>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, DeError> {
        let n = self.enter()?;
        if let Some(text) = n.scalar_text() {
            return v.visit_enum(BorrowedStrDeserializer::<DeError>::new(text));
        }
        let entries = n.entries();
        match entries.as_slice() {
            [(key, value)] if n.is_map() => v.visit_enum(MapEnum { de: self.child(value.id()), key }),
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &"a string or a single-key mapping")),
        }
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'t>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct
    }
}

struct Entries<'a, 't, 'b> {
    de: &'a De<'t, 'b>,
    entries: std::vec::IntoIter<(&'t str, NodeRef<'t>)>,
    key: Option<(&'t str, NodeId)>,
}

impl<'t> MapAccess<'t> for Entries<'_, 't, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'t>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some((k, node)) => {
                self.key = Some((k, node.id()));
                seed.deserialize(BorrowedStrDeserializer::new(k)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'t>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let Some((k, id)) = self.key.take() else {
            return Err(de::Error::custom("value requested before its key"));
        };
        seed.deserialize(self.de.child(id)).map_err(|mut e| {
            e.path.push(k.to_string());
            e
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

struct Items<'a, 't, 'b, I> {
    de: &'a De<'t, 'b>,
    items: I,
    index: usize,
}

impl<'t, I: Iterator<Item = NodeRef<'t>>> SeqAccess<'t> for Items<'_, 't, '_, I> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'t>>(&mut self, seed: S) -> Result<Option<S::Value>, DeError> {
        let Some(node) = self.items.next() else { return Ok(None) };
        let index = self.index;
        self.index += 1;
        seed.deserialize(self.de.child(node.id())).map(Some).map_err(|mut e| {
            e.path.push(index.to_string());
            e
        })
    }
}

struct MapEnum<'t, 'b> {
    de: De<'t, 'b>,
    key: &'t str,
}

impl<'t, 'b> EnumAccess<'t> for MapEnum<'t, 'b> {
    type Error = DeError;
    type Variant = De<'t, 'b>;

    fn variant_seed<S: DeserializeSeed<'t>>(self, seed: S) -> Result<(S::Value, Self::Variant), DeError> {
        Ok((seed.deserialize(BorrowedStrDeserializer::new(self.key))?, self.de))
    }
}

impl<'t> VariantAccess<'t> for De<'t, '_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<S: DeserializeSeed<'t>>(self, seed: S) -> Result<S::Value, DeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'t>>(self, _len: usize, v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }

    fn struct_variant<V: Visitor<'t>>(self, _fields: &'static [&'static str], v: V) -> Result<V::Value, DeError> {
        self.deserialize_any(v)
    }
}

struct ValAccess<'t, 'b> {
    de: De<'t, 'b>,
    expr: bool,
}

impl<'t, 'b> EnumAccess<'t> for ValAccess<'t, 'b> {
    type Error = DeError;
    type Variant = De<'t, 'b>;

    fn variant_seed<S: DeserializeSeed<'t>>(self, seed: S) -> Result<(S::Value, Self::Variant), DeError> {
        let tag = if self.expr { "Expr" } else { "Lit" };
        Ok((seed.deserialize(BorrowedStrDeserializer::new(tag))?, self.de))
    }
}
