"""Reads one HTTP API back from an API Gateway endpoint (moto, in the tests) and prints it as JSON
in the shape of `gatewright routes --format json`: Api, Routes, Integrations, Authorizers, plus
Stages. Ids stay as the service returned them; the test maps them to gatewright's names.

Usage: readback.py ENDPOINT API_ID
"""
import json
import os
import sys

import boto3


def main():
    endpoint, api_id = sys.argv[1], sys.argv[2]
    c = boto3.client("apigatewayv2", endpoint_url=endpoint, region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    drop = {"ResponseMetadata"}
    api = {k: v for k, v in c.get_api(ApiId=api_id).items() if k not in drop}
    routes = c.get_routes(ApiId=api_id)["Items"]
    integrations = c.get_integrations(ApiId=api_id)["Items"]
    # moto has no GetAuthorizers: read each authorizer a route names.
    ids = sorted({r["AuthorizerId"] for r in routes if r.get("AuthorizerId")})
    authorizers = [{k: v for k, v in c.get_authorizer(ApiId=api_id, AuthorizerId=i).items() if k not in drop} for i in ids]
    stages = c.get_stages(ApiId=api_id)["Items"]
    out = {"Api": api, "Routes": routes, "Integrations": integrations, "Authorizers": authorizers, "Stages": stages}
    json.dump(out, sys.stdout, default=str, sort_keys=True, indent=1)


if __name__ == "__main__":
    main()
