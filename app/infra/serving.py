"""The gunicorn worker this app is served by (deploy/gunicorn.conf.py names it).

gunicorn's gevent worker (docs/architecture.md, "Serving model", says why), with three changes:
- the answers gunicorn writes itself, before Flask sees a request (a request line over its
  limit: 414, headers over theirs: 431, a malformed request: 400), use the API's one error
  format, problem+json with a `code`, instead of an HTML page;
- a stop signal marks the process as stopping (app.infra.lifecycle), so open notification
  streams end at once and the worker exits within its graceful time instead of being killed;
- gRPC (the Google Cloud clients) is told it runs on gevent, right after the monkey patching and
  before any client is made, as grpc's gevent support requires.
"""

from __future__ import annotations

import socket
from http import HTTPStatus
from types import FrameType

import gevent
from gunicorn import util
from gunicorn.workers.ggevent import GeventWorker

from app.api.problem_details import MEDIA_TYPE, problem_json
from app.infra import lifecycle


def write_problem(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """Drop-in for gunicorn.util.write_error (same arguments), in problem+json. The status line's
    phrase is the status's own: gunicorn passes "Bad Request" with some other statuses (501 for
    a transfer coding it does not know, RFC 9112's answer)."""
    phrase = HTTPStatus(status_int).phrase
    body = problem_json(status_int, mesg or reason or phrase)
    head = (f"HTTP/1.1 {status_int} {phrase}\r\nConnection: close\r\n"
            f"Content-Type: {MEDIA_TYPE}\r\nContent-Length: {len(body)}\r\n"
            "X-Content-Type-Options: nosniff\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn renders every answer of its own through this one function (workers/base.py,
# handle_error); the worker class is imported by the master before it forks any worker.
util.write_error = write_problem


class ProblemGeventWorker(GeventWorker):
    def patch(self) -> None:
        super().patch()
        from grpc.experimental import gevent as grpc_gevent

        grpc_gevent.init_gevent()

    def handle_request(self, listener_name: str, req: object, sock: socket.socket, addr: object) -> None:
        super().handle_request(listener_name, req, sock, addr)
        # A keep-alive client that sends its next request at once would otherwise be served again
        # before anyone else: the read finds the bytes there and never yields. Take turns.
        gevent.sleep(0)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:  # SIGTERM: graceful stop
        lifecycle.stop()
        super().handle_exit(sig, frame)

    def handle_quit(self, sig: int, frame: FrameType | None) -> None:  # SIGINT, SIGQUIT: quick stop
        # gunicorn's own quick stop calls sys.exit() from a greenlet 0.1 s later; with the open
        # streams ended at once the worker is often past its run loop by then, in the
        # interpreter's shutdown, and gevent prints that SystemExit as a traceback for a stop that
        # is no error. Ending the run loop lets the worker leave the ordinary way, within a
        # second, its streams closed.
        lifecycle.stop()
        self.alive = False
        self.cfg.worker_int(self)
