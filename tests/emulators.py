"""The emulators (and machine tools such as kubectl) for the tests: skipped with a one-line reason
where missing, unless REQUIRE_EMULATORS=1 (CI sets it), where a missing one fails the run."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import pytest

from deploy.emulators import EmulatorMissing

T = TypeVar("T")
REQUIRED = os.environ.get("REQUIRE_EMULATORS") == "1"


def start_or_skip(start: Callable[[], T]) -> T:
    try:
        return start()
    except EmulatorMissing as missing:
        if REQUIRED:
            pytest.fail(f"REQUIRE_EMULATORS=1 but {missing}", pytrace=False)
        pytest.skip(str(missing))


def require_tool(name: str) -> str:
    import shutil

    path = shutil.which(name)
    if path is None:
        start_or_skip(lambda: (_ for _ in ()).throw(EmulatorMissing(f"{name} is not installed")))
    return path
