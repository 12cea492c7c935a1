//! The folder of a document, whose files its `$ref`s may name: a document split over files reads
//! them from here, and only from here.

use std::path::Path;

/// The folder of a document, whose files its `$ref`s may name (none for standard input).
pub(crate) struct Folder(Option<std::path::PathBuf>);

impl Folder {
    pub(crate) fn of(path: &Path) -> Self {
        Folder((!super::input::is_stdin(path)).then(|| path.parent().unwrap_or(Path::new("")).to_path_buf()))
    }

    /// The name a file of the folder is shown (and read) by.
    pub(crate) fn shown(&self, relative: &str) -> String {
        self.0.as_ref().map_or_else(|| relative.to_string(), |f| f.join(relative).display().to_string())
    }

    /// Reads a file a `$ref` names, by its path from the folder: only a regular file under the
    /// folder once symbolic links are resolved.
    pub(crate) fn read(&self, relative: &str) -> Result<gatewright::source::SourceFile, String> {
        match &self.0 {
            Some(folder) => super::input::read_in_folder(folder, &folder.join(relative), "the document's"),
            None => Err("standard input has no folder to read other files from".into()),
        }
    }

    /// Whether the document came from a file (standard input has no folder).
    pub(crate) fn exists(&self) -> bool {
        self.0.is_some()
    }

    /// Reads a body file a template or configuration names, by the path the reader joined to
    /// the file's own (`whose` folder), under the same rules as [`Folder::read`].
    pub(crate) fn read_for(&self, joined: &str, whose: &str) -> Result<gatewright::source::SourceFile, String> {
        match &self.0 {
            Some(folder) => super::input::read_in_folder(folder, Path::new(joined), whose),
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
