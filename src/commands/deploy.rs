//! The `deploy` command: compile the plan, execute it with signed calls, report.

use super::build::{build, options};
use crate::cli::DeployArgs;
use crate::io::output::print_ok;
use crate::io::{FAILED, USAGE};
use gatewright::deploy::{Failure, Report, Target as Where, deploy};
use gatewright::emit::Target;
use gatewright::pointer::Pointer;

pub(crate) fn run(a: &DeployArgs) -> u8 {
    let (opts, emit) = match options(&a.file, &a.build, Target::Plan, false) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    let (text, analysis) = match build(&a.file, &opts, &emit, "nothing was deployed") {
        Ok(t) => t,
        Err(code) => return code,
    };
    let Ok(plan) = serde_json::from_str::<serde_json::Value>(&text) else {
        eprintln!("error: internal: the plan is not JSON");
        return FAILED;
    };
    let target =
        Where { profile: a.profile.clone(), region: a.build.region.clone(), endpoint_url: a.endpoint_url.clone() };
    match deploy(&plan, &target, a.api_id.as_deref(), a.dry_run) {
        Ok(report) => print_ok(&summary(&report, a.dry_run)),
        Err(failure) => {
            eprint!("{}", failed(&failure, &analysis, &a.file.display().to_string()));
            FAILED
        }
    }
}

fn summary(r: &Report, dry_run: bool) -> String {
    let mut out = String::new();
    for c in &r.changes {
        out.push_str(&format!("{}{c}\n", if dry_run { "would " } else { "" }));
    }
    if r.changes.is_empty() {
        out.push_str("no changes: the API matches the document\n");
    } else if dry_run {
        out.push_str(&format!("dry run: {} changes, nothing was changed\n", r.changes.len()));
    } else {
        out.push_str(&format!("{} changes ({} calls)\n", r.changes.len(), r.mutating_calls));
    }
    out.push_str(&format!("API {}\n", r.api_id));
    if let Some(e) = &r.endpoint {
        out.push_str(&format!("endpoint {e}\n"));
    }
    out
}

fn failed(f: &Failure, analysis: &gatewright::Analysis, file: &str) -> String {
    let mut out = format!("error: {}\n", f.message);
    if let Some(r) = &f.request {
        out.push_str(&format!("  request: {r}\n"));
    }
    if let (Some(src), Some(tree)) = (&f.source, &analysis.tree)
        && let Some(at) = tree.locate(&Pointer::from_escaped(src.as_str()))
    {
        let span = tree.key_span(at.node).unwrap_or_else(|| tree.span(at.node));
        let (line, col) = analysis.source.line_col(span.start);
        out.push_str(&format!("  --> {file}:{line}:{col} (#{src})\n"));
    }
    if !f.done.is_empty() {
        out.push_str("done before the failure:\n");
        for c in &f.done {
            out.push_str(&format!("  {c}\n"));
        }
    }
    match &f.api_id {
        Some(id) => out.push_str(&format!(
            "the API {id} exists; fix the cause and finish with: gatewright deploy {file} --api-id {id}\n"
        )),
        None => out.push_str("nothing was created\n"),
    }
    out
}
