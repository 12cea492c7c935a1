//! End to end for REST APIs, with the real tools: the AWS CLI script runs unchanged with the real
//! AWS CLI against moto on 127.0.0.1 and the API it created, read back with boto3
//! (`tests/e2e/readback_rest.py`), equals what `gatewright routes --api rest` predicts, keys and
//! usage plans included; templates pass cfn-lint. moto's `ImportRestApi` ignores `security` and
//! more, so it cannot judge import mode: the import script is checked by shellcheck and bash,
//! and its template by cfn-lint.

use crate::e2e::{Moto, Proxy, api_id_of, cfn_lint, compile_to, deploy, mutating, output, shellcheck, tool};
use crate::support::{gatewright, root};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn canonical(cmd: &mut Command, what: &str) -> Value {
    serde_json::from_str(&output(cmd, what)).expect("canonical JSON")
}

/// The prediction: `routes --api rest --format json`, in readback_rest.py's canonical form.
fn predicted(fixture: &str, work: &Path, stage: &str) -> Value {
    let routes = output(&mut gatewright(&["routes", "--api", "rest", "--format", "json", fixture]), "routes");
    let file = work.join("routes.json");
    std::fs::write(&file, routes).expect("routes.json");
    let mut cmd = Command::new(tool("python"));
    cmd.arg(root().join("tests/e2e/readback_rest.py")).arg("--predicted").arg(&file).arg(stage);
    canonical(&mut cmd, "readback_rest.py --predicted")
}

fn readback(moto: &Moto, api_id: &str) -> Value {
    let mut cmd = Command::new(tool("python"));
    cmd.arg(root().join("tests/e2e/readback_rest.py")).args([&moto.endpoint, api_id]);
    moto.env(&mut cmd);
    canonical(&mut cmd, "readback_rest.py")
}

/// What moto does not keep: `CreateRestApi`'s `version` and `binaryMediaTypes` (moto's
/// `create_rest_api` reads neither), and numbers it stores as floats (`rateLimit` 2 → 2.0).
fn without_moto_gaps(mut v: Value) -> Value {
    if let Some(api) = v.get_mut("restApi").and_then(Value::as_object_mut) {
        api.remove("version");
        api.remove("binaryMediaTypes");
    }
    integral(&mut v);
    v
}

fn integral(v: &mut Value) {
    match v {
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 1e15) && !n.is_i64() => {
            *v = Value::from(n.as_f64().unwrap_or_default() as i64);
        }
        Value::Object(m) => m.values_mut().for_each(integral),
        Value::Array(a) => a.iter_mut().for_each(integral),
        _ => {}
    }
}

/// moto gives an authorizer created without a TTL the console's 300 seconds; what the prediction
/// leaves out (AWS's recorded import stores none) is not compared there.
fn without_moto_default_ttl(got: &mut Value, want: &Value) {
    let Some(authorizers) = got.get_mut("authorizers").and_then(Value::as_object_mut) else { return };
    for (name, a) in authorizers.iter_mut() {
        let predicted = want["authorizers"][name].get("authorizerResultTtlInSeconds").is_some();
        if !predicted && a.get("authorizerResultTtlInSeconds") == Some(&Value::from(300)) {
            a.as_object_mut().map(|o| o.remove("authorizerResultTtlInSeconds"));
        }
    }
}

#[test]
fn rest_scripts_run_on_moto_and_match_the_prediction() {
    let work = crate::support::scratch("e2e-rest-cli");
    let marker = work.join("pwned");
    let hostile_key = "k'$(touch $GATEWRIGHT_MARKER)";
    // (fixture, stage, key value given with --var, the variable the script reads it from)
    let cases = [
        ("fixtures/rest/shop.yaml", "prod", Some(("partner-a", "APIKEY_PARTNER_A", "shopKey0123456789abcdef"))),
        ("fixtures/rest/pets-swagger.yaml", "v2", None),
        (
            "fixtures/e2e/hostile-rest.yaml",
            "prod",
            Some((hostile_key, "APIKEY_K___TOUCH__GATEWRIGHT_MARKER_", "hostileKey0123456789ab")),
        ),
    ];
    for (n, (fixture, stage, key)) in cases.into_iter().enumerate() {
        // A fresh server per document: keys and plans are account-wide.
        let moto = Moto::start();
        let script = work.join(format!("rest-{n}.sh"));
        let var = key.map(|(name, _, value)| format!("apikey.{name}={value}"));
        let mut args = vec!["--api", "rest", "--emit", "aws-cli", "--stage", stage];
        if let Some(v) = &var {
            args.extend(["--var", v.as_str()]);
        }
        compile_to(fixture, &args, &script);
        shellcheck(&script);
        let text = std::fs::read_to_string(&script).expect("script");
        let mut run = Command::new("bash");
        run.arg(&script).env("GATEWRIGHT_MARKER", &marker);
        moto.env(&mut run);
        if let Some((_, env, value)) = key {
            assert!(!text.contains(value), "{fixture}: the key's value is written in the script");
            // Without the value, the script stops before creating the key, saying what to set.
            let mut without = Command::new("bash");
            without.arg(&script).env("GATEWRIGHT_MARKER", &marker);
            moto.env(&mut without);
            let out = without.output().expect("bash runs");
            assert!(!out.status.success(), "{fixture}: ran without the key's value");
            assert!(String::from_utf8_lossy(&out.stderr).contains(env), "{fixture}: does not name {env}");
            run.env(env, value);
        }
        let stdout = output(&mut run, &format!("the REST script for {fixture}"));
        let api_id = stdout.lines().last().unwrap_or_default().trim().to_string();
        assert!(!api_id.is_empty(), "{fixture}: the script printed no API id");
        let mut got = without_moto_gaps(readback(&moto, &api_id));
        let want = without_moto_gaps(predicted(fixture, &work, stage));
        without_moto_default_ttl(&mut got, &want);
        assert!(
            got == want,
            "{fixture}: moto holds\n{}\nbut routes predicts\n{}",
            serde_json::to_string_pretty(&got).unwrap_or_default(),
            serde_json::to_string_pretty(&want).unwrap_or_default()
        );
        if let Some((name, _, value)) = key {
            // The key holds the value given with --var.
            let mut get = Command::new(tool("aws"));
            get.args(["apigateway", "get-api-keys", "--include-values", "--output", "json"]);
            moto.env(&mut get);
            let keys: Value = serde_json::from_str(&output(&mut get, "get-api-keys")).expect("keys JSON");
            let found = keys["items"].as_array().into_iter().flatten().find(|k| k["name"] == name);
            assert_eq!(found.and_then(|k| k["value"].as_str()), Some(value), "{fixture}: key {name}");
        }

        // Import mode: moto cannot judge it; the script must be sound.
        let import = work.join(format!("rest-import-{n}.sh"));
        let mut args = vec!["--api", "rest", "--emit", "aws-cli", "--mode", "import"];
        if let Some(v) = &var {
            args.extend(["--var", v.as_str()]);
        }
        compile_to(fixture, &args, &import);
        shellcheck(&import);
    }
    assert!(!marker.exists(), "a hostile document ran a command");
}

/// REST API templates (granular and import mode, YAML and JSON, with keys, a plan and a chosen
/// key value) pass cfn-lint with no error.
#[test]
fn rest_templates_pass_cfn_lint() {
    let work = crate::support::scratch("e2e-rest");
    let cases: [(&str, &[&str]); 2] = [
        ("fixtures/rest/shop.yaml", &["--var", "apikey.partner-a=abcdefghij0123456789XY"]),
        ("fixtures/rest/pets-swagger.yaml", &["--basepath", "prepend", "--stage", "v2"]),
    ];
    for (n, (fixture, extra)) in cases.iter().enumerate() {
        for (ext, mode) in [("yaml", "import"), ("json", "import"), ("yaml", "granular"), ("json", "granular")] {
            let template = work.join(format!("rest-{n}-{mode}.{ext}"));
            let mut args = vec!["--emit", "cloudformation", "--mode", mode];
            args.extend_from_slice(extra);
            compile_to(fixture, &args, &template);
            cfn_lint(&template);
        }
    }
}

/// The resource of `kind` in a template (exactly one).
fn only<'a>(template: &'a Value, kind: &str) -> (&'a str, &'a Value) {
    let all: Vec<(&str, &Value)> = template["Resources"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, r)| r["Type"] == kind)
        .map(|(id, r)| (id.as_str(), r))
        .collect();
    assert_eq!(all.len(), 1, "one {kind}");
    all[0]
}

/// `{"Ref": <id>}` written as the role of what it names (logical ids differ between compilers).
fn roles(v: &Value, names: &[(&str, &str)]) -> Value {
    match v {
        Value::Object(m) if m.len() == 1 && m.contains_key("Ref") => {
            let id = m["Ref"].as_str().unwrap_or_default();
            Value::from(names.iter().find(|(n, _)| *n == id).map_or(id, |(_, role)| *role))
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), roles(x, names))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(|x| roles(x, names)).collect()),
        other => other.clone(),
    }
}

/// A peer compiler: what SAM's translator generates for `Auth.UsagePlan` (PER_API) and what
/// gatewright emits for the same plan, property by property. The two differences are deliberate
/// and asserted: gatewright names its key (SAM leaves the name to CloudFormation), and SAM adds
/// the deprecated `StageKeys` to the key, which the plan key already makes redundant (GW821).
#[test]
fn usage_plan_matches_what_sam_generates() {
    let work = crate::support::scratch("e2e-sam");
    let mut sam = Command::new(tool("python"));
    sam.arg(root().join("tests/e2e/sam_transform.py")).arg(root().join("tests/e2e/sam-usage-plan.yaml"));
    let sam: Value = serde_json::from_str(&output(&mut sam, "sam_transform.py")).expect("SAM's template");
    let file = work.join("ours.json");
    compile_to("fixtures/rest/usage-plan.yaml", &["--emit", "cloudformation", "--stage", "prod"], &file);
    let ours: Value = serde_json::from_slice(&std::fs::read(&file).expect("template")).expect("our template");

    let mut compared = Vec::new();
    for t in [&sam, &ours] {
        let names = [
            (only(t, "AWS::ApiGateway::RestApi").0, "the API"),
            (only(t, "AWS::ApiGateway::Stage").0, "the stage"),
            (only(t, "AWS::ApiGateway::UsagePlan").0, "the plan"),
            (only(t, "AWS::ApiGateway::ApiKey").0, "the key"),
        ];
        let props = |kind: &str| roles(&only(t, kind).1["Properties"], &names);
        compared.push((
            props("AWS::ApiGateway::UsagePlan"),
            props("AWS::ApiGateway::UsagePlanKey"),
            props("AWS::ApiGateway::ApiKey"),
        ));
    }
    let (theirs, mine) = (&compared[0], &compared[1]);
    assert_eq!(mine.0, theirs.0, "UsagePlan");
    assert_eq!(mine.1, theirs.1, "UsagePlanKey");
    let mut their_key = theirs.2.clone();
    assert_eq!(
        their_key.as_object_mut().and_then(|k| k.remove("StageKeys")),
        Some(serde_json::json!([{"RestApiId": "the API", "StageName": "the stage"}]))
    );
    let mut my_key = mine.2.clone();
    assert_eq!(my_key.as_object_mut().and_then(|k| k.remove("Name")), Some(Value::from("orders-key")));
    assert_eq!(my_key, their_key, "ApiKey");
    // The method both require a key on, from the same security scheme.
    let method =
        ours["Resources"].as_object().into_iter().flatten().find(|(_, r)| r["Type"] == "AWS::ApiGateway::Method");
    assert_eq!(method.map(|(_, m)| &m["Properties"]["ApiKeyRequired"]), Some(&Value::Bool(true)));
    let scheme = &only(&sam, "AWS::ApiGateway::RestApi").1["Properties"]["Body"]["securityDefinitions"]["api_key"];
    assert_eq!(scheme, &serde_json::json!({"type": "apiKey", "name": "x-api-key", "in": "header"}));
}

/// What deploy is compared on: the keys (without deploy's ownership tag) and plans, and the
/// resource paths (moto's importer keeps paths and integrations, not security).
fn deployed_parts(mut v: Value) -> Value {
    if let Some(keys) = v.get_mut("apiKeys").and_then(Value::as_object_mut) {
        for k in keys.values_mut() {
            if let Some(tags) = k.get_mut("tags").and_then(Value::as_object_mut) {
                tags.remove(gatewright::deploy::OWNER_TAG);
                if tags.is_empty() {
                    k.as_object_mut().map(|o| o.remove("tags"));
                }
            }
        }
    }
    let paths: Vec<Value> =
        v["resources"].as_object().into_iter().flatten().map(|(p, _)| Value::from(p.as_str())).collect();
    let mut v = without_moto_gaps(v);
    serde_json::json!({"apiKeys": v["apiKeys"].take(), "usagePlans": v["usagePlans"].take(), "paths": paths})
}

/// `deploy` of a REST API through the signature-verifying proxy on moto: created through the
/// importer with its keys and plans; deployed again, nothing changes and nothing is sent; a
/// changed document is a PUT, one new deployment, and keys and plans reconciled by name (updated,
/// unlinked, deleted); then again nothing. Key values are never printed.
#[test]
fn rest_deploy_imports_and_reconciles_keys_and_plans() {
    let moto = Moto::start();
    let work = crate::support::scratch("e2e-rest-deploy");
    let proxy = Proxy::start(&moto.endpoint, &work);
    let (original, changed) = ("fixtures/e2e/rest-deploy.yaml", "fixtures/e2e/rest-deploy-changed.yaml");
    let value = "shopAkey0123456789abcdef";
    let var = format!("apikey.shop-a={value}");

    let (code, out, err) = deploy(&proxy, &[original, "--var", &var]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!out.contains(value) && !err.contains(value), "a key value was printed");
    assert!(proxy.requests().iter().all(|l| !l.ends_with(" 403")), "{:?}", proxy.requests());
    assert!(out.contains("create the API") && out.contains("create usage plan key trial → shop-b"), "{out}");
    let id = api_id_of(&out);
    assert_eq!(deployed_parts(readback(&moto, &id)), deployed_parts(predicted(original, &work, "prod")));
    let mut get = Command::new(tool("aws"));
    get.args(["apigateway", "get-api-keys", "--include-values", "--output", "json"]);
    moto.env(&mut get);
    let keys: Value = serde_json::from_str(&output(&mut get, "get-api-keys")).expect("keys JSON");
    let shop_a = keys["items"].as_array().into_iter().flatten().find(|k| k["name"] == "shop-a");
    assert_eq!(shop_a.and_then(|k| k["value"].as_str()), Some(value));

    let before = proxy.requests().len();
    let (code, out, _) = deploy(&proxy, &[original, "--api-id", &id, "--var", &var]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
    assert!(mutating(&proxy.requests()[before..]).is_empty(), "a second deploy changed something");

    let before = proxy.requests().len();
    let (code, out, _) = deploy(&proxy, &[changed, "--api-id", &id, "--dry-run"]);
    assert_eq!(code, 0);
    for change in [
        "would update the API",
        "would create deployment to stage prod",
        "would update API key shop-b (description, enabled)",
        "would update usage plan shops (throttle)",
        "would delete usage plan key shops → shop-b",
        "would delete usage plan trial",
    ] {
        assert!(out.contains(change), "{change}:\n{out}");
    }
    assert!(mutating(&proxy.requests()[before..]).is_empty(), "a dry run changed something");

    let (code, out, err) = deploy(&proxy, &[changed, "--api-id", &id]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("overwriting"), "the put mode is stated: {err}");
    assert_eq!(deployed_parts(readback(&moto, &id)), deployed_parts(predicted(changed, &work, "prod")));
    let mut deployments = Command::new(tool("aws"));
    deployments.args(["apigateway", "get-deployments", "--rest-api-id", &id, "--output", "json"]);
    moto.env(&mut deployments);
    let d: Value = serde_json::from_str(&output(&mut deployments, "get-deployments")).expect("JSON");
    assert_eq!(d["items"].as_array().map(Vec::len), Some(2), "one deployment per change: {d}");

    let before = proxy.requests().len();
    let (code, out, _) = deploy(&proxy, &[changed, "--api-id", &id]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
    assert!(mutating(&proxy.requests()[before..]).is_empty());

    // A failure part-way (the second key): the report names the API; a re-run finishes the job.
    std::fs::write(work.join("control.json"), r#"{"fail_mutating_in": 4}"#).expect("control");
    // Key values are unique in an account: another one for the second API.
    let (value, var) = ("shopAkeyOther0123456789ab", "apikey.shop-a=shopAkeyOther0123456789ab".to_string());
    let (code, out, err) = deploy(&proxy, &[original, "--var", &var]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("injected failure") && err.contains("create API key shop-a"), "{err}");
    assert!(!err.contains(value), "a key value was printed: {err}");
    assert!(err.contains("apikey.shop-a=VALUE"), "the re-run command asks for the value: {err}");
    let partial = err.lines().find_map(|l| l.split("--api-id ").nth(1)).unwrap_or_default().trim().to_string();
    let partial = partial.split_whitespace().next().unwrap_or_default().to_string();
    assert!(!partial.is_empty(), "the report names the API to finish: {err}");
    let (code, out, err) = deploy(&proxy, &[original, "--api-id", &partial, "--var", &var]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(!out.contains("create API key shop-a"), "the key made before the failure is kept: {out}");
    let mut finished = deployed_parts(readback(&moto, &partial));
    let mut want = deployed_parts(predicted(original, &work, "prod"));
    // The first API's keys are named alike; each API's plans hold only its own.
    for v in [&mut finished, &mut want] {
        v.as_object_mut().map(|o| o.remove("apiKeys"));
    }
    assert_eq!(finished, want);
}
