//! Each conversion rule on a small document: the 3.0 document the tree converts to, and where
//! the converted nodes sit in the 3.1 source.

use super::convert;
use crate::kind::ApiKind;
use crate::source::SourceFile;
use serde_json::{Value, json};

fn converted(text: &str, kind: ApiKind) -> (Value, Vec<crate::diagnostics::Diagnostic>, crate::tree::Tree) {
    let parsed = crate::parse::parse(&SourceFile::new("t.yaml", text));
    let tree = parsed.tree.expect("the document reads");
    let (t, d) = convert(&tree, kind);
    let v = crate::emit::document::as_written(&t).expect("the converted document decodes");
    (v, d, t)
}

/// The converted form of one schema, given as YAML (flow style).
fn schema(s: &str) -> Value {
    let doc = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents:\n  schemas:\n    S: {s}\n");
    let (v, _, _) = converted(&doc, ApiKind::Rest);
    v["components"]["schemas"]["S"].clone()
}

#[test]
fn the_document_becomes_3_0_3() {
    let (v, d, _) = converted(
        "openapi: 3.1.0\ninfo: {title: t, summary: s, version: '1', license: {name: MIT, identifier: MIT}}\njsonSchemaDialect: x\nwebhooks: {a: {}}\n",
        ApiKind::Http,
    );
    assert_eq!(
        v,
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1", "license": {"name": "MIT"}}, "paths": {}})
    );
    assert!(d.is_empty());
}

#[test]
fn nullable_types() {
    assert_eq!(
        schema("{type: [string, 'null'], maxLength: 3}"),
        json!({"type": "string", "nullable": true, "maxLength": 3})
    );
    assert_eq!(schema("{type: ['null', integer]}"), json!({"type": "integer", "nullable": true}));
    assert_eq!(schema("{type: 'null'}"), json!({"nullable": true, "enum": [null]}));
    assert_eq!(
        schema("{type: [string, integer, 'null']}"),
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
    );
    assert_eq!(schema("{type: [string]}"), json!({"type": "string"}));
}

#[test]
fn any_of_with_null() {
    assert_eq!(
        schema("{anyOf: [{type: string, maxLength: 5}, {type: 'null'}], title: Q, default: null}"),
        json!({"type": "string", "maxLength": 5, "nullable": true, "title": "Q", "default": null})
    );
    assert_eq!(
        schema("{oneOf: [{$ref: '#/components/schemas/T'}, {type: 'null'}], description: d}"),
        json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true, "description": "d"})
    );
    assert_eq!(
        schema("{anyOf: [{type: string}, {type: integer}, {type: 'null'}]}"),
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
    );
    // A member whose keywords the schema has too goes into allOf.
    assert_eq!(
        schema("{anyOf: [{type: string, title: inner}, {type: 'null'}], title: outer}"),
        json!({"allOf": [{"type": "string", "title": "inner"}], "nullable": true, "title": "outer"})
    );
}

#[test]
fn const_bounds_examples_and_content() {
    assert_eq!(schema("{const: dog}"), json!({"enum": ["dog"]}));
    assert_eq!(schema("{const: null}"), json!({"enum": [null], "nullable": true}));
    assert_eq!(
        schema("{type: integer, exclusiveMinimum: 0}"),
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
    );
    assert_eq!(
        schema("{minimum: 5, exclusiveMinimum: 3, exclusiveMaximum: 10, maximum: 20}"),
        json!({"minimum": 5, "maximum": 10, "exclusiveMaximum": true})
    );
    assert_eq!(schema("{exclusiveMaximum: true, maximum: 3}"), json!({"exclusiveMaximum": true, "maximum": 3}));
    assert_eq!(schema("{type: string, examples: [a, b]}"), json!({"type": "string", "example": "a"}));
    assert_eq!(schema("{type: string, contentEncoding: base64}"), json!({"type": "string", "format": "byte"}));
    assert_eq!(schema("{type: string, contentMediaType: image/png}"), json!({"type": "string", "format": "binary"}));
}

#[test]
fn refs_with_siblings() {
    assert_eq!(schema("{$ref: '#/components/schemas/T', description: d}"), json!({"$ref": "#/components/schemas/T"}));
    assert_eq!(
        schema("{$ref: '#/components/schemas/T', default: a}"),
        json!({"allOf": [{"$ref": "#/components/schemas/T"}], "default": "a"})
    );
    assert_eq!(
        schema("{$ref: '#/components/schemas/T', maxLength: 3}"),
        json!({"allOf": [{"$ref": "#/components/schemas/T"}], "maxLength": 3})
    );
    assert_eq!(
        schema("{$ref: '#/components/schemas/T', allOf: [{minLength: 1}], maxLength: 3}"),
        json!({"allOf": [{"$ref": "#/components/schemas/T"}, {"minLength": 1}], "maxLength": 3})
    );
}

#[test]
fn boolean_schemas_and_nesting() {
    assert_eq!(
        schema(
            "{type: object, properties: {a: true, b: false, c: {type: [number, 'null']}}, additionalProperties: false}"
        ),
        json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}, "c": {"type": "number", "nullable": true}}, "additionalProperties": false})
    );
    assert_eq!(
        schema("{type: array, items: {const: 1}, $schema: x, $id: y, $comment: z}"),
        json!({"type": "array", "items": {"enum": [1]}})
    );
}

#[test]
fn dropped_keywords_are_reported_where_written() {
    let doc = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    S: {type: array, prefixItems: [{type: number}]}\n";
    let (v, d, _) = converted(doc, ApiKind::Rest);
    assert_eq!(v["components"]["schemas"]["S"], json!({"type": "array"}));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, crate::diagnostics::Code::Openapi31KeywordDropped);
    assert_eq!(d[0].severity, crate::diagnostics::Severity::Warning);
    let at = doc.find("prefixItems").unwrap();
    assert!(matches!(&d[0].labels[0].location, crate::diagnostics::Location::Span(s) if s.start == at));
    let (_, d, _) = converted(doc, ApiKind::Http);
    assert_eq!(d[0].severity, crate::diagnostics::Severity::Info);
}

#[test]
fn outside_schemas() {
    let doc = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    $ref: '#/components/pathItems/A'
  /b:
    get:
      parameters:
        - {$ref: '#/components/parameters/P', description: d}
      responses:
        '200':
          description: ok
          content:
            application/json:
              examples: {one: {value: 1}}
              schema: {type: [integer, 'null']}
components:
  parameters:
    P: {name: p, in: query, schema: {const: 1}}
  pathItems:
    A: {get: {responses: {'204': {description: none}}}}
";
    let (v, _, _) = converted(doc, ApiKind::Http);
    assert_eq!(v["paths"]["/a"], json!({"get": {"responses": {"204": {"description": "none"}}}}));
    assert_eq!(v["paths"]["/b"]["get"]["parameters"], json!([{"$ref": "#/components/parameters/P"}]));
    let media = &v["paths"]["/b"]["get"]["responses"]["200"]["content"]["application/json"];
    assert_eq!(media["examples"], json!({"one": {"value": 1}}), "a media type's examples are 3.0 too");
    assert_eq!(media["schema"], json!({"type": "integer", "nullable": true}));
    assert_eq!(v["components"]["parameters"]["P"]["schema"], json!({"enum": [1]}));
    assert!(v["components"].get("pathItems").is_none());
}

#[test]
fn anchors_and_merges_are_kept() {
    let doc = "openapi: 3.1.0
info: {title: t, version: '1'}
components:
  schemas:
    A: &a {type: [string, 'null']}
    B: *a
    C:
      <<: *a
      maxLength: 3
";
    let (v, _, t) = converted(doc, ApiKind::Rest);
    assert_eq!(v["components"]["schemas"]["B"], json!({"type": "string", "nullable": true}));
    assert_eq!(v["components"]["schemas"]["C"], json!({"type": "string", "nullable": true, "maxLength": 3}));
    // The converted `type` sits where the 3.1 document writes it.
    let b = t.root().unwrap().get("components").unwrap().get("schemas").unwrap().get("A").unwrap();
    let ty = b.get("type").unwrap();
    assert_eq!(&doc[ty.span()], "string");
    assert_eq!(&doc[b.get("nullable").unwrap().span()], "[string, 'null']");
}
