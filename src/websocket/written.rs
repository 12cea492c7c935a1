//! Where a WebSocket API is written: an AsyncAPI document, Terraform resources or CloudFormation
//! resources. The checks are the same for all three; the names they point at and say in their
//! messages are each source's own (`uri`, `integration_uri`, `IntegrationUri`).

/// The source an API was read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Written {
    /// An AsyncAPI 3.0 document with `x-amazon-apigateway-*` extensions.
    #[default]
    AsyncApi,
    /// `aws_apigatewayv2_*` resources of a Terraform configuration.
    Terraform,
    /// `AWS::ApiGatewayV2::*` resources of a CloudFormation template.
    CloudFormation,
}

/// A field the checks name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name {
    /// The integration's type.
    IntegrationType,
    /// The integration's URI.
    Uri,
    /// The integration's HTTP method.
    HttpMethod,
    /// `ConnectionType`.
    ConnectionType,
    /// `ConnectionId`.
    ConnectionId,
    /// `PassthroughBehavior`.
    PassthroughBehavior,
    /// `ContentHandlingStrategy`.
    ContentHandling,
    /// `TimeoutInMillis`.
    Timeout,
    /// The authorizer's type.
    AuthorizerType,
    /// The authorizer's URI.
    AuthorizerUri,
}

impl Written {
    /// The key `name` is written under.
    pub fn key(self, name: Name) -> &'static str {
        use Name::*;
        match self {
            Written::AsyncApi => match name {
                IntegrationType | AuthorizerType => "type",
                Uri => "uri",
                HttpMethod => "httpMethod",
                ConnectionType => "connectionType",
                ConnectionId => "connectionId",
                PassthroughBehavior => "passthroughBehavior",
                ContentHandling => "contentHandling",
                Timeout => "timeoutInMillis",
                AuthorizerUri => "authorizerUri",
            },
            Written::Terraform => match name {
                IntegrationType => "integration_type",
                Uri => "integration_uri",
                HttpMethod => "integration_method",
                ConnectionType => "connection_type",
                ConnectionId => "connection_id",
                PassthroughBehavior => "passthrough_behavior",
                ContentHandling => "content_handling_strategy",
                Timeout => "timeout_milliseconds",
                AuthorizerType => "authorizer_type",
                AuthorizerUri => "authorizer_uri",
            },
            Written::CloudFormation => match name {
                IntegrationType => "IntegrationType",
                Uri => "IntegrationUri",
                HttpMethod => "IntegrationMethod",
                ConnectionType => "ConnectionType",
                ConnectionId => "ConnectionId",
                PassthroughBehavior => "PassthroughBehavior",
                ContentHandling => "ContentHandlingStrategy",
                Timeout => "TimeoutInMillis",
                AuthorizerType => "AuthorizerType",
                AuthorizerUri => "AuthorizerUri",
            },
        }
    }

    /// `name` set to the enum value `value` (given upper case, as AWS spells it), as this source
    /// writes it: `type: aws_proxy`, `integration_type = "AWS_PROXY"`, `IntegrationType: AWS_PROXY`.
    pub fn set(self, name: Name, value: &str) -> String {
        let key = self.key(name);
        match self {
            Written::AsyncApi if name == Name::HttpMethod => format!("`{key}: {value}`"),
            Written::AsyncApi => format!("`{key}: {}`", value.to_ascii_lowercase()),
            Written::Terraform => format!("`{key} = \"{value}\"`"),
            Written::CloudFormation => format!("`{key}: {value}`"),
        }
    }

    /// An enum value as this source writes it (AsyncAPI's extensions write them lower case).
    pub fn value(self, value: &str) -> String {
        match self {
            Written::AsyncApi => value.to_ascii_lowercase(),
            _ => value.to_string(),
        }
    }

    /// What a route is written as: an operation, or a resource.
    pub fn route_noun(self) -> &'static str {
        match self {
            Written::AsyncApi => "operation",
            _ => "resource",
        }
    }
}

/// The literal text of a value: a string that is neither an intrinsic nor carries a `${…}`
/// placeholder (a Terraform reference, a `Fn::Sub` name). What only Terraform or CloudFormation
/// knows is never judged.
pub fn literal(v: &serde_json::Value) -> Option<&str> {
    v.as_str().filter(|s| !crate::value::has_placeholder(s))
}
