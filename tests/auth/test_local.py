"""Local auth (app/auth/local.py): argon2id hashes kept up to date with the hasher's parameters."""

from __future__ import annotations

from argon2 import PasswordHasher

from app.auth.local import LocalAuth
from tests.conftest import SECRET, fast_auth, new_account


def test_hash_is_upgraded_when_parameters_change(store):
    weak = fast_auth(store)
    uid = new_account(store, weak, "x@example.com", "password1")
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    grant = LocalAuth(store.credentials, SECRET, hasher=stronger).login("x@example.com", "password1")
    assert grant.uid == uid
    assert not stronger.check_needs_rehash(store.credentials.find("x@example.com").password_hash)
