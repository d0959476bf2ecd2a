"""Local auth (app/auth/local.py): argon2id hashes kept up to date with the hasher's parameters."""

from __future__ import annotations

import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher

from app.auth.local import LocalAuth
from app.domain.errors import WrongCredentials
from tests.conftest import SECRET, fast_auth, new_account


def test_hash_is_upgraded_when_parameters_change(store):
    weak = fast_auth(store)
    uid = new_account(store, weak, "x@example.com", "correct horse")
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    grant = LocalAuth(store.credentials, SECRET, hasher=stronger).login("x@example.com", "correct horse")
    assert grant.uid == uid
    assert not stronger.check_needs_rehash(store.credentials.find("x@example.com").password_hash)


def test_the_default_hasher_uses_owasps_argon2id_parameters():
    from argon2 import Type

    from app.auth.local import OWASP_HASHER

    params = (OWASP_HASHER.memory_cost, OWASP_HASHER.time_cost, OWASP_HASHER.parallelism)
    assert params == (19 * 1024, 2, 1) and OWASP_HASHER.type == Type.ID


class CountingHasher(PasswordHasher):
    """The cheap hasher, slowed a little, counting how many hash at the same time."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.lock = threading.Lock()
        self.now = self.most = 0
        self.threads: set[int] = set()

    def _counted(self, work, *args):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
            self.threads.add(threading.get_ident())
        try:
            time.sleep(0.01)
            return work(*args)
        finally:
            with self.lock:
                self.now -= 1

    def hash(self, password, *, salt=None):
        return self._counted(super().hash, password)

    def verify(self, hash, password):
        return self._counted(super().verify, hash, password)


def test_a_burst_of_sign_ins_hashes_at_most_two_at_a_time_on_two_threads(store):
    hasher = CountingHasher()
    auth = LocalAuth(store.credentials, SECRET, hasher=hasher, hashing_threads=2)
    new_account(store, auth, "x@example.com", "correct horse")

    def guess(_):
        with contextlib.suppress(WrongCredentials):
            auth.login("x@example.com", "wrong guess")

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(guess, range(64)))
    assert hasher.most == 2 and len(hasher.threads) == 2  # two threads ever hold argon2's memory
