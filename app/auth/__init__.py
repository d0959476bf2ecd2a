"""The auth port: who is calling. One interface (base.py), one adapter per backend."""

from __future__ import annotations

from app.auth.base import AuthProvider
from app.config import Config
from app.store.base import Store


def open_auth(config: Config, store: Store) -> AuthProvider:
    if config.auth_backend == "local":
        from app.auth.local import LocalAuth

        return LocalAuth(store, config.secret_key, config.token_ttl_seconds)
    if config.auth_backend == "firebase":
        from app.auth.firebase import FirebaseAuth
        from app.infra.gcp import AnonymousCredential

        emulator = config.firebase_auth_emulator_host
        return FirebaseAuth(config.google_cloud_project, config.firebase_api_key, emulator_host=emulator,
                            credential=AnonymousCredential() if emulator else None)
    raise NotImplementedError(f"auth backend {config.auth_backend!r} is not built yet")
