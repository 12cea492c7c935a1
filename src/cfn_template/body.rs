//! What an API resource's body is, read without deploying the template: a `Body` mapping written
//! in the template, a local file (`BodyS3Location: ./api.yaml` before `aws cloudformation
//! package`, or `Fn::Transform: {Name: AWS::Include, Parameters: {Location: ./api.yaml}}`), each
//! branch of a `Fn::If` at the body's root, or something known only when CloudFormation runs.

use super::assets::Assets;
use super::model::{Resource, intrinsic};
use crate::tree::{NodeId, NodeRef};
use std::ops::Range;

/// Where one body is.
#[derive(Debug)]
pub(crate) enum Source {
    /// A mapping of the template.
    Inline(NodeId),
    /// A file, relative to the template's folder.
    File(String),
    /// Not readable here: why.
    Unknown(String),
}

/// One document a resource may deploy.
#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) source: Source,
    /// Where it is written in the template (the value), and the property's key.
    pub(crate) at: Range<usize>,
    pub(crate) key: Range<usize>,
    /// The `Fn::If` conditions that choose it, each with the branch taken.
    pub(crate) branch: Vec<(String, bool)>,
}

impl Body {
    /// How a finding names the branch: `when `IsProd` holds`.
    pub(crate) fn branch_name(&self) -> Option<String> {
        let parts: Vec<String> = self
            .branch
            .iter()
            .map(|(c, taken)| format!("`{c}` {}", if *taken { "holds" } else { "does not hold" }))
            .collect();
        (!parts.is_empty()).then(|| format!("when {}", parts.join(" and ")))
    }
}

/// `Fn::If` nested deeper than this at a body's root is not followed (each level doubles the
/// documents checked).
const MAX_BRANCHES: usize = 3;

/// The bodies of an API resource: none when it has neither `Body` nor `BodyS3Location`.
pub(crate) fn bodies(r: &Resource<'_>, assets: &Assets) -> Vec<Body> {
    let mut out = Vec::new();
    for (prop, s3) in [("Body", false), ("BodyS3Location", true)] {
        if let (Some(value), Some(key)) = (r.prop(prop), r.prop_key(prop)) {
            read(value, &key, s3, assets, &mut Vec::new(), &mut out);
            break;
        }
    }
    out
}

/// The bodies of a value written as `Body` (`s3` false) or `BodyS3Location` (`s3` true) whose
/// property key is at `key`: SAM's `DefinitionBody` and `DefinitionUri` read the same way.
pub(crate) fn of_value(n: NodeRef<'_>, key: &Range<usize>, s3: bool) -> Vec<Body> {
    let mut out = Vec::new();
    read(n, key, s3, Assets::none(), &mut Vec::new(), &mut out);
    out
}

fn read(
    n: NodeRef<'_>,
    key: &Range<usize>,
    s3: bool,
    assets: &Assets,
    branch: &mut Vec<(String, bool)>,
    out: &mut Vec<Body>,
) {
    let body = |source| Body { source, at: n.span(), key: key.clone(), branch: branch.clone() };
    match intrinsic(n) {
        Some(("Fn::If", args)) => {
            let items: Vec<NodeRef<'_>> = args.items().collect();
            let cond = items.first().and_then(|c| c.as_str());
            match (cond, items.get(1), items.get(2), items.len()) {
                (Some(cond), Some(a), Some(b), 3) if branch.len() < MAX_BRANCHES => {
                    for (value, taken) in [(a, true), (b, false)] {
                        branch.push((cond.to_string(), taken));
                        read(*value, key, s3, assets, branch, out);
                        branch.pop();
                    }
                }
                (_, _, _, 3) => {
                    out.push(body(Source::Unknown(format!("`Fn::If` is nested more than {MAX_BRANCHES} deep"))))
                }
                _ => out.push(body(Source::Unknown("`Fn::If` takes a condition name and two values".into()))),
            }
        }
        // This branch deploys no body.
        Some(("Ref", v)) if v.as_str() == Some("AWS::NoValue") => {}
        Some(("Fn::Transform", t)) if !s3 => {
            let name = t.get("Name").and_then(|n| n.as_str());
            let location = t.get("Parameters").and_then(|p| p.get("Location"));
            let source = match (name, location.and_then(|l| l.as_str())) {
                (Some("AWS::Include"), Some(path)) => local(path),
                (Some("AWS::Include"), None) => {
                    Source::Unknown("the `Location` of `AWS::Include` is known only when CloudFormation runs".into())
                }
                _ => Source::Unknown("a `Fn::Transform` other than `AWS::Include` runs only in CloudFormation".into()),
            };
            let at = location.map_or_else(|| n.span(), |l| l.span());
            out.push(Body { source, at, key: key.clone(), branch: branch.clone() });
        }
        Some((f, _)) => out.push(body(Source::Unknown(format!("`{f}` is known only when CloudFormation runs")))),
        None if s3 => {
            // A CDK asset: the object key names the copy staged in the assembly folder.
            let asset = n.get("Key").and_then(|k| k.as_str()).and_then(|k| assets.get(k));
            let source = match (n.as_str(), asset) {
                (Some(path), _) => local(path),
                (None, Some(path)) => staged(path),
                (None, None) if n.is_map() => Source::Unknown(
                    "`BodyS3Location` names an S3 object (package's output), which gatewright does not fetch: check the template before `aws cloudformation package`".into(),
                ),
                (None, None) => Source::Unknown("`BodyS3Location` is neither a path nor an S3 object".into()),
            };
            out.push(body(source));
        }
        None if n.is_map() => out.push(body(Source::Inline(n.id()))),
        None => out.push(body(Source::Unknown("the body is not a mapping".into()))),
    }
}

/// The staged copy of an asset, as the assembly's asset manifest names it: a path in the
/// template's folder, or, for the stack of a nested assembly (a CDK `Stage`), one in a folder
/// above it (`../asset.<hash>.yaml`), which the reader bounds to the outermost assembly folder.
fn staged(p: &str) -> Source {
    match local(p) {
        Source::Unknown(_)
            if p.split('/').rev().skip(1).all(|s| s == "..") && !p.ends_with("..") && p.starts_with("../") =>
        {
            Source::File(p.to_string())
        }
        other => other,
    }
}

/// A local path relative to the template's folder, or why it is not read: an S3 or web
/// address, an absolute path, one that climbs out of the folder with `..`, or a folder. The
/// reader still resolves symbolic links and refuses what leads out of the folder.
pub(crate) fn local(p: &str) -> Source {
    let outside =
        || Source::Unknown(format!("`{p}` is outside the template's folder, and gatewright reads only files under it"));
    if p.contains("://") {
        return Source::Unknown(format!("`{p}` is stored remotely, and gatewright does not fetch it"));
    }
    if p.starts_with(['/', '\\']) || p.as_bytes().get(1) == Some(&b':') {
        return outside();
    }
    // Resolved as written (`a/../b` is `b`), so the file is named the way the reader opens it.
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return outside();
                }
            }
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        return Source::Unknown(format!("`{p}` names the template's folder, not a file"));
    }
    Source::File(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::{Source, local};

    #[test]
    fn only_paths_under_the_template_folder_are_read() {
        assert!(matches!(local("./api.yaml"), Source::File(p) if p == "api.yaml"));
        assert!(matches!(local("specs/../specs/./api.yaml"), Source::File(p) if p == "specs/api.yaml"));
        for outside in ["../api.yaml", "a/../../x", "/etc/passwd", "C:\\x", "\\\\host\\x"] {
            assert!(
                matches!(local(outside), Source::Unknown(w) if w.contains("outside the template's folder")),
                "{outside}"
            );
        }
        assert!(matches!(local("s3://bucket/api.yaml"), Source::Unknown(w) if w.contains("remotely")));
        assert!(matches!(local("a/.."), Source::Unknown(w) if w.contains("not a file")));
    }
}
