"""`make run-gcp-local`: the whole product in Google Cloud mode on one machine, on the emulators.

Starts the Firestore and Pub/Sub emulators of the Google Cloud CLI, the Firebase Authentication
emulator (firebase-tools under node_modules/), send_notification under functions-framework,
creates the topics and push subscriptions against the Pub/Sub emulator, then serves the app with
BACKEND=gcp on 127.0.0.1:$PORT until Ctrl-C, and stops everything.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from app.config import DEFAULT_SUBSCRIPTIONS, DEFAULT_TOPICS
from deploy.emulators import (
    EmulatorMissing,
    auth_emulator,
    firestore_emulator,
    provision_pubsub,
    pubsub_emulator,
)
from deploy.processes import ROOT, free_port, stop, wait_until_up


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops everything, as Ctrl-C does
    port = int(os.environ.get("PORT", "8080"))
    project = os.environ.get("GOOGLE_CLOUD_PROJECT", "demo-events")
    logs = ROOT / "instance" / "gcp-local"
    logs.mkdir(parents=True, exist_ok=True)
    running: list = []
    try:
        firestore = firestore_emulator(logs)
        running.append(firestore)
        pubsub = pubsub_emulator(logs)
        running.append(pubsub)
        auth = auth_emulator(logs, project)
        running.append(auth)
    except EmulatorMissing as missing:
        print(f"cannot start: {missing}", file=sys.stderr)
        for emulator in running:
            emulator.stop()
        return 1
    push_token = secrets.token_urlsafe(24)
    env = {**os.environ, "BACKEND": "gcp", "GOOGLE_CLOUD_PROJECT": project, "PORT": str(port),
           "FIRESTORE_EMULATOR_HOST": firestore.host, "PUBSUB_EMULATOR_HOST": pubsub.host,
           "FIREBASE_AUTH_EMULATOR_HOST": auth.host, "PUSH_TOKEN": push_token,
           "GUNICORN_BIND": f"127.0.0.1:{port}"}
    function_port = free_port()
    function = subprocess.Popen(
        [str(Path(sys.executable).with_name("functions-framework")), "--target", "send_notification",
         "--source", str(ROOT / "cloud_functions/send_notification/main.py"),
         "--host", "127.0.0.1", "--port", str(function_port)],
        stdout=open(logs / "send_notification.log", "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    wait_until_up(f"http://127.0.0.1:{function_port}/", function)
    env["SEND_NOTIFICATION_URL"] = f"http://127.0.0.1:{function_port}"
    os.environ["PUBSUB_EMULATOR_HOST"] = pubsub.host
    provision_pubsub(project, DEFAULT_TOPICS, DEFAULT_SUBSCRIPTIONS, f"http://127.0.0.1:{port}", push_token)
    print(f"emulators: firestore {firestore.host}, pubsub {pubsub.host}, auth {auth.host}; "
          f"send_notification on :{function_port} (log in {logs}); app on http://127.0.0.1:{port}",
          flush=True)
    app = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "run:app"],
                           cwd=ROOT, env=env)
    try:
        app.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(app)
        stop(function)
        for emulator in reversed(running):
            emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
