"""gunicorn settings, from the environment (docs/operations.md lists every variable)."""

# The gevent worker patches the standard library in each worker, but the master has imported the
# app by then (for the settings check below, and the worker class), ssl and urllib3 included:
# patch first, as gevent asks, so nothing holds an unpatched copy. A no-op when it runs again.
from gevent import monkey

monkey.patch_all()

import multiprocessing  # noqa: E402 - after the patching, on purpose
import os  # noqa: E402
import sys  # noqa: E402

from app.config import ConfigError, load_config  # noqa: E402

# A bad setting stops the server here, in the master, with one line: not once per worker with a
# traceback each, and not after the workers were forked.
try:
    app_settings = load_config()  # not `config`: gunicorn reads that name as its own setting
except ConfigError as bad:
    print(f"events-api: cannot start: {bad}", file=sys.stderr, flush=True)
    sys.exit(2)

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{app_settings.port}")
# gevent: a connection costs a greenlet, not a thread, so open notification streams and slow
# clients do not hold up other requests (docs/architecture.md, "Serving model"). The subclass
# answers gunicorn's own errors in problem+json and ends streams on a stop signal.
worker_class = "app.infra.serving.ProblemGeventWorker"
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2, 8)))
# open connections per worker, streams included; beyond it the kernel's backlog holds new ones
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "2000"))
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
# gunicorn's control socket (gunicornc) is one per server: beside its instance's files and named
# by its port, not the one ~/.gunicorn/gunicorn.ctl that a second server on the machine (another
# `make run`, a test) would take over. A Unix socket path has at most 107 bytes: off beyond that.
_control = app_settings.instance_path.resolve() / f"gunicorn-{app_settings.port}.ctl"
control_socket = str(_control)
control_socket_disable = len(control_socket.encode()) > 100


def post_worker_init(worker: object) -> None:
    """The worker has loaded the app and its libraries (hundreds of thousands of objects that live
    as long as it does): keep them out of every later garbage collection, whose full passes
    otherwise pause all of the worker's requests for up to a quarter of a second (measured on
    GET /events/recommended: the longest of 6,700 requests in a row 251 ms, 142 ms frozen)."""
    import gc

    gc.freeze()
