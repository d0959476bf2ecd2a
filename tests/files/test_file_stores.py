"""The file store port (app/domain/ports.py, FileStore), one contract for both adapters: a
folder under instance/ and Cloud Storage, the latter on gcp-storage-emulator, which speaks the
JSON API google-cloud-storage uses. The emulator does not check IAM (who may read the bucket),
signed URLs or generation preconditions; the bucket's public read is docs/deploy.md's part."""

from __future__ import annotations

import stat
from collections.abc import Iterator

import pytest
import requests

from app.domain.ports import CACHE_FOREVER, FileStore
from app.files.gcs import BucketFiles
from app.files.local import LocalFiles
from tests.emulators import start_or_skip
from tools.emulators import storage_emulator

BUCKET = "test-files"
KEY = "covers/ev1/0123abcd-480.webp"


@pytest.fixture(scope="session")
def storage_host(tmp_path_factory) -> Iterator[str]:
    emulator = start_or_skip(lambda: storage_emulator(tmp_path_factory.mktemp("storage"), BUCKET))
    try:
        yield f"http://{emulator.host}"
    finally:
        emulator.stop()


@pytest.fixture(params=["local", "gcs"])
def files(request, tmp_path, monkeypatch) -> Iterator[FileStore]:
    if request.param == "local":
        yield LocalFiles(tmp_path / "files", "http://127.0.0.1:8080/media/")
        return
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", request.getfixturevalue("storage_host"))
    store = BucketFiles(BUCKET, "demo-events")
    yield store
    store.delete([KEY, "covers/ev1/0123abcd-share.jpg"])


def test_what_is_put_is_got_back_whole_with_its_type(files):
    data = bytes(range(256)) * 100
    files.put(KEY, data, "image/webp")
    assert files.get(KEY) == (data, "image/webp")
    files.put(KEY, b"again", "image/webp")  # the same key written twice: the last one stays
    assert files.get(KEY) == (b"again", "image/webp")


def test_deleting_removes_and_missing_keys_are_no_error(files):
    files.put(KEY, b"x", "image/webp")
    files.delete([KEY, "covers/ev1/never-written.jpg"])
    assert files.get(KEY) is None
    assert files.get("covers/ev1/never-written.jpg") is None


def test_url_names_the_key(files):
    assert files.url(KEY).endswith("/" + KEY)
    assert files.url(KEY).startswith("http")


def test_the_bucket_serves_its_url_with_the_year_long_cache(storage_host, monkeypatch):
    monkeypatch.setenv("STORAGE_EMULATOR_HOST", storage_host)
    bucket = BucketFiles(BUCKET, "demo-events")
    bucket.put("covers/ev1/0123abcd-share.jpg", b"\xff\xd8jpeg", "image/jpeg")
    answer = requests.get(bucket.url("covers/ev1/0123abcd-share.jpg"), timeout=10)
    assert answer.status_code == 200 and answer.content == b"\xff\xd8jpeg"
    meta = requests.get(f"{storage_host}/storage/v1/b/{BUCKET}/o/covers%2Fev1%2F0123abcd-share.jpg",
                        timeout=10).json()
    assert meta["cacheControl"] == CACHE_FOREVER and meta["contentType"] == "image/jpeg"


def test_local_files_are_private_to_the_app_and_never_half_written(tmp_path):
    files = LocalFiles(tmp_path / "files", "http://x/media/")
    files.put(KEY, b"data", "image/webp")
    path = tmp_path / "files" / KEY
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (tmp_path / "files", tmp_path / "files/covers", tmp_path / "files/covers/ev1"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


@pytest.mark.parametrize("key", ["../secret_key", "covers/../../secret_key", "/etc/passwd.jpg",
                                 "covers/ev1/x.svg", "covers/ev1/.hidden", "covers/ev1/../x.jpg"])
def test_local_files_never_leave_their_folder(tmp_path, key):
    (tmp_path / "secret_key").write_text("s3cret")
    files = LocalFiles(tmp_path / "files", "http://x/media/")
    assert files.get(key) is None
    with pytest.raises(ValueError, match="not a file key"):
        files.put(key, b"x", "image/jpeg" if key.endswith(".jpg") else "image/webp")


def test_local_files_refuse_a_type_their_name_does_not_say(tmp_path):
    with pytest.raises(ValueError, match="cannot hold"):
        LocalFiles(tmp_path, "http://x/media/").put("covers/e/a.jpg", b"<svg/>", "image/svg+xml")
