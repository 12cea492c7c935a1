//! WebSocket APIs written as Terraform and CloudFormation resources
//! (`fixtures/websocket/{terraform,cloudformation}/`): the same API as the AsyncAPI fixture
//! `chat.yaml` shows the same routes, findings land on the lines that cause them, `--resource`
//! picks one API, and mutated inputs never panic.

use crate::support::{json, root, snapshots, template, terraform};
use gatewright::Options;
use gatewright::diagnostics::Code;
use gatewright::source::SourceFile;
use serde_json::{Value, json};

const ASYNCAPI: &str = "fixtures/websocket/chat.yaml";
const TERRAFORM: &str = "fixtures/websocket/terraform/chat.tf";
const CLOUDFORMATION: &str = "fixtures/websocket/cloudformation/chat.yaml";

/// What `routes` says of an API, with what differs only in naming left out: ids (operation ids,
/// addresses, logical ids) are replaced by what they name, and models (AsyncAPI makes one per
/// message payload; the resources declare their own) are not compared.
fn shape(routes: &Value) -> Value {
    let integrations: Vec<Value> = routes["Integrations"].as_array().cloned().unwrap_or_default();
    let responses = routes["IntegrationResponses"].as_array().cloned().unwrap_or_default();
    let integration = |target: &Value| {
        let id = target.as_str()?.strip_prefix("integrations/")?;
        let mut i = integrations.iter().find(|i| i["IntegrationId"] == id)?.clone();
        let answers: Vec<Value> = responses
            .iter()
            .filter(|r| r["IntegrationId"] == id)
            .map(|r| json!([r["IntegrationResponseKey"], r["ResponseTemplates"]]))
            .collect();
        i.as_object_mut()?.remove("IntegrationId");
        i["Responses"] = Value::Array(answers);
        Some(i)
    };
    let authorizers = routes["Authorizers"].as_array().cloned().unwrap_or_default();
    let authorizer = |id: &Value| {
        let a = authorizers.iter().find(|a| a["AuthorizerId"] == *id)?;
        Some(json!([a["AuthorizerType"], a["AuthorizerUri"], a["IdentitySource"]]))
    };
    let two_way: Vec<Value> = routes["RouteResponses"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| json!([r["RouteKey"], r["RouteResponseKey"]]))
        .collect();
    let shaped: Vec<Value> = routes["Routes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            json!({
                "RouteKey": r["RouteKey"],
                "OperationName": r["OperationName"],
                "AuthorizationType": r["AuthorizationType"],
                "Authorizer": authorizer(&r["AuthorizerId"]),
                "ApiKeyRequired": r["ApiKeyRequired"],
                "RouteResponseSelectionExpression": r["RouteResponseSelectionExpression"],
                "Integration": integration(&r["Target"]),
            })
        })
        .collect();
    json!({"Api": routes["Api"], "Routes": shaped, "RouteResponses": two_way})
}

#[test]
fn resources_show_the_routes_of_the_same_asyncapi_document() {
    let want = shape(&json(&["routes", "--format", "json", ASYNCAPI]));
    assert_eq!(want["Routes"].as_array().map(Vec::len), Some(5), "{want:#}");
    for file in [TERRAFORM, CLOUDFORMATION] {
        let got = shape(&json(&["routes", "--format", "json", file]));
        assert_eq!(got, want, "{file}");
    }
}

#[test]
fn models_keep_their_schemas() {
    let model = |file: &str| {
        let routes = json(&["routes", "--format", "json", file]);
        let models = routes["Models"].as_array().cloned().unwrap_or_default();
        models.into_iter().find(|m| m["Name"] == "SendMessage").map(|m| m["Schema"].clone())
    };
    let want = model(ASYNCAPI);
    assert!(want.as_ref().is_some_and(Value::is_object), "{want:?}");
    // `jsonencode({…})` in Terraform, a mapping in the template; written in JSON Schema draft 4,
    // as AsyncAPI's `const` is lowered.
    assert_eq!(model(TERRAFORM), want);
    assert_eq!(model(CLOUDFORMATION), want);
}

#[test]
fn terraform_json_configurations_are_read_alike() {
    let dir = crate::support::scratch("websocket-iac-tf-json");
    let path = dir.join("chat.tf.json");
    let config = json!({"resource": {
        "aws_apigatewayv2_api": {"chat": {"name": "chat", "protocol_type": "WEBSOCKET", "route_selection_expression": "$request.body.action"}},
        "aws_apigatewayv2_integration": {"chat": {"api_id": "${aws_apigatewayv2_api.chat.id}", "integration_type": "AWS_PROXY", "integration_uri": "${aws_lambda_function.f.invoke_arn}"}},
        "aws_apigatewayv2_route": {"send": {"api_id": "${aws_apigatewayv2_api.chat.id}", "route_key": "$sendMessage", "target": "integrations/${aws_apigatewayv2_integration.chat.id}"}}
    }});
    std::fs::write(&path, serde_json::to_string_pretty(&config).unwrap_or_default()).expect("written");
    let file = path.display().to_string();
    let routes = json(&["routes", "--format", "json", &file]);
    assert_eq!(routes["Routes"][0]["Target"], "integrations/aws_apigatewayv2_integration.chat", "{routes:#}");
    // What only Terraform knows, as written.
    assert_eq!(routes["Integrations"][0]["IntegrationUri"], "${aws_lambda_function.f.invoke_arn}", "{routes:#}");
    let report = json(&["check", "--format", "json", &file]);
    let codes: Vec<&Value> =
        report["files"][0]["diagnostics"].as_array().into_iter().flatten().map(|d| &d["code"]).collect();
    assert_eq!(codes, [&json!("GW1003")], "{report:#}");
}

#[test]
fn the_same_messages_select_the_same_routes() {
    for message in ["{\"action\": \"joinRoom\"}", "{\"action\": \"sendMessage\"}", "{\"action\": \"nope\"}", "not json"]
    {
        let want = json(&["route", "--format", "json", ASYNCAPI, message]);
        for file in [TERRAFORM, CLOUDFORMATION] {
            let got = json(&["route", "--format", "json", file, message]);
            for key in ["SelectionKey", "Reason", "RouteKey", "OperationName", "TwoWay"] {
                assert_eq!(got[key], want[key], "{file} {message}: {key}");
            }
        }
    }
}

#[test]
fn the_equivalent_files_are_clean() {
    let (rendered, codes) = terraform(&root().join(TERRAFORM), &Options::default());
    assert!(codes.is_empty(), "{rendered}");
    let (rendered, codes) = template(&root().join(CLOUDFORMATION), &Options::default());
    assert!(codes.is_empty(), "{rendered}");
}

#[test]
fn findings_land_on_the_lines_that_cause_them() {
    let want = [
        Code::WebsocketNoRouteSelection,
        Code::InvalidRouteKey,
        Code::AuthorizerNotOnConnect,
        Code::InvalidWebsocketAuthorizer,
        Code::InvalidWebsocketIntegration,
        Code::RouteResponseWithoutSelection,
        Code::WebsocketStaleDeployment,
        Code::WebsocketDeploymentBeforeRoutes,
    ];
    snapshots(|| {
        for (file, check) in [
            ("fixtures/websocket/terraform/pitfalls.tf", terraform as fn(&std::path::Path, &Options) -> _),
            ("fixtures/websocket/cloudformation/pitfalls.yaml", template),
        ] {
            let (rendered, codes) = check(&root().join(file), &Options::default());
            for code in want {
                assert!(codes.contains(&code), "{file} must fire {}:\n{rendered}", code.id());
            }
            // What only the tool knows (`var.kind`, `!Ref IntegrationType`) is not judged.
            assert!(!rendered.contains("does not exist"), "{rendered}");
            let name = file.rsplit('/').next().unwrap_or(file);
            insta::assert_snapshot!(format!("websocket_iac_{name}"), rendered);
        }
    });
}

#[test]
fn findings_in_json_name_the_lines() {
    let report = json(&["check", "--format", "json", "fixtures/websocket/terraform/pitfalls.tf"]);
    let diags = report["files"][0]["diagnostics"].as_array().cloned().unwrap_or_default();
    let line_of = |code: &str| {
        diags.iter().find(|d| d["code"] == code).and_then(|d| d["labels"][0]["line"].as_u64().or(d["line"].as_u64()))
    };
    // `route_key = "$send"` is line 9, `authorizer_id` line 10, `authorizer_type = "JWT"` line 16.
    assert_eq!(line_of("GW1003"), Some(9), "{report:#}");
    assert_eq!(line_of("GW1005"), Some(10), "{report:#}");
}

#[test]
fn resource_picks_one_api_of_several() {
    let api = |name: &str| {
        format!(
            r#"resource "aws_apigatewayv2_api" "{name}" {{
  name                       = "{name}"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}}

resource "aws_apigatewayv2_integration" "{name}" {{
  api_id           = aws_apigatewayv2_api.{name}.id
  integration_type = "MOCK"
}}

resource "aws_apigatewayv2_route" "{name}" {{
  api_id    = aws_apigatewayv2_api.{name}.id
  route_key = "$default"
  target    = "integrations/${{aws_apigatewayv2_integration.{name}.id}}"
}}
"#
        )
    };
    let dir = crate::support::scratch("websocket-iac-two-apis");
    let path = dir.join("two.tf");
    std::fs::write(&path, format!("{}\n{}", api("chat"), api("lobby"))).expect("written");
    let file = path.display().to_string();
    let (code, _, stderr) = crate::support::run(&["routes", &file]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("deploys 2 APIs") && stderr.contains("`aws_apigatewayv2_api.lobby`"), "{stderr}");
    for name in ["chat", "lobby"] {
        let id = format!("aws_apigatewayv2_api.{name}");
        let got = json(&["routes", "--format", "json", "--resource", &id, &file]);
        assert_eq!(got["Api"]["Name"], name);
        assert_eq!(got["Routes"][0]["Target"], format!("integrations/aws_apigatewayv2_integration.{name}"), "{got:#}");
        assert_eq!(got["Routes"].as_array().map(Vec::len), Some(1), "{got:#}");
    }
    let (code, _, stderr) = crate::support::run(&["routes", "--resource", "aws_apigatewayv2_api.nope", &file]);
    assert_eq!(code, 2, "{stderr}");
    let report = json(&["check", "--format", "json", "--resource", "aws_apigatewayv2_api.lobby", &file]);
    assert_eq!(report["files"][0]["diagnostics"], json!([]), "{report:#}");
}

#[test]
fn mutated_configurations_and_templates_never_panic() {
    let read = |_: &str| -> Result<SourceFile, String> { Err("not read in this test".into()) };
    for file in [
        TERRAFORM,
        CLOUDFORMATION,
        "fixtures/websocket/terraform/pitfalls.tf",
        "fixtures/websocket/cloudformation/pitfalls.yaml",
    ] {
        let text = std::fs::read_to_string(root().join(file)).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let mut variants: Vec<String> = (0..lines.len())
            .map(|i| lines.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, l)| *l).collect::<Vec<_>>().join("\n"))
            .collect();
        variants
            .extend((0..text.len()).step_by(37).filter(|&n| text.is_char_boundary(n)).map(|n| text[..n].to_string()));
        variants.push(
            text.replace("aws_apigatewayv2_api.chat", "aws_apigatewayv2_route.connect")
                .replace("!Ref ChatApi", "!Ref ConnectRoute"),
        );
        variants.push(text.replace('"', "").replace("'", ""));
        for v in variants {
            let source = SourceFile::new(file, v);
            let opts = Options::default();
            if file.ends_with(".tf") {
                let _ = gatewright::terraform::check(source.clone(), &opts, &read);
                let _ = gatewright::terraform::one(source, &opts, &read, None);
            } else {
                let _ = gatewright::cfn_template::check(source.clone(), &opts, &read);
                let _ =
                    gatewright::cfn_template::one(source, &opts, &read, gatewright::cfn_template::Assets::none(), None);
            }
        }
    }
}

#[test]
fn findings_are_silenced_where_the_other_findings_of_the_file_are() {
    let dir = crate::support::scratch("websocket-iac-ignore");
    let template = dir.join("t.yaml");
    let route = |id: &str, key: &str, metadata: &str| {
        format!(
            "  {id}:\n    Type: AWS::ApiGatewayV2::Route\n{metadata}    Properties:\n      ApiId: !Ref ChatApi\n      RouteKey: {key}\n"
        )
    };
    let text = format!(
        "Resources:\n  ChatApi:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: chat\n      ProtocolType: WEBSOCKET\n      RouteSelectionExpression: $request.body.action\n{}{}",
        route("SendRoute", "$send", "    Metadata:\n      gatewright:\n        ignore: [GW1003]\n"),
        route("OtherRoute", "$other", "")
    );
    std::fs::write(&template, text).expect("written");
    let config = dir.join("c.tf");
    let tf = r#"resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

# gatewright-ignore: GW1003
resource "aws_apigatewayv2_route" "send" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$send"
}

resource "aws_apigatewayv2_route" "other" {
  api_id    = aws_apigatewayv2_api.chat.id
  route_key = "$other"
}
"#;
    std::fs::write(&config, tf).expect("written");
    for file in [template, config] {
        let report = json(&["check", "--format", "json", &file.display().to_string()]);
        let messages: Vec<String> = report["files"][0]["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(messages.len(), 1, "{report:#}");
        assert!(messages[0].contains("`$other`"), "{report:#}");
    }
}

/// What `compile` writes for a WebSocket API, read back by gatewright's own Terraform and
/// CloudFormation readers, is the API the AsyncAPI document describes: the backends and the
/// readers agree on every field `routes` shows.
#[test]
fn compiled_terraform_and_templates_read_back_as_the_same_api() {
    let want = shape(&json(&["routes", "--format", "json", ASYNCAPI]));
    let dir = tempfile::tempdir().expect("a scratch folder");
    for (emit, name) in [("terraform", "main.tf"), ("cloudformation", "template.yaml")] {
        let out = dir.path().join(emit).join(name);
        let status =
            crate::support::gatewright(&["compile", "--emit", emit, ASYNCAPI, "-o"]).arg(&out).status().expect("runs");
        assert!(status.success(), "compile --emit {emit}");
        let got = shape(&json(&["routes", "--format", "json", out.to_str().expect("utf-8 path")]));
        assert_eq!(got, want, "{emit}: {}", std::fs::read_to_string(&out).unwrap_or_default());
    }
}
