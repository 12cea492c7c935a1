//! The root documents of split documents: which documents include a named file that is not a
//! document itself (`paths/pets.yaml`), so that checking that file (as the pre-commit hook does
//! with the files a commit changes) checks the API it belongs to.
//!
//! Roots are looked for in the file's folder and in each folder above it, up to the working
//! folder (never above it, never below those folders): the YAML and JSON files there that are
//! OpenAPI documents with a `$ref` to another file, each read with the files it references
//! exactly as `check` reads it. A root includes the file when the file is one of its parts.

use super::discover::Found;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// For each named file in `files` that is not an OpenAPI document: the roots that include it.
/// Returns the roots to check in its stead (each once, not already in `files`), and the files
/// they stand for (not to be checked on their own).
pub(crate) fn roots_of_parts(files: &[Found]) -> (Vec<Found>, HashSet<PathBuf>) {
    let Ok(here) = std::env::current_dir().and_then(std::fs::canonicalize) else { return (Vec::new(), HashSet::new()) };
    let listed: HashSet<PathBuf> = files.iter().filter_map(|f| std::fs::canonicalize(&f.path).ok()).collect();
    // The roots of each folder looked in, with their parts: each folder's files read once.
    let mut roots_of: HashMap<PathBuf, Vec<(PathBuf, Vec<PathBuf>)>> = HashMap::new();
    let mut roots = Vec::new();
    let mut added = HashSet::new();
    let mut stood_for = HashSet::new();
    for f in files.iter().filter(|f| f.named && !super::input::is_stdin(&f.path)) {
        let Ok(real) = std::fs::canonicalize(&f.path) else { continue };
        if !is_part(&real) {
            continue;
        }
        let mut folder = real.parent();
        while let Some(dir) = folder.filter(|d| d.starts_with(&here)) {
            for (candidate, parts) in roots_of.entry(dir.to_path_buf()).or_insert_with(|| roots_in(dir)).iter() {
                if parts.contains(&real) {
                    stood_for.insert(f.path.clone());
                    if !listed.contains(candidate) && added.insert(candidate.clone()) {
                        roots.push(Found { path: relative(candidate, &here), named: true });
                    }
                }
            }
            folder = dir.parent();
        }
    }
    (roots, stood_for)
}

/// Whether a file reads as YAML or JSON but not as an OpenAPI document.
fn is_part(path: &Path) -> bool {
    let Ok(source) = super::input::read_source(path) else { return false };
    let parsed = gatewright::parse::parse(&source);
    let root = parsed.tree.as_ref().and_then(|t| t.root());
    root.is_some_and(|r| r.get("openapi").is_none() && r.get("swagger").is_none())
}

/// The root documents among a folder's YAML and JSON files (not its subfolders'), each with the
/// files (canonical) it is written in besides itself: documents that name `openapi` or
/// `swagger` and `$ref`, each read once and followed as `check` follows it.
fn roots_in(dir: &Path) -> Vec<(PathBuf, Vec<PathBuf>)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json"))
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= 64 * 1024 * 1024))
        .collect();
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let source = super::input::read_source(&path).ok()?;
            let text = source.text();
            if !((text.contains("openapi") || text.contains("swagger")) && text.contains("$ref")) {
                return None;
            }
            let parts = parts(&path, &source);
            (!parts.is_empty()).then_some((path, parts))
        })
        .collect()
}

/// The files (canonical) the root document `source` (at `root`) is written in besides itself.
fn parts(root: &Path, source: &gatewright::source::SourceFile) -> Vec<PathBuf> {
    let parsed = gatewright::parse::parse(source);
    let Some(tree) = parsed
        .tree
        .as_ref()
        .filter(|t| t.root().is_some_and(|r| r.get("openapi").is_some() || r.get("swagger").is_some()))
    else {
        return Vec::new();
    };
    let folder = super::folder::Folder::of(root);
    let read = |p: &str| folder.read(p);
    let Some(bundled) = gatewright::bundle::bundle(source, tree, &read) else { return Vec::new() };
    bundled.source.parts().iter().skip(1).filter_map(|p| std::fs::canonicalize(&p.name).ok()).collect()
}

/// `path` as seen from `here` when it is under it (as `check` names files).
fn relative(path: &Path, here: &Path) -> PathBuf {
    path.strip_prefix(here).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}
