//! The REST IR: what `ImportRestApi` creates, as plain data in AWS's own vocabulary (v1 field
//! names), every element with the JSON pointer it came from. Values AWS stores as written (URIs,
//! templates, mapping expressions) are kept as JSON values, so CloudFormation intrinsics and
//! `${…}` placeholders pass through untouched.

use crate::basepath::BasePathMode;
use crate::pointer::Pointer;
use crate::value::Field;
use serde_json::Value;
use std::collections::BTreeMap;

/// The REST API import would create.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestApi {
    /// Whether the document is Swagger 2.0 (else OpenAPI 3.0).
    pub swagger: bool,
    /// `info.title`.
    pub name: Option<Field<Value>>,
    /// `info.description`.
    pub description: Option<Field<Value>>,
    /// `info.version`.
    pub version: Option<Field<Value>>,
    /// `x-amazon-apigateway-binary-media-types`.
    pub binary_media_types: Vec<Field<Value>>,
    /// `x-amazon-apigateway-api-key-source` (upper-cased when literal).
    pub api_key_source: Option<Field<Value>>,
    /// `x-amazon-apigateway-minimum-compression-size`.
    pub minimum_compression_size: Option<Field<Value>>,
    /// `x-amazon-apigateway-policy`.
    pub policy: Option<Field<Value>>,
    /// `x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint`.
    pub disable_execute_api_endpoint: Option<Field<Value>>,
    /// `x-amazon-apigateway-endpoint-configuration.vpcEndpointIds`.
    pub vpc_endpoint_ids: Option<Field<Value>>,
    /// Root `tags` with `x-amazon-apigateway-tag-value`, by key.
    pub tags: BTreeMap<String, Field<Value>>,
    /// The detected base path (`basePath`, or `servers`), normalised.
    pub base_path: Option<Field<String>>,
    /// The mode the paths were lowered with.
    pub base_path_mode: BasePathMode,
    /// Resources, sorted by path; `/` is always the first.
    pub resources: Vec<Resource>,
    /// Authorizers, sorted by name: one per security scheme with `x-amazon-apigateway-authorizer`.
    pub authorizers: Vec<Authorizer>,
    /// Models, sorted by name: one per `definitions` / `components.schemas` entry.
    pub models: Vec<Model>,
    /// Request validators, sorted by name.
    pub request_validators: Vec<RequestValidator>,
    /// The root `x-amazon-apigateway-request-validator`: the default for every method.
    pub default_validator: Option<Field<String>>,
    /// Gateway responses, sorted by type.
    pub gateway_responses: Vec<GatewayResponse>,
    /// API keys (`x-gatewright-api-keys`, which API Gateway never sees), sorted by name.
    pub api_keys: Vec<ApiKey>,
    /// Usage plans (`x-gatewright-usage-plans`), sorted by name.
    pub usage_plans: Vec<UsagePlan>,
}

impl RestApi {
    /// Every method, with its resource.
    pub fn methods(&self) -> impl Iterator<Item = (&Resource, &Method)> {
        self.resources.iter().flat_map(|r| r.methods.iter().map(move |m| (r, m)))
    }

    /// The authorizer named `name`.
    pub fn authorizer(&self, name: &str) -> Option<&Authorizer> {
        self.authorizers.iter().find(|a| a.name == name)
    }
}

/// One path segment's resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// The full path (its stable id).
    pub path: String,
    /// The last segment (`None` for `/`).
    pub path_part: Option<String>,
    /// The parent's path (`None` for `/`).
    pub parent: Option<String>,
    /// Methods, sorted by HTTP method.
    pub methods: Vec<Method>,
    /// The path item that declared it, when one did (intermediate resources have none).
    pub pointer: Option<Pointer>,
}

/// A method: its request side, its responses and its integration.
#[derive(Clone, Debug, PartialEq)]
pub struct Method {
    /// `GET`, …, `ANY` (from `x-amazon-apigateway-any-method`).
    pub http_method: String,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`.
    pub authorization_type: &'static str,
    /// The authorizer's name, for `CUSTOM` and `COGNITO_USER_POOLS`.
    pub authorizer: Option<String>,
    /// Scopes (Cognito authorizers only).
    pub authorization_scopes: Vec<String>,
    /// Whether an API key is required (an `apiKey` scheme named `x-api-key` in the header).
    pub api_key_required: bool,
    /// `operationId`.
    pub operation_name: Option<Value>,
    /// `method.request.{path|querystring|header}.NAME` → required.
    pub request_parameters: BTreeMap<String, bool>,
    /// Content type → model name.
    pub request_models: BTreeMap<String, String>,
    /// The request validator's name (the operation's, else the root default).
    pub request_validator: Option<String>,
    /// Method responses by status code.
    pub method_responses: BTreeMap<String, MethodResponse>,
    /// The integration, when the operation has one.
    pub integration: Option<Integration>,
    /// The operation object.
    pub pointer: Pointer,
}

/// A method response.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MethodResponse {
    /// `method.response.header.NAME` → required (always false from import).
    pub response_parameters: BTreeMap<String, bool>,
    /// Content type → model name.
    pub response_models: BTreeMap<String, String>,
}

/// An integration, with its responses.
#[derive(Clone, Debug, PartialEq)]
pub struct Integration {
    /// `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY` or `MOCK` (upper-cased when literal).
    pub integration_type: Value,
    /// `httpMethod` (upper-cased when literal).
    pub http_method: Option<Value>,
    /// `uri`.
    pub uri: Option<Value>,
    /// `credentials`.
    pub credentials: Option<Value>,
    /// `connectionType` (AWS fills `INTERNET` for HTTP integrations).
    pub connection_type: Option<Value>,
    /// `connectionId`.
    pub connection_id: Option<Value>,
    /// `requestParameters` as created: string values (and intrinsics).
    pub request_parameters: Vec<(String, Value)>,
    /// `requestParameters` entries AWS skips with a warning (values that are not strings).
    pub skipped_request_parameters: Vec<(String, Value)>,
    /// `requestTemplates`: content type → template.
    pub request_templates: Vec<(String, Value)>,
    /// `passthroughBehavior` (upper-cased; AWS's default is `WHEN_NO_MATCH`).
    pub passthrough_behavior: Value,
    /// `contentHandling`.
    pub content_handling: Option<Value>,
    /// `timeoutInMillis` (AWS's default is 29000).
    pub timeout_in_millis: Value,
    /// `cacheNamespace` (AWS's default is the resource id: here its path).
    pub cache_namespace: Value,
    /// `cacheKeyParameters`.
    pub cache_key_parameters: Vec<Value>,
    /// `tlsConfig.insecureSkipVerification`.
    pub insecure_skip_verification: Option<Value>,
    /// Integration responses, keyed by status code as AWS keys them.
    pub responses: BTreeMap<String, IntegrationResponse>,
    /// The integration object.
    pub pointer: Pointer,
}

impl Integration {
    /// The optional settings, by their `PutIntegration` names, in CloudFormation's order.
    pub fn settings(&self) -> [(&'static str, &Option<Value>); 6] {
        [
            ("integrationHttpMethod", &self.http_method),
            ("uri", &self.uri),
            ("credentials", &self.credentials),
            ("connectionType", &self.connection_type),
            ("connectionId", &self.connection_id),
            ("contentHandling", &self.content_handling),
        ]
    }

    /// The cache namespace the document sets. AWS's default is the resource's id, which only AWS
    /// knows, so the default (the resource's path, as lowered) is left to AWS.
    pub fn chosen_cache_namespace(&self, path: &str) -> Option<&Value> {
        (self.cache_namespace.as_str() != Some(path)).then_some(&self.cache_namespace)
    }
}

/// An integration response.
#[derive(Clone, Debug, PartialEq)]
pub struct IntegrationResponse {
    /// The `responses` key, unless it is `default`.
    pub selection_pattern: Option<String>,
    /// `responseParameters`.
    pub response_parameters: Vec<(String, Value)>,
    /// `responseTemplates`.
    pub response_templates: Vec<(String, Value)>,
    /// `contentHandling`.
    pub content_handling: Option<Value>,
    /// The response object.
    pub pointer: Pointer,
}

/// An authorizer.
#[derive(Clone, Debug, PartialEq)]
pub struct Authorizer {
    /// The security scheme's name.
    pub name: String,
    /// `TOKEN`, `REQUEST` or `COGNITO_USER_POOLS` (as written, upper-cased).
    pub authorizer_type: String,
    /// `x-amazon-apigateway-authtype`.
    pub auth_type: Option<Value>,
    /// `authorizerUri`.
    pub authorizer_uri: Option<Value>,
    /// `authorizerCredentials`.
    pub authorizer_credentials: Option<Value>,
    /// `identitySource`, defaulted to the scheme's header (`method.request.header.NAME`).
    pub identity_source: Option<Value>,
    /// `identityValidationExpression`.
    pub identity_validation_expression: Option<Value>,
    /// `authorizerResultTtlInSeconds`.
    pub ttl: Option<Value>,
    /// `providerARNs`.
    pub provider_arns: Option<Value>,
    /// The security scheme.
    pub pointer: Pointer,
}

impl Authorizer {
    /// The optional settings, by their v1 (`GetAuthorizer`) names.
    pub fn settings(&self) -> [(&'static str, &Option<Value>); 7] {
        [
            ("providerARNs", &self.provider_arns),
            ("authType", &self.auth_type),
            ("authorizerUri", &self.authorizer_uri),
            ("authorizerCredentials", &self.authorizer_credentials),
            ("identitySource", &self.identity_source),
            ("identityValidationExpression", &self.identity_validation_expression),
            ("authorizerResultTtlInSeconds", &self.ttl),
        ]
    }
}

/// A model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The schema's name.
    pub name: String,
    /// `application/json`.
    pub content_type: &'static str,
    /// The schema's own `description`, which AWS also gives the model.
    pub description: Option<Value>,
    /// The schema. Its JSON as AWS stores it (`$ref`s to other models as model URLs) is built
    /// only when shown (`rest::lower::model_schema`).
    pub pointer: Pointer,
}

/// A request validator.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestValidator {
    /// Its name (its id).
    pub name: String,
    /// `validateRequestBody`.
    pub validate_request_body: bool,
    /// `validateRequestParameters`.
    pub validate_request_parameters: bool,
    /// The validator object.
    pub pointer: Pointer,
}

/// A gateway response.
#[derive(Clone, Debug, PartialEq)]
pub struct GatewayResponse {
    /// The response type (`DEFAULT_4XX`, …).
    pub response_type: String,
    /// `statusCode`.
    pub status_code: Option<Value>,
    /// `responseParameters`.
    pub response_parameters: Vec<(String, Value)>,
    /// `responseTemplates`.
    pub response_templates: Vec<(String, Value)>,
    /// The response object.
    pub pointer: Pointer,
}

/// An API key to create (`CreateApiKey`). Its value is never in the document: it comes from
/// `--var apikey.NAME=…` or AWS generates it.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiKey {
    /// The key's name (the extension's map key).
    pub name: String,
    /// `description`.
    pub description: Option<Value>,
    /// `enabled` (default true; emitted explicitly, CloudFormation's default being false).
    pub enabled: bool,
    /// `customerId`.
    pub customer_id: Option<Value>,
    /// `tags`.
    pub tags: Vec<(String, Value)>,
    /// The key's object.
    pub pointer: Pointer,
}

impl ApiKey {
    /// What `CreateApiKey` takes of it (the value aside), by its names, in its order.
    pub fn settings(&self) -> serde_json::Map<String, Value> {
        let mut o = serde_json::Map::new();
        o.insert("name".into(), Value::from(self.name.as_str()));
        if let Some(d) = &self.description {
            o.insert("description".into(), d.clone());
        }
        o.insert("enabled".into(), Value::Bool(self.enabled));
        if let Some(c) = &self.customer_id {
            o.insert("customerId".into(), c.clone());
        }
        o
    }
}

/// A usage plan (`CreateUsagePlan`) on the API's stage, with its keys (`CreateUsagePlanKey`).
#[derive(Clone, Debug, PartialEq)]
pub struct UsagePlan {
    /// The plan's name (the extension's map key).
    pub name: String,
    /// `description`.
    pub description: Option<Value>,
    /// `throttle`: `{rateLimit, burstLimit}`.
    pub throttle: Option<Value>,
    /// `quota`: `{limit, period, offset}`.
    pub quota: Option<Value>,
    /// `methodThrottle`: `"/path/METHOD"` → `{rateLimit, burstLimit}`.
    pub method_throttle: Vec<(String, Value)>,
    /// The names of the keys the plan covers.
    pub keys: Vec<Field<String>>,
    /// `tags`.
    pub tags: Vec<(String, Value)>,
    /// The plan's object.
    pub pointer: Pointer,
}

/// The URL AWS writes for a `$ref` to another model of the same API (the API's id is not known
/// offline: `{restApiId}` stands for it).
pub fn model_url(name: &str) -> String {
    format!("{MODEL_URL_START}{{restApiId}}/models/{name}")
}

/// What every model URL starts with, before the API's id.
pub const MODEL_URL_START: &str = "https://apigateway.amazonaws.com/restapis/";

/// The model a `$ref` value names, when it is exactly a [`model_url`].
pub fn model_of_url(url: &str) -> Option<&str> {
    url.strip_prefix(MODEL_URL_START)?.strip_prefix("{restApiId}/models/").filter(|n| !n.contains("/models/"))
}
