"""Files in a folder (the embedded default): served by the app itself at /media/.

Each file is written beside its place and renamed into it, so a reader sees all of it or none;
folders are 0700 and files 0600 (only the app's own user reads them; it serves them itself).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from app.domain.ports import FileStore

# What a key may be (the domain makes them: app/domain/covers.py); anything else, such as "..",
# is not a file of ours, so a path from a request can never reach outside the folder.
_KEY = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*/[A-Za-z0-9_.-]+\.(webp|jpg)")
_TYPES = {".webp": "image/webp", ".jpg": "image/jpeg"}


def valid_key(key: str) -> bool:
    return bool(_KEY.fullmatch(key)) and ".." not in key


class LocalFiles(FileStore):
    def __init__(self, root: Path, base_url: str) -> None:
        self._root = root
        self._base_url = base_url

    def _path(self, key: str) -> Path:
        if not valid_key(key):
            raise ValueError(f"not a file key: {key!r}")
        return self._root / key

    def put(self, key: str, data: bytes, media_type: str) -> None:
        path = self._path(key)
        if _TYPES.get(path.suffix) != media_type:
            raise ValueError(f"{key} cannot hold {media_type}")
        self._root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in reversed(path.relative_to(self._root).parents[:-1]):
            (self._root / folder).mkdir(mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")  # mode 0600
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def get(self, key: str) -> tuple[bytes, str] | None:
        if not valid_key(key):
            return None
        try:
            data = (self._root / key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        return data, _TYPES[Path(key).suffix]

    def delete(self, keys: list[str]) -> None:
        for key in keys:
            with contextlib.suppress(FileNotFoundError):
                self._path(key).unlink()

    def url(self, key: str) -> str:
        return self._base_url + key
