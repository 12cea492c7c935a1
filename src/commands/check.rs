//! The `check` command: find the files, check them in parallel, report in a stable order.

use super::document::analyze_file;
use super::summary::{Kinds, gated, summary_line};
use crate::cli::{Common, Format};
use crate::io::output::{finish, style};
use crate::io::settings::Finder;
use crate::io::{FAILED, OK, USAGE, discover};
use gatewright::diagnostics::Summary;
use gatewright::diagnostics::render::{self, FileReport};
use gatewright::kind::ApiKind;
use rayon::prelude::*;
use std::io::Write;

/// How files are chosen.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Selection {
    /// Check every file, OpenAPI or not (`--strict`).
    pub(crate) strict: bool,
    /// Pass over files that are not OpenAPI even when named (`--only-openapi`, as the pre-commit
    /// hook runs, since pre-commit names every YAML and JSON file).
    pub(crate) only_openapi: bool,
}

/// One file's outcome, rendered while checking so nothing but text outlives the analysis.
enum Outcome {
    /// Not an OpenAPI document, passed over.
    Skipped,
    /// Could not be read, or its gatewright.toml is broken: the path and the reason.
    Broken(String, String),
    /// Checked.
    Checked { summary: Summary, gated_warnings: usize, report: Report, kind: Option<ApiKind>, path: String },
}

enum Report {
    Text(String),
    Json(FileReport),
    Sarif(Vec<serde_json::Value>),
}

pub(crate) fn run(paths: &[std::path::PathBuf], select: Selection, format: Format, c: &Common) -> u8 {
    let (files, errors) = discover::expand(paths);
    let finder = Finder::default();
    let outcomes: Vec<Outcome> = files.par_iter().map(|f| check_one(f, select, format, c, &finder)).collect();
    let mut total = Summary::default();
    let (mut checked, mut skipped, mut gated_total) = (0, 0, 0);
    let mut json_files = Vec::new();
    let mut sarif = Vec::new();
    let mut broken = Vec::new();
    let mut kinds = Kinds::default();
    let mut kind_of = Vec::new();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut written = Ok(());
    for o in outcomes {
        match o {
            Outcome::Skipped => skipped += 1,
            Outcome::Broken(path, message) => {
                json_files.push(FileReport::unreadable(&path, &message));
                broken.push((path, message));
            }
            Outcome::Checked { summary, gated_warnings, report, kind, path } => {
                checked += 1;
                kinds.add(kind);
                if let Some(k) = kind {
                    kind_of.push((path, k));
                }
                total.add(summary);
                gated_total += gated_warnings;
                match report {
                    Report::Text(t) => written = written.and_then(|()| out.write_all(t.as_bytes())),
                    Report::Json(f) => json_files.push(f),
                    Report::Sarif(r) => sarif.extend(r),
                }
            }
        }
    }
    let unusable = !errors.is_empty() || !broken.is_empty();
    // Nothing to check is a failure only when asked to be strict: a hook on a folder without
    // documents has nothing to say.
    let empty = checked == 0 && broken.is_empty() && errors.is_empty();
    total.failed |= unusable || (empty && select.strict);
    written = written.and_then(|()| match format {
        Format::Json => render::write_json(&mut out, &json_files, total),
        Format::Sarif => serde_json::to_writer_pretty(&mut out, &render::sarif_log(sarif, &broken, &kind_of))
            .map_err(std::io::Error::other)
            .and_then(|()| out.write_all(b"\n")),
        Format::Github => broken
            .iter()
            .try_for_each(|(path, message)| out.write_all(render::github_file_error(path, message).as_bytes())),
        Format::Human => out.write_all(summary_line(checked, skipped, total, gated_total, kinds).as_bytes()),
    });
    written = written.and_then(|()| out.flush());
    drop(out);
    for e in &errors {
        eprintln!("{e}");
    }
    for (_, message) in &broken {
        eprintln!("error: {message}");
    }
    if empty && format == Format::Human {
        eprintln!(
            "{}: no OpenAPI documents found{}",
            if select.strict { "error" } else { "note" },
            if skipped > 0 { format!(" ({} passed over)", crate::io::plural(skipped, "file")) } else { String::new() }
        );
    }
    let status = if unusable {
        USAGE
    } else if total.failed {
        FAILED
    } else {
        OK
    };
    finish(written, status)
}

fn check_one(f: &discover::Found, select: Selection, format: Format, c: &Common, finder: &Finder) -> Outcome {
    let (mut a, fail_on_warnings) = match analyze_file(finder, &f.path, c) {
        Ok(done) => done,
        Err(e) => return Outcome::Broken(f.path.display().to_string(), e),
    };
    // A file named on the command line is always checked (unless --only-openapi); a file found
    // in a folder is passed over when it is readable YAML or JSON that is not OpenAPI. A file
    // that cannot be decoded or parsed is reported either way: it may well be a broken document.
    let may_skip = !select.strict && (!f.named || select.only_openapi);
    if may_skip && !a.is_openapi_document() && !a.unreadable {
        return Outcome::Skipped;
    }
    let summary = a.summary(fail_on_warnings);
    // `check` reports findings only; the IR is not needed past the checks.
    drop(a.api.take());
    drop(a.rest.take());
    let kind = a.kind;
    let report = match format {
        Format::Json => Report::Json(
            render::file_json(&a.source, a.tree.as_ref(), std::mem::take(&mut a.diagnostics)).with_api(kind),
        ),
        Format::Sarif => {
            let mut results = render::sarif_results(&a.source, a.tree.as_ref(), &a.diagnostics);
            for r in &mut results {
                if let (Some(k), Some(p)) = (kind, r.get_mut("properties")) {
                    p["api"] = serde_json::json!(k.word());
                }
            }
            Report::Sarif(results)
        }
        Format::Github => Report::Text(render::render_github(&a.source, a.tree.as_ref(), &a.diagnostics)),
        Format::Human => Report::Text(render::render_human(&a.source, a.tree.as_ref(), &a.diagnostics, style())),
    };
    Outcome::Checked {
        summary,
        gated_warnings: gated(summary, fail_on_warnings),
        report,
        kind,
        path: a.source.name().to_string(),
    }
}
