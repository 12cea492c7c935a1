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

/// Renders every diagnostic of one file to a string.
pub fn render_human(source: &SourceFile, tree: Option<&Tree>, diags: &[Diagnostic], style: HumanStyle) -> String {
    let mut out = Vec::new();
    let _ = write_human(&mut out, source, tree, diags, style);
    String::from_utf8(out).unwrap_or_default()
}

/// Renders every diagnostic of one file, writing each as soon as it is drawn.
pub fn write_human(
    w: &mut impl std::io::Write,
    source: &SourceFile,
    tree: Option<&Tree>,
    diags: &[Diagnostic],
    style: HumanStyle,
) -> std::io::Result<()> {
    if !source.parts().is_empty() {
        for (part, found) in super::split_parts(source, diags.to_vec()) {
            write_human(w, &part, None, &found, style)?;
        }
        return Ok(());
    }
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width).with_links(false);
    if diags.is_empty() {
        return Ok(());
    }
    // Shares the text (no copy of a large document); snippets are cut with the line table.
    let lined = std::sync::Arc::new(super::snippet::Lined::new(source));
    let named = NamedSource::new(source.name(), lined).with_language(match source.format() {
        crate::source::Format::Json => "json",
        crate::source::Format::Yaml => "yaml",
    });
    for d in diags {
        let labels = resolve_labels(source, tree, d);
        if labels.iter().any(|l| on_long_line(source, &l.span)) {
            w.write_all(without_snippet(&handler, source, d, &labels).as_bytes())?;
            continue;
        }
        let spans = labels.into_iter().enumerate().map(|(i, l)| {
            let span = (l.span.start, l.span.len());
            if i == 0 {
                LabeledSpan::new_primary_with_span(Some(super::visible(&l.message).into_owned()), span)
            } else {
                LabeledSpan::new_with_span(Some(super::visible(&l.message).into_owned()), span)
            }
        });
        let m = base(d).with_labels(spans);
        let report = Report::new(m).with_source_code(named.clone());
        let mut out = String::new();
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out = format!("{}: {}\n", d.code.id(), d.message);
        }
        w.write_all(out.as_bytes())?;
    }
    Ok(())
}

/// Lines longer than this (minified JSON, huge keys) are not shown as snippets: a snippet would
/// print the whole line, and miette cannot draw labels past column 65535.
const LONG_LINE: usize = 400;

fn base(d: &Diagnostic) -> MietteDiagnostic {
    // gatewright's advice (AWS accepts the input silently) says so next to its code.
    let advice = if d.code.aws_level().is_advice() { " [advice: AWS accepts this]" } else { "" };
    let mut m = MietteDiagnostic::new(super::visible(&d.message))
        .with_code(format!("{}({}){advice}", d.code.id(), d.code.name()))
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        });
    if let Some(h) = &d.help {
        m = m.with_help(super::visible(h));
    }
    m
}

fn on_long_line(source: &SourceFile, span: &std::ops::Range<usize>) -> bool {
    source.line_range(span.start).len() > LONG_LINE
}

/// The diagnostic without a source snippet, each label given as `file:line:column: label`.
fn without_snippet(
    handler: &GraphicalReportHandler,
    source: &SourceFile,
    d: &Diagnostic,
    labels: &[super::ResolvedLabel],
) -> String {
    let mut rendered = String::new();
    let report = Report::new(base(d));
    if handler.render_report(&mut rendered, report.as_ref()).is_err() {
        rendered = format!("{}: {}\n", d.code.id(), d.message);
    }
    let at: String = labels
        .iter()
        .map(|l| {
            let (line, col) = source.line_col(l.span.start);
            format!("  at {}:{line}:{col}: {}\n", super::visible(source.name()), super::visible(&l.message))
        })
        .collect();
    // Put the locations right after the message line(s), before `help:`.
    match rendered.find("\n  help:") {
        Some(i) => format!("{}\n{}{}", &rendered[..i], at.trim_end_matches('\n'), &rendered[i..]),
        None => rendered + &at,
    }
}
