"""The web client as the app serves it, from a small build of its own (index.html, the API docs
page, one script and its gzip twin, the icon)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from app import create_app
from tests.conftest import RecordingBus, fast_auth, make_config


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>client</title>")
    (root / "api-docs.html").write_text("<!doctype html><title>docs</title>")
    script = root / "assets" / "app-abc123.js"
    script.write_text("console.log('client');" * 50)
    script.with_name(script.name + ".gz").write_bytes(gzip.compress(script.read_bytes()))
    (root / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("not to be served")
    return root


@pytest.fixture
def web(tmp_path: Path, store, bus: RecordingBus, clock, dist: Path) -> FlaskClient:
    app = create_app(make_config(tmp_path, web_dist=dist), store=store, auth=fast_auth(store), bus=bus,
                     clock=clock)
    return app.test_client()
