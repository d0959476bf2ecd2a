"""Shared fixtures: a real app on a real SQLite file, with a cheap password hasher and a clock
the tests can move."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.auth.local import LocalAuth
from app.config import Config
from app.domain import accounts
from app.store.sqlite import SqliteStore
from tests.doubles import RecordingBus

# Argon2id still, with parameters that cost milliseconds instead of tens of them.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
SECRET = "test-secret-key-that-is-long-enough-for-hs256"


# How long the rules hold a seat for its buyer in tests: what HOLD_MINUTES gives by default.
HOLD = Config().hold_for


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


PUSH_TOKEN = "test-push-token-0123456789"


PAYMENTS_SECRET = "test-provider-signing-secret-0123456789"


def make_config(tmp_path: Path, **overrides: Any) -> Config:
    """Tests drive the bus by hand (`drain`), so no dispatcher thread runs behind their back."""
    settings = {"bus_dispatcher": False, "rate_limits": False, "log_level": "WARNING", **overrides}
    return Config(database_path=tmp_path / "events.db", instance_path=tmp_path,
                  secret_key=SECRET, push_token=PUSH_TOKEN, payments_secret=PAYMENTS_SECRET,
                  **settings)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore(tmp_path / "events.db")
    yield s
    s.close()


@pytest.fixture
def bus() -> RecordingBus:
    return RecordingBus()


def fast_auth(store: SqliteStore) -> LocalAuth:
    """Local auth over the store's credentials, with the cheap hasher."""
    return LocalAuth(store.credentials, SECRET, hasher=FAST_HASHER)


@pytest.fixture
def app(tmp_path: Path, store: SqliteStore, bus: RecordingBus, clock: Clock) -> Flask:
    return create_app(make_config(tmp_path), store=store, auth=fast_auth(store), bus=bus, clock=clock)


@pytest.fixture
def local(tmp_path: Path, store: SqliteStore, clock: Clock):
    """An app on the embedded bus, pushing through the test client (tests/stack.py)."""
    from tests.stack import LocalStack

    return LocalStack(tmp_path, store, clock)


@pytest.fixture
def drain(app: Flask):
    """Run the dispatcher until nothing is left to relay or deliver."""

    def run() -> int:
        total = 0
        while done := app.extensions["events"].dispatcher.run_once():
            total += done
        return total

    return run


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


_seq = itertools.count()


class Api:
    """A signed-in person driving the API through the Flask test client."""

    def __init__(self, client: FlaskClient, token: str, uid: str, username: str) -> None:
        self.client, self.token, self.uid, self.username = client, token, uid, username

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(headers or {})}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.post(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.patch(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.put(path, json=json, headers=self._headers(kw.pop("headers", None)), **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.client.delete(path, headers=self._headers(kw.pop("headers", None)), **kw)

    def buy(self, event_id: str, outcome: str = "pay") -> dict[str, Any]:
        """Take a seat of a paid event and answer the test provider's checkout page as a buyer
        would (`pay` or `decline`); the ticket as it stands after."""
        held = self.post("/registrations", json={"event_id": event_id})
        assert held.status_code == 201, held.get_json()
        answer_checkout(self.client, held.get_json()["payment"]["checkout_url"], outcome)
        return dict(self.get(f"/registrations/{held.get_json()['id']}").get_json())

    def create_event(self, clock: Clock, **fields: Any) -> dict[str, Any]:
        body = {"title": "Tech meetup", "starts_at": iso(clock.now + timedelta(days=7)),
                "capacity": 10, **fields}
        response = self.post("/events", json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()


def answer_checkout(client: FlaskClient, checkout_url: str, outcome: str = "pay") -> Any:
    """Press `pay` or `decline` on the test provider's checkout page."""
    answered = client.post(urlsplit(checkout_url).path, data={"outcome": outcome})
    assert answered.status_code == 303, answered.get_data(as_text=True)
    return answered


def new_account(store: SqliteStore, auth: LocalAuth, email: str, password: str) -> str:
    """An account made as sign-up makes it (identity and profile together); its user id."""
    name = email.split("@")[0] + str(next(_seq))
    return accounts.register_account(store, auth, email=email, password=password, username=name,
                                     first_name=name, last_name="T", now=Clock().now).id


def iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign_up(client: FlaskClient, name: str | None = None, password: str = "correct horse") -> Api:
    name = name or f"user{next(_seq)}"
    body = {"email": f"{name}@example.com", "password": password, "username": name,
            "first_name": name.title(), "last_name": "Tester"}
    created = client.post("/auth/register", json=body)
    assert created.status_code == 201, created.get_json()
    login = client.post("/auth/login", json={"email": body["email"], "password": password})
    assert login.status_code == 200, login.get_json()
    token = login.get_json()["id_token"]
    return Api(client, token, created.get_json()["id"], name)


@pytest.fixture
def people(client: FlaskClient):
    def make(n: int = 1) -> list[Api]:
        return [sign_up(client) for _ in range(n)]

    return make


# Store adapters: every test that takes `any_store` runs once per adapter.
FIRESTORE_PROJECT = "demo-events"


@pytest.fixture(scope="session")
def firestore_host(tmp_path_factory) -> Iterator[str]:
    import os

    from tests.emulators import start_or_skip
    from tools.emulators import firestore_emulator

    emulator = start_or_skip(lambda: firestore_emulator(tmp_path_factory.mktemp("firestore")))
    previous = os.environ.get("FIRESTORE_EMULATOR_HOST")
    os.environ["FIRESTORE_EMULATOR_HOST"] = emulator.host
    yield emulator.host
    if previous is None:
        os.environ.pop("FIRESTORE_EMULATOR_HOST", None)
    else:
        os.environ["FIRESTORE_EMULATOR_HOST"] = previous
    emulator.stop()


@pytest.fixture
def firestore_store(firestore_host: str):
    from app.store.firestore import FirestoreStore
    from tools.emulators import reset_firestore

    reset_firestore(firestore_host, FIRESTORE_PROJECT)
    s = FirestoreStore(FIRESTORE_PROJECT, emulator=True)
    yield s
    s.close()


@pytest.fixture(params=["sqlite", "firestore"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        s = SqliteStore(tmp_path / "any.db")
        yield s
        s.close()
    else:
        yield request.getfixturevalue("firestore_store")


@pytest.fixture(scope="session")
def auth_emulator_host(tmp_path_factory) -> Iterator[str]:
    import os

    from tests.emulators import start_or_skip
    from tools.emulators import auth_emulator

    emulator = start_or_skip(lambda: auth_emulator(tmp_path_factory.mktemp("auth"), FIRESTORE_PROJECT))
    os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = emulator.host
    yield emulator.host
    os.environ.pop("FIREBASE_AUTH_EMULATOR_HOST", None)
    emulator.stop()


@pytest.fixture
def firebase_auth(auth_emulator_host: str):
    import requests

    from app.auth.firebase import FirebaseAuth
    from app.infra.gcp import AnonymousCredential

    requests.delete(f"http://{auth_emulator_host}/emulator/v1/projects/{FIRESTORE_PROJECT}/accounts",
                    timeout=10).raise_for_status()
    provider = FirebaseAuth(FIRESTORE_PROJECT, None, emulator_host=auth_emulator_host,
                            credential=AnonymousCredential())
    yield provider
    provider.close()


@pytest.fixture(scope="session")
def pubsub_host(tmp_path_factory) -> Iterator[str]:
    import os

    from tests.emulators import start_or_skip
    from tools.emulators import pubsub_emulator

    emulator = start_or_skip(lambda: pubsub_emulator(tmp_path_factory.mktemp("pubsub")))
    os.environ["PUBSUB_EMULATOR_HOST"] = emulator.host
    yield emulator.host
    os.environ.pop("PUBSUB_EMULATOR_HOST", None)
    emulator.stop()


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    from tests.emulators import start_or_skip
    from tools.emulators import redis_server

    server = start_or_skip(lambda: redis_server(tmp_path_factory.mktemp("redis")))
    yield f"redis://{server.host}/0"
    server.stop()


@pytest.fixture
def oidc():
    """Pub/Sub push auth on Google Cloud, trusting the tests' key as Google's."""
    from tests.support.oidc import oidc_auth

    return oidc_auth()
