//! Text → span tree, with the source-level diagnostics: encoding, syntax, duplicate keys; and the
//! OpenAPI version gate for the chosen API kind ([`gate`]). Never fails: it returns what it could build plus diagnostics.

mod version;

pub use version::gate;

use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;
use crate::source::{Format, SourceFile};
use crate::tree::{self, Tree};

/// The outcome of reading one document.
#[derive(Debug)]
pub struct Parsed {
    /// The tree, when the text could be read at all.
    pub tree: Option<Tree>,
    /// Whether the document is a mapping, so its kind can be chosen and its version gated
    /// ([`gate`]) before it is lowered.
    pub lowerable: bool,
    /// What was found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a source file.
pub fn parse(source: &SourceFile) -> Parsed {
    let mut diagnostics = Vec::new();
    if let Some(at) = source.invalid_utf8_at() {
        diagnostics.push(
            Diagnostic::new(Code::InvalidEncoding, "the file is not valid UTF-8")
                .at_span(at..at + 1, "this byte does not belong to a UTF-8 sequence")
                .help("save the file as UTF-8"),
        );
    }
    let text = source.shared_text();
    // A document that starts with `{` or `[` is JSON and held to JSON's rules (no trailing
    // commas, quoted keys), even though YAML's flow style would accept more.
    let result = tree::parse(&text, source.format());
    let tree = match result {
        Ok(t) => t,
        Err(e) => {
            let what = match source.format() {
                Format::Json => "the file is not valid JSON",
                Format::Yaml => "the file is not valid YAML",
            };
            diagnostics.push(
                Diagnostic::new(Code::InvalidSyntax, what)
                    .at_span(e.span, e.message)
                    .help("fix the syntax at this position; nothing else can be checked until the file parses"),
            );
            return Parsed { tree: None, lowerable: false, diagnostics };
        }
    };
    for d in tree.duplicates() {
        let map = tree.pointer_of(d.map);
        diagnostics.push(
            Diagnostic::new(Code::DuplicateKey, format!("duplicate key `{}`", d.key))
                .at_span(d.second.clone(), "defined again here")
                .at_span(d.first.clone(), "first defined here")
                .subject(map.child(&d.key))
                .help(format!(
                    "remove one of the two `{}` entries{}; readers disagree on which one wins",
                    d.key,
                    if map.as_str().is_empty() { String::new() } else { format!(" in `{map}`") }
                )),
        );
    }
    let lowerable = match tree.root() {
        None => {
            diagnostics.push(
                Diagnostic::new(Code::EmptyDocument, "the file holds no document")
                    .at_span(0..0, "empty")
                    .help("add an OpenAPI 3.0 document, starting with `openapi: 3.0.1`"),
            );
            false
        }
        Some(root) if !root.is_map() => {
            diagnostics.push(
                Diagnostic::new(Code::DocumentNotAMapping, "the document's top level is not a mapping")
                    .at_value(&Pointer::root(), "expected `openapi`, `info` and `paths` here")
                    .help("an OpenAPI document is a mapping with `openapi`, `info` and `paths`"),
            );
            false
        }
        Some(_) => true,
    };
    Parsed { tree: Some(tree), lowerable, diagnostics }
}
