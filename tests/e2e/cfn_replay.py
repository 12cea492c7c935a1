"""Replays a CloudFormation template's AWS::ApiGatewayV2::* resources as API calls against an
endpoint (moto's CloudFormation does not implement these types), resolving Ref, Fn::Join and
Fn::GetAtt between them, and prints the API's id.

Usage: cfn_replay.py TEMPLATE ENDPOINT
"""
import json
import os
import sys

import boto3
import yaml

CALLS = {
    "AWS::ApiGatewayV2::Api": ("create_api", "ApiId"),
    "AWS::ApiGatewayV2::Authorizer": ("create_authorizer", "AuthorizerId"),
    "AWS::ApiGatewayV2::Integration": ("create_integration", "IntegrationId"),
    "AWS::ApiGatewayV2::Route": ("create_route", "RouteId"),
    "AWS::ApiGatewayV2::Stage": ("create_stage", "StageName"),
    "AWS::ApiGatewayV2::Model": ("create_model", "ModelId"),
    "AWS::ApiGatewayV2::IntegrationResponse": ("create_integration_response", "IntegrationResponseId"),
    "AWS::ApiGatewayV2::RouteResponse": ("create_route_response", "RouteResponseId"),
}


def resolve(v, physical):
    if isinstance(v, dict):
        if list(v) == ["Ref"]:
            return physical[v["Ref"]]
        if list(v) == ["Fn::Join"]:
            sep, items = v["Fn::Join"]
            return sep.join(str(resolve(i, physical)) for i in items)
        if list(v) == ["Fn::GetAtt"]:
            raise SystemExit("Fn::GetAtt is not replayed: %r" % (v,))
        return {k: resolve(x, physical) for k, x in v.items()}
    if isinstance(v, list):
        return [resolve(x, physical) for x in v]
    return v


def refs(v):
    if isinstance(v, dict):
        if list(v) == ["Ref"]:
            yield v["Ref"]
        for x in v.values():
            yield from refs(x)
    elif isinstance(v, list):
        for x in v:
            yield from refs(x)


def main():
    path, endpoint = sys.argv[1], sys.argv[2]
    with open(path) as f:
        template = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
    c = boto3.client("apigatewayv2", endpoint_url=endpoint, region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    resources = template["Resources"]
    physical, api_id = {}, None
    pending = list(resources)
    while pending:
        ready = [n for n in pending if all(d in physical for d in list(refs(resources[n]["Properties"])) + resources[n].get("DependsOn", []))]
        if not ready:
            raise SystemExit("unresolvable references among %s" % pending)
        for name in ready:
            res = resources[name]
            call, id_field = CALLS[res["Type"]]
            props = resolve(res["Properties"], physical)
            if res["Type"] == "AWS::ApiGatewayV2::Integration" and "ResponseParameters" in props:
                props["ResponseParameters"] = {
                    status: {p["Destination"]: p["Source"] for p in inner["ResponseParameters"]}
                    for status, inner in props["ResponseParameters"].items()
                }
            # CloudFormation takes a model's schema as an object; the API, as JSON text.
            if res["Type"] == "AWS::ApiGatewayV2::Model" and not isinstance(props.get("Schema"), str):
                props["Schema"] = json.dumps(props["Schema"])
            out = getattr(c, call)(**props)
            physical[name] = out[id_field]
            if res["Type"] == "AWS::ApiGatewayV2::Api":
                api_id = out["ApiId"]
            pending.remove(name)
    print(api_id)


if __name__ == "__main__":
    main()
