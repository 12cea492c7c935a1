"""Transforms a SAM template to CloudFormation JSON with aws-sam-translator, offline (no AWS
call: pseudo parameters are given, managed policies resolve to nothing).

Usage: sam_transform.py TEMPLATE
"""
import json
import os
import sys

# The translator builds a boto3 session for the region; it makes no call with it.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoPolicies:
    def load(self):
        return {}


def main():
    with open(sys.argv[1]) as f:
        template = yaml_parse(f.read())
    params = {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"}
    json.dump(transform(template, params, NoPolicies()), sys.stdout, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
