"""Amounts in minor units shown in major units (app/domain/currencies.py): the one place that
the event page's JSON-LD, the test checkout page and the mails all read."""

from __future__ import annotations

from app.domain.currencies import display, major


def test_major_units_follow_the_currencys_own_decimals():
    assert [major(150_000, "KZT"), major(500, "JPY"), major(1500, "KWD"), major(5, "EUR")] == [
        "1500.00", "500", "1.500", "0.05"]
    assert major(150_000_000, "KZT", grouped=True) == "1,500,000.00"


def test_display_names_the_currency():
    assert [display(150_000, "KZT"), display(150_000, "JPY"), display(1250, "eur")] == [
        "1,500.00 KZT", "150,000 JPY", "12.50 eur"]
