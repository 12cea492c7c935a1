//! The part of a Terraform configuration gatewright reads: resources with their arguments and
//! nested blocks, each expression a small tree with the byte span it was written at. Both `.tf`
//! (HCL) and `.tf.json` come to this shape.

use std::ops::Range;

/// An expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string (quoted, heredoc or a `.tf.json` string), decoded: escapes applied, `$${` and
    /// `%%{` unescaped, interpolations kept as written (`${aws_lambda_function.f.arn}`).
    Str(Text),
    /// `{ key = value }`: keys decoded, with their spans.
    Object(Vec<(String, Range<usize>, Node)>),
    /// `[a, b]`.
    Array(Vec<Node>),
    /// `name(args)`.
    Call(String, Vec<Node>),
    /// A reference (`var.x`, `path.module`, `aws_api_gateway_rest_api.api.body`) or any other
    /// expression, as written.
    Other(String),
}

/// A decoded string and where each part of it was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Text {
    /// The value.
    pub value: String,
    /// Whether it interpolates (`${…}` or `%{…}` left after unescaping).
    pub interpolated: bool,
    /// From value offsets to source offsets.
    pub map: Linear,
}

/// Offsets of a decoded text back to its source: runs that were copied as they are, each from
/// its first decoded offset to its first source offset.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Linear(pub Vec<(usize, usize)>);

impl Linear {
    /// The source offset of the decoded offset `at`.
    pub fn source(&self, at: usize) -> usize {
        let i = self.0.partition_point(|&(d, _)| d <= at);
        match i.checked_sub(1).and_then(|i| self.0.get(i)) {
            Some(&(d, s)) => s + (at - d),
            None => self.0.first().map_or(at, |&(_, s)| s),
        }
    }
}

/// An expression and its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Where it was written.
    pub span: Range<usize>,
    /// What it is.
    pub expr: Expr,
}

impl Node {
    /// The string value of a plain (not interpolating) string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.expr {
            Expr::Str(t) if !t.interpolated => Some(&t.value),
            _ => None,
        }
    }

    /// The boolean value, also of the strings `"true"` and `"false"` (Terraform converts them).
    pub fn as_bool(&self) -> Option<bool> {
        match &self.expr {
            Expr::Bool(b) => Some(*b),
            _ => self.as_str().and_then(|s| s.parse().ok()),
        }
    }

    /// Moves every span of the tree through `to`, and every string's map through `text`: an
    /// expression read alone is placed where it was written.
    pub(crate) fn relocate(&mut self, to: &dyn Fn(&Range<usize>) -> Range<usize>, text: &dyn Fn(&mut Linear)) {
        self.span = to(&self.span);
        match &mut self.expr {
            Expr::Str(t) => text(&mut t.map),
            Expr::Object(entries) => entries.iter_mut().for_each(|(_, k, v)| {
                *k = to(k);
                v.relocate(to, text);
            }),
            Expr::Array(items) | Expr::Call(_, items) => items.iter_mut().for_each(|v| v.relocate(to, text)),
            _ => {}
        }
    }

    /// The entry `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.expr {
            Expr::Object(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }
}

/// A block (`resource "aws_x" "name" { … }`, or a nested `cors_configuration { … }`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    /// The block type: `resource`, `cors_configuration`.
    pub kind: String,
    /// Its labels.
    pub labels: Vec<String>,
    /// Where the block starts (its type and labels).
    pub head: Range<usize>,
    /// The whole block.
    pub span: Range<usize>,
    /// Arguments: name, span of the name, value.
    pub attributes: Vec<(String, Range<usize>, Node)>,
    /// Nested blocks.
    pub blocks: Vec<Block>,
}

impl Block {
    /// The argument `name`.
    pub fn attribute(&self, name: &str) -> Option<&Node> {
        self.attributes.iter().find(|(n, _, _)| n == name).map(|(_, _, v)| v)
    }

    /// The first nested block of type `kind`.
    pub fn block(&self, kind: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.kind == kind)
    }
}

/// The resources of one file, in order.
#[derive(Clone, Debug, Default)]
pub struct Resources {
    /// `resource` blocks with two labels (type and name).
    pub resources: Vec<Block>,
}

impl Resources {
    /// The resources of a type.
    pub fn of_type<'a>(&'a self, ty: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.resources.iter().filter(move |b| b.labels.first().is_some_and(|t| t == ty))
    }
}

/// A resource's address, `aws_apigatewayv2_api.api`.
pub fn address(b: &Block) -> String {
    b.labels.join(".")
}
