"""send_notification: logs the audit line of every action of the events platform.

Two entry points over one log format:
- `send_notification` (HTTP): what the app's notification-topic push handler POSTs to.
- `send_notification_event` (CloudEvent): for a direct Pub/Sub trigger on notification-topic.
"""

from __future__ import annotations

import base64
import binascii
import json
import sys
from typing import Any

import functions_framework
from cloudevents.http import CloudEvent
from flask import Request

REQUIRED = ("id", "type", "occurred_at")


def _log(severity: str, message: str, **fields: Any) -> None:
    # Cloud Logging reads one JSON object per line from stdout as a structured entry.
    print(json.dumps({"severity": severity, "message": message, **fields}, default=str),
          file=sys.stdout, flush=True)


def _audit(line: dict[str, Any], source: str) -> None:
    _log("INFO", f"audit {line['type']}", source=source, audit_id=line["id"], type=line["type"],
         occurred_at=line["occurred_at"], actor_id=line.get("actor_id"), data=line.get("data", {}))


def _missing(line: dict[str, Any]) -> list[str]:
    return [name for name in REQUIRED if not isinstance(line.get(name), str) or not line[name]]


@functions_framework.http
def send_notification(request: Request) -> tuple[dict[str, Any], int]:
    if not request.is_json:
        return {"error": "send application/json"}, 415
    line = request.get_json(silent=True)
    if not isinstance(line, dict):
        return {"error": "the body must be a JSON object"}, 400
    missing = _missing(line)
    if missing:
        return {"error": f"missing field(s): {', '.join(missing)}"}, 400
    _audit(line, "http")
    return {"status": "logged", "id": line["id"]}, 200


@functions_framework.cloud_event
def send_notification_event(event: CloudEvent) -> None:
    """Pub/Sub trigger: the domain message is base64 JSON in data.message.data. A malformed
    message is logged and dropped (raising would only have it retried forever)."""
    try:
        raw = event.data["message"]["data"]
        line = json.loads(base64.b64decode(raw, validate=True))
    except (KeyError, TypeError, binascii.Error, ValueError) as exc:
        _log("ERROR", "malformed Pub/Sub message", error=str(exc))
        return
    missing = _missing(line) if isinstance(line, dict) else list(REQUIRED)
    if missing:
        _log("ERROR", "audit line without required fields", missing=missing)
        return
    _audit(line, "pubsub")
