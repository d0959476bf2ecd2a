"""firestore.rules, tested on the Firestore emulator with @firebase/rules-unit-testing (the
JavaScript tests are tests/rules/*.test.mjs; Node runs them, this runs Node)."""

from __future__ import annotations

import os
import shutil
import subprocess

from tools.servers import ROOT


def test_firestore_rules_on_the_emulator(firestore_host):
    node = shutil.which("node")
    assert node, "Node.js is needed for the rules tests"
    done = subprocess.run([node, "--test", "tests/rules/"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "FIRESTORE_EMULATOR_HOST": firestore_host}, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# pass 4" in done.stdout and "# fail 0" in done.stdout
