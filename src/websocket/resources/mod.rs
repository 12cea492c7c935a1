//! WebSocket APIs written as resources: `aws_apigatewayv2_*` in Terraform, `AWS::ApiGatewayV2::*`
//! in CloudFormation. Each reader hands over its resources as nodes of a span tree over its file
//! (the template's own tree; for Terraform, a tree built over the `.tf` text), with their kind,
//! their references to each other and where they are written ([`Set`]); [`lower`] builds the same
//! [`WebSocketApi`] an AsyncAPI document lowers to, every element pointing at the resource or
//! argument it came from, so the WebSocket checks run unchanged and their findings land in the
//! file. [`pitfalls`] adds what only writing the API as resources gets wrong (GW930–GW933).
//!
//! Property names are CloudFormation's; [`Set::prop`] reads Terraform's snake-case arguments
//! under them. Values only Terraform or CloudFormation know (a function's ARN, a variable) are
//! kept as written, and never judged.

mod lower;
pub mod pitfalls;

pub use lower::lower;

/// One WebSocket API of a file, checked.
#[derive(Debug)]
pub struct Found {
    /// The API resource's id.
    pub id: String,
    /// The API.
    pub api: WebSocketApi,
    /// The WebSocket checks' findings and the pitfalls', labels resolved to spans of the file.
    pub diagnostics: Vec<Diagnostic>,
}

/// Every WebSocket API of `set` (a set over `tree`, a tree over `source`'s text), in order, each
/// lowered and checked; `wanted` limits the checks to one API (`--resource`), whose id is still
/// listed with the others.
pub fn check(source: &SourceFile, tree: &Tree, set: &Set<'_>, wanted: Option<&str>) -> Vec<Found> {
    let members = set.by_api();
    let mut out = Vec::new();
    for api in set.apis() {
        if wanted.is_some_and(|w| w != api.id) {
            out.push(Found { id: api.id.clone(), api: WebSocketApi::default(), diagnostics: Vec::new() });
            continue;
        }
        let mine = members.get(api.id.as_str()).map_or(&[][..], Vec::as_slice);
        let ws = lower(set, api, mine);
        let mut found = crate::websocket::check::of_api(&ws);
        // The expression Terraform sends when none is written is GW930's, said once.
        found.retain(|d| !(d.code == Code::InvalidSelectionExpression && d.pointer() == Some(&api.at)));
        found.extend(pitfalls::run(set, api, mine, &ws));
        let mut diagnostics: Vec<Diagnostic> = found
            .into_iter()
            .map(|mut d| {
                let labels = crate::diagnostics::render::resolve_labels(source, Some(tree), &d);
                d.subject = d.pointer().cloned();
                // Edits are made for documents; a configuration or template is not rewritten.
                d.fix = None;
                d.labels = labels
                    .into_iter()
                    .map(|l| crate::diagnostics::Label { location: Location::Span(l.span), message: l.message })
                    .collect();
                d
            })
            .collect();
        diagnostics.sort_by(|a, b| (first(a), a.code, &a.message).cmp(&(first(b), b.code, &b.message)));
        out.push(Found { id: api.id.clone(), api: ws, diagnostics });
    }
    out
}

fn first(d: &Diagnostic) -> usize {
    match d.labels.first().map(|l| &l.location) {
        Some(Location::Span(s)) => s.start,
        _ => 0,
    }
}

use super::ir::WebSocketApi;
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::source::SourceFile;
use crate::tree::Tree;

use super::written::Written;
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use std::collections::HashMap;

/// The kinds of resource a WebSocket API is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `aws_apigatewayv2_api`, `AWS::ApiGatewayV2::Api`.
    Api,
    /// A route.
    Route,
    /// A route response.
    RouteResponse,
    /// An integration.
    Integration,
    /// An integration response.
    IntegrationResponse,
    /// An authorizer.
    Authorizer,
    /// A model.
    Model,
    /// A stage.
    Stage,
    /// A deployment.
    Deployment,
}

impl Type {
    /// The type of a CloudFormation resource type name's last part (`Route` of
    /// `AWS::ApiGatewayV2::Route`), or of a Terraform type's (`route` of `aws_apigatewayv2_route`).
    pub fn of(name: &str) -> Option<Type> {
        Some(match name.replace('_', "").to_ascii_lowercase().as_str() {
            "api" => Type::Api,
            "route" => Type::Route,
            "routeresponse" => Type::RouteResponse,
            "integration" => Type::Integration,
            "integrationresponse" => Type::IntegrationResponse,
            "authorizer" => Type::Authorizer,
            "model" => Type::Model,
            "stage" => Type::Stage,
            "deployment" => Type::Deployment,
            _ => return None,
        })
    }
}

/// One resource.
pub struct Resource<'t> {
    /// The logical id, or the Terraform address (`aws_apigatewayv2_route.connect`).
    pub id: String,
    /// Its kind.
    pub ty: Type,
    /// The resource: where findings about it as a whole go (its logical id, its block's head).
    pub at: Pointer,
    /// Its properties (`Properties`; a Terraform block's arguments), and where they are.
    pub props: Option<NodeRef<'t>>,
    /// See `props`.
    pub props_at: Pointer,
    /// The resources it waits for (`depends_on`, `DependsOn`).
    pub depends_on: Vec<String>,
    /// A deployment that is created anew when the API changes: Terraform `triggers`, a
    /// CloudFormation logical id ending in a hash.
    pub renewed: bool,
}

/// The resources of one file, indexed by id, and how that file names one resource in another's
/// property.
pub struct Set<'t> {
    /// Terraform or CloudFormation.
    pub written: Written,
    /// In the order they are written.
    pub resources: Vec<Resource<'t>>,
    by_id: HashMap<String, usize>,
    /// The ids of the resources a value names (`aws_apigatewayv2_api.chat.id`, `!Ref ChatApi`,
    /// `integrations/${Integration}`).
    refs: fn(NodeRef<'_>) -> Vec<String>,
}

impl<'t> Set<'t> {
    /// A set of resources.
    pub fn new(written: Written, resources: Vec<Resource<'t>>, refs: fn(NodeRef<'_>) -> Vec<String>) -> Self {
        let mut by_id = HashMap::with_capacity(resources.len());
        for (i, r) in resources.iter().enumerate() {
            by_id.entry(r.id.clone()).or_insert(i);
        }
        Set { written, resources, by_id, refs }
    }

    /// The resource `id`.
    pub fn get(&self, id: &str) -> Option<&Resource<'t>> {
        self.by_id.get(id).map(|&i| &self.resources[i])
    }

    /// The property `name` (CloudFormation's name) of `r`, and where it is.
    pub fn prop(&self, r: &Resource<'t>, name: &str) -> Option<(NodeRef<'t>, Pointer)> {
        let key = match self.written {
            Written::CloudFormation => name.to_string(),
            Written::AsyncApi | Written::Terraform => terraform_name(r.ty, name),
        };
        let node = r.props?.get(&key)?;
        Some((node, r.props_at.child(&key)))
    }

    /// The name this file writes the property `name` under, for messages.
    pub fn name_of(&self, ty: Type, name: &str) -> String {
        match self.written {
            Written::CloudFormation => name.to_string(),
            _ => terraform_name(ty, name),
        }
    }

    /// The resources of type `ty` a value names.
    pub fn named(&self, node: NodeRef<'_>, ty: Type) -> Vec<&Resource<'t>> {
        (self.refs)(node).iter().filter_map(|id| self.get(id)).filter(|r| r.ty == ty).collect()
    }

    /// The first resource of type `ty` the property `name` of `r` names.
    pub fn target(&self, r: &Resource<'t>, name: &str, ty: Type) -> Option<&Resource<'t>> {
        self.prop(r, name).and_then(|(n, _)| self.named(n, ty).into_iter().next())
    }

    /// The WebSocket APIs: every API resource whose protocol is `WEBSOCKET`, in order.
    pub fn apis(&self) -> Vec<&Resource<'t>> {
        self.resources
            .iter()
            .filter(|r| r.ty == Type::Api)
            .filter(|r| {
                self.prop(r, "ProtocolType")
                    .and_then(|(p, _)| p.as_str())
                    .is_some_and(|p| p.eq_ignore_ascii_case("WEBSOCKET"))
            })
            .collect()
    }

    /// The resources of each API, by the API's id: those whose `ApiId` names it. One pass.
    pub fn by_api(&self) -> HashMap<&str, Vec<&Resource<'t>>> {
        let mut out: HashMap<&str, Vec<&Resource<'t>>> = HashMap::new();
        for r in self.resources.iter().filter(|r| r.ty != Type::Api) {
            if let Some(api) = self.target(r, "ApiId", Type::Api) {
                out.entry(api.id.as_str()).or_default().push(r);
            }
        }
        out
    }
}

/// A CloudFormation property's Terraform argument: snake case, with the provider's own names
/// where they differ.
fn terraform_name(ty: Type, name: &str) -> String {
    match (ty, name) {
        (Type::Integration, "TimeoutInMillis") => return "timeout_milliseconds".into(),
        (Type::Authorizer, "IdentitySource") => return "identity_sources".into(),
        (Type::Stage, "StageName") => return "name".into(),
        _ => {}
    }
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Type, terraform_name};

    #[test]
    fn cloudformation_names_become_the_providers_arguments() {
        assert_eq!(
            terraform_name(Type::Route, "RouteResponseSelectionExpression"),
            "route_response_selection_expression"
        );
        assert_eq!(terraform_name(Type::Integration, "CredentialsArn"), "credentials_arn");
        assert_eq!(terraform_name(Type::Integration, "TimeoutInMillis"), "timeout_milliseconds");
        assert_eq!(terraform_name(Type::Authorizer, "IdentitySource"), "identity_sources");
        assert_eq!(terraform_name(Type::Stage, "StageName"), "name");
        assert_eq!(Type::of("integration_response"), Some(Type::IntegrationResponse));
        assert_eq!(Type::of("IntegrationResponse"), Some(Type::IntegrationResponse));
        assert_eq!(Type::of("vpc_link"), None);
    }
}
