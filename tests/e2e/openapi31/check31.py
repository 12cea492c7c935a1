"""Judges what gatewright made of an OpenAPI 3.1 document, with real consumers.

Usage:
  python check31.py openapi FILE...  each FILE an OpenAPI document, or a CloudFormation
                                     template whose API `Body` is one: valid OpenAPI 3.0
                                     (openapi-spec-validator's 3.0 validator), labelled 3.0.x
  python check31.py models FILE...   REST models: every components/schemas entry of each
                                     OpenAPI document or template Body, and every
                                     AWS::ApiGateway::Model `Schema` of a template, is a valid
                                     JSON Schema draft 4 schema (Draft4Validator.check_schema)
                                     with no keyword newer than draft 4
Exits 1 with one line per problem, naming the file and the JSON pointer.
"""

import json
import sys

import yaml
from jsonschema import Draft4Validator
from jsonschema.exceptions import SchemaError
from openapi_spec_validator import OpenAPIV30SpecValidator

# Keywords API Gateway's draft 4 models do not know: draft 6 and later. readOnly/writeOnly are
# not listed: they are OpenAPI 3.0 Schema Object fields, and draft 4 ignores unknown keywords.
NEWER = {
    "const", "contains", "propertyNames", "examples", "if", "then", "else", "$comment",
    "prefixItems", "$defs", "unevaluatedProperties", "unevaluatedItems", "dependentSchemas",
    "dependentRequired", "$dynamicRef", "$dynamicAnchor", "$anchor", "$id",
    "contentMediaType", "contentEncoding", "$recursiveRef", "$recursiveAnchor", "minContains",
    "maxContains",
}
API_TYPES = ("AWS::ApiGateway::RestApi", "AWS::ApiGatewayV2::Api")


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text)
    except ValueError:
        return yaml.safe_load(text)


def documents(path, data):
    """(label, OpenAPI document) pairs: the file itself, or each API Body of a template."""
    if isinstance(data, dict) and "Resources" in data:
        for name, res in data["Resources"].items():
            body = res.get("Properties", {}).get("Body")
            if res.get("Type") in API_TYPES and isinstance(body, dict):
                yield f"{path} Resources/{name}/Properties/Body", body
    else:
        yield path, data


def models(path, data):
    """(label, schema) pairs: components/schemas of each document, template Model Schemas."""
    for label, doc in documents(path, data):
        for name, schema in (doc.get("components", {}).get("schemas") or {}).items():
            yield f"{label} #/components/schemas/{name}", schema
    for name, res in (data.get("Resources") or {}).items() if isinstance(data, dict) else []:
        if res.get("Type") == "AWS::ApiGateway::Model":
            schema = res.get("Properties", {}).get("Schema")
            if isinstance(schema, str):
                schema = json.loads(schema)
            yield f"{path} Resources/{name}/Properties/Schema", substituted(schema)


def substituted(node):
    """node with each CloudFormation `Fn::Sub` of a string made that string with `${X}` left
    as text: a granular model's `$ref` to another model is `{"Fn::Sub": ".../restapis/${Api}/
    models/Item"}`, a URL once deployed."""
    if isinstance(node, dict):
        if set(node) == {"Fn::Sub"} and isinstance(node["Fn::Sub"], str):
            return node["Fn::Sub"]
        return {k: substituted(v) for k, v in node.items()}
    if isinstance(node, list):
        return [substituted(v) for v in node]
    return node


def newer_keywords(schema, at, out):
    """Keywords newer than draft 4 in schema positions (property names are not keywords)."""
    if not isinstance(schema, dict):
        if isinstance(schema, bool):
            out.append(f"{at}: a boolean schema (draft 6)")
        return
    out.extend(f"{at}/{k}" for k in schema if k in NEWER)
    if isinstance(schema.get("exclusiveMinimum"), (int, float)) and not isinstance(
        schema.get("exclusiveMinimum"), bool
    ):
        out.append(f"{at}/exclusiveMinimum: numeric (draft 6)")
    if isinstance(schema.get("exclusiveMaximum"), (int, float)) and not isinstance(
        schema.get("exclusiveMaximum"), bool
    ):
        out.append(f"{at}/exclusiveMaximum: numeric (draft 6)")
    for key in ("properties", "patternProperties", "definitions"):
        for name, sub in (schema.get(key) or {}).items():
            newer_keywords(sub, f"{at}/{key}/{name}", out)
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(schema.get(key) or []):
            newer_keywords(sub, f"{at}/{key}/{i}", out)
    for key in ("not", "additionalProperties", "items", "additionalItems"):
        sub = schema.get(key)
        subs = sub if isinstance(sub, list) else [sub]
        for i, s in enumerate(subs):
            if isinstance(s, dict):
                newer_keywords(s, f"{at}/{key}" + (f"/{i}" if isinstance(sub, list) else ""), out)


def check_openapi(path, data, problems):
    found = False
    for label, doc in documents(path, data):
        found = True
        version = str(doc.get("openapi", ""))
        if not version.startswith("3.0."):
            problems.append(f"{label}: openapi is {version!r}, not 3.0.x")
        for error in OpenAPIV30SpecValidator(doc).iter_errors():
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{label}: not valid OpenAPI 3.0 at /{where}: {error.message}")
    if not found:
        problems.append(f"{path}: no OpenAPI document (nor a template with an API Body)")


def check_models(path, data, problems):
    count = 0
    for label, schema in models(path, data):
        count += 1
        try:
            Draft4Validator.check_schema(schema)
        except SchemaError as e:
            where = "/".join(str(p) for p in e.absolute_path)
            problems.append(f"{label}: not a draft 4 schema at /{where}: {e.message}")
        found = []
        newer_keywords(schema, "", found)
        problems.extend(f"{label}: newer than draft 4: {f}" for f in found)
    if count == 0:
        problems.append(f"{path}: no REST model to check")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("openapi", "models"):
        sys.exit(__doc__)
    problems = []
    check = check_openapi if sys.argv[1] == "openapi" else check_models
    for path in sys.argv[2:]:
        check(path, load(path), problems)
    if problems:
        print("\n".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
