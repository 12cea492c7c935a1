//! `$ref`s that lowering does not follow (schemas, parameters, responses, examples…): a local
//! reference to nothing, or a reference to another file. API Gateway's parser warns about both
//! (`Parse issue: … is missing`), so an import with `FailOnWarnings` fails on a dangling model
//! reference even though HTTP APIs never use models.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::doc_checks::walk::Found;
use crate::pointer::Pointer;
use crate::tree::NodeRef;

pub(super) fn run(input: &Input<'_>, found: &Found, out: &mut Vec<Diagnostic>) {
    for (segs, node) in &found.unresolved_refs {
        let text = NodeRef::new(input.tree, *node).text();
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
                let names = input.node(&parent_ptr).map(|m| m.entries()).unwrap_or_default();
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
