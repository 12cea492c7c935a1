//! `--resource`: one API taken from a CloudFormation template or a Terraform configuration
//! (`fixtures/resources/`: each kind with its body written in the file and beside it) is the
//! API of its body alone, for `routes` and `route`; `compile --emit cloudformation --mode
//! import` reads back through the template reader as the API it was compiled from (the round
//! trip); a file with several APIs and none named, or an unknown one, is a usage error that
//! lists them; the resource's settings apply to `compile` as they do in `check`.

use crate::support::{gatewright, rel, scratch};
use serde_json::Value;

/// `routes --format json` of `args`: the view, after checking it succeeded.
fn routes(args: &[&str]) -> Value {
    let out = gatewright(&[&["routes", "--no-config", "--format", "json"], args].concat()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_resource_is_the_api_of_its_body_alone() {
    let http = routes(&["fixtures/resources/http.yaml"]);
    let rest = routes(&["--api", "rest", "fixtures/resources/rest.yaml"]);
    assert_eq!(http["Routes"].as_array().map(Vec::len), Some(2), "{http}");
    let cases: [(&str, &str, &Value); 8] = [
        ("template.yaml", "OrdersInline", &http),
        ("template.yaml", "OrdersFile", &http),
        ("template.yaml", "ShopInline", &rest),
        ("template.yaml", "ShopFile", &rest),
        ("main.tf", "aws_apigatewayv2_api.inline", &http),
        ("main.tf", "aws_apigatewayv2_api.file", &http),
        ("main.tf", "aws_api_gateway_rest_api.inline", &rest),
        ("main.tf", "aws_api_gateway_rest_api.file", &rest),
    ];
    for (file, id, want) in cases {
        let got = routes(&["--resource", id, &format!("fixtures/resources/{file}")]);
        assert_eq!(&got, want, "{file} --resource {id}");
    }
    // `route` takes the same API: the kind comes from the resource type (REST's 403 for a miss).
    let hit = gatewright(&["route", "--resource", "ShopFile", "fixtures/resources/template.yaml", "PUT /items/7"])
        .output()
        .unwrap();
    assert_eq!(hit.status.code(), Some(0), "{}", String::from_utf8_lossy(&hit.stderr));
    let miss = gatewright(&["route", "--resource", "ShopFile", "fixtures/resources/template.yaml", "GET /nothing"])
        .output()
        .unwrap();
    assert_eq!(miss.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&miss.stdout).contains("403"), "{}", String::from_utf8_lossy(&miss.stdout));
}

#[test]
fn several_apis_and_none_named_is_an_error_that_lists_them() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["routes", "fixtures/resources/template.yaml"],
            "error: `fixtures/resources/template.yaml` deploys 4 APIs: choose one with `--resource ID`: `OrdersInline`, `OrdersFile`, `ShopInline`, `ShopFile`\n",
        ),
        (
            &["route", "--resource", "orders", "fixtures/resources/main.tf", "GET /orders/1"],
            "error: `fixtures/resources/main.tf` deploys no API `orders`; its APIs: `aws_apigatewayv2_api.inline`, `aws_apigatewayv2_api.file`, `aws_api_gateway_rest_api.inline`, `aws_api_gateway_rest_api.file`\n",
        ),
        (
            &["compile", "--resource", "OrdersApi", "fixtures/examples/petstore.yaml", "--emit", "openapi"],
            "error: `--resource` names an API of a CloudFormation template or a Terraform configuration, and `fixtures/examples/petstore.yaml` is neither\n",
        ),
        (
            &["check", "--resource", "Nope", "fixtures/resources/main.tf"],
            "error: no template or configuration checked deploys an API `Nope`; their APIs: `aws_api_gateway_rest_api.file`, `aws_api_gateway_rest_api.inline`, `aws_apigatewayv2_api.file`, `aws_apigatewayv2_api.inline`\n",
        ),
    ];
    for (args, want) in cases {
        let out = gatewright(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), want, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // A body `Fn::If` chooses has no one API to show.
    let out = gatewright(&["routes", "fixtures/cloudformation/fn-if/template.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`Fn::If` chooses it"));
}

#[test]
fn check_resource_reports_only_that_api() {
    let out =
        gatewright(&["check", "--no-config", "--format", "json", "--resource", "OrdersFile", "fixtures/resources"])
            .output()
            .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = report["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["fixtures/resources/template.yaml", "fixtures/resources/http.yaml"]);
    assert_eq!(report["files"][1]["deployed_by"]["resource"], "OrdersFile");
}

/// Drops what a compiled template writes as resources beside the body rather than in it:
/// API keys and usage plans (`AWS::ApiGateway::ApiKey`, `AWS::ApiGateway::UsagePlan`).
fn body_only(mut v: Value) -> Value {
    if let Some(m) = v.as_object_mut() {
        m.remove("apiKeys");
        m.remove("usagePlans");
    }
    v
}

#[test]
fn compiled_templates_read_back_as_the_api_they_were_compiled_from() {
    let dir = scratch("roundtrip");
    let cases = [
        "fixtures/examples/petstore.yaml",
        "fixtures/e2e/hostile.yaml",
        "fixtures/rest/pets-swagger.yaml",
        "fixtures/e2e/rest-lambda.yaml",
        "fixtures/rest/shop.yaml",
    ];
    for (i, source) in cases.iter().enumerate() {
        for format in ["yaml", "json"] {
            let template = dir.join(format!("{i}.template.{format}"));
            let t = template.to_string_lossy().into_owned();
            let compiled = gatewright(&[
                "compile",
                "--no-config",
                source,
                "--emit",
                "cloudformation",
                "--mode",
                "import",
                "--format",
                format,
                "-o",
                &t,
            ])
            .output()
            .unwrap();
            assert_eq!(compiled.status.code(), Some(0), "{source}: {}", String::from_utf8_lossy(&compiled.stderr));
            let text = std::fs::read_to_string(&template).unwrap();
            let want = routes(&[source]);
            if want["apiKeys"].as_array().is_some_and(|k| !k.is_empty()) {
                assert!(text.contains("AWS::ApiGateway::ApiKey"), "{source}: the keys are resources beside the body");
            }
            assert_eq!(body_only(routes(&[&t])), body_only(want), "{source} through {}", rel(&template));
        }
    }
}

#[test]
fn compile_applies_the_resource_settings() {
    let dir = scratch("resource-settings");
    let body = std::fs::read_to_string("fixtures/resources/http.yaml").unwrap();
    // A warning AWS reports: a path that does not start with `/`.
    let warned = body.replace("  /health:", "  health:");
    assert_ne!(warned, body);
    std::fs::write(dir.join("api.yaml"), &warned).unwrap();
    let template = |props: &str| {
        format!(
            "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n{props}      BodyS3Location: api.yaml\n"
        )
    };
    let path = dir.join("template.yaml");
    let p = path.to_string_lossy().into_owned();
    let compile = |props: &str| {
        std::fs::write(&path, template(props)).unwrap();
        gatewright(&["compile", "--no-config", &p, "--emit", "openapi", "--format", "yaml"]).output().unwrap()
    };
    let lenient = compile("");
    assert_eq!(lenient.status.code(), Some(0), "{}", String::from_utf8_lossy(&lenient.stderr));
    let strict = compile("      FailOnWarnings: true\n");
    assert_eq!(
        strict.status.code(),
        Some(1),
        "`FailOnWarnings: true`: the warning fails the import: {}",
        String::from_utf8_lossy(&strict.stderr)
    );
    assert!(strict.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(stderr.contains("`FailOnWarnings: true` on `Api`"), "{stderr}");
    // The resource's name, description and CORS configuration are the API's.
    let named = compile(
        "      Name: from-the-template\n      Description: set by the resource\n      CorsConfiguration: {AllowOrigins: ['https://example.com'], MaxAge: 60}\n",
    );
    assert_eq!(named.status.code(), Some(0), "{}", String::from_utf8_lossy(&named.stderr));
    let doc = String::from_utf8_lossy(&named.stdout);
    assert!(doc.contains("title: from-the-template"), "{doc}");
    assert!(doc.contains("description: set by the resource"), "{doc}");
    assert!(
        doc.contains("allowOrigins:") && doc.contains("https://example.com") && doc.contains("maxAge: 60"),
        "{doc}"
    );
}

#[test]
fn a_terraform_api_without_cors_configuration_loses_the_body_s_cors() {
    // The provider deletes what the import made from `x-amazon-apigateway-cors` when the resource
    // has no `cors_configuration` (GW901), and replaces it when it has one.
    let dir = crate::support::scratch("resource-tf-cors");
    let body = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\nx-amazon-apigateway-cors: {allowOrigins: ['https://body.example']}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'https://example.com', payloadFormatVersion: '1.0'}\n";
    std::fs::write(dir.join("api.yaml"), body).unwrap();
    let compile = |block: &str| {
        let tf = format!(
            "resource \"aws_apigatewayv2_api\" \"api\" {{\n  name          = \"t\"\n  protocol_type = \"HTTP\"\n  body          = file(\"${{path.module}}/api.yaml\")\n{block}}}\n"
        );
        let path = dir.join("main.tf");
        std::fs::write(&path, tf).unwrap();
        let p = path.to_string_lossy().into_owned();
        let out = gatewright(&["compile", "--no-config", &p, "--emit", "openapi"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let without = compile("");
    assert!(without.get("x-amazon-apigateway-cors").is_none(), "{without}");
    let with = compile("  cors_configuration {\n    allow_origins = [\"https://block.example\"]\n  }\n");
    assert_eq!(
        with["x-amazon-apigateway-cors"]["allowOrigins"],
        serde_json::json!(["https://block.example"]),
        "{with}"
    );
}
