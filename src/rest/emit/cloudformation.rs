//! CloudFormation for a REST API in import mode: the `RestApi` with `Body`, `Mode: overwrite`
//! and `FailOnWarnings`; a `Deployment` whose logical id carries a hash of the body and stage (REST
//! has no auto-deploy: a new id is a new deployment, so a changed body is served); the `Stage`;
//! `ApiKey` (`Enabled` always written: CloudFormation's default is false; a chosen value is a
//! `NoEcho` parameter, never text in the template), `UsagePlan` (after the stage it names) and
//! `UsagePlanKey`; `Outputs` with the API id, the invoke URL and the key ids.

use crate::emit::EmitOptions;
use crate::emit::names::Fnv;
use std::io::Write as _;

use crate::emit::names::{UniqueIds, pascal, words};
use crate::rest::ir::RestApi;
use serde_json::{Map, Value, json};

/// `{"a": 1}` → `[{"Key": "a", "Value": 1}]`.
pub(super) fn tag_list(tags: &[(String, Value)]) -> Value {
    tags.iter().map(|(k, v)| json!({"Key": k, "Value": v})).collect()
}

/// `{rateLimit, burstLimit}` → `{RateLimit, BurstLimit}` (and `limit`, `period`, `offset`).
fn pascal_keys(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (pascal(k), v.clone())).collect()),
        other => other.clone(),
    }
}

/// A template being built: logical ids taken so far, resources, parameters, the API's id.
/// The API's logical id (the first id taken).
pub(super) const API: &str = "Api";

pub(super) struct Template {
    ids: UniqueIds,
    pub(super) resources: Map<String, Value>,
    parameters: Map<String, Value>,
    pub(super) api_id: String,
}

impl Template {
    /// Starts with the API (`props` without a name when the document has none: then the name is
    /// the `ApiName` parameter).
    pub(super) fn new(api: &RestApi, mut props: Map<String, Value>) -> Template {
        let mut t = Template {
            ids: UniqueIds::default(),
            resources: Map::new(),
            parameters: Map::new(),
            api_id: String::new(),
        };
        if unnamed(api) {
            props.insert("Name".into(), json!({"Ref": "ApiName"}));
            t.parameters.insert(
                "ApiName".into(),
                json!({"Type": "String", "MinLength": 1, "MaxLength": 128,
                    "Description": "The API's name (the OpenAPI document has no info.title)"}),
            );
        }
        t.api_id = t.ids.take(API.into());
        t.resources.insert(t.api_id.clone(), json!({"Type": "AWS::ApiGateway::RestApi", "Properties": props}));
        t
    }

    /// A unique logical id from `base`.
    pub(super) fn id(&mut self, base: String) -> String {
        self.ids.take(base)
    }

    /// `{"Ref": <the API>}`.
    pub(super) fn api_ref(&self) -> Value {
        json!({"Ref": self.api_id})
    }

    /// Adds the deployment (after `depends`, with a logical id hashed from every resource so
    /// far and the stage), the stage, the keys and plans, and the outputs.
    pub(super) fn finish(
        mut self,
        api: &RestApi,
        stage: &str,
        values: &[(String, String)],
        depends: Vec<String>,
        description: &str,
    ) -> Value {
        let mut h = Fnv::default();
        // Writing to the hasher cannot fail.
        let _ = serde_json::to_writer(&mut h, &self.resources);
        let _ = write!(h, "\n{stage}");
        let hash = format!("{:016x}", h.0);
        let deployment = self.id(format!("Deployment{}", &hash[..12]));
        let mut d = json!({"Type": "AWS::ApiGateway::Deployment", "Properties": {
            "RestApiId": self.api_ref(),
            "Description": format!("gatewright {hash}"),
        }});
        if !depends.is_empty() {
            d["DependsOn"] = json!(depends);
        }
        self.resources.insert(deployment.clone(), d);
        let stage_id = self.id(format!("Stage{}", words(stage)));
        self.resources.insert(
            stage_id.clone(),
            json!({"Type": "AWS::ApiGateway::Stage", "Properties": {
                "RestApiId": self.api_ref(),
                "DeploymentId": {"Ref": deployment},
                "StageName": stage,
            }}),
        );
        let mut outputs = Map::new();
        outputs.insert("ApiId".into(), json!({"Description": "The REST API's id", "Value": self.api_ref()}));
        outputs.insert(
            "InvokeUrl".into(),
            json!({"Description": "The stage's invoke URL", "Value": {"Fn::Sub": format!("https://${{{}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage}", self.api_id)}}),
        );
        let key_ids = self.keys(api, values, &mut outputs);
        self.plans(api, &stage_id, &key_ids);
        let mut t = Map::new();
        t.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
        t.insert("Description".into(), json!(description));
        if !self.parameters.is_empty() {
            t.insert("Parameters".into(), Value::Object(self.parameters));
        }
        t.insert("Resources".into(), Value::Object(self.resources));
        t.insert("Outputs".into(), Value::Object(outputs));
        Value::Object(t)
    }

    /// The API keys; a value the user chose is a NoEcho parameter, never text in the template.
    fn keys(
        &mut self,
        api: &RestApi,
        values: &[(String, String)],
        outputs: &mut Map<String, Value>,
    ) -> Vec<(String, String)> {
        let mut key_ids = Vec::new();
        for k in &api.api_keys {
            let id = self.id(format!("ApiKey{}", words(&k.name)));
            let mut p: Map<String, Value> = k.settings().into_iter().map(|(f, v)| (pascal(&f), v)).collect();
            if values.iter().any(|(n, _)| *n == k.name) {
                // Parameters and resources share one namespace of logical ids.
                let param = self.id(format!("{id}Value"));
                p.insert("Value".into(), json!({"Ref": param}));
                self.parameters.insert(
                    param,
                    json!({"Type": "String", "NoEcho": true, "MinLength": 20, "MaxLength": 128,
                        "AllowedPattern": "^[A-Za-z0-9]+$",
                        "Description": format!("The value of API key {} (pass the value given with --var apikey.{})", k.name, k.name)}),
                );
            }
            if !k.tags.is_empty() {
                p.insert("Tags".into(), tag_list(&k.tags));
            }
            self.resources.insert(id.clone(), json!({"Type": "AWS::ApiGateway::ApiKey", "Properties": p}));
            outputs.insert(
                format!("{id}Id"),
                json!({"Description": format!("The id of API key {}", k.name), "Value": {"Ref": id}}),
            );
            key_ids.push((k.name.clone(), id));
        }
        key_ids
    }

    /// The usage plans on the stage, and their keys.
    fn plans(&mut self, api: &RestApi, stage_id: &str, key_ids: &[(String, String)]) {
        for plan in &api.usage_plans {
            let id = self.id(format!("UsagePlan{}", words(&plan.name)));
            let mut stage_ref = json!({"ApiId": self.api_ref(), "Stage": {"Ref": stage_id}});
            if !plan.method_throttle.is_empty() {
                stage_ref["Throttle"] = plan.method_throttle.iter().map(|(k, v)| (k.clone(), pascal_keys(v))).collect();
            }
            let mut p = Map::new();
            p.insert("UsagePlanName".into(), json!(plan.name));
            if let Some(d) = &plan.description {
                p.insert("Description".into(), d.clone());
            }
            p.insert("ApiStages".into(), json!([stage_ref]));
            if let Some(t) = &plan.throttle {
                p.insert("Throttle".into(), pascal_keys(t));
            }
            if let Some(q) = &plan.quota {
                p.insert("Quota".into(), pascal_keys(q));
            }
            if !plan.tags.is_empty() {
                p.insert("Tags".into(), tag_list(&plan.tags));
            }
            // `ApiStages` refers to the stage, so the plan is created after it.
            self.resources.insert(id.clone(), json!({"Type": "AWS::ApiGateway::UsagePlan", "Properties": p}));
            for key in &plan.keys {
                let Some((_, key_id)) = key_ids.iter().find(|(n, _)| *n == key.value) else { continue };
                let link = self.id(format!("UsagePlanKey{}{}", words(&plan.name), words(&key.value)));
                self.resources.insert(
                    link,
                    json!({"Type": "AWS::ApiGateway::UsagePlanKey", "Properties": {
                        "KeyId": {"Ref": key_id}, "KeyType": "API_KEY", "UsagePlanId": {"Ref": id},
                    }}),
                );
            }
        }
    }
}

/// Whether the document gives the API no name.
pub(super) fn unnamed(api: &RestApi) -> bool {
    api.name.as_ref().is_none_or(|n| n.value.as_str().is_some_and(|s| s.trim().is_empty()))
}

/// Import mode: the document is the API's `Body`.
pub(super) fn import(
    api: &RestApi,
    body: Value,
    stage: &str,
    values: &[(String, String)],
    opts: &EmitOptions,
) -> Value {
    let mut props = Map::new();
    props.insert("Body".into(), body);
    props.insert("Mode".into(), json!("overwrite"));
    props.insert("FailOnWarnings".into(), json!(opts.fail_on_warnings));
    if opts.base_path_mode != crate::basepath::BasePathMode::Ignore {
        props.insert("Parameters".into(), json!({"basepath": opts.base_path_mode.word()}));
    }
    props.insert("EndpointConfiguration".into(), json!({"Types": [super::endpoint_type(opts)]}));
    let t = Template::new(api, props);
    t.finish(api, stage, values, Vec::new(), "REST API generated by gatewright (imported from its OpenAPI document)")
}
