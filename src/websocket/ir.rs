//! The WebSocket IR: what API Gateway would hold for the API, in AWS's v2 vocabulary, every
//! element with the JSON pointer of the AsyncAPI node it came from. Values AWS stores as written
//! (URIs, templates, mapping expressions) are kept as JSON values, so CloudFormation intrinsics
//! and `${…}` placeholders pass through untouched.

use crate::pointer::Pointer;
use crate::value::Field;
use serde_json::Value;
use std::collections::BTreeMap;

/// The route selection expression when the document names none (the usual `action` property).
pub const DEFAULT_ROUTE_SELECTION: &str = "$request.body.action";

/// The three route keys API Gateway reserves.
pub const RESERVED_KEYS: [&str; 3] = ["$connect", "$disconnect", "$default"];

/// A WebSocket API.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WebSocketApi {
    /// `info.title`.
    pub name: Option<Field<Value>>,
    /// `info.description`.
    pub description: Option<Field<Value>>,
    /// `info.version`.
    pub version: Option<Field<Value>>,
    /// `x-amazon-apigateway-route-selection-expression` as written; [`DEFAULT_ROUTE_SELECTION`]
    /// when absent.
    pub route_selection_expression: Option<Field<Value>>,
    /// `x-amazon-apigateway-api-key-selection-expression` as written.
    pub api_key_selection_expression: Option<Field<Value>>,
    /// Routes, sorted by route key.
    pub routes: Vec<Route>,
    /// Integrations, sorted by id (the operation's id).
    pub integrations: Vec<Integration>,
    /// Authorizers, sorted by name: one per security scheme with `x-amazon-apigateway-authorizer`.
    pub authorizers: Vec<Authorizer>,
    /// Models, sorted by name: one per message payload a route validates.
    pub models: Vec<Model>,
    /// What the API was read from, for the names the checks use.
    pub written: super::written::Written,
    /// Where findings about the whole API go: the root of a document, the API resource.
    pub pointer: Pointer,
}

impl Route {
    /// The route's `OperationName`.
    pub fn operation_name(&self) -> &str {
        self.operation_name.as_deref().unwrap_or(&self.operation)
    }
}

impl WebSocketApi {
    /// The route selection expression in effect, when it is a literal string.
    pub fn selection_expression(&self) -> Option<&str> {
        match &self.route_selection_expression {
            None => Some(DEFAULT_ROUTE_SELECTION),
            Some(f) => f.value.as_str(),
        }
    }

    /// The integration with id `id`.
    pub fn integration(&self, id: &str) -> Option<&Integration> {
        self.integrations.iter().find(|i| i.id == id)
    }
}

/// A route: one `receive` operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The route key (`$connect`, `$disconnect`, `$default` or a custom key).
    pub key: String,
    /// Where the key comes from: the `x-amazon-apigateway-route-key` value, or the payload
    /// property whose `const` gave it.
    pub key_pointer: Pointer,
    /// The operation's id (its key under `operations`), as `OperationName`; for a route written
    /// as a resource, its address or logical id.
    pub operation: String,
    /// `OperationName` when it is written apart from `operation` (a route resource's
    /// `operation_name` / `OperationName`).
    pub operation_name: Option<String>,
    /// `NONE` or `CUSTOM` (a Lambda REQUEST authorizer) or `AWS_IAM`.
    pub authorization_type: &'static str,
    /// The authorizer's name, for `CUSTOM`.
    pub authorizer: Option<Field<String>>,
    /// Whether an API key is required (an API key scheme in the operation's `security`).
    pub api_key_required: bool,
    /// The integration's id, when the operation has one.
    pub integration: Option<String>,
    /// `x-amazon-apigateway-model-selection-expression` (needed when there are several models).
    pub model_selection_expression: Option<Field<Value>>,
    /// Model selection key → model name.
    pub request_models: BTreeMap<String, String>,
    /// `x-amazon-apigateway-route-response-selection-expression` as written (only `$default`
    /// is accepted; a `reply` sets it).
    pub route_response_selection_expression: Option<Field<Value>>,
    /// A two-way route (the operation has a `reply`): its route response selection expression
    /// is `$default`, with one route response `$default`.
    pub route_response: Option<RouteResponse>,
    /// The operation object.
    pub pointer: Pointer,
}

/// The route response of a two-way route.
#[derive(Clone, Debug, PartialEq)]
pub struct RouteResponse {
    /// `$default`, the only key AWS supports.
    pub key: String,
    /// `$default` → model name, from the reply's message.
    pub response_models: BTreeMap<String, String>,
    /// The `reply` object.
    pub pointer: Pointer,
}

/// An integration: `x-amazon-apigateway-integration` on an operation.
#[derive(Clone, Debug, PartialEq)]
pub struct Integration {
    /// The operation's id.
    pub id: String,
    /// `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY` or `MOCK` (upper-cased when literal).
    pub integration_type: Value,
    /// `uri`.
    pub uri: Option<Value>,
    /// `httpMethod` (`IntegrationMethod`).
    pub http_method: Option<Value>,
    /// `credentials` (`CredentialsArn`).
    pub credentials: Option<Value>,
    /// `connectionType`.
    pub connection_type: Option<Value>,
    /// `connectionId`.
    pub connection_id: Option<Value>,
    /// `requestParameters`, in document order.
    pub request_parameters: Vec<(String, Value)>,
    /// `requestTemplates`, in document order.
    pub request_templates: Vec<(String, Value)>,
    /// `templateSelectionExpression`.
    pub template_selection_expression: Option<Field<Value>>,
    /// `passthroughBehavior` (upper-cased when literal).
    pub passthrough_behavior: Option<Value>,
    /// `contentHandling` (`CONVERT_TO_TEXT` or `CONVERT_TO_BINARY`).
    pub content_handling: Option<Value>,
    /// `timeoutInMillis` (AWS's default 29000 when absent).
    pub timeout_in_millis: Value,
    /// `payloadFormatVersion`, `integrationSubtype`, `tlsConfig`…: fields HTTP APIs read and
    /// WebSocket APIs do not, with where they are.
    pub http_only_fields: Vec<Pointer>,
    /// `responses` → integration responses, by key.
    pub responses: Vec<IntegrationResponse>,
    /// The extension object.
    pub pointer: Pointer,
}

/// An integration response.
#[derive(Clone, Debug, PartialEq)]
pub struct IntegrationResponse {
    /// The key under `responses` (`$default`, or a pattern such as `/4\d\d/`).
    pub key: String,
    /// `responseTemplates`.
    pub response_templates: Vec<(String, Value)>,
    /// `templateSelectionExpression`.
    pub template_selection_expression: Option<Field<Value>>,
    /// `contentHandling`.
    pub content_handling: Option<Value>,
    /// The response object.
    pub pointer: Pointer,
}

/// A Lambda REQUEST authorizer: a security scheme with `x-amazon-apigateway-authorizer`.
#[derive(Clone, Debug, PartialEq)]
pub struct Authorizer {
    /// The scheme's name.
    pub name: String,
    /// `type` (upper-cased when literal; WebSocket APIs take `REQUEST` only).
    pub authorizer_type: Value,
    /// `authorizerUri`.
    pub uri: Option<Value>,
    /// `authorizerCredentials`.
    pub credentials: Option<Value>,
    /// `identitySource`, split at commas, each with where it is written.
    pub identity_source: Vec<Field<String>>,
    /// The extension object.
    pub pointer: Pointer,
}

/// A model: a message payload schema, validated on routes with a non-proxy integration.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Alphanumeric name (the message's name, or its key).
    pub name: String,
    /// `application/json`.
    pub content_type: &'static str,
    /// The payload schema as written (JSON Schema draft 4 is what AWS validates with).
    pub schema: Value,
    /// The payload node.
    pub pointer: Pointer,
}
