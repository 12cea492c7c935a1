//! `compile --emit openapi`: the document import mode sends, written on its own, as JSON (pretty,
//! two spaces, the document's key order: byte for byte Terraform's body file when the API has no
//! CORS to lift out of it) or as YAML (the writer CloudFormation templates use).

use super::{EmitError, EmitOptions, Mode, document, pretty, yaml};
use crate::kind::ApiKind;
use crate::tree::Tree;
use std::io::Write;

/// Writes the import body of the API of `kind` read from `tree` into `out`; it has no file
/// beside it.
pub(crate) fn emit(
    tree: &Tree,
    kind: ApiKind,
    opts: &EmitOptions,
    out: &mut dyn Write,
) -> Result<Option<String>, EmitError> {
    if opts.mode == Mode::Granular && opts.mode_chosen {
        return Err(EmitError::Unsupported(
            "`--emit openapi` writes the document import mode sends; `--mode granular` does not apply to it".into(),
        ));
    }
    let doc = document::import_body(tree, kind, opts)?;
    if opts.openapi_yaml {
        out.write_all(yaml::to_string(&doc).as_bytes())?;
    } else {
        pretty(&doc, out)?;
    }
    Ok(None)
}
