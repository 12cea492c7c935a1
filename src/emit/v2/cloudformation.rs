//! The CloudFormation backend: `AWS::ApiGatewayV2::*` resources with long-form intrinsics and
//! stable alphanumeric logical ids (granular), or one `Api` with the document as `Body` (import),
//! plus the stage and `Outputs` (ApiId, ApiEndpoint). Intrinsics from the document pass through.

use super::Built;
use super::resources::{Index, Kind, REF, Resource, Set, TARGET};
use crate::emit::names::{UniqueIds, pascal, words};
use crate::emit::yaml::Writer;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};
use std::io::Write;

/// Stable, unique logical ids for the resources, in their order (needing only the set, they can
/// be made while the creation order is worked out).
pub(crate) fn logical_ids(set: &Set<'_>) -> Vec<String> {
    // The names (most of the work) on two threads, then made unique in order.
    let bases = crate::parallel::halves(set.len(), |range| {
        range
            .map(|i| {
                let name = set.name(i);
                match set.kind(i) {
                    Kind::Api => "Api".to_string(),
                    Kind::Authorizer => format!("Authorizer{}", words(name)),
                    Kind::Integration => format!("Integration{}", words(name)),
                    Kind::Route if name == "$default" => "RouteDefault".to_string(),
                    Kind::Route => format!("Route{}", words(name)),
                    Kind::Stage => format!("Stage{}", words(name)),
                    Kind::Model => format!("Model{}", words(name)),
                    Kind::IntegrationResponse => format!("IntegrationResponse{}", words(name)),
                    Kind::RouteResponse => format!("RouteResponse{}", words(name)),
                }
            })
            .collect::<Vec<_>>()
    });
    let mut taken = UniqueIds::with_capacity(set.len());
    bases.into_iter().flatten().map(|b| taken.take(b)).collect()
}

/// Logical ids, and where each resource is.
struct Ids<'a> {
    index: &'a Index<'a>,
    ids: Vec<String>,
}

/// Replaces, in place, references to other resources by `Ref`s to their logical ids.
fn render(v: &mut Value, ids: &Ids<'_>) {
    let logical = |kind: &str, name: &str| ids.index.word(kind, name).map(|i| ids.ids[i].clone()).unwrap_or_default();
    match v {
        Value::Object(m) => {
            let rendered = if let Some(Value::Array(parts)) = m.get(REF)
                && let [Value::String(k), Value::String(n)] = parts.as_slice()
            {
                Some(json!({"Ref": logical(k, n)}))
            } else if let Some(Value::String(n)) = m.get(TARGET) {
                Some(json!({"Fn::Join": ["/", ["integrations", {"Ref": logical("integration", n)}]]}))
            } else {
                None
            };
            match rendered {
                Some(r) => *v = r,
                None => m.values_mut().for_each(|v| render(v, ids)),
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| render(v, ids)),
        _ => {}
    }
}

/// Properties in CloudFormation's casing and shapes, in order.
fn properties(r: Resource, parent: Option<(Kind, &str)>, ids: &Ids<'_>) -> Vec<(String, Value)> {
    let mut props = Vec::with_capacity(r.body.len() + 3);
    if r.kind != Kind::Api {
        props.push(("ApiId".into(), json!({"Ref": "Api"})));
    }
    // A sub-resource's parent: `RouteId: !Ref RouteJoinRoom`.
    if let Some((kind, id)) = parent {
        props.push((pascal(kind.collection().1), json!({"Ref": id})));
    }
    let kind = r.kind;
    for (k, mut v) in r.body {
        render(&mut v, ids);
        let v = match (k.as_str(), v) {
            // CloudFormation's own shape: {"<status>": {"ResponseParameters": [{Destination, Source}]}}.
            ("responseParameters", Value::Object(m)) => Value::Object(
                m.into_iter()
                    .map(|(status, inner)| {
                        let list: Vec<Value> = inner
                            .as_object()
                            .into_iter()
                            .flatten()
                            .map(|(d, s)| json!({"Destination": d, "Source": s}))
                            .collect();
                        (status, json!({"ResponseParameters": list}))
                    })
                    .collect(),
            ),
            // Maps keyed by the user, and a model's schema, as they are.
            (
                "tags" | "requestParameters" | "requestTemplates" | "responseTemplates" | "requestModels"
                | "responseModels" | "schema",
                v,
            ) => v,
            (_, Value::Object(m)) if !m.keys().any(|k| crate::tree::is_intrinsic_key(k)) => {
                Value::Object(m.into_iter().map(|(k, v)| (pascal(&k), v)).collect())
            }
            (_, v) => v,
        };
        let key = pascal(&k);
        // Two camelCase keys never make one PascalCase key, but keep a map's last-wins rule.
        match props.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = v,
            None => props.push((key, v)),
        }
    }
    if kind == Kind::Api && !props.iter().any(|(k, _)| k == "Name") {
        props.push(("Name".into(), json!({"Ref": API_NAME})));
    }
    props
}

/// `AWS::ApiGatewayV2::*` for a kind of resource.
fn resource_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Api => "AWS::ApiGatewayV2::Api",
        Kind::Authorizer => "AWS::ApiGatewayV2::Authorizer",
        Kind::Integration => "AWS::ApiGatewayV2::Integration",
        Kind::Route => "AWS::ApiGatewayV2::Route",
        Kind::Stage => "AWS::ApiGatewayV2::Stage",
        Kind::Model => "AWS::ApiGatewayV2::Model",
        Kind::IntegrationResponse => "AWS::ApiGatewayV2::IntegrationResponse",
        Kind::RouteResponse => "AWS::ApiGatewayV2::RouteResponse",
    }
}

/// The template parameter that names an API whose document has no `info.title`.
pub(crate) const API_NAME: &str = "ApiName";

/// The `ApiName` parameter, for an API whose `document` (`OpenAPI document`) has no title.
pub(crate) fn api_name_parameter(document: &str) -> Value {
    json!({API_NAME: {"Type": "String", "MinLength": 1, "MaxLength": 128,
        "Description": format!("The API's name (the {document} has no info.title)")}})
}

pub(crate) fn outputs() -> Value {
    json!({
        "ApiId": {"Description": "The API's id", "Value": {"Ref": "Api"}},
        "ApiEndpoint": {"Description": "The API's default endpoint", "Value": {"Fn::GetAtt": ["Api", "ApiEndpoint"]}},
    })
}

pub(crate) fn template(description: &str, resources: Map<String, Value>) -> Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": description,
        "Resources": resources,
        "Outputs": outputs(),
    })
}

/// The granular template, rendered resource by resource while it is serialised: no second copy of
/// the resources is ever held, so memory stays proportional to the API.
pub(crate) struct Granular<'a> {
    built: &'a Built<'a>,
    ids: Ids<'a>,
    /// The API has no name of its own: it comes from the `ApiName` parameter.
    unnamed: bool,
    /// Lambda permissions (`--lambda-permissions`): logical id and resource.
    permissions: Vec<(String, Value)>,
}

/// The granular template, with the resources' [`logical_ids`].
pub(crate) fn granular<'a>(
    built: &'a Built<'a>,
    ids: Vec<String>,
    perms: &[crate::emit::lambda::Permission],
) -> Granular<'a> {
    let unnamed =
        built.index.get(Kind::Api, "api").is_some_and(|i| built.get(i).body.get("name").is_none_or(|n| n.is_null()));
    let mut permissions = Vec::new();
    if !perms.is_empty() {
        let mut taken = UniqueIds::with_capacity(ids.len() + perms.len());
        for id in &ids {
            taken.take(id.clone());
        }
        let api = built.index.get(Kind::Api, "api").map_or("Api", |i| ids[i].as_str());
        permissions = crate::emit::lambda::cloudformation(perms, api, &mut taken);
    }
    Granular { built, ids: Ids { index: built.index, ids }, unnamed, permissions }
}

impl Granular<'_> {
    /// The resource at `i`: its type, properties and dependencies (the stage's routes).
    fn parts(&self, i: usize) -> (Kind, Vec<(String, Value)>, Option<Value>) {
        let r = self.built.get(i);
        let set = self.built.set;
        let kind = r.kind;
        let parent = set.parent(i).map(|p| (set.kind(p), self.ids.ids[p].as_str()));
        let props = properties(r, parent, &self.ids);
        let mut depends = None;
        if kind == Kind::Stage {
            let routes: Vec<&str> =
                (0..set.len()).filter(|&j| set.kind(j) == Kind::Route).map(|j| self.ids.ids[j].as_str()).collect();
            if !routes.is_empty() {
                depends = Some(json!(routes));
            }
        } else {
            // What the properties do not refer to (models named by name).
            let ordering: Vec<&str> =
                set.ordering(i, self.built.index).into_iter().map(|j| self.ids.ids[j].as_str()).collect();
            if !ordering.is_empty() {
                depends = Some(json!(ordering));
            }
        }
        (kind, props, depends)
    }

    fn resource(&self, i: usize) -> Value {
        let (kind, props, depends) = self.parts(i);
        let mut res = json!({"Type": resource_type(kind), "Properties": Map::from_iter(props)});
        if let Some(d) = depends {
            res["DependsOn"] = d;
        }
        res
    }

    /// Writes the resource at `i` as [`Self::resource`] would be written, without building it as
    /// one value first.
    fn write_resource(&self, w: &mut Writer, i: usize) {
        let (kind, props, depends) = self.parts(i);
        w.open(2, &self.ids.ids[i]);
        w.entry_str(4, "Type", resource_type(kind));
        if props.is_empty() {
            w.entry(4, "Properties", &Value::Object(Map::new()));
        } else {
            w.open(4, "Properties");
            for (k, v) in &props {
                w.entry(6, k, v);
            }
        }
        if let Some(d) = depends {
            w.entry(4, "DependsOn", &d);
        }
    }
}

impl Granular<'_> {
    /// Writes the template as YAML, resource by resource: pieces of the resources are written by
    /// two threads and go to `out` in order as they are done, so a large template is never held
    /// whole.
    pub(crate) fn write_yaml(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut w = Writer::with_capacity(4096);
        w.entry(0, "AWSTemplateFormatVersion", &json!("2010-09-09"));
        w.entry(0, "Description", &json!(self.description()));
        if self.unnamed {
            w.entry(0, "Parameters", &api_name_parameter(self.built.what().1));
        }
        w.open(0, "Resources");
        out.write_all(w.finish().as_bytes())?;
        let order = self.built.order;
        crate::parallel::in_order(
            order.len(),
            |range| {
                let mut w = Writer::with_capacity(range.len() * 320);
                for &i in &order[range] {
                    self.write_resource(&mut w, i);
                }
                w.finish()
            },
            |piece| out.write_all(piece.as_bytes()),
        )?;
        let mut w = Writer::with_capacity(512);
        for (id, r) in &self.permissions {
            w.entry(2, id, r);
        }
        w.entry(0, "Outputs", &outputs());
        out.write_all(w.finish().as_bytes())
    }
}

impl Granular<'_> {
    /// The granular template's description.
    fn description(&self) -> String {
        format!("{} generated by gatewright", self.built.what().0)
    }
}

impl Serialize for Granular<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Resources<'g, 'a>(&'g Granular<'a>);
        impl Serialize for Resources<'_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let g = self.0;
                let mut m = s.serialize_map(Some(g.built.order.len() + g.permissions.len()))?;
                for &i in g.built.order {
                    m.serialize_entry(&g.ids.ids[i], &g.resource(i))?;
                }
                for (id, r) in &g.permissions {
                    m.serialize_entry(id, r)?;
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(4 + usize::from(self.unnamed)))?;
        m.serialize_entry("AWSTemplateFormatVersion", "2010-09-09")?;
        m.serialize_entry("Description", &self.description())?;
        if self.unnamed {
            m.serialize_entry("Parameters", &api_name_parameter(self.built.what().1))?;
        }
        m.serialize_entry("Resources", &Resources(self))?;
        m.serialize_entry("Outputs", &outputs())?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::{EmitOptions, Target};
    use crate::source::SourceFile;

    /// The YAML template, written resource by resource, is the JSON template (built as one value
    /// per resource) in YAML, for HTTP and WebSocket APIs alike: the two paths never drift apart.
    #[test]
    fn yaml_written_piecewise_is_the_json_template() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut compared = 0;
        for sub in ["lower", "examples", "websocket"] {
            let mut files: Vec<_> =
                std::fs::read_dir(dir.join(sub)).into_iter().flatten().flatten().map(|e| e.path()).collect();
            files.sort();
            for path in files {
                let Ok(bytes) = std::fs::read(&path) else { continue };
                let text = |json: bool| {
                    let opts = EmitOptions {
                        target: Target::CloudFormation,
                        cloudformation_json: json,
                        ..EmitOptions::default()
                    };
                    let source = SourceFile::from_bytes(path.display().to_string(), bytes.clone());
                    crate::compile(source, &Default::default(), &opts).output
                };
                let (Some(yaml), Some(json)) = (text(false), text(true)) else { continue };
                let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
                assert_eq!(yaml, crate::emit::yaml::to_string(&value), "{}", path.display());
                compared += 1;
            }
        }
        assert!(compared >= 14, "{compared}");
    }
}
