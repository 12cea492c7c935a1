//! The part of a CloudFormation template gatewright reads: its resources, each with its logical
//! id, type, properties and where they are written, and the intrinsic functions that name other
//! resources (`Ref`, `Fn::GetAtt`, `${Name}` in `Fn::Sub`). Read from the span tree, so short
//! forms (`!GetAtt F.Arn`) arrive as the long form.

use crate::diagnostics::Code;
use crate::tree::{NONE, NodeRef, Tree};
use std::collections::HashMap;
use std::ops::Range;

/// One entry of `Resources`.
pub(crate) struct Resource<'t> {
    /// The logical id.
    pub(crate) id: &'t str,
    /// `Type`, such as `AWS::ApiGateway::RestApi` (empty when it is not a string).
    pub(crate) ty: &'t str,
    /// The resource's mapping.
    pub(crate) node: NodeRef<'t>,
    /// Where its logical id is written.
    pub(crate) key: Range<usize>,
}

impl<'t> Resource<'t> {
    /// The property `name`.
    pub(crate) fn prop(&self, name: &str) -> Option<NodeRef<'t>> {
        self.node.get("Properties").and_then(|p| p.get(name))
    }

    /// Where the property `name` is written: its key (or its value, when merged in).
    pub(crate) fn prop_key(&self, name: &str) -> Option<Range<usize>> {
        let props = self.node.get("Properties")?;
        let value = props.get(name)?;
        Some(own_key(props, name).unwrap_or_else(|| value.span()))
    }

    /// Whether `Metadata: {gatewright: {ignore: [...]}}` silences `code` for this resource.
    pub(crate) fn ignores(&self, code: Code) -> bool {
        let list = self.node.get("Metadata").and_then(|m| m.get("gatewright")).and_then(|g| g.get("ignore"));
        list.is_some_and(|l| l.items().any(|c| c.scalar_text().and_then(Code::find) == Some(code)))
    }
}

/// The key span of the own entry `key` of the mapping `map`.
pub(crate) fn own_key(map: NodeRef<'_>, key: &str) -> Option<Range<usize>> {
    let t = map.tree();
    let mut c = t.node(map.id()).first;
    while c != NONE {
        if t.key_of(c) == key {
            return t.key_span(c);
        }
        c = t.node(c).next;
    }
    None
}

/// The resources of a template, in order, and an index by logical id.
pub(crate) struct Template<'t> {
    pub(crate) resources: Vec<Resource<'t>>,
    by_id: HashMap<&'t str, usize>,
}

impl<'t> Template<'t> {
    /// Reads the `Resources` of the template whose root is `root`.
    pub(crate) fn read(root: NodeRef<'t>) -> Self {
        let mut resources = Vec::new();
        if let Some(map) = root.get("Resources").filter(|r| r.is_map()) {
            let t = map.tree();
            let mut c = t.node(map.id()).first;
            while c != NONE {
                let node = NodeRef::new(t, c);
                if node.is_map() {
                    let ty = node.get("Type").and_then(|t| t.as_str()).unwrap_or("");
                    let key = t.key_span(c).unwrap_or_else(|| node.span());
                    resources.push(Resource { id: t.key_of(c), ty, node, key });
                }
                c = t.node(c).next;
            }
        }
        let by_id = resources.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        Template { resources, by_id }
    }

    /// No resources (a file with no document).
    pub(crate) fn empty() -> Self {
        Template { resources: Vec::new(), by_id: HashMap::new() }
    }

    /// The resource with logical id `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&Resource<'t>> {
        self.by_id.get(id).map(|&i| &self.resources[i])
    }

    /// The resources of a type.
    pub(crate) fn of_type<'a>(&'a self, ty: &'a str) -> impl Iterator<Item = &'a Resource<'t>> + 'a {
        self.resources.iter().filter(move |r| r.ty == ty)
    }
}

/// Whether the root of a tree is a CloudFormation template: `AWSTemplateFormatVersion`, or
/// `Resources` with an entry whose `Type` is `AWS::…`; never a mapping with `openapi` or
/// `swagger`.
pub(crate) fn is_template(tree: &Tree) -> bool {
    let Some(root) = tree.root().filter(|r| r.is_map()) else { return false };
    if root.get("openapi").is_some() || root.get("swagger").is_some() {
        return false;
    }
    root.get("AWSTemplateFormatVersion").is_some()
        || root.get("Resources").is_some_and(|r| {
            r.entries()
                .iter()
                .any(|(_, v)| v.get("Type").and_then(|t| t.as_str()).is_some_and(|t| t.starts_with("AWS::")))
        })
}

/// The single intrinsic function a mapping is (`{Fn::Sub: …}`, `{Ref: …}`), and its argument.
pub(crate) fn intrinsic(n: NodeRef<'_>) -> Option<(&str, NodeRef<'_>)> {
    if !n.is_map() || n.len() != 1 {
        return None;
    }
    let t = n.tree();
    let c = t.node(n.id()).first;
    let key = t.key_of(c);
    crate::tree::is_intrinsic_key(key).then(|| (key, NodeRef::new(t, c)))
}

/// The logical ids an expression names as a whole resource (`Ref`), or with an attribute
/// (`Fn::GetAtt`, `${Name.Attr}` in `Fn::Sub`), with the attribute (empty for `Ref`/`${Name}`).
/// Looks inside `Fn::Join`, `Fn::Select`, `Fn::If` and the like, to a bounded depth.
pub(crate) fn names(n: NodeRef<'_>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(n, &mut out, 0);
    out
}

fn collect(n: NodeRef<'_>, out: &mut Vec<(String, String)>, depth: usize) {
    if depth > 8 {
        return;
    }
    match intrinsic(n) {
        Some(("Ref", v)) => out.extend(v.as_str().map(|s| (s.to_string(), String::new()))),
        Some(("Fn::GetAtt", v)) => {
            if let Some(s) = v.as_str() {
                out.extend(s.split_once('.').map(|(a, b)| (a.to_string(), b.to_string())));
            } else {
                let mut items = v.items();
                if let (Some(a), Some(b)) = (items.next().and_then(|a| a.as_str()), items.next()) {
                    out.push((a.to_string(), b.as_str().unwrap_or("").to_string()));
                }
            }
        }
        Some(("Fn::Sub", v)) => {
            let text = v.as_str().or_else(|| v.items().next().and_then(|t| t.as_str()));
            out.extend(text.into_iter().flat_map(sub_names));
        }
        Some((_, v)) => collect(v, out, depth + 1),
        None if n.is_seq() => n.items().for_each(|i| collect(i, out, depth + 1)),
        None => {}
    }
}

/// The `${Name}` and `${Name.Attr}` of a `Fn::Sub` string (not `${!Literal}` nor
/// `${AWS::Region}`).
pub(crate) fn sub_names(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        rest = &rest[end..];
        if name.starts_with('!') || name.contains("::") {
            continue;
        }
        let (a, b) = name.split_once('.').unwrap_or((name, ""));
        out.push((a.trim().to_string(), b.trim().to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn sub_strings_name_resources_and_attributes() {
        let names = super::sub_names(
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/functions/${Fn.Arn}/invocations ${!Literal} ${Api}",
        );
        assert_eq!(names, vec![("Fn".into(), "Arn".into()), ("Api".into(), String::new())]);
        assert!(super::sub_names("${unclosed").is_empty());
    }
}
