//! The template's own pitfalls around an API's body: CORS in both places (GW913), a REST
//! `Mode` that resets or merges what the resource and the body both hold (GW914),
//! `FailOnWarnings` unset while the body has AWS warnings (GW915), and a REST deployment whose
//! logical id does not change with the body (GW911).

use super::body::{Body, Source};
use super::model::{Template, names, own_key};
use super::{Api, Owned};
use crate::Analysis;
use crate::diagnostics::{Code, Diagnostic};
use crate::kind::ApiKind;
use std::collections::HashSet;

/// REST API properties that the body can also hold, with the extension that carries each.
const SETTINGS: [(&str, &str); 5] = [
    ("Policy", "x-amazon-apigateway-policy"),
    ("BinaryMediaTypes", "x-amazon-apigateway-binary-media-types"),
    ("MinimumCompressionSize", "x-amazon-apigateway-minimum-compression-size"),
    ("ApiKeySourceType", "x-amazon-apigateway-api-key-source"),
    ("EndpointConfiguration", "x-amazon-apigateway-endpoint-configuration"),
];

/// Findings about one API resource and one body it deploys.
pub(super) fn body_findings(api: &Api<'_, '_>, a: &Analysis, b: &Body) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(root) = a.tree.as_ref().and_then(|t| t.root()) else { return out };
    let has = |key: &str| root.get(key).is_some();
    let id = api.r.id;
    // Where the body's own entry is written, when that is in the template.
    let inline = matches!(b.source, Source::Inline(_));
    let entry = |key: &str| own_key(root, key).filter(|_| inline).unwrap_or_else(|| b.key.clone());
    if api.kind == ApiKind::Http
        && has("x-amazon-apigateway-cors")
        && let Some(cors) = api.r.prop_key("CorsConfiguration")
    {
        out.push(
            Diagnostic::new(
                Code::CloudformationCorsInBody,
                format!("the `CorsConfiguration` of `{id}` replaces the body's `x-amazon-apigateway-cors`"),
            )
            .at_span(entry("x-amazon-apigateway-cors"), "never used")
            .at_span(cors, "this wins")
            .help("keep CORS in one place: remove `x-amazon-apigateway-cors` from the body, or `CorsConfiguration`"),
        );
    }
    let mode = api.r.prop("Mode").and_then(|m| m.as_str()).map(str::to_ascii_lowercase);
    if let (ApiKind::Rest, Some(mode @ ("overwrite" | "merge")), Some(mode_key)) =
        (api.kind, mode.as_deref(), api.r.prop_key("Mode"))
    {
        for (prop, ext) in SETTINGS {
            let Some(key) = api.r.prop_key(prop) else { continue };
            let d = match (mode, has(ext)) {
                ("overwrite", false) => Diagnostic::new(
                    Code::CloudformationImportModeConflict,
                    format!("`{prop}` of `{id}` is not in its body, and the overwrite import resets it on every update"),
                )
                .at_span(key, "only here")
                .at_span(mode_key.clone(), "`Mode: overwrite`")
                .help(format!("write it in the body as `{ext}`, or remove `Mode` (the default mode keeps both)")),
                ("merge", true) => Diagnostic::new(
                    Code::CloudformationImportModeConflict,
                    format!("`{prop}` of `{id}` and the body's `{ext}` are merged: what is removed from one stays in the API"),
                )
                .at_span(key, "here")
                .at_span(entry(ext), "and in the body")
                .at_span(mode_key.clone(), "`Mode: merge`")
                .help(format!("keep the setting in one place: `{ext}` in the body, or `{prop}`")),
                _ => continue,
            };
            out.push(d);
        }
    }
    let warnings = crate::deployed::aws_warnings(a);
    if warnings > 0 && !api.fail_on_warnings() {
        out.push(
            Diagnostic::new(
                Code::CloudformationFailOnWarningsUnset,
                format!(
                    "`{id}` does not set `FailOnWarnings` while its body has {}: the stack update skips what {} and succeeds",
                    if warnings == 1 { "an AWS warning".to_string() } else { format!("{warnings} AWS warnings") },
                    if warnings == 1 { "it names" } else { "they name" }
                ),
            )
            .at_span(api.r.key.clone(), "no `FailOnWarnings: true`")
            .help("fix the warnings, and set `FailOnWarnings: true`"),
        );
    }
    out
}

/// GW911: REST deployments of an API with a body (`with_body`) whose logical id stays the same
/// when the body changes.
pub(super) fn stale_deployments(t: &Template<'_>, with_body: &HashSet<&str>) -> Vec<Owned> {
    let mut out = Vec::new();
    for d in t.of_type("AWS::ApiGateway::Deployment") {
        let Some(target) = d
            .prop("RestApiId")
            .map(names)
            .and_then(|n| n.into_iter().map(|(id, _)| id).find(|id| with_body.contains(id.as_str())))
        else {
            continue;
        };
        if hashed(d.id) {
            continue;
        }
        let Some(api) = t.get(&target) else { continue };
        let body = api.prop_key("Body").or_else(|| api.prop_key("BodyS3Location")).unwrap_or_else(|| api.key.clone());
        let diag = Diagnostic::new(
            Code::CloudformationStaleDeployment,
            format!("`{}` keeps its logical id when the body of `{target}` changes: the stage keeps serving the old API", d.id),
        )
        .at_span(d.key.clone(), "the same id whatever the body")
        .at_span(body, "the body")
        .help(format!(
            "end the logical id with a hash of the body (`{}` followed by eight or more hexadecimal characters), as CDK and SAM do, so each change makes a new deployment",
            d.id
        ));
        out.push((diag, vec![d.id.to_string(), target.clone()]));
    }
    out
}

/// Whether a logical id ends in a hash or a version: eight or more hexadecimal characters with a
/// digit among them (`ApiDeployment3f1c9a2b`, SAM's `ServerlessRestApiDeployment47fc2d5f9d`).
pub(super) fn hashed(id: &str) -> bool {
    let tail: Vec<u8> = id.bytes().rev().take_while(u8::is_ascii_hexdigit).collect();
    tail.len() >= 8 && tail.iter().any(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashed_ids_end_in_hex() {
        assert!(super::hashed("ServerlessRestApiDeployment47fc2d5f9d"));
        assert!(super::hashed("ApiDeploymentB17BE62D3f1c9a2b"));
        assert!(!super::hashed("ApiDeployment"));
        assert!(!super::hashed("ApiDeploymentDeadBeef"), "no digit: a word");
        assert!(!super::hashed("Deployment1"));
    }
}
