//! `--format concise`: one line per finding, `path:line:column: severity[CODE] message`, as
//! ruff's concise output (grep-able, and the form editors' problem matchers read).

use super::resolve_labels;
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;
use crate::tree::Tree;

/// One finding's line (with its newline): where its primary label starts, its severity and code
/// (` [advice]` for gatewright's advice, which AWS accepts silently) and its message on one line.
pub fn concise_line(source: &SourceFile, tree: Option<&Tree>, d: &Diagnostic) -> String {
    let (line, column) = resolve_labels(source, tree, d).first().map_or((1, 1), |l| source.line_col(l.span.start));
    let advice = if d.code.aws_level().is_advice() { " [advice]" } else { "" };
    let message = super::visible(&d.message).replace('\n', " ");
    format!(
        "{}:{line}:{column}: {}[{}]{advice} {message}\n",
        super::visible(source.name()),
        d.severity.as_str(),
        d.code.id()
    )
}

/// Every finding of one file, a line each.
pub fn render_concise(source: &SourceFile, tree: Option<&Tree>, diags: &[Diagnostic]) -> String {
    if !source.parts().is_empty() {
        let parts = super::split_parts(source, diags.to_vec());
        return parts.iter().map(|(part, found)| render_concise(part, None, found)).collect();
    }
    diags.iter().map(|d| concise_line(source, tree, d)).collect()
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::{Code, Diagnostic};
    use crate::source::SourceFile;

    #[test]
    fn one_line_per_finding_with_its_position() {
        let source = SourceFile::new("api.yaml", "openapi: 3.0.1\npaths:\n  /a: {}\n");
        let d = Diagnostic::new(Code::find("GW201").unwrap(), "two\nlines").at_span(24..26, "here");
        assert_eq!(super::render_concise(&source, None, &[d]), "api.yaml:3:3: error[GW201] two lines\n");
    }
}
