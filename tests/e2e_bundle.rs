//! Documents split over several files, judged against a peer bundler: for every split document
//! under `fixtures/split/` (a folder per document; its root is the `openapi.yaml`, `openapi.json`
//! or `swagger.yaml` in it, found at test time), npm's `@redocly/cli` (pinned, installed into the
//! e2e cache folder) writes one file with `redocly bundle`, and
//!
//! - `gatewright routes --format json` of the split root equals that of redocly's bundle, for
//!   each kind of API the document is valid for (the whole view for HTTP; for REST everything but
//!   the models, which each bundler names its own way: see [`comparable`]);
//! - the body gatewright itself bundles (`compile --emit openapi`) is valid OpenAPI 3.0 (Swagger
//!   2.0 for a Swagger document) for `openapi-spec-validator` (`tests/e2e/bundled.py`), has no
//!   `$ref` outside itself, and its `routes` equal the split root's, models and all.
//!
//! redocly runs with its telemetry and update check off (`REDOCLY_TELEMETRY=off`,
//! `REDOCLY_SUPPRESS_UPDATE_NOTICE=true`: without them it reaches out on every run), no
//! configuration file (it runs in a scratch folder, with `--lint-config off`), and no URL
//! reference in the fixtures, so it reads the fixture's files and nothing else.

use crate::e2e::{output, tool};
use crate::support::{gatewright, root, scratch};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const REDOCLY: &str = "2.77.0";

/// The file names a split document's root may have, in its folder.
const ROOTS: [&str; 3] = ["openapi.yaml", "openapi.json", "swagger.yaml"];

/// `redocly`, from `@redocly/cli` installed once into the e2e cache folder.
fn redocly() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let modules = crate::e2e::npm_packages(&format!("redocly-{REDOCLY}"), &[&format!("@redocly/cli@{REDOCLY}")]);
        let bin = modules.join(".bin/redocly");
        assert!(bin.exists(), "npm install @redocly/cli@{REDOCLY} wrote no {}", bin.display());
        bin
    })
}

/// The root of every split document under `fixtures/split/`, sorted.
fn split_roots() -> Vec<PathBuf> {
    let dir = root().join("fixtures/split");
    let mut roots = Vec::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let folder = entry.expect("a folder entry").path();
        if !folder.is_dir() {
            continue;
        }
        let found: Vec<PathBuf> = ROOTS.iter().map(|n| folder.join(n)).filter(|p| p.is_file()).collect();
        assert!(
            found.len() == 1,
            "{}: a split document's folder has exactly one root ({}), found {found:?}",
            folder.display(),
            ROOTS.join(", ")
        );
        roots.extend(found);
    }
    roots.sort();
    assert!(!roots.is_empty(), "no split document under {}: the test proves nothing", dir.display());
    roots
}

/// `redocly bundle ROOT -o OUT` (JSON), run in `dir`, offline.
fn redocly_bundle(doc: &Path, out: &Path, dir: &Path) {
    let mut cmd = Command::new(redocly());
    cmd.arg("bundle")
        .arg(doc)
        .arg("-o")
        .arg(out)
        .args(["--ext", "json", "--lint-config", "off"])
        .current_dir(dir)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .env("NO_COLOR", "1");
    output(
        &mut cmd,
        &format!("redocly bundle {} (@redocly/cli {REDOCLY}, needs Node.js 20.19 or later)", doc.display()),
    );
    assert!(out.is_file(), "redocly bundle {} wrote no {}", doc.display(), out.display());
}

fn json_of(args: &[&str]) -> Value {
    let text = output(&mut gatewright(args), &format!("gatewright {}", args.join(" ")));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("gatewright {}: not JSON ({e}):\n{text}", args.join(" ")))
}

/// The errors `check --api KIND --format json` reports over all the document's files.
fn errors(doc: &str, kind: &str) -> u64 {
    let out = gatewright(&["check", "--api", kind, "--format", "json", doc]).output().expect("gatewright runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("check --api {kind} {doc}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    report["summary"]["errors"].as_u64().expect("summary.errors")
}

/// The routes view with what legitimately differs between two bundlers taken out. HTTP: nothing
/// (routes, integrations and authorizers do not depend on how schemas are named). REST: the
/// `models` list, and the model names in each method's `requestModels` and each method
/// response's `responseModels` (kept as `<model>`, so that which method has a model for which
/// media type is still compared). redocly names a schema from another file by the file's stem
/// (`pet`) and keeps the root's `Pet: {$ref: schemas/pet.yaml}` as a model of its own that
/// refers to it; gatewright gives the file the root's name (`Pet`) and writes the schema there.
/// Each model's schema then differs too, in the names its `$ref`s use. Resources, methods,
/// integrations, authorizers, validators, keys, usage plans and gateway responses are compared
/// whole.
fn comparable(mut routes: Value, kind: &str) -> Value {
    if kind != "rest" {
        return routes;
    }
    if let Some(m) = routes.as_object_mut() {
        m.remove("models");
    }
    fn anonymous(models: Option<&mut Value>) {
        for name in models.and_then(Value::as_object_mut).into_iter().flat_map(|m| m.values_mut()) {
            *name = Value::from("<model>");
        }
    }
    for resource in routes["resources"].as_array_mut().into_iter().flatten() {
        for method in resource["resourceMethods"].as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
            anonymous(method.get_mut("requestModels"));
            for response in method["methodResponses"].as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
                anonymous(response.get_mut("responseModels"));
            }
        }
    }
    routes
}

/// Every `$ref` in `v` whose value does not start with `#`, as `pointer: value`.
fn outside_refs(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                match x {
                    Value::String(s) if k == "$ref" && !s.starts_with('#') => out.push(format!("{here}: {s}")),
                    _ => outside_refs(x, &here, out),
                }
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, x)| outside_refs(x, &format!("{at}/{i}"), out)),
        _ => {}
    }
}

/// Where two JSON values differ: their pretty forms from a few lines before the first line
/// that differs, as a unified listing of each (empty when they are equal).
fn difference(a: &Value, b: &Value) -> String {
    let (a, b) =
        (serde_json::to_string_pretty(a).unwrap_or_default(), serde_json::to_string_pretty(b).unwrap_or_default());
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    if a == b {
        return String::new();
    }
    let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let from = first.saturating_sub(12);
    let window = |l: &[&str]| l[from.min(l.len())..(first + 24).min(l.len())].join("\n");
    format!("first difference at line {}\n{}\n--- against\n{}", first + 1, window(&a), window(&b))
}

/// The kinds a document is judged as: REST only for a Swagger 2.0 document or one under a
/// `rest` path (and then it must check clean as REST); else each kind it checks clean for, at
/// least one.
fn kinds(doc: &str, swagger: bool) -> Vec<&'static str> {
    if swagger || doc.strip_prefix("fixtures/split/").unwrap_or(doc).contains("rest") {
        assert_eq!(
            errors(doc, "rest"),
            0,
            "{doc}: a REST document has errors as a REST API (gatewright check --api rest)"
        );
        return vec!["rest"];
    }
    let clean: Vec<&str> = ["http", "rest"].into_iter().filter(|k| errors(doc, k) == 0).collect();
    assert!(!clean.is_empty(), "{doc}: has errors both as an HTTP and as a REST API: it proves nothing here");
    clean
}

fn judge(doc_path: &Path) {
    let dir = scratch("e2e-bundle");
    let doc = doc_path.strip_prefix(root()).unwrap_or(doc_path).to_string_lossy().into_owned();
    let peer = dir.join("redocly.json");
    redocly_bundle(doc_path, &peer, &dir);
    let peer_doc: Value = serde_json::from_str(&std::fs::read_to_string(&peer).expect("redocly's bundle"))
        .expect("redocly's bundle is JSON");
    let swagger = peer_doc.get("swagger").is_some();
    let p = peer.to_string_lossy().into_owned();
    for kind in kinds(&doc, swagger) {
        // 1. The same routes from the split document as from redocly's bundle of it.
        let split = json_of(&["routes", "--api", kind, "--format", "json", &doc]);
        let got = comparable(split.clone(), kind);
        let want = comparable(json_of(&["routes", "--api", kind, "--format", "json", &p]), kind);
        assert!(
            got == want,
            "{doc}: the {kind} routes of the split document differ from those of `redocly bundle`'s\n--- gatewright routes --api {kind} --format json {doc}, {}",
            difference(&got, &want).replacen(
                "--- against",
                &format!("--- gatewright routes --api {kind} --format json (redocly bundle {doc})"),
                1
            )
        );

        // 2. The body gatewright bundles: valid, self-contained, the same routes.
        let body = dir.join(format!("{kind}.json"));
        let b = body.to_string_lossy().into_owned();
        output(
            &mut gatewright(&["compile", "--api", kind, &doc, "--emit", "openapi", "-o", &b]),
            &format!("gatewright compile --api {kind} {doc} --emit openapi"),
        );
        let version = if swagger { "2.0" } else { "3.0" };
        output(
            Command::new(tool("python"))
                .arg(root().join("tests/e2e/bundled.py"))
                .arg(version)
                .arg(&body)
                .current_dir(&dir),
            &format!("{doc} ({kind}): the bundled body as OpenAPI {version}"),
        );
        let bundled: Value =
            serde_json::from_str(&std::fs::read_to_string(&body).expect("the body")).expect("JSON body");
        let mut outside = Vec::new();
        outside_refs(&bundled, "", &mut outside);
        assert!(
            outside.is_empty(),
            "{doc} ({kind}): the bundled body has $refs outside itself:\n{}",
            outside.join("\n")
        );
        let again = json_of(&["routes", "--api", kind, "--format", "json", &b]);
        assert!(
            again == split,
            "{doc}: the {kind} routes of gatewright's bundled body differ from the split document's\n--- split, {}",
            difference(&split, &again).replacen("--- against", "--- compile --emit openapi", 1)
        );
    }
}

#[test]
fn e2e_bundle_split_documents_match_redocly_and_bundle_to_one_valid_body() {
    let roots = split_roots();
    let failures: Vec<String> = roots
        .iter()
        .filter_map(|r| {
            std::panic::catch_unwind(|| judge(r)).err().map(|e| {
                let msg =
                    e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
                format!("== {}\n{}", r.strip_prefix(root()).unwrap_or(r).display(), msg.unwrap_or_default())
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} split documents failed:\n\n{}",
        failures.len(),
        roots.len(),
        failures.join("\n\n")
    );
}
