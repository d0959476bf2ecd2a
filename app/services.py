"""The ports an app runs on, chosen once at start-up by the factory (app/__init__.py) and read by
every route through `app.api.common.services()`."""

from __future__ import annotations

from dataclasses import dataclass

from app.bus.dispatcher import Dispatcher
from app.bus.push_auth import PushAuthenticator
from app.bus.relay import OutboxRelay
from app.bus.topology import Topology
from app.config import Config
from app.domain.ports import AuditSink, Clock, FileStore, IdentityProvider, Mailer, PaymentProvider, Store
from app.infra.answers import SharedAnswers
from app.infra.live import LiveHub

EXTENSION = "events"  # the key under Flask's app.extensions


@dataclass(frozen=True)
class Services:
    config: Config
    store: Store
    auth: IdentityProvider
    audit: AuditSink
    topology: Topology
    push_auth: PushAuthenticator
    relay: OutboxRelay
    dispatcher: Dispatcher
    clock: Clock
    live: LiveHub
    payments: PaymentProvider
    files: FileStore
    mailer: Mailer
    answers: SharedAnswers  # answers the same for every reader, kept while exact
