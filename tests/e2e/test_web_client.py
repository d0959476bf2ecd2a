"""The web client in a real browser: web/e2e/story.test.ts (playwright-core driving Debian's
chromium) against the app under gunicorn as `make run` serves it, built client included."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.processes import ROOT
from tools.servers import Gunicorn

CHROMIUM = shutil.which("chromium")
WEB = ROOT / "web"
MISSING = CHROMIUM is None or not (WEB / "dist" / "index.html").is_file()
pytestmark = pytest.mark.skipif(
    MISSING and not os.environ.get("REQUIRE_EMULATORS"),
    reason="the browser tests need Debian's chromium and the built client (`make test` installs both)")


@pytest.mark.timeout(660)
def test_two_people_use_the_product_in_chromium(tmp_path: Path) -> None:
    clock = tmp_path / "clock"
    clock.write_text("2026-11-24T12:00:00+00:00")  # web/e2e/story.test.ts starts there
    server = Gunicorn(tmp_path / "server", workers=2, app_module="tests.e2e.clocked_app:app",
                      CLOCK_FILE=str(clock), STREAM_SECONDS="20").start()
    try:
        result = subprocess.run(
            ["npm", "run", "--silent", "e2e"], cwd=WEB, capture_output=True, text=True, timeout=600,
            env={**os.environ, "APP_URL": server.url, "CLOCK_FILE": str(clock),
                 "MAIL_DIR": str(server.database.parent / "mail"),
                 "CHROMIUM": CHROMIUM or "/usr/bin/chromium",
                 "SCREENSHOTS": os.environ.get("SCREENSHOTS", str(tmp_path / "screenshots"))})
    finally:
        server.stop()
    (tmp_path / "story.log").write_text(result.stdout + result.stderr)  # whole, where the tail is cut
    assert result.returncode == 0, f"{result.stdout[-12000:]}\n{result.stderr[-4000:]}"
    assert " passed" in result.stdout
    print(result.stdout[-3000:])  # which steps ran (pytest shows it with -s)
