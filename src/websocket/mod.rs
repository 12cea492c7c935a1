//! WebSocket APIs (API Gateway v2, `ProtocolType: WEBSOCKET`) read from AsyncAPI 3.0 documents:
//! AWS has no description format for them (`import-api` takes HTTP APIs only), so gatewright
//! maps AsyncAPI onto API Gateway's model (README, "WebSocket APIs"). The same API written as
//! Terraform or CloudFormation resources is read by [`resources`] into the same IR, and checked
//! by the same checks.
//!
//! - [`ir`]: the API, its routes (route key, integration, authorizer, API key, request models,
//!   route response), integrations with their responses, the `$connect` authorizer, models.
//! - [`expression`]: selection expressions, parsed once for lowering, the checks and `route`.
//! - [`lower`]: AsyncAPI 3.0 → [`ir::WebSocketApi`]; `receive` operations are routes.
//! - [`check`]: AWS's WebSocket rules (GW10xx, and the shared codes where the problem is the
//!   same: duplicate route keys, quotas).
//! - [`view`]: `routes` (the `aws apigatewayv2 get-*` shapes), [`simulate`]: `route FILE MESSAGE`.
//! - [`resources`]: `aws_apigatewayv2_*` / `AWS::ApiGatewayV2::*` resources → the IR, and the
//!   pitfalls of writing an API that way (GW930–GW933); [`written`]: the names each source uses.
//! - [`emit`]: the IR as API Gateway v2 resources, rendered by `emit/v2/` (granular mode only:
//!   AWS imports no WebSocket description); `deploy` executes their plan.

pub mod check;
pub mod emit;
pub mod expression;
pub mod ir;
pub mod lower;
pub mod resources;
pub mod simulate;
pub mod view;
pub mod written;
