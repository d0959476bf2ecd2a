"""The app factory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response
from flask_cors import CORS

from app.api import register_blueprints
from app.api.problems import register_error_handlers
from app.api.ratelimit import limiter
from app.auth import open_auth
from app.auth.base import AuthProvider
from app.bus.base import Bus, RecordingBus
from app.bus.relay import OutboxRelay
from app.config import Config, load_config
from app.logs import configure_logging, install_request_logging
from app.store import open_store
from app.store.base import Store
from app.timeutil import utcnow


@dataclass
class Services:
    """The ports this app runs on, chosen once at start-up."""

    config: Config
    store: Store
    auth: AuthProvider
    bus: Bus
    relay: OutboxRelay
    clock: Callable[[], datetime]


def create_app(config: Config | None = None, *, store: Store | None = None,
               auth: AuthProvider | None = None, bus: Bus | None = None,
               clock: Callable[[], datetime] = utcnow) -> Flask:
    config = config or load_config()
    configure_logging(config.log_level)
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=config.max_body_bytes,
        RATELIMIT_ENABLED=config.rate_limits,
    )
    store = store or open_store(config)
    auth = auth or open_auth(config, store)
    bus = bus or RecordingBus()
    services = Services(config, store, auth, bus, OutboxRelay(store, bus), clock)
    app.extensions["events"] = services
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep fields in contract order

    limiter.init_app(app)
    CORS(app, origins=list(config.cors_origins), expose_headers=["Location", "Retry-After"])
    install_request_logging(app)
    register_error_handlers(app)
    register_blueprints(app)

    @app.after_request
    def relay(response: Response) -> Response:
        # Until the bus issue lands, the outbox is relayed right after each write request.
        if response.status_code < 400 and _is_write():
            services.relay.flush()
        return response

    return app


def _is_write() -> bool:
    from flask import request

    return request.method in {"POST", "PUT", "PATCH", "DELETE"}
