//! Documents written in several files: relative `$ref`s followed, and one self-contained
//! document built from them, as a bundler would (`redocly bundle`), but with every node still
//! placed where it is written.
//!
//! API Gateway's importers take one document. A document split over files (`paths/pets.yaml`,
//! `schemas/pet.yaml`, a `common.yaml` of fragments) is read here as one: every file the root
//! reaches is read once ([`files`], through the caller's [`Loader`], which decides what may be
//! read), their texts are laid end to end in one text (the root first), and one span tree is
//! built over that text. Path items, parameters, responses, request bodies, headers, callbacks and
//! extension values a reference names are written in place; schemas from other files go into
//! `components/schemas` (`definitions` for Swagger 2.0) under the name the root already gives the
//! file, else the fragment's last segment or the file's stem, made unique; references between
//! them become internal ones, so cycles stay cycles. Every node keeps its place in the joined
//! text, and [`crate::source::SourceFile::part_at`] says which file that is: findings, fixes and
//! views land in the file where the thing is written.
//!
//! The walk runs twice: a first, dry pass reads every file and names every schema, the second
//! builds the tree knowing all the names (so `components/schemas` can be written where the root
//! has it). A reference not followed (a URL, an absolute path, a path out of the root folder, a
//! file the loader refuses) stays as it is and is a GW103 with the reason; a fragment that names
//! nothing is GW102; a cycle of inlined parts is GW102 at the reference that closes it.

mod files;
mod walk;

pub use files::Loader;

use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::tree::{Kind, Tree};

/// A document read with the files it references.
pub struct Bundled {
    /// The joined text, named for the root, with each file's part.
    pub source: SourceFile,
    /// The one tree of the whole document over the joined text.
    pub tree: Tree,
    /// What reading and following found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether the document has a `$ref` to another file: one that does not start with `#`. One
/// look at every node, no allocation: most documents have none.
pub fn has_external_refs(tree: &Tree) -> bool {
    tree.source().contains("$ref")
        && (0..tree.nodes.len() as u32).any(|id| {
            tree.nodes[id as usize].kind == Kind::Str
                && tree.key_of(id) == "$ref"
                && !tree.scalar_of(id).starts_with('#')
        })
}

/// Reads the files `root` references and builds the one document; None when it references no
/// other file.
pub fn bundle(source: &SourceFile, tree: &Tree, load: Loader<'_>) -> Option<Bundled> {
    if !has_external_refs(tree) {
        return None;
    }
    Some(walk::run(source, tree, load))
}
