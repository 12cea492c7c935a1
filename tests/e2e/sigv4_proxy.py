"""A loopback proxy that verifies the SigV4 signature of every request (recomputed with
botocore from the secret key it is given) and the body's SHA-256, then forwards it to UPSTREAM.
Every request is logged as `METHOD PATH STATUS` to LOG. A control file (JSON) can make the
N-th mutating request from now fail once: {"fail_mutating_in": N} (a 400), or be throttled once:
{"throttle_mutating_in": N} (a 429).

Usage: sigv4_proxy.py UPSTREAM LOG CONTROL   (env PROXY_SECRET: the secret key)
Prints the port it listens on (127.0.0.1), then serves until killed.
"""
import hashlib
import json
import os
import re
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

UPSTREAM, LOG, CONTROL = sys.argv[1], sys.argv[2], sys.argv[3]
SECRET = os.environ["PROXY_SECRET"]
AUTH = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)")


def verify(method, url, headers, body):
    headers = {k.lower(): v for k, v in headers.items()}  # HTTP header names are case-insensitive
    m = AUTH.fullmatch(headers.get("authorization", ""))
    if not m:
        return "missing or malformed Authorization header"
    key, _, region, service, signed, signature = m.groups()
    expected_service = "lambda" if "/2015-03-31/functions/" in url else "apigateway"
    if service != expected_service:
        return "signed for service %r, not %s" % (service, expected_service)
    if headers.get("x-amz-content-sha256") != hashlib.sha256(body).hexdigest():
        return "x-amz-content-sha256 does not match the body"
    names = signed.split(";")
    req = AWSRequest(method=method, url=url, data=body, headers={k: v for k, v in headers.items() if k.lower() in names})
    req.context["timestamp"] = headers.get("x-amz-date", "")
    signer = SigV4Auth(Credentials(key, SECRET, headers.get("x-amz-security-token")), service, region)
    canonical = signer.canonical_request(req)
    expected = signer.signature(signer.string_to_sign(req, canonical), req)
    return None if expected == signature else "signature mismatch; canonical request:\n" + canonical


def inject():
    """The failure to inject into this mutating request, if the control file counts down to it:
    `fail_mutating_in` gives a BadRequestException, `throttle_mutating_in` a 429."""
    try:
        with open(CONTROL) as f:
            ctl = json.load(f)
    except (OSError, ValueError):
        return None
    for key, answer in (("fail_mutating_in", (400, "BadRequestException", "injected failure")),
                        ("throttle_mutating_in", (429, "TooManyRequestsException", "injected throttling"))):
        n = ctl.get(key)
        if n:
            n -= 1
            with open(CONTROL, "w") as f:
                json.dump({key: n} if n > 0 else {}, f)
            return answer if n == 0 else None
    return None


class Handler(BaseHTTPRequestHandler):
    def handle_one(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        host = self.headers.get("Host", "")
        problem = verify(self.command, "http://%s%s" % (host, self.path), dict(self.headers.items()), body)
        if problem:
            return self.answer(403, {"message": problem}, "InvalidSignatureException")
        injected = inject() if self.command != "GET" else None
        if injected:
            status, kind, message = injected
            return self.answer(status, {"message": message}, kind)
        req = urllib.request.Request(UPSTREAM + self.path, data=body if body else None, method=self.command)
        for k, v in self.headers.items():
            if k.lower() not in ("host", "content-length"):
                req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                self.relay(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            self.relay(e.code, e.headers, e.read())

    def relay(self, status, headers, data):
        with open(LOG, "a") as f:
            f.write("%s %s %d\n" % (self.command, self.path, status))
        self.send_response(status)
        for k, v in headers.items():
            if k.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def answer(self, status, doc, kind):
        data = json.dumps(doc).encode()
        self.relay(status, {"Content-Type": "application/json", "x-amzn-ErrorType": kind}, data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_one

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
