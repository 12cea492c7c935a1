//! Local `$ref` resolution (`#/components/...`), with a cycle guard.

use super::Cx;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::tree::NodeRef;

const MAX_HOPS: usize = 32;

/// What a node turned out to be after following `$ref`s.
pub(crate) struct Target<'t> {
    pub(crate) node: NodeRef<'t>,
    pub(crate) pointer: Pointer,
    /// Whether at least one `$ref` was followed.
    pub(crate) referenced: bool,
}

/// Follows `$ref` chains from `node`; reports and returns None when a reference cannot be followed.
pub(crate) fn follow<'t>(cx: &mut Cx<'t>, node: NodeRef<'t>, ptr: &Pointer) -> Option<Target<'t>> {
    let mut at = Target { node, pointer: ptr.clone(), referenced: false };
    for _ in 0..MAX_HOPS {
        let Some(r) = at.node.get("$ref") else { return Some(at) };
        let ref_ptr = at.pointer.child("$ref");
        let Some(text) = r.as_str() else {
            cx.wrong_shape(
                Code::InvalidOpenapiStructure,
                &ref_ptr,
                "`$ref` must be a string".into(),
                "a string such as `#/components/...`",
            );
            return None;
        };
        let Some(fragment) = text.strip_prefix('#') else {
            cx.diags.push(
                Diagnostic::new(Code::ExternalRef, format!("`{text}` refers to another document"))
                    .at_value(&ref_ptr, "not a reference inside this document")
                    .help("bundle the document into one file first (for example with `redocly bundle`)"),
            );
            return None;
        };
        let target = Pointer::from_escaped(percent_decode(fragment));
        let found = cx.tree.locate(&target).filter(|l| l.exact);
        let Some(found) = found else {
            cx.diags.push(
                Diagnostic::new(Code::UnresolvedRef, format!("`{text}` points at nothing in this document"))
                    .at_value(&ref_ptr, "no such definition")
                    .help(suggest(cx, &target)),
            );
            return None;
        };
        at = Target { node: NodeRef::new(cx.tree, found.node), pointer: target, referenced: true };
    }
    cx.diags.push(
        Diagnostic::new(Code::UnresolvedRef, "this `$ref` chain does not end (a reference cycle)")
            .at_value(&ptr.child("$ref"), "the chain starts here")
            .help("make one of the references point at a definition"),
    );
    None
}

/// Names the closest existing sibling of a missing definition, if any.
fn suggest(cx: &Cx<'_>, target: &Pointer) -> String {
    let segs: Vec<String> = target.segments().collect();
    let Some((last, parent)) = segs.split_last() else { return "define it, or correct the reference".into() };
    let parent_ptr = parent.iter().fold(Pointer::root(), |p, s| p.child(s));
    let candidates = cx.tree.locate(&parent_ptr).filter(|l| l.exact).map(|l| NodeRef::new(cx.tree, l.node));
    let best = candidates.and_then(|m| crate::suggest::closest(last, m.entries().into_iter().map(|(k, _)| k)));
    match best {
        Some(k) => format!("did you mean `#{}`?", parent_ptr.child(k).as_str()),
        None => format!("define `{last}` under `#{}`, or correct the reference", parent_ptr.as_str()),
    }
}

/// Decodes `%XX` escapes of a URI fragment.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex =
            b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn helpers() {
        assert_eq!(super::percent_decode("/paths/~1a%7Bb%7D"), "/paths/~1a{b}");
    }
}
