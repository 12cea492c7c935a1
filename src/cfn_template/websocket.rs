//! WebSocket APIs written as `AWS::ApiGatewayV2::*` resources: the template's resources of those
//! types handed, as nodes of the template's own span tree, to [`crate::websocket::resources`] to
//! be lowered and checked like an AsyncAPI document, with findings on the template's lines.

use super::findings::hashed;
use super::model::{Template, names};
use crate::pointer::Pointer;
use crate::source::SourceFile;
use crate::tree::{NodeRef, Tree};
use crate::websocket::resources::{self, Found, Resource, Set, Type};
use crate::websocket::written::Written;

/// The prefix of the resource types read here.
const PREFIX: &str = "AWS::ApiGatewayV2::";

/// The WebSocket APIs of a template (over `tree`), checked (only `wanted`'s findings, when given).
pub(super) fn check(source: &SourceFile, tree: &Tree, template: &Template<'_>, wanted: Option<&str>) -> Vec<Found> {
    let list: Vec<Resource<'_>> = template
        .resources
        .iter()
        .filter_map(|r| {
            let ty = Type::of(r.ty.strip_prefix(PREFIX)?)?;
            let at = Pointer::root().child("Resources").child(r.id);
            let depends_on = match r.node.get("DependsOn") {
                Some(d) if d.is_seq() => d.items().filter_map(|i| i.as_str().map(str::to_string)).collect(),
                Some(d) => d.as_str().map(str::to_string).into_iter().collect(),
                None => Vec::new(),
            };
            Some(Resource {
                id: r.id.to_string(),
                ty,
                props: r.node.get("Properties"),
                props_at: at.child("Properties"),
                at,
                depends_on,
                renewed: hashed(r.id),
            })
        })
        .collect();
    if !list.iter().any(|r| r.ty == Type::Api) {
        return Vec::new();
    }
    resources::check(source, tree, &Set::new(Written::CloudFormation, list, refs), wanted)
}

/// The logical ids a value names (`!Ref Integration`, `!Sub integrations/${Integration}`, inside
/// `!Join`).
fn refs(n: NodeRef<'_>) -> Vec<String> {
    names(n).into_iter().map(|(id, _)| id).collect()
}

/// The logical id of the resource whose entry holds the offset `at`. Entries of `Resources` are
/// written in order and do not overlap, so a binary search finds it.
pub(super) fn holder(template: &Template<'_>, at: usize) -> Option<String> {
    let spans = &template.resources;
    let i = spans.partition_point(|r| r.key.start <= at).checked_sub(1)?;
    let r = &spans[i];
    (at < r.node.span().end.max(r.key.end)).then(|| r.id.to_string())
}
