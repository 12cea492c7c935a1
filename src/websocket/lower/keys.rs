//! Route and model keys from message payloads: the selection expression evaluated on what the
//! payload schema fixes, each `$request.body.a.b` variable read from `properties.a.properties.b`
//! with a `const` (or a one-value `enum`).

use super::{Cx, json};
use crate::pointer::Pointer;
use crate::tree::NodeRef;
use crate::websocket::expression::{self, Part};

/// The key `parts` select for every message with this payload, and where its last fixed value
/// is written; else the property that does not fix one (`properties.action`).
pub(super) fn from_payload<'t>(
    cx: &Cx<'t>,
    payload: NodeRef<'t>,
    at: &Pointer,
    parts: &[Part],
) -> Result<(String, Pointer), String> {
    let mut key = String::new();
    let mut last = at.clone();
    for p in parts {
        match p {
            Part::Lit(s) => key.push_str(s),
            Part::Var(v) => {
                let path = expression::body_path(v).ok_or_else(|| format!("`${v}`"))?;
                let shown = path.iter().map(|s| format!("properties.{s}")).collect::<Vec<_>>().join(".");
                let (value, where_) = fixed(cx, payload, at, &path).ok_or(format!("`{shown}`"))?;
                key.push_str(&value);
                last = where_;
            }
        }
    }
    Ok((key, last))
}

/// The one value the schema at `path` below `payload` allows.
fn fixed<'t>(cx: &Cx<'t>, payload: NodeRef<'t>, at: &Pointer, path: &[&str]) -> Option<(String, Pointer)> {
    let (mut node, mut ptr) = (payload, at.clone());
    for seg in path {
        let (props, props_at) = cx.child(node, &ptr, "properties")?;
        (node, ptr) = cx.child(props, &props_at, seg)?;
    }
    if let Some(c) = node.get("const") {
        return Some((expression::scalar_text(&json(c)?)?, ptr.child("const")));
    }
    let values = node.get("enum").filter(|e| e.is_seq() && e.len() == 1)?;
    let only = values.items().next()?;
    Some((expression::scalar_text(&json(only)?)?, ptr.child("enum").index(0)))
}
