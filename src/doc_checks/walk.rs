//! One walk over the whole tree for the checks that look at every node: `x-amazon-apigateway-*`
//! keys and `$ref`s. Aliases are not followed (an anchored definition is visited where it is
//! defined); paths are kept as borrowed segments and become strings only for hits.

use crate::pointer::Pointer;
use crate::tree::{Kind, NONE, NodeId, Tree};
use std::collections::HashMap;

/// What the walk found: each hit's path segments (as written) and node.
#[derive(Default)]
pub(crate) struct Found {
    /// Keys starting with `x-amazon-apigateway-`, with the key as the last segment.
    pub(crate) extensions: Vec<Vec<String>>,
    /// `$ref` entries that do not resolve to a node of this document (dangling or external),
    /// except those lowering follows itself: their path (ending in `$ref`) and value node.
    pub(crate) unresolved_refs: Vec<(Vec<String>, NodeId)>,
    /// The same for the references HTTP lowering follows and reports itself (integrations,
    /// security schemes, path items); REST lowering reports none, so its checks take both.
    pub(crate) followed_refs: Vec<(Vec<String>, NodeId)>,
    /// Keys and string values holding a control character, where API Gateway stores the text
    /// (see [`stored`]): the path, whether the key (rather than the value) holds it, and the
    /// characters (each once, in order of appearance).
    pub(crate) control_characters: Vec<(Vec<String>, bool, Vec<char>)>,
}

/// A control character API Gateway does not take in names, keys and values: C0 other than tab,
/// line feed and carriage return, and DEL.
pub(crate) fn is_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// Whether `s` holds a character [`is_control`] names. Every such character is ASCII, so bytes
/// are scanned (a UTF-8 continuation byte maps to U+0080..U+00FF, which it does not name).
fn has_control(s: &str) -> bool {
    s.bytes().any(|b| is_control(char::from(b)))
}

/// Whether the text at `path` (the entry's own key last) becomes part of what API Gateway
/// creates: `info` and `tags`, path keys, operation ids, security scheme names, and anything
/// inside an `x-amazon-apigateway-*` extension. Schemas, examples and descriptions of operations
/// are not stored by an HTTP API.
fn stored(path: &[Seg<'_>]) -> bool {
    if path.iter().any(|s| matches!(s, Seg::Key(k) if k.starts_with("x-amazon-apigateway-"))) {
        return true;
    }
    matches!(
        path,
        [Seg::Key("info"), Seg::Key("title" | "version" | "description")]
            | [Seg::Key("tags"), Seg::Index(_), Seg::Key("name")]
            | [Seg::Key("paths"), _]
            | [Seg::Key("paths"), _, _, Seg::Key("operationId")]
            | [Seg::Key("components"), Seg::Key("securitySchemes"), _]
    )
}

#[derive(Clone, Copy)]
enum Seg<'t> {
    Key(&'t str),
    Index(usize),
}

/// Walks the document.
pub(crate) fn collect(tree: &Tree) -> Found {
    let mut found = Found::default();
    let mut resolved: HashMap<&str, bool> = HashMap::new();
    if tree.root != NONE {
        walk(tree, tree.root, &mut Vec::new(), &mut found, &mut resolved);
    }
    found
}

/// References lowering already follows and reports (integrations, security schemes, path items).
fn followed_by_lowering(path: &[Seg<'_>]) -> bool {
    path.iter().any(|s| matches!(s, Seg::Key("x-amazon-apigateway-integration")))
        || matches!(path, [Seg::Key("components"), Seg::Key("securitySchemes"), _] | [Seg::Key("paths"), _])
}

fn owned(path: &[Seg<'_>], last: &str) -> Vec<String> {
    let mut v: Vec<String> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => k.to_string(),
            Seg::Index(i) => i.to_string(),
        })
        .collect();
    v.push(last.to_string());
    v
}

fn walk<'t>(
    tree: &'t Tree,
    id: NodeId,
    path: &mut Vec<Seg<'t>>,
    found: &mut Found,
    resolved: &mut HashMap<&'t str, bool>,
) {
    let node = tree.node(id);
    if !matches!(node.kind, Kind::Map | Kind::Seq) || path.len() > 128 {
        return;
    }
    let mut c = node.first;
    let mut index = 0usize;
    while c != NONE {
        let seg = if node.kind == Kind::Map { Seg::Key(tree.key_of(c)) } else { Seg::Index(index) };
        let key_control = matches!(seg, Seg::Key(k) if has_control(k));
        let value_control = tree.node(c).kind == Kind::Str && tree.is_decoded(c) && has_control(tree.scalar_of(c));
        if key_control || value_control {
            path.push(seg);
            if stored(path) {
                let (last, parent) = path.split_last().map(|(l, p)| (*l, p)).unwrap_or((seg, &[]));
                let last = match last {
                    Seg::Key(k) => k.to_string(),
                    Seg::Index(i) => i.to_string(),
                };
                let text = if key_control { tree.key_of(c) } else { tree.scalar_of(c) };
                let mut chars: Vec<char> = Vec::new();
                for ch in text.chars().filter(|ch| is_control(*ch)) {
                    if !chars.contains(&ch) {
                        chars.push(ch);
                    }
                }
                found.control_characters.push((owned(parent, &last), key_control, chars));
            }
            path.pop();
        }
        if let Seg::Key(key) = seg {
            if key.starts_with("x-amazon-apigateway-") {
                found.extensions.push(owned(path, key));
            } else if key == "$ref" && tree.node(c).kind == Kind::Str {
                // Each distinct target is located once (large documents repeat references).
                let target = tree.scalar_of(c);
                let ok = *resolved.entry(target).or_insert_with(|| {
                    target
                        .strip_prefix('#')
                        .is_some_and(|f| tree.locate(&Pointer::from_escaped(f)).is_some_and(|l| l.exact))
                });
                if !ok {
                    let list =
                        if followed_by_lowering(path) { &mut found.followed_refs } else { &mut found.unresolved_refs };
                    list.push((owned(path, key), c));
                }
            }
        }
        path.push(seg);
        walk(tree, c, path, found, resolved);
        path.pop();
        index += 1;
        c = tree.node(c).next;
    }
}
