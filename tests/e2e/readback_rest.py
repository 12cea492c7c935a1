"""Reads one REST API back from an API Gateway endpoint (moto, in the tests), with its API keys
and usage plans, and prints it in a canonical form: resources by path and methods by verb, every
id replaced by the name or path it stands for, empty values dropped. With `--predicted FILE`, it
prints the same canonical form of `gatewright routes --api rest --format json` output instead,
so that the two compare field by field.

Usage: readback_rest.py ENDPOINT API_ID
       readback_rest.py --predicted ROUTES.json STAGE
"""
import json
import os
import sys

MODEL_URL = "https://apigateway.amazonaws.com/restapis/{}/models/"


def clean(v):
    """Drops None, empty strings, lists and maps, recursively."""
    if isinstance(v, dict):
        out = {k: clean(x) for k, x in v.items()}
        return {k: x for k, x in out.items() if x not in (None, "", [], {})}
    if isinstance(v, list):
        return [clean(x) for x in v]
    return v


def pick(d, keys):
    return {k: d.get(k) for k in keys}


def method_form(m, authorizers, validators):
    out = pick(m, ["authorizationType", "apiKeyRequired", "operationName", "requestParameters",
                   "requestModels", "authorizationScopes"])
    out["authorizer"] = authorizers.get(m.get("authorizerId"), m.get("authorizerId"))
    out["requestValidator"] = validators.get(m.get("requestValidatorId"), m.get("requestValidatorId"))
    out["methodResponses"] = {
        s: pick(r, ["responseParameters", "responseModels"]) for s, r in (m.get("methodResponses") or {}).items()
    }
    i = m.get("methodIntegration")
    if i:
        integ = pick(i, ["type", "httpMethod", "uri", "credentials", "requestParameters", "requestTemplates",
                         "passthroughBehavior", "contentHandling", "cacheKeyParameters", "timeoutInMillis"])
        integ["responses"] = {
            s: pick(r, ["selectionPattern", "responseParameters", "responseTemplates", "contentHandling"])
            for s, r in (i.get("integrationResponses") or {}).items()
        }
        out["integration"] = integ
    return out


def canonical(api, resources, authorizers, models, validators, gateway, keys, plans, api_id):
    auth_names = {a["id"]: a["name"] for a in authorizers}
    validator_names = {v["id"]: v["name"] for v in validators}
    out = {
        "restApi": pick(api, ["name", "description", "version", "binaryMediaTypes", "minimumCompressionSize",
                              "apiKeySource"]),
        "resources": {
            r["path"]: {
                verb: method_form(m, auth_names, validator_names) for verb, m in (r.get("resourceMethods") or {}).items()
            }
            for r in resources
        },
        "authorizers": {
            a["name"]: pick(a, ["type", "authType", "authorizerUri", "authorizerCredentials", "identitySource",
                                "identityValidationExpression", "authorizerResultTtlInSeconds", "providerARNs"])
            for a in authorizers
        },
        "models": {
            m["name"]: {
                "contentType": m.get("contentType"),
                "description": m.get("description"),
                "schema": json.loads(
                    (m["schema"] if isinstance(m["schema"], str) else json.dumps(m["schema"])).replace(
                        MODEL_URL.format(api_id), MODEL_URL.format("{restApiId}"))),
            }
            for m in models
        },
        "requestValidators": {
            v["name"]: pick(v, ["validateRequestBody", "validateRequestParameters"]) for v in validators
        },
        "gatewayResponses": {
            g["responseType"]: pick(g, ["statusCode", "responseParameters", "responseTemplates"])
            for g in gateway if not g.get("defaultResponse")
        },
        "apiKeys": {k["name"]: pick(k, ["description", "enabled", "customerId", "tags"]) for k in keys},
        "usagePlans": {
            p["name"]: {
                "description": p.get("description"),
                "throttle": p.get("throttle"),
                "quota": p.get("quota"),
                "stages": [pick(s, ["stage", "throttle"]) for s in p.get("apiStages") or []],
                "keys": sorted(p.get("keys") or []),
            }
            for p in plans
        },
    }
    return clean(out)


def predicted(path, stage):
    d = json.load(open(path))
    keys = d.get("apiKeys") or []
    plans = []
    for p in d.get("usagePlans") or []:
        p = dict(p)
        p["keys"] = [k["name"] for k in p.get("keys") or []]
        p["apiStages"] = [dict(s, stage=stage) if s.get("stage") == "{stage}" else s for s in p.get("apiStages") or []]
        plans.append(p)
    models = [dict(m, schema=json.dumps(m["schema"])) for m in d.get("models") or []]
    return canonical(d["restApi"], d["resources"], d.get("authorizers") or [], models,
                     d.get("requestValidators") or [], d.get("gatewayResponses") or [], keys, plans, "{restApiId}")


def service(endpoint, api_id):
    import boto3

    c = boto3.client("apigateway", endpoint_url=endpoint, region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))
    api = c.get_rest_api(restApiId=api_id)
    resources = c.get_resources(restApiId=api_id, embed=["methods"], limit=500)["items"]
    # The embedded methods may leave out the integration's responses: read each method whole.
    for r in resources:
        for verb in list((r.get("resourceMethods") or {}).keys()):
            m = c.get_method(restApiId=api_id, resourceId=r["id"], httpMethod=verb)
            m.pop("ResponseMetadata", None)
            r["resourceMethods"][verb] = m
    authorizers = c.get_authorizers(restApiId=api_id)["items"]
    models = c.get_models(restApiId=api_id)["items"]
    validators = c.get_request_validators(restApiId=api_id)["items"]
    gateway = c.get_gateway_responses(restApiId=api_id)["items"]
    keys = c.get_api_keys(includeValues=False)["items"]
    key_names = {k["id"]: k["name"] for k in keys}
    plans = []
    for p in c.get_usage_plans()["items"]:
        if not any(s.get("apiId") == api_id for s in p.get("apiStages") or []):
            continue
        p["keys"] = [key_names.get(k["id"], k["id"]) for k in c.get_usage_plan_keys(usagePlanId=p["id"])["items"]]
        plans.append(p)
    # Only the keys this API's plans hold, or that are in no plan (the test's server is fresh).
    return canonical(api, resources, authorizers, models, validators, gateway, keys, plans, api_id)


def main():
    if sys.argv[1] == "--predicted":
        out = predicted(sys.argv[2], sys.argv[3])
    else:
        out = service(sys.argv[1], sys.argv[2])
    json.dump(out, sys.stdout, default=str, sort_keys=True, indent=1)


if __name__ == "__main__":
    main()
