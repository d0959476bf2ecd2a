"""The bus port's adapters (the local push bus, Pub/Sub) and what runs around them: the outbox
relay, the dispatcher, push authentication, the audit sink."""

from __future__ import annotations

from app.bus.audit import HttpAuditSink, LogAuditSink
from app.bus.push_auth import OidcPushAuth, PushAuthenticator, TokenPushAuth
from app.bus.topology import Topology
from app.config import Config, ConfigError
from app.domain.ports import AuditSink, Bus, Clock


def topology_of(config: Config) -> Topology:
    return Topology(dict(config.topics), dict(config.subscriptions))


def open_bus(config: Config, clock: Clock) -> Bus:
    """The bus the configuration names (load_config has checked the name)."""
    if config.bus_backend == "pubsub":
        from app.bus.pubsub import PubSubBus

        if not config.google_cloud_project:
            raise ConfigError("BUS_BACKEND=pubsub needs GOOGLE_CLOUD_PROJECT")
        return PubSubBus(config.google_cloud_project)
    from app.bus.local import LocalBus

    return LocalBus(config.instance_path / "bus.db", topology_of(config), clock=clock,
                    project=config.google_cloud_project or "local", max_attempts=config.bus_max_attempts)


def open_push_auth(config: Config) -> PushAuthenticator:
    """OIDC when an audience is configured (Google Cloud); the bus token otherwise (the embedded
    bus, and the Pub/Sub emulator, whose push subscriptions attach no token)."""
    if config.push_audience:
        if not config.push_service_account:
            raise ConfigError("PUSH_AUDIENCE needs PUSH_SERVICE_ACCOUNT too")
        return OidcPushAuth(config.push_audience, config.push_service_account)
    return TokenPushAuth(config.push_token)


def open_audit_sink(config: Config) -> AuditSink:
    return HttpAuditSink(config.send_notification_url) if config.send_notification_url else LogAuditSink()
