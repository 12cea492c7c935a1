//! The OpenAPI 3.0 shape of what HTTP APIs otherwise ignore (parameters, request bodies,
//! responses, reusable components), checked with the `openapiv3` types. API Gateway's parser
//! reports these problems as `Parse issue: …` warnings, so a malformed response schema can fail
//! an import under `FailOnWarnings` even though HTTP APIs never use it.

use super::Cx;
use crate::diagnostics::{Code, Diagnostic};
use crate::http::ir::Method;
use crate::pointer::Pointer;
use crate::tree::de;
use crate::tree::{NodeRef, Tree};
use openapiv3 as oa;
use serde::Deserialize;

/// The parts of an Operation object the importer's parser validates but HTTP APIs ignore.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // decoded for validation only
struct OperationShape {
    tags: Option<Vec<String>>,
    summary: Option<String>,
    description: Option<String>,
    parameters: Option<Vec<oa::ReferenceOr<oa::Parameter>>>,
    request_body: Option<oa::ReferenceOr<oa::RequestBody>>,
    responses: Option<oa::Responses>,
    deprecated: Option<bool>,
    servers: Option<Vec<oa::Server>>,
}

/// Checks the whole document; returns the findings. Lowering runs this on a second thread: it
/// only reads the tree. The objects are independent, so on large documents they are split over
/// two threads, which keeps this pass, the heaviest on documents with many schemas, off the
/// critical path.
pub(super) fn check(tree: &Tree) -> Vec<Diagnostic> {
    let mut cx = new_cx(tree);
    let Some(root) = tree.root() else { return cx.diags };
    let mut work: Vec<(Shape, NodeRef<'_>, Pointer)> = Vec::new();
    let paths = Pointer::root().child("paths");
    for (path, item) in
        root.get("paths").map(|p| p.entries()).unwrap_or_default().into_iter().filter(|(k, _)| !k.starts_with("x-"))
    {
        // Path items behind `$ref` are checked where they are defined.
        if !item.is_map() || item.get("$ref").is_some() {
            continue;
        }
        for (key, op) in item.entries() {
            if Method::from_openapi_key(key).is_some() && op.is_map() {
                work.push((Shape::Operation, op, paths.child(path).child(key)));
            }
        }
    }
    components(&mut cx, root, &mut work);
    // Both threads take the next few objects from a shared counter until none is left, so a
    // thread that drew heavy schemas does not hold the other up. Findings are put in order by
    // `analyze`, whichever thread found them.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let run = || {
        let mut cx = new_cx(tree);
        loop {
            let at = next.fetch_add(CHUNK, std::sync::atomic::Ordering::Relaxed);
            let Some(items) = work.get(at..(at + CHUNK).min(work.len())).filter(|i| !i.is_empty()) else { break };
            for (shape, node, ptr) in items {
                validate(&mut cx, *shape, *node, ptr);
            }
        }
        cx.diags
    };
    // Plain threads, not rayon's pool: `check` already runs files on that pool, and a pool job
    // waiting here for pool jobs could wait forever.
    if work.len() >= SPLIT_AT {
        let (a, b) = std::thread::scope(|s| {
            let other = s.spawn(run);
            (run(), other.join().unwrap_or_default())
        });
        cx.diags.extend(a);
        cx.diags.extend(b);
    } else {
        cx.diags.extend(run());
    }
    cx.diags
}

/// Objects a thread takes at a time.
const CHUNK: usize = 8;

/// Objects to check from which a second thread pays off.
const SPLIT_AT: usize = 256;

fn new_cx(tree: &Tree) -> Cx<'_> {
    Cx { tree, diags: Vec::new(), api: Default::default(), shared: Default::default(), ids: Default::default() }
}

/// Queues every reusable component the importer's parser reads.
fn components<'t>(cx: &mut Cx<'t>, root: NodeRef<'t>, work: &mut Vec<(Shape, NodeRef<'t>, Pointer)>) {
    let Some(components) = root.get("components") else { return };
    let ptr = Pointer::root().child("components");
    if !components.is_map() {
        cx.wrong_shape(Code::InvalidOpenapiStructure, &ptr, "`components` must be a mapping".into(), "a mapping");
        return;
    }
    for (section, node) in components.entries() {
        let p = ptr.child(section);
        let shape = match section {
            "schemas" => Shape::Schema,
            "responses" => Shape::Response,
            "parameters" => Shape::Parameter,
            "requestBodies" => Shape::RequestBody,
            "headers" => Shape::Header,
            _ => continue,
        };
        if !node.is_map() {
            let what = format!("`{}` must be a mapping", p.last());
            cx.wrong_shape(Code::InvalidOpenapiStructure, &p, what, "a mapping of names to definitions");
            continue;
        }
        for (name, def) in node.entries() {
            work.push((shape, def, p.child(name)));
        }
    }
}

/// The OpenAPI object types whose shape is checked, so a failure can be narrowed to the deepest
/// object that fails on its own (serde reports flattened and untagged failures at the outermost
/// buffered object).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Schema,
}

impl Shape {
    fn what(self) -> &'static str {
        match self {
            Shape::Operation => "this operation",
            Shape::Parameter => "this parameter",
            Shape::RequestBody => "this request body",
            Shape::Responses => "these responses",
            Shape::Response => "this response",
            Shape::Header => "this header",
            Shape::MediaType => "this media type",
            Shape::Schema => "this schema",
        }
    }

    /// Decodes `node` as this shape (a `$ref` object is accepted as a reference).
    fn decode(self, node: NodeRef<'_>) -> Result<(), String> {
        if node.get("$ref").is_some() && self != Shape::Operation && self != Shape::Responses {
            return Ok(());
        }
        let run = || -> Result<(), de::DeError> {
            match self {
                Shape::Operation => de::decode::<OperationShape>(node).map(drop),
                Shape::Parameter => de::decode::<oa::Parameter>(node).map(drop),
                Shape::RequestBody => de::decode::<oa::RequestBody>(node).map(drop),
                Shape::Responses => de::decode::<oa::Responses>(node).map(drop),
                Shape::Response => de::decode::<oa::Response>(node).map(drop),
                Shape::Header => de::decode::<oa::Header>(node).map(drop),
                Shape::MediaType => de::decode::<oa::MediaType>(node).map(drop),
                Shape::Schema => de::decode::<oa::Schema>(node).map(drop),
            }
        };
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
            Ok(r) => r.map_err(|e| e.message.clone()),
            Err(_) => Err("the OpenAPI reader failed on this object".into()),
        }
    }

    /// The shapes of a node's children, by key path from the node.
    fn children<'t>(self, node: NodeRef<'t>) -> Vec<(Vec<String>, Shape, NodeRef<'t>)> {
        let mut out = Vec::new();
        let map_of = |key: &str, shape: Shape, out: &mut Vec<_>| {
            for (k, v) in node.get(key).map(|m| m.entries()).unwrap_or_default() {
                out.push((vec![key.to_string(), k.to_string()], shape, v));
            }
        };
        match self {
            Shape::Operation => {
                for (i, p) in node
                    .get("parameters")
                    .map(|l| l.items().collect::<Vec<_>>())
                    .unwrap_or_default()
                    .into_iter()
                    .enumerate()
                {
                    out.push((vec!["parameters".into(), i.to_string()], Shape::Parameter, p));
                }
                if let Some(b) = node.get("requestBody") {
                    out.push((vec!["requestBody".into()], Shape::RequestBody, b));
                }
                if let Some(r) = node.get("responses") {
                    out.push((vec!["responses".into()], Shape::Responses, r));
                }
            }
            Shape::Responses => {
                for (k, v) in node.entries() {
                    if !k.starts_with("x-") {
                        out.push((vec![k.to_string()], Shape::Response, v));
                    }
                }
            }
            Shape::Response => {
                map_of("headers", Shape::Header, &mut out);
                map_of("content", Shape::MediaType, &mut out);
            }
            Shape::RequestBody => map_of("content", Shape::MediaType, &mut out),
            Shape::Parameter | Shape::Header => {
                if let Some(s) = node.get("schema") {
                    out.push((vec!["schema".into()], Shape::Schema, s));
                }
                map_of("content", Shape::MediaType, &mut out);
            }
            Shape::MediaType => {
                if let Some(s) = node.get("schema") {
                    out.push((vec!["schema".into()], Shape::Schema, s));
                }
            }
            Shape::Schema => {
                map_of("properties", Shape::Schema, &mut out);
                for key in ["items", "additionalProperties", "not"] {
                    if let Some(s) = node.get(key).filter(|s| s.is_map()) {
                        out.push((vec![key.into()], Shape::Schema, s));
                    }
                }
                for key in ["allOf", "anyOf", "oneOf"] {
                    for (i, s) in
                        node.get(key).map(|l| l.items().collect::<Vec<_>>()).unwrap_or_default().into_iter().enumerate()
                    {
                        out.push((vec![key.into(), i.to_string()], Shape::Schema, s));
                    }
                }
            }
        }
        out
    }
}

/// Checks `node` as `shape`; on failure reports the deepest failing object.
fn validate<'t>(cx: &mut Cx<'t>, shape: Shape, node: NodeRef<'t>, ptr: &Pointer) {
    let Err(mut message) = shape.decode(node) else { return };
    let (mut shape, mut node, mut ptr) = (shape, node, ptr.clone());
    'deeper: for _ in 0..64 {
        for (path, child_shape, child) in shape.children(node) {
            if let Err(m) = child_shape.decode(child) {
                ptr = path.iter().fold(ptr, |p, s| p.child(s));
                (shape, node, message) = (child_shape, child, m);
                continue 'deeper;
            }
        }
        break;
    }
    cx.diags.push(
        Diagnostic::new(
            Code::InvalidOpenapiStructure,
            format!("{} is not valid OpenAPI 3.0: {}", shape.what(), explain(shape, &message)),
        )
        .at_key(&ptr, "in this object")
        .help(match shape {
            Shape::Header | Shape::Parameter => {
                "describe its type under `schema:` (OpenAPI 3.0), not with `type:` directly (Swagger 2.0)"
            }
            _ => "give this object the shape OpenAPI 3.0 defines (`gatewright explain GW100`)",
        }),
    );
}

/// serde's messages for flattened and untagged types, in the document's terms.
fn explain(shape: Shape, message: &str) -> String {
    if message.contains("ParameterSchemaOrContent") {
        return "it needs `schema` or `content`".into();
    }
    if message.contains("did not match any variant") || message.contains("no variant of enum") {
        return match shape {
            Shape::Schema => "its fields do not form a schema OpenAPI 3.0 allows (check `type`, `exclusiveMinimum` and keywords from newer JSON Schema)".into(),
            _ => "its fields do not match what OpenAPI 3.0 allows here".into(),
        };
    }
    message.to_string()
}
