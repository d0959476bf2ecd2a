"""The web client's pages and files (app/api/web.py): only the client's own paths, never an API's."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.api.web import ASSET_CACHE, CLIENT_PAGES, DOCS_POLICY, PAGE_POLICY
from tests.conftest import fast_auth, make_config
from tools.processes import ROOT

PATHS_TS = ROOT / "web" / "src" / "paths.ts"


def _client_routes() -> set[str]:
    """The client's ROUTES (web/src/paths.ts), in Flask's spelling."""
    block = re.search(r"export const ROUTES = \{(.*?)\} as const", PATHS_TS.read_text(), re.S)
    assert block is not None
    patterns = re.findall(r':\s*"([^"]+)"', block.group(1))
    spelling = {r":registrationId\b": "<id:registration_id>", r":orderId\b": "<id:order_id>",
                r":eventId\b": "<id:event_id>",
                r":username\b": "<name:username>"}
    routes = set()
    for pattern in patterns:
        for client, flask in spelling.items():
            pattern = re.sub(client, flask, pattern)
        routes.add(pattern)
    return routes


def test_the_app_serves_exactly_the_client_routes():
    assert _client_routes() == set(CLIENT_PAGES)


def test_no_client_page_is_an_api_path_and_no_api_path_is_a_page(app: Flask):
    urls = app.url_map.bind("localhost")
    for page in CLIENT_PAGES:
        path = re.sub(r"<(id|name):\w+>", "abc", page)
        endpoint, _ = urls.match(path, method="GET")
        assert endpoint.startswith("web."), (page, endpoint)
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("web.", "static")):
            continue
        path, method = re.sub(r"<[^>]+>", "abc", rule.rule), sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        assert not urls.match(path, method=method)[0].startswith("web.")


@pytest.mark.parametrize("path", ["/", "/signin", "/tickets", "/inbox", "/e/abc/manage"])
def test_a_client_page_is_the_client_with_a_strict_policy(web: FlaskClient, path: str):
    response = web.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b"<title>client</title>" in response.data
    assert response.headers["Content-Security-Policy"] == PAGE_POLICY
    assert "'unsafe-inline'" not in PAGE_POLICY and "script-src" not in PAGE_POLICY  # scripts: 'self' only
    assert response.headers["Cache-Control"] == "no-cache"  # a new build is seen at once


def test_api_paths_stay_json(web: FlaskClient):
    response = web.get("/events/abc", headers={"Accept": "text/html"})
    assert response.status_code == 404  # open to visitors: no such event, as JSON
    assert response.mimetype == "application/problem+json"
    assert web.get("/registrations", headers={"Accept": "text/html"}).status_code == 401
    assert web.get("/nowhere", headers={"Accept": "text/html"}).mimetype == "application/problem+json"


def test_assets_are_immutable_and_sent_gzipped_to_who_takes_it(web: FlaskClient, dist: Path):
    raw = (dist / "assets" / "app-abc123.js").read_bytes()
    packed = web.get("/assets/app-abc123.js", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == raw
    assert packed.mimetype == "text/javascript"
    assert packed.headers["Cache-Control"] == ASSET_CACHE == "public, max-age=31536000, immutable"
    assert packed.headers["Vary"] == "Accept-Encoding"
    plain = web.get("/assets/app-abc123.js")
    assert "Content-Encoding" not in plain.headers
    assert plain.data == raw


def test_the_icon_keeps_its_name_so_it_is_not_immutable(web: FlaskClient):
    response = web.get("/favicon.svg")
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "public, max-age=86400"


def test_nothing_outside_the_build_is_served(web: FlaskClient):
    for path in ["/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/assets/nope.js"]:
        response = web.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "application/problem+json"


def test_the_api_reference_page_may_style_inline_and_nothing_more(web: FlaskClient):
    response = web.get("/api-docs")
    assert b"<title>docs</title>" in response.data
    assert response.headers["Content-Security-Policy"] == DOCS_POLICY


def test_an_unbuilt_client_says_how_to_build_it(tmp_path: Path, store, bus, clock):
    app = create_app(make_config(tmp_path, web_dist=tmp_path / "none"), store=store, auth=fast_auth(store),
                     bus=bus, clock=clock)
    response = app.test_client().get("/")
    assert response.status_code == 404
    assert "make run" in response.get_json()["detail"]


