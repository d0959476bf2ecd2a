"""Work the dispatcher hands to a child process (`python -m app.jobs ...`), so a worker that
serves requests never runs it: a model rebuild of minutes would freeze every request and stream
of that worker (gevent runs them all on one thread). One child at a time per worker; the store's
claim keeps it to one across workers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # where `app` is importable from


class BackgroundJob:
    def __init__(self, job: str) -> None:
        self._job = job
        self._child: subprocess.Popen[bytes] | None = None

    def running(self) -> bool:
        """Whether its child is still at work (a finished one is reaped here)."""
        if self._child is not None and self._child.poll() is not None:
            self._child = None
        return self._child is not None

    def start(self, *args: str) -> None:
        # its output goes where the worker's does (gunicorn's error log: one line when done)
        self._child = subprocess.Popen([sys.executable, "-m", "app.jobs", self._job, *args], cwd=ROOT,  # noqa: S603
                                       stdin=subprocess.DEVNULL, start_new_session=True)
