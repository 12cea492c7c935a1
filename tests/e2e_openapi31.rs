//! OpenAPI 3.1 as four Python frameworks write it (FastAPI, Litestar, Django Ninja, Powertools
//! for AWS Lambda), generated at test time by the pinned frameworks in the e2e virtualenv from the
//! small apps in `tests/e2e/openapi31/` (no generated document is checked in), then judged for
//! both kinds of API:
//!
//! - `check`: no error (a 3.1 keyword with no 3.0 meaning is at most a warning);
//! - `routes`: equal to the routes of a reference, the same document relabelled 3.0.3 with every
//!   schema made `{type: object}` (`relabel.py`; a bare `$ref` is kept, so a REST method names
//!   the same models). HTTP routes do not depend on schemas: the whole view is compared. For REST
//!   everything is compared except each model's `schema`, which is what the conversion changes;
//!   the schemas are judged by the next two points instead;
//! - the OpenAPI document gatewright imports is valid OpenAPI 3.0 for `openapi-spec-validator`:
//!   the import-mode CloudFormation `Body`, and the output of `compile --emit openapi` once this
//!   gatewright has it (asked of the binary itself: clap refuses an unknown `--emit` value);
//! - REST models, in that Body's `components/schemas` and in the granular template's
//!   `AWS::ApiGateway::Model` `Schema`s, are JSON Schema draft 4 for `jsonschema`'s
//!   `Draft4Validator.check_schema`, with no keyword newer than draft 4 (`check31.py`).

use crate::e2e::{output, tool};
use crate::support::{gatewright, root, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const KINDS: [&str; 2] = ["http", "rest"];

fn script(name: &str) -> PathBuf {
    root().join("tests/e2e/openapi31").join(name)
}

/// The document `framework` generates, written into `dir`.
fn generate(framework: &str, dir: &Path) -> PathBuf {
    let text = output(
        Command::new(tool("python")).arg(script("generate.py")).arg(framework),
        &format!("generating the {framework} document"),
    );
    let doc: Value = serde_json::from_str(&text).expect("the framework writes JSON");
    let version = doc["openapi"].as_str().unwrap_or_default();
    assert!(
        version.starts_with("3.1."),
        "{framework} no longer writes OpenAPI 3.1 but {version:?}: the test proves nothing"
    );
    let file = dir.join(format!("{framework}.json"));
    std::fs::write(&file, text).expect("write the document");
    file
}

fn relabel(doc: &Path, reference: &Path) {
    output(Command::new(tool("python")).arg(script("relabel.py")).arg(doc).arg(reference), "relabel.py");
}

/// `check31.py openapi|models FILE...`: fails with its list of problems.
fn check31(what: &str, files: &[&Path], context: &str) {
    output(Command::new(tool("python")).arg(script("check31.py")).arg(what).args(files), context);
}

fn json_of(args: &[&str]) -> Value {
    let text = output(&mut gatewright(args), &format!("gatewright {}", args.join(" ")));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("gatewright {}: not JSON ({e}):\n{text}", args.join(" ")))
}

/// `check --format json` has no error, and says which kind it checked.
fn check_clean(doc: &str, kind: &str) {
    let out = gatewright(&["check", "--api", kind, "--format", "json", doc]).output().expect("gatewright runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    let errors: Vec<&Value> = report["files"][0]["diagnostics"]
        .as_array()
        .map(|d| d.iter().filter(|d| d["severity"] == "error").collect())
        .unwrap_or_default();
    assert!(
        out.status.success() && errors.is_empty() && report["summary"]["errors"] == 0,
        "{doc} as a {kind} API has errors:\n{}",
        serde_json::to_string_pretty(&errors).unwrap_or_default()
    );
    assert_eq!(report["files"][0]["api"], kind, "{doc}");
}

/// The REST view without what depends on schema conversion: each model's `schema`.
fn comparable(mut routes: Value) -> Value {
    if let Some(models) = routes.get_mut("models").and_then(Value::as_array_mut) {
        for m in models {
            m.as_object_mut().map(|m| m.remove("schema"));
        }
    }
    routes
}

/// Whether this gatewright has `compile --emit openapi` (clap names an unknown value).
fn has_emit_openapi(doc: &str) -> bool {
    let out = gatewright(&["compile", "--emit", "openapi", doc, "-o", "-"]).output().expect("gatewright runs");
    let err = String::from_utf8_lossy(&out.stderr);
    !(out.status.code() == Some(2) && err.contains("invalid value 'openapi'"))
}

fn judge(framework: &str) {
    let dir = scratch("e2e-openapi31");
    let doc = generate(framework, &dir);
    let reference = dir.join(format!("{framework}-reference.json"));
    relabel(&doc, &reference);
    let (d, r) = (doc.to_string_lossy().into_owned(), reference.to_string_lossy().into_owned());
    let emit_openapi = has_emit_openapi(&d);
    for kind in KINDS {
        check_clean(&d, kind);
        let got = comparable(json_of(&["routes", "--api", kind, "--format", "json", &d]));
        let want = comparable(json_of(&["routes", "--api", kind, "--format", "json", &r]));
        assert!(
            got == want,
            "{framework}: the {kind} routes of the 3.1 document differ from the relabelled reference's\n--- 3.1\n{}\n--- reference\n{}",
            serde_json::to_string_pretty(&got).unwrap_or_default(),
            serde_json::to_string_pretty(&want).unwrap_or_default()
        );

        let compile = |args: &[&str], name: &str| {
            let file = dir.join(format!("{framework}-{kind}-{name}"));
            let f = file.to_string_lossy().into_owned();
            let mut all = vec!["compile", "--api", kind, &d, "-o", &f];
            all.extend_from_slice(args);
            output(&mut gatewright(&all), &format!("gatewright {}", all.join(" ")));
            file
        };
        let import = compile(&["--emit", "cloudformation", "--mode", "import", "--format", "json"], "import.json");
        let mut bodies = vec![import.clone()];
        if emit_openapi {
            bodies.push(compile(&["--emit", "openapi"], "openapi.json"));
        }
        let paths: Vec<&Path> = bodies.iter().map(PathBuf::as_path).collect();
        check31("openapi", &paths, &format!("{framework} ({kind}): OpenAPI 3.0"));
        if kind == "rest" {
            let granular =
                compile(&["--emit", "cloudformation", "--mode", "granular", "--format", "json"], "granular.json");
            let mut models = paths.clone();
            models.push(&granular);
            check31("models", &models, &format!("{framework}: REST models"));
        }
    }
}

#[test]
fn fastapi() {
    judge("fastapi");
}

#[test]
fn litestar() {
    judge("litestar");
}

#[test]
fn ninja() {
    judge("ninja");
}

#[test]
fn powertools() {
    judge("powertools");
}
