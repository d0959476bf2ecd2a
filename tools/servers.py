"""Our own servers as they run for real, started by the end-to-end tests and the benchmarks:
the app under gunicorn as `make run` serves it, send_notification under functions-framework."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from tools.processes import ROOT, free_port, stop, wait_until_up


class Gunicorn:
    """The app as `make run` serves it: gunicorn, the project's config file, its gevent workers."""

    def __init__(self, tmp: Path, workers: int = 2, app_module: str = "run:app", **env: str) -> None:
        tmp.mkdir(parents=True, exist_ok=True)
        self.app_module = app_module
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = tmp / "events.db"
        self.tokens: dict[str, str] = {}  # people_with_tokens, by test or benchmark
        self.env = {**os.environ, "DATABASE_PATH": str(self.database), "WEB_CONCURRENCY": str(workers),
                    "GUNICORN_BIND": f"127.0.0.1:{self.port}", "PORT": str(self.port),
                    "LOG_LEVEL": "WARNING", **env}
        self.log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Gunicorn":
        # a session of its own: tests can count what is left of it, and stop() ends all of it
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", self.app_module],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until_up(self.url + "/healthz", self.proc)
        return self

    def bearer(self, uid: str) -> dict[str, str]:
        """Authorization as `uid`: an account written into this server's store when it is new."""
        if uid not in self.tokens:
            self.tokens.update(people_with_tokens(self.database, self.env["SECRET_KEY"], [uid]))
        return {"Authorization": f"Bearer {self.tokens[uid]}"}

    def stop(self) -> None:
        if self.proc:
            stop(self.proc)
        self.log.close()


class FunctionServer:
    """send_notification under functions-framework, as Cloud Functions runs it."""

    def __init__(self, tmp: Path, target: str = "send_notification",
                 signature: str = "http") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp / f"{target}.log"
        self.args = [str(Path(sys.executable).with_name("functions-framework")), "--target", target,
                     "--signature-type", signature, "--source",
                     str(ROOT / "cloud_functions/send_notification/main.py"),
                     "--host", "127.0.0.1", "--port", str(self.port)]
        self.proc: subprocess.Popen | None = None

    def start(self) -> "FunctionServer":
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        wait_until_up(self.url + "/", self.proc)
        return self

    def lines(self) -> list[dict]:
        """The JSON lines the function has logged so far; one it is still writing is not yet read."""
        import json

        complete = self.log_path.read_text().split("\n")[:-1]  # after the last newline: unfinished
        return [json.loads(line) for line in complete if line.startswith("{")]

    def stop(self) -> None:
        if self.proc:
            stop(self.proc)
        self.log.close()


def people_with_tokens(database: Path, secret_key: str, uids: Iterable[str],
                       ttl_seconds: int = 7200) -> dict[str, str]:
    """Accounts written straight into a SQLite store (no password, no sign-up round trip) and a
    token for each, as the app issues them: for races and load tests of many people. An account
    that exists already is kept."""
    from app.auth.local import issue_token
    from app.domain.models import User
    from app.domain.ports import Transaction
    from app.store.sqlite import SqliteStore

    wanted = list(uids)
    now = datetime.now(UTC)

    def add(tx: Transaction) -> None:
        for uid in wanted:
            if tx.users.get(uid) is None:
                tx.users.add(User(id=uid, email=f"{uid}@example.test", username=uid, first_name=uid,
                                    last_name="Load", created_at=now, updated_at=now))

    store = SqliteStore(database)
    try:
        store.run(add)
    finally:
        store.close()
    return {uid: issue_token(secret_key, uid, ttl_seconds).id_token for uid in wanted}
