//! `compile --emit openapi`: the document import mode sends, the same value every import-mode
//! backend embeds (CloudFormation's `Body`, Terraform's body file, the script's heredoc, the
//! plan), as JSON or YAML, with placeholders resolved, `x-gatewright-*` removed and the overrides
//! applied.

use crate::support::{gatewright, input, root, scratch, snapshots};
use gatewright::source::SourceFile;
use serde_json::{Value, json};
use std::process::Output;

fn run(args: &[&str]) -> Output {
    gatewright(args).output().expect("runs")
}

/// Stdout of a successful run.
fn ok(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// YAML (or JSON) read back by gatewright's own reader, which reads YAML 1.2.
fn read_back(name: &str, text: &str) -> Value {
    gatewright::emit::read_mapping(&SourceFile::from_bytes(name, text.as_bytes().to_vec())).expect("a mapping")
}

/// The document between the import script's heredoc delimiters.
fn heredoc(script: &str) -> Value {
    let start = "<<'GATEWRIGHT_OPENAPI_DOCUMENT'\n";
    let from = script.find(start).expect("a heredoc") + start.len();
    let len = script[from..].find("\nGATEWRIGHT_OPENAPI_DOCUMENT").expect("its end");
    json(&script[from..from + len])
}

/// What each import-mode backend sends for `file`, beside the `--emit openapi` document (as text):
/// `(openapi, [(backend, body)], terraform body file as text)`.
fn bodies(file: &str, extra: &[&str]) -> (String, Vec<(&'static str, Value)>, String) {
    let with = |args: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = vec!["compile".into(), file.into()];
        v.extend(args.iter().chain(extra).map(|s| s.to_string()));
        v
    };
    let call = |args: &[&str]| ok(&with(args).iter().map(String::as_str).collect::<Vec<_>>());
    let document = call(&["--emit", "openapi"]);
    let cfn = json(&call(&["--emit", "cloudformation", "--mode", "import", "--format", "json"]));
    let plan = json(&call(&["--emit", "plan", "--mode", "import"]));
    let script = call(&["--emit", "aws-cli", "--mode", "import"]);
    let dir = scratch("openapi-bodies");
    let tf = dir.join("api.tf");
    call(&["--emit", "terraform", "--mode", "import", "-o", &tf.to_string_lossy()]);
    let body_file = std::fs::read_to_string(dir.join("api.openapi.json")).expect("the body file");
    // An HTTP API's plan carries the document as text (`PUT /v2/apis` takes a string); a REST
    // API's as the request body itself.
    let planned = match plan.get("api").and_then(Value::as_str) {
        Some("rest") => plan["body"].clone(),
        _ => json(plan["requests"][0]["body"]["body"].as_str().expect("the document as text")),
    };
    let found = vec![
        ("cloudformation", cfn["Resources"]["Api"]["Properties"]["Body"].clone()),
        ("plan", planned),
        ("aws-cli", heredoc(&script)),
    ];
    (document, found, body_file)
}

#[test]
fn the_document_is_the_body_of_every_import_backend() {
    for file in [
        "fixtures/lower/any-method-and-default-route.yaml",
        "fixtures/rest/shop.yaml",
        "fixtures/rest/pets-swagger.yaml",
    ] {
        let (document, found, body_file) = bodies(file, &[]);
        let doc = json(&document);
        for (backend, body) in found {
            assert_eq!(body, doc, "{file}: the {backend} body differs from `--emit openapi`");
        }
        assert_eq!(body_file, document, "{file}: Terraform's body file is the document byte for byte");
    }
}

#[test]
fn terraform_lifts_only_the_cors_out_of_the_body() {
    let (document, found, body_file) = bodies("fixtures/examples/petstore.yaml", &["--name", "shop"]);
    let mut doc = json(&document);
    for (backend, body) in found {
        assert_eq!(body, doc, "the {backend} body differs from `--emit openapi`");
    }
    assert_eq!(doc["info"]["title"], "shop", "the name override is in the document");
    let cors = doc.as_object_mut().and_then(|m| m.remove("x-amazon-apigateway-cors"));
    assert!(cors.is_some(), "the document keeps its CORS");
    assert_eq!(json(&body_file), doc, "Terraform's body is the document without its CORS (cors_configuration)");
}

#[test]
fn swagger_stays_swagger() {
    let doc = json(&ok(&["compile", "fixtures/rest/pets-swagger.yaml", "--emit", "openapi"]));
    assert_eq!((doc["swagger"].as_str(), doc.get("openapi")), (Some("2.0"), None));
    assert_eq!(doc["definitions"]["Pet"]["properties"]["name"], json!({"type": "string"}));
}

#[test]
fn yaml_and_json_read_back_alike() {
    let dir = scratch("openapi-formats");
    for file in ["fixtures/examples/petstore.yaml", "fixtures/rest/shop.yaml", "fixtures/lower/auth-every-kind.yaml"] {
        let default = ok(&["compile", file, "--emit", "openapi"]);
        let as_json = ok(&["compile", file, "--emit", "openapi", "--format", "json"]);
        let as_yaml = ok(&["compile", file, "--emit", "openapi", "--format", "yaml"]);
        assert_eq!(default, as_json, "{file}: JSON is the default on stdout");
        assert!(!as_yaml.trim_start().starts_with('{'), "{file}: block YAML, not JSON");
        assert_eq!(read_back("out.yaml", &as_yaml), json(&as_json), "{file}: the YAML reads back as the JSON");
        for (name, expected) in [("api.yaml", &as_yaml), ("api.yml", &as_yaml), ("api.json", &as_json)] {
            let path = dir.join(name);
            ok(&["compile", file, "--emit", "openapi", "-o", &path.to_string_lossy()]);
            assert_eq!(&std::fs::read_to_string(&path).expect("written"), expected, "{file}: `-o {name}`");
        }
    }
}

#[test]
fn placeholders_are_resolved_as_for_the_other_backends() {
    let f = "fixtures/lower/cloudformation-short-tags.yaml";
    let unresolved = run(&["compile", f, "--emit", "openapi"]);
    assert_eq!(unresolved.status.code(), Some(1), "a value without a `--var` is an error");
    assert!(unresolved.stdout.is_empty(), "nothing is written");
    assert!(String::from_utf8_lossy(&unresolved.stderr).contains("GW700"));
    let arn = "arn:aws:lambda:eu-west-1:123456789012:function:items";
    let vars = [
        "--region",
        "eu-west-1",
        "--var",
        "AWS::StackName=shop",
        "--var",
        &format!("ItemsFn.Arn={arn}"),
        "--var",
        "ApiRole.Arn=arn:aws:iam::123456789012:role/api",
    ];
    let text = ok(&[&["compile", f, "--emit", "openapi"][..], &vars].concat());
    assert!(!text.contains("Fn::") && !text.contains("${ItemsFn"), "every intrinsic resolved:\n{text}");
    assert!(text.contains(arn) && text.contains("shop-api"), "{text}");
    let plan = json(&ok(&[&["compile", f, "--emit", "plan", "--mode", "import"][..], &vars].concat()));
    assert_eq!(json(plan["requests"][0]["body"]["body"].as_str().expect("text")), json(&text));

    // A REST API's placeholders too.
    let dir = scratch("openapi-rest-vars");
    let doc = dir.join("api.yaml");
    std::fs::write(
        &doc,
        "swagger: '2.0'\ninfo: {title: proxied, version: '1'}\npaths:\n  /items:\n    get:\n      responses: {'200': {description: ok}}\n      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'https://${BackendHost}/items'}\n",
    )
    .expect("write");
    let d = doc.to_string_lossy().into_owned();
    assert_eq!(run(&["compile", &d, "--emit", "openapi"]).status.code(), Some(1));
    let v = json(&ok(&["compile", &d, "--emit", "openapi", "--var", "BackendHost=backend.example.com"]));
    assert_eq!(
        v["paths"]["/items"]["get"]["x-amazon-apigateway-integration"]["uri"],
        "https://backend.example.com/items"
    );
}

#[test]
fn gatewright_extensions_are_removed() {
    let shop = input(&root().join("fixtures/rest/shop.yaml"));
    assert!(shop.contains("x-gatewright-api-keys"), "the REST fixture has gatewright's extensions");
    let rest = ok(&["compile", "fixtures/rest/shop.yaml", "--emit", "openapi"]);
    assert!(!rest.contains("x-gatewright-"), "{rest}");

    let dir = scratch("openapi-strip");
    let doc = dir.join("api.yaml");
    std::fs::write(
        &doc,
        "openapi: 3.0.1\ninfo: {title: quiet, version: '1'}\nx-gatewright-ignore: [GW303]\npaths:\n  /items:\n    get:\n      x-gatewright-ignore: [GW303]\n      x-amazon-apigateway-integration: {type: aws_proxy, uri: 'arn:aws:lambda:us-east-1:123456789012:function:items'}\n",
    )
    .expect("write");
    let d = doc.to_string_lossy().into_owned();
    for format in ["json", "yaml"] {
        let text = ok(&["compile", &d, "--emit", "openapi", "--format", format]);
        assert!(!text.contains("x-gatewright-") && text.contains("x-amazon-apigateway-integration"), "{text}");
    }
}

#[test]
fn overrides_and_cors_are_merged_as_import_mode_does() {
    let dir = scratch("openapi-cors");
    let cors = dir.join("cors.yaml");
    std::fs::write(&cors, "allowOrigins: [https://app.example.com]\nmaxAge: 60\n").expect("write");
    let c = cors.to_string_lossy().into_owned();
    let args = [
        "compile",
        "fixtures/examples/petstore.yaml",
        "--emit",
        "openapi",
        "--cors",
        &c,
        "--name",
        "shop",
        "--description",
        "from the command line",
        "--api-version",
        "9",
        "--tag",
        "team=platform",
    ];
    let doc = json(&ok(&args));
    assert_eq!(doc["x-amazon-apigateway-cors"], json!({"allowOrigins": ["https://app.example.com"], "maxAge": 60}));
    assert_eq!(doc["info"]["title"], "shop");
    assert_eq!(doc["info"]["description"], "from the command line");
    assert_eq!(doc["info"]["version"], "9");
    let tags = doc["tags"].as_array().expect("tags");
    assert!(tags.contains(&json!({"name": "team", "x-amazon-apigateway-tag-value": "platform"})), "{tags:?}");
    let cfn =
        json(&ok(
            &[&args[..2], &["--emit", "cloudformation", "--mode", "import", "--format", "json"], &args[4..]].concat()
        ));
    assert_eq!(cfn["Resources"]["Api"]["Properties"]["Body"], doc, "CloudFormation's body has the same overrides");
}

#[test]
fn what_does_not_apply_is_refused() {
    let f = "fixtures/examples/petstore.yaml";
    let granular = run(&["compile", f, "--emit", "openapi", "--mode", "granular"]);
    assert_eq!(granular.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&granular.stderr).contains("`--mode granular` does not apply"));
    assert_eq!(run(&["compile", f, "--emit", "openapi", "--format", "hcl"]).status.code(), Some(2));
    assert_eq!(run(&["compile", f, "--emit", "openapi", "--mode", "import"]).status.code(), Some(0));
    let no_title = "fixtures/check/GW104-missing-api-name/invalid-no-title.yaml";
    assert_eq!(run(&["compile", no_title, "--emit", "openapi"]).status.code(), Some(1), "import needs a name");
    let named = json(&ok(&["compile", no_title, "--emit", "openapi", "--name", "named"]));
    assert_eq!(named["info"]["title"], "named");
}

#[test]
fn openapi_of_a_small_document() {
    let path = "fixtures/lower/any-method-and-default-route.yaml";
    let as_json = ok(&["compile", path, "--emit", "openapi"]);
    let as_yaml = ok(&["compile", path, "--emit", "openapi", "--format", "yaml"]);
    snapshots(|| {
        insta::assert_snapshot!(
            "emit_openapi_any_method_and_default_route",
            format!(
                "----- INPUT\n{}\n----- openapi (json)\n{as_json}----- openapi (yaml)\n{as_yaml}",
                input(&root().join(path))
            )
        );
    });
}
