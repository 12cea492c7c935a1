//! The summary line that ends human output, shared by `check` and the views.

use crate::io::plural;
use gatewright::diagnostics::Summary;

/// The warnings fail-on-warnings fails on: those AWS's import reports, not gatewright's advice.
pub(crate) fn gated(s: Summary, fail_on_warnings: bool) -> usize {
    if fail_on_warnings { s.aws_warnings } else { 0 }
}

/// The last line of human output; `gated` counts the warnings that fail-on-warnings fails on.
pub(crate) fn summary_line(files: usize, skipped: usize, s: Summary, gated: usize) -> String {
    let mut out = String::new();
    if gated > 0 {
        out.push_str(&format!(
            "error: {} that AWS reports found and fail-on-warnings is set: AWS would reject this import (\"Warnings found during import\")\n",
            plural(gated, "warning")
        ));
    }
    let skipped = match skipped {
        0 => String::new(),
        n => format!(" ({} not OpenAPI, skipped)", plural(n, "file")),
    };
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
