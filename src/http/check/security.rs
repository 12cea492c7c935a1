//! Route authorization: one requirement per operation, schemes that exist and that HTTP APIs
//! understand, scopes only with JWT, root-level security.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::{Route, RouteAuth, SchemeInfo, SchemeKind};
use crate::pointer::Pointer;

const MAX_SCOPES: usize = 10;

pub(super) fn run(input: &Input<'_>, out: &mut Vec<Diagnostic>) {
    let mut root_reported = false;
    for r in &input.api.routes {
        if r.security_from_root && !root_reported {
            root_reported = true;
            out.push(
                Diagnostic::new(Code::RootLevelSecurity, "security is required at the document root")
                    .at_key(&Pointer::root().child("security"), "root-level security")
                    .help("write `security` on each operation: gatewright applies the root requirement to operations without their own, but API Gateway is documented to ignore root-level security for REST imports and does not document it for HTTP APIs"),
            );
        }
        // `x-amazon-apigateway-auth` decides the route's authorization; `security` is not read.
        if r.auth_from_extension {
            continue;
        }
        let Some(first) = r.security.first() else { continue };
        let schemes_in_first = first.schemes.len();
        if r.security.len() > 1 || schemes_in_first > 1 {
            let at = if r.security_from_root { Pointer::root().child("security") } else { r.pointer.child("security") };
            out.push(
                Diagnostic::new(
                    Code::MultipleSecurityRequirements,
                    format!("route `{}` asks for more than one kind of authorization", r.key),
                )
                .at_key(
                    &at,
                    if r.security.len() > 1 { "several requirements" } else { "several schemes in one requirement" },
                )
                .help("give each operation exactly one of IAM, a Lambda authorizer or a JWT authorizer"),
            );
        }
        for req in &r.security {
            for (name, scopes) in &req.schemes {
                requirement(input, r, &req.pointer.child(name), name, scopes, out);
            }
        }
    }
}

/// The scheme name SAM writes for a route without authorization.
const NO_AUTH: &str = "NONE";

fn requirement(input: &Input<'_>, r: &Route, at: &Pointer, name: &str, scopes: &[String], out: &mut Vec<Diagnostic>) {
    let Some(scheme) = input.api.security_schemes.iter().find(|s| s.name == name) else {
        // `NONE` is SAM's way of writing "no authorization" (`Auth: {Authorizer: NONE}`): the
        // route is open, which is what the author asked for, and AWS imports it.
        if name == NO_AUTH {
            return;
        }
        let known: Vec<String> = input.api.security_schemes.iter().map(|s| format!("`{}`", s.name)).collect();
        out.push(
            Diagnostic::new(
                Code::UndefinedSecurityScheme,
                format!("route `{}` requires security scheme `{name}`, which is not defined", r.key),
            )
            .at_key(at, "no such scheme in `components.securitySchemes`")
            .help(if known.is_empty() {
                "define it under `components.securitySchemes`; until then the route is open".to_string()
            } else {
                format!("define it, or use one of {}; until then the route is open", known.join(", "))
            }),
        );
        return;
    };
    unsupported(r, at, scheme, out);
    if !scopes.is_empty()
        && !matches!(r.auth, RouteAuth::Jwt { .. })
        && matches!(scheme.kind, SchemeKind::Authorizer(_) | SchemeKind::Iam)
    {
        out.push(
            Diagnostic::new(Code::ScopesWithoutJwt, format!("scopes on route `{}` are ignored: its authorization is {}", r.key, r.auth.authorization_type()))
                .at_value(at, "scopes here")
                .help("authorization scopes are checked only by JWT authorizers; remove them, or check them in the Lambda authorizer"),
        );
    }
    if scopes.len() > MAX_SCOPES {
        out.push(
            Diagnostic::new(
                Code::TooManyScopes,
                format!("route `{}` has {} scopes; a route takes at most {MAX_SCOPES}", r.key, scopes.len()),
            )
            .at_value(at, "too many scopes")
            .help("a token needs only one of the route's scopes; group them into fewer, broader scopes"),
        );
    }
    for (i, s) in scopes.iter().enumerate() {
        if s.is_empty() || s.chars().count() > 64 {
            out.push(
                Diagnostic::new(Code::TooManyScopes, format!("scope `{s}` is not 1 to 64 characters long"))
                    .at_value(&at.index(i), "scope length")
                    .help("shorten the scope to at most 64 characters"),
            );
        }
    }
}

fn unsupported(r: &Route, at: &Pointer, scheme: &SchemeInfo, out: &mut Vec<Diagnostic>) {
    let why = match &scheme.kind {
        SchemeKind::Unsupported(t) if t == "apiKey" => "HTTP APIs have no API keys".to_string(),
        SchemeKind::Unsupported(t) if t.is_empty() => "the scheme has no API Gateway extension".to_string(),
        SchemeKind::Unsupported(t) => {
            format!("a `{t}` scheme without an API Gateway extension means nothing to HTTP APIs")
        }
        _ => return,
    };
    out.push(
        Diagnostic::new(Code::UnsupportedSecurityScheme, format!("route `{}` will be open to everyone: {why}", r.key))
            .at_key(at, "ignored by API Gateway")
            .at_key(&scheme.pointer, "defined here")
            .help("add `x-amazon-apigateway-authorizer` (a Lambda authorizer can check an API key header) or `x-amazon-apigateway-authtype: awsSigv4` to the scheme, or build a REST API for API keys"),
    );
}
