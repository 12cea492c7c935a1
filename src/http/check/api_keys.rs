//! GW824: API keys and usage plans described for an HTTP API, which has neither.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let Some(root) = input.tree.root() else { return };
    for ext in [crate::rest::lower::API_KEYS, crate::rest::lower::USAGE_PLANS] {
        if root.get(ext).is_some() {
            out.push(
                Diagnostic::new(Code::ApiKeysOnHttpApi, format!("`{ext}`: HTTP APIs have no API keys or usage plans"))
                    .at_key(&Pointer::root().child(ext), "nothing would be created")
                    .help("remove it, or deploy a REST API (`--api rest`); HTTP APIs throttle per route in their stage settings"),
            );
        }
    }
}
