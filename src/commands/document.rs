//! One document read and analysed under its settings, for every command that reads one.

use crate::cli::Common;
use crate::io::input::read_source;
use crate::io::settings::{Finder, resolve};
use gatewright::{Analysis, analyze_with};
use std::path::Path;

/// Reads `path` and analyses it under its settings: the analysis and whether warnings fail. A
/// `$ref` to another file is followed to files under the document's folder (never for standard
/// input, which has no folder).
pub(crate) fn analyze_file(finder: &Finder, path: &Path, c: &Common) -> Result<(Analysis, bool), String> {
    let settings = resolve(finder, path, c)?;
    let source = read_source(path)?;
    let folder = crate::io::folder::Folder::of(path);
    let read = |p: &str| folder.read(p);
    Ok((analyze_with(source, &settings.options, folder.loader(&read)), settings.fail_on_warnings))
}
