"""The store port's adapters: SQLite (embedded) and Cloud Firestore (Google Cloud)."""

from __future__ import annotations

from app.config import Config
from app.store.base import StoreBackend


def open_store(config: Config) -> StoreBackend:
    """The backend the configuration names (load_config has checked the name)."""
    if config.store_backend == "firestore":
        from app.store.firestore import FirestoreStore

        return FirestoreStore(config.google_cloud_project, emulator=bool(config.firestore_emulator_host))
    from app.store.sqlite import SqliteStore

    return SqliteStore(config.database_path)
