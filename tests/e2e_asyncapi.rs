//! AsyncAPI documents judged by the reference parser (npm `@asyncapi/parser`, pinned, installed
//! into the e2e cache): every WebSocket fixture gatewright reads as valid is valid to it, and the
//! documents gatewright rejects for their structure (GW1000) it rejects too.

use crate::support::{gatewright, root};
use serde_json::Value;
use std::path::PathBuf;

const PARSER: &str = "3.6.6";

/// Errors (severity 0) the reference parser reports, per file.
fn reference(files: &[PathBuf]) -> Value {
    let modules =
        crate::e2e::npm_packages(&format!("asyncapi-parser-{PARSER}"), &[&format!("@asyncapi/parser@{PARSER}")]);
    let out = std::process::Command::new("node")
        .arg(root().join("tests/e2e/asyncapi/validate.cjs"))
        .args(files)
        .env("GW_NODE_MODULES", &modules)
        .output()
        .unwrap_or_else(|e| panic!("node is needed ({e}); install Node.js (apt-get install nodejs npm)"));
    assert!(out.status.success(), "the reference parser failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("its JSON")
}

fn yaml_and_json(dir: &str, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("entry").path())
        // Documents only: the folder also holds the same APIs written as Terraform and CloudFormation.
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{dir}: no {prefix}* documents");
    files
}

#[test]
fn e2e_asyncapi_fixtures_agree_with_the_reference_parser() {
    // The documents gatewright lowers: valid to both.
    let valid = yaml_and_json("fixtures/websocket", "");
    let verdicts = reference(&valid);
    for f in &valid {
        let key = f.to_string_lossy();
        assert_eq!(verdicts[key.as_ref()], serde_json::json!([]), "{key}: the reference parser rejects it");
        let out = gatewright(&["check", "--api", "websocket", "--format", "json", &key]).output().expect("runs");
        assert_ne!(out.status.code(), Some(2), "{key}");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        let errors = v["files"][0]["diagnostics"]
            .as_array()
            .map_or(0, |d| d.iter().filter(|d| d["severity"] == "error").count());
        assert_eq!(errors, 0, "{key}: gatewright finds errors the reference parser does not: {v}");
    }
    // What gatewright rejects for its structure, the reference parser rejects too.
    let invalid = yaml_and_json("fixtures/check/GW1000-invalid-asyncapi-structure", "invalid-");
    let verdicts = reference(&invalid);
    for f in &invalid {
        let key = f.to_string_lossy();
        let errors = verdicts[key.as_ref()].as_array().map_or(0, Vec::len);
        assert!(errors > 0, "{key}: gatewright's GW1000, but the reference parser accepts it");
    }
}
