//! HTTP APIs (API Gateway v2): the document lowered as `ImportApi` reads it, its import checks,
//! and the `routes` view, and the backends that create one (`deploy` executes their plan).
//!
//! - [`ir`]: routes, integrations, authorizers, CORS and API settings as plain data.
//! - [`lower`]: tree → [`ir::Api`]; on a second thread, the OpenAPI 3.0 shape of what HTTP APIs
//!   ignore is checked with the `openapiv3` types, as the importer's parser does.
//! - [`check`]: the import checks over the IR, in a fixed order; they never change it.
//! - [`view`]: `routes` (AWS `get-*` JSON shapes, a table) and `route` (request matching).
//! - [`emit`]: the IR as API Gateway v2 resources (granular mode, rendered by `emit/v2/`) or the
//!   document for the importer (import mode).

pub mod check;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod view;
