"""gunicorn settings, from the environment (docs/operations.md lists every variable)."""

import multiprocessing
import os
import sys

from app.config import ConfigError, load_config

# A bad setting stops the server here, in the master, with one line: not once per worker with a
# traceback each, and not after the workers were forked.
try:
    load_config()
except ConfigError as bad:
    print(f"events-api: cannot start: {bad}", file=sys.stderr, flush=True)
    sys.exit(2)

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8080')}")
# gthread, answering gunicorn's own errors in problem+json and ending streams on a stop signal
worker_class = "app.infra.serving.ProblemThreadWorker"
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Each worker opens the store after fork; nothing of it is shared across processes.
preload_app = False
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = 100
accesslog = None  # the app writes one JSON line per request itself
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
