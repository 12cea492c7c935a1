//! One document read and analysed under its settings, for every command that reads one.

use crate::cli::Common;
use crate::io::input::read_source;
use crate::io::settings::{Finder, resolve};
use gatewright::{Analysis, analyze};
use std::path::Path;

/// Reads `path` and analyses it under its settings: the analysis and whether warnings fail.
pub(crate) fn analyze_file(finder: &Finder, path: &Path, c: &Common) -> Result<(Analysis, bool), String> {
    let settings = resolve(finder, path, c)?;
    let source = read_source(path)?;
    Ok((analyze(source, &settings.options), settings.fail_on_warnings))
}
