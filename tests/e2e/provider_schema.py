"""The AWS provider's schema for the resource types gatewright writes, read from the generated
bindings of the npm package @cdktf/provider-aws (one folder per resource under lib/, whose
`synthesizeAttributes` lists the arguments and blocks, and whose `…ToTerraform` functions list
the fields of each block).

Usage: provider_schema.py PACKAGE_DIR TYPE...   (prints {"type": {"arg": null | {nested}}})
"""

import json
import re
import sys


def folder(resource_type):
    # aws_apigatewayv2_api -> apigatewayv2-api
    return resource_type.removeprefix("aws_").replace("_", "-")


def block_fields(source, function):
    """The fields a `…ToTerraform` function returns, nested blocks expanded."""
    match = re.search(r"function " + re.escape(function) + r"\(struct\) \{(.*?)\n\}", source, re.S)
    if not match:
        return {}
    body = match.group(1)
    returned = body[body.rfind("return {"):]
    return fields(source, returned)


def fields(source, text):
    out = {}
    for name, value in re.findall(r"^\s+([a-z_0-9]+): (.*?),?$", text, re.M):
        nested = re.search(r"([A-Za-z0-9]+ToTerraform)\b", value)
        helper = nested.group(1) if nested else ""
        if helper and not helper.startswith(("stringTo", "booleanTo", "numberTo", "listMapper", "hashMapper")):
            out[name] = block_fields(source, helper)
        else:
            out[name] = None
    return out


def schema(package, resource_type):
    path = f"{package}/lib/{folder(resource_type)}/index.js"
    with open(path, encoding="utf-8") as f:
        source = f.read()
    match = re.search(r"synthesizeAttributes\(\) \{\s*return \{(.*?)\n        \};", source, re.S)
    if not match:
        raise SystemExit(f"{path}: no synthesizeAttributes")
    return fields(source, match.group(1))


def main():
    package, types = sys.argv[1], sys.argv[2:]
    json.dump({t: schema(package, t) for t in types}, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
