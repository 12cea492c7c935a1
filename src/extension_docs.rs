//! What each `x-amazon-apigateway-*` extension (and gatewright's own `x-gatewright-*` ones) is,
//! where it is read, which API kinds use it, and AWS's page for it: the editor's hover text.

const AWS: &str = "https://docs.aws.amazon.com/apigateway/latest/developerguide/";

/// (name without `x-amazon-apigateway-`, where it sits, kinds, what it does, AWS page).
const AMAZON: &[(&str, &str, &str, &str, &str)] = &[
    (
        "integration",
        "an operation, or `components.x-amazon-apigateway-integrations`",
        "HTTP and REST",
        "The backend the route or method calls: `type` (`aws_proxy`, `http_proxy`, HTTP APIs also service integrations; REST also `aws`, `http`, `mock`), `uri`, `httpMethod`, `payloadFormatVersion` (HTTP), `timeoutInMillis`, `connectionType`/`connectionId` for VPC links, `requestParameters`, REST's `requestTemplates` and `responses`. A `$ref` to a reusable integration is allowed (HTTP).",
        "api-gateway-swagger-extensions-integration.html",
    ),
    (
        "integrations",
        "`components`",
        "HTTP",
        "Reusable integrations by name, referenced from operations with `$ref: '#/components/x-amazon-apigateway-integrations/NAME'`; the name becomes the integration's id.",
        "api-gateway-extensions-integrations.html",
    ),
    (
        "any-method",
        "a path item",
        "HTTP and REST",
        "An operation for every method: the route `ANY /path` (HTTP) or the method `ANY` (REST). On `/$default` with `isDefaultRoute: true` it is the HTTP API's `$default` route.",
        "api-gateway-swagger-extensions-any-method.html",
    ),
    (
        "cors",
        "the document root",
        "HTTP",
        "The HTTP API's CORS configuration: `allowOrigins`, `allowMethods`, `allowHeaders`, `exposeHeaders`, `maxAge` (-1 to 86400), `allowCredentials`; keys are camelCase. REST APIs ignore it (their CORS is an `OPTIONS` method with a mock integration).",
        "api-gateway-swagger-extensions-cors-configuration.html",
    ),
    (
        "authorizer",
        "a security scheme",
        "HTTP and REST",
        "Turns the scheme into an authorizer: `type` `jwt` (HTTP), `request` (both), `token` and `cognito_user_pools` (REST); `authorizerUri`, `identitySource`, `authorizerResultTtlInSeconds`, `jwtConfiguration`, `providerARNs`, `authorizerPayloadFormatVersion` and `enableSimpleResponses` (HTTP).",
        "api-gateway-swagger-extensions-authorizer.html",
    ),
    (
        "authtype",
        "a security scheme",
        "HTTP and REST",
        "The authorization type shown for the scheme: `awsSigv4` makes it IAM authorization; `cognito_user_pools` and custom values label the authorizer.",
        "api-gateway-swagger-extensions-authtype.html",
    ),
    (
        "auth",
        "an operation",
        "HTTP and REST",
        "An authorization type for the operation without a security scheme: `type: AWS_IAM` (also `NONE`).",
        "api-gateway-swagger-extensions-auth.html",
    ),
    (
        "endpoint-configuration",
        "a server object (OpenAPI 3) or the root (Swagger 2.0)",
        "HTTP and REST",
        "`disableExecuteApiEndpoint`, `vpcEndpointIds` (private REST APIs) and `ipAddressType`.",
        "api-gateway-swagger-extensions-endpoint-configuration.html",
    ),
    (
        "importexport-version",
        "the document root",
        "HTTP",
        "The version of the HTTP API import and export algorithm; only `1.0` exists.",
        "api-gateway-extensions-importexport-version.html",
    ),
    (
        "tag-value",
        "a root tag",
        "HTTP and REST",
        "The value of the AWS tag the root tag's `name` becomes (tags on the API).",
        "api-gateway-swagger-extensions.html",
    ),
    (
        "api-key-source",
        "the document root",
        "REST",
        "Where the usage plan's API key is read: `HEADER` (`x-api-key`) or `AUTHORIZER` (the Lambda authorizer's `usageIdentifierKey`).",
        "api-gateway-swagger-extensions-api-key-source.html",
    ),
    (
        "binary-media-types",
        "the document root",
        "REST",
        "Media types the REST API passes through as binary (`image/png`, `*/*`).",
        "api-gateway-swagger-extensions-binary-media-types.html",
    ),
    (
        "documentation",
        "the document root",
        "REST",
        "Documentation parts imported with the API (`version`, `documentationParts`).",
        "api-gateway-swagger-extensions-documentation.html",
    ),
    (
        "gateway-responses",
        "the document root",
        "REST",
        "Customised gateway responses by type (`DEFAULT_4XX`, `UNAUTHORIZED`, ...): `statusCode`, `responseParameters`, `responseTemplates`.",
        "api-gateway-swagger-extensions-gateway-responses.html",
    ),
    (
        "minimum-compression-size",
        "the document root",
        "REST",
        "Payloads at least this many bytes (0 to 10485760) are compressed when the client accepts it.",
        "api-gateway-openapi-minimum-compression-size.html",
    ),
    (
        "policy",
        "the document root",
        "REST",
        "The REST API's resource policy (an IAM policy document). HTTP APIs have no resource policies.",
        "openapi-extensions-policy.html",
    ),
    (
        "request-validators",
        "the document root",
        "REST",
        "Named request validators: `validateRequestBody`, `validateRequestParameters`.",
        "api-gateway-swagger-extensions-request-validators.html",
    ),
    (
        "request-validator",
        "the document root (the default) or an operation",
        "REST",
        "The name of the request validator (from `x-amazon-apigateway-request-validators`) the methods use.",
        "api-gateway-swagger-extensions-request-validator.html",
    ),
    (
        "endpoint-access-mode",
        "the document root",
        "REST",
        "The endpoint access mode (`STRICT` or `BASIC`) of the REST API.",
        "openapi-extensions-endpoint-access-mode.html",
    ),
    (
        "importer-version",
        "the document root",
        "REST",
        "The version of the REST importer's handling of the document, as AWS's exports write it.",
        "api-gateway-swagger-extensions.html",
    ),
    (
        "route-key",
        "a `receive` operation of an AsyncAPI 3.0 document",
        "WebSocket",
        "gatewright's mapping (README, WebSocket APIs): the operation's route key, `$connect`, `$disconnect`, `$default` or a custom key (which cannot start with `$`). Without it the key comes from the payload property the route selection expression names (its `const`, or a one-value `enum`).",
        "websocket-api-develop-routes.html",
    ),
    (
        "route-selection-expression",
        "the root of an AsyncAPI 3.0 document",
        "WebSocket",
        "gatewright's mapping: the API's route selection expression, evaluated on each message's JSON body to pick its route (`$request.body.action` when absent). A message that is not JSON, or whose value no route has, goes to `$default`.",
        "websocket-api-selection-expressions.html",
    ),
    (
        "api-key-selection-expression",
        "the root of an AsyncAPI 3.0 document",
        "WebSocket",
        "gatewright's mapping: where a route that requires an API key reads it, `$request.header.x-api-key` or `$context.authorizer.usageIdentifierKey`, the only two values AWS accepts.",
        "websocket-api-selection-expressions.html",
    ),
];

/// gatewright's own extensions: (full name, what it does). They are removed from what is
/// deployed.
const OWN: &[(&str, &str)] = &[
    (
        "x-gatewright-ignore",
        "gatewright's inline suppression: the codes or names listed (`[GW201, route-without-integration]`) are not reported for this node or anything below it. Removed from what is deployed.",
    ),
    (
        "x-gatewright-api-keys",
        "gatewright's description of the REST API's API keys (name, description, enabled, customer id; never a key value): created beside the API by every backend. Removed from what is deployed.",
    ),
    (
        "x-gatewright-usage-plans",
        "gatewright's description of usage plans (throttle, quota, method throttles, keys) on the REST API's stage. Removed from what is deployed.",
    ),
];

/// The Markdown documentation of the extension `key`, if it is one gatewright knows.
pub fn describe(key: &str) -> Option<String> {
    if let Some(name) = key.strip_prefix(crate::doc_checks::extensions::PREFIX) {
        let (_, place, kinds, what, page) = AMAZON.iter().find(|e| e.0 == name)?;
        return Some(format!("**`{key}`** ({kinds} APIs; read on {place})\n\n{what}\n\nAWS: {AWS}{page}"));
    }
    OWN.iter().find(|e| e.0 == key).map(|(k, what)| format!("**`{k}`**\n\n{what}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_known_extension_is_described() {
        for (name, ..) in crate::doc_checks::extensions::KNOWN {
            let key = format!("{}{name}", crate::doc_checks::extensions::PREFIX);
            assert!(super::describe(&key).is_some_and(|d| d.contains("https://")), "{key}");
        }
        assert!(super::describe("x-gatewright-ignore").is_some());
        assert!(super::describe("x-amazon-apigateway-nope").is_none());
    }
}
