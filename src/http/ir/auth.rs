//! Authorizers, security schemes and route authorization.

use super::{Int, Val};
use crate::pointer::Pointer;

/// What a security scheme means for an HTTP API.
#[derive(Clone, Debug, PartialEq)]
pub enum SchemeKind {
    /// An `x-amazon-apigateway-authorizer`: index into `Api::authorizers`.
    Authorizer(usize),
    /// `x-amazon-apigateway-authtype: awsSigv4`: IAM authorization.
    Iam,
    /// No API Gateway extension: HTTP APIs ignore it (the OpenAPI `type` is kept).
    Unsupported(String),
    /// An `x-amazon-apigateway-authorizer` of a type HTTP APIs lack (`token`,
    /// `cognito_user_pools`); the type as written is kept.
    UnsupportedAuthorizer(String),
    /// The scheme could not be read.
    Invalid,
}

/// One entry of `components.securitySchemes`.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemeInfo {
    /// The scheme key.
    pub name: String,
    /// Its meaning.
    pub kind: SchemeKind,
    /// The scheme object.
    pub pointer: Pointer,
}

/// Authorizer types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthorizerKind {
    /// `type: jwt`.
    Jwt,
    /// `type: request` (Lambda).
    Request,
}

/// An authorizer, named by its security scheme key.
#[derive(Clone, Debug, PartialEq)]
pub struct Authorizer {
    /// The scheme key (AWS names the authorizer after it).
    pub name: String,
    /// JWT or Lambda REQUEST.
    pub kind: AuthorizerKind,
    /// `identitySource`, split on commas when written as one string.
    pub identity_source: Vec<Val<String>>,
    /// `jwtConfiguration.issuer`.
    pub issuer: Option<Val<String>>,
    /// `jwtConfiguration.audience`.
    pub audience: Option<Vec<Val<String>>>,
    /// `openIdConnectUrl` of an `openIdConnect` scheme (AWS derives the issuer from it).
    pub open_id_connect_url: Option<String>,
    /// `authorizerUri`.
    pub authorizer_uri: Option<Val<String>>,
    /// `authorizerPayloadFormatVersion`.
    pub payload_format_version: Option<Val<String>>,
    /// `enableSimpleResponses`.
    pub enable_simple_responses: Option<Val<bool>>,
    /// `authorizerResultTtlInSeconds`.
    pub result_ttl: Option<Val<Int>>,
    /// `authorizerCredentials`.
    pub credentials: Option<Val<String>>,
    /// The scheme object.
    pub pointer: Pointer,
}

impl Authorizer {
    /// The discovery document API Gateway's importer reads the issuer from, when the document
    /// gives no `jwtConfiguration.issuer` (an `openIdConnect` scheme): the issuer itself cannot be
    /// known offline (OpenID Connect Discovery drops a trailing `/` of the issuer before adding
    /// `/.well-known/openid-configuration`, and Auth0's issuers end in `/`).
    pub fn issuer_discovered_from(&self) -> Option<&str> {
        if self.issuer.is_some() { None } else { self.open_id_connect_url.as_deref() }
    }
}

/// One security requirement object: scheme names with their scopes.
#[derive(Clone, Debug, PartialEq)]
pub struct SecurityRequirement {
    /// `(scheme, scopes)` in document order.
    pub schemes: Vec<(String, Vec<String>)>,
    /// The requirement object.
    pub pointer: Pointer,
}

/// The authorization a route gets.
#[derive(Clone, Debug, PartialEq)]
pub enum RouteAuth {
    /// `NONE`.
    None,
    /// `AWS_IAM`.
    Iam,
    /// `JWT` with an authorizer and scopes.
    Jwt {
        /// Authorizer (scheme) name.
        authorizer: String,
        /// `AuthorizationScopes`.
        scopes: Vec<String>,
    },
    /// `CUSTOM` (Lambda authorizer).
    Custom {
        /// Authorizer (scheme) name.
        authorizer: String,
        /// Scopes as written (AWS ignores them for Lambda authorizers).
        scopes: Vec<String>,
    },
}

impl RouteAuth {
    /// `AuthorizationType` as AWS reports it.
    pub fn authorization_type(&self) -> &'static str {
        match self {
            RouteAuth::None => "NONE",
            RouteAuth::Iam => "AWS_IAM",
            RouteAuth::Jwt { .. } => "JWT",
            RouteAuth::Custom { .. } => "CUSTOM",
        }
    }
}
