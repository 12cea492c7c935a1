"""Lambda functions on an endpoint (moto, in the tests), for the permission tests.

Usage: lambda_functions.py ENDPOINT create NAME...   (an execution role, then each function)
       lambda_functions.py ENDPOINT policy NAME      (the function's policy statements, as JSON)
"""
import io
import json
import os
import sys
import zipfile

import boto3


def client(service, endpoint):
    return boto3.client(service, endpoint_url=endpoint, region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))


def main():
    endpoint, what, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    lam = client("lambda", endpoint)
    if what == "create":
        trust = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        role = client("iam", endpoint).create_role(RoleName="gatewright-e2e", AssumeRolePolicyDocument=json.dumps(trust))
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as z:
            z.writestr("index.py", "def handler(event, context):\n    return {'statusCode': 200}\n")
        for name in names:
            lam.create_function(FunctionName=name, Runtime="python3.12", Role=role["Role"]["Arn"],
                                Handler="index.handler", Code={"ZipFile": code.getvalue()})
    elif what == "policy":
        policy = json.loads(lam.get_policy(FunctionName=names[0])["Policy"])
        json.dump(policy["Statement"], sys.stdout, sort_keys=True, indent=1)


if __name__ == "__main__":
    main()
