"""The emulators for the tests: skipped with a one-line reason where missing, unless
REQUIRE_EMULATORS=1 (CI sets it), where a missing emulator fails the run instead."""

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
