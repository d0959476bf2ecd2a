"""JSON logs: one line per request, each carrying the request id."""

from __future__ import annotations

import json
import logging
import time
import uuid

from flask import Flask, Response, g, request


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"severity": record.levelname, "logger": record.name, "message": record.getMessage(),
                 "time": self.formatTime(record)}
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            request_id = g.get("request_id")
        except RuntimeError:  # outside a request
            request_id = None
        if request_id:
            record.fields = {**getattr(record, "fields", {}), "request_id": request_id}
        return True


def configure_logging(level: str) -> None:
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(level)


# Path parts that are secrets (a test checkout's token can pay or decline a hold): a log line
# shows the route's placeholder instead. Query strings are never logged (?access_token=).
SECRET_PATH_PARTS = frozenset({"token"})


def logged_path() -> str:
    """The request's path as a log may keep it: without a secret it carries."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if name in SECRET_PATH_PARTS and isinstance(value, str) and value:
            path = path.replace(value, f"<{name}>")
    return path


def install_request_logging(app: Flask) -> None:
    log = logging.getLogger("app.request")

    @app.before_request
    def start() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if 0 < len(incoming) <= 128 and incoming.isprintable() else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        claims = g.get("claims")
        log.info("request", extra={"fields": {
            "method": request.method, "path": logged_path(), "status": response.status_code,
            "ms": round(elapsed, 1), "user_id": getattr(claims, "user_id", None)}})
        return response
