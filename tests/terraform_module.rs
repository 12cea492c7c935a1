//! A Terraform module is its folder: `check DIR` (and `routes DIR`) read a folder's `.tf` and
//! `.tf.json` files as one configuration, with every finding in the file and on the line that
//! causes it; a file named alone is read alone, with a note when it refers to what its folder's
//! other files may hold; a file that does not parse is reported and the others are still read;
//! comments and `check --fix` stay within their file.

use crate::support::{json, root, run, scratch};
use serde_json::Value;
use std::path::Path;

const SPLIT: &str = "fixtures/websocket/terraform/split";

/// The findings of one file of a `check --format json` report: code and line of each.
fn findings(report: &Value, path: &str) -> Vec<(String, u64)> {
    let file = report["files"].as_array().into_iter().flatten().find(|f| f["path"] == path);
    let file = file.unwrap_or_else(|| panic!("no report for {path}: {report:#}"));
    file["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), d["line"].as_u64().unwrap_or(0)))
        .collect()
}

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn a_websocket_api_split_over_three_files_is_the_one_file_api() {
    let routes = |path: &str| {
        let mut r = json(&["routes", "--format", "json", path]);
        // The findings differ on purpose (the split's stage has a deployment); the API does not.
        r.as_object_mut().unwrap().retain(|k, _| k != "Findings" && k != "ImportFails");
        r
    };
    let whole = routes("fixtures/websocket/terraform/chat.tf");
    assert_eq!(whole["Routes"].as_array().map(Vec::len), Some(5), "{whole:#}");
    assert_eq!(routes(SPLIT), whole);
    let report = json(&["check", "--format", "json", SPLIT]);
    let paths: Vec<&Value> = report["files"].as_array().unwrap().iter().map(|f| &f["path"]).collect();
    assert_eq!(paths, [&format!("{SPLIT}/main.tf"), &format!("{SPLIT}/routes.tf"), &format!("{SPLIT}/stage.tf")]);
    // The deployment written on line 2 of stage.tf does not wait for the routes of routes.tf.
    let stage = findings(&report, &format!("{SPLIT}/stage.tf"));
    assert_eq!(stage, [("GW931".into(), 2), ("GW932".into(), 2)], "{report:#}");
    assert!(findings(&report, &format!("{SPLIT}/main.tf")).is_empty(), "{report:#}");
    assert!(findings(&report, &format!("{SPLIT}/routes.tf")).is_empty(), "{report:#}");
    // The folder named, and one of its files besides: the folder is still read whole, once.
    let again = json(&["check", "--format", "json", SPLIT, &format!("{SPLIT}/stage.tf")]);
    assert_eq!(again, report);
}

#[test]
fn a_file_named_alone_is_read_alone_with_a_note() {
    let stage = format!("{SPLIT}/stage.tf");
    let (code, stdout, stderr) = run(&["check", "--format", "json", &stage]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    // Its API and routes are in the other files: nothing to judge, and no file but it read.
    assert!(findings(&report, &stage).is_empty(), "{report:#}");
    assert_eq!(report["files"].as_array().map(Vec::len), Some(1), "{report:#}");
    assert!(stderr.contains("names `aws_apigatewayv2_api.chat`, which is not in it"), "{stderr}");
    assert!(stderr.contains(&format!("the 3 configuration files of `{SPLIT}`")), "{stderr}");
    let (_, _, stderr) = run(&["routes", &format!("{SPLIT}/main.tf")]);
    assert!(stderr.contains("`aws_apigatewayv2_api.chat` has no route in it"), "{stderr}");
    // A file alone in its folder gets no note.
    let (_, _, stderr) = run(&["check", "fixtures/websocket/terraform/chat.tf"]);
    assert!(!stderr.contains("read alone"), "{stderr}");
}

const REST_API: &str = r#"resource "aws_api_gateway_rest_api" "shop" {
  name              = "shop"
  put_rest_api_mode = "merge"
  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "shop", version = "1" }
    paths   = {}
  })
}
"#;

const REST_DEPLOYMENT: &str = r#"# The deployment, apart from the API.
resource "aws_api_gateway_deployment" "live" {
  rest_api_id = aws_api_gateway_rest_api.shop.id
}
"#;

#[test]
fn a_body_and_its_deployment_in_two_files() {
    let dir = scratch("tf-module-rest");
    write(&dir, &[("api.tf", &format!("{REST_API}# gatewright-ignore: GW902\n")), ("deploy.tf", REST_DEPLOYMENT)]);
    let folder = dir.display().to_string();
    let report = json(&["check", "--format", "json", "--no-config", &folder]);
    // GW902 where the deployment is written; the comment closing api.tf is not above it.
    let deploy = format!("{folder}/deploy.tf");
    assert_eq!(findings(&report, &deploy), [("GW902".into(), 2)], "{report:#}");
    let file = report["files"].as_array().unwrap().iter().find(|f| f["path"] == deploy.as_str()).unwrap();
    let help = file["diagnostics"][0]["help"].as_str().unwrap_or("");
    assert!(help.contains(&format!("also at {folder}/api.tf:4:3: the body")), "{help}");
    // Alone, the deployment's API is not there to judge it by.
    let report = json(&["check", "--format", "json", "--no-config", &deploy]);
    assert!(findings(&report, &deploy).is_empty(), "{report:#}");
    // A comment above the block in its own file silences it.
    write(&dir, &[("deploy.tf", &REST_DEPLOYMENT.replace("# The", "# gatewright-ignore: GW902\n# The"))]);
    let report = json(&["check", "--format", "json", "--no-config", &folder]);
    assert!(findings(&report, &deploy).is_empty(), "{report:#}");
}

#[test]
fn a_body_file_is_named_with_the_file_that_deploys_it() {
    let dir = scratch("tf-module-http");
    let api = "resource \"aws_apigatewayv2_api\" \"pets\" {\n  name          = \"pets\"\n  protocol_type = \"HTTP\"\n  body          = file(\"${path.module}/api.yaml\")\n}\n";
    let outside = "resource \"aws_apigatewayv2_api\" \"out\" {\n  name          = \"out\"\n  protocol_type = \"HTTP\"\n  body          = file(\"${path.module}/../api.yaml\")\n}\n";
    let stage = "resource \"aws_apigatewayv2_stage\" \"live\" {\n  api_id      = aws_apigatewayv2_api.pets.id\n  name        = \"$default\"\n  auto_deploy = true\n}\n";
    let doc = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n        uri: arn:aws:lambda:us-east-1:123456789012:function:pets\n";
    write(&dir, &[("a_stage.tf", stage), ("b_api.tf", api), ("c_outside.tf", outside), ("api.yaml", doc)]);
    let folder = dir.display().to_string();
    let report = json(&["check", "--format", "json", "--no-config", &folder]);
    let body = report["files"].as_array().unwrap().iter().find(|f| f["path"] == format!("{folder}/api.yaml"));
    let body = body.unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(body["deployed_by"]["path"], format!("{folder}/b_api.tf"), "{report:#}");
    assert_eq!(body["deployed_by"]["line"], 1, "{report:#}");
    assert!(findings(&report, &format!("{folder}/a_stage.tf")).is_empty(), "{report:#}");
    // `file()` still reads only under the module's folder.
    assert_eq!(findings(&report, &format!("{folder}/c_outside.tf")), [("GW900".into(), 4)], "{report:#}");
    // `check --fix` fixes the body (GW303) and leaves every configuration file as it was.
    let (code, _, stderr) = run(&["check", "--fix", "--no-config", &folder]);
    assert!(code <= 1, "{stderr}");
    let fixed = std::fs::read_to_string(dir.join("api.yaml")).unwrap();
    assert!(fixed.contains("payloadFormatVersion"), "{fixed}");
    for (name, text) in [("a_stage.tf", stage), ("b_api.tf", api), ("c_outside.tf", outside)] {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), text, "{name}");
    }
}

#[test]
fn a_file_that_does_not_parse_leaves_the_others_read() {
    let dir = scratch("tf-module-broken");
    for name in ["main.tf", "routes.tf", "stage.tf"] {
        std::fs::copy(root().join(SPLIT).join(name), dir.join(name)).unwrap();
    }
    write(&dir, &[("broken.tf", "resource \"aws_apigatewayv2_route\" \"x\" {\n  api_id = \n"), ("empty.tf", "")]);
    let folder = dir.display().to_string();
    let (code, stdout, stderr) = run(&["check", "--format", "json", "--no-config", &folder]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let broken = findings(&report, &format!("{folder}/broken.tf"));
    assert_eq!(broken.len(), 1, "{report:#}");
    assert_eq!(broken[0].0, "GW001", "{report:#}");
    assert_eq!(findings(&report, &format!("{folder}/stage.tf")), [("GW931".into(), 2), ("GW932".into(), 2)]);
    // `routes` needs the whole configuration: it names the file it cannot read.
    let (code, _, stderr) = run(&["routes", &folder]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("broken.tf"), "{stderr}");
}

#[test]
fn a_module_of_truncated_files_never_panics() {
    let texts: Vec<(String, String)> = ["main.tf", "routes.tf", "stage.tf"]
        .iter()
        .map(|n| (format!("{SPLIT}/{n}"), std::fs::read_to_string(root().join(SPLIT).join(n)).unwrap()))
        .collect();
    let read = |p: &str| {
        Ok(gatewright::source::SourceFile::new(p, "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n"))
    };
    for (i, (_, text)) in texts.iter().enumerate() {
        for cut in (0..text.len()).step_by(97).filter(|c| text.is_char_boundary(*c)) {
            let files: Vec<gatewright::source::SourceFile> = texts
                .iter()
                .enumerate()
                .map(|(j, (name, t))| {
                    gatewright::source::SourceFile::new(name.as_str(), if i == j { &t[..cut] } else { t })
                })
                .collect();
            let joined = gatewright::terraform::module::join(SPLIT, files);
            let options = gatewright::Options::default();
            let result = std::panic::catch_unwind(|| {
                for c in gatewright::terraform::check(joined.clone(), &options, &read) {
                    for (part, found) in gatewright::diagnostics::render::split_parts(&c.source, c.diagnostics) {
                        let _ = gatewright::diagnostics::render::render_concise(&part, None, &found);
                    }
                }
                let _ = gatewright::terraform::one(joined.clone(), &options, &read, None);
            });
            assert!(result.is_ok(), "panic with file {i} cut at {cut}");
        }
    }
}
