//! REST APIs (API Gateway v1): Swagger 2.0 and OpenAPI 3.0 lowered as `ImportRestApi` reads them,
//! the REST import checks, the `routes` view, and the backends written so far ([`emit`]).
//!
//! - [`ir`]: resources, methods, integrations with their responses, authorizers, models,
//!   request validators, gateway responses and API settings, in AWS's v1 vocabulary.
//! - [`lower`]: tree → [`ir::RestApi`], AWS's defaults filled as the recording shows them.
//! - [`check`]: the REST import checks (GW8xx), plus the document checks both kinds share.
//! - [`view`]: `routes --api rest` (AWS `get-*` JSON shapes, a resource tree) and `route`.

pub mod check;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod simulate;
pub mod view;
