"""The process is stopping: long answers (notification streams) end at once instead of holding
a worker until it is killed. The gunicorn worker calls `stop()` on SIGTERM, SIGINT and SIGQUIT."""

from __future__ import annotations

import threading
from collections.abc import Callable

stopping = threading.Event()
_on_stop: list[Callable[[], None]] = []


def on_stop(callback: Callable[[], None]) -> None:
    """Run `callback` when the process is told to stop (a quick stop leaves 0.1 s)."""
    _on_stop.append(callback)


def stop() -> None:
    stopping.set()
    for callback in list(_on_stop):
        callback()
