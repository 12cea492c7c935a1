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
    assert_eq!(text.matches("GW401(").count(), 1, "{text}");
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
    let dir = crate::support::scratch("tf");
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
}

/// `compile --emit terraform` into `dir/NAME`, asserting success.
pub(crate) fn emit_terraform(fixture: &str, args: &[&str], dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let out = dir.join(name);
    let o = out.to_string_lossy().into_owned();
    let run = gatewright(&[&["compile", fixture, "--emit", "terraform", "-o", &o], args].concat()).output().unwrap();
    assert!(run.status.success(), "{fixture} {args:?}: {}", String::from_utf8_lossy(&run.stderr));
    out
}

/// The resources of an emitted configuration, read back with gatewright's own reader.
pub(crate) fn resources(path: &std::path::Path) -> gatewright::terraform::model::Resources {
    let source = gatewright::source::SourceFile::from_bytes(path.display().to_string(), std::fs::read(path).unwrap());
    gatewright::terraform::read(&source).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

fn temp(name: &str) -> crate::support::Scratch {
    crate::support::scratch(&format!("tfemit-{name}"))
}

fn routes(file: &str, extra: &[&str]) -> Value {
    let out = gatewright(&[&["routes", "--format", "json", file], extra].concat()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn emitted_terraform_reads_back_as_the_same_api() {
    let dir = temp("roundtrip");
    // Import mode: the configuration checks clean, and its body is the same API.
    let tf = emit_terraform("fixtures/examples/petstore.yaml", &["--mode", "import"], &dir, "api.tf");
    let body = dir.join("api.openapi.json");
    assert!(body.exists(), "the body is written beside the configuration");
    let check = gatewright(&["check", "--no-config", &tf.to_string_lossy()]).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
    assert!(String::from_utf8_lossy(&check.stdout).contains("no problems"));
    let mut want = routes("fixtures/examples/petstore.yaml", &[]);
    let mut got = routes(&body.to_string_lossy(), &["--api", "http"]);
    // CORS moved from the body into `cors_configuration`: compared there.
    let cors = want["Api"].as_object_mut().unwrap().remove("CorsConfiguration");
    assert!(got["Api"].as_object_mut().unwrap().remove("CorsConfiguration").is_none());
    assert_eq!(got, want);
    let api = resources(&tf);
    let api = api.of_type("aws_apigatewayv2_api").next().unwrap();
    let block = api.block("cors_configuration").expect("CORS lifted");
    let origins = cors.as_ref().and_then(|c| c["AllowOrigins"][0].as_str()).unwrap();
    assert!(
        matches!(&block.attribute("allow_origins").unwrap().expr, gatewright::terraform::model::Expr::Array(a) if a[0].as_str() == Some(origins))
    );

    // Granular mode: one route resource per route, each targeting the integration `routes` names.
    let tf = emit_terraform("fixtures/examples/petstore.yaml", &[], &dir, "granular.tf");
    let r = resources(&tf);
    let view = routes("fixtures/examples/petstore.yaml", &[]);
    let mut keys: Vec<String> = r
        .of_type("aws_apigatewayv2_route")
        .filter_map(|b| b.attribute("route_key")?.as_str().map(str::to_string))
        .collect();
    let mut expected: Vec<String> =
        view["Routes"].as_array().unwrap().iter().map(|r| r["RouteKey"].as_str().unwrap().to_string()).collect();
    keys.sort();
    expected.sort();
    assert_eq!(keys, expected);
    for route in view["Routes"].as_array().unwrap() {
        let Some(integration) = route["Target"].as_str().and_then(|t| t.strip_prefix("integrations/")) else {
            continue;
        };
        let found =
            view["Integrations"].as_array().unwrap().iter().find(|i| i["IntegrationId"] == integration).unwrap();
        let Some(uri) = found["IntegrationUri"].as_str() else { continue };
        let block = r
            .of_type("aws_apigatewayv2_route")
            .find(|b| b.attribute("route_key").and_then(|k| k.as_str()) == route["RouteKey"].as_str())
            .unwrap();
        let gatewright::terraform::model::Expr::Str(target) = &block.attribute("target").unwrap().expr else {
            panic!()
        };
        let name =
            target.value.trim_start_matches("integrations/${aws_apigatewayv2_integration.").trim_end_matches(".id}");
        let i = r.of_type("aws_apigatewayv2_integration").find(|b| b.labels[1] == name).unwrap();
        let written = i.attribute("integration_uri").and_then(|u| u.as_str()).unwrap();
        // Lambda invocation URIs are written as the function ARN CreateIntegration takes.
        assert!(uri.contains(written), "{written} for {uri}");
    }
    // REST, granular: a resource per path segment, a method per operation, as `routes` says.
    let tf = emit_terraform("fixtures/rest/shop.yaml", &["--mode", "granular"], &dir, "shop.tf");
    let r = resources(&tf);
    let view = routes("fixtures/rest/shop.yaml", &[]);
    let items = view["resources"].as_array().expect("the resources");
    let parts: Vec<&str> =
        r.of_type("aws_api_gateway_resource").filter_map(|b| b.attribute("path_part")?.as_str()).collect();
    let expected_parts: Vec<&str> = items.iter().filter_map(|i| i["pathPart"].as_str()).collect();
    assert_eq!(parts, expected_parts);
    let methods: Vec<&str> =
        r.of_type("aws_api_gateway_method").filter_map(|b| b.attribute("http_method")?.as_str()).collect();
    let expected: Vec<&str> = items
        .iter()
        .flat_map(|i| i["resourceMethods"].as_object().into_iter().flat_map(|m| m.keys().map(String::as_str)))
        .collect();
    assert_eq!(methods, expected);
    let integrations = r.of_type("aws_api_gateway_integration").count();
    let with_integration = items
        .iter()
        .flat_map(|i| i["resourceMethods"].as_object().into_iter().flat_map(|m| m.values()))
        .filter(|m| m.get("methodIntegration").is_some())
        .count();
    assert_eq!(integrations, with_integration);
}

#[test]
fn emitted_terraform_snapshots_and_json_syntax() {
    let dir = temp("snapshots");
    let granular = emit_terraform("fixtures/examples/petstore.yaml", &[], &dir, "petstore.tf");
    let rest = emit_terraform(
        "fixtures/rest/shop.yaml",
        &["--var", "apikey.partner-a=abcdefghijklmnopqrst12345"],
        &dir,
        "shop.tf",
    );
    let text = std::fs::read_to_string(&rest).unwrap();
    assert!(!text.contains("abcdefghijklmnopqrst12345"), "a key value is never written");
    assert!(!std::fs::read_to_string(dir.join("shop.openapi.json")).unwrap().contains("x-gatewright"));
    // The JSON syntax holds the same resources, arguments and blocks.
    for (hcl, fixture, args) in [
        (&granular, "fixtures/examples/petstore.yaml", &[][..]),
        (&rest, "fixtures/rest/shop.yaml", &["--var", "apikey.partner-a=abcdefghijklmnopqrst12345"][..]),
    ] {
        let json = emit_terraform(fixture, &[&["--format", "json"], args].concat(), &dir, "same.tf.json");
        let shape = |p: &std::path::Path| {
            resources(p)
                .resources
                .iter()
                .map(|b| {
                    // `.tf.json` does not say which objects are blocks: compare the names.
                    let mut names: Vec<String> = b
                        .attributes
                        .iter()
                        .map(|a| a.0.clone())
                        .chain(b.blocks.iter().map(|n| n.kind.clone()))
                        .collect();
                    names.sort();
                    names.dedup();
                    (b.labels.clone(), names)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(shape(hcl), shape(&json), "{fixture}");
    }
    let both = format!(
        "----- petstore.tf (granular)\n{}----- shop.tf (REST, import)\n{text}",
        std::fs::read_to_string(&granular).unwrap()
    );
    snapshots(|| insta::assert_snapshot!("terraform_emit", both));
}

#[test]
fn terraform_import_needs_a_file_for_its_body() {
    let out = gatewright(&["compile", "fixtures/examples/petstore.yaml", "--emit", "terraform", "--mode", "import"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give `-o PATH.tf`"));
    let out = gatewright(&["compile", "fixtures/examples/petstore.yaml", "--emit", "terraform", "--format", "yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
