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
    let folder = Folder::of(path);
    let read = |p: &str| folder.read(p);
    Ok((analyze_with(source, &settings.options, folder.loader(&read)), settings.fail_on_warnings))
}

/// The folder of a document, whose files its `$ref`s may name (none for standard input).
pub(crate) struct Folder(Option<std::path::PathBuf>);

impl Folder {
    pub(crate) fn of(path: &Path) -> Self {
        Folder((!crate::io::input::is_stdin(path)).then(|| path.parent().unwrap_or(Path::new("")).to_path_buf()))
    }

    /// The name a file of the folder is shown (and read) by.
    pub(crate) fn shown(&self, relative: &str) -> String {
        self.0.as_ref().map_or_else(|| relative.to_string(), |f| f.join(relative).display().to_string())
    }

    /// Reads a file a `$ref` names, by its path from the folder: only a regular file under the
    /// folder once symbolic links are resolved.
    pub(crate) fn read(&self, relative: &str) -> Result<gatewright::source::SourceFile, String> {
        match &self.0 {
            Some(folder) => crate::io::input::read_in_folder(folder, &folder.join(relative), "the document's"),
            None => Err("standard input has no folder to read other files from".into()),
        }
    }

    /// The loader to analyse with: `read`, unless the document came from standard input.
    pub(crate) fn loader<'a>(
        &self,
        read: &'a dyn Fn(&str) -> Result<gatewright::source::SourceFile, String>,
    ) -> Option<gatewright::bundle::Loader<'a>> {
        self.0.as_ref().map(|_| read)
    }
}
