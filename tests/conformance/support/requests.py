"""The few calls of the `requests` library that AgentArea's Python examples make, over the standard library.

`requests` is not installable on the machines these tests run on, so this module stands in for it on
PYTHONPATH (tests/conformance/agentarea.test.ts): `get(url, stream=True, headers=...)`, `post(url, json=...)`,
and a response with `status_code`, `json()`, `raise_for_status()`, `iter_lines()` and `with` support —
nothing more. Like requests, a 4xx or 5xx answer is a response, not an exception, until raise_for_status().
"""

import json as _json
import urllib.error
import urllib.request

__all__ = ["get", "post", "Response", "HTTPError"]


class HTTPError(Exception):
    def __init__(self, message, response):
        super().__init__(message)
        self.response = response


class Response:
    def __init__(self, raw, url):
        self._raw = raw
        self.url = url
        self.status_code = raw.status
        self.headers = dict(raw.headers.items())
        self._content = None

    @property
    def content(self):
        if self._content is None:
            self._content = self._raw.read()
        return self._content

    @property
    def text(self):
        return self.content.decode("utf-8")

    def json(self):
        return _json.loads(self.content)

    def raise_for_status(self):
        if self.status_code >= 400:
            raise HTTPError(f"{self.status_code} Error for url: {self.url}", self)

    def iter_lines(self):
        """Each line of the body as bytes, without its line ending, as it arrives (blank lines too)."""
        while True:
            line = self._raw.readline()
            if not line:
                return
            yield line.rstrip(b"\r\n")

    def close(self):
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _send(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    try:
        raw = urllib.request.urlopen(request)
    except urllib.error.HTTPError as error:
        raw = error
    return Response(raw, url)


def get(url, stream=False, headers=None):
    response = _send("GET", url, headers=headers)
    if not stream:
        response.content  # read now, as requests does without stream=True
    return response


def post(url, json=None, headers=None):
    headers = dict(headers or {})
    body = None
    if json is not None:
        body = _json.dumps(json).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    response = _send("POST", url, body=body, headers=headers)
    response.content
    return response
