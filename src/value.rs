//! Values that may be literals or CloudFormation expressions (`{"Fn::Sub": …}`, `Ref`, …).
//!
//! Real bodies carry intrinsics and `${…}` placeholders almost anywhere. The IR keeps them
//! verbatim so checks can skip what they cannot know and backends can pass them through or
//! resolve them; nothing is mangled.

use serde::de::{self, Deserialize, Deserializer, EnumAccess, VariantAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A value with the pointer it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Field<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub pointer: crate::pointer::Pointer,
}

/// A literal value or a CloudFormation intrinsic kept as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<T> {
    /// A plain value.
    Lit(T),
    /// An intrinsic function object, verbatim (boxed: rare, and a JSON value is large, so a
    /// `Val<String>` stays the size of a `String`).
    Expr(Box<serde_json::Value>),
}

impl<T> Val<T> {
    /// The literal, if this is one.
    pub fn lit(&self) -> Option<&T> {
        match self {
            Val::Lit(v) => Some(v),
            Val::Expr(_) => None,
        }
    }

    /// Maps the literal.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Val<U> {
        match self {
            Val::Lit(v) => Val::Lit(f(v)),
            Val::Expr(e) => Val::Expr(e),
        }
    }
}

impl Val<String> {
    /// Whether a literal string carries `${…}` template placeholders that are not API Gateway
    /// runtime variables (`${stageVariables.x}`, `${request.…}`, `${context.…}`).
    pub fn is_templated(&self) -> bool {
        match self {
            Val::Lit(s) => has_placeholder(s),
            Val::Expr(_) => true,
        }
    }
}

/// Whether `s` contains a `${…}` placeholder other than an API Gateway runtime variable.
pub fn has_placeholder(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let inner = &rest[i + 2..];
        let runtime = ["stageVariables.", "request.", "context.", "response."].iter().any(|p| inner.starts_with(p));
        if !runtime && inner.contains('}') {
            return true;
        }
        rest = inner;
    }
    false
}

impl<T: serde::Serialize> Val<T> {
    /// The value as JSON: the literal, or the expression verbatim.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Val::Lit(v) => serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            Val::Expr(e) => (**e).clone(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Val<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(crate::tree::de::VAL_NAME, ValVisitor(PhantomData))
    }
}

struct ValVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ValVisitor<T> {
    type Value = Val<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or a CloudFormation intrinsic function")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Val<T>, A::Error> {
        let (tag, variant): (&'de str, _) = data.variant()?;
        match tag {
            "Expr" => variant.newtype_variant::<serde_json::Value>().map(|e| Val::Expr(Box::new(e))),
            _ => variant.newtype_variant::<T>().map(Val::Lit),
        }
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Val<T>, D::Error> {
        T::deserialize(d).map(Val::Lit)
    }
}

/// An integer that may also be written as a numeric string (AWS's docs call some integer fields
/// strings, and examples use both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Int(pub i64);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int, E> {
                Ok(Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int, E> {
                i64::try_from(v).map(Int).map_err(|_| E::custom("integer too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Int, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(Int(v as i64))
                } else {
                    Err(E::invalid_type(de::Unexpected::Float(v), &self))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int, E> {
                v.trim().parse().map(Int).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// `v` brought into `min..=max`, written as a number: the machine-applicable fix of a value out
/// of its range.
pub fn clamp<T: Ord + std::fmt::Display>(v: T, min: T, max: T) -> String {
    v.clamp(min, max).to_string()
}

/// A node as JSON (intrinsics and all).
pub(crate) fn json(node: crate::tree::NodeRef<'_>) -> Option<serde_json::Value> {
    crate::tree::de::decode::<serde_json::Value>(node).ok()
}

/// A string value upper-cased (AWS normalises enums: `aws_proxy` → `AWS_PROXY`); other values
/// (intrinsics) as written.
pub(crate) fn upper(node: crate::tree::NodeRef<'_>) -> Option<serde_json::Value> {
    match node.as_str() {
        Some(s) => Some(serde_json::Value::String(s.trim().to_ascii_uppercase())),
        None => json(node),
    }
}

/// A mapping's entries as JSON values, in document order.
pub(crate) fn entries(node: Option<crate::tree::NodeRef<'_>>) -> Vec<(String, serde_json::Value)> {
    node.filter(|n| n.is_map())
        .map(|n| n.entries().into_iter().filter_map(|(k, v)| Some((k.to_string(), json(v)?))).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_exclude_runtime_variables() {
        assert!(has_placeholder("arn:${AWS::Region}:x"));
        assert!(has_placeholder("${Fn}"));
        assert!(!has_placeholder("https://x/${stageVariables.host}/{proxy}"));
        assert!(!has_placeholder("${request.path.id} and ${context.requestId}"));
        assert!(!has_placeholder("$request.header.Authorization"));
    }

    #[test]
    fn a_value_is_little_larger_than_its_literal() {
        // The IR holds millions of these for large APIs; see `Val::Expr`.
        assert!(std::mem::size_of::<Val<String>>() <= std::mem::size_of::<String>() + 8);
    }
}
