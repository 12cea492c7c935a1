//! `check` over every real-world document in `../shared/corpus`: no panic, exit 0 or 1. The
//! folder is optional: the test says so and passes when it is absent.

use crate::support::{gatewright, root, snapshots};
use std::path::PathBuf;

fn corpus_files() -> Option<Vec<PathBuf>> {
    let dir = root().join("../shared/corpus");
    if !dir.is_dir() {
        eprintln!("corpus: skipped, {} is not present", dir.display());
        return None;
    }
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml" | "json"))
                && p.file_name().is_some_and(|n| n != "manifest.json")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    Some(files)
}

#[test]
fn corpus_never_panics() {
    let Some(files) = corpus_files() else { return };
    let args: Vec<String> = files.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let mut cmd = gatewright(&["check", "--strict", "--format", "json"]);
    cmd.args(&args);
    let out = cmd.output().expect("gatewright runs");
    let code = out.status.code();
    if !matches!(code, Some(0 | 1)) {
        // Find the culprits one by one, so the failure names them.
        let bad: Vec<String> = args
            .iter()
            .filter(|f| !matches!(gatewright(&["check", f]).output().ok().and_then(|o| o.status.code()), Some(0 | 1)))
            .cloned()
            .collect();
        panic!(
            "check exited with {code:?} on the corpus; failing files: {bad:#?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["files"].as_array().map(Vec::len), Some(files.len()));

    // What each AWS document gets, for review as the checks grow.
    let mut table = String::new();
    for f in v["files"].as_array().into_iter().flatten() {
        let path = f["path"].as_str().unwrap_or_default();
        let Some(name) = path.split("/corpus/").nth(1).filter(|n| n.starts_with("aws/")) else { continue };
        let mut codes: Vec<String> = f["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| format!("{} {}", d["code"].as_str().unwrap_or(""), d["severity"].as_str().unwrap_or("")))
            .collect();
        codes.dedup();
        table.push_str(&format!("{name}: {}\n", if codes.is_empty() { "clean".into() } else { codes.join(", ") }));
    }
    snapshots(|| insta::assert_snapshot!("corpus_aws_summary", table));
}

/// Markers in the manifest that put a document outside "deployed as an HTTP API by AWS's own
/// tools": REST API bodies, local-emulation fixtures, Swagger 2.0, and expected failures.
const NOT_HTTP_DEPLOYED: &[&str] = &[
    "rest api",
    "restapi",
    "aws::serverless::api ",
    "specrestapi",
    "put_rest_api",
    "import_rest_api",
    "-rest-",
    "sam local",
    "start_api",
    "swagger 2",
    "badrequest",
    "exception",
    "not importable",
    "fails",
    "error",
    "warnings found",
];

/// The files of the corpus manifest whose row `keep` accepts (given the row and its file, kind,
/// notes and expectations as one lower-case text); None, with a message, without the corpus.
fn manifest_files(what: &str, keep: impl Fn(&serde_json::Value, &str) -> bool) -> Option<Vec<String>> {
    let manifest = root().join("../shared/corpus/manifest.json");
    let Ok(text) = std::fs::read_to_string(&manifest) else {
        eprintln!("{what}: skipped, {} is not present", manifest.display());
        return None;
    };
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("manifest.json is a list");
    let s = |r: &serde_json::Value, k: &str| r[k].as_str().unwrap_or_default().to_string();
    Some(
        rows.iter()
            .filter(|r| {
                let all = format!("{} {} {} {}", s(r, "file"), s(r, "kind"), s(r, "notes"), s(r, "expects"));
                keep(r, &all.to_lowercase())
            })
            .map(|r| s(r, "file"))
            .collect(),
    )
}

/// The parity rule on real documents: every `aws/` document of the corpus that is OpenAPI 3.0,
/// uses only HTTP API integration types, and that the manifest describes as generated or
/// deployed by AWS's tools (not as REST, local-emulation or failing input) gets no error.
/// Their warnings and infos are snapshotted for review.
#[test]
fn aws_http_api_documents_have_no_errors() {
    let Some(selected) = manifest_files("corpus parity", |r, all| {
        let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
        let types_ok = r["integration_types"]
            .as_array()
            .is_some_and(|t| t.iter().all(|t| matches!(t.as_str(), Some("aws_proxy" | "http_proxy"))));
        s("file").starts_with("aws/")
            && s("version").starts_with("openapi 3.0")
            && types_ok
            && !NOT_HTTP_DEPLOYED.iter().any(|m| all.contains(m))
    }) else {
        return;
    };
    assert!(selected.len() >= 30, "the selection rule should pick the corpus's HTTP API documents");
    // These are HTTP APIs whatever `auto` makes of them (some carry REST settings AWS ignores).
    let table = checked_without_errors(&selected, "http");
    snapshots(|| insta::assert_snapshot!("corpus_aws_http_parity", table));
}

/// Checks `files` (under the corpus) as `kind` in one run; asserts none gets an error and
/// returns each file's codes, for a snapshot.
fn checked_without_errors(files: &[String], kind: &str) -> String {
    let mut cmd = gatewright(&["check", "--strict", "--format", "json", "--api", kind]);
    cmd.args(files.iter().map(|f| root().join("../shared/corpus").join(f)));
    let out = cmd.output().expect("gatewright runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let mut table = String::new();
    for (file, report) in files.iter().zip(v["files"].as_array().into_iter().flatten()) {
        let diags = report["diagnostics"].as_array().cloned().unwrap_or_default();
        let errors: Vec<String> = diags
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| format!("{} {}", d["code"], d["message"]))
            .collect();
        assert!(errors.is_empty(), "{file} is deployed by AWS's tools as a {kind} API but gets errors: {errors:#?}");
        let mut codes: Vec<String> = diags
            .iter()
            .map(|d| format!("{} {}", d["code"].as_str().unwrap_or(""), d["severity"].as_str().unwrap_or("")))
            .collect();
        codes.sort();
        codes.dedup();
        table.push_str(&format!("{file}: {}\n", if codes.is_empty() { "clean".into() } else { codes.join(", ") }));
    }
    table
}

/// The REST parity rule: every `aws/` document of the corpus that AWS's tools deploy as a REST
/// API (SAM `AWS::Serverless::Api` bodies, CDK `SpecRestApi` assets, Swagger 2.0 samples, REST
/// samples with `aws`/`http`/`mock` integrations, LocalStack's fixtures recorded against AWS)
/// gets no error when checked as REST. moto's inputs (moto is not AWS) and documents the
/// manifest says fail are left out. Their warnings and infos are snapshotted for review.
#[test]
fn aws_rest_api_documents_have_no_errors() {
    let Some(selected) = manifest_files("corpus REST parity", |r, all| {
        let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
        let rest_types = r["integration_types"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| matches!(t.as_str(), Some("aws" | "http" | "mock"))));
        let rest = all.contains("aws::serverless::api ")
            || all.contains("specrestapi")
            || all.contains("rest api")
            || s("version").starts_with("swagger 2")
            || rest_types;
        s("file").starts_with("aws/")
            && rest
            && !s("file").starts_with("aws/moto__")
            && !s("file").starts_with("aws/awsdocs__http-api")
            && !["exception", "fails", "badrequest", "not importable", "warnings found", "http api"]
                .iter()
                .any(|m| all.contains(m))
    }) else {
        return;
    };
    assert!(selected.len() >= 30, "the selection rule should pick the corpus's REST API documents, got {selected:?}");
    let table = checked_without_errors(&selected, "rest");
    snapshots(|| insta::assert_snapshot!("corpus_aws_rest_parity", table));
}

/// moto's reimport tests record AWS's answer for one body: with `FailOnWarnings` the import
/// fails with `Warnings found during import: Parse issue: … ModelThatDoesNotExist is missing`,
/// without it the import succeeds. `check` must agree through its exit status.
#[test]
fn fail_on_warnings_matches_aws_on_a_recorded_body() {
    let body = root().join("../shared/corpus/aws/moto__test_reimport_api_failonwarnings.body.json");
    if !body.exists() {
        eprintln!("corpus parity: skipped, {} is not present", body.display());
        return;
    }
    let path = body.to_string_lossy().into_owned();
    let status = |args: &[&str]| gatewright(args).output().expect("runs").status.code();
    assert_eq!(status(&["check", &path]), Some(0), "AWS imports it when warnings are allowed");
    assert_eq!(status(&["check", "--fail-on-warnings", &path]), Some(1), "AWS rejects it under FailOnWarnings");
}
