//! The Terraform backend of API Gateway v2 in granular mode (`--emit terraform`), HCL or
//! `.tf.json`: the `aws_apigatewayv2_api` and one `aws_apigatewayv2_authorizer`, `_integration`,
//! `_route`… per element, wired by references, and the auto-deploying stage. Lambda permissions
//! as `aws_lambda_permission`. Resource names come from the document (route keys, integration
//! ids, authorizer names).

use super::Built;
use super::resources::{Kind, REF, TARGET};
use crate::emit::hcl::{Block, File, Part, Tf};
use crate::emit::lambda;
use crate::emit::terraform::{Names, header_from, outputs, permission_blocks};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The Terraform type of each kind.
fn resource_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Api => "aws_apigatewayv2_api",
        Kind::Authorizer => "aws_apigatewayv2_authorizer",
        Kind::Integration => "aws_apigatewayv2_integration",
        Kind::Route => "aws_apigatewayv2_route",
        Kind::Stage => "aws_apigatewayv2_stage",
        Kind::Model => "aws_apigatewayv2_model",
        Kind::IntegrationResponse => "aws_apigatewayv2_integration_response",
        Kind::RouteResponse => "aws_apigatewayv2_route_response",
    }
}

/// A create request's field as the provider's argument.
pub(crate) fn argument(kind: Kind, field: &str) -> String {
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
/// A resource block from a create request's body; `parent` is a sub-resource's parent (kind and
/// Terraform name), `after` the addresses it must follow that nothing in it refers to.
fn resource(
    kind: Kind,
    name: &str,
    body: &Map<String, Value>,
    refs: &Refs,
    api: &str,
    parent: Option<(Kind, &str)>,
    after: Vec<String>,
) -> Block {
    let mut b = Block::new("resource", &[resource_type(kind), name]);
    if kind != Kind::Api {
        b.set("api_id", Tf::Expr(format!("aws_apigatewayv2_api.{api}.id")));
    }
    if let Some((kind, tf)) = parent {
        b.set(&argument(kind, kind.collection().1), Tf::Expr(format!("{}.{tf}.id", resource_type(kind))));
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
    if !after.is_empty() {
        b.set("depends_on", Tf::List(after.into_iter().map(Tf::Expr).collect()));
    }
    nested.into_iter().for_each(|n| {
        b.nest(n);
    });
    b
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
    let (what, document) = built.what();
    let article = if what.starts_with("HTTP") { "An" } else { "A" };
    let mut file =
        File { comment: header_from(&format!("{article} {what}"), &format!("the {document}")), blocks: Vec::new() };
    let tf_name = |i: usize| {
        let key = (built.set.kind(i).word().to_string(), built.set.name(i).to_string());
        refs.names.get(&key).cloned().unwrap_or_default()
    };
    for &i in built.order {
        let r = built.get(i);
        let name = tf_name(i);
        let parent = built.set.parent(i).map(|p| (built.set.kind(p), tf_name(p)));
        let after = built
            .set
            .ordering(i, built.index)
            .into_iter()
            .map(|j| format!("{}.{}", resource_type(built.set.kind(j)), tf_name(j)))
            .collect();
        let parent = parent.as_ref().map(|(k, n)| (*k, n.as_str()));
        file.blocks.push(resource(r.kind, &name, &r.body, &refs, &api_name, parent, after));
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
