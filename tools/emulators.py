"""The official emulators on one machine: Firestore and Pub/Sub of the Google Cloud CLI (run
with Java), Firebase Authentication of firebase-tools (npm, under node_modules/), Cloud Storage
(gcp-storage-emulator from PyPI: firebase-tools' own storage emulator needs Java 21, which this
Debian does not ship), and the topics and push subscriptions the app needs. Used by the tests
and by `make run-gcp-local`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import requests

from tools.processes import ROOT, free_port, http_answers, stop, wait_until


class EmulatorMissing(RuntimeError):
    """The emulator is not installed on this machine."""


def unavailable(reason: str) -> None:
    raise EmulatorMissing(reason)


def sdk_platform() -> Path | None:
    gcloud = shutil.which("gcloud")
    if not gcloud:
        return None
    try:
        root = subprocess.run([gcloud, "info", "--format=value(installation.sdk_root)"],
                              capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(root) / "platform" if root else None


class Emulator:
    def __init__(self, name: str, args: list[str], log_dir: Path, ready_path: str = "/",
                 cwd: Path | None = None, env: dict[str, str] | None = None, port: int | None = None):
        self.name = name
        self.port = port or free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.args = [a.replace("{port}", str(self.port)) for a in args]
        self.ready: Callable[[], bool] = http_answers(f"http://{self.host}{ready_path}")
        self.log_path = log_dir / f"{name}-{self.port}.log"
        self.cwd = cwd
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.log: IO[str] | None = None

    def start(self, timeout: float = 90) -> Emulator:
        """Launch and wait until it answers. Interrupted or failed half-way (Ctrl-C during
        start-up included), it stops what it launched before giving up."""
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        # A session of its own: stop() can end the emulator's own children with it.
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.cwd,
                                     env={**os.environ, **(self.env or {})}, start_new_session=True)
        try:
            wait_until(self.ready, self.proc, timeout, self.name)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.proc:
            stop(self.proc)
        if self.log:
            self.log.close()


def firestore_emulator(log_dir: Path) -> Emulator:
    platform = sdk_platform()
    jar = platform / "cloud-firestore-emulator" / "cloud-firestore-emulator.jar" if platform else None
    if not jar or not jar.exists() or not shutil.which("java"):
        unavailable("the Firestore emulator (google-cloud-cli-firestore-emulator and Java) is not installed")
    return Emulator("firestore", ["java", "-cp", str(jar),
                                  "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
                                  "--host=127.0.0.1", "--port={port}"], log_dir=log_dir).start()


def pubsub_emulator(log_dir: Path) -> Emulator:
    platform = sdk_platform()
    lib = platform / "pubsub-emulator" / "lib" if platform else None
    jars = sorted(lib.glob("cloud-pubsub-emulator-*.jar")) if lib else []
    if not jars or not shutil.which("java"):
        unavailable("the Pub/Sub emulator (google-cloud-cli-pubsub-emulator and Java) is not installed")
    return Emulator("pubsub", ["java", "-jar", str(jars[-1]), "--host=127.0.0.1", "--port={port}"],
                    log_dir=log_dir).start()


def auth_emulator(log_dir: Path, project: str) -> Emulator:
    firebase = ROOT / "node_modules" / ".bin" / "firebase"
    if not firebase.exists():
        unavailable("firebase-tools is not installed under node_modules (make emulators installs it)")
    port = free_port()
    config = log_dir / f"firebase-{port}.json"
    # "ui" off, or firebase-tools tries to download the emulator UI
    config.write_text(json.dumps({"emulators": {
        "auth": {"host": "127.0.0.1", "port": port}, "ui": {"enabled": False},
        "hub": {"host": "127.0.0.1", "port": free_port()},
        "logging": {"host": "127.0.0.1", "port": free_port()}}}))
    return Emulator("auth", [str(firebase), "emulators:start", "--only", "auth", "--project", project,
                             "--config", str(config)], ready_path="/", log_dir=log_dir, cwd=log_dir,
                    port=port, env={"FIREBASE_CLI_EXPERIMENTS": "", "CI": "true"}).start(timeout=120)


def storage_emulator(log_dir: Path, bucket: str) -> Emulator:
    """Cloud Storage's JSON API (gcp-storage-emulator, in the dev requirements), in memory, with
    `bucket` made. It keeps objects and their metadata and serves them at /<bucket>/<key>; it
    does not check IAM, signed URLs or preconditions (tests/files/ says what that leaves out)."""
    binary = Path(sys.executable).with_name("gcp-storage-emulator")
    if not binary.exists():
        unavailable("gcp-storage-emulator is not installed (requirements-dev.txt)")
    return Emulator("storage", [str(binary), "start", "--host", "127.0.0.1", "--port", "{port}",
                                "--in-memory", "--default-bucket", bucket, "--quiet"],
                    log_dir=log_dir, ready_path=f"/storage/v1/b/{bucket}").start()


def redis_server(log_dir: Path) -> Emulator:
    """A throwaway Redis (Debian's redis-server): what Memorystore is for the rate limits."""
    binary = shutil.which("redis-server")
    if not binary:
        unavailable("redis-server is not installed (make test installs Debian's package)")
    emulator = Emulator("redis", [binary, "--bind", "127.0.0.1", "--port", "{port}", "--save", "",
                                  "--appendonly", "no", "--dir", str(log_dir)], log_dir=log_dir)
    emulator.ready = lambda: _redis_answers(emulator.port)
    return emulator.start()


def _redis_answers(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def reset_firestore(host: str, project: str) -> None:
    requests.delete(f"http://{host}/emulator/v1/projects/{project}/databases/(default)/documents",
                    timeout=30).raise_for_status()


def provision_pubsub(project: str, topics: dict[str, str], subscriptions: dict[str, str],
                     push_endpoint: str, push_token: str, max_attempts: int = 5) -> None:
    """Topics, a dead-letter topic, and one push subscription per topic pointing at the app's
    push route, on the Pub/Sub emulator (PUBSUB_EMULATOR_HOST). Safe to run twice."""
    from google.api_core import exceptions
    from google.cloud import pubsub_v1

    publisher, subscriber = pubsub_v1.PublisherClient(), pubsub_v1.SubscriberClient()
    dead_topic = publisher.topic_path(project, "events-dead-letter-topic")
    for name in [*topics.values(), "events-dead-letter-topic"]:
        with contextlib.suppress(exceptions.AlreadyExists):
            publisher.create_topic(name=publisher.topic_path(project, name))
    with contextlib.suppress(exceptions.AlreadyExists):
        subscriber.create_subscription(name=subscriber.subscription_path(project, "events-dead-letter-sub"),
                                       topic=dead_topic)
    for logical, topic in topics.items():
        subscription = subscriptions[logical]
        request = {
            "name": subscriber.subscription_path(project, subscription),
            "topic": publisher.topic_path(project, topic),
            "push_config": {"push_endpoint": f"{push_endpoint}/pubsub/{subscription}?token={push_token}"},
            "ack_deadline_seconds": 30,
            "retry_policy": {"minimum_backoff": {"seconds": 1}, "maximum_backoff": {"seconds": 60}},
            "dead_letter_policy": {"dead_letter_topic": dead_topic, "max_delivery_attempts": max_attempts},
        }
        with contextlib.suppress(exceptions.AlreadyExists):
            subscriber.create_subscription(request=request)
