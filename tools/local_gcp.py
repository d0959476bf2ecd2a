"""`make run-gcp-local`: the whole product in Google Cloud mode on one machine, on the emulators.

Starts the Firestore and Pub/Sub emulators of the Google Cloud CLI, the Firebase Authentication
emulator (firebase-tools under node_modules/), a Cloud Storage emulator (gcp-storage-emulator),
send_notification under functions-framework, creates the topics and push subscriptions against
the Pub/Sub emulator, then serves the app with BACKEND=gcp on 127.0.0.1:$PORT until Ctrl-C or
SIGTERM, and stops everything.

Stopped at any moment, start-up included, it leaves no process behind: each process is
registered for stopping the moment it is launched, each runs in a session of its own so its
children (gunicorn's workers, firebase-tools' Java) go with it, and a second signal cannot cut
the clean-up short.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

_stop_requested = False


def _interrupt(signum: int, frame: object) -> None:
    # Remembered as well as raised: a library that swallows KeyboardInterrupt (a bare `except:`
    # while importing, say) must not make the launcher carry on starting things.
    global _stop_requested
    _stop_requested = True
    raise KeyboardInterrupt


def _stop_if_asked() -> None:
    if _stop_requested:
        raise KeyboardInterrupt


def _launch(stack: contextlib.ExitStack, args: list[str], log: Path, **kwargs: object) -> subprocess.Popen:
    from tools.processes import stop

    _stop_if_asked()
    out = stack.enter_context(open(log, "w"))  # noqa: SIM115 - closed by the stack
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                            **kwargs)  # type: ignore[call-overload]
    stack.callback(stop, proc)
    return proc


def _calmly(clean_up: Callable[[], None]) -> None:
    """Run the clean-up with further Ctrl-C / SIGTERM ignored, so it always finishes."""
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        clean_up()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)

BUCKET = "demo-events-files"


def main() -> int:
    # Before anything heavy is imported: `kill` stops everything as Ctrl-C does, at any moment.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        from app.config import DEFAULT_SUBSCRIPTIONS, DEFAULT_TOPICS
        from tools.emulators import (
            EmulatorMissing,
            auth_emulator,
            firestore_emulator,
            provision_pubsub,
            pubsub_emulator,
            storage_emulator,
        )
        from tools.processes import ROOT, free_port, stop, wait_until_up
    except KeyboardInterrupt:
        return 0
    port = int(os.environ.get("PORT", "8080"))
    project = os.environ.get("GOOGLE_CLOUD_PROJECT", "demo-events")
    logs = Path(os.environ.get("GCP_LOCAL_LOGS", str(ROOT / "instance" / "gcp-local")))
    logs.mkdir(parents=True, exist_ok=True)
    stack = contextlib.ExitStack()
    try:
        _stop_if_asked()
        firestore = firestore_emulator(logs)
        stack.callback(firestore.stop)
        _stop_if_asked()
        pubsub = pubsub_emulator(logs)
        stack.callback(pubsub.stop)
        _stop_if_asked()
        auth = auth_emulator(logs, project)
        stack.callback(auth.stop)
        _stop_if_asked()
        storage = storage_emulator(logs, BUCKET)
        stack.callback(storage.stop)
        push_token = secrets.token_urlsafe(24)
        function_port = free_port()
        function = _launch(stack, [
            str(Path(sys.executable).with_name("functions-framework")), "--target", "send_notification",
            "--source", str(ROOT / "cloud_functions/send_notification/main.py"),
            "--host", "127.0.0.1", "--port", str(function_port)], logs / "send_notification.log")
        wait_until_up(f"http://127.0.0.1:{function_port}/", function)
        os.environ["PUBSUB_EMULATOR_HOST"] = pubsub.host
        provision_pubsub(project, DEFAULT_TOPICS, DEFAULT_SUBSCRIPTIONS, f"http://127.0.0.1:{port}",
                         push_token)
        env = {**os.environ, "BACKEND": "gcp", "GOOGLE_CLOUD_PROJECT": project, "PORT": str(port),
               "FIRESTORE_EMULATOR_HOST": firestore.host, "PUBSUB_EMULATOR_HOST": pubsub.host,
               "FIREBASE_AUTH_EMULATOR_HOST": auth.host, "PUSH_TOKEN": push_token,
               "STORAGE_EMULATOR_HOST": f"http://{storage.host}", "FILES_BUCKET": BUCKET,
               "PAYMENTS_BACKEND": os.environ.get("PAYMENTS_BACKEND", "test"),
               "GUNICORN_BIND": f"127.0.0.1:{port}", "PUBLIC_URL": f"http://127.0.0.1:{port}",
               "SEND_NOTIFICATION_URL": f"http://127.0.0.1:{function_port}"}
        print(f"emulators: firestore {firestore.host}, pubsub {pubsub.host}, auth {auth.host}, "
              f"storage {storage.host}; "
              f"send_notification on :{function_port} (logs in {logs}); app on http://127.0.0.1:{port}",
              flush=True)
        _stop_if_asked()
        app = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "run:app"],
                               cwd=ROOT, env=env, start_new_session=True)
        stack.callback(stop, app)
        _stop_if_asked()
        return app.wait()
    except EmulatorMissing as missing:
        print(f"cannot start: {missing}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        _calmly(stack.close)


if __name__ == "__main__":
    sys.exit(main())
