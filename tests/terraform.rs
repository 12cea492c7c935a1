//! `check` on Terraform configurations in the styles people write (a body file under
//! `path.module`, `templatefile`, a module, `.tf.json`, inline `jsonencode` and heredocs in
//! `fixtures/check/GW9*`): every body checked once per resource that deploys it and located
//! where it is written, the resource named beside a body file's findings (human, JSON, SARIF),
//! a body file found in the same folder not checked a second time on its own, and
//! `gatewright.toml` and comment suppression applying to configurations.

use crate::support::{gatewright, snapshots};
use serde_json::Value;

#[test]
fn terraform_configurations_are_checked_as_terraform_deploys_them() {
    let human = gatewright(&["check", "--no-config", "fixtures/terraform"]).output().unwrap();
    assert_eq!(human.status.code(), Some(1), "errors: a body AWS rejects");
    let text = String::from_utf8_lossy(&human.stdout).into_owned();
    // The document beside the configuration is reported once, as the resource deploys it.
    assert_eq!(text.matches("GW401").count(), 1, "{text}");
    let out = gatewright(&["check", "--no-config", "--format", "json", "fixtures/terraform"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    let body = files.iter().find(|f| f["path"] == "fixtures/terraform/http-file/api.yaml").expect("the body file");
    assert_eq!(body["deployed_by"]["resource"], "aws_apigatewayv2_api.pets");
    assert_eq!(body["deployed_by"]["path"], "fixtures/terraform/http-file/main.tf");
    assert_eq!(body["api"], "http");
    // `fail_on_warnings = true`: what AWS warns about is a rejection.
    assert_eq!(body["diagnostics"][0]["severity"], "error");
    let tpl =
        files.iter().find(|f| f["path"] == "fixtures/terraform/rest-templatefile/api.yaml.tpl").expect("template");
    assert_eq!(tpl["diagnostics"][0]["code"], "GW815");
    assert_eq!(tpl["diagnostics"][0]["line"], 13, "located in the template, not in its rendering");
    let sarif = gatewright(&["check", "--no-config", "--format", "sarif", "fixtures/terraform"]).output().unwrap();
    let log: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "GW401").unwrap();
    let related = r["relatedLocations"].as_array().unwrap();
    assert!(
        related
            .iter()
            .any(|l| l["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/terraform/http-file/main.tf")
    );
    snapshots(|| insta::assert_snapshot!("terraform_check", text));
}

#[test]
fn settings_and_comments_suppress_terraform_findings() {
    let dir = std::env::temp_dir().join(format!("gatewright-tf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = crate::support::root()
        .join("fixtures/check/GW902-terraform-stale-deployment/invalid-deployment-without-triggers.tf");
    let tf = dir.join("main.tf");
    std::fs::copy(&src, &tf).unwrap();
    let t = tf.to_string_lossy().into_owned();
    let fired = gatewright(&["check", "--format", "json", &t]).output().unwrap();
    assert!(String::from_utf8_lossy(&fired.stdout).contains("GW902"));
    std::fs::write(dir.join("gatewright.toml"), "[severity]\nterraform-stale-deployment = \"off\"\n").unwrap();
    let off = gatewright(&["check", "--format", "json", &t]).output().unwrap();
    assert!(!String::from_utf8_lossy(&off.stdout).contains("GW902"), "gatewright.toml applies");
    std::fs::remove_file(dir.join("gatewright.toml")).unwrap();
    let text = std::fs::read_to_string(&src).unwrap();
    let commented = text.replace(
        "resource \"aws_api_gateway_deployment\"",
        "# gatewright-ignore: GW902 (deployed by the release pipeline)\nresource \"aws_api_gateway_deployment\"",
    );
    std::fs::write(&tf, commented).unwrap();
    let quiet = gatewright(&["check", "--format", "json", &t]).output().unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("GW902"), "the comment applies");
    assert_eq!(quiet.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
