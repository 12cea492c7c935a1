//! API-level settings: name, version, description, tags, CORS, endpoint configuration.

use super::{Authorizer, BasePathMode, Field, Integration, Route, SchemeInfo, Val};
use crate::pointer::Pointer;

/// The API that import would create.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Api {
    /// `info.title` → `Name`.
    pub name: Option<Field<Val<String>>>,
    /// `info.version` → `Version`.
    pub version: Option<Field<Val<String>>>,
    /// `info.description` → `Description`.
    pub description: Option<Field<Val<String>>>,
    /// Root `tags` with `x-amazon-apigateway-tag-value`.
    pub tags: Vec<Tag>,
    /// Root `x-amazon-apigateway-cors`.
    pub cors: Option<Cors>,
    /// `servers[].x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint`.
    pub disable_execute_api_endpoint: Option<Field<Val<bool>>>,
    /// `servers[].x-amazon-apigateway-endpoint-configuration.ipAddressType`.
    pub ip_address_type: Option<Field<Val<String>>>,
    /// The detected base path (`servers[0]` url path or its `basePath` variable), normalised.
    pub base_path: Option<Field<String>>,
    /// The mode the routes were lowered with.
    pub base_path_mode: BasePathMode,
    /// Security schemes and what each means for HTTP APIs.
    pub security_schemes: Vec<SchemeInfo>,
    /// Lambda and JWT authorizers, by scheme name.
    pub authorizers: Vec<Authorizer>,
    /// Integrations: one per reusable component, one per inline definition.
    pub integrations: Vec<Integration>,
    /// Routes in document order.
    pub routes: Vec<Route>,
}

impl Api {
    /// The CORS configuration AWS creates: none when the extension has no key it reads.
    pub fn effective_cors(&self) -> Option<&Cors> {
        self.cors.as_ref().filter(|c| !c.is_empty())
    }
}

/// One API tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    /// `name`.
    pub key: String,
    /// `x-amazon-apigateway-tag-value`; empty when absent.
    pub value: Val<String>,
    /// The tag object.
    pub pointer: Pointer,
}

/// `x-amazon-apigateway-cors`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cors {
    /// `allowOrigins`.
    pub allow_origins: Option<Val<Vec<String>>>,
    /// `allowMethods`.
    pub allow_methods: Option<Val<Vec<String>>>,
    /// `allowHeaders`.
    pub allow_headers: Option<Val<Vec<String>>>,
    /// `exposeHeaders`.
    pub expose_headers: Option<Val<Vec<String>>>,
    /// `maxAge`.
    pub max_age: Option<Val<super::Int>>,
    /// `allowCredentials`.
    pub allow_credentials: Option<Val<bool>>,
    /// The extension object.
    pub pointer: Pointer,
}

impl Cors {
    /// No key API Gateway reads (for example only snake_case keys): AWS creates no CORS
    /// configuration at all.
    pub fn is_empty(&self) -> bool {
        self.allow_origins.is_none()
            && self.allow_methods.is_none()
            && self.allow_headers.is_none()
            && self.expose_headers.is_none()
            && self.max_age.is_none()
            && self.allow_credentials.is_none()
    }
}
