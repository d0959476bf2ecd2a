"""What a store backend provides: the domain's `Store`, and beside it, on the same database, the
two narrower ports other parts need (local sign-in's credentials, the relay's outbox)."""

from __future__ import annotations

from collections.abc import Callable

from app.domain.ports import CredentialStore, Outbox, Store

CommitListener = Callable[[list[str]], None]


class Storage(Store):
    credentials: CredentialStore
    outbox: Outbox
    _commit_listener: CommitListener | None = None

    def on_commit(self, listener: CommitListener | None) -> None:
        """Call `listener` with the ids of the messages each write transaction committed (the
        app publishes them on the request path: app/bus/relay.py, `publish_now`)."""
        self._commit_listener = listener

    def committed(self, message_ids: list[str]) -> None:
        if message_ids and self._commit_listener is not None:
            self._commit_listener(message_ids)
