//! The Terraform backend for HTTP APIs (`--emit terraform`), HCL or `.tf.json`. Granular: the
//! `aws_apigatewayv2_api` and one `aws_apigatewayv2_authorizer`, `_integration` and `_route` per
//! element, wired by references, and the auto-deploying stage. Import: the API with
//! `body = file("${path.module}/<body file>")` (the normalised document, written beside the
//! configuration: a document inlined into a string would be read as a template), the overrides as
//! arguments, its CORS lifted into `cors_configuration` (the provider replaces the document's),
//! `fail_on_warnings` explicit, and the stage. Lambda permissions as `aws_lambda_permission`.
//! Resource names come from the document (route keys, integration ids, authorizer names).

use super::hcl::{Block, File, Part, Tf, template};
use super::resources::{Kind, REF, TARGET};
use super::{Built, EmitOptions, lambda};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// A Terraform name from any text: lower-case words joined by `_`, not starting with a digit.
pub(crate) fn ident(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    match out.chars().next() {
        None => "unnamed".into(),
        Some(c) if c.is_ascii_digit() => format!("_{out}"),
        Some(_) => out,
    }
}

/// Names made unique in the order they are asked for (`get_pets`, `get_pets_2`).
#[derive(Default)]
pub(crate) struct Names(HashSet<String>);

impl Names {
    pub(crate) fn take(&mut self, base: &str) -> String {
        let base = ident(base);
        let mut name = base.clone();
        let mut n = 1;
        while !self.0.insert(name.clone()) {
            n += 1;
            name = format!("{base}_{n}");
        }
        name
    }
}

/// The Terraform type of each kind.
fn resource_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Api => "aws_apigatewayv2_api",
        Kind::Authorizer => "aws_apigatewayv2_authorizer",
        Kind::Integration => "aws_apigatewayv2_integration",
        Kind::Route => "aws_apigatewayv2_route",
        Kind::Stage => "aws_apigatewayv2_stage",
    }
}

/// A create request's field as the provider's argument.
fn argument(kind: Kind, field: &str) -> String {
    let renamed = match (kind, field) {
        (Kind::Authorizer, "identitySource") => "identity_sources",
        (Kind::Integration, "timeoutInMillis") => "timeout_milliseconds",
        (Kind::Stage, "stageName") => "name",
        _ => "",
    };
    if !renamed.is_empty() {
        return renamed.into();
    }
    let mut out = String::new();
    for c in field.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Fields the provider takes as nested blocks, with their own fields in snake_case.
const BLOCKS: [&str; 3] = ["corsConfiguration", "jwtConfiguration", "tlsConfig"];

struct Refs {
    /// (kind word, name) → Terraform name.
    names: HashMap<(String, String), String>,
}

impl Refs {
    fn id(&self, kind: &str, name: &str) -> Option<String> {
        let k = Kind::from_word(kind)?;
        self.names.get(&(kind.to_string(), name.to_string())).map(|n| format!("{}.{n}.id", resource_type(k)))
    }
}

/// A request value as a Terraform value, references to other resources as expressions.
fn value(v: &Value, refs: &Refs) -> Tf {
    if let Value::Object(m) = v {
        if let Some(Value::Array(parts)) = m.get(REF)
            && let [Value::String(k), Value::String(n)] = parts.as_slice()
            && let Some(id) = refs.id(k, n)
        {
            return Tf::Expr(id);
        }
        if let Some(Value::String(n)) = m.get(TARGET)
            && let Some(id) = refs.id("integration", n)
        {
            return Tf::Template(vec![Part::Lit("integrations/".into()), Part::Expr(id)]);
        }
        return Tf::Map(m.iter().map(|(k, v)| (k.clone(), value(v, refs))).collect());
    }
    match v {
        Value::Array(items) => Tf::List(items.iter().map(|i| value(i, refs)).collect()),
        other => Tf::from_json(other),
    }
}

/// A resource block from a create request's body.
fn resource(kind: Kind, name: &str, body: &Map<String, Value>, refs: &Refs, api: &str) -> Block {
    let mut b = Block::new("resource", &[resource_type(kind), name]);
    if kind != Kind::Api {
        b.set("api_id", Tf::Expr(format!("aws_apigatewayv2_api.{api}.id")));
    }
    let mut nested = Vec::new();
    for (field, v) in body {
        if BLOCKS.contains(&field.as_str()) {
            let mut inner = Block::new(&argument(kind, field), &[]);
            if let Value::Object(m) = v {
                for (k, v) in m {
                    inner.set(&argument(kind, k), value(v, refs));
                }
            }
            nested.push(inner);
        } else if kind == Kind::Integration && field == "responseParameters" {
            // One `response_parameters` block per status code.
            for (status, mappings) in v.as_object().into_iter().flatten() {
                let mut inner = Block::new("response_parameters", &[]);
                inner.set("status_code", Tf::Str(status.clone())).set("mappings", value(mappings, refs));
                nested.push(inner);
            }
        } else {
            b.set(&argument(kind, field), value(v, refs));
        }
    }
    nested.into_iter().for_each(|n| {
        b.nest(n);
    });
    b
}

/// The header comment of every configuration.
pub(crate) fn header(what: &str) -> Vec<String> {
    vec![
        format!("{what}, written by gatewright from the OpenAPI document."),
        "Regenerate it rather than editing it.".into(),
    ]
}

/// Granular mode: every element a resource.
pub(crate) fn granular(built: &Built<'_>, permissions: &[lambda::Permission]) -> File {
    // Addresses are `type.name`: names need to be unique within a type only.
    let mut names: HashMap<&str, Names> = HashMap::new();
    let mut refs = Refs { names: HashMap::new() };
    let mut api_name = String::from("api");
    // Names first (references may point forward in the document's order).
    for &i in built.order {
        let kind = built.set.kind(i);
        let name = built.set.name(i);
        let base = match kind {
            Kind::Api => "api".to_string(),
            Kind::Route if name == "$default" => "default".to_string(),
            _ => name.to_string(),
        };
        let tf = names.entry(kind.word()).or_default().take(&base);
        if kind == Kind::Api {
            api_name = tf.clone();
        }
        refs.names.insert((kind.word().to_string(), name.to_string()), tf);
    }
    let mut file = File { comment: header("An HTTP API"), blocks: Vec::new() };
    for &i in built.order {
        let r = built.get(i);
        let name = refs.names.get(&(r.kind.word().to_string(), r.name.clone())).cloned().unwrap_or_default();
        file.blocks.push(resource(r.kind, &name, &r.body, &refs, &api_name));
    }
    let mut permission_names = Names::default();
    let arn = format!("aws_apigatewayv2_api.{api_name}.execution_arn");
    file.blocks.extend(permission_blocks(permissions, &arn, &mut permission_names));
    file.blocks.extend(outputs(
        &format!("aws_apigatewayv2_api.{api_name}"),
        &format!("aws_apigatewayv2_stage.{}", stage_name(built, &refs)),
    ));
    file
}

fn stage_name(built: &Built<'_>, refs: &Refs) -> String {
    (0..built.set.len())
        .find(|&i| built.set.kind(i) == Kind::Stage)
        .and_then(|i| refs.names.get(&("stage".to_string(), built.set.name(i).to_string())))
        .cloned()
        .unwrap_or_default()
}

/// `aws_lambda_permission` resources letting API Gateway invoke the functions.
pub(crate) fn permission_blocks(
    permissions: &[lambda::Permission],
    execution_arn: &str,
    names: &mut Names,
) -> Vec<Block> {
    permissions
        .iter()
        .map(|p| {
            let name = names.take(&format!("invoke {}", p.what));
            let mut b = Block::new("resource", &["aws_lambda_permission", &name]);
            let function = match &p.function {
                Value::String(s) => Tf::Str(s.clone()),
                other => Tf::Str(other.to_string()),
            };
            b.set("statement_id", Tf::Str(format!("gatewright-{}", ident(&p.what).replace('_', "-"))))
                .set("action", Tf::Str("lambda:InvokeFunction".into()))
                .set("function_name", function)
                .set("principal", Tf::Str("apigateway.amazonaws.com".into()))
                .set("source_arn", Tf::Template(vec![Part::Expr(execution_arn.into()), Part::Lit(p.source.clone())]));
            b
        })
        .collect()
}

/// The API's id and the stage's invoke URL.
fn outputs(api: &str, stage: &str) -> Vec<Block> {
    let mut id = Block::new("output", &["api_id"]);
    id.set("value", Tf::Expr(format!("{api}.id")));
    let mut url = Block::new("output", &["invoke_url"]);
    url.set("value", Tf::Expr(format!("{stage}.invoke_url")));
    vec![id, url]
}

/// Import mode: the API from the body file, with what the provider would otherwise replace or
/// delete set as its arguments.
pub(crate) fn import(doc: &Value, body_file: &str, opts: &EmitOptions, permissions: &[lambda::Permission]) -> File {
    let mut names = Names::default();
    let api = names.take("api");
    let stage = names.take(&opts.stage.replace('$', ""));
    let mut b = Block::new("resource", &["aws_apigatewayv2_api", &api]);
    let info = doc.get("info");
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let name = opts.overrides.name.clone().or_else(|| text(info.and_then(|i| i.get("title"))));
    b.set("name", Tf::Str(name.unwrap_or_default())).set("protocol_type", Tf::Str("HTTP".into()));
    if let Some(d) = opts.overrides.description.clone().or_else(|| text(info.and_then(|i| i.get("description")))) {
        b.set("description", Tf::Str(d));
    }
    if let Some(v) = opts.overrides.version.clone().or_else(|| text(info.and_then(|i| i.get("version")))) {
        b.set("version", Tf::Str(v));
    }
    b.set("body", file_of(body_file)).set("fail_on_warnings", Tf::Raw(opts.fail_on_warnings.to_string()));
    let cors = opts.overrides.cors.clone().or_else(|| doc.get("x-amazon-apigateway-cors").cloned());
    if let Some(Value::Object(c)) = cors {
        let mut block = Block::new("cors_configuration", &[]);
        for (k, v) in &c {
            block.set(&argument(Kind::Api, k), Tf::from_json(v));
        }
        b.nest(block);
    }
    let mut s = Block::new("resource", &["aws_apigatewayv2_stage", &stage]);
    s.set("api_id", Tf::Expr(format!("aws_apigatewayv2_api.{api}.id")))
        .set("name", Tf::Str(opts.stage.clone()))
        .set("auto_deploy", Tf::Raw("true".into()));
    let mut file = File { comment: header("An HTTP API"), blocks: vec![b, s] };
    file.blocks.extend(permission_blocks(
        permissions,
        &format!("aws_apigatewayv2_api.{api}.execution_arn"),
        &mut names,
    ));
    file.blocks.extend(outputs(&format!("aws_apigatewayv2_api.{api}"), &format!("aws_apigatewayv2_stage.{stage}")));
    file
}

/// `file("${path.module}/NAME")`.
pub(crate) fn file_of(name: &str) -> Tf {
    Tf::Expr(format!("file({})", template(&[Part::Expr("path.module".into()), Part::Lit(format!("/{name}"))])))
}

/// The document of import mode as written beside the configuration: the provider sets CORS
/// from `cors_configuration` (and deletes what the body sets), so the body does not carry it.
pub(crate) fn body(mut doc: Value) -> Value {
    if let Value::Object(m) = &mut doc {
        m.remove("x-amazon-apigateway-cors");
    }
    doc
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_identifiers_and_unique() {
        let mut n = super::Names::default();
        assert_eq!(n.take("GET /pets/{id}"), "get_pets_id");
        assert_eq!(n.take("GET /pets/{id}+"), "get_pets_id_2");
        assert_eq!(n.take("$default"), "default");
        assert_eq!(n.take("2fa"), "_2fa");
        assert_eq!(n.take("///"), "unnamed");
    }
}
