//! The JSON Schema keywords of OpenAPI 3.1 that OpenAPI 3.0 (and REST models' draft 4) lack:
//! which are dropped silently (identifiers and annotations) and which are dropped with a finding,
//! with what request validation no longer checks without them.

/// Keywords dropped without a word: identifiers, dialect markers and annotations, which neither
/// import nor request validation reads.
pub(super) const SILENT: &[&str] =
    &["$schema", "$id", "$anchor", "$comment", "$vocabulary", "$dynamicAnchor", "$recursiveAnchor", "contentSchema"];

/// Keywords with no OpenAPI 3.0 (nor draft 4) meaning, and what a REST API's request validation
/// no longer checks once they are dropped.
pub(super) const LOST: &[(&str, &str)] = &[
    ("if", "the conditional `if`/`then`/`else` constraint"),
    ("then", "the conditional `if`/`then`/`else` constraint"),
    ("else", "the conditional `if`/`then`/`else` constraint"),
    ("prefixItems", "the schema of each array item by its position"),
    ("unevaluatedProperties", "properties that no other keyword described"),
    ("unevaluatedItems", "array items that no other keyword described"),
    ("dependentSchemas", "the schema a property's presence brings into force"),
    ("dependentRequired", "the properties a property's presence requires"),
    ("dependencies", "the properties or schema a property's presence requires"),
    ("patternProperties", "properties whose names match a pattern"),
    ("propertyNames", "the names of the object's properties"),
    ("contains", "that the array holds an item matching the schema"),
    ("minContains", "how many items must match `contains`"),
    ("maxContains", "how many items may match `contains`"),
    ("$dynamicRef", "the schema a dynamic reference resolves to"),
    ("$recursiveRef", "the schema a recursive reference resolves to"),
    ("$defs", "the schemas defined under it, which no `$ref` can name any more"),
    ("definitions", "the schemas defined under it, which no `$ref` can name any more"),
];

/// Keywords that only describe a schema to a reader: beside a `$ref`, OpenAPI 3.0 ignores them, so
/// a `$ref` with only these beside it stays a bare `$ref`. `default` is not one of them: a client
/// or a framework acts on it, so it keeps its place in an `allOf` beside the reference.
pub(super) const ANNOTATIONS: &[&str] =
    &["description", "title", "summary", "example", "examples", "deprecated", "readOnly", "writeOnly"];

/// What is lost by dropping `key`, when it is a keyword with no 3.0 meaning.
pub(super) fn lost(key: &str) -> Option<&'static str> {
    LOST.iter().find(|(k, _)| *k == key).map(|(_, what)| *what)
}
