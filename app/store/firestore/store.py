"""The unit of work over one Firestore transaction, and the store that runs rules in it.

Contention (ABORTED) is retried with backoff. The Firestore emulator resolves two transactions
that lock the same document by letting both wait for a lock time-out (about two seconds, often
failing both), where Firestore itself aborts one at once (wound-wait). On the emulator this
adapter therefore lets one read-write transaction of a process run at a time
(`write_concurrency=1`); contention between processes stays real and is retried. Against
Firestore the gate is off unless asked for."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

import firebase_admin
from firebase_admin import firestore
from google.api_core import exceptions as gexc

from app.domain.errors import Conflict, Unavailable
from app.domain.ids import digest, new_id
from app.domain.models import Credentials, Message
from app.domain.ports import CredentialStore, Transaction
from app.infra.backoff import Backoff
from app.infra.gcp import AnonymousCredential
from app.store.base import StoreBackend
from app.store.firestore.documents import Session
from app.store.firestore.events import FirestoreEvents
from app.store.firestore.messages import FirestoreInbox, FirestoreOutbox, write_to_outbox
from app.store.firestore.notifications import FirestoreLiveStreams, FirestoreNotifications
from app.store.firestore.payments import FirestoreOrders, FirestorePayments, FirestoreReviews
from app.store.firestore.people import FirestoreCounters, FirestoreSignInAttempts, FirestoreUsers
from app.store.firestore.promo_codes import FirestorePromoCodes
from app.store.firestore.questions import FirestoreQuestions
from app.store.firestore.registrations import FirestoreRegistrations
from app.store.firestore.tastes import FirestoreTastes
from app.store.firestore.team import FirestoreTeam
from app.store.firestore.ticket_types import FirestoreTicketTypes
from app.store.recent import TasteCache

T = TypeVar("T")
# A transaction that lost a race runs again after 10 ms, 20 ms, ... at most half a second.
CONTENTION_BACKOFF = Backoff(base=0.01, cap=0.5, jitter=0.5)


class FirestoreTransaction(Transaction):
    def __init__(self, session: Session, tastes: TasteCache) -> None:
        self.session = session
        self.emitted: list[str] = []
        self.users = FirestoreUsers(session)
        self.events = FirestoreEvents(session)
        self.registrations = FirestoreRegistrations(session)
        self.ticket_types = FirestoreTicketTypes(session)
        self.promo_codes = FirestorePromoCodes(session)
        self.team = FirestoreTeam(session)
        self.questions = FirestoreQuestions(session)
        self.orders = FirestoreOrders(session)
        self.payments = FirestorePayments(session)
        self.reviews = FirestoreReviews(session)
        self.notifications = FirestoreNotifications(session)
        self.live_streams = FirestoreLiveStreams(session)
        self.inbox = FirestoreInbox(session)
        self.sign_in_attempts = FirestoreSignInAttempts(session)
        self.counters = FirestoreCounters(session)
        self.tastes = FirestoreTastes(session, tastes)

    def emit(self, message: Message) -> None:
        self.emitted.append(message.id)
        write_to_outbox(self.session, message)


class FirestoreStore(StoreBackend):
    def __init__(self, project: str | None, *, emulator: bool = False, max_attempts: int = 30,
                 write_concurrency: int | None = None) -> None:
        options = {"projectId": project} if project else None
        credential = AnonymousCredential() if emulator else None
        self._app = firebase_admin.initialize_app(credential, options, name=f"store-{new_id()}")
        self.db = firestore.client(self._app)
        self._max_attempts = max_attempts
        limit = write_concurrency or (1 if emulator else None)
        self._write_gate = threading.BoundedSemaphore(limit) if limit else contextlib.nullcontext()
        self.credentials = FirestoreCredentials(self)
        self.outbox = FirestoreOutbox(self.db, self.in_session)
        self._tastes = TasteCache()

    def in_session(self, fn: Callable[[Session], T], read_only: bool) -> T:
        """Run `fn` in one transaction, with contention retried; its writes apply when it returns."""

        def body(transaction: Any) -> T:
            session = Session(self.db, transaction)
            result = fn(session)
            session.flush()
            return result

        with contextlib.nullcontext() if read_only else self._write_gate:
            return self._attempts(body, read_only)

    def _unit(self, fn: Callable[[Transaction], T], read_only: bool) -> tuple[T, list[str]]:
        def unit(session: Session) -> tuple[T, list[str]]:
            tx = FirestoreTransaction(session, self._tastes)
            return fn(tx), tx.emitted  # the last attempt's: an aborted one is run again

        return self.in_session(unit, read_only)

    def _attempts(self, body: Callable[[Any], T], read_only: bool) -> T:
        last: Exception | None = None
        for attempt in range(self._max_attempts):
            transaction = self.db.transaction(max_attempts=1, read_only=read_only)
            try:
                return cast(T, firestore.transactional(body)(transaction))
            except gexc.AlreadyExists as exc:
                # A create() lost a race the reads could not see: the same clash as a read finds.
                raise Conflict() from exc
            except (gexc.Aborted, gexc.ServiceUnavailable, gexc.DeadlineExceeded, ValueError) as exc:
                # Contention: aborted while reading, or the commit lost (ValueError from the
                # client after its own attempts). Back off with jitter and run the rule again.
                if isinstance(exc, ValueError) and "transaction" not in str(exc).lower():
                    raise
                last = exc
                time.sleep(CONTENTION_BACKOFF.delay(attempt + 1))
        raise Unavailable(f"the store is too busy to take this change now ({last})")

    def _commit(self, fn: Callable[[Transaction], T]) -> tuple[T, list[str]]:
        return self._unit(fn, read_only=False)

    def read(self, fn: Callable[[Transaction], T]) -> T:
        return self._unit(fn, read_only=True)[0]

    def ping(self) -> None:
        self.db.collection("events").document("_ping").get(timeout=5)

    def close(self) -> None:
        firebase_admin.delete_app(self._app)


class FirestoreCredentials(CredentialStore):
    """Keyed by the account, with the email held unique by a key document."""

    def __init__(self, store: FirestoreStore) -> None:
        self._store = store

    def find(self, email: str) -> Credentials | None:
        def read(s: Session) -> Credentials | None:
            key = s.get_doc("unique_keys", digest("credential-email", email.lower()))
            if not key.exists:
                return None
            doc = s.get_doc("credentials", key.get("owner"))
            return Credentials(**doc.to_dict()) if doc.exists else None

        return self._store.in_session(read, read_only=True)

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self._store.db.collection("credentials").document(user_id).update({"password_hash": password_hash})

    def delete(self, user_id: str) -> None:
        def apply(s: Session) -> None:
            doc = s.get_doc("credentials", user_id)
            if doc.exists:
                s.delete_doc("unique_keys", digest("credential-email", doc.get("email").lower()))
                s.delete_doc("credentials", user_id)

        self._store.in_session(apply, read_only=False)
