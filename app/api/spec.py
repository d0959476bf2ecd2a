"""GET /openapi.yaml: the repo's spec, which is also the Cloud Endpoints configuration."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response

bp = Blueprint("spec", __name__)
SPEC = Path(__file__).resolve().parents[2] / "openapi.yaml"


@bp.get("/openapi.yaml")
def openapi_spec() -> Response:
    return Response(SPEC.read_bytes(), mimetype="application/yaml")
