"""GET /healthz (the process answers), GET /readyz (the store answers)."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint

from app.api.common import services

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> dict[str, Any]:
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> tuple[dict[str, Any], int]:
    try:
        services().store.ping()
    except Exception as exc:  # any failure means: do not send traffic here
        log.warning("not ready: %s", exc)
        return {"status": "unavailable"}, 503
    return {"status": "ok"}, 200
