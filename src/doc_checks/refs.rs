//! `$ref`s to nothing (schemas, parameters, responses, examples…): a local reference to nothing
//! (GW105), or a reference to another file (GW103). API Gateway's parser warns about both
//! (`Parse issue: … is missing`), so an import with `FailOnWarnings` fails on a dangling model
//! reference even though HTTP APIs never use models. HTTP lowering reports the references it
//! follows itself; REST lowering does not, so REST checks pass `with_followed`.

use super::walk::Found;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::tree::{NodeRef, Tree};

pub(crate) fn run(tree: &Tree, found: &Found, with_followed: bool, out: &mut Vec<Diagnostic>) {
    let followed = if with_followed { found.followed_refs.as_slice() } else { &[] };
    for (segs, node) in found.unresolved_refs.iter().chain(followed) {
        let text = NodeRef::new(tree, *node).text();
        let at = segs.iter().fold(Pointer::root(), |p, s| p.child(s));
        let Some(fragment) = text.strip_prefix('#') else {
            out.push(
                Diagnostic::new(Code::ExternalRef, format!("`{text}` refers to another document"))
                    .at_value(&at, "not a reference inside this document")
                    .help("bundle the document into one file first (for example with `redocly bundle`)"),
            );
            continue;
        };
        let target = Pointer::from_escaped(fragment);
        let near = {
            let segs: Vec<String> = target.segments().collect();
            segs.split_last().and_then(|(last, parent)| {
                let parent_ptr = parent.iter().fold(Pointer::root(), |p, s| p.child(s));
                let names = tree
                    .locate(&parent_ptr)
                    .filter(|l| l.exact)
                    .map(|l| NodeRef::new(tree, l.node).entries())
                    .unwrap_or_default();
                crate::suggest::closest(last, names.iter().map(|(k, _)| *k))
                    .map(|k| format!("#{}", parent_ptr.child(k).as_str()))
            })
        };
        out.push(
            Diagnostic::new(Code::UnresolvedModelRef, format!("`{text}` points at nothing in this document"))
                .at_value(&at, "AWS: \"Parse issue: … is missing\"")
                .help(match near {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => "define it, or remove the reference".to_string(),
                }),
        );
    }
}
