//! A peer: SAM's own translator (`aws-sam-translator`, pinned in the e2e virtualenv) transforms
//! the SAM templates written for these tests (`fixtures/sam/e2e/`), and for every HTTP and REST
//! API its output holds, `routes --resource ID` of that output (the API CloudFormation will import) equals
//! `routes --resource ID` of the SAM template (the API gatewright predicts without the
//! translator). Compared whole: routes, integrations, authorizers and the API's settings.

use crate::e2e::{output, tool};
use crate::support::{root, run, scratch};
use serde_json::Value;
use std::process::Command;

fn routes(id: &str, file: &str) -> Value {
    let (code, out, err) = run(&["routes", "--format", "json", "--resource", id, file]);
    assert!(code == 0 || code == 1, "routes --resource {id} {file}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{id} of {file}: {e}: {out}{err}"))
}

#[test]
fn e2e_sam_translator_builds_the_apis_gatewright_predicts() {
    let work = scratch("e2e-sam-peer");
    let dir = root().join("fixtures/sam/e2e");
    let mut templates: Vec<_> =
        std::fs::read_dir(&dir).expect("fixtures/sam/e2e").map(|e| e.expect("entry").path()).collect();
    templates.sort();
    assert!(!templates.is_empty(), "no SAM templates in {}", dir.display());
    let mut compared = 0;
    for template in &templates {
        let mut sam = Command::new(tool("python"));
        sam.arg(root().join("tests/e2e/sam_transform.py")).arg(template);
        let text = output(&mut sam, "sam_transform.py");
        let transformed: Value = serde_json::from_str(&text).expect("SAM's template");
        let out = work.join(template.file_name().expect("a name")).with_extension("json");
        std::fs::write(&out, &text).expect("write");
        let apis: Vec<&String> = transformed["Resources"]
            .as_object()
            .expect("resources")
            .iter()
            .filter(|(_, r)| {
                (r["Type"] == "AWS::ApiGatewayV2::Api" || r["Type"] == "AWS::ApiGateway::RestApi")
                    && r["Properties"].get("Body").is_some()
            })
            .map(|(id, _)| id)
            .collect();
        assert!(!apis.is_empty(), "{}: SAM built no API with a body", template.display());
        for id in apis {
            let ours = routes(id, &template.to_string_lossy());
            let theirs = routes(id, &out.to_string_lossy());
            assert_eq!(
                ours,
                theirs,
                "{id} of {}: gatewright's prediction differs from SAM's translator",
                template.display()
            );
            compared += 1;
        }
    }
    // Two HTTP APIs of `orders.yaml`, two REST APIs of `store-rest.yaml`.
    assert!(compared >= 4, "compared {compared} APIs");
}
