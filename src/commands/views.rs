//! The views: `routes` (what import would create) and `route` (which route a request hits).

use super::document::analyze_file;
use super::summary::{Kinds, gated, summary_line};
use crate::cli::{Common, ViewFormat};
use crate::io::output::{print_ok, style};
use crate::io::settings::Finder;
use crate::io::{FAILED, USAGE};
use gatewright::Analysis;
use gatewright::diagnostics::Severity;
use gatewright::diagnostics::render::{self, visible};
use gatewright::http::view;
use gatewright::rest::{simulate, view as rest_view};
use std::path::Path;

/// Loads and analyses one document for a view; the API, or the exit status after the problems
/// went to stderr. When import would fail, every finding the summary counts is shown (infos
/// too); otherwise only warnings and errors, so the view stays readable.
fn api_for_view(path: &Path, c: &Common) -> Result<Analysis, u8> {
    let (a, fail_on_warnings) = analyze_file(&Finder::default(), path, c).map_err(|e| {
        eprintln!("error: {e}");
        USAGE
    })?;
    let summary = a.summary(fail_on_warnings);
    let failed = (a.api.is_none() && a.rest.is_none()) || summary.failed;
    let shown: Vec<_> = a.diagnostics.iter().filter(|d| failed || d.severity >= Severity::Warning).cloned().collect();
    if !shown.is_empty() {
        eprint!("{}", render::render_human(&a.source, a.tree.as_ref(), &shown, style()));
    }
    if failed {
        let mut kinds = Kinds::default();
        kinds.add(a.kind);
        eprint!("{}", summary_line(1, 0, summary, gated(summary, fail_on_warnings), kinds));
        eprintln!("error: import would fail, so there is no API to show");
        return Err(FAILED);
    }
    Ok(a)
}

pub(crate) fn routes(path: &Path, format: ViewFormat, c: &Common) -> u8 {
    let a = match api_for_view(path, c) {
        Ok(a) => a,
        Err(status) => return status,
    };
    let out = match (&a.api, &a.rest, format) {
        (Some(api), _, ViewFormat::Json) => {
            serde_json::to_string_pretty(&view::routes_json(api)).unwrap_or_default() + "\n"
        }
        (Some(api), _, ViewFormat::Human) => visible(&view::routes_table(api)).into_owned(),
        (None, Some(rest), ViewFormat::Json) => match &a.tree {
            Some(tree) => serde_json::to_string_pretty(&rest_view::json(rest, tree)).unwrap_or_default() + "\n",
            None => return FAILED,
        },
        (None, Some(rest), ViewFormat::Human) => rest_view::tree(rest),
        (None, None, _) => return FAILED,
    };
    print_ok(&out)
}

pub(crate) fn route(path: &Path, request: &str, format: ViewFormat, c: &Common) -> u8 {
    let (method, request_path) = match view::parse_request(request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", visible(&e));
            return USAGE;
        }
    };
    let a = match api_for_view(path, c) {
        Ok(a) => a,
        Err(status) => return status,
    };
    if let Some(rest) = &a.rest {
        let selection = simulate::select(rest, &method, &request_path);
        let out = match format {
            ViewFormat::Json => {
                serde_json::to_string_pretty(&simulate::selection_json(&selection)).unwrap_or_default() + "\n"
            }
            ViewFormat::Human => visible(&simulate::selection_text(&selection)).into_owned(),
        };
        return print_ok(&out);
    }
    let Some(api) = &a.api else { return FAILED };
    let selection = view::select(api, &method, &request_path);
    let out = match format {
        ViewFormat::Json => {
            serde_json::to_string_pretty(&view::selection_json(api, &selection)).unwrap_or_default() + "\n"
        }
        ViewFormat::Human => visible(&view::selection_text(api, &selection)).into_owned(),
    };
    print_ok(&out)
}
