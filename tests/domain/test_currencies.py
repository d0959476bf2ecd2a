"""Amounts in minor units as decimals in major units (app/domain/currencies.py): what the event
page's JSON-LD, the exports and app/i18n's `money` (mails, the test checkout page) read."""

from __future__ import annotations

from app.domain.currencies import major


def test_major_units_follow_the_currencys_own_decimals():
    assert [major(150_000, "KZT"), major(500, "JPY"), major(1500, "KWD"), major(5, "EUR")] == [
        "1500.00", "500", "1.500", "0.05"]
