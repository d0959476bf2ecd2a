"""An app wired to the embedded bus for in-process tests: real push envelopes through the real
push route (the Flask test client stands in for the socket), a recording audit sink, and a
`drain` that runs the dispatcher on the test clock until nothing is left."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.bus import topology_of
from app.bus.local import LocalBus, WsgiPushTransport
from app.config import Config
from app.domain.ports import Mailer
from app.infra.backoff import Backoff
from app.store.sqlite import SqliteStore
from tests.conftest import PUSH_TOKEN, Api, Clock, fast_auth, make_config, sign_up
from tools.read_mail import mails


class RecordingAudit:
    def __init__(self) -> None:
        self.lines: list[dict[str, Any]] = []
        self.fail = False

    def send(self, line: dict[str, Any]) -> None:
        if self.fail:
            raise RuntimeError("send_notification is down")
        self.lines.append(line)


class ClientTransport:
    """Pushes through the Flask test client: the real route, the real envelope, no socket.
    `outage` answers 503 for that many pushes first, as a struggling endpoint would; `poison`
    lists wire message ids answered 500; while `captured` is a dict, envelopes are kept there
    (acked) instead of pushed."""

    parallel = 1

    def __init__(self) -> None:
        self.app: Flask | None = None
        self.outage = 0
        self.poison: set[str] = set()
        self.captured: dict[str, list[dict[str, Any]]] | None = None

    def push(self, subscription: str, envelope: dict[str, Any]) -> int:
        if self.captured is not None:
            self.captured.setdefault(subscription, []).append(envelope)
            return 204
        if self.outage > 0:
            self.outage -= 1
            return 503
        if envelope["message"]["messageId"] in self.poison:
            return 500
        assert self.app is not None
        return WsgiPushTransport(self.app, PUSH_TOKEN).push(subscription, envelope)


class LocalStack:
    def __init__(self, tmp_path: Path, store: SqliteStore, clock: Clock,
                 mailer: Mailer | None = None) -> None:
        self.config: Config = make_config(tmp_path)
        self.clock = clock
        self.store = store
        self.bus = LocalBus(tmp_path / "bus.db", topology_of(self.config), clock=clock, max_attempts=3,
                            backoff=Backoff(base=0.01, cap=0.05))
        self.transport, self.audit = ClientTransport(), RecordingAudit()
        self.app = create_app(self.config, store=store, auth=fast_auth(store), bus=self.bus,
                              audit=self.audit, transport=self.transport, mailer=mailer, clock=clock)
        self.transport.app = self.app
        self.client: FlaskClient = self.app.test_client()

    def mails(self) -> list[EmailMessage]:
        """What the app mailed: the Maildir it writes when no SMTP relay is set (app/mail/)."""
        return mails(self.config.instance_path / "mail")

    def drain(self, passes: int = 1000) -> None:
        dispatcher = self.app.extensions["events"].dispatcher
        for _ in range(passes):
            done = dispatcher.run_once()  # a handler may emit messages of its own: relay them too
            if not done and self.bus.pending() == 0:
                return
            self.clock.advance(seconds=0.1)  # past any backoff (at most 0.05 s here): no waiting
        raise AssertionError(f"{self.bus.pending()} deliveries still pending after {passes} passes")

    def envelopes(self, story: Any) -> dict[str, list[dict[str, Any]]]:
        """The real envelopes every subscription gets from `story(self)`, captured, not pushed."""
        self.transport.captured = {}
        story(self)
        self.drain()
        captured, self.transport.captured = self.transport.captured, None
        return captured


def push(client: FlaskClient, subscription: str, envelope: dict[str, Any]) -> Any:
    return client.post(f"/pubsub/{subscription}?token={PUSH_TOKEN}", json=envelope)


def notifications_of(person: Api) -> list[dict[str, Any]]:
    return list(person.get("/notifications?limit=100").get_json()["items"])


def kinds(person: Api) -> list[str]:
    return sorted(n["kind"] for n in notifications_of(person))


def state(store: SqliteStore) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Everything a handler can change."""
    notes = store.db.read(lambda c: [tuple(r) for r in c.execute(
        "SELECT id, user_id, kind, message, event_id, read_at FROM notifications ORDER BY id")])
    sold = store.db.read(lambda c: [tuple(r) for r in c.execute(
        "SELECT id, sold_out_at, refunded_count, refunded_amount FROM events ORDER BY id")])
    paid = store.db.read(lambda c: [tuple(r) for r in c.execute(
        "SELECT id, status, refund_id FROM payments ORDER BY id")])
    return notes, sold + paid


def sell_out_story(stack: LocalStack) -> None:
    """Three people, an event of one seat, a ticket, a waitlist place, then a second seat."""
    olga, gus, wendy = (sign_up(stack.client) for _ in range(3))
    event = olga.create_event(stack.clock, capacity=1)
    gus.post("/registrations", json={"event_id": event["id"]})
    wendy.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    olga.patch(f"/events/{event['id']}", json={"capacity": 2})  # promotes wendy: sold out again
    # a paid seat bought, a waitlist place, the ticket cancelled (refund; wendy gets a hold), and
    # wendy's checkout opened and cancelled (closed at the provider)
    paid = olga.create_event(stack.clock, capacity=1, price=150_000, currency="KZT")
    ticket = gus.buy(paid["id"])
    wendy.post("/registrations", json={"event_id": paid["id"], "waitlist": True})
    gus.delete(f"/registrations/{ticket['id']}")
    hold = wendy.get("/registrations").get_json()["items"][0]
    wendy.post(f"/registrations/{hold['id']}/checkout")
    wendy.delete(f"/registrations/{hold['id']}")
