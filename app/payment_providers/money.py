"""Amounts are integers in the currency's minor units as ISO 4217 defines them (docs/payments.md):
100 KZT is 10000, 500 JPY is 500, 1.500 KWD is 1500."""

from __future__ import annotations

from app.domain.currencies import minor_digits


def display(amount: int, currency: str) -> str:
    """`12.50 EUR`, `500 JPY`: for pages and receipts, not for arithmetic."""
    digits = minor_digits(currency)
    whole, part = divmod(amount, 10 ** digits)
    return f"{whole:,}.{part:0{digits}d} {currency}" if digits else f"{whole:,} {currency}"
