//! The CloudFormation backend: `AWS::ApiGatewayV2::*` resources with long-form intrinsics and
//! stable alphanumeric logical ids (granular), or one `Api` with the document as `Body` (import),
//! plus the stage and `Outputs` (ApiId, ApiEndpoint). Intrinsics from the document pass through.

use super::aws_cli::pascal;
use super::resources::{Kind, REF, Resource, TARGET};
use super::{EmitOptions, plan::basepath};
use crate::ir::BasePathMode;
use serde_json::{Map, Value, json};

/// `GET /pets/{petId}` → `GetPetsPetId`: the alphanumeric words, each capitalised.
fn words(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(pascal).collect()
}

/// Stable, unique logical ids for the resources, in their order.
fn logical_ids(resources: &[Resource]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::new();
    for r in resources {
        let base = match r.kind {
            Kind::Api => "Api".to_string(),
            Kind::Authorizer => format!("Authorizer{}", words(&r.name)),
            Kind::Integration => format!("Integration{}", words(&r.name)),
            Kind::Route if r.name == "$default" => "RouteDefault".to_string(),
            Kind::Route => format!("Route{}", words(&r.name)),
            Kind::Stage => format!("Stage{}", words(&r.name)),
        };
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}{n}");
            n += 1;
        }
        taken.push(id);
    }
    taken
}

fn render(v: &Value, resources: &[Resource], ids: &[String]) -> Value {
    let logical = |kind: &str, name: &str| {
        resources
            .iter()
            .position(|r| r.kind.word() == kind && r.name == name)
            .map(|i| ids[i].clone())
            .unwrap_or_default()
    };
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(parts)) = m.get(REF)
                && let [Value::String(k), Value::String(n)] = parts.as_slice()
            {
                return json!({"Ref": logical(k, n)});
            }
            if let Some(Value::String(n)) = m.get(TARGET) {
                return json!({"Fn::Join": ["/", ["integrations", {"Ref": logical("integration", n)}]]});
            }
            Value::Object(m.iter().map(|(k, v)| (k.clone(), render(v, resources, ids))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(|i| render(i, resources, ids)).collect()),
        other => other.clone(),
    }
}

/// Properties in CloudFormation's casing and shapes.
fn properties(r: &Resource, resources: &[Resource], ids: &[String]) -> Map<String, Value> {
    let mut props = Map::new();
    if r.kind != Kind::Api {
        props.insert("ApiId".into(), json!({"Ref": "Api"}));
    }
    for (k, v) in &r.body {
        let v = render(v, resources, ids);
        let v = match (k.as_str(), v) {
            // CloudFormation's own shape: {"<status>": {"ResponseParameters": [{Destination, Source}]}}.
            ("responseParameters", Value::Object(m)) => Value::Object(
                m.into_iter()
                    .map(|(status, inner)| {
                        let list: Vec<Value> = inner
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(d, s)| json!({"Destination": d, "Source": s}))
                            .collect();
                        (status, json!({"ResponseParameters": list}))
                    })
                    .collect(),
            ),
            ("tags" | "requestParameters", v) => v,
            (_, Value::Object(m)) if !m.keys().any(|k| crate::tree::is_intrinsic_key(k)) => {
                Value::Object(m.into_iter().map(|(k, v)| (pascal(&k), v)).collect())
            }
            (_, v) => v,
        };
        props.insert(pascal(k), v);
    }
    props
}

fn template(description: &str, resources: Map<String, Value>) -> Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": description,
        "Resources": resources,
        "Outputs": {
            "ApiId": {"Description": "The API's id", "Value": {"Ref": "Api"}},
            "ApiEndpoint": {"Description": "The API's default endpoint", "Value": {"Fn::GetAtt": ["Api", "ApiEndpoint"]}},
        }
    })
}

/// The granular template.
pub(crate) fn granular(resources: &[Resource], order: &[usize]) -> Value {
    let ids = logical_ids(resources);
    let mut out = Map::new();
    let routes: Vec<&String> =
        resources.iter().zip(&ids).filter(|(r, _)| r.kind == Kind::Route).map(|(_, id)| id).collect();
    for &i in order {
        let r = &resources[i];
        let mut res = json!({
            "Type": format!("AWS::ApiGatewayV2::{}", pascal(r.kind.word())),
            "Properties": properties(r, resources, &ids),
        });
        if r.kind == Kind::Stage && !routes.is_empty() {
            res["DependsOn"] = json!(routes);
        }
        out.insert(ids[i].clone(), res);
    }
    template("HTTP API generated by gatewright", out)
}

/// The import template: the document as the API's `Body`, and the stage.
pub(crate) fn import(document: Value, opts: &EmitOptions) -> Value {
    let mut api = Map::new();
    api.insert("Body".into(), document);
    api.insert("FailOnWarnings".into(), json!(opts.fail_on_warnings));
    if opts.base_path_mode != BasePathMode::Ignore {
        api.insert("BasePath".into(), json!(basepath(opts.base_path_mode)));
    }
    let mut out = Map::new();
    out.insert("Api".into(), json!({"Type": "AWS::ApiGatewayV2::Api", "Properties": api}));
    out.insert(
        format!("Stage{}", words(&opts.stage)),
        json!({"Type": "AWS::ApiGatewayV2::Stage", "Properties": {"ApiId": {"Ref": "Api"}, "StageName": opts.stage, "AutoDeploy": true}}),
    );
    template("HTTP API generated by gatewright (imported from its OpenAPI document)", out)
}
