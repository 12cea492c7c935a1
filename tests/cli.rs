//! The command line: exit codes, output formats, and the `--fail-on-warnings` gate.

use crate::support::{gatewright, snapshots, transcript};

const CLEAN: &str = "fixtures/examples/petstore.yaml";
const ERROR: &str = "fixtures/check/GW201-route-variable-conflict/invalid-same-method.yaml";
/// A duplicate key: gatewright's advice (AWS keeps one value silently), so a warning.
const DUPLICATE: &str = "fixtures/check/GW002-duplicate-key/invalid-duplicate-integration-uri.yaml";
const WARNING: &str = "fixtures/check/GW100-invalid-openapi-structure/invalid-operation-is-a-string.yaml";

fn exit(args: &[&str]) -> i32 {
    gatewright(args).output().expect("runs").status.code().unwrap_or(-1)
}

#[test]
fn exit_codes() {
    assert_eq!(exit(&["check", CLEAN]), 0);
    assert_eq!(exit(&["check", ERROR]), 1);
    assert_eq!(exit(&["check", WARNING]), 0, "warnings alone do not fail");
    assert_eq!(exit(&["check", "--fail-on-warnings", WARNING]), 1);
    assert_eq!(exit(&["check", CLEAN, ERROR]), 1, "any failing file fails the run");
    assert_eq!(exit(&["check", "fixtures/does-not-exist.yaml"]), 2);
    assert_eq!(exit(&["check", CLEAN, "fixtures/does-not-exist.yaml"]), 2, "unreadable beats failed");
    assert_eq!(exit(&["check"]), 2, "no file is a usage error");
    assert_eq!(exit(&["check", "--format", "xml", CLEAN]), 2);
    assert_eq!(exit(&["routes", CLEAN]), 0);
    assert_eq!(exit(&["routes", ERROR]), 1);
    assert_eq!(exit(&["--version"]), 0);
}

#[test]
fn transcripts() {
    snapshots(|| {
        for (name, args) in [
            ("check_clean", vec!["check", CLEAN]),
            ("check_error", vec!["check", ERROR]),
            ("check_warning", vec!["check", WARNING]),
            ("check_fail_on_warnings", vec!["check", "--fail-on-warnings", WARNING]),
            ("check_unreadable", vec!["check", "fixtures/does-not-exist.yaml"]),
            ("check_json", vec!["check", "--format", "json", CLEAN, ERROR]),
            ("routes_human", vec!["routes", CLEAN]),
            ("routes_failing", vec!["routes", ERROR]),
        ] {
            let (_, text) = transcript(&args);
            insta::assert_snapshot!(name, text);
        }
    });
}

#[test]
fn json_report_has_the_documented_schema() {
    let out = gatewright(&["check", "--format", "json", CLEAN, DUPLICATE, WARNING]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["path"], CLEAN);
    assert_eq!(files[0]["diagnostics"].as_array().map(Vec::len), Some(0));
    let d = &files[1]["diagnostics"][0];
    for key in [
        "code",
        "name",
        "severity",
        "aws",
        "message",
        "help",
        "pointer",
        "line",
        "column",
        "end_line",
        "end_column",
        "related",
    ] {
        assert!(d.get(key).is_some(), "diagnostic lacks {key}: {d}");
    }
    assert_eq!(d["code"], "GW002");
    assert_eq!((d["severity"].as_str(), d["aws"].as_str()), (Some("warning"), Some("accepted")));
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(10), Some(9)), "the second `uri:` key");
    assert_eq!((d["end_line"].as_u64(), d["end_column"].as_u64()), (Some(10), Some(12)));
    assert_eq!(d["related"][0]["line"].as_u64(), Some(8), "first definition");
    let w = &files[2]["diagnostics"][0];
    assert_eq!((w["severity"].as_str(), w["pointer"].as_str()), (Some("warning"), Some("/paths/~1pets/get")));
    // The info: the warning fixture's `post` operation has no integration (GW605).
    // Two warnings, one of them AWS's (GW100); nothing fails without --fail-on-warnings.
    assert_eq!(
        v["summary"],
        serde_json::json!({"errors": 0, "warnings": 2, "infos": 1, "aws_warnings": 1, "failed": false})
    );
}

#[test]
fn routes_json_is_the_aws_shape() {
    let out = gatewright(&["routes", "--format", "json", CLEAN]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["Api"]["ProtocolType"], "HTTP");
    assert_eq!(v["Api"]["Version"], "2.0");
    let keys: Vec<&str> =
        v["Routes"].as_array().expect("routes").iter().filter_map(|r| r["RouteKey"].as_str()).collect();
    assert_eq!(keys.len(), 7);
    assert!(keys.contains(&"$default"));
    assert!(keys.contains(&"ANY /inventory/{proxy+}"));
    let get_pets =
        v["Routes"].as_array().and_then(|r| r.iter().find(|r| r["RouteKey"] == "GET /pets")).expect("GET /pets");
    assert_eq!(get_pets["Target"], "integrations/petsFn");
    assert_eq!(get_pets["AuthorizationType"], "JWT");
    assert_eq!(v["Integrations"].as_array().map(Vec::len), Some(5));
    assert_eq!(v["Authorizers"].as_array().map(Vec::len), Some(2));
}

#[test]
fn output_is_deterministic() {
    let run = |args: &[&str]| gatewright(args).output().expect("runs").stdout;
    for args in [&["routes", "--format", "json", CLEAN][..], &["check", "--format", "json", ERROR, WARNING][..]] {
        assert_eq!(run(args), run(args), "{args:?}");
    }
}

#[test]
fn readme_code_table_is_generated_from_the_registry() {
    let table = gatewright::diagnostics::Code::markdown_table();
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).expect("README.md");
    let start = readme.find("<!-- codes:start -->\n").map(|i| i + "<!-- codes:start -->\n".len());
    let end = readme.find("<!-- codes:end -->");
    let current = match (start, end) {
        (Some(s), Some(e)) if s <= e => &readme[s..e],
        _ => panic!("README.md lacks the <!-- codes:start --> / <!-- codes:end --> markers"),
    };
    assert_eq!(current, table, "README's code table is stale; replace it with the expected text above");
}
