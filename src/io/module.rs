//! A Terraform module's files: the primary `.tf` and `.tf.json` files of a folder the user points
//! at, read as one configuration ([`gatewright::terraform::module`]); and, for a configuration
//! file named alone, the note that its folder holds more of the configuration.

use gatewright::source::SourceFile;
use gatewright::terraform::module::{Role, role};
use std::path::{Path, PathBuf};

/// The role Terraform gives the file at `path`, by its name.
pub(crate) fn role_of(path: &Path) -> Role {
    path.file_name().map_or(Role::Ignored, |n| role(&n.to_string_lossy()))
}

/// The primary configuration files directly in `folder`, sorted: regular files, and symbolic links
/// that lead to one inside the folder (the others are refused when read).
pub(crate) fn files(folder: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(folder).map_err(|e| format!("cannot read folder `{}`: {e}", folder.display()))?;
    let mut out: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| role_of(p) == Role::Primary && p.is_file()).collect();
    out.sort();
    Ok(out)
}

/// Reads `files` of the module `folder` (each only under it) and joins them: the configuration,
/// or None when no file could be read; and each file that could not be, with why.
pub(crate) fn read(folder: &Path, files: &[PathBuf]) -> (Option<SourceFile>, Vec<(PathBuf, String)>) {
    let mut sources = Vec::with_capacity(files.len());
    let mut broken = Vec::new();
    for f in files {
        match super::input::read_in_folder(folder, f, "the module's") {
            Ok(s) => sources.push(s),
            Err(e) => broken.push((f.clone(), e)),
        }
    }
    let joined =
        (!sources.is_empty()).then(|| gatewright::terraform::module::join(&folder.display().to_string(), sources));
    (joined, broken)
}

/// The note for a configuration file named alone whose folder holds other configuration files,
/// when it refers to what may be written in them ([`gatewright::terraform::module::elsewhere`]).
/// Only the folder's listing is read, never the other files.
pub(crate) fn alone(path: &Path, source: &SourceFile) -> Option<String> {
    if !source.parts().is_empty() || role_of(path) != Role::Primary {
        return None;
    }
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let me = path.file_name()?;
    let others = files(folder).ok()?.into_iter().filter(|f| f.file_name() != Some(me)).count();
    if others == 0 {
        return None;
    }
    let found = gatewright::terraform::module::elsewhere(source);
    if found.is_empty() {
        return None;
    }
    Some(format!(
        "note: `{}` is read alone, and {}; Terraform reads the {} configuration files of `{}` as one: name the folder to read them together",
        path.display(),
        found.join(", "),
        others + 1,
        folder.display()
    ))
}
