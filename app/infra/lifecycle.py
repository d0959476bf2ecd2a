"""The process is stopping: long answers (notification streams) end at once instead of holding
a worker until it is killed. Set by the gunicorn worker on SIGTERM, SIGINT and SIGQUIT."""

from __future__ import annotations

import threading

stopping = threading.Event()
