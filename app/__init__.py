"""The app factory."""

from __future__ import annotations

import atexit

from flask import Flask
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from app.api import covers, register_blueprints
from app.api.body_limit import BodyLimit
from app.api.problems import register_error_handlers
from app.api.ratelimit import limiter
from app.api.security_headers import install_security_headers
from app.auth import open_auth
from app.bus import after_commit, open_audit_sink, open_bus, open_push_auth, topology_of
from app.bus.dispatcher import Dispatcher
from app.bus.local import HttpPushTransport, WsgiPushTransport
from app.bus.push_auth import PushAuthenticator
from app.bus.relay import OutboxRelay
from app.config import Config, load_config
from app.domain import checkout, recommendations, reminders
from app.domain.ports import (
    AuditSink,
    Bus,
    Clock,
    FileStore,
    IdentityProvider,
    Mailer,
    PaymentProvider,
    PushTransport,
)
from app.files import open_files
from app.infra.answers import SharedAnswers
from app.infra.background import BackgroundJob
from app.infra.live import LiveHub
from app.logs import configure_logging, install_request_logging
from app.mail import open_mailer
from app.payment_providers import checkout_page, open_payments
from app.payment_providers.test_provider import TestProvider
from app.services import EXTENSION, Services
from app.store import open_store
from app.store.base import StoreBackend
from app.timeutil import utcnow


def create_app(config: Config | None = None, *, store: StoreBackend | None = None,
               auth: IdentityProvider | None = None, bus: Bus | None = None,
               audit: AuditSink | None = None, transport: PushTransport | None = None,
               push_auth: PushAuthenticator | None = None,
               payments: PaymentProvider | None = None, files: FileStore | None = None,
               mailer: Mailer | None = None, clock: Clock = utcnow) -> Flask:
    """Build the app. Tests pass their own adapters; otherwise the configuration picks them."""
    config = config or load_config()
    configure_logging(config.log_level)
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=config.max_body_bytes, RATELIMIT_ENABLED=config.rate_limits,
                      RATELIMIT_STORAGE_URI=config.ratelimit_storage_uri)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep fields in contract order

    store = store or open_store(config)
    topology = topology_of(config)
    bus = bus or open_bus(config, clock)
    if transport is None:
        transport = (HttpPushTransport(config.push_endpoint, config.push_token) if config.push_endpoint
                     else WsgiPushTransport(app, config.push_token))
    relay = OutboxRelay(store.outbox, bus, topology, clock)
    rebuilding = BackgroundJob("refresh-recommendations")

    def rebuild_when_due() -> int:
        """The recommender's rebuild where no scheduler calls its task (the embedded default)."""
        if not config.recommender_rebuild or rebuilding.running():
            return 0
        if not recommendations.claim_rebuild(store, at := clock()):
            return 0
        rebuilding.start("--at", at.isoformat())
        return 1

    dispatcher = Dispatcher(relay, bus, transport,
                            sweep=lambda: checkout.release_expired(store, clock(), config.hold_for)
                            + reminders.send_due(store, clock()) + rebuild_when_due())
    app.extensions[EXTENSION] = Services(
        config=config, store=store, auth=auth or open_auth(config, store.credentials),
        audit=audit or open_audit_sink(config), topology=topology,
        push_auth=push_auth or open_push_auth(config), relay=relay, dispatcher=dispatcher, clock=clock,
        live=LiveHub(store), payments=payments or open_payments(config, clock),
        files=files or open_files(config), answers=SharedAnswers(), mailer=mailer or open_mailer(config),
    )

    if config.trusted_proxies:
        # rate limits and logs must see the client's address, not the load balancer's
        n = config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]
    app.wsgi_app = BodyLimit(app.wsgi_app, config.max_body_bytes,  # type: ignore[method-assign]
                             covers.upload_limit)
    limiter.init_app(app)
    CORS(app, origins=list(config.cors_origins), expose_headers=["Location", "Retry-After", "X-Request-ID"])
    install_request_logging(app)
    install_security_headers(app)
    register_error_handlers(app)
    register_blueprints(app)
    services = app.extensions[EXTENSION]
    if isinstance(services.payments, TestProvider):  # the test provider serves its own page
        app.register_blueprint(checkout_page.bp)

    after_commit.install(app, store, relay, dispatcher, config.publish_on_request)

    if config.bus_dispatcher:
        dispatcher.start()
        atexit.register(dispatcher.stop)
    return app
