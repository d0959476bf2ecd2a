"""Publish after commit, in one place: what a request does with the messages its transactions
committed, once it has answered its own work.

- On a serverless platform (`PUBLISH_ON_REQUEST`: an instance has CPU only while it serves a
  request), the request publishes its own messages before it answers, bounded and never failing
  it (`OutboxRelay.publish_now`); what it could not publish waits for the scheduled sweep.
- Elsewhere, a successful write wakes the dispatcher thread, which publishes what is due now
  instead of at its next tick.

The store reports committed messages (app/store/base.py, `StoreBackend.run`); nothing else in
the app publishes on the request path."""

from __future__ import annotations

from flask import Flask, Response, g, has_request_context, request

from app.bus.dispatcher import Dispatcher
from app.bus.relay import OutboxRelay
from app.store.base import StoreBackend

_COMMITTED = "committed_messages"
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def install(app: Flask, store: StoreBackend, relay: OutboxRelay, dispatcher: Dispatcher,
            publish_on_request: bool) -> None:
    if publish_on_request:
        def remember(message_ids: list[str]) -> None:
            if has_request_context():
                g.setdefault(_COMMITTED, []).extend(message_ids)

        store.on_commit(remember)

    @app.after_request
    def publish_or_wake(response: Response) -> Response:
        if committed := g.pop(_COMMITTED, None):
            # published here: waking the dispatcher too would only scan an outbox with nothing
            # due (what failed is due after its backoff, for the dispatcher's tick or the sweep)
            relay.publish_now(committed)
        elif response.status_code < 400 and request.method in _WRITES:
            dispatcher.kick()
        return response
