"""The documentation stays true to the code, and stays inside the repository."""

from __future__ import annotations

import re

from tools.servers import ROOT

SOURCES = ["app/config.py", "deploy/gunicorn.conf.py", "tools/local_gcp.py"]


def settings_the_code_reads() -> set[str]:
    names = set()
    for source in SOURCES:
        text = (ROOT / source).read_text()
        reads = r'(?:env\.get|_int|_secret|environ\.get)\((?:env, )?"([A-Z][A-Z0-9_]+)"'
        names |= set(re.findall(reads, text))
        names |= {f"{prefix}_*" for prefix in re.findall(r'f"(TOPIC|SUBSCRIPTION)_\{', text)}
    return names


def test_every_setting_the_code_reads_is_documented():
    names = settings_the_code_reads()
    assert {"BACKEND", "RATELIMIT_STORAGE_URI", "INSTANCE_PATH", "GUNICORN_WORKER_CONNECTIONS",
            "TOPIC_*"} <= names
    operations = (ROOT / "docs" / "operations.md").read_text()
    missing = sorted(name for name in names if name not in operations)
    assert missing == []


OUTSIDE = ".." + "/shared"  # the team's brief beside the checkout, which a user's clone lacks


def test_nothing_points_outside_the_repository():
    docs = list(ROOT.joinpath("docs").glob("*.md"))
    for path in [ROOT / "README.md", *docs, *ROOT.joinpath("app").rglob("*.py")]:
        text = path.read_text()
        assert OUTSIDE not in text and "DESIGN.md" not in text, path
    for link in re.findall(r"\]\(([^)#]+)\)", "".join(p.read_text() for p in docs)):
        if not link.startswith("http"):
            assert (ROOT / "docs" / link).resolve().exists(), link
