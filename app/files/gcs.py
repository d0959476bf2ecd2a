"""Files in a Cloud Storage bucket (Google Cloud): browsers fetch them from the bucket itself.

The bucket is readable by everyone (`allUsers` as Storage Object Viewer, uniform bucket-level
access; docs/deploy.md): covers are public by nature, their keys hold a content hash nobody can
guess, and a public object can sit behind Cloud CDN and stay cached for a year. Signed URLs would
expire, and a page cached by a CDN or a browser would then point at a dead link.

STORAGE_EMULATOR_HOST (read by google-cloud-storage itself) points the client at an emulator;
then it goes anonymous, and public URLs are the emulator's.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from google.api_core import exceptions
from google.auth.credentials import AnonymousCredentials
from google.cloud.storage import Client

from app.domain.ports import CACHE_FOREVER, FileStore

PUBLIC_HOST = "https://storage.googleapis.com"


class BucketFiles(FileStore):
    def __init__(self, bucket: str, project: str | None) -> None:
        emulator = os.environ.get("STORAGE_EMULATOR_HOST", "").rstrip("/")
        if emulator:
            client = Client(project=project or "demo", credentials=AnonymousCredentials())
        else:
            client = Client(project=project)
        self._bucket: Any = client.bucket(bucket)
        self._base_url = f"{emulator or PUBLIC_HOST}/{bucket}/"

    def put(self, key: str, data: bytes, media_type: str) -> None:
        blob = self._bucket.blob(key)
        blob.cache_control = CACHE_FOREVER
        blob.upload_from_string(data, content_type=media_type)  # one request: whole or nothing

    def get(self, key: str) -> tuple[bytes, str] | None:
        try:
            blob = self._bucket.get_blob(key)
            data = blob.download_as_bytes() if blob is not None else None
        except exceptions.NotFound:  # deleted between the two
            return None
        return (data, blob.content_type or "application/octet-stream") if data is not None else None

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            with contextlib.suppress(exceptions.NotFound):
                self._bucket.blob(key).delete()

    def url(self, key: str) -> str:
        return self._base_url + key
