//! Where a node of an OpenAPI document is (a path item, a parameter, a schema…), from where its
//! parent is and its key: the one table the passes that rebuild a document walk by (the 3.1
//! conversion, the bundling of split documents).

/// A place in an OpenAPI (or Swagger 2.0) document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pos {
    Root,
    Info,
    License,
    /// `paths`, `components.pathItems`: values are path items (`x-` keys aside).
    Paths,
    PathItem,
    Operation,
    ParamList,
    /// A parameter or a header (both may `$ref`, both carry a schema or content).
    Param,
    /// Values are parameters or headers.
    ParamMap,
    Body,
    BodyMap,
    Content,
    Media,
    Encodings,
    Encoding,
    /// Values are responses (`x-` keys aside).
    Responses,
    Response,
    /// Values are callbacks.
    Callbacks,
    /// Values are path items (`x-` keys aside).
    Callback,
    Components,
    /// The root's `components.schemas` (Swagger 2.0: `definitions`): values are schemas.
    RootSchemas,
    /// Values are schemas (`properties`).
    SchemaMap,
    /// Items are schemas (`allOf`, `anyOf`, `oneOf`).
    SchemaList,
    Schema,
    /// Anything else: read as it is.
    Other,
}

/// Where the value of `key` is, in a mapping at `pos`.
pub(crate) fn child(pos: Pos, key: &str, swagger: bool) -> Pos {
    use Pos as P;
    match (pos, key) {
        (P::Root, "info") => P::Info,
        (P::Info, "license") => P::License,
        (P::Root, "paths") => P::Paths,
        (P::Root, "components") if !swagger => P::Components,
        (P::Root, "definitions") if swagger => P::RootSchemas,
        (P::Root, "parameters") if swagger => P::ParamMap,
        (P::Root, "responses") if swagger => P::Responses,
        (P::Paths | P::Callback | P::Responses, k) if k.starts_with("x-") => P::Other,
        (P::Paths | P::Callback, _) => P::PathItem,
        (P::PathItem | P::Operation, "parameters") => P::ParamList,
        (P::PathItem, k) if crate::http::ir::Method::from_openapi_key(k).is_some() => P::Operation,
        (P::Operation, "requestBody") => P::Body,
        (P::Operation, "responses") => P::Responses,
        (P::Operation | P::Components, "callbacks") => P::Callbacks,
        (P::Callbacks, _) => P::Callback,
        (P::Param | P::Media | P::Response, "schema") => P::Schema,
        (P::Param | P::Body | P::Response, "content") => P::Content,
        (P::Content, _) => P::Media,
        (P::Media, "encoding") => P::Encodings,
        (P::Encodings, _) => P::Encoding,
        (P::Encoding | P::Response, "headers") | (P::Components, "headers" | "parameters") => P::ParamMap,
        (P::ParamMap, _) => P::Param,
        (P::Responses, _) => P::Response,
        (P::Components, "responses") => P::Responses,
        (P::Components, "requestBodies") => P::BodyMap,
        (P::BodyMap, _) => P::Body,
        (P::Components, "schemas") => P::RootSchemas,
        (P::Components, "pathItems") => P::Paths,
        (P::RootSchemas | P::SchemaMap, _) => P::Schema,
        (P::Schema, "properties" | "patternProperties" | "definitions" | "$defs") => P::SchemaMap,
        (P::Schema, "items" | "not" | "additionalProperties") => P::Schema,
        (P::Schema, "allOf" | "anyOf" | "oneOf") => P::SchemaList,
        _ => P::Other,
    }
}

/// Where the items of a sequence at `pos` are.
pub(crate) fn item(pos: Pos) -> Pos {
    match pos {
        Pos::ParamList => Pos::Param,
        Pos::SchemaList => Pos::Schema,
        _ => Pos::Other,
    }
}
