"""The `x-amazon-apigateway-integration` objects every app attaches to its operations.

Each is valid for both kinds of API: REST needs `type`, `httpMethod` and `uri`; an HTTP API
needs `payloadFormatVersion` for AWS_PROXY (REST ignores it). A Lambda is named by its
invocation URI, which both importers accept.
"""

LAMBDA = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:123456789012:function:pets/invocations"
)


def lambda_proxy():
    """AWS_PROXY to the pets Lambda, payload format 2.0."""
    return {
        "x-amazon-apigateway-integration": {
            "type": "aws_proxy",
            "httpMethod": "POST",
            "uri": LAMBDA,
            "payloadFormatVersion": "2.0",
        }
    }


def http_proxy(method, path):
    """HTTP_PROXY to https://example.com with the same method and a fixed path."""
    return {
        "x-amazon-apigateway-integration": {
            "type": "http_proxy",
            "httpMethod": method,
            "uri": "https://example.com" + path,
            "payloadFormatVersion": "1.0",
        }
    }
