//! Which files `check` looks at: files as named, and the YAML, JSON and Terraform (`.tf`,
//! `.tf.json`) files under folders. A symbolic link in a folder is followed only when it leads
//! to a file inside that folder: a folder given to `check` never makes it read a file elsewhere
//! (a link to `~/.aws/credentials.yaml` is passed over, with a note; name a file to check it).

use std::path::{Path, PathBuf};

/// Extensions searched for inside folders.
const EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "tf"];

/// Folders never searched: hidden ones, build output and dependencies.
fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// A file to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) path: PathBuf,
    /// Named on the command line (always checked), rather than found in a folder (checked only
    /// when it is an OpenAPI document).
    pub(crate) named: bool,
}

/// Expands `paths` into files, in argument order, each folder's files sorted by path, without
/// repeats (a file both named and found in a folder counts as named). `-` is standard input.
/// Paths that do not exist are returned as errors.
pub(crate) fn expand(paths: &[PathBuf]) -> (Vec<Found>, Vec<String>) {
    let mut files: Vec<Found> = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for p in paths {
        let mut found = Vec::new();
        let named = !p.is_dir();
        if super::input::is_stdin(p) || (named && (p.exists() || std::fs::symlink_metadata(p).is_ok())) {
            found.push(p.clone());
        } else if p.is_dir() {
            let root = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            walk(p, &root, &mut found, &mut errors);
            found.sort();
        } else {
            let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
            errors.push(format!("error: {}", super::input::cannot_read(&p.display().to_string(), &missing)));
        }
        for f in found {
            match seen.get(&f) {
                Some(&at) => {
                    let earlier: &mut Found = &mut files[at];
                    earlier.named |= named;
                }
                None => {
                    seen.insert(f.clone(), files.len());
                    files.push(Found { path: f, named });
                }
            }
        }
    }
    (files, errors)
}

fn walk(dir: &Path, root: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("error: cannot read folder `{}`: {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else { continue };
        // Symbolic links are followed for files but not for folders, so a loop cannot recur.
        if kind.is_dir() {
            if !skipped_dir(&name) {
                walk(&path, root, found, errors);
            }
        } else if path.extension().is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
            && path.is_file()
        {
            if kind.is_symlink() && !std::fs::canonicalize(&path).is_ok_and(|real| real.starts_with(root)) {
                eprintln!(
                    "note: `{}` is a symbolic link to a file outside `{}`: passed over (name it to check it)",
                    path.display(),
                    root.display()
                );
                continue;
            }
            found.push(path);
        }
    }
}
