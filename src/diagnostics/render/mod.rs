//! Rendering diagnostics: pointers become byte spans here, and only here.

mod concise;
mod github;
mod human;
mod json;
mod sarif;
mod snippet;
mod statistics;

pub use concise::{concise_line, render_concise};
pub use github::{github_file_error, render_github};
pub use human::{HumanStyle, render_human, write_human};
pub use json::{FileReport, file_json, render_json, write_json};
pub use sarif::{sarif_log, sarif_results};
pub use statistics::{CodeCount, Statistics};

use super::{Diagnostic, Location, Part};
use crate::source::SourceFile;
use crate::tree::Tree;
use std::ops::Range;

/// Text from the document made safe for a terminal: control characters (ESC, BEL, CR, NUL, C1
/// controls, DEL; not tab or newline) are shown as `\u{1b}` escapes, so a document cannot move
/// the cursor, change the terminal title or hide text.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hidden_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A control character a terminal would act on rather than show.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// A label with its byte span resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedLabel {
    /// Byte range, cut to the first line of the node.
    pub span: Range<usize>,
    /// The label text.
    pub message: String,
}

/// Resolves every label of `d` to a span; the primary label comes first. Alias and merge use
/// sites crossed on the way become extra labels, so a diagnostic inside an anchor says where the
/// anchor is used.
pub fn resolve_labels(source: &SourceFile, tree: Option<&Tree>, d: &Diagnostic) -> Vec<ResolvedLabel> {
    let mut out = Vec::new();
    for (i, l) in d.labels.iter().enumerate() {
        match &l.location {
            Location::Span(r) => out.push(ResolvedLabel { span: clamp(source, r.clone()), message: l.message.clone() }),
            Location::Node(ptr, part) => {
                let Some(at) = tree.and_then(|t| t.locate(ptr).map(|a| (t, a))) else {
                    out.push(ResolvedLabel { span: 0..0, message: l.message.clone() });
                    continue;
                };
                let (t, at) = at;
                let key = t.key_span(at.node);
                let span = match (part, at.exact) {
                    (Part::Value, true) => t.span(at.node),
                    _ => key.unwrap_or_else(|| t.span(at.node)),
                };
                let message = if at.exact { l.message.clone() } else { format!("{} (in here)", l.message) };
                out.push(ResolvedLabel { span: first_line(source, span), message });
                if i == 0 {
                    for via in at.via {
                        out.push(ResolvedLabel { span: first_line(source, via), message: "used here".into() });
                    }
                }
            }
        }
    }
    out
}

/// The byte offset that orders a diagnostic in output (its primary label's start).
pub fn sort_offset(source: &SourceFile, tree: Option<&Tree>, d: &Diagnostic) -> usize {
    resolve_labels(source, tree, d).first().map_or(0, |l| l.span.start)
}

fn clamp(source: &SourceFile, r: Range<usize>) -> Range<usize> {
    let len = source.text().len();
    let mut s = r.start.min(len);
    while s > 0 && !source.text().is_char_boundary(s) {
        s -= 1;
    }
    let mut e = r.end.clamp(s, len);
    while e < len && !source.text().is_char_boundary(e) {
        e += 1;
    }
    s..e
}

fn first_line(source: &SourceFile, r: Range<usize>) -> Range<usize> {
    let r = clamp(source, r);
    let end = r.end.min(source.line_range(r.start).end);
    let trimmed = source.text()[r.start..end].trim_end().len();
    r.start..r.start + trimmed
}

/// The findings of a document written in several files ([`SourceFile::parts`]), file by file:
/// each file as a source of its own and the findings whose first label is in it, their labels
/// moved to that file's offsets. A label in another file is said in the help instead (a snippet
/// shows one file). A document of one file is returned as it is.
pub fn split_parts(source: &SourceFile, diagnostics: Vec<Diagnostic>) -> Vec<(SourceFile, Vec<Diagnostic>)> {
    if source.parts().is_empty() {
        return vec![(source.clone(), diagnostics)];
    }
    let parts = source.parts();
    let mut out: Vec<(SourceFile, Vec<Diagnostic>)> = parts
        .iter()
        .map(|p| (SourceFile::new(p.name.clone(), source.text().get(p.range.clone()).unwrap_or("")), Vec::new()))
        .collect();
    let part_of = |offset: usize| parts.partition_point(|p| p.range.start <= offset).saturating_sub(1);
    for mut d in diagnostics {
        let home = match d.labels.first().map(|l| &l.location) {
            Some(Location::Span(r)) => part_of(r.start),
            _ => 0,
        };
        let base = parts[home].range.start;
        let mut elsewhere = Vec::new();
        d.labels.retain_mut(|l| match &mut l.location {
            Location::Span(r) if part_of(r.start) == home => {
                *r = r.start - base..r.end.saturating_sub(base).max(r.start - base);
                true
            }
            Location::Span(r) => {
                let p = &parts[part_of(r.start)];
                let (line, column) = out[part_of(r.start)].0.line_col(r.start - p.range.start);
                elsewhere.push(format!("{}:{line}:{column}: {}", p.name, l.message));
                false
            }
            Location::Node(..) => true,
        });
        if !elsewhere.is_empty() {
            let also = format!("also at {}", elsewhere.join("; "));
            d.help = Some(match d.help.take() {
                Some(h) => format!("{h}\n{also}"),
                None => also,
            });
        }
        // A fix is a set of edits of one file; one that reaches into another is not offered here.
        if let Some(f) = d.fix.take() {
            let local = f.edits.iter().all(|e| matches!(&e.location, Location::Span(r) if part_of(r.start) == home));
            if local {
                let mut f = f;
                for e in &mut f.edits {
                    if let Location::Span(r) = &mut e.location {
                        *r = r.start - base..r.end - base;
                    }
                }
                d.fix = Some(f);
            }
        }
        out[home].1.push(d);
    }
    out
}
