"""Prints the OpenAPI document one framework app writes, as JSON.

Usage: python generate.py fastapi|litestar|ninja|powertools
Each app module (`<name>_app.py`, beside this file) has an `openapi()` returning the dict the
framework itself generates; nothing here edits it.
"""

import importlib
import json
import os
import sys

APPS = ("fastapi", "litestar", "ninja", "powertools")


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in APPS:
        sys.exit("usage: generate.py " + "|".join(APPS))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    module = importlib.import_module(sys.argv[1] + "_app")
    json.dump(module.openapi(), sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
