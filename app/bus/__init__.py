"""The bus port: where committed domain events go (DESIGN.md section 5)."""

from __future__ import annotations

from app.bus.audit import AuditSink, HttpAuditSink, LogAuditSink
from app.bus.base import Bus
from app.bus.push_auth import PushAuthenticator, TokenPushAuth
from app.bus.topology import Topology
from app.config import Config


def topology_of(config: Config) -> Topology:
    return Topology(dict(config.topics), dict(config.subscriptions))


def open_bus(config: Config) -> Bus:
    if config.bus_backend == "local":
        from app.bus.local import LocalBus

        return LocalBus(config.instance_path / "bus.db", topology_of(config),
                        project=config.google_cloud_project or "local",
                        max_attempts=config.bus_max_attempts)
    raise NotImplementedError(f"bus backend {config.bus_backend!r} is not built yet")


def open_push_auth(config: Config) -> PushAuthenticator:
    return TokenPushAuth(config.push_token)


def open_audit_sink(config: Config) -> AuditSink:
    return HttpAuditSink(config.send_notification_url) if config.send_notification_url else LogAuditSink()
