"""What changes when the server runs on gevent (deploy/gunicorn.conf.py's worker): written once.

Under gevent's monkey patching `threading` makes greenlets, not threads. Two things in this app
must still get OS threads: argon2 hashing (CPU-bound C that releases the GIL; on a greenlet it
would stop every other request of the worker for ~50 ms) and the SQLite connection, which is one
per OS thread (one per greenlet would mean one open file and page cache per open stream).
"""

from __future__ import annotations

import sys
import threading
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any


def patched() -> bool:
    """True in a gevent worker (threading monkey-patched), False under threads or tests."""
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey is not None and monkey.is_module_patched("threading"))


def os_thread_local() -> Any:
    """A `threading.local` per OS thread, also under gevent."""
    if patched():
        from gevent import monkey
        return monkey.get_original("threading", "local")()
    return threading.local()


def os_thread_pool(workers: int, name: str) -> Executor:
    """Real threads; under gevent their futures wait cooperatively (gevent's own pool)."""
    if patched():
        from gevent.threadpool import ThreadPoolExecutor as GeventPool
        pool: Executor = GeventPool(workers)
        return pool
    return ThreadPoolExecutor(workers, thread_name_prefix=name)


def on_hang_up(environ: dict[str, Any], callback: Any) -> Any:
    """Call `callback` once the client of this request closes its connection (under gunicorn's
    gevent worker: a greenlet waits for the socket to read as closed); returns what stops the
    watch. A no-op elsewhere (tests, other servers): a gone client is then noticed at the next
    write, as before. For answers that write rarely (a notification stream between heartbeats),
    whose client sends nothing more on its connection."""
    sock = environ.get("gunicorn.socket")
    if sock is None or not patched():
        return lambda: None
    import socket

    import gevent
    from gevent.socket import wait_read

    def watch() -> None:
        try:
            wait_read(sock.fileno())
            if sock.recv(1, socket.MSG_PEEK) != b"":
                return  # the client sent something: not a hang-up
        except OSError:
            pass  # reset or already closed: gone too
        callback()

    watcher = gevent.spawn(watch)
    return lambda: watcher.kill(block=False)
