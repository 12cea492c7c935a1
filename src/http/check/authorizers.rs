//! Authorizer definitions: JWT issuer, identity source and audiences; Lambda authorizer URI,
//! payload format, simple responses and caching; authorizer types HTTP APIs lack.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Authorizer, AuthorizerKind, SchemeKind, Val};

const MAX_AUDIENCES: usize = 50;

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    for a in &input.api.authorizers {
        match a.kind {
            AuthorizerKind::Jwt => jwt(a, out),
            AuthorizerKind::Request => lambda(a, out),
        }
    }
    for s in &input.api.security_schemes {
        if let SchemeKind::UnsupportedAuthorizer(t) = &s.kind {
            out.push(
                Diagnostic::new(Code::UnsupportedAuthorizerType, format!("HTTP APIs have no `{t}` authorizers"))
                    .at_value(&s.pointer.child("x-amazon-apigateway-authorizer").child("type"), "REST API authorizer type")
                    .help("use `type: jwt` (Cognito user pools are JWT issuers) or `type: request` for a Lambda authorizer"),
            );
        }
    }
}

fn ext(a: &Authorizer) -> crate::pointer::Pointer {
    a.pointer.child("x-amazon-apigateway-authorizer")
}

fn jwt(a: &Authorizer, out: &mut Vec<Diagnostic>) {
    let at = ext(a);
    let bad = |message: String| Diagnostic::new(Code::InvalidJwtAuthorizer, message);
    match (&a.issuer, &a.open_id_connect_url) {
        (None, None) => out.push(
            bad(format!("JWT authorizer `{}` has no issuer", a.name))
                .at_key(&at, "no `jwtConfiguration.issuer`")
                .help("set `jwtConfiguration.issuer` (for Cognito: `https://cognito-idp.<region>.amazonaws.com/<user pool id>`), or use an `openIdConnect` scheme with `openIdConnectUrl`"),
        ),
        (Some(Val::Lit(i)), _) if !crate::value::has_placeholder(i) && !i.starts_with("https://") => out.push(
            bad(format!("JWT issuer `{i}` is not an `https://` URL"))
                .at_value(&at.child("jwtConfiguration").child("issuer"), "not https")
                .help("API Gateway fetches `<issuer>/.well-known/openid-configuration` over HTTPS when it creates the authorizer"),
        ),
        (None, Some(url)) if !url.ends_with("/.well-known/openid-configuration") => out.push(
            bad(format!("`openIdConnectUrl` of `{}` is not a discovery document URL", a.name))
                .at_value(&a.pointer.child("openIdConnectUrl"), "not …/.well-known/openid-configuration")
                .help("give the full URL of the discovery document, ending in `/.well-known/openid-configuration`"),
        ),
        (None, Some(url)) => out.push(
            Diagnostic::new(
                Code::JwtIssuerDiscovered,
                format!("API Gateway reads the issuer of `{}` from its discovery document at import", a.name),
            )
            .at_value(&a.pointer.child("openIdConnectUrl"), "the issuer is whatever this document says")
            .help(format!(
                "the issuer cannot be known offline (it may or may not end in `/`, as Auth0's do); set `jwtConfiguration.issuer` to the `issuer` of {url} so every deploy mode creates the same authorizer"
            )),
        ),
        _ => {}
    }
    let lits: Vec<&String> = a.identity_source.iter().filter_map(Val::lit).collect();
    if lits.len() == a.identity_source.len() {
        let ok_source = |s: &&String| s.starts_with("$request.header.") || s.starts_with("$request.querystring.");
        if lits.len() != 1 || !lits.iter().all(ok_source) {
            out.push(
                bad(format!("JWT authorizer `{}` needs exactly one identity source, a header or query string", a.name))
                    .at_key(
                        &at.child("identitySource"),
                        if lits.is_empty() { "missing" } else { "not one header or query string" },
                    )
                    .help("use `identitySource: $request.header.Authorization`"),
            );
        }
    }
    if let Some(aud) = &a.audience
        && aud.len() > MAX_AUDIENCES
    {
        out.push(
            bad(format!("JWT authorizer `{}` has {} audiences; the limit is {MAX_AUDIENCES}", a.name, aud.len()))
                .at_key(&at.child("jwtConfiguration").child("audience"), "too many")
                .help("split the clients over several authorizers"),
        );
    }
}

fn lambda(a: &Authorizer, out: &mut Vec<Diagnostic>) {
    let at = ext(a);
    let bad = |message: String| Diagnostic::new(Code::InvalidLambdaAuthorizer, message);
    if a.authorizer_uri.is_none() {
        out.push(
            bad(format!("Lambda authorizer `{}` has no `authorizerUri`", a.name))
                .at_key(&at, "no function to call")
                .help("set `authorizerUri: arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations`"),
        );
    }
    let version = a.payload_format_version.as_ref().and_then(Val::lit).map(String::as_str);
    match (&a.payload_format_version, version) {
        (None, _) => out.push(
            bad(format!("Lambda authorizer `{}` has no `authorizerPayloadFormatVersion`", a.name))
                .at_key(&at, "required for HTTP APIs")
                .help("add `authorizerPayloadFormatVersion: \"2.0\"` (or \"1.0\"), matching what the function reads"),
        ),
        (_, Some(v)) if v != "1.0" && v != "2.0" => out.push(
            bad(format!("authorizer payload format `{v}` does not exist"))
                .at_value(&at.child("authorizerPayloadFormatVersion"), "not 1.0 or 2.0")
                .help("use \"1.0\" or \"2.0\""),
        ),
        _ => {}
    }
    if a.enable_simple_responses == Some(Val::Lit(true)) && version == Some("1.0") {
        out.push(
            bad(format!("simple responses need payload format 2.0 (`{}` uses 1.0)", a.name))
                .at_key(&at.child("enableSimpleResponses"), "only with 2.0")
                .help("set `authorizerPayloadFormatVersion: \"2.0\"`, or return IAM policies and remove `enableSimpleResponses`"),
        );
    }
    if let Some(Val::Lit(ttl)) = &a.result_ttl {
        let ttl_at = at.child("authorizerResultTtlInSeconds");
        if !(0..=3600).contains(&ttl.0) {
            out.push(
                bad(format!("authorizer cache TTL {} s is outside 0 to 3600", ttl.0))
                    .at_value(&ttl_at, "out of range")
                    .help("use 0 (no caching) to 3600 seconds"),
            );
        } else if ttl.0 > 0 && a.identity_source.is_empty() {
            out.push(
                bad(format!(
                    "Lambda authorizer `{}` caches results but has no identity source to key the cache",
                    a.name
                ))
                .at_value(&ttl_at, "caching without a cache key")
                .help("add `identitySource` (such as `$request.header.Authorization`), or set the TTL to 0"),
            );
        }
    }
}
