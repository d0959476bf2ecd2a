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


def photo(path: Path) -> Path:
    """A cover as an organizer's camera makes one: 2400x1350, detailed enough to weigh what a
    photo weighs (noise over a gradient), as a JPEG."""
    from PIL import Image

    noise = Image.effect_noise((2400, 1350), 64).convert("RGB")
    gradient = Image.linear_gradient("L").resize((2400, 1350)).convert("RGB")
    Image.blend(noise, gradient, 0.6).save(path, "JPEG", quality=90)
    return path


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        server = Gunicorn(Path(tmp), workers=2, RATE_LIMITS="off").start()
        try:
            cover = photo(Path(tmp) / "cover.jpg")
            return subprocess.run(["node", "scripts/lighthouse.mjs"], cwd=ROOT / "web",
                                  env={**os.environ, "APP_URL": server.url, "COVER": str(cover)}).returncode
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
