//! The WebSocket configurations and templates of the fixtures judged by their real consumers, so
//! what gatewright reads is what Terraform and CloudFormation take: every CloudFormation fixture
//! passes cfn-lint, every `.tf` fixture passes `terraform fmt -check`, and every argument and
//! block of every `aws_apigatewayv2_*` resource is in the AWS provider's schema (the names
//! `websocket::resources` reads, such as `identity_sources` and `timeout_milliseconds`).

use crate::e2e::{cfn_lint, tool};
use crate::e2e_terraform::not_in_schema;
use crate::support::root;
use std::path::PathBuf;
use std::process::Command;

/// The WebSocket fixtures written as resources, by extension.
fn fixtures(ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let folders =
        ["fixtures/websocket/terraform", "fixtures/websocket/terraform/split", "fixtures/websocket/cloudformation"];
    let checks = std::fs::read_dir(root().join("fixtures/check")).unwrap();
    let mut dirs: Vec<PathBuf> = folders.iter().map(|f| root().join(f)).collect();
    dirs.extend(checks.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| {
        let name = p.file_name().unwrap().to_string_lossy();
        name.starts_with("GW93") || ["GW1003", "GW1005", "GW1008"].iter().any(|c| name.starts_with(c))
    }));
    for d in dirs {
        for e in std::fs::read_dir(&d).unwrap().filter_map(|e| e.ok()) {
            let p = e.path();
            // Templates only, not the AsyncAPI documents beside them.
            if p.extension().is_some_and(|x| x == ext) && (ext != "yaml" || crate::support::is_template(&p)) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn cloudformation_fixtures_pass_cfn_lint() {
    let templates = fixtures("yaml");
    assert!(templates.len() >= 8, "{templates:?}");
    for t in templates {
        cfn_lint(&t);
    }
}

#[test]
fn terraform_fixtures_are_formatted_and_known_to_the_provider() {
    let files = fixtures("tf");
    assert!(files.len() >= 9, "{files:?}");
    let terraform = tool("terraform");
    for f in &files {
        let fmt = Command::new(&terraform).args(["fmt", "-check", "-diff", "-no-color"]).arg(f).output().unwrap();
        assert!(
            fmt.status.success(),
            "terraform fmt would change {}:\n{}{}",
            f.display(),
            String::from_utf8_lossy(&fmt.stdout),
            String::from_utf8_lossy(&fmt.stderr)
        );
    }
    let (types, wrong) = not_in_schema(&files);
    assert!(types >= 9, "{types} resource types");
    assert!(wrong.is_empty(), "not in the provider's schema: {wrong:#?}");
}
