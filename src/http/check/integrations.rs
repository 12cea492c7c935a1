//! Integration basics: type, URI, payload format version, timeout, Lambda's method, private
//! integrations (VPC link) and their TLS configuration.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Integration, IntegrationKind, Val};

const TYPE_HELP: &str = "HTTP APIs take `aws_proxy` (Lambda or an AWS service) and `http_proxy` (a URL or a VPC link)";

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    for i in &input.api.integrations {
        integration_type(i, out);
        uri(i, out);
        payload_format(i, out);
        timeout(i, out);
        lambda_method(i, out);
        private(i, out);
    }
}

fn integration_type(i: &Integration, out: &mut Vec<Diagnostic>) {
    let IntegrationKind::Other(t) = &i.kind else { return };
    let at = i.pointer.child("type");
    if i.integration_type.lit().is_none() {
        return;
    }
    let d = if matches!(t.as_str(), "AWS" | "HTTP" | "MOCK") {
        Diagnostic::new(
            Code::UnsupportedIntegrationType,
            format!("HTTP APIs do not support `{}` integrations", t.to_ascii_lowercase()),
        )
        .at_value(&at, "AWS skips this integration")
    } else {
        Diagnostic::new(Code::UnknownIntegrationType, format!("`{t}` is not an integration type"))
            .at_value(&at, "unknown type")
    };
    out.push(d.help(TYPE_HELP));
}

fn is_lambda_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    parts.len() >= 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function"
}

fn is_invocation_uri(s: &str) -> bool {
    s.starts_with("arn:") && s.contains(":apigateway:") && s.contains(":lambda:path/") && s.ends_with("/invocations")
}

fn uri(i: &Integration, out: &mut Vec<Diagnostic>) {
    let at = i.pointer.child("uri");
    let needs_uri =
        matches!(i.kind, IntegrationKind::LambdaProxy | IntegrationKind::HttpProxy | IntegrationKind::Private);
    let Some(v) = &i.uri else {
        if needs_uri {
            out.push(
                Diagnostic::new(Code::InvalidIntegrationUri, "this integration has no `uri`")
                    .at_key(&i.pointer, "no `uri` here")
                    .help(
                        "give the Lambda function ARN, the URL, or the load balancer listener / Cloud Map service ARN",
                    ),
            );
        }
        return;
    };
    if v.is_templated() {
        return;
    }
    let Some(u) = v.lit() else { return };
    let problem = match i.kind {
        IntegrationKind::LambdaProxy if !is_lambda_arn(u) && !is_invocation_uri(u) => Some((
            "a Lambda proxy integration needs a Lambda function ARN",
            "use `arn:aws:lambda:<region>:<account>:function:<name>` or the `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations` form",
        )),
        IntegrationKind::HttpProxy if !(u.starts_with("http://") || u.starts_with("https://")) => Some((
            "an HTTP proxy integration needs an absolute `http://` or `https://` URL",
            "write the full URL of the backend, or set `connectionType: VPC_LINK` for a private integration",
        )),
        IntegrationKind::Private if !u.starts_with("arn:") => Some((
            "a private integration needs the ARN of a load balancer listener or a Cloud Map service",
            "use the ALB/NLB listener ARN or the Cloud Map service ARN as `uri`",
        )),
        _ => None,
    };
    if let Some((message, help)) = problem {
        out.push(Diagnostic::new(Code::InvalidIntegrationUri, message).at_value(&at, "this URI").help(help));
    }
}

fn payload_format(i: &Integration, out: &mut Vec<Diagnostic>) {
    let at = i.pointer.child("payloadFormatVersion");
    let Some(v) = &i.payload_format_version else {
        if !matches!(i.kind, IntegrationKind::Other(_)) {
            // The fix writes what AWS picks when the field is missing, so nothing deployed changes.
            let (what, help, value) = match i.kind {
                IntegrationKind::LambdaProxy => (
                    "this Lambda integration does not say which payload format it uses",
                    "add `payloadFormatVersion: \"2.0\"` (or \"1.0\" for REST-style events); the event your function receives depends on it",
                    "\"2.0\"",
                ),
                _ => (
                    "this integration does not say which payload format it uses",
                    "add `payloadFormatVersion: \"1.0\"`, the only one this integration takes",
                    "\"1.0\"",
                ),
            };
            out.push(
                Diagnostic::new(Code::MissingPayloadFormatVersion, what)
                    .at_key(&i.pointer, "no `payloadFormatVersion`")
                    .help(help)
                    .add_entry(&i.pointer, "payloadFormatVersion", value),
            );
        }
        return;
    };
    let Val::Lit(p) = v else { return };
    if crate::value::has_placeholder(p) {
        return;
    }
    if p != "1.0" && p != "2.0" {
        out.push(
            Diagnostic::new(Code::InvalidPayloadFormatVersion, format!("payload format version `{p}` does not exist"))
                .at_value(&at, "not 1.0 or 2.0")
                .help("use \"1.0\" or \"2.0\" (2.0 only for Lambda)"),
        );
    } else if p == "2.0" && !matches!(i.kind, IntegrationKind::LambdaProxy | IntegrationKind::Other(_)) {
        let what = if matches!(i.kind, IntegrationKind::Service(_)) {
            "AWS service integrations"
        } else {
            "HTTP integrations"
        };
        out.push(
            Diagnostic::new(Code::InvalidPayloadFormatVersion, format!("{what} take payload format 1.0 only"))
                .at_value(&at, "2.0 is for Lambda")
                .help("use `payloadFormatVersion: \"1.0\"`"),
        );
    }
}

fn timeout(i: &Integration, out: &mut Vec<Diagnostic>) {
    let Some(Val::Lit(t)) = &i.timeout_in_millis else { return };
    if !(50..=30_000).contains(&t.0) {
        out.push(
            Diagnostic::new(
                Code::IntegrationTimeoutOutOfRange,
                format!("integration timeout {} ms is outside 50 to 30000 ms", t.0),
            )
            .at_value(&i.pointer.child("timeoutInMillis"), "out of range")
            .help("HTTP APIs allow 50 to 30000 ms (the 29 s limit is REST's)")
            .replace_value(
                &i.pointer.child("timeoutInMillis"),
                &crate::value::clamp(t.0, 50, 30_000),
                "clamp to the nearest allowed timeout",
            ),
        );
    }
}

fn lambda_method(i: &Integration, out: &mut Vec<Diagnostic>) {
    if i.kind != IntegrationKind::LambdaProxy {
        return;
    }
    if let Some(Val::Lit(m)) = &i.http_method
        && !m.eq_ignore_ascii_case("POST")
    {
        out.push(
            Diagnostic::new(Code::LambdaIntegrationMethod, format!("Lambda is invoked with POST, not `{m}`"))
                .at_value(&i.pointer.child("httpMethod"), "must be POST")
                .help("set `httpMethod: POST` (the route's own method is unaffected)"),
        );
    }
}

fn private(i: &Integration, out: &mut Vec<Diagnostic>) {
    let vpc = matches!(i.connection_type.as_ref().and_then(Val::lit).map(String::as_str), Some("VPC_LINK"));
    let at = &i.pointer;
    if let Some(Val::Lit(c)) = &i.connection_type
        && c != "VPC_LINK"
        && c != "INTERNET"
    {
        out.push(
            Diagnostic::new(Code::InvalidPrivateIntegration, format!("`{c}` is not a connection type"))
                .at_value(&at.child("connectionType"), "not INTERNET or VPC_LINK")
                .help("use `INTERNET` (the default) or `VPC_LINK`"),
        );
    }
    if vpc && i.connection_id.is_none() {
        out.push(
            Diagnostic::new(Code::InvalidPrivateIntegration, "a VPC link integration needs `connectionId`")
                .at_key(&at.child("connectionType"), "VPC_LINK without a connection")
                .help("set `connectionId` to the VPC link's id"),
        );
    }
    if vpc && !matches!(i.kind, IntegrationKind::Private | IntegrationKind::Other(_)) {
        out.push(
            Diagnostic::new(Code::InvalidPrivateIntegration, "only `http_proxy` integrations can use a VPC link")
                .at_key(&at.child("connectionType"), "VPC_LINK here")
                .help("set `type: http_proxy`, or remove `connectionType`"),
        );
    }
    if !vpc && i.connection_id.is_some() {
        out.push(
            Diagnostic::new(
                Code::InvalidPrivateIntegration,
                "`connectionId` is only used with `connectionType: VPC_LINK`",
            )
            .at_key(&at.child("connectionId"), "ignored without a VPC link")
            .help("add `connectionType: VPC_LINK`, or remove `connectionId`"),
        );
    }
    if i.tls_server_name.is_some() && i.kind != IntegrationKind::Private {
        out.push(
            Diagnostic::new(Code::TlsConfigOnPublicIntegration, "`tlsConfig` only applies to private integrations")
                .at_key(&at.child("tlsConfig"), "ignored here")
                .help("remove `tlsConfig`; public HTTPS backends are verified anyway"),
        );
    }
}
