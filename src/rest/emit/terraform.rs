//! The Terraform backend for REST APIs, in import mode (the default for REST, as for `deploy`;
//! granular mode is `terraform_granular`, which shares the deployment, stage, keys and plans):
//! `aws_api_gateway_rest_api` with `body = file("${path.module}/<body file>")`, an explicit
//! `put_rest_api_mode`, `fail_on_warnings`, `endpoint_configuration` and `parameters.basepath`;
//! an `aws_api_gateway_deployment` whose `triggers` hash the body (so a changed body is deployed)
//! with `create_before_destroy`; the `aws_api_gateway_stage`; the API keys (a chosen value is a
//! sensitive variable, never a literal), usage plans and plan keys; Lambda permissions.

use super::keys::KeysAndPlans;
use crate::emit::hcl::{Block, File, Tf};
use crate::emit::terraform::{Names, file_of, header, permission_blocks};
use crate::emit::{EmitOptions, lambda};
use serde_json::Value;
use std::collections::HashMap;

/// The configuration.
pub(crate) fn import(
    kp: &KeysAndPlans,
    doc: &Value,
    stage: &str,
    keys_with_values: &[String],
    opts: &EmitOptions,
    permissions: &[lambda::Permission],
) -> File {
    let mut names = Names::default();
    let rest = names.take("api");
    let api_ref = format!("aws_api_gateway_rest_api.{rest}");
    let mut file = File { comment: header("A REST API"), blocks: Vec::new() };
    let key_vars = variables(&mut file, keys_with_values);
    let mut b = Block::new("resource", &["aws_api_gateway_rest_api", &rest]);
    let info = doc.get("info");
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let name = opts.overrides.name.clone().or_else(|| text(info.and_then(|i| i.get("title"))));
    b.set("name", Tf::Str(name.unwrap_or_default()));
    if let Some(d) = opts.overrides.description.clone() {
        b.set("description", Tf::Str(d));
    }
    b.set("body", file_of(&opts.terraform_body))
        .set("put_rest_api_mode", Tf::Str(if opts.put_merge { "merge" } else { "overwrite" }.into()))
        .set("fail_on_warnings", Tf::Raw(opts.fail_on_warnings.to_string()));
    let basepath = match opts.base_path_mode {
        crate::BasePathMode::Ignore => None,
        crate::BasePathMode::Prepend => Some("prepend"),
        crate::BasePathMode::Split => Some("split"),
    };
    if let Some(mode) = basepath {
        b.set("parameters", Tf::Map(vec![("basepath".into(), Tf::Str(mode.into()))]));
    }
    let mut endpoint = Block::new("endpoint_configuration", &[]);
    endpoint.set("types", Tf::List(vec![Tf::Str(super::endpoint_type(opts).into())]));
    b.nest(endpoint);
    file.blocks.push(b);

    let triggers = Tf::Expr(format!("sha1({api_ref}.body)"));
    tail(&mut file, kp, &api_ref, stage, triggers, &[], &key_vars, permissions, &mut names);
    file
}

/// What follows the API in both modes: the deployment (redeployed when `triggers` changes), the
/// stage, the keys, plans and plan keys, the Lambda permissions and the outputs.
#[allow(clippy::too_many_arguments)]
pub(super) fn tail(
    file: &mut File,
    kp: &KeysAndPlans,
    api_ref: &str,
    stage: &str,
    triggers: Tf,
    depends_on: &[String],
    key_vars: &HashMap<String, String>,
    permissions: &[lambda::Permission],
    names: &mut Names,
) {
    let deployment = names.take(&format!("{stage} deployment"));
    let mut d = Block::new("resource", &["aws_api_gateway_deployment", &deployment]);
    d.set("rest_api_id", Tf::Expr(format!("{api_ref}.id")))
        .set("triggers", Tf::Map(vec![("redeployment".into(), triggers)]));
    if !depends_on.is_empty() {
        d.set("depends_on", Tf::List(depends_on.iter().map(|r| Tf::Expr(r.clone())).collect()));
    }
    let mut lifecycle = Block::new("lifecycle", &[]);
    lifecycle.set("create_before_destroy", Tf::Raw("true".into()));
    d.nest(lifecycle);
    file.blocks.push(d);

    let stage_name = names.take(stage);
    let mut s = Block::new("resource", &["aws_api_gateway_stage", &stage_name]);
    s.set("rest_api_id", Tf::Expr(format!("{api_ref}.id")))
        .set("deployment_id", Tf::Expr(format!("aws_api_gateway_deployment.{deployment}.id")))
        .set("stage_name", Tf::Str(stage.into()));
    file.blocks.push(s);
    let stage_ref = format!("aws_api_gateway_stage.{stage_name}");

    let mut key_names = HashMap::new();
    for k in &kp.keys {
        let n = names.take(&format!("key {}", k.name));
        let mut b = Block::new("resource", &["aws_api_gateway_api_key", &n]);
        b.set("name", Tf::Str(k.name.clone()));
        if let Some(d) = &k.description {
            b.set("description", Tf::from_json(d));
        }
        b.set("enabled", Tf::Raw(k.enabled.to_string()));
        if let Some(c) = &k.customer_id {
            b.set("customer_id", Tf::from_json(c));
        }
        if let Some(v) = key_vars.get(&k.name) {
            b.set("value", Tf::Expr(format!("var.{v}")));
        }
        tags(&mut b, &k.tags);
        key_names.insert(k.name.clone(), n);
        file.blocks.push(b);
    }
    for p in &kp.plans {
        let n = names.take(&format!("plan {}", p.name));
        let mut b = Block::new("resource", &["aws_api_gateway_usage_plan", &n]);
        b.set("name", Tf::Str(p.name.clone()));
        if let Some(d) = &p.description {
            b.set("description", Tf::from_json(d));
        }
        tags(&mut b, &p.tags);
        let mut stages = Block::new("api_stages", &[]);
        stages
            .set("api_id", Tf::Expr(format!("{api_ref}.id")))
            .set("stage", Tf::Expr(format!("{stage_ref}.stage_name")));
        for (path, limits) in &p.method_throttle {
            let mut t = Block::new("throttle", &[]);
            t.set("path", Tf::Str(path.clone()));
            limit(&mut t, limits, &[("burstLimit", "burst_limit"), ("rateLimit", "rate_limit")]);
            stages.nest(t);
        }
        b.nest(stages);
        if let Some(q) = &p.quota {
            let mut t = Block::new("quota_settings", &[]);
            limit(&mut t, q, &[("limit", "limit"), ("offset", "offset"), ("period", "period")]);
            b.nest(t);
        }
        if let Some(th) = &p.throttle {
            let mut t = Block::new("throttle_settings", &[]);
            limit(&mut t, th, &[("burstLimit", "burst_limit"), ("rateLimit", "rate_limit")]);
            b.nest(t);
        }
        file.blocks.push(b);
        for key in &p.keys {
            let Some(k) = key_names.get(&key.value) else { continue };
            let mut pk = Block::new("resource", &["aws_api_gateway_usage_plan_key", &names.take(&format!("{n} {k}"))]);
            pk.set("key_id", Tf::Expr(format!("aws_api_gateway_api_key.{k}.id")))
                .set("key_type", Tf::Str("API_KEY".into()))
                .set("usage_plan_id", Tf::Expr(format!("aws_api_gateway_usage_plan.{n}.id")));
            file.blocks.push(pk);
        }
    }
    file.blocks.extend(permission_blocks(permissions, &format!("{api_ref}.execution_arn"), names));
    let mut id = Block::new("output", &["api_id"]);
    id.set("value", Tf::Expr(format!("{api_ref}.id")));
    let mut url = Block::new("output", &["invoke_url"]);
    url.set("value", Tf::Expr(format!("{stage_ref}.invoke_url")));
    file.blocks.extend([id, url]);
}

/// A sensitive variable per key whose value was chosen, `apikey_` and the key's name as an
/// identifier; names that would be the same (`partner-a`, `Partner_A`) get a suffix (`_2`) in
/// the keys' order (by name), so each key has its own. Returns the key → variable names.
pub(super) fn variables(file: &mut File, keys_with_values: &[String]) -> HashMap<String, String> {
    let mut names = Names::default();
    let mut out = HashMap::with_capacity(keys_with_values.len());
    for k in keys_with_values {
        let name = names.take(&format!("apikey {k}"));
        let mut v = Block::new("variable", &[&name]);
        v.set("description", Tf::Str(format!("The value of the API key `{k}` (20 to 128 letters and digits)")))
            .set("type", Tf::Type("string".into()))
            .set("sensitive", Tf::Raw("true".into()));
        file.blocks.push(v);
        out.insert(k.clone(), name);
    }
    out
}

fn tags(b: &mut Block, tags: &[(String, Value)]) {
    if !tags.is_empty() {
        b.set("tags", Tf::Map(tags.iter().map(|(k, v)| (k.clone(), Tf::from_json(v))).collect()));
    }
}

/// The fields of a limits object (`{burstLimit, rateLimit}`) as the block's arguments.
fn limit(b: &mut Block, v: &Value, fields: &[(&str, &str)]) {
    for (from, to) in fields {
        if let Some(x) = v.get(from) {
            b.set(to, Tf::from_json(x));
        }
    }
}
