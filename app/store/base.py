"""What a store backend provides: the domain's `Store`, and beside it, on the same database, the
two narrower ports other parts need (local sign-in's credentials, the relay's outbox).

"Publish after commit" starts here, once for every backend: `run` tells the listener which
messages a write transaction committed, after it committed (an attempt that was rolled back and
run again never reports its messages). The app decides what to do with them
(app/bus/after_commit.py)."""

from __future__ import annotations

import abc
from collections.abc import Callable
from typing import TypeVar

from app.domain.ports import CredentialStore, Outbox, Store, Transaction

T = TypeVar("T")
CommitListener = Callable[[list[str]], None]


class StoreBackend(Store):
    credentials: CredentialStore
    outbox: Outbox
    _commit_listener: CommitListener | None = None

    def on_commit(self, listener: CommitListener | None) -> None:
        """Call `listener` with the ids of the messages each write transaction committed."""
        self._commit_listener = listener

    def run(self, fn: Callable[[Transaction], T]) -> T:
        result, emitted = self._commit(fn)
        if emitted and self._commit_listener is not None:
            self._commit_listener(emitted)
        return result

    @abc.abstractmethod
    def _commit(self, fn: Callable[[Transaction], T]) -> tuple[T, list[str]]:
        """Run `fn` in a write transaction and commit: its result, and the ids of the messages
        the committed attempt emitted."""
