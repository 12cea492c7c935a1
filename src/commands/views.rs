//! The views: `routes` (what import would create) and `route` (which route a request hits).
//!
//! When import would fail but the document got past the version gate, the views still show
//! what the rest of the document would build, marked as failing (a header on stdout, the
//! failing findings a line each on stderr, `ImportFails` and `Findings` in JSON) and exit 1:
//! "which route does this request hit" has an answer while the document is being fixed.

use super::document::analyze_one;
use super::summary::{Kinds, gated, summary_line};
use crate::cli::{Common, ViewFormat};
use crate::io::output::{finish, print, style};
use crate::io::settings::Finder;
use crate::io::{FAILED, OK, USAGE};
use gatewright::Analysis;
use gatewright::diagnostics::Severity;
use gatewright::diagnostics::render::{self, visible};
use gatewright::http::view;
use gatewright::rest::{simulate, view as rest_view};
use gatewright::websocket::{simulate as ws_simulate, view as ws_view};
use serde_json::Value;
use std::path::Path;

/// A document's API for a view, and whether import would fail.
struct Viewed {
    a: Analysis,
    /// Import would fail: the failing findings (errors, and warnings), for JSON output.
    fails: Option<Value>,
}

/// Loads and analyses one document for a view; the API, or the exit status after the problems
/// went to stderr. Warnings and errors are shown (infos only when there is no API to show): in
/// full when import would succeed, a line each when it would fail, since the view follows.
fn api_for_view(path: &Path, resource: Option<&str>, c: &Common) -> Result<Viewed, u8> {
    let (a, fail_on_warnings) = analyze_one(&Finder::default(), path, c, resource).map_err(|e| {
        eprintln!("error: {e}");
        USAGE
    })?;
    report_for_view(a, fail_on_warnings, path)
}

/// [`api_for_view`] of a document already analysed.
fn report_for_view(a: Analysis, fail_on_warnings: bool, path: &Path) -> Result<Viewed, u8> {
    let summary = a.summary(fail_on_warnings);
    let no_api = a.api.is_none() && a.rest.is_none() && a.websocket.is_none();
    let failed = no_api || summary.failed;
    let shown: Vec<_> = a.diagnostics.iter().filter(|d| no_api || d.severity >= Severity::Warning).cloned().collect();
    if !failed {
        if !shown.is_empty() {
            eprint!("{}", render::render_human(&a.source, a.tree.as_ref(), &shown, style()));
        }
        return Ok(Viewed { a, fails: None });
    }
    if no_api {
        eprint!("{}", render::render_human(&a.source, a.tree.as_ref(), &shown, style()));
    } else {
        eprint!("{}", render::render_concise(&a.source, a.tree.as_ref(), &shown));
    }
    let mut kinds = Kinds::default();
    kinds.add(a.kind.filter(|_| a.is_openapi_document()));
    eprint!("{}", summary_line(1, 0, summary, gated(summary, fail_on_warnings), kinds));
    if no_api {
        eprintln!("error: import would fail, so there is no API to show");
        return Err(FAILED);
    }
    eprintln!(
        "error: import would fail; shown is what the rest of the document would build (`gatewright check {}` for each finding in full)",
        visible(&path.display().to_string())
    );
    let findings = if a.source.parts().is_empty() {
        let report = serde_json::to_value(render::file_json(&a.source, a.tree.as_ref(), shown)).unwrap_or_default();
        report["diagnostics"].clone()
    } else {
        // A document in several files: each finding with the file it is in.
        let mut all = Vec::new();
        for (part, found) in render::split_parts(&a.source, shown) {
            let report = serde_json::to_value(render::file_json(&part, None, found)).unwrap_or_default();
            for mut d in report["diagnostics"].as_array().cloned().unwrap_or_default() {
                d["path"] = Value::String(part.name().to_string());
                all.push(d);
            }
        }
        Value::Array(all)
    };
    Ok(Viewed { fails: Some(findings), a })
}

/// Writes a view: a header first when import would fail (human), or `ImportFails` and
/// `Findings` beside the view's keys (JSON); exit 1 when import would fail or `matched` is false.
fn show(v: &Viewed, human: Option<String>, json: Option<Value>, matched: bool) -> u8 {
    let text = match (human, json) {
        (Some(text), _) => {
            let header = if v.fails.is_some() {
                "IMPORT WOULD FAIL: what the rest of the document would build (the findings are on stderr)\n\n"
            } else {
                ""
            };
            format!("{header}{}", visible(&text))
        }
        (None, Some(mut value)) => {
            if let (Some(findings), Some(m)) = (&v.fails, value.as_object_mut()) {
                m.insert("ImportFails".into(), Value::Bool(true));
                m.insert("Findings".into(), findings.clone());
            }
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        (None, None) => return FAILED,
    };
    finish(print(&text), if v.fails.is_none() && matched { OK } else { FAILED })
}

pub(crate) fn routes(path: &Path, resource: Option<&str>, format: ViewFormat, c: &Common) -> u8 {
    let v = match api_for_view(path, resource, c) {
        Ok(v) => v,
        Err(status) => return status,
    };
    if let Some(ws) = &v.a.websocket {
        let (human, json) = match format {
            ViewFormat::Json => (None, Some(ws_view::routes_json(ws))),
            ViewFormat::Human => (Some(ws_view::routes_table(ws)), None),
        };
        return show(&v, human, json, true);
    }
    let (human, json) = match (&v.a.api, &v.a.rest, format) {
        (Some(api), _, ViewFormat::Json) => (None, Some(view::routes_json(api))),
        (Some(api), _, ViewFormat::Human) => (Some(view::routes_table(api)), None),
        (None, Some(rest), ViewFormat::Json) => (None, v.a.tree.as_ref().map(|tree| rest_view::json(rest, tree))),
        (None, Some(rest), ViewFormat::Human) => (Some(rest_view::tree(rest)), None),
        (None, None, _) => (None, None),
    };
    show(&v, human, json, true)
}

/// `route`: exit 1 when no route takes the request (as `grep` does when nothing matches); the
/// output says so (404, or REST's 403, or a WebSocket API's "no route"). For a WebSocket API
/// the request is a message (JSON text, or anything else); for the others `METHOD /path`,
/// refused before anything is shown.
pub(crate) fn route(path: &Path, resource: Option<&str>, request: &str, format: ViewFormat, c: &Common) -> u8 {
    let (a, fail_on_warnings) = match analyze_one(&Finder::default(), path, c, resource) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return USAGE;
        }
    };
    let human = format == ViewFormat::Human;
    if a.kind == Some(gatewright::kind::ApiKind::WebSocket) {
        let v = match report_for_view(a, fail_on_warnings, path) {
            Ok(v) => v,
            Err(status) => return status,
        };
        let Some(ws) = &v.a.websocket else { return FAILED };
        let s = ws_simulate::select(ws, request);
        let (text, json) = if human {
            (Some(ws_simulate::selection_text(ws, &s)), None)
        } else {
            (None, Some(ws_simulate::selection_json(ws, &s)))
        };
        return show(&v, text, json, s.route.is_some());
    }
    let (method, request_path) = match view::parse_request(request) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {}", visible(&e));
            return USAGE;
        }
    };
    let v = match report_for_view(a, fail_on_warnings, path) {
        Ok(v) => v,
        Err(status) => return status,
    };
    if let Some(rest) = &v.a.rest {
        let s = simulate::select(rest, &method, &request_path);
        let (text, json) =
            if human { (Some(simulate::selection_text(&s)), None) } else { (None, Some(simulate::selection_json(&s))) };
        return show(&v, text, json, s.hit.is_some());
    }
    let Some(api) = &v.a.api else { return FAILED };
    let s = view::select(api, &method, &request_path);
    let (text, json) =
        if human { (Some(view::selection_text(api, &s)), None) } else { (None, Some(view::selection_json(api, &s))) };
    show(&v, text, json, s.route.is_some())
}
