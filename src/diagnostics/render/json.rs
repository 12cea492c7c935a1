//! The `--format json` schema: one object for the whole run.
//!
//! `{"files": [{"path", "diagnostics": [{"code", "name", "severity", "message", "help",
//! "pointer", "line", "column", "end_line", "end_column", "related": [{"message", "line",
//! "column"}]}]}], "summary": {"errors", "warnings", "infos", "failed"}}`. Lines and columns are
//! 1-based; columns count characters; the end position is exclusive.

use super::resolve_labels;
use crate::diagnostics::{Diagnostic, Summary};
use crate::source::SourceFile;
use crate::tree::Tree;
use serde_json::{Value, json};

/// One file's entry of the `files` array.
pub fn file_json(source: &SourceFile, tree: Option<&Tree>, diags: &[Diagnostic]) -> Value {
    let list: Vec<Value> = diags
        .iter()
        .map(|d| {
            let labels = resolve_labels(source, tree, d);
            let (line, column, end_line, end_column) = match labels.first() {
                Some(l) => {
                    let (a, b) = source.line_col(l.span.start);
                    let (c, e) = source.line_col(l.span.end);
                    (a, b, c, e)
                }
                None => (1, 1, 1, 1),
            };
            let related: Vec<Value> = labels
                .iter()
                .skip(1)
                .map(|l| {
                    let (line, column) = source.line_col(l.span.start);
                    json!({"message": l.message, "line": line, "column": column})
                })
                .collect();
            json!({
                "code": d.code.id(),
                "name": d.code.name(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "help": d.help,
                "pointer": d.pointer().map(|p| p.as_str()),
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "related": related,
            })
        })
        .collect();
    json!({"path": source.name(), "diagnostics": list})
}

/// The whole run.
pub fn render_json(files: Vec<Value>, summary: Summary) -> String {
    let v = json!({"files": files, "summary": summary});
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
