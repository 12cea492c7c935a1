//! The backend-neutral resource model of API Gateway v2: what granular mode creates, in the wire
//! format of the API Gateway v2 REST API (camelCase bodies), with the document pointer of every
//! field and references between resources kept symbolic until a backend renders them. Which
//! kind of API the resources come from is behind [`Builder`]: a [`Set`] is the same to every
//! renderer whether HTTP's builder (`http/emit/`) or WebSocket's (`websocket/emit/`) made it.

use crate::pointer::Pointer;
use crate::value::Val;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// What kind of API Gateway resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Api,
    Authorizer,
    Integration,
    Route,
    Stage,
    /// WebSocket APIs: a request or response body schema.
    Model,
    /// WebSocket APIs: a response of an integration (its parent).
    IntegrationResponse,
    /// WebSocket APIs: the response of a two-way route (its parent).
    RouteResponse,
}

impl Kind {
    /// The collection in `/v2/apis/{apiId}/…` and the id field a create call returns.
    pub(crate) fn collection(self) -> (&'static str, &'static str) {
        match self {
            Kind::Api => ("", "apiId"),
            Kind::Authorizer => ("authorizers", "authorizerId"),
            Kind::Integration => ("integrations", "integrationId"),
            Kind::Route => ("routes", "routeId"),
            Kind::Stage => ("stages", "stageName"),
            Kind::Model => ("models", "modelId"),
            Kind::IntegrationResponse => ("integrationresponses", "integrationResponseId"),
            Kind::RouteResponse => ("routeresponses", "routeResponseId"),
        }
    }

    /// The kind a reference marker names (`"authorizer"`, `"integration"`, …).
    pub(crate) fn from_word(word: &str) -> Option<Kind> {
        [
            Kind::Api,
            Kind::Authorizer,
            Kind::Integration,
            Kind::Route,
            Kind::Stage,
            Kind::Model,
            Kind::IntegrationResponse,
            Kind::RouteResponse,
        ]
        .into_iter()
        .find(|k| k.word() == word)
    }

    /// The kind's name in plans, placeholders and CLI commands (`create-route-response`).
    pub(crate) fn word(self) -> &'static str {
        match self {
            Kind::Api => "api",
            Kind::Authorizer => "authorizer",
            Kind::Integration => "integration",
            Kind::Route => "route",
            Kind::Stage => "stage",
            Kind::Model => "model",
            Kind::IntegrationResponse => "integration-response",
            Kind::RouteResponse => "route-response",
        }
    }
}

/// Marker key for a reference to another resource's id inside a body:
/// `{"$gatewright:id": ["integration", "petsFn"]}`; `target` wraps it as `integrations/<id>`.
pub(crate) const REF: &str = "$gatewright:id";
pub(crate) const TARGET: &str = "$gatewright:target";

/// One resource to create.
#[derive(Clone, Debug)]
pub(crate) struct Resource {
    pub(crate) kind: Kind,
    /// Stable name: the authorizer name, the integration id, the route key, the stage name.
    pub(crate) name: String,
    /// The create request's body, camelCase, with reference markers.
    pub(crate) body: Map<String, Value>,
    /// Where each body field (by key path) came from in the document; recorded only when asked
    /// for ([`Set::build_traced`]): only unresolved values need it, and rendering a large API
    /// would otherwise build a pointer per field it never reads.
    pub(crate) sources: Vec<(Vec<String>, Pointer)>,
    traced: bool,
    /// The document node the resource comes from (the operation, scheme, integration object).
    pub(crate) pointer: Option<Pointer>,
}

impl Resource {
    pub(crate) fn new(kind: Kind, name: impl Into<String>, traced: bool) -> Self {
        Resource { kind, name: name.into(), body: Map::new(), sources: Vec::new(), pointer: None, traced }
    }

    pub(crate) fn set(&mut self, key: &str, value: Value, from: Option<&Pointer>) {
        if let Some(p) = from {
            self.note(|| (vec![key.to_string()], p.clone()));
        }
        self.body.insert(key.to_string(), value);
    }

    /// Sets `key`, which comes from the member `child` of `parent` in the document.
    pub(crate) fn set_in(&mut self, key: &str, value: Value, parent: &Pointer, child: &str) {
        self.note(|| (vec![key.to_string()], parent.child(child)));
        self.body.insert(key.to_string(), value);
    }

    pub(crate) fn val<T: serde::Serialize>(&mut self, key: &str, v: Option<&Val<T>>, parent: &Pointer, child: &str) {
        if let Some(v) = v {
            self.set_in(key, v.to_json(), parent, child);
        }
    }

    /// Records where a body path came from, when sources are traced.
    pub(crate) fn note(&mut self, source: impl FnOnce() -> (Vec<String>, Pointer)) {
        if self.traced {
            self.sources.push(source());
        }
    }

    /// The document pointer of a body path (the longest recorded prefix).
    pub(crate) fn source_of(&self, path: &[String]) -> Option<&Pointer> {
        self.sources.iter().filter(|(p, _)| path.starts_with(p)).max_by_key(|(p, _)| p.len()).map(|(_, ptr)| ptr)
    }
}

/// Resources by kind and name: every reference between resources is resolved through this, in
/// O(1), so no backend scans the list per reference.
pub(crate) struct Index<'a>(HashMap<(Kind, &'a str), usize>);

impl Index<'_> {
    /// The position of the resource of `kind` named `name`.
    pub(crate) fn get(&self, kind: Kind, name: &str) -> Option<usize> {
        self.0.get(&(kind, name)).copied()
    }

    /// The position of the resource a reference marker names (`["integration", "petsFn"]`).
    pub(crate) fn word(&self, kind: &str, name: &str) -> Option<usize> {
        Kind::from_word(kind).and_then(|k| self.get(k, name))
    }
}

/// A reference marker to another resource's id.
pub(crate) fn id_ref(kind: Kind, name: &str) -> Value {
    json!({ REF: [kind.word(), name] })
}

/// What builds the resources of one kind of API from its IR: the seam between the kinds and the
/// renderers. The set's light list says what exists ([`Set::new`]); the builder makes a body when
/// a renderer asks for it, and says what must exist before it.
pub(crate) trait Builder: Sync {
    /// What the API is, for comments and descriptions: `HTTP API`.
    fn what(&self) -> &'static str;
    /// What it is written from: `OpenAPI document`.
    fn document(&self) -> &'static str;
    /// The resource of `kind` at position `at` of its IR list, named `name`, with its body (and the
    /// document source of each field when `traced`). The API and the stage are built by the set.
    fn build(&self, kind: Kind, at: usize, name: &str, traced: bool) -> Resource;
    /// What the API resource's body is before overrides.
    fn api(&self, traced: bool) -> Resource;
    /// What must exist before the resource of `kind` at `at`, besides the API (positions, through
    /// `index`). Read from the IR, so no body is built for it; the bodies' reference markers
    /// name the same.
    fn dependencies(&self, kind: Kind, at: usize, index: &Index<'_>) -> Vec<usize>;
    /// The dependencies among [`Builder::dependencies`] that no reference in the body expresses
    /// (a WebSocket route names its models by name): CloudFormation and Terraform are told them
    /// (`DependsOn`, `depends_on`).
    fn ordering(&self, _kind: Kind, _at: usize, _index: &Index<'_>) -> Vec<usize> {
        Vec::new()
    }
    /// A resource once its values are resolved (HTTP: a Lambda URI as the function ARN).
    fn finish(&self, _r: &mut Resource) {}
}

/// What granular mode creates, API first and stage last, in a light form: a resource's body is
/// built only when a backend asks for it ([`Set::build`]) and dropped once rendered, so emitting
/// a large API never holds all bodies at once.
pub(crate) struct Set<'a> {
    builder: &'a dyn Builder,
    items: Vec<(Kind, usize)>,
    names: Vec<String>,
    /// The resource a sub-resource belongs to (a route response's route), by position.
    parents: Vec<Option<usize>>,
}

/// The resources between the API and the stage, as a builder lists them: kind, position in its
/// IR and name (unique within the kind), and for a sub-resource its parent.
pub(crate) struct Items {
    items: Vec<(Kind, usize)>,
    names: Vec<String>,
    parents: Vec<Option<usize>>,
}

impl Default for Items {
    fn default() -> Self {
        Items { items: vec![(Kind::Api, 0)], names: vec!["api".to_string()], parents: vec![None] }
    }
}

impl Items {
    /// Adds a resource; returns its position in the set.
    pub(crate) fn push(&mut self, kind: Kind, at: usize, name: String) -> usize {
        self.items.push((kind, at));
        self.names.push(name);
        self.parents.push(None);
        self.items.len() - 1
    }

    /// Adds a sub-resource of the resource at position `parent`.
    pub(crate) fn child(&mut self, kind: Kind, at: usize, name: String, parent: usize) -> usize {
        let i = self.push(kind, at, name);
        self.parents[i] = Some(parent);
        i
    }
}

impl<'a> Set<'a> {
    /// The set of `builder`'s resources: the API, `items`, and the stage named `stage`.
    pub(crate) fn new(builder: &'a dyn Builder, items: Items, stage: &str) -> Self {
        let Items { mut items, mut names, mut parents } = items;
        items.push((Kind::Stage, 0));
        names.push(stage.to_string());
        parents.push(None);
        Set { builder, items, names, parents }
    }

    /// The position of the resource the one at `i` belongs to, for a sub-resource.
    pub(crate) fn parent(&self, i: usize) -> Option<usize> {
        self.parents[i]
    }

    /// What must exist before the resource at `i` that its body does not refer to.
    pub(crate) fn ordering(&self, i: usize, index: &Index<'_>) -> Vec<usize> {
        let (kind, at) = self.items[i];
        match kind {
            Kind::Api | Kind::Stage => Vec::new(),
            _ => self.builder.ordering(kind, at, index),
        }
    }

    /// The builder the resources come from.
    pub(crate) fn builder(&self) -> &'a dyn Builder {
        self.builder
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn kind(&self, i: usize) -> Kind {
        self.items[i].0
    }

    pub(crate) fn name(&self, i: usize) -> &str {
        &self.names[i]
    }

    /// Positions by kind and name.
    pub(crate) fn index(&self) -> Index<'_> {
        Index(self.items.iter().zip(&self.names).enumerate().map(|(i, ((k, _), n))| ((*k, n.as_str()), i)).collect())
    }

    /// What must exist before the resource at `i` (positions): the API, its parent, what the
    /// builder says, and for the stage every route (`routes`).
    pub(crate) fn dependencies(&self, i: usize, index: &Index<'_>, routes: &[usize]) -> Vec<usize> {
        let (kind, at) = self.items[i];
        let mut deps = Vec::new();
        if kind != Kind::Api {
            deps.extend(index.get(Kind::Api, "api"));
        }
        deps.extend(self.parents[i]);
        match kind {
            Kind::Stage => deps.extend(routes.iter().copied()),
            Kind::Api => {}
            _ => deps.extend(self.builder.dependencies(kind, at, index)),
        }
        deps.sort_unstable();
        deps.dedup();
        deps
    }

    /// The resource at `i`, with its body.
    pub(crate) fn build(&self, i: usize) -> Resource {
        self.build_with(i, false)
    }

    /// The resource at `i`, with its body and the document source of each field.
    pub(crate) fn build_traced(&self, i: usize) -> Resource {
        self.build_with(i, true)
    }

    fn build_with(&self, i: usize, traced: bool) -> Resource {
        let (kind, at) = self.items[i];
        match kind {
            Kind::Api => self.builder.api(traced),
            Kind::Stage => {
                let stage = &self.names[i];
                let mut s = Resource::new(Kind::Stage, stage.as_str(), traced);
                s.set("stageName", json!(stage), None);
                s.set("autoDeploy", json!(true), None);
                s
            }
            _ => self.builder.build(kind, at, &self.names[i], traced),
        }
    }
}
