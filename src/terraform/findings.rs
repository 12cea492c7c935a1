//! Terraform's own pitfalls around API bodies (GW901–GW905): what the provider does with a
//! body beyond importing it, and resources that fight with it.

use super::model::{Block, Resources, address};
use super::{Context, first_span};
use crate::Analysis;
use crate::diagnostics::{Code, Diagnostic};
use crate::kind::ApiKind;
use crate::source::SourceFile;

/// REST API arguments an overwrite import resets, with the extension that carries each in the
/// body.
const OVERWRITTEN: [(&str, &str); 5] = [
    ("policy", "x-amazon-apigateway-policy"),
    ("binary_media_types", "x-amazon-apigateway-binary-media-types"),
    ("minimum_compression_size", "x-amazon-apigateway-minimum-compression-size"),
    ("api_key_source", "x-amazon-apigateway-api-key-source"),
    ("endpoint_configuration", "x-amazon-apigateway-endpoint-configuration"),
];

/// Findings about one API resource and the body it deploys.
pub(super) fn body_findings(ctx: &Context<'_>, a: &Analysis) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = a.tree.as_ref().and_then(|t| t.root());
    let has = |key: &str| root.is_some_and(|r| r.get(key).is_some());
    let name = address(ctx.api);
    if ctx.kind == ApiKind::Http && has("x-amazon-apigateway-cors") {
        let d = match ctx.api.block("cors_configuration") {
            Some(block) => Diagnostic::new(
                Code::TerraformCorsInBody,
                format!("the `cors_configuration` of `{name}` replaces the body's `x-amazon-apigateway-cors`"),
            )
            .at_span(ctx.body_key.clone(), "its `x-amazon-apigateway-cors` is replaced")
            .at_span(block.head.clone(), "by this"),
            None => Diagnostic::new(
                Code::TerraformCorsInBody,
                format!("the AWS provider deletes the CORS configuration the body of `{name}` sets"),
            )
            .at_span(ctx.body_key.clone(), "its `x-amazon-apigateway-cors` is deleted after the import"),
        };
        out.push(d.help("move the settings into a `cors_configuration` block and remove the extension from the body"));
    }
    if ctx.kind == ApiKind::Rest && a.tree.is_some() {
        let mode = ctx.api.attribute("put_rest_api_mode").and_then(|m| m.as_str()).unwrap_or("overwrite");
        if mode.eq_ignore_ascii_case("overwrite") {
            for (arg, ext) in OVERWRITTEN {
                let key = match arg {
                    "endpoint_configuration" => {
                        ctx.api.block(arg).filter(|b| b.attribute("vpc_endpoint_ids").is_some()).map(|b| b.head.clone())
                    }
                    _ => ctx.api.attributes.iter().find(|(n, _, _)| n == arg).map(|(_, span, _)| span.clone()),
                };
                let Some(key) = key else { continue };
                if has(ext) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Code::TerraformOverwriteDropsSettings,
                        format!("`{arg}` of `{name}` is not in its body, and the overwrite import resets it on apply"),
                    )
                    .at_span(key, "only here")
                    .at_span(ctx.body_key.clone(), format!("no `{ext}`"))
                    .help(format!("write it in the body as `{ext}` too, or set `put_rest_api_mode = \"merge\"`")),
                );
            }
        }
    }
    let warnings = crate::deployed::aws_warnings(a);
    if warnings > 0 && ctx.fail_on_warnings() != Some(true) {
        out.push(
            Diagnostic::new(
                Code::TerraformFailOnWarningsUnset,
                format!(
                    "`{name}` does not set `fail_on_warnings` while its body has {} AWS reports: the apply skips what {} and succeeds",
                    if warnings == 1 { "a warning".to_string() } else { format!("{warnings} warnings") },
                    if warnings == 1 { "it names" } else { "they name" }
                ),
            )
            .at_span(ctx.api.head.clone(), "no `fail_on_warnings = true`")
            .help("fix the warnings, and set `fail_on_warnings = true`"),
        );
    }
    out
}

/// Whether the argument `arg` of `b` refers to the resource `target` (`aws_x.name`).
fn refers(src: &str, b: &Block, arg: &str, target: &str) -> bool {
    b.attribute(arg).and_then(|n| src.get(n.span.clone())).is_some_and(|t| mentions(t, target))
}

/// Whether `text` names `target` as a whole reference (not `target_other`).
fn mentions(text: &str, target: &str) -> bool {
    text.match_indices(target).any(|(i, _)| {
        let after = text[i + target.len()..].chars().next();
        !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
}

/// Findings about how resources of the configuration relate.
pub(super) fn configuration_findings(source: &SourceFile, resources: &Resources) -> Vec<Diagnostic> {
    let src = source.text();
    let mut out = Vec::new();
    for (api_type, id_arg, others) in [
        (
            "aws_apigatewayv2_api",
            "api_id",
            &["aws_apigatewayv2_route", "aws_apigatewayv2_integration", "aws_apigatewayv2_authorizer"][..],
        ),
        (
            "aws_api_gateway_rest_api",
            "rest_api_id",
            &["aws_api_gateway_resource", "aws_api_gateway_method", "aws_api_gateway_integration"][..],
        ),
    ] {
        for api in resources.of_type(api_type).filter(|a| a.attribute("body").is_some()) {
            let target = address(api);
            let body = api.attributes.iter().find(|(n, _, _)| n == "body").map_or(0..0, |(_, k, _)| k.clone());
            for other in others.iter().flat_map(|t| resources.of_type(t)).filter(|r| refers(src, r, id_arg, &target)) {
                out.push(
                    Diagnostic::new(
                        Code::TerraformBodyWithRouteResources,
                        format!(
                            "`{}` changes `{target}`, which its body defines: each re-import of the body replaces it",
                            address(other)
                        ),
                    )
                    .at_span(other.head.clone(), "managed apart")
                    .at_span(body.clone(), "the body")
                    .help("describe it in the body, or drop the body and manage every route as a resource"),
                );
            }
            if api_type != "aws_api_gateway_rest_api" {
                continue;
            }
            for deployment in
                resources.of_type("aws_api_gateway_deployment").filter(|d| refers(src, d, id_arg, &target))
            {
                let follows = ["triggers", "stage_description", "variables", "description"].iter().any(|arg| {
                    deployment.attribute(arg).and_then(|n| src.get(n.span.clone())).is_some_and(|t| {
                        mentions(t, &target)
                            || ["file(", "filesha1(", "filesha256(", "filemd5(", "templatefile(", "timestamp("]
                                .iter()
                                .any(|f| t.contains(f))
                    })
                });
                if !follows {
                    out.push(
                        Diagnostic::new(
                            Code::TerraformStaleDeployment,
                            format!("`{}` does not change with the body of `{target}`: the stage keeps serving the old API", address(deployment)),
                        )
                        .at_span(deployment.head.clone(), "no trigger follows the body")
                        .at_span(body.clone(), "the body")
                        .help(format!(
                            "add `triggers = {{ redeployment = sha1({target}.body) }}` and `lifecycle {{ create_before_destroy = true }}`"
                        )),
                    );
                }
            }
        }
    }
    out.sort_by_key(|d| first_span(d).start);
    out
}
