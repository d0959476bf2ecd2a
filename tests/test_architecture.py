"""The import graph keeps its shape: the domain owns its ports and imports no adapter, adapters
import the domain, and nothing shipped imports the tests."""

from __future__ import annotations

import ast
from pathlib import Path

from tools.processes import ROOT

# What the domain may import from this repository: itself, and the time format helpers.
DOMAIN_MAY_IMPORT = ("app.domain", "app.timeutil")
# Third-party libraries the domain may use: none that speaks HTTP, SQL or a cloud API.
# pydantic: the records of messages, validated where they come back in (app/domain/message_data.py).
# PIL: what an uploaded cover is and the files made of it (app/domain/images.py).
DOMAIN_LIBRARIES = {"icalendar", "zxcvbn", "pydantic", "PIL", "itsdangerous", "vaderSentiment", "lingua",
                    "sklearn", "numpy", "scipy"}


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_domain_imports_no_adapter_and_no_web_framework():
    import sys

    stdlib = sys.stdlib_module_names
    for path in _modules("app/domain"):
        for name in imports_of(path):
            top = name.split(".")[0]
            ours = name.startswith(DOMAIN_MAY_IMPORT)
            allowed = ours or top in stdlib or top == "__future__" or top in DOMAIN_LIBRARIES
            assert allowed, f"{path.relative_to(ROOT)} imports {name}"


# The gunicorn worker sits in front of the app and answers its own errors in the API's format.
SERVES_HTTP = {"app/infra/serving.py"}


def test_adapters_and_infrastructure_never_import_the_http_layer():
    for folder in ("app/domain", "app/store", "app/auth", "app/bus", "app/payment_providers", "app/infra",
                   "app/files", "app/mail"):
        for path in _modules(folder):
            if str(path.relative_to(ROOT)) not in SERVES_HTTP:
                assert not any(n.startswith("app.api") for n in imports_of(path)), path


# The adapters of the ports; the app factory (app/__init__.py) is the one place that picks them.
ADAPTERS = ("app.store", "app.auth", "app.bus", "app.payment_providers", "app.files", "app.mail")
# The push route reads the envelope Pub/Sub sends, the same wire format the local bus writes.
API_MAY_IMPORT = {"app.bus.envelope"}


def test_the_http_layer_imports_no_adapter():
    """Routes call the domain through the ports the factory hands them: none names an adapter
    (the test provider's checkout page is the provider's own, app/payment_providers/checkout_page.py)."""
    for path in _modules("app/api"):
        wrong = {n for n in imports_of(path) if n.startswith(ADAPTERS) and n not in API_MAY_IMPORT}
        assert wrong == set(), f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_nothing_shipped_imports_the_tests():
    for folder in ("app", "bench", "deploy", "tools", "cloud_functions"):
        for path in _modules(folder):
            assert not any(n == "tests" or n.startswith("tests.") for n in imports_of(path)), path


def test_deploy_holds_only_what_is_deployed():
    """deploy/ is what ships (Kubernetes, gunicorn's settings, provisioning); the emulators,
    servers and checks that tests, benchmarks and `make run-gcp-local` start live in tools/,
    which the app and deploy/ never import."""
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "deploy").rglob("*") if p.is_file()}
    assert {p for p in shipped if p.endswith(".py")} == {"deploy/__init__.py", "deploy/gunicorn.conf.py"}
    for folder in ("app", "deploy"):
        for path in _modules(folder):
            assert not any(n == "tools" or n.startswith("tools.") for n in imports_of(path)), path


def test_the_check_sees_an_import_that_breaks_the_rule(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from app.store.sqlite import SqliteStore\nimport flask\n")
    assert imports_of(bad) == {"app.store.sqlite", "flask"}


def test_tests_share_helpers_through_support_not_each_other():
    """A test module is read on its own: what several share lives in conftest.py or
    tests/support/, never in another test module."""
    for path in _modules("tests"):
        wrong = {n for n in imports_of(path)
                 if n.startswith("tests.") and n.split(".")[-1].startswith("test_")}
        assert wrong == set(), f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_publish_after_commit_lives_in_one_place():
    """Only app/bus/after_commit.py hears of commits and publishes on the request path; the
    stores report commits once, in app/store/base.py."""
    calls: dict[str, set[str]] = {}
    for path in _modules("app"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                calls.setdefault(node.func.attr, set()).add(path.relative_to(ROOT).as_posix())
    assert calls["publish_now"] == calls["kick"] == calls["on_commit"] == {"app/bus/after_commit.py"}
    assert "committed" not in calls  # the old per-adapter hook is gone
