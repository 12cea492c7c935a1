//! The summary line that ends human output, shared by `check` and the views.

use crate::io::plural;
use gatewright::diagnostics::Summary;

/// The warnings fail-on-warnings fails on: those AWS's import reports, not gatewright's advice.
pub(crate) fn gated(s: Summary, fail_on_warnings: bool) -> usize {
    if fail_on_warnings { s.aws_warnings } else { 0 }
}

/// The last line of human output; `gated` counts the warnings that fail-on-warnings fails on.
/// The kinds of API the checked files were judged as: HTTP, REST and WebSocket APIs.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Kinds {
    pub(crate) http: usize,
    pub(crate) rest: usize,
    pub(crate) websocket: usize,
}

impl Kinds {
    pub(crate) fn add(&mut self, kind: Option<gatewright::kind::ApiKind>) {
        match kind {
            Some(gatewright::kind::ApiKind::Http) => self.http += 1,
            Some(gatewright::kind::ApiKind::Rest) => self.rest += 1,
            Some(gatewright::kind::ApiKind::WebSocket) => self.websocket += 1,
            None => {}
        }
    }

    /// `REST API`, `2 HTTP APIs, 1 REST API`, or nothing.
    fn shown(self, files: usize) -> Option<String> {
        let kinds: Vec<(usize, &str)> =
            [(self.http, "HTTP API"), (self.rest, "REST API"), (self.websocket, "WebSocket API")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .collect();
        match kinds.as_slice() {
            [] => None,
            [(_, what)] if files == 1 => Some(what.to_string()),
            _ => Some(kinds.iter().map(|(n, what)| plural(*n, what)).collect::<Vec<_>>().join(", ")),
        }
    }
}

pub(crate) fn summary_line(files: usize, skipped: usize, s: Summary, gated: usize, kinds: Kinds) -> String {
    let mut out = String::new();
    if gated > 0 {
        out.push_str(&format!(
            "error: {} that AWS reports found and fail-on-warnings is set: AWS would reject this import (\"Warnings found during import\")\n",
            plural(gated, "warning")
        ));
    }
    let notes: Vec<String> = kinds
        .shown(files)
        .into_iter()
        .chain((skipped > 0).then(|| format!("{} not OpenAPI, skipped", plural(skipped, "file"))))
        .collect();
    let skipped = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
    if files == 0 {
        if !skipped.is_empty() {
            out.push_str(&format!("no OpenAPI documents checked{skipped}\n"));
        }
    } else if s.errors + s.warnings + s.infos == 0 {
        out.push_str(&format!("{} checked{skipped}: no problems\n", plural(files, "file")));
    } else {
        out.push_str(&format!(
            "{} checked{skipped}: {}, {}, {}\n",
            plural(files, "file"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info")
        ));
    }
    out
}

/// The line that ends human output with findings: where each code shown is documented.
pub(crate) fn explain_hint(shown: &gatewright::diagnostics::render::Statistics) -> String {
    if shown.is_empty() {
        return String::new();
    }
    let codes: Vec<&str> = shown.codes().collect();
    format!("run `gatewright explain CODE` for a code's documentation (codes shown: {})\n", codes.join(", "))
}
