"""Where the audit line of every action goes (the `AuditSink` port): the send_notification
function, or the log."""

from __future__ import annotations

import json
import logging
from typing import Any

import requests

log = logging.getLogger("app.audit")


class LogAuditSink:
    def send(self, line: dict[str, Any]) -> None:
        log.info("audit", extra={"fields": {"audit": line}})


class HttpAuditSink:
    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self._url = url
        self._timeout = timeout
        self._session = requests.Session()

    def send(self, line: dict[str, Any]) -> None:
        response = self._session.post(self._url, data=json.dumps(line), timeout=self._timeout,
                                      headers={"Content-Type": "application/json"})
        if response.status_code >= 300:
            raise RuntimeError(f"send_notification answered {response.status_code}")
