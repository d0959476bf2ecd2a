"""The contract, checked by Schemathesis' own CLI as anyone would run it: `st run openapi.yaml
--checks all`, every phase (examples, coverage, fuzzing, stateful), a fixed seed, against a real
gunicorn. The rules no schema can state are listed, each with its reason, in schemathesis.toml;
everything else the server answers must be what openapi.yaml says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tools.processes import ROOT
from tools.servers import Gunicorn

pytestmark = pytest.mark.slow
SECRET = "contract-secret-key-that-is-long-enough-for-hs256"
EXAMPLES = 6  # per operation and phase: bounded, so `make test` stays short
SEED = 1


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    g = Gunicorn(tmp_path_factory.mktemp("contract"), workers=2, SECRET_KEY=SECRET,
                 RATE_LIMITS="off", STREAM_SECONDS="1").start()  # a stream ends at once
    yield g
    g.stop()


@pytest.mark.timeout(600)
def test_the_server_answers_what_openapi_yaml_says(server, tmp_path):
    st = Path(sys.executable).with_name("st")
    token = server.bearer("fuzzer")["Authorization"]
    # signing out would end the run's own session; everything else is in
    result = subprocess.run(
        [str(st), "run", "openapi.yaml", "--url", server.url, "-H", f"Authorization: {token}",
         "--checks", "all", "--exclude-operation-id", "logout", "--seed", str(SEED),
         "--max-examples", str(EXAMPLES), "--generation-database", "none", "--no-color",
         "--report", "junit", "--report-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=580)
    summary = result.stdout[result.stdout.find("=== SUMMARY"):]
    assert result.returncode == 0, result.stdout[-8000:]
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    operations = sum(len(set(item) & {"get", "post", "put", "patch", "delete"})
                     for item in spec["paths"].values())
    assert f"Tested: {operations - 1}" in summary and "generated" in summary  # all but logout
