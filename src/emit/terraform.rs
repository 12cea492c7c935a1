//! What every Terraform backend shares (HTTP and WebSocket through `v2/terraform.rs`, REST in
//! `rest/emit/`): resource names from any text, made unique, the header comment, Lambda
//! permissions as `aws_lambda_permission`, a body file read with `file()`, and the outputs.

use super::hcl::{Block, Part, Tf, template};
use super::lambda;
use serde_json::Value;
use std::collections::HashSet;

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

/// The header comment of every configuration: `what` (`An HTTP API`), written from `document`
/// (`the OpenAPI document`).
pub(crate) fn header(what: &str) -> Vec<String> {
    header_from(what, "the OpenAPI document")
}

/// [`header`] of a configuration written from another kind of document.
pub(crate) fn header_from(what: &str, document: &str) -> Vec<String> {
    vec![format!("{what}, written by gatewright from {document}."), "Regenerate it rather than editing it.".into()]
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

/// The API's id and the stage's invoke URL, from the API and stage resources' addresses.
pub(crate) fn outputs(api: &str, stage: &str) -> Vec<Block> {
    let mut id = Block::new("output", &["api_id"]);
    id.set("value", Tf::Expr(format!("{api}.id")));
    let mut url = Block::new("output", &["invoke_url"]);
    url.set("value", Tf::Expr(format!("{stage}.invoke_url")));
    vec![id, url]
}

/// `file("${path.module}/NAME")`.
pub(crate) fn file_of(name: &str) -> Tf {
    Tf::Expr(format!("file({})", template(&[Part::Expr("path.module".into()), Part::Lit(format!("/{name}"))])))
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
