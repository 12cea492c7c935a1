//! REST authorization: GW810 authorizers missing what their type needs (or with a malformed
//! identity source, TTL or user pool ARN), GW507 the authorizer
//! quota, GW812 API key schemes the importer does not read (or a key source no authorizer
//! serves), GW813 methods protected by an API key alone, GW402 methods secured only by a `jwt`
//! authorizer, which REST import does not create (so they are open, as GW402 says of the
//! schemes HTTP APIs ignore).

use crate::diagnostics::{Code, Diagnostic};
use crate::rest::ir::RestApi;
use crate::tree::{NodeRef, Tree};
use serde_json::Value;

/// Authorizers per REST API (default quota).
use crate::aws_rules::MAX_AUTHORIZERS;

pub(super) fn run(api: &RestApi, tree: &Tree, out: &mut Vec<Diagnostic>) {
    authorizers(api, out);
    if let Some(root) = tree.root() {
        api_keys(api, root, out);
        ignored_authorizers(api, tree, root, out);
    }
}

/// GW402: a method whose `security` names only `jwt` authorizers (an HTTP API authorizer REST
/// import passes over, GW811) is created with no authorization: open to everyone.
fn ignored_authorizers(api: &RestApi, tree: &Tree, root: NodeRef<'_>, out: &mut Vec<Diagnostic>) {
    let (schemes, _) = crate::rest::lower::schemes(root, api.swagger);
    let is_jwt = |name: &str| {
        schemes.and_then(|s| s.get(name)).and_then(|s| s.get("x-amazon-apigateway-authorizer")).is_some_and(|a| {
            a.get("type").and_then(|t| t.as_str()).is_some_and(|t| t.trim().eq_ignore_ascii_case("jwt"))
        })
    };
    for (r, m) in api.methods() {
        if m.authorization_type != "NONE" {
            continue;
        }
        let Some(op) = tree.locate(&m.pointer).filter(|l| l.exact).map(|l| NodeRef::new(tree, l.node)) else {
            continue;
        };
        // `x-amazon-apigateway-auth: {type: NONE}` says the method is open on purpose.
        if op.get("x-amazon-apigateway-auth").is_some() {
            continue;
        }
        let (security, at) = match op.get("security") {
            Some(s) => (s, m.pointer.child("security")),
            None => match root.get("security") {
                Some(s) => (s, crate::pointer::Pointer::root().child("security")),
                None => continue,
            },
        };
        let mut jwt: Vec<&str> =
            security.items().flat_map(|req| req.entries()).map(|(name, _)| name).filter(|n| is_jwt(n)).collect();
        jwt.dedup();
        let Some(first) = jwt.first() else { continue };
        out.push(
            Diagnostic::new(
                Code::UnsupportedSecurityScheme,
                format!(
                    "{} {} will {}: REST APIs do not create the `jwt` authorizer `{first}`",
                    m.http_method,
                    r.path,
                    if m.api_key_required { "be protected by its API key alone" } else { "be open to everyone" }
                ),
            )
            .at_key(&at, "requires a `jwt` authorizer here")
            .help("use a `cognito_user_pools` authorizer, or a Lambda (`token` or `request`) authorizer that validates the token; or deploy an HTTP API (`--api http`), which has JWT authorizers"),
        );
    }
}

fn authorizers(api: &RestApi, out: &mut Vec<Diagnostic>) {
    for a in &api.authorizers {
        let ext = a.pointer.child("x-amazon-apigateway-authorizer");
        let missing = |field: &str, why: &str| {
            Diagnostic::new(
                Code::InvalidRestAuthorizer,
                format!("the {} authorizer `{}` has no `{field}`", a.authorizer_type.to_ascii_lowercase(), a.name),
            )
            .at_key(&ext, format!("no `{field}` here"))
            .help(why.to_string())
        };
        match a.authorizer_type.as_str() {
            "TOKEN" | "REQUEST" => {
                if a.authorizer_uri.is_none() {
                    out.push(missing("authorizerUri", "add the Lambda function's invocation URI as `authorizerUri`"));
                }
            }
            "COGNITO_USER_POOLS" => {
                if a.provider_arns.as_ref().is_none_or(|p| p.as_array().is_some_and(Vec::is_empty)) {
                    out.push(missing("providerARNs", "list the user pools' ARNs under `providerARNs`"));
                }
                let arns = a.provider_arns.as_ref().and_then(Value::as_array).into_iter().flatten();
                for (i, arn) in arns.enumerate() {
                    if let Some(t) = arn.as_str()
                        && !is_user_pool_arn(t)
                    {
                        out.push(
                            Diagnostic::new(Code::InvalidRestAuthorizer, format!("`{t}` is not a Cognito user pool ARN"))
                                .at_value(&ext.child("providerARNs").index(i), "not arn:aws:cognito-idp:REGION:ACCOUNT:userpool/ID")
                                .help("use the user pool's ARN, such as `arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123`"),
                        );
                    }
                }
            }
            other => out.push(
                Diagnostic::new(
                    Code::InvalidRestAuthorizer,
                    format!("`{}` is not a REST authorizer type", other.to_ascii_lowercase()),
                )
                .at_value(&ext.child("type"), "unknown type")
                .help("REST APIs take `token`, `request` and `cognito_user_pools` authorizers"),
            ),
        }
        if let Some(Value::Number(n)) = &a.ttl
            && !n.as_i64().is_some_and(|t| (0..=3600).contains(&t))
        {
            out.push(
                Diagnostic::new(
                    Code::InvalidRestAuthorizer,
                    format!("`authorizerResultTtlInSeconds: {n}` is outside 0 to 3600"),
                )
                .at_value(&ext.child("authorizerResultTtlInSeconds"), "out of range")
                .help("cache results for 0 (off) to 3600 seconds"),
            );
        }
        if let Some(Value::String(s)) = &a.identity_source {
            for part in s.split(',').map(str::trim) {
                let ok = ["method.request.header.", "method.request.querystring.", "stageVariables.", "context."]
                    .iter()
                    .any(|p| part.strip_prefix(p).is_some_and(|n| !n.is_empty()));
                if !ok {
                    out.push(
                        Diagnostic::new(Code::InvalidRestAuthorizer, format!("`{part}` is not an identity source"))
                            .at_value(&ext.child("identitySource"), "not an identity source")
                            .help("use `method.request.header.NAME`, `method.request.querystring.NAME`, `stageVariables.NAME` or `context.NAME`, separated by commas"),
                    );
                }
            }
        }
    }
    if api.authorizers.len() > MAX_AUTHORIZERS {
        // Every authorizer is a scheme: the schemes' parent is their pointer's parent.
        let at = api.authorizers[0].pointer.parent();
        out.push(
            Diagnostic::new(
                Code::TooManyAuthorizers,
                format!("{} authorizers exceed the quota of {MAX_AUTHORIZERS} per REST API", api.authorizers.len()),
            )
            .at_key(&at, "each scheme with an authorizer is one")
            .help("share authorizers between methods, or ask AWS for a higher quota"),
        );
    }
}

/// `arn:PARTITION:cognito-idp:REGION:ACCOUNT:userpool/ID` (placeholders such as `${…}` pass).
fn is_user_pool_arn(s: &str) -> bool {
    if s.contains("${") {
        return true;
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", p, "cognito-idp", region, account, pool]
        if p.starts_with("aws") && !region.is_empty() && !account.is_empty()
            && pool.strip_prefix("userpool/").is_some_and(|id| !id.is_empty()))
}

fn api_keys(api: &RestApi, root: NodeRef<'_>, out: &mut Vec<Diagnostic>) {
    let where_ = if api.swagger { "securityDefinitions" } else { "components.securitySchemes" };
    let (schemes, at) = crate::rest::lower::schemes(root, api.swagger);
    for (name, s) in schemes.filter(|s| s.is_map()).map(|s| s.entries()).unwrap_or_default() {
        let api_key = s.get("type").and_then(|t| t.as_str()) == Some("apiKey");
        let plain =
            s.get("x-amazon-apigateway-authorizer").is_none() && s.get("x-amazon-apigateway-authtype").is_none();
        if api_key && plain && !crate::rest::lower::is_api_key_scheme(s) {
            let (place, key) = (
                s.get("in").and_then(|i| i.as_str()).unwrap_or("?"),
                s.get("name").and_then(|n| n.as_str()).unwrap_or("?"),
            );
            out.push(
                Diagnostic::new(
                    Code::ApiKeyNotRequired,
                    format!("the API key scheme `{name}` ({key} in the {place}) is not one REST import reads: methods that use it require no key"),
                )
                .at_key(&at.child(name), format!("in {where_}"))
                .help("API Gateway reads API keys from the `x-api-key` header only: `type: apiKey`, `name: x-api-key`, `in: header`"),
            );
        }
    }
    let source_is_authorizer = api.api_key_source.as_ref().is_some_and(|s| s.value.as_str() == Some("AUTHORIZER"));
    for (r, m) in api.methods() {
        if !m.api_key_required {
            continue;
        }
        if source_is_authorizer && m.authorization_type != "CUSTOM" {
            out.push(
                Diagnostic::new(
                    Code::ApiKeyNotRequired,
                    format!("{} {} requires an API key, but the key source is AUTHORIZER and no Lambda authorizer serves this method", m.http_method, r.path),
                )
                .at_key(&m.pointer, "no Lambda authorizer here")
                .help("add a Lambda authorizer that returns `usageIdentifierKey`, or set `x-amazon-apigateway-api-key-source: HEADER`"),
            );
        }
        if m.authorization_type == "NONE" {
            out.push(
                Diagnostic::new(Code::ApiKeyOnlyProtection, format!("{} {} is protected by an API key alone", m.http_method, r.path))
                    .at_key(&m.pointer, "API key, no authorizer")
                    .help("API keys identify callers for usage plans; AWS says not to rely on them for authorization: add IAM, Cognito or a Lambda authorizer"),
            );
        }
    }
}
