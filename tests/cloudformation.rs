//! `check` on CloudFormation templates in the styles people write (`fixtures/cloudformation/`: a
//! packaged-style local `BodyS3Location`, a CDK-style JSON template with an inline body, a body
//! whose root is `Fn::If` with an `AWS::Include` branch; the pitfalls in `fixtures/check/GW91*`):
//! every body checked as CloudFormation deploys it and located where it is written, the
//! resource named beside a body file's findings (human, JSON, SARIF), a body file found in the
//! same folder not checked a second time on its own, `gatewright.toml` and `Metadata`
//! suppression applying, nothing read outside the template's folder, and reading linear in the
//! template's size.

use crate::support::{gatewright, snapshots};
use serde_json::Value;

#[test]
fn templates_are_checked_as_cloudformation_deploys_them() {
    let human = gatewright(&["check", "--no-config", "fixtures/cloudformation"]).output().unwrap();
    assert_eq!(human.status.code(), Some(1), "errors: bodies AWS rejects");
    let text = String::from_utf8_lossy(&human.stdout).into_owned();
    // The packaged body beside its template is reported once, as the resource deploys it.
    assert_eq!(text.matches("GW815(").count(), 1, "{text}");
    let out = gatewright(&["check", "--no-config", "--format", "json", "fixtures/cloudformation"]).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    let file = |p: &str| files.iter().find(|f| f["path"] == p).unwrap_or_else(|| panic!("{p} in {report}"));
    let packaged = file("fixtures/cloudformation/rest-packaged/api.rest.yaml");
    assert_eq!(packaged["deployed_by"]["resource"], "OrdersApi");
    assert_eq!(packaged["deployed_by"]["path"], "fixtures/cloudformation/rest-packaged/template.yaml");
    assert_eq!(packaged["deployed_by"]["line"], 19);
    assert_eq!(packaged["api"], "rest", "the kind comes from the resource type");
    // The `Fn::If` branches: the included file, and the body written in the template.
    let prod = file("fixtures/cloudformation/fn-if/specs/prod.yaml");
    assert_eq!(prod["deployed_by"]["resource"], "PetsApi");
    let d = &prod["diagnostics"][0];
    assert_eq!(d["code"], "GW401");
    assert!(d["message"].as_str().unwrap().ends_with("(when `IsProd` holds)"), "{d}");
    assert_eq!(d["severity"], "error", "`FailOnWarnings: true`: AWS's warning fails the stack");
    let dev = &file("fixtures/cloudformation/fn-if/template.yaml")["diagnostics"][0];
    assert_eq!(dev["code"], "GW305");
    assert!(dev["message"].as_str().unwrap().ends_with("(when `IsProd` does not hold)"), "{dev}");
    assert_eq!((dev["line"].as_u64(), dev["column"].as_u64()), (Some(26), Some(36)), "located in the template");
    // A CDK-style JSON template: findings of the inline body in the template.
    let cdk = file("fixtures/cloudformation/http-cdk/OrdersStack.template.json");
    let codes: Vec<&str> = cdk["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["GW912", "GW201"]);
    assert_eq!(cdk["diagnostics"][1]["line"], 34);
    let sarif = gatewright(&["check", "--no-config", "--format", "sarif", "fixtures/cloudformation"]).output().unwrap();
    let log: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "GW815").unwrap();
    let related = r["relatedLocations"].as_array().unwrap();
    assert!(related.iter().any(|l| {
        l["physicalLocation"]["artifactLocation"]["uri"] == "fixtures/cloudformation/rest-packaged/template.yaml"
            && l["message"]["text"] == "deployed by `OrdersApi`"
    }));
    snapshots(|| insta::assert_snapshot!("cloudformation_check", text));
}

#[test]
fn settings_and_metadata_suppress_template_findings() {
    let dir = crate::support::scratch("cfn");
    let src = crate::support::root()
        .join("fixtures/check/GW911-cloudformation-stale-deployment/invalid-fixed-logical-id.yaml");
    let template = dir.join("template.yaml");
    std::fs::copy(&src, &template).unwrap();
    let t = template.to_string_lossy().into_owned();
    let fired = gatewright(&["check", "--format", "json", &t]).output().unwrap();
    assert!(String::from_utf8_lossy(&fired.stdout).contains("GW911"));
    std::fs::write(dir.join("gatewright.toml"), "[severity]\ncloudformation-stale-deployment = \"off\"\n").unwrap();
    let off = gatewright(&["check", "--format", "json", &t]).output().unwrap();
    assert!(!String::from_utf8_lossy(&off.stdout).contains("GW911"), "gatewright.toml applies");
    std::fs::remove_file(dir.join("gatewright.toml")).unwrap();
    let text = std::fs::read_to_string(&src).unwrap();
    let ignored = text.replace(
        "    Type: AWS::ApiGateway::Deployment\n",
        "    Type: AWS::ApiGateway::Deployment\n    Metadata:\n      gatewright: {ignore: [cloudformation-stale-deployment]}\n",
    );
    assert_ne!(ignored, text);
    std::fs::write(&template, ignored).unwrap();
    let quiet = gatewright(&["check", "--format", "json", &t]).output().unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stdout).contains("GW911"), "the resource's `Metadata` applies");
    assert_eq!(quiet.status.code(), Some(0));
    // On the API resource, it silences the findings of its body too.
    let body = crate::support::root()
        .join("fixtures/check/GW915-cloudformation-fail-on-warnings-unset/invalid-undefined-scheme.yaml");
    let text = std::fs::read_to_string(body).unwrap().replace(
        "    Type: AWS::ApiGatewayV2::Api\n",
        "    Type: AWS::ApiGatewayV2::Api\n    Metadata:\n      gatewright:\n        ignore: [GW401, GW915]\n",
    );
    std::fs::write(&template, text).unwrap();
    let (code, stdout, _) = crate::support::run(&["check", "--format", "json", &t]);
    assert!(!stdout.contains("GW401") && !stdout.contains("GW915"), "{stdout}");
    assert_eq!(code, 0);
}

#[test]
fn body_files_are_read_only_under_the_template_folder() {
    let dir = crate::support::scratch("cfn-outside");
    let inner = dir.join("stack");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(
        dir.join("secret.yaml"),
        "openapi: 3.0.1\ninfo: {title: SECRET-TEXT, version: '1'}\npaths: {/a: {get: {}}}\n",
    )
    .unwrap();
    let template = |body: &str| {
        format!(
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      BodyS3Location: {body}\n"
        )
    };
    let t = inner.join("template.yaml");
    for (body, expect) in [
        ("../secret.yaml", "outside the template's folder"),
        ("s3://bucket/api.yaml", "stored remotely"),
        ("{Bucket: b, Key: k}", "names an S3 object"),
        ("./missing.yaml", "cannot read"),
    ] {
        std::fs::write(&t, template(body)).unwrap();
        let (code, stdout, _) =
            crate::support::run(&["check", "--no-config", "--format", "json", &t.to_string_lossy()]);
        assert!(stdout.contains("GW910") && stdout.contains(expect), "{body}: {stdout}");
        assert!(!stdout.contains("SECRET-TEXT"));
        assert_eq!(code, 0, "a note: {body}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("secret.yaml"), inner.join("api.yaml")).unwrap();
        std::fs::write(&t, template("./api.yaml")).unwrap();
        let (_, stdout, _) = crate::support::run(&["check", "--no-config", "--format", "json", &t.to_string_lossy()]);
        assert!(stdout.contains("leads out of the template's folder"), "{stdout}");
        assert!(!stdout.contains("SECRET-TEXT"), "{stdout}");
    }
}

#[test]
fn a_large_template_is_read_in_linear_time() {
    // 2,000 resources: functions, their permissions, and one API integrating each function.
    let n = 700;
    let mut t = String::from("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n");
    let mut paths = String::new();
    for i in 0..n {
        t.push_str(&format!(
            "  F{i}:\n    Type: AWS::Lambda::Function\n    Properties: {{Runtime: nodejs20.x, Handler: i.h, Role: r, Code: {{ZipFile: x}}}}\n"
        ));
        if i % 2 == 0 {
            t.push_str(&format!(
                "  P{i}:\n    Type: AWS::Lambda::Permission\n    Properties: {{Action: lambda:InvokeFunction, FunctionName: !Ref F{i}, Principal: apigateway.amazonaws.com}}\n"
            ));
        }
        paths.push_str(&format!(
            "          /f{i}:\n            get:\n              x-amazon-apigateway-integration: {{type: aws_proxy, uri: !GetAtt F{i}.Arn, payloadFormatVersion: '2.0'}}\n"
        ));
    }
    for i in 0..(2_000 - n - n / 2 - 1) {
        t.push_str(&format!("  Topic{i}:\n    Type: AWS::SNS::Topic\n"));
    }
    t.push_str("  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Body:\n        openapi: 3.0.1\n        info: {title: big, version: '1'}\n        paths:\n");
    t.push_str(&paths);
    let source = gatewright::source::SourceFile::new("big.yaml", t);
    assert!(gatewright::cfn_template::is_template(&source));
    let start = std::time::Instant::now();
    let read = |p: &str| Err(format!("cannot read `{p}`"));
    let reports = gatewright::cfn_template::check(source, &gatewright::Options::default(), &read);
    let elapsed = start.elapsed();
    let missing = reports[0]
        .diagnostics
        .iter()
        .filter(|d| d.code == gatewright::diagnostics::Code::CloudformationLambdaPermissionMissing)
        .count();
    assert_eq!(missing, n / 2, "every odd function lacks its permission");
    // Quadratic work over 2,000 resources and 700 routes takes far longer than this, even
    // unoptimised.
    assert!(elapsed < std::time::Duration::from_secs(10), "{elapsed:?}");
}

#[test]
fn a_nested_cdk_assembly_reads_its_assets_from_the_assembly_above() {
    // A CDK `Stage`: its stack's template and asset manifest in `assembly-Prod/`, the staged
    // asset in the outermost assembly folder, named `../asset.<hash>.yaml`.
    let dir = crate::support::scratch("cdk-nested");
    let out = dir.join("cdk.out");
    std::fs::create_dir_all(out.join("assembly-Prod")).unwrap();
    let manifest = |artifacts: &str| format!("{{\"version\": \"36.0.0\", \"artifacts\": {{{artifacts}}}}}");
    std::fs::write(
        out.join("manifest.json"),
        manifest("\"assembly-Prod\": {\"type\": \"cdk:cloud-assembly\", \"properties\": {\"directoryName\": \"assembly-Prod\"}}"),
    )
    .unwrap();
    std::fs::write(
        out.join("assembly-Prod/manifest.json"),
        manifest("\"ProdStack\": {\"type\": \"aws:cloudformation:stack\", \"properties\": {\"templateFile\": \"ProdStack.template.json\"}}"),
    )
    .unwrap();
    let body = "openapi: 3.0.1\ninfo: {title: shop, version: '1'}\npaths:\n  /items:\n    get:\n      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: 'https://example.com/items', timeoutInMillis: 45000}\n";
    std::fs::write(out.join("asset.abc123.yaml"), body).unwrap();
    std::fs::write(dir.join("secret.yaml"), "SECRET-MARKER-9913\n").unwrap();
    let template = |key: &str| {
        format!(
            "{{\"Resources\": {{\"Api\": {{\"Type\": \"AWS::ApiGateway::RestApi\", \"Properties\": {{\"BodyS3Location\": {{\"Bucket\": \"b\", \"Key\": \"{key}\"}}}}}}}}}}"
        )
    };
    std::fs::write(out.join("assembly-Prod/ProdStack.template.json"), template("abc123.yaml")).unwrap();
    let assets = "{\"version\": \"36.0.0\", \"files\": {\"abc123\": {\"source\": {\"path\": \"../asset.abc123.yaml\", \"packaging\": \"file\"}, \"destinations\": {\"d\": {\"bucketName\": \"b\", \"objectKey\": \"abc123.yaml\"}}}, \"secret\": {\"source\": {\"path\": \"../../secret.yaml\", \"packaging\": \"file\"}, \"destinations\": {\"d\": {\"bucketName\": \"b\", \"objectKey\": \"secret.yaml\"}}}}}";
    std::fs::write(out.join("assembly-Prod/ProdStack.assets.json"), assets).unwrap();
    let check = || {
        let o = gatewright(&["check", "--no-config", "--format", "json", &out.to_string_lossy()]).output().unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let report: Value = serde_json::from_str(&check()).unwrap();
    let files = report["files"].as_array().unwrap();
    let asset = files
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("asset.abc123.yaml")))
        .expect("the asset is read");
    assert!(asset["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "GW815"), "{asset}");
    // An asset path that climbs above the outermost assembly is never read.
    std::fs::write(out.join("assembly-Prod/ProdStack.template.json"), template("secret.yaml")).unwrap();
    let text = check();
    assert!(!text.contains("SECRET-MARKER"), "{text}");
    assert!(text.contains("GW910"), "{text}");
}

#[test]
fn usage_plans_and_keys_beside_a_rest_api_are_read_and_checked() {
    const T: &str = "fixtures/cloudformation/rest-usage-plans/template.yaml";
    let out = gatewright(&["check", "--no-config", "--format", "json", T]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!text.contains("not-a-real-secret"), "a key's value never reaches the output");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, u64, String)> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "GW820")
        .map(|d| {
            (d["code"].as_str().unwrap().into(), d["line"].as_u64().unwrap(), d["message"].as_str().unwrap().into())
        })
        .collect();
    // Where the template writes them; `Limit: !Ref DailyLimit` is CloudFormation's to know.
    assert_eq!(
        found,
        [
            ("GW820".into(), 41, "`/pets/POST` is not a method of this API".into()),
            ("GW820".into(), 42, "`burstLimit` must be a whole number".into()),
        ]
    );
    let routes =
        gatewright(&["routes", "--no-config", "--resource", "PetsApi", "--format", "json", T]).output().unwrap();
    let text = String::from_utf8_lossy(&routes.stdout).into_owned();
    assert!(!text.contains("not-a-real-secret"), "a key's value never reaches the output");
    let api: Value = serde_json::from_slice(&routes.stdout).unwrap();
    assert_eq!(api["apiKeys"][0]["name"], "PartnerKey");
    assert_eq!(api["apiKeys"][0]["tags"]["team"], "api");
    let plan = &api["usagePlans"][0];
    assert_eq!(plan["name"], "FreePlan");
    assert_eq!(plan["keys"][0]["name"], "PartnerKey", "joined by the UsagePlanKey");
    assert_eq!(plan["quota"]["limit"]["Ref"], "DailyLimit", "kept as written");
    assert_eq!(plan["apiStages"][0]["throttle"]["/pets/GET"]["rateLimit"], 5);
}
