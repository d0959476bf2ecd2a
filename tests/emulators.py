"""The emulators (and machine tools such as kubectl) for the tests: skipped with a one-line reason
where missing, unless REQUIRE_EMULATORS=1 (CI sets it), where a missing one fails the run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from typing import NoReturn, TypeVar

import pytest

from tools.emulators import EmulatorMissing

T = TypeVar("T")
REQUIRED = os.environ.get("REQUIRE_EMULATORS") == "1"


def missing(reason: str) -> NoReturn:
    if REQUIRED:
        pytest.fail(f"REQUIRE_EMULATORS=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def start_or_skip(start: Callable[[], T]) -> T:
    try:
        return start()
    except EmulatorMissing as exc:
        missing(str(exc))


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed")
    return path
