//! The `deploy` command: compile the plan, execute it with signed calls, report.

use super::build::{build, options};
use crate::cli::DeployArgs;
use crate::io::output::print_ok;
use crate::io::{FAILED, USAGE};
use gatewright::deploy::{Failure, Report, Target as Where, deploy};
use gatewright::diagnostics::render::visible;
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
    let (text, analysis) = match build(&a.file, a.build.resource.as_deref(), &opts, &emit, "nothing was deployed") {
        Ok(t) => t,
        Err(code) => return code,
    };
    let Ok(plan) = serde_json::from_str::<serde_json::Value>(&text) else {
        eprintln!("error: internal: the plan is not JSON");
        return FAILED;
    };
    let target = Where {
        profile: a.profile.clone(),
        region: a.build.region.clone(),
        endpoint_url: a.endpoint_url.clone(),
        timeout: Some(std::time::Duration::from_secs(a.timeout)),
        answer_timeout: a.answer_timeout_ms.map(std::time::Duration::from_millis),
    };
    // Key values go to deploy directly: the plan never holds one.
    let key_values: std::collections::BTreeMap<String, String> =
        emit.vars.iter().filter_map(|(k, v)| k.strip_prefix("apikey.").map(|n| (n.to_string(), v.clone()))).collect();
    if plan["api"] == "rest" && a.api_id.is_some() {
        eprintln!(
            "REST API: deployed through the importer ({} an existing API)",
            match plan["putMode"].as_str() {
                Some("merge") => "merging the document into",
                _ => "overwriting",
            }
        );
    }
    match deploy(&plan, &target, a.api_id.as_deref(), a.dry_run, &key_values) {
        Ok(report) => print_ok(&visible(&summary(&report, a.dry_run))),
        Err(failure) => {
            eprint!("{}", visible(&failed(&failure, &analysis, &a.file.display().to_string())));
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
        out.push_str(&format!("dry run: {}, nothing was changed\n", crate::io::plural(r.changes.len(), "change")));
    } else {
        out.push_str(&format!("{} changes ({} calls)\n", r.changes.len(), r.mutating_calls));
    }
    match &r.api_id {
        Some(id) => out.push_str(&format!("API {id}\n")),
        None => out.push_str("(a new API: nothing exists yet)\n"),
    }
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
    if let Some(u) = &f.uncertain {
        out.push_str(&format!("note: {u}\n"));
    }
    match (&f.api_id, f.api_exists) {
        (Some(id), true) => {
            out.push_str(&format!("the API {id} exists; fix the cause and finish with: {}\n", rerun(Some(id))))
        }
        (Some(_), false) => {
            out.push_str(&format!("nothing was changed; fix the cause and run again: {}\n", rerun(None)))
        }
        (None, _) if f.uncertain.is_some() => {}
        (None, _) => out.push_str("nothing was created\n"),
    }
    out
}

/// The command the user ran, with `--api-id ID` when it lacked one: every other flag (`--dry-run`,
/// `--profile`, `--var`…) kept, each word quoted for the shell where it needs to be. An API key's
/// value (`--var apikey.NAME=VALUE`) is shown as `VALUE`, never as itself.
fn rerun(api_id: Option<&str>) -> String {
    let mut args: Vec<String> = std::env::args()
        .map(|a| match a.strip_prefix("apikey.").and_then(|rest| rest.split_once('=')) {
            Some((name, _)) => format!("apikey.{name}=VALUE"),
            None => match a.strip_prefix("--var=apikey.").and_then(|rest| rest.split_once('=')) {
                Some((name, _)) => format!("--var=apikey.{name}=VALUE"),
                None => a,
            },
        })
        .collect();
    if let Some(first) = args.first_mut() {
        *first = "gatewright".into();
    }
    let has_id = args.iter().any(|a| a == "--api-id" || a.starts_with("--api-id="));
    if let (Some(id), false) = (api_id, has_id) {
        args.push("--api-id".into());
        args.push(id.to_string());
    }
    args.iter().map(|a| shell_word(a)).collect::<Vec<_>>().join(" ")
}

/// `a` as the shell reads it back: bare when it is plain, single-quoted otherwise.
fn shell_word(a: &str) -> String {
    let plain = !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
    if plain { a.to_string() } else { gatewright::emit::quote(&visible(a)) }
}
