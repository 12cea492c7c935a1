//! Findings as LSP diagnostics (code as `check` prints it, severity, help and the code's name in
//! the message, related locations, the `explain` page as the code's description), and the quick
//! fixes offered for them: a finding's own fix, and its suppression where that removes it.

use super::{Lines, docs};
use gatewright::diagnostics::{Code, Diagnostic as Finding, Location, Severity};
use gatewright::source::SourceFile;
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location as LspLocation, NumberOrString, Range, Uri,
};

/// What turns a finding into an LSP diagnostic: the document, its positions, the docs folder.
pub(super) struct Links<'a> {
    pub(super) uri: &'a Uri,
    pub(super) lines: &'a Lines<'a>,
    pub(super) pages: Option<&'a std::path::Path>,
}

/// How many mappings further up a suppression is tried when the nearest one does not serve
/// (a mapping of names, such as `requestParameters`, would read the key as one of its names).
const SUPPRESSION_LEVELS: usize = 4;

/// The code actions for the findings whose range meets `range`: each finding's own fix, then
/// its suppression.
pub(super) fn code_actions(
    analysis: &gatewright::Analysis,
    options: &gatewright::Options,
    links: &Links<'_>,
    range: Range,
) -> Vec<serde_json::Value> {
    let meets = |r: &Range| !(r.end < range.start || range.end < r.start);
    let Some(tree) = &analysis.tree else { return Vec::new() };
    let mut out = Vec::new();
    for d in &analysis.diagnostics {
        let diagnostic = lsp_diagnostic(d, links);
        if !meets(&diagnostic.range) {
            continue;
        }
        if let Some(fix) = &d.fix {
            out.push(action(fix, &diagnostic, links, true));
        }
        let suppression = (0..SUPPRESSION_LEVELS)
            .filter_map(|level| gatewright::fixes::suppression(tree, d, level))
            .find(|fix| suppresses(analysis, options, d, fix));
        if let Some(fix) = suppression {
            out.push(action(&fix, &diagnostic, links, false));
        }
    }
    out
}

fn action(
    fix: &gatewright::diagnostics::Fix,
    diagnostic: &Diagnostic,
    links: &Links<'_>,
    preferred: bool,
) -> serde_json::Value {
    let edits: Vec<serde_json::Value> = fix
        .spans()
        .into_iter()
        .map(|(s, text)| serde_json::json!({"range": links.lines.range(&s), "newText": text}))
        .collect();
    serde_json::json!({
        "title": fix.title,
        "kind": "quickfix",
        "diagnostics": [diagnostic],
        "isPreferred": preferred,
        "edit": {"changes": {links.uri.as_str(): edits}},
    })
}

/// Whether the document with `fix` applied has one finding of `d`'s code fewer and no more of
/// any other.
fn suppresses(
    analysis: &gatewright::Analysis,
    options: &gatewright::Options,
    d: &Finding,
    fix: &gatewright::diagnostics::Fix,
) -> bool {
    let (text, applied) = crate::commands::fix::apply(analysis.source.text(), fix.spans());
    if applied == 0 {
        return false;
    }
    let after = gatewright::analyze(SourceFile::new(analysis.source.name(), text), options);
    let count = |diags: &[Finding], code| diags.iter().filter(|x| x.code == code).count();
    let codes: std::collections::BTreeSet<_> = after.diagnostics.iter().map(|x| x.code).collect();
    count(&after.diagnostics, d.code) + 1 == count(&analysis.diagnostics, d.code)
        && codes.iter().all(|&c| c == d.code || count(&after.diagnostics, c) <= count(&analysis.diagnostics, c))
}

pub(super) fn lsp_diagnostic(d: &Finding, links: &Links<'_>) -> Diagnostic {
    let (uri, lines) = (links.uri, links.lines);
    let spans: Vec<(&std::ops::Range<usize>, &str)> = d
        .labels
        .iter()
        .filter_map(|l| match &l.location {
            Location::Span(s) => Some((s, l.message.as_str())),
            _ => None,
        })
        .collect();
    let range = spans.first().map_or_else(Range::default, |(s, _)| lines.range(s));
    let related: Vec<DiagnosticRelatedInformation> = spans
        .iter()
        .skip(1)
        .map(|(s, m)| DiagnosticRelatedInformation {
            location: LspLocation { uri: uri.clone(), range: lines.range(s) },
            message: (*m).to_string(),
        })
        .collect();
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    // The code as `check` prints it (editors show `gatewright(GW600)`); its name closes the text.
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    message.push_str("\nrule: ");
    message.push_str(d.code.name());
    Diagnostic {
        range,
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.id().to_string())),
        source: Some("gatewright".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: matches!(d.code, Code::IgnoredRestFeature | Code::IgnoredHttpFeature | Code::RequestValidationIgnored)
            .then(|| vec![lsp_types::DiagnosticTag::UNNECESSARY]),
        code_description: links
            .pages
            .and_then(|dir| docs::link(dir, d.code))
            .map(|href| lsp_types::CodeDescription { href }),
        ..Diagnostic::default()
    }
}
