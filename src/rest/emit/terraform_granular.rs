//! Terraform for a REST API in granular mode: the API's settings on `aws_api_gateway_rest_api`,
//! then a resource per construct, as the import would have created them: authorizers, models (a
//! `$ref` to another model as its URL with the API's id, `depends_on` that model), request
//! validators, gateway responses, an `aws_api_gateway_resource` per path segment (under the
//! root resource AWS creates with the API), and per operation its `aws_api_gateway_method`,
//! `_method_response`s, `_integration` and `_integration_response`s. The deployment's
//! `triggers` hash every argument of all of them, so any change, in place or not, is deployed.
//! Values from the document are resolved (`--var`) or reported (GW700), as for the script.

use super::terraform::{tail, variables};
use crate::diagnostics::Diagnostic;
use crate::emit::hcl::{Block, File, Part, Tf};
use crate::emit::terraform::{Names, header};
use crate::emit::{EmitOptions, lambda};
use crate::pointer::Pointer;
use crate::rest::ir::{Integration, MODEL_URL_START, RestApi};
use serde_json::Value;
use std::collections::HashMap;

/// Names per resource type (addresses are `type.name`), and values resolved as they are added.
struct Writer<'a> {
    names: HashMap<&'static str, Names>,
    opts: &'a EmitOptions,
    unresolved: Vec<Diagnostic>,
    file: File,
}

impl Writer<'_> {
    fn name(&mut self, ty: &'static str, base: &str) -> String {
        self.names.entry(ty).or_default().take(base)
    }

    /// A value of the document, its intrinsics and placeholders resolved (else reported at `at`).
    fn doc(&mut self, v: &Value, at: &Pointer, what: &str) -> Tf {
        self.doc_at(v, at, vec![what.to_string()])
    }

    /// [`Writer::doc`] for the value at `path` under the element (a mapping template is told by
    /// its place: `request_templates`, then its content type).
    fn doc_at(&mut self, v: &Value, at: &Pointer, path: Vec<String>) -> Tf {
        Tf::from_json(&self.resolved(v.clone(), at, path))
    }

    /// `v` with its intrinsics and placeholders resolved (what cannot be is reported at `at`).
    fn resolved(&mut self, mut v: Value, at: &Pointer, path: Vec<String>) -> Value {
        crate::emit::resolve_at(&mut v, self.opts, at, path, &mut self.unresolved);
        v
    }

    /// Pairs (mapping templates, parameters) as a map argument.
    fn pairs(&mut self, b: &mut Block, name: &str, pairs: &[(String, Value)], at: &Pointer) {
        if pairs.is_empty() {
            return;
        }
        let m = pairs.iter().map(|(k, v)| (k.clone(), self.doc_at(v, at, vec![name.to_string(), k.clone()]))).collect();
        b.set(name, Tf::Map(m));
    }
}

fn bools(m: &std::collections::BTreeMap<String, bool>) -> Tf {
    Tf::Map(m.iter().map(|(k, v)| (k.clone(), Tf::Raw(v.to_string()))).collect())
}

/// The configuration, or what could not be resolved.
pub(super) fn granular(
    api: &RestApi,
    kp: &super::keys::KeysAndPlans,
    tree: &crate::tree::Tree,
    stage: &str,
    keys_with_values: &[String],
    opts: &EmitOptions,
    permissions: &[lambda::Permission],
) -> Result<File, Vec<Diagnostic>> {
    let mut w = Writer { names: HashMap::new(), opts, unresolved: Vec::new(), file: File::default() };
    w.file.comment = header("A REST API");
    let key_vars = variables(&mut w.file, keys_with_values);
    let rest = w.name("api", "api");
    let api_ref = format!("aws_api_gateway_rest_api.{rest}");
    let api_id = Tf::Expr(format!("{api_ref}.id"));

    let mut b = Block::new("resource", &["aws_api_gateway_rest_api", &rest]);
    let name = match (&opts.overrides.name, &api.name) {
        (Some(n), _) => Tf::Str(n.clone()),
        (None, Some(f)) => w.doc(&f.value, &f.pointer, "name"),
        (None, None) => return Err(vec![super::unnamed_api()]),
    };
    b.set("name", name);
    if let Some(f) = &api.description {
        let d = w.doc(&f.value, &f.pointer, "description");
        b.set("description", d);
    }
    if !api.binary_media_types.is_empty() {
        let types = api.binary_media_types.iter().map(|f| w.doc(&f.value, &f.pointer, "binary_media_types")).collect();
        b.set("binary_media_types", Tf::List(types));
    }
    for (arg, field) in [
        ("api_key_source", &api.api_key_source),
        ("minimum_compression_size", &api.minimum_compression_size),
        ("disable_execute_api_endpoint", &api.disable_execute_api_endpoint),
    ] {
        if let Some(f) = field {
            let v = w.doc(&f.value, &f.pointer, arg);
            b.set(arg, v);
        }
    }
    if let Some(f) = &api.policy {
        // The provider takes the policy as JSON text.
        let v = match &f.value {
            Value::String(s) => Tf::Str(s.clone()),
            other => Tf::Str(other.to_string()),
        };
        b.set("policy", v);
    }
    if !api.tags.is_empty() {
        let tags = api.tags.iter().map(|(k, f)| (k.clone(), w.doc(&f.value, &f.pointer, "tags"))).collect();
        b.set("tags", Tf::Map(tags));
    }
    let mut endpoint = Block::new("endpoint_configuration", &[]);
    endpoint.set("types", Tf::List(vec![Tf::Str(super::endpoint_type(opts).into())]));
    if let Some(f) = &api.vpc_endpoint_ids {
        let v = w.doc(&f.value, &f.pointer, "vpc_endpoint_ids");
        endpoint.set("vpc_endpoint_ids", v);
    }
    b.nest(endpoint);
    w.file.blocks.push(b);

    let mut authorizers = HashMap::new();
    for a in &api.authorizers {
        let n = w.name("authorizer", &a.name);
        let mut b = Block::new("resource", &["aws_api_gateway_authorizer", &n]);
        b.set("rest_api_id", api_id.clone())
            .set("name", Tf::Str(a.name.clone()))
            .set("type", Tf::Str(a.authorizer_type.to_string()));
        for (k, v) in a.settings() {
            let arg = match k {
                "providerARNs" => "provider_arns",
                "authorizerUri" => "authorizer_uri",
                "authorizerCredentials" => "authorizer_credentials",
                "identitySource" => "identity_source",
                "identityValidationExpression" => "identity_validation_expression",
                "authorizerResultTtlInSeconds" => "authorizer_result_ttl_in_seconds",
                // `authtype` labels the scheme in exports; the resource has no such argument.
                _ => continue,
            };
            if let Some(v) = v {
                let v = w.doc(v, &a.pointer, arg);
                b.set(arg, v);
            }
        }
        w.file.blocks.push(b);
        authorizers.insert(a.name.as_str(), n);
    }

    let models: HashMap<&str, String> =
        api.models.iter().map(|m| (m.name.as_str(), w.name("model", &m.name))).collect();
    for m in &api.models {
        let n = &models[m.name.as_str()];
        let mut b = Block::new("resource", &["aws_api_gateway_model", n]);
        b.set("rest_api_id", api_id.clone())
            .set("name", Tf::Str(m.name.clone()))
            .set("content_type", Tf::Str(m.content_type.to_string()));
        if let Some(d) = &m.description {
            let d = w.doc(d, &m.pointer, "description");
            b.set("description", d);
        }
        let doc = w.resolved(crate::rest::lower::model_schema(tree, api.swagger, m), &m.pointer, vec!["schema".into()]);
        let (schema, after) = schema(&doc, &api_ref, &models, n);
        b.set("schema", schema);
        if !after.is_empty() {
            b.set("depends_on", Tf::List(after.into_iter().map(Tf::Expr).collect()));
        }
        w.file.blocks.push(b);
    }

    let mut validators = HashMap::new();
    for v in &api.request_validators {
        let n = w.name("validator", &v.name);
        let mut b = Block::new("resource", &["aws_api_gateway_request_validator", &n]);
        b.set("rest_api_id", api_id.clone())
            .set("name", Tf::Str(v.name.clone()))
            .set("validate_request_body", Tf::Raw(v.validate_request_body.to_string()))
            .set("validate_request_parameters", Tf::Raw(v.validate_request_parameters.to_string()));
        w.file.blocks.push(b);
        validators.insert(v.name.as_str(), n);
    }

    for g in &api.gateway_responses {
        let n = w.name("gateway_response", &g.response_type);
        let mut b = Block::new("resource", &["aws_api_gateway_gateway_response", &n]);
        b.set("rest_api_id", api_id.clone()).set("response_type", Tf::Str(g.response_type.clone()));
        if let Some(s) = &g.status_code {
            let s = w.doc(s, &g.pointer, "status_code");
            b.set("status_code", s);
        }
        w.pairs(&mut b, "response_parameters", &g.response_parameters, &g.pointer);
        w.pairs(&mut b, "response_templates", &g.response_templates, &g.pointer);
        w.file.blocks.push(b);
    }

    // Resources, parents first (the list is sorted by path), then their methods.
    let mut resource_ids: HashMap<&str, String> = HashMap::new();
    let mut deployed = Vec::new();
    for r in &api.resources {
        let id = match (&r.parent, &r.path_part) {
            (Some(parent), Some(part)) => {
                let n = w.name("resource", &r.path);
                let mut b = Block::new("resource", &["aws_api_gateway_resource", &n]);
                b.set("rest_api_id", api_id.clone())
                    .set("parent_id", Tf::Expr(resource_ids[parent.as_str()].clone()))
                    .set("path_part", Tf::Str(part.clone()));
                w.file.blocks.push(b);
                deployed.push(format!("aws_api_gateway_resource.{n}"));
                format!("aws_api_gateway_resource.{n}.id")
            }
            _ => format!("{api_ref}.root_resource_id"),
        };
        resource_ids.insert(r.path.as_str(), id.clone());
        for m in &r.methods {
            let base = format!("{} {}", m.http_method, if r.path == "/" { "root" } else { &r.path });
            let n = w.name("method", &base);
            let mut b = Block::new("resource", &["aws_api_gateway_method", &n]);
            b.set("rest_api_id", api_id.clone())
                .set("resource_id", Tf::Expr(id.clone()))
                .set("http_method", Tf::Str(m.http_method.clone()))
                .set("authorization", Tf::Str(m.authorization_type.to_string()));
            if let Some(a) = m.authorizer.as_deref().and_then(|a| authorizers.get(a)) {
                b.set("authorizer_id", Tf::Expr(format!("aws_api_gateway_authorizer.{a}.id")));
            }
            if !m.authorization_scopes.is_empty() {
                b.set(
                    "authorization_scopes",
                    Tf::List(m.authorization_scopes.iter().map(|s| Tf::Str(s.clone())).collect()),
                );
            }
            b.set("api_key_required", Tf::Raw(m.api_key_required.to_string()));
            if let Some(o) = &m.operation_name {
                let o = w.doc(o, &m.pointer, "operation_name");
                b.set("operation_name", o);
            }
            if !m.request_parameters.is_empty() {
                b.set("request_parameters", bools(&m.request_parameters));
            }
            let model = |name: &String| match models.get(name.as_str()) {
                Some(r) => Tf::Expr(format!("aws_api_gateway_model.{r}.name")),
                None => Tf::Str(name.clone()),
            };
            if !m.request_models.is_empty() {
                b.set("request_models", Tf::Map(m.request_models.iter().map(|(k, v)| (k.clone(), model(v))).collect()));
            }
            if let Some(v) = m.request_validator.as_deref().and_then(|v| validators.get(v)) {
                b.set("request_validator_id", Tf::Expr(format!("aws_api_gateway_request_validator.{v}.id")));
            }
            w.file.blocks.push(b);
            deployed.push(format!("aws_api_gateway_method.{n}"));
            let method = |b: &mut Block| {
                b.set("rest_api_id", api_id.clone())
                    .set("resource_id", Tf::Expr(id.clone()))
                    .set("http_method", Tf::Expr(format!("aws_api_gateway_method.{n}.http_method")));
            };
            let mut responses = HashMap::new();
            for (status, resp) in &m.method_responses {
                let rn = w.name("method_response", &format!("{n} {status}"));
                let mut b = Block::new("resource", &["aws_api_gateway_method_response", &rn]);
                method(&mut b);
                b.set("status_code", Tf::Str(status.clone()));
                if !resp.response_parameters.is_empty() {
                    b.set("response_parameters", bools(&resp.response_parameters));
                }
                if !resp.response_models.is_empty() {
                    b.set(
                        "response_models",
                        Tf::Map(resp.response_models.iter().map(|(k, v)| (k.clone(), model(v))).collect()),
                    );
                }
                w.file.blocks.push(b);
                deployed.push(format!("aws_api_gateway_method_response.{rn}"));
                responses.insert(status.as_str(), rn);
            }
            if let Some(i) = &m.integration {
                let iname = w.name("integration", &base);
                let mut b = Block::new("resource", &["aws_api_gateway_integration", &iname]);
                method(&mut b);
                integration(&mut w, &mut b, i, &r.path);
                w.file.blocks.push(b);
                deployed.push(format!("aws_api_gateway_integration.{iname}"));
                for (status, resp) in &i.responses {
                    let rn = w.name("integration_response", &format!("{n} {status}"));
                    let mut b = Block::new("resource", &["aws_api_gateway_integration_response", &rn]);
                    method(&mut b);
                    // After the method response it answers with, when the operation declares one.
                    let code = match responses.get(status.as_str()) {
                        Some(mr) => Tf::Expr(format!("aws_api_gateway_method_response.{mr}.status_code")),
                        None => Tf::Str(status.clone()),
                    };
                    b.set("status_code", code);
                    if let Some(p) = &resp.selection_pattern {
                        b.set("selection_pattern", Tf::Str(p.clone()));
                    }
                    w.pairs(&mut b, "response_parameters", &resp.response_parameters, &i.pointer);
                    w.pairs(&mut b, "response_templates", &resp.response_templates, &i.pointer);
                    if let Some(c) = &resp.content_handling {
                        let c = w.doc(c, &i.pointer, "content_handling");
                        b.set("content_handling", c);
                    }
                    b.set("depends_on", Tf::List(vec![Tf::Expr(format!("aws_api_gateway_integration.{iname}"))]));
                    w.file.blocks.push(b);
                    deployed.push(format!("aws_api_gateway_integration_response.{rn}"));
                }
            }
        }
    }
    if !w.unresolved.is_empty() {
        return Err(w.unresolved);
    }
    // Every argument of what the stage serves: a change made in place (an integration's URI)
    // changes the hash as much as a replaced resource does.
    let mut all: Vec<String> =
        w.file.blocks.iter().filter(|b| b.kind == "resource").map(|b| b.labels.join(".")).collect();
    all.retain(|a| !a.starts_with("aws_api_gateway_rest_api."));
    let triggers = Tf::Wrapped("sha1(jsonencode([".into(), all.into_iter().map(Tf::Expr).collect(), "]))".into());
    let mut names = Names::default();
    let depends: Vec<String> = deployed.into_iter().filter(|d| !d.starts_with("aws_api_gateway_resource")).collect();
    let mut file = w.file;
    tail(&mut file, kp, &api_ref, stage, triggers, &depends, &key_vars, permissions, &mut names);
    Ok(file)
}

/// An integration's arguments.
fn integration(w: &mut Writer<'_>, b: &mut Block, i: &Integration, path: &str) {
    let v = w.doc(&i.integration_type, &i.pointer, "type");
    b.set("type", v);
    for (k, v) in i.settings() {
        let arg = match k {
            "integrationHttpMethod" => "integration_http_method",
            "uri" => "uri",
            "credentials" => "credentials",
            "connectionType" => "connection_type",
            "connectionId" => "connection_id",
            "contentHandling" => "content_handling",
            _ => continue,
        };
        if let Some(v) = v {
            let v = w.doc(v, &i.pointer, arg);
            b.set(arg, v);
        }
    }
    w.pairs(b, "request_parameters", &i.request_parameters, &i.pointer);
    w.pairs(b, "request_templates", &i.request_templates, &i.pointer);
    let v = w.doc(&i.passthrough_behavior, &i.pointer, "passthrough_behavior");
    b.set("passthrough_behavior", v);
    let v = w.doc(&i.timeout_in_millis, &i.pointer, "timeout_milliseconds");
    b.set("timeout_milliseconds", v);
    if let Some(n) = i.chosen_cache_namespace(path) {
        let v = w.doc(n, &i.pointer, "cache_namespace");
        b.set("cache_namespace", v);
    }
    if !i.cache_key_parameters.is_empty() {
        let v = w.doc(&Value::Array(i.cache_key_parameters.clone()), &i.pointer, "cache_key_parameters");
        b.set("cache_key_parameters", v);
    }
    if let Some(v) = &i.insecure_skip_verification {
        let mut tls = Block::new("tls_config", &[]);
        let v = w.doc(v, &i.pointer, "insecure_skip_verification");
        tls.set("insecure_skip_verification", v);
        b.nest(tls);
    }
}

/// A model's schema as JSON text, the URLs of other models carrying the API's id (an
/// interpolation), and the models it names (to be created first).
fn schema(v: &Value, api_ref: &str, models: &HashMap<&str, String>, own: &str) -> (Tf, Vec<String>) {
    const SENTINEL: &str = "\u{0}gatewright:restApiId\u{0}";
    let mut v = v.clone();
    let mut after = Vec::new();
    super::granular::rewrite_model_refs(&mut v, &mut |name| {
        if let Some(r) = models.get(name) {
            after.push(format!("aws_api_gateway_model.{r}"));
        }
        Value::String(format!("{MODEL_URL_START}{SENTINEL}/models/{name}"))
    });
    after.sort();
    after.dedup();
    after.retain(|a| a != &format!("aws_api_gateway_model.{own}"));
    let text = serde_json::to_string(&v).unwrap_or_default();
    // The sentinel as JSON writes it (NUL escaped), without its quotes.
    let quoted = serde_json::to_string(SENTINEL).unwrap_or_default();
    let written = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
    let mut parts = Vec::new();
    for (i, piece) in text.split(written).enumerate() {
        if i > 0 {
            parts.push(Part::Expr(format!("{api_ref}.id")));
        }
        parts.push(Part::Lit(piece.to_string()));
    }
    (Tf::Template(parts), after)
}
