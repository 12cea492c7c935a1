//! The IR: what API Gateway would create from the document, as plain data.
//!
//! `Api` holds the API settings, its authorizers, integrations and routes. Every node keeps the
//! JSON pointer it came from, so checks can label the exact place. Values that may be
//! CloudFormation expressions are [`Val`]s. Lowering builds it; checks only read it.

mod api;
mod auth;
mod integration;
mod route;

pub use crate::basepath::BasePathMode;
pub use api::{Api, Cors, Tag};
pub use auth::{Authorizer, AuthorizerKind, RouteAuth, SchemeInfo, SchemeKind, SecurityRequirement};
pub use integration::{Integration, IntegrationKind};
pub use route::{Method, Route, RouteKey, Segment};

pub use crate::value::{Field, Int, Val};
