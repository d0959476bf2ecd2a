"""Bodies over the limit are refused with 413 however they are framed.

Flask refuses a Content-Length over MAX_CONTENT_LENGTH by itself; a chunked body has no length,
and werkzeug then reads it only up to the limit and silently drops the rest. This middleware reads
a chunked body itself, up to one byte past the limit: over it, the answer is 413; within it, the
app gets the bytes it read with their length, as if the client had sent a Content-Length.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.api.problem_details import MEDIA_TYPE, problem_json

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


def too_large_detail(limit: int) -> str:
    return f"the body is larger than the {limit // 1024} KiB this API accepts"


class BodyLimit:
    def __init__(self, app: WSGIApplication, limit: int) -> None:
        self._app = app
        self._limit = limit

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = environ["wsgi.input"].read(self._limit + 1)
            if len(body) > self._limit:
                payload = problem_json(413, too_large_detail(self._limit))
                start_response("413 Request Entity Too Large", [
                    ("Content-Type", MEDIA_TYPE), ("Content-Length", str(len(payload))),
                    ("Connection", "close")])  # the rest of the body is never read
                return [payload]
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            del environ["HTTP_TRANSFER_ENCODING"]
        return self._app(environ, start_response)
