"""Configuration: the documented names, safe defaults, secrets generated once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from app.config import ConfigError, load_config


def test_embedded_defaults(tmp_path):
    config = load_config({"DATABASE_PATH": str(tmp_path / "e.db")})
    assert (config.store_backend, config.auth_backend, config.bus_backend) == ("sqlite", "local", "local")
    assert config.port == 8080 and config.rate_limits
    assert len(config.secret_key) >= 32 and config.secret_key != config.push_token
    again = load_config({"DATABASE_PATH": str(tmp_path / "e.db")})
    assert again.secret_key == config.secret_key  # generated once, then kept
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_gcp_switches_all_ports_and_each_can_be_overridden(tmp_path):
    env = {"DATABASE_PATH": str(tmp_path / "e.db"), "BACKEND": "gcp", "BUS_BACKEND": "local",
           "STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x",
           "PUBLIC_URL": "https://events.example.com/", "FILES_BUCKET": "covers"}
    config = load_config(env)
    assert config.public_url == "https://events.example.com"
    ports = (config.store_backend, config.auth_backend, config.bus_backend, config.payments_backend,
             config.files_backend)
    assert ports == ("firestore", "firebase", "local", "stripe", "gcs")
    assert config.files_bucket == "covers"
    assert config.payments_secret == ""  # the test provider's key is not generated for Stripe


def test_cloud_storage_needs_a_bucket(tmp_path):
    with pytest.raises(ConfigError, match="FILES_BUCKET"):
        load_config({"DATABASE_PATH": str(tmp_path / "e.db"), "FILES_BACKEND": "gcs"})
    assert load_config({"DATABASE_PATH": str(tmp_path / "e.db")}).files_backend == "local"


def test_stripe_needs_its_keys(tmp_path):
    with pytest.raises(ConfigError, match="STRIPE_SECRET_KEY"):
        load_config({"DATABASE_PATH": str(tmp_path / "e.db"), "PAYMENTS_BACKEND": "stripe"})


@pytest.mark.parametrize("env", [{"BACKEND": "aws"}, {"PORT": "eighty"}, {"STORE_BACKEND": "mysql"}])
def test_bad_settings_fail_at_start(tmp_path, env):
    with pytest.raises(ConfigError):
        load_config({"DATABASE_PATH": str(tmp_path / "e.db"), **env})


def _read_secret(path: str, out) -> None:
    out.put(load_config({"DATABASE_PATH": path}).secret_key)


def test_workers_starting_together_agree_on_one_secret(tmp_path: Path):
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    procs = [ctx.Process(target=_read_secret, args=(str(tmp_path / "e.db"), out)) for _ in range(8)]
    for p in procs:
        p.start()
    keys = {out.get(timeout=20) for _ in procs}
    for p in procs:
        p.join()
    assert len(keys) == 1 and len(keys.pop()) >= 32


def test_push_subscriptions_keep_the_replaced_deployments_names(tmp_path):
    config = load_config({"DATABASE_PATH": str(tmp_path / "e.db")})
    assert sorted(config.subscriptions.values()) == [
        "change-event-capacity-topic-sub", "mail-topic-sub", "notification-topic-sub", "payments-topic-sub",
        "recommendations-topic-sub", "user-notifications-topic-sub",
        "users-registration-topic-sub"]  # payments, mail, recommendations: new with us
    renamed = load_config({"DATABASE_PATH": str(tmp_path / "e.db"), "TOPIC_NOTIFICATION": "audit",
                           "SUBSCRIPTION_USER_NOTIFICATIONS": "people-push"})
    assert renamed.subscriptions["notification"] == "audit-sub"  # follows its topic
    assert renamed.subscriptions["user-notifications"] == "people-push"


def test_public_url_defaults_to_the_local_port_and_is_required_on_google_cloud(tmp_path):
    base = {"DATABASE_PATH": str(tmp_path / "e.db")}
    assert load_config({**base, "PORT": "8123"}).public_url == "http://127.0.0.1:8123"
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        load_config({**base, "BACKEND": "gcp", "STRIPE_SECRET_KEY": "sk_test_x",
                     "STRIPE_WEBHOOK_SECRET": "whsec_x"})
    for bad in ("events.example.com", "ftp://x.example", "https://x.example/?a=1"):
        with pytest.raises(ConfigError, match="PUBLIC_URL"):
            load_config({**base, "PUBLIC_URL": bad})
