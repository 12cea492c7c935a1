//! The `check` command: find the files, check them in parallel, report in a stable order.

use crate::cli::{Common, Format};
use crate::run::{FAILED, OK, USAGE, analyze_file, plural, style};
use crate::settings::Finder;
use gatewright::diagnostics::Summary;
use gatewright::diagnostics::render::{self, FileReport};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One file's outcome, rendered while checking so nothing but text outlives the analysis.
enum Outcome {
    /// Not an OpenAPI document, passed over.
    Skipped,
    /// Could not be read, or its gatewright.toml is broken.
    Broken(String),
    /// Checked.
    Checked { summary: Summary, gated_warnings: usize, report: Report },
}

enum Report {
    Text(String),
    Json(FileReport),
    Sarif(Vec<serde_json::Value>),
}

pub(crate) fn run(paths: &[PathBuf], strict: bool, format: Format, c: &Common) -> u8 {
    let (files, mut errors) = crate::discover::expand(paths);
    let finder = Finder::default();
    let outcomes: Vec<Outcome> = files.par_iter().map(|f| check_one(f, strict, format, c, &finder)).collect();
    let mut total = Summary::default();
    let (mut checked, mut skipped, mut gated_total) = (0, 0, 0);
    let mut json_files = Vec::new();
    let mut sarif = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut broken = BTreeSet::new();
    for o in outcomes {
        match o {
            Outcome::Skipped => skipped += 1,
            Outcome::Broken(message) => {
                broken.insert(message);
            }
            Outcome::Checked { summary, gated_warnings, report } => {
                checked += 1;
                total.add(summary);
                gated_total += gated_warnings;
                match report {
                    Report::Text(t) => {
                        let _ = out.write_all(t.as_bytes());
                    }
                    Report::Json(f) => json_files.push(f),
                    Report::Sarif(r) => sarif.extend(r),
                }
            }
        }
    }
    let _ = match format {
        Format::Json => render::write_json(&mut out, &json_files, total),
        Format::Sarif => serde_json::to_writer_pretty(&mut out, &render::sarif_log(sarif))
            .map_err(std::io::Error::other)
            .and_then(|()| out.write_all(b"\n")),
        Format::Github => Ok(()),
        Format::Human => out.write_all(summary_line(checked, skipped, total, gated_total).as_bytes()),
    };
    let _ = out.flush();
    drop(out);
    errors.extend(broken);
    for e in &errors {
        eprintln!("{e}");
    }
    if !errors.is_empty() {
        USAGE
    } else if total.failed {
        FAILED
    } else {
        OK
    }
}

fn check_one(path: &Path, strict: bool, format: Format, c: &Common, finder: &Finder) -> Outcome {
    let (mut a, fail_on_warnings) = match analyze_file(finder, path, c) {
        Ok(done) => done,
        Err(e) => return Outcome::Broken(format!("error: {e}")),
    };
    if !strict && !a.is_openapi_document() {
        return Outcome::Skipped;
    }
    let summary = a.summary(fail_on_warnings);
    // `check` reports findings only; the IR is not needed past the checks.
    drop(a.api.take());
    let report = match format {
        Format::Json => Report::Json(render::file_json(&a.source, a.tree.as_ref(), std::mem::take(&mut a.diagnostics))),
        Format::Sarif => Report::Sarif(render::sarif_results(&a.source, a.tree.as_ref(), &a.diagnostics)),
        Format::Github => Report::Text(render::render_github(&a.source, a.tree.as_ref(), &a.diagnostics)),
        Format::Human => Report::Text(render::render_human(&a.source, a.tree.as_ref(), &a.diagnostics, style())),
    };
    Outcome::Checked { summary, gated_warnings: gated(summary, fail_on_warnings), report }
}

/// The warnings fail-on-warnings fails on.
pub(crate) fn gated(s: Summary, fail_on_warnings: bool) -> usize {
    if fail_on_warnings { s.warnings } else { 0 }
}

/// The last line of human output; `gated` counts the warnings that fail-on-warnings fails on.
pub(crate) fn summary_line(files: usize, skipped: usize, s: Summary, gated: usize) -> String {
    let mut out = String::new();
    if gated > 0 {
        out.push_str(&format!(
            "error: {} found and fail-on-warnings is set: AWS would reject this import (\"Warnings found during import\")\n",
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
