"""Reads one WebSocket API back from an API Gateway endpoint (moto, in the tests) with the
`get-*` calls and prints it as JSON in the shape of `gatewright routes --format json`: Api,
Routes, RouteResponses, Integrations, IntegrationResponses, Authorizers, Models, plus Stages.
Ids stay as the service returned them; the test maps them to gatewright's names.

moto lists neither models, route responses nor authorizers (GetModels, GetRouteResponses and
GetAuthorizers answer 500 there): their ids are then taken from moto's own state dump
(/moto-api/data.json) and each is read with its own get call, which answers only for this API.

Usage: readback_websocket.py ENDPOINT API_ID
"""
import json
import os
import sys
import urllib.request

import boto3
import botocore.exceptions


def candidates(endpoint, kind):
    """Ids moto holds for `kind` (Model, RouteResponse), for any API."""
    with urllib.request.urlopen(endpoint.rstrip("/") + "/moto-api/data.json") as r:
        data = json.load(r)
    return [item["id"] for item in data.get("apigatewayv2", {}).get(kind, [])]


def clean(item):
    return {k: v for k, v in item.items() if k != "ResponseMetadata"}


def main():
    endpoint, api_id = sys.argv[1], sys.argv[2]
    c = boto3.client("apigatewayv2", endpoint_url=endpoint, region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    missing = (c.exceptions.NotFoundException, botocore.exceptions.ClientError)
    api = clean(c.get_api(ApiId=api_id))
    routes = c.get_routes(ApiId=api_id)["Items"]
    integrations = c.get_integrations(ApiId=api_id)["Items"]
    integration_responses = []
    for i in integrations:
        for r in c.get_integration_responses(ApiId=api_id, IntegrationId=i["IntegrationId"])["Items"]:
            integration_responses.append(dict(r, IntegrationId=i["IntegrationId"]))
    route_responses = []
    for r in routes:
        try:
            items = c.get_route_responses(ApiId=api_id, RouteId=r["RouteId"])["Items"]
        except missing:
            items = []
            for rr in candidates(endpoint, "RouteResponse"):
                try:
                    items.append(clean(c.get_route_response(ApiId=api_id, RouteId=r["RouteId"], RouteResponseId=rr)))
                except missing:
                    pass
        route_responses.extend(dict(rr, RouteId=r["RouteId"]) for rr in items)
    try:
        models = c.get_models(ApiId=api_id)["Items"]
    except missing:
        models = []
        for m in candidates(endpoint, "Model"):
            try:
                models.append(clean(c.get_model(ApiId=api_id, ModelId=m)))
            except missing:
                pass
    ids = sorted({r["AuthorizerId"] for r in routes if r.get("AuthorizerId")})
    authorizers = [clean(c.get_authorizer(ApiId=api_id, AuthorizerId=i)) for i in ids]
    stages = c.get_stages(ApiId=api_id)["Items"]
    out = {
        "Api": api,
        "Routes": routes,
        "RouteResponses": route_responses,
        "Integrations": integrations,
        "IntegrationResponses": integration_responses,
        "Authorizers": authorizers,
        "Models": models,
        "Stages": stages,
    }
    json.dump(out, sys.stdout, default=str, sort_keys=True, indent=1)


if __name__ == "__main__":
    main()
