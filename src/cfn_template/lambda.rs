//! GW912: a body integrates a function of the template (`Fn::GetAtt [F, Arn]`, `!GetAtt F.Arn`,
//! `${F.Arn}` in `Fn::Sub`) that no `AWS::Lambda::Permission` lets API Gateway invoke: the stack
//! deploys, and every request fails with 500 "Invalid permissions on Lambda function".

use super::model::{Template, intrinsic, names, sub_names};
use crate::diagnostics::{Code, Diagnostic};
use crate::tree::{Kind, NodeId, NodeRef, Tree};
use std::collections::HashSet;
use std::ops::Range;

/// The functions some `AWS::Lambda::Permission` for API Gateway names: through `Ref`,
/// `Fn::GetAtt`, `Fn::Sub`, an alias or version of the function, or its `FunctionName`.
pub(super) fn permitted(t: &Template<'_>) -> HashSet<String> {
    let mut out = HashSet::new();
    let by_name: std::collections::HashMap<&str, &str> =
        t.resources.iter().filter_map(|r| r.prop("FunctionName").and_then(|n| n.as_str()).map(|n| (n, r.id))).collect();
    for p in t.of_type("AWS::Lambda::Permission") {
        let principal = p.prop("Principal").map(|n| &n.tree().source()[n.span()]).unwrap_or("");
        if !principal.contains("apigateway") {
            continue;
        }
        let Some(target) = p.prop("FunctionName") else { continue };
        if let Some(name) = target.as_str() {
            out.extend(by_name.get(name).map(|id| id.to_string()));
            // An ARN or a name written out: its last part.
            out.extend(by_name.get(name.rsplit(':').next().unwrap_or(name)).map(|id| id.to_string()));
        }
        for (id, _) in names(target) {
            // Through an alias or a version of the function.
            if let Some(via) = t.get(&id).filter(|r| matches!(r.ty, "AWS::Lambda::Alias" | "AWS::Lambda::Version")) {
                out.extend(via.prop("FunctionName").map(names).into_iter().flatten().map(|(f, _)| f));
            }
            out.insert(id);
        }
    }
    out
}

/// The missing permissions of the functions the body tree `body` integrates, once per function,
/// at its first use. `in_template`: the body is written in the template, so the function can be
/// pointed at too.
pub(super) fn missing(
    api: &str,
    body: Option<&Tree>,
    t: &Template<'_>,
    permitted: &HashSet<String>,
    in_template: bool,
) -> Vec<Diagnostic> {
    let Some(body) = body else { return Vec::new() };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (f, at) in references(body) {
        if permitted.contains(&f) || !seen.insert(f.clone()) {
            continue;
        }
        let Some(function) = t.get(&f) else { continue };
        let managed = match function.ty {
            "AWS::Lambda::Function" => false,
            // SAM adds the permission for the API events of a function, each for its own API.
            "AWS::Serverless::Function" => {
                function.prop("Events").is_some_and(|e| e.entries().iter().any(|(_, ev)| targets(*ev, api)))
            }
            _ => continue,
        };
        if managed {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::CloudformationLambdaPermissionMissing,
            format!(
                "`{}` integrates `{f}`, and no `AWS::Lambda::Permission` lets `apigateway.amazonaws.com` invoke it: requests fail with 500",
                api
            ),
        )
        .at_span(at, "integrated here");
        if in_template {
            d = d.at_span(function.key.clone(), "no permission for API Gateway");
        }
        out.push(d.help(format!(
            "add an `AWS::Lambda::Permission` with `Action: lambda:InvokeFunction`, `FunctionName: !GetAtt {f}.Arn` and `Principal: apigateway.amazonaws.com`"
        )));
    }
    out
}

/// Whether the SAM event `ev` is an `Api` or `HttpApi` event of the API `id`: SAM's permission
/// names the event's API in its `SourceArn` (`push.py` `_get_permission`: `RestApiId`, `ApiId`),
/// and an event naming none is on the implicit `ServerlessRestApi` / `ServerlessHttpApi`.
fn targets(ev: NodeRef<'_>, id: &str) -> bool {
    let (field, implicit) = match ev.get("Type").and_then(|t| t.as_str()) {
        Some("Api") => ("RestApiId", "ServerlessRestApi"),
        Some("HttpApi") => ("ApiId", "ServerlessHttpApi"),
        _ => return false,
    };
    match ev.get("Properties").and_then(|p| p.get(field)) {
        None => id == implicit,
        Some(named) => named.as_str().or_else(|| named.get("Ref").and_then(|r| r.as_str())) == Some(id),
    }
}

/// Every function ARN the tree names (`Fn::GetAtt [F, Arn]`, `${F.Arn}`), with where, in order.
fn references(tree: &Tree) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    for id in 0..tree.len() as NodeId {
        // Aliases are their anchors' uses: the anchor itself is visited.
        if tree.node(id).kind == Kind::Alias {
            continue;
        }
        let n = NodeRef::new(tree, id);
        let found = match intrinsic(n) {
            Some(("Fn::GetAtt", _)) => names(n),
            Some(("Fn::Sub", v)) => {
                v.as_str().or_else(|| v.items().next().and_then(|s| s.as_str())).map(sub_names).unwrap_or_default()
            }
            _ => continue,
        };
        out.extend(found.into_iter().filter(|(_, attr)| attr == "Arn").map(|(f, _)| (f, n.span())));
    }
    out.sort_by_key(|(_, at)| at.start);
    out
}
