//! `check --fix`: the machine-applicable fixes of every finding applied to the files, everything
//! else kept byte for byte (comments, quoting, order, line endings), each file written atomically
//! (`io::rewrite`, which refuses a read-only file, a hard-linked one and one that changed since it
//! was read); with `--diff` the changes are printed as a unified diff and nothing is written. A
//! file that is not UTF-8 is not fixed (its fixes are computed on a text where each invalid
//! sequence became U+FFFD, so writing it back would change bytes). A file that is refused is said
//! so on stderr and makes the exit status 2; the others are fixed, and the check that follows
//! reports what remains.
//!
//! A fix is applied only when it brings up no new finding (renaming `securty` to `security` can
//! make a requirement on an undefined scheme take effect). The fixes are tried together first,
//! one more check of the document; only when that brings up a new finding is each tried alone
//! (a check per fix), and one that would is left, with what it would bring up on stderr, for the
//! author to decide; the fixes kept are checked together once more.

use crate::cli::Common;
use crate::io::discover;
use crate::io::input::read_source;
use crate::io::rewrite::rewrite;
use crate::io::settings::{Finder, resolve};
use gatewright::diagnostics::{Diagnostic, Fix};
use gatewright::source::SourceFile;
use std::collections::BTreeMap;
use std::io::Write;

type Edits = Vec<(std::ops::Range<usize>, String)>;

/// Findings counted by code. A fix may change a finding's words (renaming `/pets/` renames the
/// route that has no integration), so a new finding is one more of a code.
fn counts(diags: &[Diagnostic]) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for d in diags {
        *out.entry(d.code.id()).or_insert(0) += 1;
    }
    out
}

/// One document to fix: where it is, its settings, and the files it is written in.
struct Document<'a> {
    name: String,
    folder: crate::io::folder::Folder,
    options: &'a gatewright::Options,
}

impl Document<'_> {
    /// Analyses the document with `texts` (by file name) in place of what the files hold: the
    /// root's text, and its parts' through the loader.
    fn analyze(&self, texts: &std::collections::HashMap<String, String>) -> gatewright::Analysis {
        let root = texts.get(&self.name).cloned().unwrap_or_default();
        let read = |p: &str| match texts.get(&self.folder.shown(p)) {
            Some(t) => Ok(SourceFile::new(self.folder.shown(p), t.as_str())),
            None => self.folder.read(p),
        };
        gatewright::analyze_with(SourceFile::new(self.name.as_str(), root), self.options, self.folder.loader(&read))
    }

    /// The findings of the document with `texts` of a code `before` has fewer of.
    fn new_findings(
        &self,
        texts: &std::collections::HashMap<String, String>,
        before: &BTreeMap<&'static str, usize>,
    ) -> Vec<String> {
        let a = self.analyze(texts);
        let after = counts(&a.diagnostics);
        a.diagnostics
            .iter()
            .filter(|d| after[d.code.id()] > before.get(d.code.id()).copied().unwrap_or(0))
            .map(|d| format!("{}: {}", d.code.id(), d.message))
            .collect()
    }
}

/// The files of an analysed document: each file's name and text, and where it starts in the
/// analysis's text (one file, or the parts of a split document).
fn files_of(source: &SourceFile) -> Vec<(String, String, usize)> {
    if source.parts().is_empty() {
        return vec![(source.name().to_string(), source.text().to_string(), 0)];
    }
    let text = source.text();
    source.parts().iter().map(|p| (p.name.clone(), text[p.range.clone()].to_string(), p.range.start)).collect()
}

/// Every file's text with the edits that fall in it applied: the texts by name, and the number
/// of edits applied.
fn apply_all(files: &[(String, String, usize)], edits: Edits) -> (std::collections::HashMap<String, String>, usize) {
    let mut out = std::collections::HashMap::new();
    let mut applied = 0;
    for (name, text, base) in files {
        let end = base + text.len();
        let mine: Edits = edits
            .iter()
            .filter(|(r, _)| r.start >= *base && r.end <= end)
            .map(|(r, t)| (r.start - base..r.end - base, t.clone()))
            .collect();
        let (fixed, n) = apply(text, mine);
        applied += n;
        out.insert(name.clone(), fixed);
    }
    (out, applied)
}

/// The text of `text` with `edits` (byte ranges and replacements) applied; an edit that overlaps
/// an earlier one is left out (it is applied by the next run, against the new text).
pub(crate) fn apply(text: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> (String, usize) {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let (mut at, mut applied) = (0, 0);
    for (r, new) in edits {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&new);
        at = r.end;
        applied += 1;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// A unified diff of `old` and `new` (three lines of context). Fixes that keep every line where
/// it was (renames within a line) are compared line by line, in linear time; otherwise a line
/// diff is computed.
fn unified_diff(old: &str, new: &str, name: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.split_inclusive('\n').collect(), new.split_inclusive('\n').collect());
    if a.len() != b.len() {
        return similar::TextDiff::from_lines(old, new).unified_diff().header(name, name).to_string();
    }
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    let mut out = String::new();
    if changed.is_empty() {
        return out;
    }
    out.push_str(&format!("--- {name}\n+++ {name}\n"));
    let mut i = 0;
    while i < changed.len() {
        // A hunk: changed lines closer than twice the context run together.
        let mut j = i;
        while j + 1 < changed.len() && changed[j + 1] - changed[j] <= 2 * CONTEXT {
            j += 1;
        }
        let (start, end) = (changed[i].saturating_sub(CONTEXT), (changed[j] + CONTEXT + 1).min(a.len()));
        out.push_str(&format!("@@ -{},{} +{},{} @@\n", start + 1, end - start, start + 1, end - start));
        let mut k = start;
        while k < end {
            if a[k] == b[k] {
                out.push(' ');
                out.push_str(a[k]);
                k += 1;
                continue;
            }
            // A run of changed lines: the old ones, then the new ones, as diff tools write them.
            let run_end = (k..end).find(|&m| a[m] == b[m]).unwrap_or(end);
            for line in &a[k..run_end] {
                out.push('-');
                out.push_str(line);
            }
            for line in &b[k..run_end] {
                out.push('+');
                out.push_str(line);
            }
            k = run_end;
        }
        if !out.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
        i = j + 1;
    }
    out
}

/// What `--fix` did.
pub(crate) struct Outcome {
    /// Fixes applied (with `--diff`: shown, pending).
    pub(crate) applied: usize,
    /// Files refused: a file that cannot be fixed faithfully is said so on stderr, and the
    /// others are fixed.
    pub(crate) refused: usize,
}

/// Applies (or, with `diff`, shows) the fixes in every file under `paths`. An error writing
/// standard output ends the run.
pub(crate) fn run(paths: &[std::path::PathBuf], diff: bool, c: &Common) -> Result<Outcome, String> {
    let (files, _) = discover::expand(paths);
    let finder = Finder::default();
    let mut done = Outcome { applied: 0, refused: 0 };
    let mut stdout = std::io::stdout().lock();
    for found in files {
        let f = found.path;
        if crate::io::input::is_stdin(&f) {
            return Err("--fix needs files: standard input cannot be fixed in place".into());
        }
        // What cannot be read (or whose settings are broken) is left to the check that follows,
        // which reports it.
        let Ok(options) = resolve(&finder, &f, c).map(|s| s.options) else { continue };
        let Ok(source) = read_source(&f) else { continue };
        let doc =
            Document { name: f.display().to_string(), folder: crate::io::folder::Folder::of(&f), options: &options };
        let read = |p: &str| doc.folder.read(p);
        let analysis = gatewright::analyze_with(source, &options, doc.folder.loader(&read));
        if !analysis.is_openapi_document() {
            continue;
        }
        let name = doc.name.clone();
        let files = files_of(&analysis.source);
        let before = counts(&analysis.diagnostics);
        let all: Vec<&Fix> = analysis.diagnostics.iter().filter_map(|d| d.fix.as_ref()).collect();
        if all.is_empty() {
            continue;
        }
        if let Some(at) = analysis.source.invalid_utf8_at() {
            eprintln!(
                "error: cannot fix `{name}`: it is not valid UTF-8 (byte {at}, GW003); fixes are applied to UTF-8 files only, so nothing was changed"
            );
            done.refused += 1;
            continue;
        }
        // All together first (one more check of the document); only when that brings up a new
        // finding is each tried alone, to leave out the ones that do.
        let (mut fixed, mut applied) = apply_all(&files, all.iter().flat_map(|f| f.spans()).collect());
        if !doc.new_findings(&fixed, &before).is_empty() {
            let mut kept: Edits = Vec::new();
            for fix in &all {
                let (alone, _) = apply_all(&files, fix.spans());
                let brought = doc.new_findings(&alone, &before);
                if brought.is_empty() {
                    kept.extend(fix.spans());
                } else {
                    eprintln!("{name}: not applied: {} would bring up {}", fix.title, brought.join("; "));
                }
            }
            (fixed, applied) = apply_all(&files, kept);
            if applied > 0 && !doc.new_findings(&fixed, &before).is_empty() {
                eprintln!("{name}: not applied: the fixes together would bring up new findings");
                (fixed, applied) = apply_all(&files, Vec::new());
            }
        }
        if applied == 0 {
            continue;
        }
        for (file, text, _) in &files {
            let new = fixed.get(file).map_or(text.as_str(), String::as_str);
            if new == text {
                continue;
            }
            if diff {
                let shown = unified_diff(text, new, file);
                stdout.write_all(shown.as_bytes()).map_err(|e| format!("cannot write to standard output: {e}"))?;
            } else if let Err(e) = rewrite(std::path::Path::new(file), text.as_bytes(), new.as_bytes()) {
                eprintln!("error: cannot fix `{file}`: {e}; nothing was changed");
                done.refused += 1;
                applied = 0;
                break;
            }
        }
        done.applied += applied;
        if !diff && applied > 0 {
            eprintln!("fixed {} in {name}", crate::io::plural(applied, "finding"));
        }
    }
    stdout.flush().map_err(|e| format!("cannot write to standard output: {e}"))?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_for_line_diffs_match_a_line_diff() {
        let old: String = (0..40).map(|i| format!("k{i}: v\n")).collect();
        let new = old.replace("k3:", "K3:").replace("k5:", "K5:").replace("k30:", "K30:");
        let ours = super::unified_diff(&old, &new, "f");
        let theirs =
            similar::TextDiff::from_lines(old.as_str(), new.as_str()).unified_diff().header("f", "f").to_string();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn edits_apply_in_order_and_overlaps_wait() {
        let (out, n) =
            super::apply("a: 1\nb_c: 2\n", vec![(5..8, "bC".into()), (0..1, "A".into()), (6..7, "x".into())]);
        assert_eq!((out.as_str(), n), ("A: 1\nbC: 2\n", 2));
    }
}
