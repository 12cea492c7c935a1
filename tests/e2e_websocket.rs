//! WebSocket APIs judged by their real consumers. On one moto server: the AWS CLI script of every
//! WebSocket fixture runs unchanged (the hostile one runs nothing it carries) and what
//! `aws apigatewayv2 get-*` reads back (tests/e2e/readback_websocket.py) equals `gatewright
//! routes`; the CloudFormation template, replayed, too; `deploy` creates the same API, a second
//! deploy sends not one mutating request, and a changed document changes only what changed.
//! Off the server: cfn-lint finds no error in the templates (YAML and JSON), and the Terraform
//! (HCL and `.tf.json`) passes `terraform fmt -check` and names only what the AWS provider's
//! schema has.

use crate::e2e::{Moto, Proxy, api_id_of, cfn_lint, compile_to, deploy, mutating, output, shellcheck, tool};
use crate::e2e_terraform::{schema, unknown};
use crate::support::{gatewright, root, scratch};
use crate::terraform::{emit_terraform, resources};
use serde_json::{Map, Value, json};
use std::process::Command;

const CHAT: &str = "fixtures/websocket/chat.yaml";
const FIXTURES: &[&str] = &[
    CHAT,
    "fixtures/websocket/models-by-type.yaml",
    "fixtures/websocket/nested-selection.json",
    "fixtures/websocket/hostile.yaml",
];

fn readback(moto: &Moto, api_id: &str) -> Value {
    crate::e2e::readback_with(moto, "readback_websocket.py", api_id)
}

/// `keys` of an object, without nulls, empties and AWS's defaults; a model's schema as JSON.
fn keep(v: &Value, keys: &[&str]) -> Value {
    let mut out = Map::new();
    for k in keys {
        let Some(x) = v.get(*k) else { continue };
        let default = match (*k, x) {
            (_, Value::Null) => true,
            (_, Value::Array(a)) => a.is_empty(),
            (_, Value::Object(m)) => m.is_empty(),
            ("ConnectionType", Value::String(s)) => s == "INTERNET",
            ("PassthroughBehavior", Value::String(s)) => s == "WHEN_NO_MATCH",
            ("ApiKeyRequired", Value::Bool(b)) => !b,
            _ => false,
        };
        if default {
            continue;
        }
        let x = match (*k, x) {
            ("Schema", Value::String(s)) => serde_json::from_str(s).unwrap_or_else(|_| x.clone()),
            _ => x.clone(),
        };
        out.insert((*k).to_string(), x);
    }
    Value::Object(out)
}

/// What both the prediction and the service express, without ids: routes by key, each with its
/// integration (and the integration's responses), authorizer and route responses inlined; models
/// by name.
fn canonical(v: &Value) -> Value {
    let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
    let mut routes: Vec<Value> = list("Routes")
        .iter()
        .map(|r| {
            let mut c = keep(
                r,
                &[
                    "RouteKey",
                    "OperationName",
                    "AuthorizationType",
                    "ApiKeyRequired",
                    "ModelSelectionExpression",
                    "RequestModels",
                    "RouteResponseSelectionExpression",
                ],
            );
            if let Some(id) = r["Target"].as_str().and_then(|t| t.strip_prefix("integrations/"))
                && let Some(i) = list("Integrations").into_iter().find(|i| i["IntegrationId"] == id)
            {
                let mut integration = keep(
                    &i,
                    &[
                        "IntegrationType",
                        "IntegrationUri",
                        "IntegrationMethod",
                        "ConnectionType",
                        "CredentialsArn",
                        "RequestParameters",
                        "RequestTemplates",
                        "TemplateSelectionExpression",
                        "PassthroughBehavior",
                        "ContentHandlingStrategy",
                        "TimeoutInMillis",
                    ],
                );
                let mut responses: Vec<Value> = list("IntegrationResponses")
                    .iter()
                    .filter(|x| x["IntegrationId"] == id)
                    .map(|x| {
                        keep(
                            x,
                            &[
                                "IntegrationResponseKey",
                                "ResponseTemplates",
                                "TemplateSelectionExpression",
                                "ContentHandlingStrategy",
                            ],
                        )
                    })
                    .collect();
                responses.sort_by_key(|x| x["IntegrationResponseKey"].to_string());
                if !responses.is_empty() {
                    integration["Responses"] = json!(responses);
                }
                c["Integration"] = integration;
            }
            if let Some(id) = r["AuthorizerId"].as_str()
                && let Some(a) = list("Authorizers").into_iter().find(|a| a["AuthorizerId"] == id)
            {
                c["Authorizer"] = keep(
                    &a,
                    &["Name", "AuthorizerType", "AuthorizerUri", "IdentitySource", "AuthorizerCredentialsArn"],
                );
            }
            // The prediction names a route response's route by key, the service by id.
            let responses: Vec<Value> = list("RouteResponses")
                .iter()
                .filter(|x| {
                    x.get("RouteKey").is_some_and(|k| *k == r["RouteKey"])
                        || x.get("RouteId").is_some_and(|k| *k == r["RouteId"])
                })
                .map(|x| keep(x, &["RouteResponseKey", "ResponseModels", "ModelSelectionExpression"]))
                .collect();
            if !responses.is_empty() {
                c["RouteResponses"] = json!(responses);
            }
            c
        })
        .collect();
    routes.sort_by_key(|r| r["RouteKey"].to_string());
    let mut models: Vec<Value> = list("Models").iter().map(|m| keep(m, &["Name", "ContentType", "Schema"])).collect();
    models.sort_by_key(|m| m["Name"].to_string());
    let api = keep(
        &v["Api"],
        &["Name", "Version", "Description", "ProtocolType", "RouteSelectionExpression", "ApiKeySelectionExpression"],
    );
    json!({"Api": api, "Routes": routes, "Models": models})
}

fn predicted(document: &str) -> Value {
    let text = output(&mut gatewright(&["routes", "--format", "json", document]), "gatewright routes");
    serde_json::from_str(&text).expect("routes JSON")
}

fn assert_same(document: &str, how: &str, got: &Value) {
    let want = serde_json::to_string_pretty(&canonical(&predicted(document))).unwrap_or_default();
    let got_c = serde_json::to_string_pretty(&canonical(got)).unwrap_or_default();
    assert!(
        want == got_c,
        "{document}: the API {how} differs from `gatewright routes`\n--- predicted\n{want}\n--- created\n{got_c}"
    );
    let stages = got["Stages"].as_array().cloned().unwrap_or_default();
    assert!(
        stages.iter().any(|s| s["StageName"] == "$default" && s["AutoDeploy"] == true),
        "{document}: {how} has no auto-deploying $default stage: {stages:?}"
    );
}

/// chat.yaml changed in three places: a mapping template, an integration response's template,
/// and a route gone.
fn changed_chat(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(root().join(CHAT)).expect("chat.yaml");
    let from = text.find("  sendMessage:\n    action: receive").expect("the sendMessage operation");
    let to = text.find("  joinRoom:\n    action: receive").expect("the joinRoom operation");
    let changed = format!("{}{}", &text[..from], &text[to..])
        .replace(r#"$default: '{"joined": true}'"#, r#"$default: '{"joined": "yes"}'"#)
        .replace(r#"$default: '{"statusCode": 200}'"#, r#"$default: '{"statusCode": 204}'"#);
    let path = dir.join("chat-changed.yaml");
    std::fs::write(&path, changed).expect("write");
    path.to_string_lossy().into_owned()
}

#[test]
fn e2e_websocket_script_template_and_deploy_on_moto() {
    let moto = Moto::start();
    let dir = scratch("e2e-ws");
    let marker = dir.join("pwned");
    for (n, fixture) in FIXTURES.iter().enumerate() {
        let script = dir.join(format!("ws-{n}.sh"));
        compile_to(fixture, &["--emit", "aws-cli"], &script);
        shellcheck(&script);
        let mut run = Command::new("bash");
        run.arg(&script).env("GATEWRIGHT_MARKER", &marker);
        moto.env(&mut run);
        let stdout = output(&mut run, &format!("the script for {fixture}"));
        let api_id = stdout.lines().last().unwrap_or_default().trim().to_string();
        assert!(!api_id.is_empty(), "{fixture}: the script printed no API id");
        assert_same(fixture, "the AWS CLI script created", &readback(&moto, &api_id));
    }
    assert!(!marker.exists(), "a hostile document ran a command");

    // The CloudFormation template, replayed resource by resource (moto's CloudFormation does not
    // create API Gateway v2 resources).
    let template = dir.join("chat.yaml");
    compile_to(CHAT, &["--emit", "cloudformation"], &template);
    let mut replay = Command::new(tool("python"));
    replay.arg(root().join("tests/e2e/cfn_replay.py")).arg(&template).arg(&moto.endpoint);
    moto.env(&mut replay);
    let api_id = output(&mut replay, "cfn_replay.py").trim().to_string();
    assert_same(CHAT, "the CloudFormation template created", &readback(&moto, &api_id));

    // deploy, through the signature-checking proxy that logs every request.
    let proxy = Proxy::start(&moto.endpoint, &dir);
    let (code, out, err) = deploy(&proxy, &[CHAT]);
    assert_eq!(code, 0, "{out}\n{err}");
    let id = api_id_of(&out);
    assert_same(CHAT, "deploy created", &readback(&moto, &id));

    let before = proxy.requests().len();
    let (code, out, err) = deploy(&proxy, &[CHAT, "--api-id", &id]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("no changes"), "{out}");
    let again = proxy.requests()[before..].to_vec();
    assert!(mutating(&again).is_empty(), "a second deploy changed something: {again:?}");

    let changed = changed_chat(&dir);
    let (code, out, err) = deploy(&proxy, &[&changed, "--api-id", &id]);
    assert_eq!(code, 0, "{out}\n{err}");
    let changes: Vec<&str> = out.lines().take_while(|l| !l.ends_with("calls)")).collect();
    assert_eq!(
        changes,
        [
            "update integration fallback (requestTemplates)",
            "update integration-response joinRoom $default (responseTemplates)",
            "delete route sendMessage",
        ],
        "{out}"
    );
    // moto lists no models (GetModels answers 500), so the one no route names any more cannot
    // be found to be deleted (AWS lists it, and reconcile deletes it there): it is left.
    let mut reconciled = readback(&moto, &id);
    if let Some(models) = reconciled["Models"].as_array_mut() {
        let before = models.len();
        models.retain(|m| m["Name"] != "SendMessage");
        assert_eq!(models.len() + 1, before, "the left model: {models:?}");
    }
    assert_same(&changed, "reconcile produced", &reconciled);
    let (code, out, _) = deploy(&proxy, &[&changed, "--api-id", &id]);
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "reconcile is idempotent: {out}");
}

#[test]
fn e2e_websocket_templates_and_terraform() {
    let dir = scratch("e2e-ws-iac");
    let mut files = Vec::new();
    for (n, fixture) in FIXTURES.iter().enumerate() {
        for ext in ["yaml", "json"] {
            let template = dir.join(format!("ws-{n}.{ext}"));
            compile_to(fixture, &["--emit", "cloudformation", "--lambda-permissions"], &template);
            cfn_lint(&template);
        }
        let args = ["--lambda-permissions", "--region", "us-east-1"];
        files.push(emit_terraform(fixture, &args, &dir, &format!("ws-{n}.tf")));
        files.push(emit_terraform(
            fixture,
            &[&args[..], &["--format", "json"]].concat(),
            &dir,
            &format!("ws-{n}.tf.json"),
        ));
    }
    let fmt =
        Command::new(tool("terraform")).args(["fmt", "-check", "-diff", "-no-color"]).arg(&*dir).output().unwrap();
    assert!(fmt.status.success(), "terraform fmt would change:\n{}", String::from_utf8_lossy(&fmt.stdout));
    let mut types: Vec<String> =
        files.iter().flat_map(|f| resources(f).resources).map(|b| b.labels[0].clone()).collect();
    types.sort();
    types.dedup();
    for t in ["aws_apigatewayv2_model", "aws_apigatewayv2_integration_response", "aws_apigatewayv2_route_response"] {
        assert!(types.iter().any(|x| x == t), "{t} is not emitted: {types:?}");
    }
    let schema = schema(&types);
    let mut wrong = Vec::new();
    for f in &files {
        for b in resources(f).resources {
            let at = format!("{}: {}", f.file_name().unwrap_or_default().to_string_lossy(), b.labels[0]);
            unknown(&b, &schema[&b.labels[0]], &at, &mut wrong);
        }
    }
    assert!(wrong.is_empty(), "not in the provider's schema: {wrong:#?}");
}
