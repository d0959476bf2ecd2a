"""The payments port's adapters: the test provider (embedded default: a checkout page served by
this app, no account, no network) and Stripe (Checkout Sessions, signed webhooks, refunds)."""

from __future__ import annotations

from app.config import Config
from app.domain.ports import Clock, PaymentProvider


def open_payments(config: Config, clock: Clock) -> PaymentProvider:
    """The provider the configuration names (load_config has checked the name)."""
    if config.payments_backend == "stripe":
        from app.payment_providers.stripe_provider import StripeProvider

        assert config.stripe_secret_key and config.stripe_webhook_secret  # load_config checked
        return StripeProvider(config.stripe_secret_key, config.stripe_webhook_secret,
                              config.stripe_api_base)
    from app.payment_providers.test_provider import TestProvider

    return TestProvider(config.payments_secret, clock)
