//! Diagnostics: what gatewright reports, where, and how severe, before any rendering.
//!
//! A diagnostic names locations by JSON pointer (or, for syntax errors, by byte span); spans are
//! computed only when rendering. Severities are AWS's three import levels.

mod codes;
pub mod render;

pub use codes::{AwsLevel, Code};

use crate::pointer::Pointer;
use std::ops::Range;

/// AWS's three levels: error (import fails), warning (element skipped; fails with
/// `FailOnWarnings`), info (ignored, reported in `ImportInfo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Ignored feature; never fails.
    Info,
    /// Fails only with `--fail-on-warnings`.
    Warning,
    /// Always fails.
    Error,
}

impl Severity {
    /// The lower-case name used in machine output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which part of a located node a label underlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The mapping key (`uri:`), or the value when the node has no key.
    Key,
    /// The value.
    Value,
}

/// Where a label points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A node of the document.
    Node(Pointer, Part),
    /// A raw byte range (syntax errors, before any tree exists).
    Span(Range<usize>),
}

/// One underlined place with a short message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub location: Location,
    /// What is said there.
    pub message: String,
}

/// A machine-applicable remedy: text edits that remove the finding and change nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, for editors (`rename to \`allowOrigins\``).
    pub title: String,
    /// The edits; after analysis every location is a span.
    pub edits: Vec<Edit>,
    /// The fix is withdrawn when this node exists (a rename onto a key the mapping already has).
    pub unless: Option<Pointer>,
}

impl Fix {
    /// The edits as byte ranges and their new text (those already resolved to spans, which after
    /// analysis is all of them).
    pub fn spans(&self) -> Vec<(Range<usize>, String)> {
        self.edits
            .iter()
            .filter_map(|e| match &e.location {
                Location::Span(r) => Some((r.clone(), e.replacement.clone())),
                Location::Node(..) => None,
            })
            .collect()
    }
}

/// One text edit of a [`Fix`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// What is replaced: a node's key or value, or (after analysis) a byte range.
    pub location: Location,
    /// The new text (a key keeps the quotes it was written with).
    pub replacement: String,
    /// Before analysis: the edit adds an entry with this key to the mapping at `location`, and
    /// `replacement` is its value (written as JSON, which YAML reads alike).
    pub new_key: Option<String>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The registry entry.
    pub code: Code,
    /// Effective severity (the code's default unless overridden).
    pub severity: Severity,
    /// One line, lower case, no trailing period; identifiers in backticks.
    pub message: String,
    /// The primary label first, then related places.
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// The node the finding is about, when the labels are raw spans (duplicate keys).
    pub subject: Option<Pointer>,
    /// A machine-applicable fix (`check --fix`, the editor's quick fix).
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and no labels yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            subject: None,
            fix: None,
        }
    }

    /// Offers renaming the key of the node at `ptr` (in the mapping at `parent`) to `new`,
    /// unless the mapping already has that key.
    pub fn rename_key(self, parent: &Pointer, ptr: &Pointer, new: &str) -> Self {
        let at = Location::Node(ptr.clone(), Part::Key);
        self.offer(format!("rename to `{new}`"), at, new, None, Some(parent.child(new)))
    }

    /// Offers replacing the value of the node at `ptr` by `new` (quotes kept).
    pub fn replace_value(self, ptr: &Pointer, new: &str, title: impl Into<String>) -> Self {
        self.offer(title.into(), Location::Node(ptr.clone(), Part::Value), new, None, None)
    }

    /// Offers adding `key: value` (the value written as JSON) to the mapping at `map`, unless it
    /// has that key already.
    pub fn add_entry(self, map: &Pointer, key: &str, value: &str) -> Self {
        let at = Location::Node(map.clone(), Part::Value);
        self.offer(format!("add `{key}: {value}`"), at, value, Some(key.to_string()), Some(map.child(key)))
    }

    /// A fix of one edit.
    fn offer(
        mut self,
        title: String,
        location: Location,
        replacement: &str,
        new_key: Option<String>,
        unless: Option<Pointer>,
    ) -> Self {
        let edits = vec![Edit { location, replacement: replacement.to_string(), new_key }];
        self.fix = Some(Fix { title, edits, unless });
        self
    }

    /// Adds a label on the key of the node at `ptr` (the value for sequence items).
    pub fn at_key(mut self, ptr: &Pointer, message: impl Into<String>) -> Self {
        self.labels.push(Label { location: Location::Node(ptr.clone(), Part::Key), message: message.into() });
        self
    }

    /// Adds a label on the value of the node at `ptr`.
    pub fn at_value(mut self, ptr: &Pointer, message: impl Into<String>) -> Self {
        self.labels.push(Label { location: Location::Node(ptr.clone(), Part::Value), message: message.into() });
        self
    }

    /// Adds a label on a raw byte range.
    pub fn at_span(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.labels.push(Label { location: Location::Span(span), message: message.into() });
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the node the finding is about, for diagnostics labelled by raw spans.
    pub fn subject(mut self, ptr: Pointer) -> Self {
        self.subject = Some(ptr);
        self
    }

    /// The node the finding is about: the subject, else the first label that names a node.
    pub fn pointer(&self) -> Option<&Pointer> {
        self.subject.as_ref().or_else(|| {
            self.labels.iter().find_map(|l| match &l.location {
                Location::Node(p, _) => Some(p),
                Location::Span(_) => None,
            })
        })
    }
}

/// Counts by severity, and whether the gate fails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
    /// The warnings AWS's import reports too (AWS level warning or error), which AWS's
    /// `FailOnWarnings` fails on; the others are gatewright's advice.
    pub aws_warnings: usize,
    /// Whether this fails: any error, or, under `fail_on_warnings`, any warning AWS reports.
    pub failed: bool,
}

impl Summary {
    /// Counts `diags` and applies the gate.
    pub fn of(diags: &[Diagnostic], fail_on_warnings: bool) -> Self {
        let mut s = Summary::default();
        for d in diags {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => {
                    s.warnings += 1;
                    if d.code.aws_level().fails_with_fail_on_warnings() {
                        s.aws_warnings += 1;
                    }
                }
                Severity::Info => s.infos += 1,
            }
        }
        s.failed = s.errors > 0 || (fail_on_warnings && s.aws_warnings > 0);
        s
    }

    /// Adds another summary's counts.
    pub fn add(&mut self, other: Summary) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.aws_warnings += other.aws_warnings;
        self.failed |= other.failed;
    }
}
