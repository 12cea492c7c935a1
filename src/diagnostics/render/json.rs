//! The `--format json` schema: one object for the whole run.
//!
//! `{"files": [{"path", "api"?, "error"?, "diagnostics": [{"code", "name", "severity", "aws", "message", "help",
//! "pointer", "line", "column", "end_line", "end_column", "related": [{"message", "line",
//! "column"}]}], "deployed_by"?: {"resource", "path", "line", "column"}, "copy_of"?}], "summary": {"errors", "warnings", "infos", "aws_warnings", "failed"},
//! "statistics"?: [{"code", "name", "count"}]}` (`statistics` with `--statistics` only, in code order). `aws` is
//! what AWS's import does with the finding: `error`, `warning` or `info` (AWS reports it too),
//! `accepted` (AWS accepts it silently: gatewright's advice) or `n/a` (a compile-time need). Lines and columns are
//! 1-based; columns count characters; the end position is exclusive. `error` is present (and
//! `diagnostics` empty) for a file that could not be read; the run then has `"failed": true`. Serialized straight from
//! these structs (no intermediate JSON tree: a large document can have thousands of findings).

use super::resolve_labels;
use crate::diagnostics::{Diagnostic, Summary};
use crate::source::SourceFile;
use crate::tree::Tree;
use serde::Serialize;

/// One file's entry of the `files` array.
#[derive(Debug, Serialize)]
pub struct FileReport {
    path: String,
    /// The kind of API the document was checked as (`http`, `rest`).
    #[serde(skip_serializing_if = "Option::is_none")]
    api: Option<crate::kind::ApiKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// For a body file of a Terraform configuration: the resource that deploys it.
    #[serde(skip_serializing_if = "Option::is_none")]
    deployed_by: Option<DeployedBy>,
    /// For a file of a document written in several files: the root document that references it.
    #[serde(skip_serializing_if = "Option::is_none")]
    part_of: Option<String>,
    /// For a CDK asset: the project's file it is a copy of.
    #[serde(skip_serializing_if = "Option::is_none")]
    copy_of: Option<String>,
    diagnostics: Vec<DiagnosticReport>,
}

/// The Terraform resource a body file was checked for.
#[derive(Debug, Serialize)]
struct DeployedBy {
    resource: String,
    path: String,
    line: usize,
    column: usize,
}

impl FileReport {
    /// A file that could not be read (or whose settings could not be), with the reason.
    pub fn unreadable(path: impl Into<String>, error: impl Into<String>) -> Self {
        FileReport {
            path: path.into(),
            api: None,
            error: Some(error.into()),
            deployed_by: None,
            part_of: None,
            copy_of: None,
            diagnostics: Vec::new(),
        }
    }

    /// Names the Terraform resource a body file was checked for.
    pub fn deployed_by(mut self, via: Option<&crate::terraform::Via>) -> Self {
        self.deployed_by = via.map(|v| DeployedBy {
            resource: v.resource.clone(),
            path: v.path.clone(),
            line: v.line,
            column: v.column,
        });
        self
    }

    /// Names the file of the project a CDK asset is a copy of.
    pub fn copy_of(mut self, source: Option<&str>) -> Self {
        self.copy_of = source.map(str::to_string);
        self
    }

    /// Names the root document of a split document this file is a part of.
    pub fn part_of(mut self, root: &str) -> Self {
        self.part_of = Some(root.to_string());
        self
    }

    /// Says which kind of API the document was checked as.
    pub fn with_api(mut self, api: Option<crate::kind::ApiKind>) -> Self {
        self.api = api;
        self
    }
}

#[derive(Debug, Serialize)]
struct DiagnosticReport {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    aws: &'static str,
    message: String,
    help: Option<String>,
    pointer: Option<String>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    related: Vec<Related>,
}

#[derive(Debug, Serialize)]
struct Related {
    message: String,
    line: usize,
    column: usize,
}

/// Resolves one file's diagnostics to positions (taking them, so their text is moved rather
/// than copied).
pub fn file_json(source: &SourceFile, tree: Option<&Tree>, diags: Vec<Diagnostic>) -> FileReport {
    let diagnostics = diags
        .into_iter()
        .map(|d| {
            let labels = resolve_labels(source, tree, &d);
            let ((line, column), (end_line, end_column)) = match labels.first() {
                Some(l) => (source.line_col(l.span.start), source.line_col(l.span.end)),
                None => ((1, 1), (1, 1)),
            };
            let pointer = d.pointer().map(|p| p.as_str().to_string());
            let related = labels
                .into_iter()
                .skip(1)
                .map(|l| {
                    let (line, column) = source.line_col(l.span.start);
                    Related { message: l.message, line, column }
                })
                .collect();
            DiagnosticReport {
                code: d.code.id(),
                name: d.code.name(),
                severity: d.severity.as_str(),
                aws: d.code.aws_level().short(),
                message: d.message,
                help: d.help,
                pointer,
                line,
                column,
                end_line,
                end_column,
                related,
            }
        })
        .collect();
    FileReport {
        path: source.name().to_string(),
        api: None,
        error: None,
        deployed_by: None,
        part_of: None,
        copy_of: None,
        diagnostics,
    }
}

#[derive(Serialize)]
struct Run<'a> {
    files: &'a [FileReport],
    summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<Vec<super::CodeCount>>,
}

/// The whole run, as a string.
pub fn render_json(files: &[FileReport], summary: Summary) -> String {
    serde_json::to_string_pretty(&Run { files, summary, statistics: None }).unwrap_or_default() + "\n"
}

/// The whole run, written as it is serialized; `statistics` (with `--statistics`) adds the counts
/// per code.
pub fn write_json(
    out: &mut impl std::io::Write,
    files: &[FileReport],
    summary: Summary,
    statistics: Option<&super::Statistics>,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Run { files, summary, statistics: statistics.map(|s| s.rows()) })?;
    out.write_all(b"\n")
}
