//! The diagnostic registry: every code's id, kebab name, default severity, the AWS level it
//! mirrors, and its documentation. Ids are grouped by pass: GW0xx source and version,
//! GW1xx document structure and references, GW2xx routes, GW3xx integrations,
//! GW4xx authorization, GW5xx CORS, API settings and quotas, GW6xx ignored or unknown
//! fields and features, GW7xx compilation, GW8xx REST APIs, GW90x Terraform configurations, GW91x CloudFormation
//! templates, GW92x SAM, GW93x WebSocket APIs written as Terraform or CloudFormation resources, GW10xx WebSocket APIs (AsyncAPI documents). Ids sort by their number (GW915 before GW1000).

use super::Severity;

/// What AWS itself does with the same input, so users can tell AWS parity from gatewright's
/// deliberate hardening.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AwsLevel {
    /// Import fails with `BadRequestException`.
    Error,
    /// Import warns and skips the element (fails with `FailOnWarnings`).
    Warning,
    /// Import ignores it and reports it in `ImportInfo`.
    Info,
    /// AWS accepts it silently; gatewright is stricter on purpose (the docs say why). Such
    /// findings are gatewright's advice: at most a warning by default, and never what
    /// `--fail-on-warnings` (AWS's `FailOnWarnings`) fails on.
    AcceptedSilently,
    /// Not a finding of the import at all: `compile` needs a value it cannot have (AWS never sees
    /// the document in that state).
    NotApplicable,
}

impl AwsLevel {
    /// Kebab-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            AwsLevel::Error => "error",
            AwsLevel::Warning => "warning",
            AwsLevel::Info => "info",
            AwsLevel::AcceptedSilently => "accepted-silently",
            AwsLevel::NotApplicable => "n/a",
        }
    }

    /// The short word for a diagnostic's `aws` field: `error`, `warning`, `info`, `accepted`
    /// (gatewright's advice) or `n/a`.
    pub fn short(self) -> &'static str {
        match self {
            AwsLevel::AcceptedSilently => "accepted",
            other => other.as_str(),
        }
    }

    /// Whether the finding is gatewright's advice: AWS accepts the input silently.
    pub fn is_advice(self) -> bool {
        self == AwsLevel::AcceptedSilently
    }

    /// Whether AWS's import reports it as a warning or worse: what `FailOnWarnings` fails on.
    pub fn fails_with_fail_on_warnings(self) -> bool {
        matches!(self, AwsLevel::Error | AwsLevel::Warning)
    }
}

macro_rules! registry {
    ($( $variant:ident = $id:literal $name:literal $sev:ident $aws:ident $summary:literal; )*) => {
        /// A diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( #[doc = $summary] $variant, )* }

        impl Code {
            /// Every code, in id order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// Stable id such as `GW002`.
            pub fn id(self) -> &'static str { match self { $(Code::$variant => $id,)* } }

            /// Kebab-case name of the problem, such as `duplicate-key`.
            pub fn name(self) -> &'static str { match self { $(Code::$variant => $name,)* } }

            /// Severity unless overridden.
            pub fn default_severity(self) -> Severity { match self { $(Code::$variant => Severity::$sev,)* } }

            /// What AWS does with the same input.
            pub fn aws_level(self) -> AwsLevel { match self { $(Code::$variant => AwsLevel::$aws,)* } }

            /// One-line summary.
            pub fn summary(self) -> &'static str { match self { $(Code::$variant => $summary,)* } }
        }
    };
}

registry! {
    InvalidSyntax = "GW001" "invalid-syntax" Error Error "the file is not valid YAML or JSON";
    DuplicateKey = "GW002" "duplicate-key" Warning AcceptedSilently "a mapping defines the same key twice";
    InvalidEncoding = "GW003" "invalid-encoding" Error Error "the file is not valid UTF-8";
    EmptyDocument = "GW004" "empty-document" Error Error "the file holds no document";
    UnsupportedOpenapiVersion = "GW010" "unsupported-openapi-version" Error Error "HTTP API import takes OpenAPI 3.0 only";
    MissingOpenapiVersion = "GW011" "missing-openapi-version" Error Error "the document has no `openapi` version field";
    DocumentNotAMapping = "GW012" "document-not-a-mapping" Error Error "the document's top level is not a mapping";
    Openapi31Converted = "GW013" "openapi-version-converted" Info NotApplicable "an OpenAPI 3.1 document, converted to the 3.0.3 document API Gateway accepts";
    Openapi31KeywordDropped = "GW014" "schema-keyword-dropped" Warning NotApplicable "a 3.1 schema keyword with no OpenAPI 3.0 equivalent, left out of the converted document";
    InvalidOpenapiStructure = "GW100" "invalid-openapi-structure" Warning Warning "an OpenAPI object does not have the shape OpenAPI 3.0 requires";
    InvalidExtension = "GW101" "invalid-extension" Error Error "an `x-amazon-apigateway-*` extension cannot be read";
    UnresolvedRef = "GW102" "unresolved-ref" Warning Warning "a `$ref` points at nothing in this document";
    ExternalRef = "GW103" "external-ref" Warning Warning "a `$ref` points outside this document";
    MissingApiName = "GW104" "missing-api-name" Warning Warning "the API has no name: `info.title` is missing or empty";
    UnresolvedModelRef = "GW105" "unresolved-model-ref" Warning Warning "a `$ref` in a schema, parameter or response points at nothing";
    DuplicateRouteKey = "GW200" "duplicate-route-key" Error Error "two operations produce the same route key";
    RouteVariableConflict = "GW201" "route-variable-conflict" Error Error "path variables are named differently at the same level of the path tree";
    GreedyVariableNotLast = "GW202" "greedy-variable-not-last" Error Error "a greedy path variable `{name+}` is not the last segment, or appears twice";
    PartialPathVariable = "GW203" "partial-path-variable" Error Error "a path variable is not a whole segment, such as `{id}.json`";
    DuplicatePathVariable = "GW204" "duplicate-path-variable" Error Error "a path uses the same variable name twice";
    PathWithoutLeadingSlash = "GW205" "path-without-leading-slash" Warning Warning "a path key does not start with `/`";
    PathTrailingSlash = "GW206" "path-trailing-slash" Warning AcceptedSilently "a path ends with `/`";
    EmptyPathSegment = "GW207" "empty-path-segment" Error Error "a path contains `//`";
    UnsupportedMethod = "GW208" "unsupported-method" Warning Warning "HTTP APIs have no `TRACE` routes";
    MisplacedDefaultRoute = "GW209" "misplaced-default-route" Warning AcceptedSilently "`isDefaultRoute` is not on the `x-amazon-apigateway-any-method` of `/$default`";
    UnsupportedIntegrationType = "GW300" "unsupported-integration-type" Warning Warning "an `aws`, `http` or `mock` integration, which HTTP APIs do not support";
    UnknownIntegrationType = "GW301" "unknown-integration-type" Error Error "an integration `type` that does not exist";
    InvalidIntegrationUri = "GW302" "invalid-integration-uri" Error Error "an integration's `uri` is missing or has the wrong form for its type";
    MissingPayloadFormatVersion = "GW303" "missing-payload-format-version" Warning AcceptedSilently "an integration without `payloadFormatVersion`";
    InvalidPayloadFormatVersion = "GW304" "invalid-payload-format-version" Error Error "a payload format version other than 1.0 and 2.0, or 2.0 on a non-Lambda integration";
    IntegrationTimeoutOutOfRange = "GW305" "integration-timeout-out-of-range" Error Error "`timeoutInMillis` outside 50 to 30000";
    LambdaIntegrationMethod = "GW306" "lambda-integration-method" Warning AcceptedSilently "a Lambda integration whose `httpMethod` is not POST";
    InvalidPrivateIntegration = "GW307" "invalid-private-integration" Error Error "a VPC link integration without `connectionId`, or VPC link settings on the wrong integration";
    TlsConfigOnPublicIntegration = "GW308" "tls-config-on-public-integration" Warning AcceptedSilently "`tlsConfig` on an integration that is not private";
    InvalidIntegrationSubtype = "GW309" "invalid-integration-subtype" Error Error "an `integrationSubtype` that does not exist, or one on a non-service integration";
    MissingSubtypeParameter = "GW310" "missing-subtype-parameter" Error Error "a service integration lacks a required request parameter";
    UnknownSubtypeParameter = "GW311" "unknown-subtype-parameter" Warning Warning "a service integration has a request parameter its action does not take";
    MissingIntegrationCredentials = "GW312" "missing-integration-credentials" Warning AcceptedSilently "a service integration without an IAM role (`credentials`)";
    InvalidParameterMapping = "GW313" "invalid-parameter-mapping" Error Error "a parameter mapping key or status code HTTP APIs do not accept";
    ReservedHeaderMapping = "GW314" "reserved-header-mapping" Error Error "a parameter mapping touches a reserved header";
    MultipleSecurityRequirements = "GW400" "multiple-security-requirements" Error Error "an operation asks for more than one security requirement or scheme";
    UndefinedSecurityScheme = "GW401" "undefined-security-scheme" Warning Warning "a security requirement names a scheme that is not defined";
    UnsupportedSecurityScheme = "GW402" "unsupported-security-scheme" Warning AcceptedSilently "a route relies on a scheme its kind of API ignores (API keys on an HTTP API, a `jwt` authorizer on a REST API), so it is open";
    ScopesWithoutJwt = "GW403" "scopes-without-jwt" Warning AcceptedSilently "authorization scopes on a route that is not JWT-authorized";
    RootLevelSecurity = "GW404" "root-level-security" Warning AcceptedSilently "security is required at the document root rather than per operation";
    InvalidJwtAuthorizer = "GW405" "invalid-jwt-authorizer" Error Error "a JWT authorizer without a usable issuer, identity source or audience list";
    InvalidLambdaAuthorizer = "GW406" "invalid-lambda-authorizer" Error Error "a Lambda authorizer without URI or payload format, or with invalid caching or simple responses";
    UnsupportedAuthorizerType = "GW407" "unsupported-authorizer-type" Warning Warning "an authorizer type HTTP APIs lack (`token`, `cognito_user_pools`)";
    TooManyScopes = "GW408" "too-many-scopes" Error Error "a route with more than 10 scopes, or a scope longer than 64 characters";
    JwtIssuerDiscovered = "GW409" "jwt-issuer-discovered" Info AcceptedSilently "a JWT issuer API Gateway reads from an `openIdConnectUrl` at import, which cannot be known offline";
    CorsCredentialsWithWildcardOrigin = "GW500" "cors-credentials-with-wildcard-origin" Error Error "CORS allows credentials together with the origin `*`";
    CorsMaxAgeOutOfRange = "GW501" "cors-max-age-out-of-range" Error Error "CORS `maxAge` outside -1 to 86400";
    UnknownCorsKey = "GW502" "unknown-cors-key" Warning AcceptedSilently "a CORS key API Gateway does not read (keys are camelCase)";
    FieldTooLong = "GW503" "field-too-long" Error Error "a name, version, description, operation name, URI or value over its length limit";
    InvalidTags = "GW504" "invalid-tags" Error Error "more than 50 tags, or a tag key or value AWS does not accept";
    TooManyRoutes = "GW505" "too-many-routes" Error Error "more routes than the default quota of 300 per API";
    TooManyIntegrations = "GW506" "too-many-integrations" Error Error "more than 300 integrations, a hard limit";
    TooManyAuthorizers = "GW507" "too-many-authorizers" Error Error "more authorizers than the default quota of 10 per API";
    InvalidEndpointConfiguration = "GW508" "invalid-endpoint-configuration" Error Error "an IP address type or import/export version AWS does not know";
    ControlCharacter = "GW509" "control-character" Warning AcceptedSilently "a name, key or value API Gateway stores holds a control character";
    UnknownAmazonExtension = "GW600" "unknown-amazon-extension" Warning AcceptedSilently "an `x-amazon-apigateway-*` extension that does not exist or sits where it is not read";
    UnknownOpenapiField = "GW601" "unknown-openapi-field" Warning Warning "a field OpenAPI 3.0 does not define, such as a misspelt `security`";
    ResourcePolicyIgnored = "GW602" "resource-policy-ignored" Warning AcceptedSilently "`x-amazon-apigateway-policy`: HTTP APIs do not apply resource policies";
    IgnoredRestFeature = "GW603" "ignored-rest-feature" Info Info "a REST API extension or integration setting that HTTP APIs ignore";
    RequestValidationIgnored = "GW604" "request-validation-ignored" Info Info "request bodies, parameter schemas and models, which HTTP APIs do not validate";
    RouteWithoutIntegration = "GW605" "route-without-integration" Info AcceptedSilently "an operation without an integration";
    UnresolvedValue = "GW700" "unresolved-value" Error NotApplicable "a CloudFormation intrinsic or `${…}` placeholder has no value at compile time";
    MixedApiKinds = "GW800" "mixed-api-kinds" Info NotApplicable "the document uses features only REST APIs have and features only HTTP APIs have";
    InvalidPathPart = "GW801" "invalid-path-part" Error Error "a path segment REST APIs do not accept";
    ResourceVariableConflict = "GW802" "resource-variable-conflict" Error Error "path variables named differently under one parent resource, or beside a greedy one";
    InvalidModelName = "GW803" "invalid-model-name" Warning Warning "a schema whose name is not alphanumeric, so no model is created for it";
    NonStringMappingValue = "GW804" "non-string-mapping-value" Warning Warning "a parameter mapping value that is not a string";
    InvalidMappingExpression = "GW805" "invalid-mapping-expression" Error Error "a REST parameter mapping whose key or value is not a mapping expression";
    UndeclaredResponseStatus = "GW806" "undeclared-response-status" Warning AcceptedSilently "an integration response whose status code the operation does not declare";
    UndefinedRequestValidator = "GW807" "undefined-request-validator" Error Error "a request validator that `x-amazon-apigateway-request-validators` does not define";
    UnknownGatewayResponseType = "GW808" "unknown-gateway-response-type" Error Error "a gateway response type that does not exist";
    InvalidRestApiSetting = "GW809" "invalid-rest-api-setting" Error Error "an API key source, binary media type, compression size or policy AWS does not accept";
    InvalidRestAuthorizer = "GW810" "invalid-rest-authorizer" Error Error "a REST authorizer without what its type needs";
    IgnoredHttpFeature = "GW811" "ignored-http-feature" Info Info "an HTTP API feature that REST APIs ignore";
    ApiKeyNotRequired = "GW812" "api-key-not-required" Warning AcceptedSilently "an API key scheme REST import does not read, or a key source no authorizer serves";
    ApiKeyOnlyProtection = "GW813" "api-key-only-protection" Info AcceptedSilently "a method protected by an API key alone";
    TooManyResources = "GW814" "too-many-resources" Error Error "more resources than the default quota of 300 per REST API";
    RestIntegrationTimeout = "GW815" "rest-integration-timeout" Error Error "a REST integration timeout outside 50 to 29000 ms";
    MappingTemplateTooLarge = "GW816" "mapping-template-too-large" Error Error "a mapping template over 300 KB";
    UnsupportedModelKeyword = "GW817" "unsupported-model-keyword" Info Info "a schema keyword REST API models (JSON Schema draft 4) do not support";
    InvalidRestIntegration = "GW818" "invalid-rest-integration" Error Error "a REST integration of an unknown type, or without the URI or HTTP method its type needs";
    InvalidApiKeyOrUsagePlan = "GW820" "invalid-api-key-or-usage-plan" Error Error "an API key or usage plan AWS would refuse, or a key value written in the document";
    DeprecatedApiKeySetting = "GW821" "deprecated-api-key-setting" Warning AcceptedSilently "`stageKeys` or `generateDistinctId` on an API key: usage plans replace them";
    UsagePlanWithoutKeyMethods = "GW822" "usage-plan-without-key-methods" Info AcceptedSilently "a usage plan with keys on an API where no method requires a key";
    KeyRequiredWithoutUsagePlan = "GW823" "key-required-without-usage-plan" Warning AcceptedSilently "methods require an API key, but no usage plan covers the API";
    ApiKeysOnHttpApi = "GW824" "api-keys-on-http-api" Error NotApplicable "API keys or usage plans described for an HTTP API, which has neither";
    TerraformBodyNotChecked = "GW900" "terraform-body-not-checked" Info NotApplicable "a Terraform `body` gatewright cannot read without running Terraform";
    TerraformCorsInBody = "GW901" "terraform-cors-in-body" Warning AcceptedSilently "`x-amazon-apigateway-cors` in a body Terraform deploys: the provider replaces or deletes it";
    TerraformStaleDeployment = "GW902" "terraform-stale-deployment" Warning AcceptedSilently "a REST API deployment whose triggers do not change with the body, so the stage keeps serving the old API";
    TerraformOverwriteDropsSettings = "GW903" "terraform-overwrite-drops-settings" Warning AcceptedSilently "`put_rest_api_mode = \"overwrite\"` with settings only the resource holds, which an overwrite import resets";
    TerraformBodyWithRouteResources = "GW904" "terraform-body-with-route-resources" Warning AcceptedSilently "a `body` and separate route, integration or method resources for the same API";
    TerraformFailOnWarningsUnset = "GW905" "terraform-fail-on-warnings-unset" Info AcceptedSilently "`fail_on_warnings` is not set while the body has warnings: the apply drops what they name";
    CloudformationBodyNotChecked = "GW910" "cloudformation-body-not-checked" Info NotApplicable "a CloudFormation `Body` or `BodyS3Location` gatewright cannot read without deploying the template";
    CloudformationStaleDeployment = "GW911" "cloudformation-stale-deployment" Warning AcceptedSilently "an `AWS::ApiGateway::Deployment` whose logical id does not change with the body, so the stage keeps serving the old API";
    CloudformationLambdaPermissionMissing = "GW912" "cloudformation-lambda-permission-missing" Warning AcceptedSilently "a function of the template that a body integrates, with no `AWS::Lambda::Permission` for API Gateway";
    CloudformationCorsInBody = "GW913" "cloudformation-cors-in-body" Warning AcceptedSilently "`x-amazon-apigateway-cors` in a body whose resource sets `CorsConfiguration`, which wins";
    CloudformationImportModeConflict = "GW914" "cloudformation-import-mode-conflict" Warning AcceptedSilently "a REST API `Mode` that resets or merges settings the resource and its body both hold";
    CloudformationFailOnWarningsUnset = "GW915" "cloudformation-fail-on-warnings-unset" Info AcceptedSilently "`FailOnWarnings` is not set while the body has warnings: the stack drops what they name";
    SamTransformFails = "GW920" "sam-transform-fails" Error Error "a SAM template the `AWS::Serverless-2016-10-31` transform refuses, so the stack is never created";
    WebsocketNoRouteSelection = "GW930" "websocket-no-route-selection" Error Error "a WebSocket API resource with no route selection expression: CloudFormation refuses it, Terraform sends HTTP's";
    WebsocketStaleDeployment = "GW931" "websocket-stale-deployment" Warning AcceptedSilently "a WebSocket deployment nothing re-creates, on a stage without auto-deploy, so the stage keeps serving the old routes";
    WebsocketDeploymentBeforeRoutes = "GW932" "websocket-deployment-before-routes" Warning AcceptedSilently "a WebSocket deployment that does not wait for the routes, so it may be created before any route exists";
    RouteResponseWithoutSelection = "GW933" "route-response-without-selection" Warning AcceptedSilently "a route response on a route without a route response selection expression, so no response is sent back";
    InvalidAsyncapiStructure = "GW1000" "invalid-asyncapi-structure" Error NotApplicable "an AsyncAPI document lacks what AsyncAPI 3.0 requires, or a `$ref` in it points at nothing";
    UnsupportedAsyncapiVersion = "GW1001" "unsupported-asyncapi-version" Error NotApplicable "a WebSocket API read from something other than an AsyncAPI 3 document (AsyncAPI 2, OpenAPI)";
    UndeterminedRouteKey = "GW1002" "undetermined-route-key" Error NotApplicable "a `receive` operation whose route key, or a message whose model key, cannot be determined";
    InvalidRouteKey = "GW1003" "invalid-route-key" Error Error "a WebSocket route key AWS refuses: empty, not a string, or a custom key starting with `$`";
    InvalidSelectionExpression = "GW1004" "invalid-selection-expression" Error Error "a route, route response, API key, model or template selection expression AWS does not accept";
    AuthorizerNotOnConnect = "GW1005" "authorizer-not-on-connect" Warning AcceptedSilently "an authorizer on a WebSocket route other than `$connect`";
    InvalidWebsocketAuthorizer = "GW1006" "invalid-websocket-authorizer" Error Error "a WebSocket authorizer that is not a Lambda `request` authorizer with a URI and `route.request.*` identity sources";
    InvalidWebsocketIntegration = "GW1007" "invalid-websocket-integration" Error Error "a WebSocket integration of an unknown type, without the URI or method its type needs, or with a value AWS refuses";
    HttpOnlyIntegrationField = "GW1008" "http-only-integration-field" Warning NotApplicable "an integration field only HTTP or REST APIs have, which a WebSocket integration does not deploy";
}

impl Code {
    /// Looks a code up by id (`GW002`) or name (`duplicate-key`), case-insensitively.
    pub fn find(s: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.id().eq_ignore_ascii_case(s) || c.name().eq_ignore_ascii_case(s))
    }

    /// The severity policy, as README states it: a code's default severity is AWS's own level
    /// where AWS has one; gatewright's advice (AWS accepts it silently) is at most a warning.
    pub fn follows_the_severity_policy(self) -> bool {
        match self.aws_level() {
            AwsLevel::Error => self.default_severity() == Severity::Error,
            AwsLevel::Warning => self.default_severity() == Severity::Warning,
            AwsLevel::Info => self.default_severity() == Severity::Info,
            AwsLevel::AcceptedSilently => self.default_severity() <= Severity::Warning,
            AwsLevel::NotApplicable => true,
        }
    }

    /// The Markdown table of every code that README.md embeds.
    pub fn markdown_table() -> String {
        let mut t = String::from("| code | name | severity | AWS | summary |\n|---|---|---|---|---|\n");
        for c in Code::ALL {
            t.push_str(&format!(
                "| {} | `{}` | {} | {} | {} |\n",
                c.id(),
                c.name(),
                c.default_severity().as_str(),
                c.aws_level().as_str(),
                c.summary()
            ));
        }
        t
    }

    /// Full documentation: what it flags, why, example, fix, AWS behaviour, source.
    pub fn docs(self) -> &'static str {
        match self {
            Code::InvalidSyntax => include_str!("docs/GW001.md"),
            Code::DuplicateKey => include_str!("docs/GW002.md"),
            Code::InvalidEncoding => include_str!("docs/GW003.md"),
            Code::EmptyDocument => include_str!("docs/GW004.md"),
            Code::UnsupportedOpenapiVersion => include_str!("docs/GW010.md"),
            Code::MissingOpenapiVersion => include_str!("docs/GW011.md"),
            Code::DocumentNotAMapping => include_str!("docs/GW012.md"),
            Code::Openapi31Converted => include_str!("docs/GW013.md"),
            Code::Openapi31KeywordDropped => include_str!("docs/GW014.md"),
            Code::InvalidOpenapiStructure => include_str!("docs/GW100.md"),
            Code::InvalidExtension => include_str!("docs/GW101.md"),
            Code::UnresolvedRef => include_str!("docs/GW102.md"),
            Code::ExternalRef => include_str!("docs/GW103.md"),
            Code::MissingApiName => include_str!("docs/GW104.md"),
            Code::UnresolvedModelRef => include_str!("docs/GW105.md"),
            Code::DuplicateRouteKey => include_str!("docs/GW200.md"),
            Code::RouteVariableConflict => include_str!("docs/GW201.md"),
            Code::GreedyVariableNotLast => include_str!("docs/GW202.md"),
            Code::PartialPathVariable => include_str!("docs/GW203.md"),
            Code::DuplicatePathVariable => include_str!("docs/GW204.md"),
            Code::PathWithoutLeadingSlash => include_str!("docs/GW205.md"),
            Code::PathTrailingSlash => include_str!("docs/GW206.md"),
            Code::EmptyPathSegment => include_str!("docs/GW207.md"),
            Code::UnsupportedMethod => include_str!("docs/GW208.md"),
            Code::MisplacedDefaultRoute => include_str!("docs/GW209.md"),
            Code::UnsupportedIntegrationType => include_str!("docs/GW300.md"),
            Code::UnknownIntegrationType => include_str!("docs/GW301.md"),
            Code::InvalidIntegrationUri => include_str!("docs/GW302.md"),
            Code::MissingPayloadFormatVersion => include_str!("docs/GW303.md"),
            Code::InvalidPayloadFormatVersion => include_str!("docs/GW304.md"),
            Code::IntegrationTimeoutOutOfRange => include_str!("docs/GW305.md"),
            Code::LambdaIntegrationMethod => include_str!("docs/GW306.md"),
            Code::InvalidPrivateIntegration => include_str!("docs/GW307.md"),
            Code::TlsConfigOnPublicIntegration => include_str!("docs/GW308.md"),
            Code::InvalidIntegrationSubtype => include_str!("docs/GW309.md"),
            Code::MissingSubtypeParameter => include_str!("docs/GW310.md"),
            Code::UnknownSubtypeParameter => include_str!("docs/GW311.md"),
            Code::MissingIntegrationCredentials => include_str!("docs/GW312.md"),
            Code::InvalidParameterMapping => include_str!("docs/GW313.md"),
            Code::ReservedHeaderMapping => include_str!("docs/GW314.md"),
            Code::MultipleSecurityRequirements => include_str!("docs/GW400.md"),
            Code::UndefinedSecurityScheme => include_str!("docs/GW401.md"),
            Code::UnsupportedSecurityScheme => include_str!("docs/GW402.md"),
            Code::ScopesWithoutJwt => include_str!("docs/GW403.md"),
            Code::RootLevelSecurity => include_str!("docs/GW404.md"),
            Code::InvalidJwtAuthorizer => include_str!("docs/GW405.md"),
            Code::InvalidLambdaAuthorizer => include_str!("docs/GW406.md"),
            Code::UnsupportedAuthorizerType => include_str!("docs/GW407.md"),
            Code::TooManyScopes => include_str!("docs/GW408.md"),
            Code::JwtIssuerDiscovered => include_str!("docs/GW409.md"),
            Code::CorsCredentialsWithWildcardOrigin => include_str!("docs/GW500.md"),
            Code::CorsMaxAgeOutOfRange => include_str!("docs/GW501.md"),
            Code::UnknownCorsKey => include_str!("docs/GW502.md"),
            Code::FieldTooLong => include_str!("docs/GW503.md"),
            Code::InvalidTags => include_str!("docs/GW504.md"),
            Code::TooManyRoutes => include_str!("docs/GW505.md"),
            Code::TooManyIntegrations => include_str!("docs/GW506.md"),
            Code::TooManyAuthorizers => include_str!("docs/GW507.md"),
            Code::InvalidEndpointConfiguration => include_str!("docs/GW508.md"),
            Code::ControlCharacter => include_str!("docs/GW509.md"),
            Code::UnknownAmazonExtension => include_str!("docs/GW600.md"),
            Code::UnknownOpenapiField => include_str!("docs/GW601.md"),
            Code::ResourcePolicyIgnored => include_str!("docs/GW602.md"),
            Code::IgnoredRestFeature => include_str!("docs/GW603.md"),
            Code::RequestValidationIgnored => include_str!("docs/GW604.md"),
            Code::RouteWithoutIntegration => include_str!("docs/GW605.md"),
            Code::UnresolvedValue => include_str!("docs/GW700.md"),
            Code::MixedApiKinds => include_str!("docs/GW800.md"),
            Code::InvalidPathPart => include_str!("docs/GW801.md"),
            Code::ResourceVariableConflict => include_str!("docs/GW802.md"),
            Code::InvalidModelName => include_str!("docs/GW803.md"),
            Code::NonStringMappingValue => include_str!("docs/GW804.md"),
            Code::InvalidMappingExpression => include_str!("docs/GW805.md"),
            Code::UndeclaredResponseStatus => include_str!("docs/GW806.md"),
            Code::UndefinedRequestValidator => include_str!("docs/GW807.md"),
            Code::UnknownGatewayResponseType => include_str!("docs/GW808.md"),
            Code::InvalidRestApiSetting => include_str!("docs/GW809.md"),
            Code::InvalidRestAuthorizer => include_str!("docs/GW810.md"),
            Code::IgnoredHttpFeature => include_str!("docs/GW811.md"),
            Code::ApiKeyNotRequired => include_str!("docs/GW812.md"),
            Code::ApiKeyOnlyProtection => include_str!("docs/GW813.md"),
            Code::TooManyResources => include_str!("docs/GW814.md"),
            Code::RestIntegrationTimeout => include_str!("docs/GW815.md"),
            Code::MappingTemplateTooLarge => include_str!("docs/GW816.md"),
            Code::UnsupportedModelKeyword => include_str!("docs/GW817.md"),
            Code::InvalidRestIntegration => include_str!("docs/GW818.md"),
            Code::InvalidApiKeyOrUsagePlan => include_str!("docs/GW820.md"),
            Code::DeprecatedApiKeySetting => include_str!("docs/GW821.md"),
            Code::UsagePlanWithoutKeyMethods => include_str!("docs/GW822.md"),
            Code::KeyRequiredWithoutUsagePlan => include_str!("docs/GW823.md"),
            Code::ApiKeysOnHttpApi => include_str!("docs/GW824.md"),
            Code::TerraformBodyNotChecked => include_str!("docs/GW900.md"),
            Code::TerraformCorsInBody => include_str!("docs/GW901.md"),
            Code::TerraformStaleDeployment => include_str!("docs/GW902.md"),
            Code::TerraformOverwriteDropsSettings => include_str!("docs/GW903.md"),
            Code::TerraformBodyWithRouteResources => include_str!("docs/GW904.md"),
            Code::TerraformFailOnWarningsUnset => include_str!("docs/GW905.md"),
            Code::CloudformationBodyNotChecked => include_str!("docs/GW910.md"),
            Code::CloudformationStaleDeployment => include_str!("docs/GW911.md"),
            Code::CloudformationLambdaPermissionMissing => include_str!("docs/GW912.md"),
            Code::CloudformationCorsInBody => include_str!("docs/GW913.md"),
            Code::CloudformationImportModeConflict => include_str!("docs/GW914.md"),
            Code::CloudformationFailOnWarningsUnset => include_str!("docs/GW915.md"),
            Code::SamTransformFails => include_str!("docs/GW920.md"),
            Code::WebsocketNoRouteSelection => include_str!("docs/GW930.md"),
            Code::WebsocketStaleDeployment => include_str!("docs/GW931.md"),
            Code::WebsocketDeploymentBeforeRoutes => include_str!("docs/GW932.md"),
            Code::RouteResponseWithoutSelection => include_str!("docs/GW933.md"),
            Code::InvalidAsyncapiStructure => include_str!("docs/GW1000.md"),
            Code::UnsupportedAsyncapiVersion => include_str!("docs/GW1001.md"),
            Code::UndeterminedRouteKey => include_str!("docs/GW1002.md"),
            Code::InvalidRouteKey => include_str!("docs/GW1003.md"),
            Code::InvalidSelectionExpression => include_str!("docs/GW1004.md"),
            Code::AuthorizerNotOnConnect => include_str!("docs/GW1005.md"),
            Code::InvalidWebsocketAuthorizer => include_str!("docs/GW1006.md"),
            Code::InvalidWebsocketIntegration => include_str!("docs/GW1007.md"),
            Code::HttpOnlyIntegrationField => include_str!("docs/GW1008.md"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        // Ids sort by number: GW915 comes before GW1000.
        let number = |id: &str| id.strip_prefix("GW").and_then(|n| n.parse::<u32>().ok());
        let mut ids: Vec<_> = Code::ALL.iter().map(|c| number(c.id()).expect("GW and a number")).collect();
        ids.dedup();
        assert_eq!(ids.len(), Code::ALL.len());
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids must be in order");
        for c in Code::ALL {
            assert!(c.name().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", c.name());
            assert!(c.docs().starts_with(&format!("# {} `{}`", c.id(), c.name())), "{} docs heading", c.id());
            assert_eq!(Code::find(c.name()), Some(*c));
        }
    }
}
