"""Judges the one document gatewright bundles a split document into, with openapi-spec-validator.

Usage:
  python bundled.py 3.0 FILE...   each FILE is labelled openapi 3.0.x and is valid OpenAPI 3.0
                                  (OpenAPIV30SpecValidator)
  python bundled.py 2.0 FILE...   each FILE is labelled swagger "2.0" and is valid Swagger 2.0
                                  (OpenAPIV2SpecValidator)
FILE is JSON or YAML. Exits 1 with one line per problem, naming the file and the JSON pointer.
Only references inside the document can resolve: the validator is given no base URI, so a
`$ref` to another file is not followed but reported.
"""

import json
import sys

import yaml
from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text)
    except ValueError:
        return yaml.safe_load(text)


def check(version, path, problems):
    doc = load(path)
    if not isinstance(doc, dict):
        problems.append(f"{path}: not a mapping")
        return
    if version == "2.0":
        label, validator = str(doc.get("swagger", "")), OpenAPIV2SpecValidator
        if label != "2.0":
            problems.append(f"{path}: swagger is {label!r}, not '2.0'")
    else:
        label, validator = str(doc.get("openapi", "")), OpenAPIV30SpecValidator
        if not label.startswith("3.0."):
            problems.append(f"{path}: openapi is {label!r}, not 3.0.x")
    try:
        errors = list(validator(doc).iter_errors())
    except Exception as e:  # an unresolvable reference raises rather than yields
        problems.append(f"{path}: the validator could not read it: {type(e).__name__}: {e}")
        return
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path)
        problems.append(f"{path}: not valid OpenAPI {version} at /{where}: {error.message}")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("3.0", "2.0"):
        sys.exit(__doc__)
    problems = []
    for path in sys.argv[2:]:
        check(sys.argv[1], path, problems)
    if problems:
        print("\n".join(problems))
        sys.exit(1)


if __name__ == "__main__":
    main()
