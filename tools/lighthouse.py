"""`make lighthouse`: the app as `make run` serves it, in a scratch folder, and Lighthouse against it
(web/scripts/lighthouse.mjs prints the scores)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.processes import ROOT
from tools.servers import Gunicorn


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        server = Gunicorn(Path(tmp), workers=2, RATE_LIMITS="off").start()
        try:
            return subprocess.run(["node", "scripts/lighthouse.mjs"], cwd=ROOT / "web",
                                  env={**os.environ, "APP_URL": server.url}).returncode
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
