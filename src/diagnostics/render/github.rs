//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`,
//! which GitHub shows as annotations on the pull request.

use super::resolve_labels;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::tree::Tree;

/// A message: `%`, CR and LF are escaped as GitHub requires.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: additionally `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A file that could not be read, as an error annotation on the file.
pub fn github_file_error(path: &str, message: &str) -> String {
    format!("::error file={}::{}\n", property(path), data(message))
}

/// One line per finding.
pub fn render_github(source: &SourceFile, tree: Option<&Tree>, diags: &[Diagnostic]) -> String {
    if !source.parts().is_empty() {
        let parts = super::split_parts(source, diags.to_vec());
        return parts.iter().map(|(part, found)| render_github(part, None, found)).collect();
    }
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let labels = resolve_labels(source, tree, d);
        let (line, col, end_line, end_col) = match labels.first() {
            Some(l) => {
                let (a, b) = source.line_col(l.span.start);
                let (c, e) = source.line_col(l.span.end);
                (a, b, c, e)
            }
            None => (1, 1, 1, 1),
        };
        let message = match &d.help {
            Some(h) => format!("{}\n{h}", d.message),
            None => d.message.clone(),
        };
        out.push_str(&format!(
            "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
            property(source.name()),
            property(&format!(
                "{} {}{}",
                d.code.id(),
                d.code.name(),
                if d.code.aws_level().is_advice() { " (advice: AWS accepts this)" } else { "" }
            )),
            data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
