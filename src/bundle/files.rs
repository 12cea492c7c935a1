//! The files of a split document: which file a `$ref` names (resolved against the referring
//! file's folder, never above the root folder), each file read once through the caller's loader,
//! and all of them laid end to end in one text so that one span tree can hold them all.

use crate::diagnostics::{Diagnostic, Location};
use crate::source::SourceFile;
use crate::tree::Tree;
use std::collections::HashMap;

/// Reads a file of a split document by its path relative to the root document's folder, with
/// `/` separators and no `.` or `..` left in it. The caller decides what may be read (regular
/// files under the root folder once symbolic links are resolved, within the size cap) and says
/// why not otherwise; the library does no I/O.
pub type Loader<'a> = &'a dyn Fn(&str) -> Result<SourceFile, String>;

/// One file of the set: its name as reported, its tree (spans local to its own text) and where
/// its text starts in the joined text.
pub(super) struct File {
    pub(super) name: String,
    /// Relative path from the root folder.
    pub(super) path: String,
    /// None for the root document (its tree is the analysis's) and for a file that could not be read.
    pub(super) tree: Option<Tree>,
    pub(super) base: u32,
    pub(super) text: std::sync::Arc<str>,
}

/// The files read so far, by relative path; the root document is file 0.
pub(super) struct Files<'a> {
    root: &'a Tree,
    pub(super) list: Vec<File>,
    by_path: HashMap<String, usize>,
    load: Loader<'a>,
    /// The joined length so far (each file is followed by a line break).
    len: usize,
    /// What reading the other files found (syntax errors, encoding, duplicate keys), placed in
    /// the joined text.
    pub(super) found: Vec<Diagnostic>,
    /// Files at most: a split document is a handful to a few hundred files.
    limit: usize,
}

/// Where a reference leads: a file of the set and a JSON pointer fragment (without `#`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Target {
    pub(super) file: usize,
    pub(super) fragment: String,
}

impl<'a> Files<'a> {
    pub(super) fn new(root: &SourceFile, tree: &'a Tree, load: Loader<'a>) -> Self {
        let text = root.shared_text();
        let len = text.len() + 1;
        // The root's path from its own folder is its file name: a part may refer back to it.
        let path = root.name().rsplit(['/', '\\']).next().unwrap_or("").to_string();
        let root_file = File { name: root.name().to_string(), path: path.clone(), tree: None, base: 0, text };
        let by_path = HashMap::from([(path, 0)]);
        Files { root: tree, list: vec![root_file], by_path, load, len, found: Vec::new(), limit: 10_000 }
    }

    /// The root document's tree.
    pub(super) fn root(&self) -> &Tree {
        self.root
    }

    /// The tree of file `i`.
    pub(super) fn tree(&self, i: usize) -> Option<&Tree> {
        if i == 0 { Some(self.root) } else { self.list.get(i).and_then(|f| f.tree.as_ref()) }
    }

    /// Resolves `reference` written in file `from`: the target, or why it is not followed.
    pub(super) fn resolve(&mut self, from: usize, reference: &str) -> Result<Target, String> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = fragment.to_string();
        if path.is_empty() {
            return Ok(Target { file: from, fragment });
        }
        let lower = path.to_ascii_lowercase();
        if lower.starts_with("//") || lower.contains("://") || lower.starts_with("file:") {
            return Err(format!(
                "`{reference}` is a URL: gatewright reads only files beside the document, and never fetches"
            ));
        }
        if path.starts_with('/') || path.starts_with('\\') || path.as_bytes().get(1) == Some(&b':') {
            return Err(format!("`{reference}` is an absolute path: only paths relative to the document are read"));
        }
        let joined = join(folder(&self.list[from].path), path).ok_or_else(|| {
            format!("`{reference}` leads out of the root document's folder, which gatewright does not read")
        })?;
        if let Some(&i) = self.by_path.get(&joined) {
            return Ok(Target { file: i, fragment });
        }
        if self.list.len() >= self.limit {
            return Err(format!(
                "`{reference}` is one file too many (a split document is read up to {} files)",
                self.limit
            ));
        }
        let source = (self.load)(&joined).map_err(|why| format!("`{reference}` is not followed: {why}"))?;
        let base = self.len as u32;
        let text = source.shared_text();
        self.len += text.len() + 1;
        if self.len >= (1usize << 31) {
            return Err(format!("`{reference}` is past the 2 GiB that a split document may hold in all"));
        }
        let parsed = crate::parse::parse(&source);
        for mut d in parsed.diagnostics {
            shift(&mut d, base);
            d.subject = None;
            self.found.push(d);
        }
        let i = self.list.len();
        self.list.push(File { name: source.name().to_string(), path: joined.clone(), tree: parsed.tree, base, text });
        self.by_path.insert(joined, i);
        Ok(Target { file: i, fragment })
    }

    /// All texts joined, each followed by a line break, and where each file's part is.
    pub(super) fn joined(&self) -> (String, Vec<crate::source::Part>) {
        let mut text = String::with_capacity(self.len);
        let mut parts = Vec::with_capacity(self.list.len());
        for f in &self.list {
            let start = text.len();
            text.push_str(&f.text);
            parts.push(crate::source::Part { name: f.name.clone(), range: start..text.len() });
            text.push('\n');
        }
        (text, parts)
    }
}

/// Moves a diagnostic's span labels by `base` (a file's place in the joined text).
pub(super) fn shift(d: &mut Diagnostic, base: u32) {
    let base = base as usize;
    for l in &mut d.labels {
        if let Location::Span(r) = &mut l.location {
            *r = r.start + base..r.end + base;
        }
    }
}

/// The folder of a relative path (`""` for a file in the root folder).
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `folder/reference` with `.` and `..` worked out; None when it climbs above the root folder.
fn join(folder: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for seg in reference.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn paths_are_joined_without_climbing_out() {
        assert_eq!(join("", "schemas/pet.yaml").as_deref(), Some("schemas/pet.yaml"));
        assert_eq!(join("paths", "../schemas/./pet.yaml").as_deref(), Some("schemas/pet.yaml"));
        assert_eq!(join("a/b", "../../c.yaml").as_deref(), Some("c.yaml"));
        assert_eq!(join("", "../outside.yaml"), None);
        assert_eq!(join("a", "../../outside.yaml"), None);
        assert_eq!(join("", "a/../../x.yaml"), None);
    }
}
