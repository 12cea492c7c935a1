//! Human output through miette's graphical handler.

use super::resolve_labels;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::tree::Tree;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

/// How to draw.
#[derive(Clone, Copy, Debug)]
pub struct HumanStyle {
    /// ANSI colours (only on a terminal, never with `NO_COLOR`).
    pub color: bool,
    /// Wrap width.
    pub width: usize,
}

impl HumanStyle {
    /// The deterministic style used by tests and non-terminal output.
    pub fn plain() -> Self {
        HumanStyle { color: false, width: 80 }
    }
}

/// Renders every diagnostic of one file.
pub fn render_human(source: &SourceFile, tree: Option<&Tree>, diags: &[Diagnostic], style: HumanStyle) -> String {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false);
    let named = NamedSource::new(source.name(), source.text().to_string()).with_language(match source.format() {
        crate::source::Format::Json => "json",
        crate::source::Format::Yaml => "yaml",
    });
    let mut out = String::new();
    for d in diags {
        let labels = resolve_labels(source, tree, d);
        let spans = labels.into_iter().enumerate().map(|(i, l)| {
            let span = (l.span.start, l.span.len());
            if i == 0 {
                LabeledSpan::new_primary_with_span(Some(l.message), span)
            } else {
                LabeledSpan::new_with_span(Some(l.message), span)
            }
        });
        let mut m = MietteDiagnostic::new(d.message.clone())
            .with_code(format!("{}({})", d.code.id(), d.code.name()))
            .with_severity(match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            })
            .with_labels(spans);
        if let Some(h) = &d.help {
            m = m.with_help(h.clone());
        }
        let report = Report::new(m).with_source_code(named.clone());
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out.push_str(&format!("{}: {}\n", d.code.id(), d.message));
        }
    }
    out
}
