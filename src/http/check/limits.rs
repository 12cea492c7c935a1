//! Quotas and field limits: numbers of routes, integrations, authorizers, tags; lengths of
//! names, versions, descriptions, operation names, URIs; tag rules; endpoint settings.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Field, Val};
use crate::pointer::Pointer;

use crate::aws_rules::{MAX_AUTHORIZERS, MAX_INTEGRATIONS, MAX_ROUTES, MAX_TAGS};

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let api = input.api;
    let paths = Pointer::root().child("paths");
    if api.routes.len() > MAX_ROUTES {
        out.push(
            Diagnostic::new(
                Code::TooManyRoutes,
                format!("{} routes exceed the quota of {MAX_ROUTES} routes per API", api.routes.len()),
            )
            .at_key(&paths, "too many routes")
            .help("request a quota increase for \"Routes per API\" before deploying, or split the API"),
        );
    }
    if api.integrations.len() > MAX_INTEGRATIONS {
        out.push(
            Diagnostic::new(
                Code::TooManyIntegrations,
                format!("{} integrations exceed the hard limit of {MAX_INTEGRATIONS} per API", api.integrations.len()),
            )
            .at_key(&paths, "too many integrations")
            .help("share integrations between routes through `components.x-amazon-apigateway-integrations` and `$ref`"),
        );
    }
    if api.authorizers.len() > MAX_AUTHORIZERS {
        out.push(
            Diagnostic::new(
                Code::TooManyAuthorizers,
                format!("{} authorizers exceed the quota of {MAX_AUTHORIZERS} per API", api.authorizers.len()),
            )
            .at_key(&Pointer::root().child("components").child("securitySchemes"), "too many authorizers")
            .help("request a quota increase, or let authorizers serve several routes"),
        );
    }
    tags(input, out);
    text_field(api.name.as_ref(), 128, "API name (`info.title`)", out);
    text_field(api.version.as_ref(), 64, "API version (`info.version`)", out);
    text_field(api.description.as_ref(), 1024, "API description (`info.description`)", out);
    for r in &api.routes {
        if let Some(Val::Lit(n)) = &r.operation_name {
            long(n, 64, "operation name (`operationId`)", &r.pointer.child("operationId"), out);
        }
    }
    for a in &api.authorizers {
        long(&a.name, 128, "authorizer name (the security scheme's key)", &a.pointer, out);
        if let Some(Val::Lit(i)) = &a.issuer {
            long(
                i,
                2048,
                "JWT issuer",
                &a.pointer.child("x-amazon-apigateway-authorizer").child("jwtConfiguration").child("issuer"),
                out,
            );
        }
    }
    for i in &api.integrations {
        if let Some(Val::Lit(u)) = &i.uri {
            long(u, 2048, "integration URI", &i.pointer.child("uri"), out);
        }
        for (k, v) in &i.request_parameters {
            if let Val::Lit(v) = v {
                long(v, 512, "request parameter value", &i.pointer.child("requestParameters").child(k), out);
            }
        }
    }
    endpoint(input, out);
}

fn text_field(f: Option<&Field<Val<String>>>, max: usize, what: &str, out: &mut Vec<Diagnostic>) {
    if let Some(Field { value: Val::Lit(s), pointer }) = f {
        long(s, max, what, pointer, out);
    }
}

fn long(s: &str, max: usize, what: &str, at: &Pointer, out: &mut Vec<Diagnostic>) {
    let n = s.chars().count();
    if n > max {
        out.push(
            Diagnostic::new(Code::FieldTooLong, format!("the {what} is {n} characters long; the limit is {max}"))
                .at_value(at, "too long")
                .help(format!("shorten it to at most {max} characters")),
        );
    }
}

fn tags(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let tags = &input.api.tags;
    if tags.len() > MAX_TAGS {
        out.push(
            Diagnostic::new(Code::InvalidTags, format!("{} tags exceed the limit of {MAX_TAGS} per resource", tags.len()))
                .at_key(&Pointer::root().child("tags"), "every root tag becomes an AWS tag")
                .help("root-level OpenAPI tags become AWS tags even without `x-amazon-apigateway-tag-value`; remove the ones that are only documentation"),
        );
    }
    for t in tags {
        let bad = crate::aws_rules::tag_problem(&t.key, t.value.lit().map(String::as_str));
        if let Some(why) = bad {
            out.push(
                Diagnostic::new(Code::InvalidTags, format!("tag `{}` cannot be created: {why}", t.key))
                    .at_value(&t.pointer, "this tag")
                    .help("rename or shorten the tag"),
            );
        }
    }
}

fn endpoint(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(Field { value: Val::Lit(ip), pointer }) = &input.api.ip_address_type
        && ip != "ipv4"
        && ip != "dualstack"
    {
        out.push(
            Diagnostic::new(Code::InvalidEndpointConfiguration, format!("`{ip}` is not an IP address type"))
                .at_value(pointer, "not ipv4 or dualstack")
                .help("use `ipv4` or `dualstack`"),
        );
    }
    let at = Pointer::root().child("x-amazon-apigateway-importexport-version");
    if let Some(v) = input.node(&at)
        && v.scalar_text() != Some("1.0")
    {
        out.push(
            Diagnostic::new(
                Code::InvalidEndpointConfiguration,
                "`x-amazon-apigateway-importexport-version` must be `1.0`",
            )
            .at_value(&at, "only 1.0 exists")
            .help("set it to \"1.0\" or remove it"),
        );
    }
}
