"""Writes the reference for a 3.1 document: the same API relabelled `openapi: 3.0.3`, with
every schema replaced by `{type: object}` (a bare `$ref` kept).

Usage: python relabel.py IN.json OUT.json

Routes, integrations, parameters and authorizers do not depend on schemas, so the reference
has the routes gatewright must find in the 3.1 document, without relying on any 3.1→3.0 schema
conversion (which is what is under test). Conservative on purpose: every `components/schemas`
entry and every other `schema` object becomes `{type: object}`, except a `schema` that is only a
`$ref`, which is kept: a REST API names a method's request and response models after it, so the
REST reference has the same models (with plain schemas). `info.summary`,
`info.license.identifier`, `jsonSchemaDialect`, `webhooks` and `components/pathItems` (3.1
only) are dropped.
"""

import json
import sys

PLAIN = {"type": "object"}


def blank_schemas(node):
    """Every `schema` value under node that is not a bare `$ref` replaced by PLAIN, in place."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "schema" and isinstance(value, dict):
                node[key] = dict(value) if set(value) == {"$ref"} else dict(PLAIN)
            else:
                blank_schemas(value)
    elif isinstance(node, list):
        for item in node:
            blank_schemas(item)


def relabel(doc):
    doc["openapi"] = "3.0.3"
    doc.pop("jsonSchemaDialect", None)
    doc.pop("webhooks", None)
    info = doc.get("info", {})
    info.pop("summary", None)
    if isinstance(info.get("license"), dict):
        info["license"].pop("identifier", None)
    components = doc.get("components", {})
    components.pop("pathItems", None)
    if isinstance(components.get("schemas"), dict):
        components["schemas"] = {name: dict(PLAIN) for name in components["schemas"]}
    blank_schemas(doc.get("paths", {}))
    blank_schemas({k: v for k, v in components.items() if k != "schemas"})
    return doc


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: relabel.py IN.json OUT.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(relabel(doc), f, indent=2)


if __name__ == "__main__":
    main()
