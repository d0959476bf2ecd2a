"""`make run-gcp-local` (tools/local_gcp.py) stopped at any moment leaves no process behind."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.emulators import start_or_skip
from tools.emulators import EmulatorMissing, sdk_platform
from tools.processes import ROOT, free_port

pytestmark = pytest.mark.slow


def needs_the_emulators() -> None:
    def check() -> None:
        if sdk_platform() is None or not (ROOT / "node_modules" / ".bin" / "firebase").exists():
            raise EmulatorMissing("the Google Cloud CLI emulators or firebase-tools are not installed")

    start_or_skip(check)


def processes_marked(mark: str) -> list[int]:
    """Live processes (not zombies) whose environment carries `mark`: everything the launcher
    started, its children's children included, wherever they were re-parented."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue
            if mark.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue  # gone meanwhile, or not ours to read
    return found


@pytest.fixture
def marks():
    """The marks of this test's launchers: whatever a failed test left behind is killed."""
    made: list[str] = []
    yield made
    for mark in made:
        for pid in processes_marked(mark):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def launch(tmp_path: Path, marks: list[str]) -> tuple[subprocess.Popen, str, int]:
    mark = f"EVENTS_TEST_MARK={uuid.uuid4().hex}"
    marks.append(mark)
    port = free_port()
    env = {**os.environ, "PORT": str(port), "GCP_LOCAL_LOGS": str(tmp_path),
           "EVENTS_TEST_MARK": mark.split("=", 1)[1], "LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen([sys.executable, "-m", "tools.local_gcp"], cwd=ROOT, env=env,
                            stdout=open(tmp_path / "launcher.log", "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    return proc, mark, port


def stop_and_count(proc: subprocess.Popen, mark: str, sig: int) -> list[int]:
    proc.send_signal(sig)
    proc.wait(timeout=120)
    deadline = time.monotonic() + 10
    while (left := processes_marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)  # SIGKILLed children are reaped by their parent or init
    return left


@pytest.mark.parametrize(("after", "sig"),
                         [(0.5, signal.SIGINT), (1.5, signal.SIGINT), (6.0, signal.SIGTERM)],
                         ids=["ctrl-c-while-importing", "ctrl-c-while-the-first-emulator-starts",
                              "sigterm-later-in-start-up"])
def test_stopped_during_start_up_it_leaves_nothing(tmp_path, marks, after, sig):
    needs_the_emulators()
    proc, mark, _ = launch(tmp_path, marks)
    time.sleep(after)  # where in the start-up the signal lands; any moment must be safe
    assert stop_and_count(proc, mark, sig) == []


def test_stopped_while_serving_it_leaves_nothing(tmp_path, marks):
    needs_the_emulators()
    proc, mark, port = launch(tmp_path, marks)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                break
        except requests.RequestException:
            pass
        assert proc.poll() is None, (tmp_path / "launcher.log").read_text()
        time.sleep(0.5)
    else:
        pytest.fail("run-gcp-local did not come up")
    kinds = {Path(f"/proc/{pid}/exe").resolve().name for pid in processes_marked(mark)}
    assert {"java", "node"} <= kinds and any(k.startswith("python") for k in kinds)
    assert stop_and_count(proc, mark, signal.SIGTERM) == []
    assert proc.returncode == 0
