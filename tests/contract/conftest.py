"""Every store adapter runs the same contract suite. Add an adapter here and it is held to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store.base import Store
from app.store.sqlite import SqliteStore


def _sqlite(tmp_path: Path) -> Iterator[Store]:
    store = SqliteStore(tmp_path / "contract.db")
    yield store
    store.close()


ADAPTERS = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(ADAPTERS))
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from ADAPTERS[request.param](tmp_path)
