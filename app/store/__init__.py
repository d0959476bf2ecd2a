"""The store port: one interface (base.py), one adapter per backend."""

from __future__ import annotations

from app.config import Config
from app.store.base import Store


def open_store(config: Config) -> Store:
    if config.store_backend == "sqlite":
        from app.store.sqlite import SqliteStore

        return SqliteStore(config.database_path)
    if config.store_backend == "firestore":
        from app.store.firestore import FirestoreStore

        return FirestoreStore(config.google_cloud_project, emulator=bool(config.firestore_emulator_host))
    raise NotImplementedError(f"store backend {config.store_backend!r} is not built yet")
