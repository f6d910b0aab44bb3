"""Schemathesis hooks for scripts/schemathesis.sh: sign caseworker requests.

The server's caseworker routes need an `Authorization: Sanctuary-v1 ...`
header signed over the method, the path with its query, a timestamp, a
nonce and the SHA-256 of the exact body sent. Schemathesis cannot make one,
so this hook starts the `api_signer` example (which enrolls the server with
a fresh unit and caseworker and keeps its key in memory). An auth provider
puts a placeholder in the Authorization header of every operation that
declares security, and a `requests` auth replaces the placeholder with a
real signature as the request is sent, over its final body. A request
whose header schemathesis removed or replaced (to check that the server
refuses missing or invalid credentials) is sent as it is.
"""

import atexit
import hashlib
import os
import subprocess
import threading

import requests
import schemathesis

PLACEHOLDER = "sanctuary-sign-me"

_signer = subprocess.Popen(
    [os.environ["SANCTUARY_SIGNER"], os.environ["SANCTUARY_URL"], os.environ["SANCTUARY_DATA"]],
    stdin=subprocess.PIPE,
    stdout=subprocess.PIPE,
    text=True,
)
if _signer.stdout.readline().strip() != "enrolled":
    raise SystemExit("api_signer could not enroll the server")
_lock = threading.Lock()


def _sign(method, path, body):
    digest = hashlib.sha256(body or b"").hexdigest()
    with _lock:
        _signer.stdin.write(f"{method} {path} {digest}\n")
        _signer.stdin.flush()
        return _signer.stdout.readline().strip()


class _SignAtSend(requests.auth.AuthBase):
    def __call__(self, r):
        if r.headers.get("Authorization") == PLACEHOLDER:
            body = r.body.encode() if isinstance(r.body, str) else r.body
            if body is None or isinstance(body, bytes):
                r.headers["Authorization"] = _sign(r.method, r.path_url, body)
        return r


def _declares_security(operation):
    raw = getattr(getattr(operation, "definition", None), "raw", None) or {}
    return bool(raw.get("security"))


@schemathesis.auth()
class Caseworker:
    def get(self, case, context):
        return PLACEHOLDER

    def set(self, case, data, context):
        if _declares_security(case.operation):
            case.headers = case.headers or {}
            case.headers["Authorization"] = data


@schemathesis.hook
def before_call(context, case, kwargs):
    kwargs["auth"] = _SignAtSend()


# What each operation answered, written at exit for the script to check that
# signed requests really got through (and to report the figures).
_statuses = {}


@schemathesis.hook
def after_call(context, case, response):
    key = f"{case.operation.label} {response.status_code}"
    _statuses[key] = _statuses.get(key, 0) + 1


def _write_statuses():
    path = os.environ.get("SANCTUARY_STATUS_FILE")
    if path:
        with open(path, "w") as f:
            for key in sorted(_statuses):
                f.write(f"{_statuses[key]} {key}\n")


atexit.register(_write_statuses)
