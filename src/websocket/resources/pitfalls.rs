//! What writing a WebSocket API as resources gets wrong, beyond the WebSocket checks themselves:
//! GW930 (no route selection expression), GW931 (a deployment nothing re-creates, on a stage
//! without auto-deploy), GW932 (a deployment that does not wait for the routes), GW933 (a route
//! response on a route without a route response selection expression).

use super::{Resource, Set, Type};
use crate::diagnostics::{Code, Diagnostic};
use crate::websocket::ir::WebSocketApi;
use crate::websocket::written::Written;
use std::collections::HashSet;

/// The findings about `api` (lowered to `ws`) and its `members`.
pub fn run<'t>(set: &Set<'t>, api: &Resource<'t>, members: &[&Resource<'t>], ws: &WebSocketApi) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    no_route_selection(set, api, &mut out);
    deployments(set, api, members, &mut out);
    for r in &ws.routes {
        let Some(rr) = &r.route_response else { continue };
        if r.route_response_selection_expression.is_some() {
            continue;
        }
        let name = set.name_of(Type::Route, "RouteResponseSelectionExpression");
        let assign = match set.written {
            Written::Terraform => format!("`{name} = \"$default\"`"),
            _ => format!("`{name}: $default`"),
        };
        out.push(
            Diagnostic::new(
                Code::RouteResponseWithoutSelection,
                format!("route `{}` has a route response but no `{name}`: nothing is sent back to the client", r.key),
            )
            .at_key(&rr.pointer, "a route response")
            .at_key(&r.pointer, format!("no `{name}`"))
            .help(format!("add {assign} to `{}` to make it a two-way route", r.operation)),
        );
    }
    out
}

/// GW930.
fn no_route_selection(set: &Set<'_>, api: &Resource<'_>, out: &mut Vec<Diagnostic>) {
    if set.prop(api, "RouteSelectionExpression").is_some() {
        return;
    }
    let d = match set.written {
        Written::Terraform => Diagnostic::new(
            Code::WebsocketNoRouteSelection,
            format!(
                "`{}` sets no `route_selection_expression`: the AWS provider sends HTTP's `$request.method $request.path`, which selects no WebSocket route",
                api.id
            ),
        )
        .at_key(&api.at, "a WebSocket API with the provider's default expression")
        .help("add `route_selection_expression = \"$request.body.action\"` (the message property that names the route)"),
        _ => Diagnostic::new(
            Code::WebsocketNoRouteSelection,
            format!(
                "`{}` has no `RouteSelectionExpression`, which a WebSocket API requires: CloudFormation fails to create it",
                api.id
            ),
        )
        .at_key(&api.at, "no `RouteSelectionExpression`")
        .help("add `RouteSelectionExpression: $request.body.action` (the message property that names the route)"),
    };
    out.push(d);
}

/// GW931 and GW932.
fn deployments<'t>(set: &Set<'t>, api: &Resource<'t>, members: &[&Resource<'t>], out: &mut Vec<Diagnostic>) {
    let routes: HashSet<&str> = members.iter().filter(|r| r.ty == Type::Route).map(|r| r.id.as_str()).collect();
    let stages: Vec<&Resource<'t>> = members.iter().copied().filter(|r| r.ty == Type::Stage).collect();
    for d in members.iter().filter(|r| r.ty == Type::Deployment) {
        // Terraform waits for what `triggers` names too.
        let triggered = set
            .prop(d, "Triggers")
            .map(|(n, _)| {
                crate::tree::NodeRef::entries(&n).into_iter().flat_map(|(_, v)| set.named(v, Type::Route)).count() > 0
            })
            .unwrap_or(false);
        // With no route in this file, the routes may be in another file of the configuration.
        let waits = routes.is_empty() || d.depends_on.iter().any(|id| routes.contains(id.as_str()));
        if !triggered && !waits {
            let (wait, how) = match set.written {
                Written::Terraform => ("depends_on", "`depends_on = [ROUTE, …]`"),
                _ => ("DependsOn", "`DependsOn: [ROUTE, …]`"),
            };
            out.push(
                Diagnostic::new(
                    Code::WebsocketDeploymentBeforeRoutes,
                    format!(
                        "`{}` does not wait for the routes of `{}`: it may be made before them, and AWS refuses to deploy an API without routes",
                        d.id, api.id
                    ),
                )
                .at_key(&d.at, format!("no `{wait}` on a route"))
                .help(format!("add {how} naming the API's routes, so the deployment is made after them")),
            );
        }
        if d.renewed {
            continue;
        }
        let serving: Vec<&&Resource<'t>> = stages
            .iter()
            .filter(|s| set.target(s, "DeploymentId", Type::Deployment).is_some_and(|t| t.id == d.id))
            .filter(|s| {
                set.prop(s, "AutoDeploy").and_then(|(n, _)| n.as_bool().or_else(|| n.as_str().map(|t| t == "true")))
                    != Some(true)
            })
            .collect();
        let Some(stage) = serving.first() else { continue };
        let (message, help) = match set.written {
            Written::Terraform => (
                format!(
                    "`{}` has no `triggers`: Terraform never re-creates it, so `{}` keeps serving the routes of its first apply",
                    d.id, stage.id
                ),
                format!(
                    "set `auto_deploy = true` on `{}` (and drop the deployment), or add `triggers = {{ redeployment = sha1(jsonencode([…the routes and integrations…])) }}` with `lifecycle {{ create_before_destroy = true }}`",
                    stage.id
                ),
            ),
            _ => (
                format!(
                    "`{}` keeps its logical id when the routes change: CloudFormation never makes a new deployment, so `{}` keeps serving the old routes",
                    d.id, stage.id
                ),
                format!(
                    "set `AutoDeploy: true` on `{}` (and drop the deployment), or end the deployment's logical id with a hash of the routes, as CDK does",
                    stage.id
                ),
            ),
        };
        out.push(
            Diagnostic::new(Code::WebsocketStaleDeployment, message)
                .at_key(&d.at, "made once")
                .at_key(&stage.at, "no auto-deploy")
                .help(help),
        );
    }
}
