//! Integrations.

use super::{Int, Val};
use crate::pointer::Pointer;
use indexmap::IndexMap;

/// What an integration is, derived from its type, subtype and connection.
#[derive(Clone, Debug, PartialEq)]
pub enum IntegrationKind {
    /// `AWS_PROXY` to a Lambda function.
    LambdaProxy,
    /// `HTTP_PROXY` to a public URL.
    HttpProxy,
    /// `HTTP_PROXY` through a VPC link.
    Private,
    /// `AWS_PROXY` with an `integrationSubtype` (an AWS service action).
    Service(Val<String>),
    /// A type HTTP APIs do not support (`AWS`, `HTTP`, `MOCK`) or cannot be known
    /// (an expression); the upper-cased type is kept.
    Other(String),
}

/// One integration.
#[derive(Clone, Debug, PartialEq)]
pub struct Integration {
    /// Stable id: the component name for reusable integrations, derived from the first route
    /// for inline ones.
    pub id: String,
    /// Whether it is a reusable `components.x-amazon-apigateway-integrations` entry.
    pub reusable: bool,
    /// Derived kind.
    pub kind: IntegrationKind,
    /// `type`, upper-cased when literal.
    pub integration_type: Val<String>,
    /// `integrationSubtype`.
    pub subtype: Option<Val<String>>,
    /// `uri`.
    pub uri: Option<Val<String>>,
    /// `httpMethod`.
    pub http_method: Option<Val<String>>,
    /// `payloadFormatVersion`, as written (numbers read as their text).
    pub payload_format_version: Option<Val<String>>,
    /// `connectionType`, upper-cased when literal.
    pub connection_type: Option<Val<String>>,
    /// `connectionId`.
    pub connection_id: Option<Val<String>>,
    /// `credentials`.
    pub credentials: Option<Val<String>>,
    /// `timeoutInMillis`.
    pub timeout_in_millis: Option<Val<Int>>,
    /// `requestParameters`.
    pub request_parameters: IndexMap<String, Val<String>>,
    /// `responseParameters`, keyed by status code.
    pub response_parameters: IndexMap<String, IndexMap<String, Val<String>>>,
    /// `tlsConfig.serverNameToVerify`.
    pub tls_server_name: Option<Val<String>>,
    /// The integration object.
    pub pointer: Pointer,
}

impl Integration {
    /// Whether import creates it: integrations of a type HTTP APIs do not support (`AWS`, `HTTP`,
    /// `MOCK`) are skipped with a warning, and routes that use them get no target.
    pub fn is_created(&self) -> bool {
        !matches!(self.kind, IntegrationKind::Other(_)) || self.integration_type.lit().is_none()
    }
}
