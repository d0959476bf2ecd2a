"""The app exactly as `make run` builds it, on a clock the browser tests move: CLOCK_FILE holds the
current time (ISO 8601), read by every worker on every call, so a test can let an event start."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from app import create_app

CLOCK_FILE = Path(os.environ["CLOCK_FILE"])


def clock() -> datetime:
    return datetime.fromisoformat(CLOCK_FILE.read_text().strip())


app = create_app(clock=clock)
