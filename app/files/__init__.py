"""The file store port's adapters: a folder under instance/ (embedded) and Cloud Storage."""

from __future__ import annotations

from app.config import MEDIA_PATH, Config
from app.domain.ports import FileStore


def open_files(config: Config) -> FileStore:
    """The adapter the configuration names (load_config has checked it)."""
    if config.files_backend == "gcs":
        from app.files.gcs import BucketFiles

        return BucketFiles(config.files_bucket or "", config.google_cloud_project)
    from app.files.local import LocalFiles

    return LocalFiles(config.instance_path / "files", f"{config.public_url}{MEDIA_PATH}/")

