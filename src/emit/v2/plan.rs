//! The plan: the direct API calls as data. An ordered list of requests to the API Gateway v2 REST
//! API, with camelCase bodies exactly as it takes them, and `{{name}}` placeholders for ids that
//! an earlier response returns (`saves` names them). A placeholder is one only in the request's
//! `path` and in the body fields `refs` lists (JSON pointers): text from the document that looks
//! like a placeholder is never replaced. `gatewright deploy` executes this list.

use super::Built;
use super::resources::{Kind, REF, TARGET};
use crate::pointer::Pointer;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Value, json};

/// Placeholder for a resource's id.
pub(crate) fn placeholder(kind: &str, name: &str) -> String {
    if kind == "api" { "{{api.id}}".to_string() } else { format!("{{{{{kind}.{name}.id}}}}") }
}

/// `v` with reference markers as placeholders; `refs` collects the JSON pointer of each.
fn render(v: &Value, at: &Pointer, refs: &mut Vec<String>) -> Value {
    match v {
        Value::Object(m) => render_map(m, at, refs),
        Value::Array(items) => {
            Value::Array(items.iter().enumerate().map(|(i, x)| render(x, &at.index(i), refs)).collect())
        }
        other => other.clone(),
    }
}

fn render_map(m: &serde_json::Map<String, Value>, at: &Pointer, refs: &mut Vec<String>) -> Value {
    if let Some(Value::Array(parts)) = m.get(REF)
        && let [Value::String(k), Value::String(n)] = parts.as_slice()
    {
        refs.push(at.as_str().to_string());
        return json!(placeholder(k, n));
    }
    if let Some(Value::String(n)) = m.get(TARGET) {
        refs.push(at.as_str().to_string());
        return json!(format!("integrations/{}", placeholder("integration", n)));
    }
    Value::Object(m.iter().map(|(k, v)| (k.clone(), render(v, &at.child(k), refs))).collect())
}

/// The granular plan, each request rendered while it is serialised, and the Lambda permissions
/// ([`crate::emit::lambda::plan_entries`]).
pub(crate) struct Granular<'a>(pub(crate) &'a Built<'a>, pub(crate) Value);

impl Granular<'_> {
    fn request(&self, i: usize) -> Value {
        let r = self.0.get(i);
        let (collection, id_field) = r.kind.collection();
        let set = self.0.set;
        let path = match set.parent(i) {
            _ if r.kind == Kind::Api => "/v2/apis".to_string(),
            // A sub-resource is created under its parent: `/routes/{{route.join.id}}/routeresponses`.
            Some(p) => format!(
                "/v2/apis/{{{{api.id}}}}/{}/{}/{collection}",
                set.kind(p).collection().0,
                placeholder(set.kind(p).word(), set.name(p))
            ),
            None => format!("/v2/apis/{{{{api.id}}}}/{collection}"),
        };
        let mut refs = Vec::new();
        let body = render_map(&r.body, &Pointer::root(), &mut refs);
        let mut req = json!({
            "kind": r.kind.word(),
            "name": r.name,
            "method": "POST",
            "path": path,
            "body": body,
        });
        if !refs.is_empty() {
            req["refs"] = json!(refs);
        }
        if let Some(p) = &r.pointer {
            req["source"] = json!(p.as_str());
        }
        if r.kind != Kind::Stage {
            req["saves"] =
                json!({ "name": placeholder(r.kind.word(), &r.name).trim_matches(['{', '}']), "from": id_field });
        }
        req
    }
}

impl Serialize for Granular<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Requests<'g, 'a>(&'g Granular<'a>);
        impl Serialize for Requests<'_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.0.order.len()))?;
                for &i in self.0.0.order {
                    seq.serialize_element(&self.0.request(i))?;
                }
                seq.end()
            }
        }
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("format", "gatewright-plan/1")?;
        m.serialize_entry("mode", "granular")?;
        m.serialize_entry("requests", &Requests(self))?;
        if self.1.as_array().is_some_and(|a| !a.is_empty()) {
            m.serialize_entry("lambdaPermissions", &self.1)?;
        }
        m.end()
    }
}
