"""Configuration, read from the environment once at start-up (docs/operations.md lists every name)."""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from app.domain.messages import TOPIC_TYPES

_BACKENDS = {
    "embedded": {"store": "sqlite", "auth": "local", "bus": "local", "payments": "test", "files": "local"},
    "gcp": {"store": "firestore", "auth": "firebase", "bus": "pubsub", "payments": "stripe", "files": "gcs"},
}


# logical topic (app.domain.messages) -> default name: `<logical>-topic`, the original deployment's
DEFAULT_TOPICS = {logical: f"{logical}-topic" for logical in TOPIC_TYPES}
# Push subscriptions are named `<topic>-sub`, as in the deployment we replace, so its push
# endpoints (/pubsub/notification-topic-sub, ...) keep working after the switch.
SUBSCRIPTION_SUFFIX = "-sub"
MEDIA_PATH = "/media"  # where the app serves the files of the local file store (app/api/covers.py)
WEB_DIST = Path(__file__).resolve().parents[1] / "web" / "dist"
DEFAULT_SUBSCRIPTIONS = {logical: topic + SUBSCRIPTION_SUFFIX for logical, topic in DEFAULT_TOPICS.items()}


def _env_key(logical: str) -> str:
    return logical.upper().replace("-", "_")


class ConfigError(ValueError):
    """A setting has a value the app cannot run with."""


@dataclass(frozen=True)
class Config:
    port: int = 8080
    backend: str = "embedded"
    store_backend: str = "sqlite"
    auth_backend: str = "local"
    bus_backend: str = "local"
    instance_path: Path = Path("instance")
    database_path: Path = Path("instance/events.db")
    secret_key: str = ""
    push_token: str = ""
    push_audience: str | None = None
    push_service_account: str | None = None
    google_cloud_project: str | None = None
    # set by the Google libraries' own variables; here only to know when to go anonymous
    # (PUBSUB_EMULATOR_HOST needs nothing of ours: the Pub/Sub client goes anonymous by itself)
    firestore_emulator_host: str | None = None
    firebase_auth_emulator_host: str | None = None
    firebase_api_key: str | None = None
    send_notification_url: str | None = None
    cors_origins: tuple[str, ...] = ()  # none: the web client is served by this app (same origin)
    rate_limits: bool = True
    ratelimit_storage_uri: str = "store://"  # the app's store; redis://host:port (Memorystore)
    trusted_proxies: int = 0  # proxies in front that set X-Forwarded-For/-Proto (GKE LB, App Engine)
    log_level: str = "INFO"
    token_ttl_seconds: int = 3600
    max_body_bytes: int = 64 * 1024
    # event bus (docs/event-bus.md)
    topics: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_TOPICS))
    subscriptions: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_SUBSCRIPTIONS))
    push_endpoint: str | None = None  # None: the embedded bus delivers to this app in-process
    bus_max_attempts: int = 5
    bus_dispatcher: bool = True
    # the dispatcher starts the recommender's rebuild in a child process when due (docs/recommendations.md)
    recommender_rebuild: bool = False
    publish_on_request: bool = False  # publish a request's messages before answering it
    stream_seconds: float = 55.0
    streams_per_person: int = 5  # open notification streams one account may hold, all workers
    web_dist: Path = WEB_DIST  # the built web client (web/dist), served at / by app/api/web.py
    # payments (docs/payments.md)
    payments_backend: str = "test"
    # How long a seat is held for its buyer to pay, handed to every rule that holds one (no rule
    # has a default of its own). 30: Stripe's shortest Checkout Session lasts 30 minutes.
    hold_minutes: int = 30
    payments_secret: str = ""  # the test provider's signing key
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str | None = None  # another server speaking Stripe's API (localstripe)
    # uploaded files (covers): under instance/files, or a Cloud Storage bucket (docs/deploy.md)
    files_backend: str = "local"
    files_bucket: str | None = None
    # mail (docs/mail.md): an SMTP relay, or a Maildir under instance/mail when unset
    smtp_url: str | None = None
    smtp_username: str | None = None
    smtp_password: str | None = None
    mail_from: str = "Events <no-reply@localhost>"
    # App Engine sets GAE_ENV; only there is X-Appengine-Cron proof of a cron request
    app_engine: bool = False
    # the base of every absolute link the app writes (checkout returns, mails, pages); never the
    # request's Host header, which anyone can set
    public_url: str = "http://127.0.0.1:8080"

    @property
    def hold_for(self) -> timedelta:
        return timedelta(minutes=self.hold_minutes)


def _secret(env: Mapping[str, str], name: str, instance: Path) -> str:
    """An explicit value wins; otherwise one generated once and kept in instance/ (mode 0600)."""
    if env.get(name):
        return env[name]
    path = instance / name.lower()
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: when several workers start at once, exactly one
        # value wins and nobody ever reads a half-written file.
        fd, tmp = tempfile.mkstemp(dir=instance, prefix=f".{name.lower()}-")
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


def load_config(env: Mapping[str, str] | None = None) -> Config:
    env = os.environ if env is None else env
    backend = env.get("BACKEND", "embedded").strip().lower()
    if backend not in _BACKENDS:
        raise ConfigError(f"BACKEND must be one of {sorted(_BACKENDS)}, not {backend!r}")
    defaults = _BACKENDS[backend]
    database_path = Path(env.get("DATABASE_PATH", "instance/events.db"))
    instance = Path(env.get("INSTANCE_PATH", str(database_path.parent)))
    port = _int(env, "PORT", 8080)
    topics = {k: env.get(f"TOPIC_{_env_key(k)}", v) for k, v in DEFAULT_TOPICS.items()}
    payments = env.get("PAYMENTS_BACKEND", defaults["payments"]).strip().lower()
    bus = env.get("BUS_BACKEND", defaults["bus"]).lower()
    config = Config(
        port=port,
        backend=backend,
        store_backend=env.get("STORE_BACKEND", defaults["store"]).lower(),
        auth_backend=env.get("AUTH_BACKEND", defaults["auth"]).lower(),
        bus_backend=bus,
        instance_path=instance,
        database_path=database_path,
        secret_key=_secret(env, "SECRET_KEY", instance),
        push_token=_secret(env, "PUSH_TOKEN", instance),
        push_audience=env.get("PUSH_AUDIENCE") or None,
        push_service_account=env.get("PUSH_SERVICE_ACCOUNT") or None,
        google_cloud_project=env.get("GOOGLE_CLOUD_PROJECT") or None,
        firestore_emulator_host=env.get("FIRESTORE_EMULATOR_HOST") or None,
        firebase_auth_emulator_host=env.get("FIREBASE_AUTH_EMULATOR_HOST") or None,
        firebase_api_key=env.get("FIREBASE_API_KEY") or None,
        send_notification_url=env.get("SEND_NOTIFICATION_URL") or None,
        cors_origins=tuple(
            o.strip() for o in env.get("CORS_ORIGINS", "").split(",") if o.strip()
        ),
        rate_limits=_switch(env, "RATE_LIMITS", True),
        ratelimit_storage_uri=env.get("RATELIMIT_STORAGE_URI", "").strip() or "store://",
        log_level=env.get("LOG_LEVEL", "INFO").upper(),
        trusted_proxies=_int(env, "TRUSTED_PROXIES", 0, minimum=0),
        topics=topics,
        subscriptions={k: env.get(f"SUBSCRIPTION_{_env_key(k)}", topic + SUBSCRIPTION_SUFFIX)
                       for k, topic in topics.items()},
        push_endpoint=env.get("PUSH_ENDPOINT", "").strip().rstrip("/") or None,
        bus_max_attempts=_int(env, "BUS_MAX_ATTEMPTS", 5),
        bus_dispatcher=_switch(env, "BUS_DISPATCHER", True),
        recommender_rebuild=_switch(env, "RECOMMENDER_REBUILD",
                                    env.get("STORE_BACKEND", defaults["store"]).lower() == "sqlite"),
        publish_on_request=_switch(env, "PUBLISH_ON_REQUEST", bus == "pubsub"),
        stream_seconds=float(_int(env, "STREAM_SECONDS", 55)),
        streams_per_person=_int(env, "STREAMS_PER_PERSON", 5),
        web_dist=Path(env.get("WEB_DIST", "").strip() or WEB_DIST),
        payments_backend=payments,
        hold_minutes=_int(env, "HOLD_MINUTES", Config.hold_minutes),
        # generated only where the test provider runs (Google Cloud instances may not write)
        payments_secret=_secret(env, "PAYMENTS_SECRET", instance) if payments == "test" else "",
        stripe_secret_key=env.get("STRIPE_SECRET_KEY") or None,
        stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET") or None,
        stripe_api_base=env.get("STRIPE_API_BASE", "").strip().rstrip("/") or None,
        smtp_url=env.get("SMTP_URL", "").strip() or None,
        smtp_username=env.get("SMTP_USERNAME") or None,
        smtp_password=env.get("SMTP_PASSWORD") or None,
        mail_from=env.get("MAIL_FROM", "").strip() or Config.mail_from,
        files_backend=env.get("FILES_BACKEND", defaults["files"]).strip().lower(),
        files_bucket=env.get("FILES_BUCKET", "").strip() or None,
        app_engine=bool(env.get("GAE_ENV")),
        public_url=_public_url(env, backend, port),
    )
    _check(config)
    return config


def _public_url(env: Mapping[str, str], backend: str, port: int) -> str:
    value = env.get("PUBLIC_URL", "").strip().rstrip("/")
    if not value:
        if backend == "gcp":
            raise ConfigError("BACKEND=gcp needs PUBLIC_URL, the https:// address people reach the "
                              "app at (the base of every link it writes)")
        return f"http://127.0.0.1:{port}"
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError("PUBLIC_URL must be an http(s):// address such as https://events.example.com")
    return value


def _switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").strip().lower()
    return default if not value else value not in {"off", "0", "false", "no"}


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    try:
        value = int(env.get(name, str(default)))
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number") from exc
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}")
    return value


MIN_SECRET_KEY = 32  # HS256 wants a key at least as long as its hash
MIN_PUSH_TOKEN = 16


def _check(config: Config) -> None:
    allowed = {"store_backend": {"sqlite", "firestore"}, "auth_backend": {"local", "firebase"},
               "bus_backend": {"local", "pubsub"}, "payments_backend": {"test", "stripe"},
               "files_backend": {"local", "gcs"}}
    for name, values in allowed.items():
        if getattr(config, name) not in values:
            raise ConfigError(f"{name.upper()} must be one of {sorted(values)}, "
                              f"not {getattr(config, name)!r}")
    if len(config.secret_key) < MIN_SECRET_KEY:
        raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_KEY} characters")
    if len(config.push_token) < MIN_PUSH_TOKEN:
        raise ConfigError(f"PUSH_TOKEN must be at least {MIN_PUSH_TOKEN} characters")
    if config.payments_backend == "stripe" and not (config.stripe_secret_key
                                                    and config.stripe_webhook_secret):
        raise ConfigError("PAYMENTS_BACKEND=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET")
    if config.files_backend == "gcs" and not config.files_bucket:
        raise ConfigError("FILES_BACKEND=gcs needs FILES_BUCKET, the Cloud Storage bucket covers go to")
    if config.smtp_url and urlsplit(config.smtp_url).scheme not in {"smtp", "smtp+starttls", "smtps"}:
        raise ConfigError("SMTP_URL must be smtp://, smtp+starttls:// or smtps://host:port")
    if not config.ratelimit_storage_uri.startswith(("store://", "memory://", "redis://", "rediss://",
                                                    "redis+sentinel://", "redis+cluster://")):
        raise ConfigError("RATELIMIT_STORAGE_URI must be store://, memory:// or a redis:// address")
