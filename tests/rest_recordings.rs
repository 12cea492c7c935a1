//! REST lowering against AWS itself: LocalStack's import tests recorded real AWS responses for
//! their fixtures (`../shared/corpus/aws/localstack__test_apigateway_import.snapshot.json`). Every
//! recorded `get-rest-api`, `get-resources`, `get-method` (with its integration and responses),
//! `get-authorizers`, `get-models` and `get-request-validators` must equal what
//! `routes --api rest --format json` says, and every recorded import warning must be a warning
//! of `check` with AWS's text. Skips (with a message) when the shared corpus is absent.
//!
//! Recorded values hide ids and account details as `<resource-id:1>`, `<region>`…: an id
//! placeholder stands for one of gatewright's ids consistently (a resource's id is its path, an
//! authorizer's its name); other placeholders match any text. Fixture values the LocalStack test
//! filled in before importing (`${uri}`) match any text too.

use gatewright::BasePathMode;
use gatewright::diagnostics::Severity;
use gatewright::kind::{ApiChoice, ApiKind};
use gatewright::source::SourceFile;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;

/// Which fixture (and base path mode) each recording imported: the test name's tail, the
/// recording keys' prefix, the fixture, the mode.
const CASES: &[(&str, &str, &str, BasePathMode)] = &[
    ("test_import_rest_api", "", "openapi.spec.pulumi.json", BasePathMode::Ignore),
    ("test_import_swagger_api", "", "petstore-authorizer.swagger.json", BasePathMode::Ignore),
    ("test_import_and_validate_rest_api[openapi.spec.tf.json]", "", "openapi.spec.tf.json", BasePathMode::Ignore),
    ("test_import_and_validate_rest_api[swagger-mock-cors.json]", "", "swagger-mock-cors.json", BasePathMode::Ignore),
    ("test_import_rest_apis_with_base_path_swagger[ignore]", "", "swagger.json", BasePathMode::Ignore),
    ("test_import_rest_apis_with_base_path_swagger[prepend]", "", "swagger.json", BasePathMode::Prepend),
    ("test_import_rest_apis_with_base_path_swagger[split]", "", "swagger.json", BasePathMode::Split),
    ("test_import_rest_apis_with_base_path_swagger[ignore]", "", "pets.json", BasePathMode::Ignore),
    (
        "test_import_rest_api_with_base_path_oas30[ignore]",
        "srv-var-",
        "openapi-basepath-server-variable.yaml",
        BasePathMode::Ignore,
    ),
    (
        "test_import_rest_api_with_base_path_oas30[prepend]",
        "srv-var-",
        "openapi-basepath-server-variable.yaml",
        BasePathMode::Prepend,
    ),
    (
        "test_import_rest_api_with_base_path_oas30[split]",
        "srv-var-",
        "openapi-basepath-server-variable.yaml",
        BasePathMode::Split,
    ),
    (
        "test_import_rest_api_with_base_path_oas30[ignore]",
        "srv-url-",
        "openapi-basepath-url.yaml",
        BasePathMode::Ignore,
    ),
    (
        "test_import_rest_api_with_base_path_oas30[prepend]",
        "srv-url-",
        "openapi-basepath-url.yaml",
        BasePathMode::Prepend,
    ),
    ("test_import_rest_api_with_base_path_oas30[split]", "srv-url-", "openapi-basepath-url.yaml", BasePathMode::Split),
    ("test_import_with_global_api_key_authorizer", "", "openapi.spec.global-auth.json", BasePathMode::Ignore),
    ("test_import_with_circular_models", "", "openapi.spec.circular-ref.json", BasePathMode::Ignore),
    (
        "test_import_with_circular_models_and_request_validation",
        "",
        "openapi.spec.circular-ref-with-request-body.json",
        BasePathMode::Ignore,
    ),
    ("test_import_with_http_method_integration", "", "openapi-http-method-integration.json", BasePathMode::Ignore),
    ("test_import_with_cognito_auth_identity_source", "", "openapi.cognito-auth.json", BasePathMode::Ignore),
    ("test_import_with_integer_http_status_code", "", "openapi-method-int.spec.yaml", BasePathMode::Ignore),
];

fn corpus() -> Option<PathBuf> {
    let dir = crate::support::root().join("../shared/corpus/aws");
    dir.join("localstack__test_apigateway_import.snapshot.json").is_file().then_some(dir)
}

/// Compares recorded values with gatewright's, binding id placeholders.
#[derive(Default)]
struct Cmp {
    ids: HashMap<String, String>,
    diffs: Vec<String>,
}

impl Cmp {
    fn value(&mut self, at: &str, recorded: &Value, ours: Option<&Value>) {
        let Some(ours) = ours else {
            self.diffs.push(format!("{at}: recorded {recorded}, gatewright has nothing"));
            return;
        };
        match (recorded, ours) {
            (Value::String(r), Value::String(o)) => self.text(at, r, o),
            // LocalStack's snapshot shows JSON templates parsed.
            (Value::Object(_) | Value::Array(_), Value::String(o)) => match serde_json::from_str::<Value>(o) {
                Ok(parsed) => self.value(at, recorded, Some(&parsed)),
                Err(_) => self.diffs.push(format!("{at}: recorded {recorded}, gatewright {o:?}")),
            },
            (Value::Object(r), Value::Object(o)) => self.object(at, r, o, &[]),
            (Value::Array(r), Value::Array(o)) if r.len() == o.len() => {
                for (i, (r, o)) in r.iter().zip(o).enumerate() {
                    self.value(&format!("{at}[{i}]"), r, Some(o));
                }
            }
            (r, o) if r == o => {}
            (r, o) => self.diffs.push(format!("{at}: recorded {r}, gatewright {o}")),
        }
    }

    fn object(&mut self, at: &str, r: &Map<String, Value>, o: &Map<String, Value>, skip: &[&str]) {
        for (k, rv) in r {
            if k == "ResponseMetadata" || skip.contains(&k.as_str()) {
                continue;
            }
            self.value(&format!("{at}.{k}"), rv, o.get(k));
        }
        for k in o.keys() {
            if !r.contains_key(k) && !skip.contains(&k.as_str()) {
                self.diffs.push(format!("{at}.{k}: not recorded, gatewright has {}", o[k]));
            }
        }
    }

    fn text(&mut self, at: &str, r: &str, o: &str) {
        if o.contains("${") {
            return; // the LocalStack test substituted this before importing
        }
        // A whole-value id placeholder (`<resource-id:2>`) binds to one of our ids.
        if r.starts_with('<') && r.ends_with('>') && r.contains(':') && !r[1..].contains('<') {
            let bound = self.ids.entry(r.to_string()).or_insert_with(|| o.to_string());
            if bound != o {
                self.diffs.push(format!("{at}: {r} was `{bound}` before, gatewright has `{o}` here"));
            }
            return;
        }
        if !wildcard(r, o) {
            self.diffs.push(format!("{at}: recorded {r:?}, gatewright {o:?}"));
        }
    }
}

/// Whether `text` matches `pattern`, where each `<…>` in the pattern matches any text.
fn wildcard(pattern: &str, text: &str) -> bool {
    let mut parts: Vec<&str> = Vec::new();
    let mut rest = pattern;
    while let Some(i) = rest.find('<') {
        let Some(j) = rest[i..].find('>') else { break };
        parts.push(&rest[..i]);
        rest = &rest[i + j + 1..];
    }
    if parts.is_empty() {
        return pattern == text;
    }
    parts.push(rest);
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut at = first.len();
    let end = text.len() - last.len();
    for p in &parts[1..parts.len() - 1] {
        match text[at..end].find(p) {
            Some(i) => at += i + p.len(),
            None => return false,
        }
    }
    true
}

/// The items of a `get-*` recording (a list, or `{"items": [...]}`).
fn items(v: &Value) -> Vec<Value> {
    v.get("items").unwrap_or(v).as_array().cloned().unwrap_or_default()
}

#[test]
fn lowering_matches_every_recording_of_aws() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/aws is not here");
        return;
    };
    let snapshot: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("localstack__test_apigateway_import.snapshot.json")).unwrap(),
    )
    .unwrap();
    let mut all = Vec::new();
    let mut compared = 0;
    for (test, prefix, fixture, mode) in CASES {
        let key = snapshot.as_object().unwrap().keys().find(|k| k.ends_with(&format!("::{test}"))).unwrap();
        let recorded = snapshot[key]["recorded-content"].as_object().unwrap();
        let path = dir.join(format!("localstack__{fixture}"));
        let source = SourceFile::from_bytes(path.display().to_string(), std::fs::read(&path).unwrap());
        let opts =
            gatewright::Options { base_path_mode: *mode, api: ApiChoice::Fixed(ApiKind::Rest), ..Default::default() };
        let analysis = gatewright::analyze(source, &opts);
        let rest = analysis.rest.as_ref().unwrap_or_else(|| panic!("{fixture} is not lowered as REST"));
        let ours = gatewright::rest::view::json(rest, analysis.tree.as_ref().unwrap());
        let paths: Vec<&str> =
            ours["resources"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
        let mut cmp = Cmp::default();
        let label = format!("{test} {fixture}");
        for (name, value) in recorded {
            let Some(name) = name.strip_prefix(prefix) else { continue };
            let what = format!("{label} {name}");
            // Resources: the recorded list of this document (the one whose paths are ours).
            if name == "resources" || name.starts_with("get-resources") {
                let list = items(value);
                if !list.iter().all(|r| paths.contains(&r["path"].as_str().unwrap_or_default())) {
                    continue;
                }
                compared += 1;
                assert_eq!(list.len(), paths.len(), "{what}: recorded {list:?}, gatewright {paths:?}");
                for r in &list {
                    let mine = ours["resources"].as_array().unwrap().iter().find(|m| m["path"] == r["path"]).unwrap();
                    let mut m = mine.as_object().unwrap().clone();
                    // `get-resources` without `--embed methods` lists method names only.
                    if let Some(Value::Object(methods)) = m.get_mut("resourceMethods") {
                        methods.values_mut().for_each(|v| *v = Value::Object(Map::new()));
                    }
                    cmp.object(&format!("{what} {}", r["path"]), r.as_object().unwrap(), &m, &[]);
                }
            } else if let Some(rest_of) = name.strip_prefix("method-").filter(|n| !n.starts_with("response-")) {
                let Some((p, verb)) = rest_of.rsplit_once('-') else { continue };
                let path = if p == "root" { "/".to_string() } else { format!("/{p}") };
                let Some(resource) = ours["resources"].as_array().unwrap().iter().find(|r| r["path"] == path.as_str())
                else {
                    continue; // the other document of this test
                };
                compared += 1;
                let mine = &resource["resourceMethods"][verb.to_ascii_uppercase()];
                cmp.value(&what, value, Some(mine));
            } else if name == "get-authorizers" {
                compared += 1;
                let (rec, mine) = (items(value), ours["authorizers"].as_array().unwrap().clone());
                assert_eq!(rec.len(), mine.len(), "{what}");
                for (r, m) in rec.iter().zip(&mine) {
                    let m = mine.iter().find(|m| m["name"] == r["name"]).unwrap_or(m);
                    cmp.value(&what, r, Some(m));
                }
            } else if name == "get-models" {
                compared += 1;
                let (rec, mine) = (items(value), ours["models"].as_array().unwrap().clone());
                assert_eq!(rec.len(), mine.len(), "{what}");
                for (i, r) in rec.iter().enumerate() {
                    // A recorded name hidden as a placeholder pairs by position.
                    let m = mine
                        .iter()
                        .find(|m| m["name"] == r["name"])
                        .or_else(|| mine.get(i).filter(|_| r["name"].as_str().is_some_and(|n| n.starts_with('<'))));
                    cmp.value(&format!("{what} {}", r["name"]), r, m);
                }
            } else if name == "request-validators" {
                compared += 1;
                for r in &items(value) {
                    let m = ours["requestValidators"].as_array().unwrap().iter().find(|m| m["name"] == r["name"]);
                    cmp.value(&what, r, m);
                }
            } else if ["import-swagger", "import_rest_api", "import_tf_rest_api", "import-api"].contains(&name)
                // `pets.json` was imported beside `swagger.json`, whose `put-rest-api` this is.
                || (name.starts_with("put-rest-api") && *fixture != "pets.json")
            {
                compared += 1;
                let mut mine = ours["restApi"].as_object().unwrap().clone();
                mine.remove("rootResourceId");
                cmp.object(
                    &what,
                    value.as_object().unwrap(),
                    &mine,
                    &["id", "createdDate", "rootResourceId", "warnings", "tags"],
                );
                for w in value.get("warnings").and_then(Value::as_array).into_iter().flatten() {
                    let w = w.as_str().unwrap();
                    let found = analysis.diagnostics.iter().any(|d| {
                        d.severity == Severity::Warning
                            && d.code.aws_level().fails_with_fail_on_warnings()
                            && w.contains(&d.message)
                    });
                    if !found {
                        cmp.diffs.push(format!("{what}: AWS warned {w:?}; check has no such warning"));
                    }
                }
            }
        }
        // Imported with failOnWarnings=True (the manifest's notes, from LocalStack's test file):
        // check --fail-on-warnings passes.
        if [
            "test_import_rest_api",
            "test_import_swagger_api",
            "test_import_and_validate_rest_api[openapi.spec.tf.json]",
        ]
        .contains(test)
        {
            let s = analysis.summary(true);
            assert!(
                !s.failed,
                "{label}: AWS imported it with failOnWarnings, but check fails:\n{:#?}",
                analysis.diagnostics
            );
        }
        assert!(
            !analysis.diagnostics.iter().any(|d| d.severity == Severity::Error),
            "{label}: errors {:#?}",
            analysis.diagnostics
        );
        all.extend(cmp.diffs);
    }
    eprintln!("{compared} recordings compared");
    assert!(compared >= 60, "only {compared} recordings compared");
    assert!(all.is_empty(), "{} differences from AWS's recordings:\n{}", all.len(), all.join("\n"));
}
