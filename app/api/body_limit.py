"""Bodies over the limit are refused with 413 however they are framed.

Flask refuses a Content-Length over MAX_CONTENT_LENGTH by itself; a chunked body has no length,
and werkzeug then reads it only up to the limit and silently drops the rest. This middleware reads
a chunked body itself, up to one byte past the limit: over it, the answer is 413; within it, the
app gets the bytes it read with their length, as if the client had sent a Content-Length.

One route takes more (an event's cover image: app/api/covers.py); `larger` names its limit from
the request line, before anything of the body is read.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from app.api.problem_details import MEDIA_TYPE, problem_json
from app.domain.sentences import N_

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


TOO_LARGE = N_("the body is larger than the {size} this route accepts")


def body_size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit // 1024} KiB"


def too_large_detail(limit: int) -> str:
    return TOO_LARGE.format(size=body_size(limit))


class BodyLimit:
    def __init__(self, app: WSGIApplication, limit: int,
                 larger: Callable[[str, str], int | None] = lambda method, path: None) -> None:
        self._app = app
        self._limit = limit
        self._larger = larger

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            route = (environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""))
            limit = self._larger(*route) or self._limit
            body = environ["wsgi.input"].read(limit + 1)
            if len(body) > limit:
                payload = problem_json(413, too_large_detail(limit))
                start_response("413 Request Entity Too Large", [
                    ("Content-Type", MEDIA_TYPE), ("Content-Length", str(len(payload))),
                    ("Connection", "close")])  # the rest of the body is never read
                return [payload]
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            del environ["HTTP_TRANSFER_ENCODING"]
        return self._app(environ, start_response)
