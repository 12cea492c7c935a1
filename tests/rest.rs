//! REST APIs from the command line: the kind chosen (flag, `gatewright.toml`, the auto rule) and
//! shown in every format, `routes` in AWS's v1 shapes and as a tree, `route` matching as REST
//! APIs match, and `compile` refusing what it cannot build yet.

use crate::support::{gatewright, json, run, snapshots};

const SHOP: &str = "fixtures/rest/shop.yaml";
const PETS: &str = "fixtures/rest/pets-swagger.yaml";
const HTTP: &str = "fixtures/examples/petstore.yaml";

#[test]
fn routes_in_aws_shapes_and_as_a_tree() {
    snapshots(|| {
        for (name, args) in [
            ("rest_routes_shop_json", &["routes", "--format", "json", SHOP][..]),
            ("rest_routes_shop_human", &["routes", SHOP][..]),
            ("rest_routes_pets_prepend_json", &["routes", "--format", "json", "--basepath", "prepend", PETS][..]),
        ] {
            let (code, out, err) = run(args);
            assert_eq!(code, 0, "{err}");
            insta::assert_snapshot!(name, out);
        }
    });
}

#[test]
fn routes_json_holds_what_import_creates() {
    let v = json(&["routes", "--format", "json", SHOP]);
    assert_eq!(v["api"], "rest");
    let paths: Vec<&str> = v["resources"].as_array().unwrap().iter().map(|r| r["path"].as_str().unwrap()).collect();
    // One resource per segment, intermediate ones included, `/` first; the base path ignored.
    assert_eq!(
        paths,
        ["/", "/health", "/orders", "/orders/{orderId}", "/orders/{orderId}/items", "/orders/{orderId}/items/{proxy+}"]
    );
    let post = &v["resources"][2]["resourceMethods"]["POST"];
    assert_eq!(post["authorizationType"], "CUSTOM");
    assert_eq!(post["apiKeyRequired"], true);
    assert_eq!(post["requestValidatorId"], "all");
    assert_eq!(post["requestModels"]["application/json"], "Order");
    assert_eq!(post["methodIntegration"]["passthroughBehavior"], "NEVER");
    assert_eq!(post["methodIntegration"]["timeoutInMillis"], 29000);
    assert_eq!(post["methodIntegration"]["cacheNamespace"], "/orders");
    let get = &v["resources"][3]["resourceMethods"]["GET"];
    // The root default validator; root security applies; HTTP integrations get INTERNET.
    assert_eq!(get["requestValidatorId"], "params");
    assert_eq!(get["authorizerId"], "token");
    assert_eq!(get["methodIntegration"]["connectionType"], "INTERNET");
    assert_eq!(get["requestParameters"]["method.request.path.orderId"], true);
    assert_eq!(get["requestParameters"]["method.request.querystring.expand"], false);
    let any = &v["resources"][5]["resourceMethods"]["ANY"];
    assert_eq!(any["authorizationType"], "NONE", "`security: []` opens the method");
    assert_eq!(
        v["models"][1]["schema"]["properties"]["items"]["items"]["$ref"],
        "https://apigateway.amazonaws.com/restapis/{restApiId}/models/Item"
    );
    assert_eq!(v["models"][1]["schema"]["required"], serde_json::json!(["id", "sku"]));
    assert_eq!(v["restApi"]["binaryMediaTypes"], serde_json::json!(["image/png"]));
    assert_eq!(v["restApi"]["endpointConfiguration"]["types"], serde_json::json!(["EDGE"]));
    assert_eq!(v["gatewayResponses"][0]["responseType"], "DEFAULT_4XX");
    // Keys (never a value; `enabled` explicit) and the plan with its keys and method throttle.
    assert_eq!(v["apiKeys"][0]["name"], "partner-a");
    assert_eq!((v["apiKeys"][0]["enabled"].as_bool(), v["apiKeys"][1]["enabled"].as_bool()), (Some(true), Some(false)));
    assert!(v["apiKeys"].as_array().unwrap().iter().all(|k| k.get("value").is_none()));
    let plan = &v["usagePlans"][0];
    assert_eq!(plan["apiStages"][0]["throttle"]["/orders/POST"]["burstLimit"], 5);
    assert_eq!(plan["keys"].as_array().unwrap().len(), 2);
}

#[test]
fn swagger_2_lowers_like_openapi_3() {
    let v = json(&["routes", "--format", "json", "--basepath", "prepend", PETS]);
    let get = &v["resources"][2]["resourceMethods"]["GET"];
    assert_eq!(v["resources"][2]["path"], "/api/pets", "Swagger's basePath, prepended");
    assert_eq!(get["authorizationType"], "COGNITO_USER_POOLS");
    assert_eq!(get["authorizationScopes"], serde_json::json!(["pets/read"]));
    assert_eq!(get["requestParameters"]["method.request.querystring.limit"], true);
    assert_eq!(get["requestParameters"]["method.request.header.X-Trace"], false);
    assert_eq!(get["methodResponses"]["200"]["responseModels"]["application/json"], "Pet");
    assert_eq!(get["methodIntegration"]["timeoutInMillis"], 10000, "a timeout written as text is a number");
    let post = &v["resources"][2]["resourceMethods"]["POST"];
    assert_eq!(post["authorizationType"], "AWS_IAM");
    assert_eq!(post["requestModels"]["application/json"], "Pet", "the body parameter's schema, by `consumes`");
}

#[test]
fn route_matches_as_rest_apis_do() {
    let hit = |req: &str| json(&["route", "--format", "json", SHOP, req]);
    let v = hit("GET /orders/42");
    assert_eq!(
        (v["Resource"].as_str(), v["PathParameters"]["orderId"].as_str()),
        (Some("/orders/{orderId}"), Some("42"))
    );
    let v = hit("DELETE /orders/42/items/a/b");
    assert_eq!((v["HttpMethod"].as_str(), v["PathParameters"]["proxy"].as_str()), (Some("ANY"), Some("a/b")));
    // A resource without the method, and no resource at all: REST's 403.
    for req in ["PUT /orders", "GET /nowhere", "GET /orders/42/items"] {
        let v = hit(req);
        assert_eq!(v["Status"], 403, "{req}");
        assert_eq!(v["Message"], "Missing Authentication Token");
    }
}

#[test]
fn the_kind_is_chosen_and_shown() {
    // Auto: Swagger 2.0 and REST-only features make REST APIs, the rest HTTP.
    let (_, out, _) = run(&["check", SHOP, PETS, HTTP]);
    assert!(out.ends_with("3 files checked (1 HTTP API, 2 REST APIs): no problems\n"), "{out}");
    let v = json(&["check", "--format", "json", PETS, HTTP]);
    assert_eq!((v["files"][0]["api"].as_str(), v["files"][1]["api"].as_str()), (Some("rest"), Some("http")));
    let sarif = json(&["check", "--format", "sarif", PETS]);
    assert_eq!(sarif["runs"][0]["properties"]["apiKinds"][PETS], "rest");
    // `--api http` on Swagger 2.0: HTTP API import refuses it.
    let v = json(&["check", "--format", "json", "--api", "http", PETS]);
    assert_eq!(v["files"][0]["api"], "http");
    assert_eq!(v["files"][0]["diagnostics"][0]["code"], "GW010");
    // `api = "http"` in gatewright.toml does the same; the flag wins over the file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gatewright.toml"), "api = \"http\"\n").unwrap();
    let doc = dir.path().join("pets.yaml");
    std::fs::copy(crate::support::root().join(PETS), &doc).unwrap();
    let doc = doc.to_str().unwrap();
    let v = json(&["check", "--format", "json", doc]);
    assert_eq!(v["files"][0]["api"], "http");
    let v = json(&["check", "--format", "json", "--api", "auto", doc]);
    assert_eq!(v["files"][0]["api"], "rest");
}

#[test]
fn cloudformation_import_template() {
    let key = "abcdefghij0123456789XY";
    let args = ["compile", SHOP, "--emit", "cloudformation", "--mode", "import", "--var"];
    let (code, out, err) = run(&[&args[..], &[&format!("apikey.partner-a={key}")]].concat());
    assert_eq!(code, 0, "{err}");
    // The key's value is a NoEcho parameter, never text in the template.
    assert!(!out.contains(key));
    snapshots(|| insta::assert_snapshot!("rest_cloudformation_import", out));
    // The same document gives the same template; a changed one a new deployment.
    assert_eq!(run(&[&args[..], &[&format!("apikey.partner-a={key}")]].concat()).1, out);
    let dir = tempfile::tempdir().unwrap();
    let changed = dir.path().join("shop.yaml");
    let text = std::fs::read_to_string(crate::support::root().join(SHOP)).unwrap();
    std::fs::write(
        &changed,
        text.replace("uri: https://orders.example.com/orders/{id}", "uri: https://orders2.example.com/orders/{id}"),
    )
    .unwrap();
    let deployment = |t: &str| t.lines().find(|l| l.starts_with("  Deployment")).map(str::to_string);
    let (_, other, _) = run(&["compile", changed.to_str().unwrap(), "--emit", "cloudformation", "--mode", "import"]);
    assert!(deployment(&out).is_some());
    assert_ne!(deployment(&out), deployment(&other), "a changed API must get a new deployment");
    // A bad value is refused where the key is declared.
    let (code, _, err) =
        run(&["compile", SHOP, "--emit", "cloudformation", "--mode", "import", "--var", "apikey.partner-a=short"]);
    assert_eq!(code, 1);
    assert!(err.contains("GW820") && err.contains("20 to 128"), "{err}");
}

#[test]
fn cloudformation_granular_template() {
    let (code, out, err) = run(&["compile", SHOP, "--emit", "cloudformation"]);
    assert_eq!(code, 0, "{err}");
    for ty in [
        "RestApi",
        "Authorizer",
        "Model",
        "RequestValidator",
        "GatewayResponse",
        "Resource",
        "Method",
        "Deployment",
        "Stage",
        "ApiKey",
        "UsagePlan",
        "UsagePlanKey",
    ] {
        assert!(out.contains(&format!("Type: AWS::ApiGateway::{ty}\n")), "no {ty}");
    }
    // One resource per segment below the root, one method per operation.
    assert_eq!(out.matches("Type: AWS::ApiGateway::Resource\n").count(), 5);
    assert_eq!(out.matches("Type: AWS::ApiGateway::Method\n").count(), 4);
    snapshots(|| insta::assert_snapshot!("rest_cloudformation_granular", out));
}

#[test]
fn what_rest_cannot_compile_to_yet_is_said() {
    for (args, says) in [
        (&["compile", SHOP, "--emit", "plan", "--mode", "granular"][..], "deployed through API Gateway's importer"),
        (&["compile", SHOP, "--emit", "cloudformation", "--stage", "my stage"][..], "not a REST API stage name"),
    ] {
        let out = gatewright(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn aws_cli_scripts() {
    let (code, granular, err) =
        run(&["compile", SHOP, "--emit", "aws-cli", "--var", "apikey.partner-a=abcdefghij0123456789XY"]);
    assert_eq!(code, 0, "{err}");
    // Every construct, in the order AWS needs them; the key's value is read from the environment.
    let order = [
        "create-rest-api",
        "get-resources",
        "create-authorizer",
        "create-model",
        "create-request-validator",
        "put-gateway-response",
        "create-resource",
        "put-method ",
        "put-method-response",
        "put-integration ",
        "put-integration-response",
        "create-deployment",
        "create-api-key",
        "create-usage-plan ",
        "create-usage-plan-key",
    ];
    let at: Vec<usize> =
        order.iter().map(|c| granular.find(&format!("aws apigateway {c}")).unwrap_or(usize::MAX)).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1] && w[1] != usize::MAX), "{at:?}");
    assert!(!granular.contains("abcdefghij0123456789XY"));
    assert!(granular.contains("\"value\":\"'\"$APIKEY_PARTNER_A\"'\""));
    // A model is created after the model it names.
    assert!(granular.find("name\":\"Item").unwrap() < granular.find("name\":\"Order").unwrap());
    snapshots(|| insta::assert_snapshot!("rest_aws_cli_granular", granular));

    let (code, import, err) =
        run(&["compile", PETS, "--emit", "aws-cli", "--mode", "import", "--basepath", "split", "--fail-on-warnings"]);
    assert_eq!(code, 0, "{err}");
    assert!(import.contains("aws apigateway import-rest-api --parameters 'basepath=split,endpointConfigurationTypes=EDGE' --fail-on-warnings --body \"fileb://$BODY\""));
    assert!(!import.contains("x-gatewright-"), "gatewright's own extensions reach AWS");
    snapshots(|| insta::assert_snapshot!("rest_aws_cli_import", import));
}

#[test]
fn aws_cli_scripts_need_a_name_and_resolved_values() {
    let dir = crate::support::scratch("rest-cli");
    let doc = dir.join("unnamed.yaml");
    std::fs::write(
        &doc,
        "swagger: '2.0'\ninfo: {version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n      x-amazon-apigateway-integration:\n        type: http_proxy\n        httpMethod: GET\n        uri: !Sub 'https://${Host}/a'\n",
    )
    .unwrap();
    let doc = doc.to_string_lossy().into_owned();
    let (code, out, err) = run(&["compile", &doc, "--emit", "aws-cli"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("the REST API needs a name"), "{err}");
    let (code, _, err) = run(&["compile", &doc, "--emit", "aws-cli", "--name", "a"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("GW700") && err.contains("`${Host}` has no value"), "{err}");
    let (code, out, err) = run(&["compile", &doc, "--emit", "aws-cli", "--name", "a", "--var", "Host=example.com"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"uri\":\"https://example.com/a\""), "{out}");
}

#[test]
fn endpoint_type_is_chosen_for_rest_apis_only() {
    let (code, out, err) = run(&["compile", SHOP, "--emit", "cloudformation", "--endpoint-type", "regional"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("EndpointConfiguration:\n        Types:\n        - REGIONAL\n"), "{out}");
    let (code, out, err) =
        run(&["compile", PETS, "--emit", "aws-cli", "--mode", "import", "--endpoint-type", "private"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("'endpointConfigurationTypes=PRIVATE'"), "{out}");
    let (code, out, _) = run(&["compile", SHOP, "--emit", "aws-cli"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"endpointConfiguration\":{\"types\":[\"EDGE\"]}"), "API Gateway's default");
    let (code, out, err) = run(&["compile", HTTP, "--emit", "cloudformation", "--endpoint-type", "edge"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("HTTP APIs have regional endpoints only"), "{err}");
}

#[test]
fn the_plan_imports_and_never_holds_a_key_value() {
    let (code, out, err) = run(&[
        "compile",
        SHOP,
        "--emit",
        "plan",
        "--var",
        "apikey.partner-a=abcdefghij0123456789XY",
        "--put-mode",
        "merge",
        "--endpoint-type",
        "regional",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("abcdefghij0123456789XY"), "a key value is in the plan");
    let plan: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (plan["api"].as_str(), plan["mode"].as_str(), plan["putMode"].as_str()),
        (Some("rest"), Some("import"), Some("merge"))
    );
    assert_eq!(plan["parameters"], serde_json::json!({"endpointConfigurationTypes": "REGIONAL"}));
    assert!(plan["body"]["paths"].is_object() && plan["body"].get("x-gatewright-api-keys").is_none());
    assert_eq!(plan["apiKeys"].as_array().map(Vec::len), Some(2));
    // The deployment's description changes with the document, and only then.
    let (_, again, _) = run(&["compile", SHOP, "--emit", "plan", "--put-mode", "merge", "--endpoint-type", "regional"]);
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(plan["deployment"], again["deployment"]);
    let (_, other, _) = run(&["compile", PETS, "--emit", "plan"]);
    let other: serde_json::Value = serde_json::from_str(&other).unwrap();
    assert_ne!(plan["deployment"], other["deployment"]);
    // Without an API id, a dry run lists what would be created and needs no credentials.
    let (code, out, err) = run(&["deploy", SHOP, "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("would create the API") && out.contains("would create usage plan key partners → partner-a"),
        "{out}"
    );
}

#[test]
fn an_import_script_updates_an_existing_api_with_put_rest_api() {
    let (code, out, err) =
        run(&["compile", SHOP, "--emit", "aws-cli", "--mode", "import", "--api-id", "a1'$(id)", "--put-mode", "merge"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("REST_API_ID='a1'\\''$(id)'\n"), "{out}");
    assert!(out.contains("aws apigateway put-rest-api --rest-api-id \"$REST_API_ID\" --mode merge --no-fail-on-warnings --body \"fileb://$BODY\""), "{out}");
    assert!(out.contains("aws apigateway create-deployment"), "an update is deployed");
    assert!(
        !out.contains("import-rest-api") && !out.contains("create-api-key"),
        "keys are deploy's to reconcile: {out}"
    );
    for args in [
        &["compile", SHOP, "--emit", "cloudformation", "--api-id", "a1"][..],
        &["compile", HTTP, "--emit", "aws-cli", "--api-id", "a1"][..],
    ] {
        let (code, out, err) = run(args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(err.contains("--api-id"), "{err}");
    }
}
