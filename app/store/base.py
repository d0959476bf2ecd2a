"""What a store backend provides: the domain's `Store`, and beside it, on the same database, the
two narrower ports other parts need (local sign-in's credentials, the relay's outbox)."""

from __future__ import annotations

from app.domain.ports import CredentialStore, Outbox, Store


class Storage(Store):
    credentials: CredentialStore
    outbox: Outbox
