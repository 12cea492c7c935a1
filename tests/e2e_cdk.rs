//! A real CDK app synthesised in the test suite: `tests/e2e/cdk/app.js` (a `SpecRestApi` from
//! the file asset `shop.yaml`, and a `CfnApi` whose body is written inline) run with `node`
//! against the pinned npm packages `aws-cdk-lib` and `constructs` (installed with `npm install`
//! into the e2e cache once, `$XDG_CACHE_HOME/gatewright-e2e/cdk-…`, and reused), its cloud
//! assembly written into a CDK project in a scratch folder, as `cdk synth` writes `cdk.out`.
//! Synthesis needs no network: no version check, no context lookups. Then `gatewright check
//! cdk.out` finds both APIs, every finding located, the asset's findings naming `shop.yaml`.
//! A missing `node` or `npm` is a failure that says how to get it.

use crate::support::{gatewright, root, scratch};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

const AWS_CDK_LIB: &str = "2.278.0";
const CONSTRUCTS: &str = "10.8.1";

/// The `node_modules` folder holding the pinned packages (installed once into the cache).
fn node_modules() -> PathBuf {
    crate::e2e::npm_packages(
        &format!("cdk-aws-cdk-lib-{AWS_CDK_LIB}-constructs-{CONSTRUCTS}"),
        &[&format!("aws-cdk-lib@{AWS_CDK_LIB}"), &format!("constructs@{CONSTRUCTS}")],
    )
}

#[test]
fn e2e_cdk_synthesised_assembly_is_checked_with_its_assets() {
    let modules = node_modules();
    let project = scratch("e2e-cdk");
    for f in ["app.js", "shop.yaml"] {
        std::fs::copy(root().join("tests/e2e/cdk").join(f), project.join(f)).unwrap();
    }
    let synth = Command::new("node")
        .args(["app.js", "cdk.out"])
        .current_dir(&*project)
        .env("NODE_PATH", &modules)
        .env("CDK_DISABLE_VERSION_CHECK", "1")
        .output()
        .unwrap_or_else(|e| {
            panic!("node is needed to synthesise the CDK app ({e}); install Node.js (apt-get install nodejs)")
        });
    assert!(synth.status.success(), "node app.js: {}", String::from_utf8_lossy(&synth.stderr));
    assert!(project.join("cdk.out/manifest.json").is_file());
    assert!(project.join("cdk.out/ShopStack.assets.json").is_file());

    let out =
        gatewright(&["check", "--no-config", "--format", "json", "cdk.out"]).current_dir(&*project).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "both bodies have an error: {}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "the template and the asset, nothing else: {report}");
    let template = files.iter().find(|f| f["path"] == "cdk.out/ShopStack.template.json").unwrap();
    let asset = files.iter().find(|f| f["path"] != "cdk.out/ShopStack.template.json").unwrap();
    // The `CfnApi`: its inline body's finding located in the synthesised template.
    let codes = |f: &Value| f["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].clone()).collect::<Vec<_>>();
    assert_eq!(codes(template), ["GW201"], "{template}");
    let text = std::fs::read_to_string(project.join("cdk.out/ShopStack.template.json")).unwrap();
    let at = &template["diagnostics"][0];
    let line = text.lines().nth(at["line"].as_u64().unwrap() as usize - 1).unwrap();
    assert!(line.contains("\"/orders/{orderId}\""), "located at the route: {line}");
    // The `SpecRestApi`: its asset read from the assembly, deployed by the API, a copy of shop.yaml.
    let name = asset["path"].as_str().unwrap();
    assert!(name.starts_with("cdk.out/asset.") && name.ends_with(".yaml"), "{name}");
    assert_eq!(asset["api"], "rest");
    assert!(asset["deployed_by"]["resource"].as_str().unwrap().starts_with("ShopApi"), "{asset}");
    assert_eq!(asset["deployed_by"]["path"], "cdk.out/ShopStack.template.json");
    assert_eq!(asset["copy_of"], "shop.yaml");
    assert_eq!(codes(asset), ["GW815"]);
    assert_eq!(
        (asset["diagnostics"][0]["line"].as_u64(), asset["diagnostics"][0]["column"].as_u64()),
        (Some(11), Some(26))
    );
    assert_eq!(asset["diagnostics"][0]["severity"], "error");

    let human = gatewright(&["check", "--no-config", "cdk.out"]).current_dir(&*project).output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains(", a copy of `shop.yaml`\n"), "{text}");
    assert!(text.contains("(1 HTTP API, 1 REST API;"), "both APIs found: {text}");
}
