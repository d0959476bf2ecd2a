"""Deployment files, checked offline: Kubernetes schemas (strict), the kustomize overlay, the
provisioning script (shellcheck, dry run), App Engine and the container definition."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from kubernetes_validate.utils import latest_version

from app.config import Config
from tests.emulators import require_tool
from tools.servers import ROOT

K8S = ROOT / "deploy" / "k8s"
VERSION = latest_version()


def _docs(text: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(text) if d]


# GKE's own resources (custom resources, so not in the Kubernetes schemas): checked field by field
# in test_https_reaches_the_pods_through_a_managed_certificate.
GKE_KINDS = {"BackendConfig", "ManagedCertificate"}


def _validate(doc: dict) -> None:
    if doc["kind"] not in GKE_KINDS:
        kubernetes_validate.validate(doc, VERSION, strict=True)


@pytest.mark.parametrize("path", sorted(p for p in (K8S / "base").glob("*.yaml")
                                         if p.name != "kustomization.yaml"), ids=lambda p: p.name)
def test_base_manifests_are_valid_kubernetes(path: Path):
    for doc in _docs(path.read_text()):
        _validate(doc)


@pytest.fixture(scope="module")
def overlay() -> dict[str, dict]:
    kubectl = require_tool("kubectl")
    built = subprocess.run([kubectl, "kustomize", str(K8S / "overlays" / "example")],
                           capture_output=True, text=True, timeout=120, check=True).stdout
    return {doc["kind"]: doc for doc in _docs(built)}


def test_overlay_builds_and_every_resource_is_valid(overlay):
    assert set(overlay) == {"Namespace", "ServiceAccount", "ConfigMap", "Deployment", "Service",
                            "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress",
                            "ManagedCertificate", "BackendConfig"}
    for doc in overlay.values():
        _validate(doc)
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "events-prod"


def containers(overlay) -> dict:
    return {c["name"]: c for c in overlay["Deployment"]["spec"]["template"]["spec"]["containers"]}


def test_every_request_reaches_gunicorn_through_the_endpoints_proxy(overlay):
    esp, api = containers(overlay)["esp"], containers(overlay)["api"]
    assert esp["image"].startswith("gcr.io/endpoints-release/endpoints-runtime:2")
    proxy_port = next(p["containerPort"] for p in esp["ports"] if p["name"] == "proxy")
    api_port = next(p["containerPort"] for p in api["ports"] if p["name"] == "http")
    assert f"--listener_port={proxy_port}" in esp["args"]
    assert f"--backend=http://127.0.0.1:{api_port}" in esp["args"]
    assert "--service=events.endpoints.acme-events.cloud.goog" in esp["args"]  # set by the overlay
    assert [p["targetPort"] for p in overlay["Service"]["spec"]["ports"]] == ["proxy"]


def test_overlay_applies_its_changes(overlay):
    container = containers(overlay)["api"]
    assert container["image"] == "europe-west1-docker.pkg.dev/acme-events/events/events-api:1.0.0"
    assert overlay["ConfigMap"]["data"]["GOOGLE_CLOUD_PROJECT"] == "acme-events"
    assert overlay["ConfigMap"]["data"]["BACKEND"] == "gcp"  # kept from the base
    assert overlay["HorizontalPodAutoscaler"]["spec"]["maxReplicas"] == 20
    assert overlay["ServiceAccount"]["metadata"]["annotations"]["iam.gke.io/gcp-service-account"] \
        == "events-api@acme-events.iam.gserviceaccount.com"


def test_deployment_is_production_shaped(overlay):
    pod = overlay["Deployment"]["spec"]["template"]["spec"]
    container = containers(overlay)["api"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert container["resources"]["requests"] and container["resources"]["limits"]
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] and not security["allowPrivilegeEscalation"]
    assert pod["securityContext"]["runAsNonRoot"] and pod["securityContext"]["runAsUser"] != 0
    assert pod["serviceAccountName"] == "events-api"
    graceful = int(overlay["ConfigMap"]["data"]["GUNICORN_GRACEFUL_TIMEOUT"])
    pre_stop = int(container["lifecycle"]["preStop"]["exec"]["command"][-1])
    assert pod["terminationGracePeriodSeconds"] > graceful + pre_stop
    assert {v["mountPath"] for v in container["volumeMounts"]} == {"/tmp"}
    service = overlay["Service"]["spec"]
    assert service["type"] == "ClusterIP" and service["ports"][0]["port"] == 80  # behind the Ingress
    assert container["ports"][0]["containerPort"] == 8080
    hpa = overlay["HorizontalPodAutoscaler"]["spec"]
    assert hpa["minReplicas"] == 2 and hpa["metrics"][0]["resource"]["target"]["averageUtilization"] == 50
    # Workload Identity, not key files: no credentials file is mounted or pointed at
    assert all("secret" not in volume for volume in pod["volumes"])
    assert "GOOGLE_APPLICATION_CREDENTIALS" not in {e["name"] for e in container["env"]}
    assert "GOOGLE_APPLICATION_CREDENTIALS" not in overlay["ConfigMap"]["data"]


def test_https_reaches_the_pods_through_a_managed_certificate(overlay):
    """Pub/Sub pushes need HTTPS with a CA-signed certificate: an Ingress with a Google-managed
    one for the overlay's domain, to the Service's pods, health-checked through ESPv2, with a
    backend timeout a live stream outlasts no more."""
    ingress, service = overlay["Ingress"], overlay["Service"]
    annotations = ingress["metadata"]["annotations"]
    certificate = overlay["ManagedCertificate"]
    assert annotations["networking.gke.io/managed-certificates"] == certificate["metadata"]["name"]
    assert annotations["kubernetes.io/ingress.allow-http"] == "false"
    assert annotations["kubernetes.io/ingress.global-static-ip-name"] == "events-api-ip"  # the README's
    assert certificate["spec"]["domains"] == ["api.acme.example"]
    backend = ingress["spec"]["defaultBackend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    assert json.loads(service["metadata"]["annotations"]["cloud.google.com/neg"]) == {"ingress": True}
    config = json.loads(service["metadata"]["annotations"]["cloud.google.com/backend-config"])
    backend_config = overlay["BackendConfig"]
    assert config["default"] == backend_config["metadata"]["name"]
    esp = containers(overlay)["esp"]
    proxy_port = next(p["containerPort"] for p in esp["ports"] if p["name"] == "proxy")
    assert backend_config["spec"]["healthCheck"] == {"type": "HTTP", "requestPath": "/healthz",
                                                     "port": proxy_port}
    assert backend_config["spec"]["timeoutSec"] > Config().stream_seconds  # STREAM_SECONDS' default


def test_provisioning_script_passes_shellcheck():
    shellcheck = Path(sys.executable).with_name("shellcheck")
    result = subprocess.run([str(shellcheck), "--severity=style", str(ROOT / "deploy" / "provision.sh")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout


def _dry_run() -> list[str]:
    result = subprocess.run(["bash", str(ROOT / "deploy" / "provision.sh"), "--project", "acme",
                             "--region", "europe-west1", "--service-url", "https://api.acme.example/",
                             "--dry-run"], capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin"})  # no gcloud needed for a dry run
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_provisioning_dry_run_prints_every_step():
    lines = _dry_run()
    assert all(line.startswith("gcloud ") for line in lines)
    for name in ("users-registration", "notification", "user-notifications", "change-event-capacity",
                 "payments", "mail", "recommendations"):
        assert f"gcloud pubsub topics create {name}-topic --project acme" in [ln.strip() for ln in lines]
        creates = f"gcloud pubsub subscriptions create {name}-topic-sub "
        (sub,) = [ln for ln in lines if ln.startswith(creates)]
        assert f"--push-endpoint https://api.acme.example/pubsub/{name}-topic-sub" in sub
        assert "--push-auth-service-account pubsub-push@acme.iam.gserviceaccount.com" in sub
        assert "--push-auth-token-audience https://api.acme.example/pubsub" in sub
        assert "--dead-letter-topic events-dead-letter-topic --max-delivery-attempts 5" in sub
        assert "--min-retry-delay 10s --max-retry-delay 600s" in sub
    assert any(ln.startswith("gcloud pubsub subscriptions create events-dead-letter-sub ") for ln in lines)
    assert any(ln.startswith("gcloud functions deploy send_notification ") and "--no-allow-unauthenticated"
               in ln for ln in lines)
    indexes = [ln for ln in lines if ln.startswith("gcloud firestore indexes composite create")]
    declared = json.loads((ROOT / "firestore.indexes.json").read_text())["indexes"]
    assert len(indexes) == len(declared)
    # an array's field is indexed for array_contains (the dry run prints what it runs, %q-quoted)
    assert any("field-path=tags\\,array-config=contains" in ln for ln in indexes)
    # similar events: a KNN vector index on the recommender's content vectors (64 dimensions)
    assert any("field-path=vector\\,vector-config=" in ln and "64" in ln for ln in indexes)
    bucket = "gs://acme-events-files"
    assert any(ln.startswith(f"gcloud storage buckets create {bucket} ") and "--uniform-bucket-level-access"
               in ln for ln in lines)
    grants = [ln for ln in lines if ln.startswith(f"gcloud storage buckets add-iam-policy-binding {bucket} ")]
    assert any("--member allUsers --role roles/storage.objectViewer" in ln for ln in grants)
    writer = "serviceAccount:events-api@acme.iam.gserviceaccount.com --role roles/storage.objectAdmin"
    assert any(writer in ln for ln in grants)
    assert _dry_run() == lines  # the same plan every time


def test_provisioning_refuses_missing_arguments():
    result = subprocess.run(["bash", str(ROOT / "deploy" / "provision.sh"), "--dry-run"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "Usage" in result.stdout


def test_app_engine_config():
    config = yaml.safe_load((ROOT / "app.yaml").read_text())
    runtime = config["runtime"]
    assert runtime.startswith("python3") and int(runtime.removeprefix("python3")) >= 12
    assert config["entrypoint"].startswith("gunicorn -c deploy/gunicorn.conf.py run:app")
    assert config["env_variables"]["BACKEND"] == "gcp"
    assert config["automatic_scaling"]["max_instances"] >= config["automatic_scaling"]["min_instances"]


def test_dockerfile_and_dockerignore():
    lines = [ln.strip() for ln in (ROOT / "Dockerfile").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    stages = [ln for ln in lines if ln.startswith("FROM ")]
    assert all(":latest" not in stage for stage in stages)
    node, base = stages  # the web client's build, then the image that runs
    assert node.startswith("FROM node:20.") and node.endswith(" AS web")
    assert base.split(":")[1][:4] in {"3.12", "3.13"}
    assert "COPY --from=web --chown=root:root /web/dist web/dist/" in lines  # where WEB_DIST looks
    assert any(ln.startswith("USER 10001") for ln in lines)
    assert lines[-1] == 'CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "run:app"]'
    # the dependency layer comes before the code, so a code change reuses it
    assert lines.index("COPY requirements.txt .") < next(i for i, ln in enumerate(lines) if "app/" in ln)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", "node_modules", "instance", "tests", ".git", "web/node_modules",
            "web/dist"} <= set(ignored)


def test_app_engine_uploads_the_built_web_client():
    """Without .gcloudignore, gcloud would skip what .gitignore lists: web/dist among it."""
    ignored = (ROOT / ".gcloudignore").read_text().split()
    assert "web/node_modules/" in ignored
    assert not any(line.startswith("web/dist") or line in {"web/", "dist/"} for line in ignored)


def test_app_engine_cron_calls_every_scheduled_route(app):
    cron = yaml.safe_load((ROOT / "cron.yaml").read_text())["cron"]
    tasks = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/tasks/")}
    assert tasks == {"/tasks/relay-outbox", "/tasks/release-holds", "/tasks/send-reminders",
                     "/tasks/refresh-recommendations"}
    assert sorted(job["url"] for job in cron) == sorted(tasks)
    # App Engine's shortest step; the recommender's rebuild is whole and hourly
    assert {job["url"]: job["schedule"] for job in cron if job["schedule"] != "every 1 minutes"} == {
        "/tasks/refresh-recommendations": "every 60 minutes"}


# Flags every gcloud command takes, listed only as GCLOUD_WIDE_FLAG in a command's own help.
GCLOUD_WIDE_FLAGS = {"--project", "--format", "--quiet", "--account", "--configuration",
                     "--verbosity", "--impersonate-service-account", "--billing-project", "--help"}


def _gcloud_commands() -> list[str]:
    """Every gcloud command the README and docs/ tell a person to run (continued lines joined)."""
    commands = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text().replace("\\\n", " ")
        commands += re.findall(r"(?:^|`|\$ )\s*(gcloud [^`\n]+)", text, flags=re.M)
    return sorted(set(commands))


def _gcloud_help(gcloud: str, words: list[str]) -> str | None:
    """The help of the longest command path among `words`, or None when gcloud knows none."""
    for size in range(min(len(words), 4), 0, -1):
        result = subprocess.run([gcloud, *words[:size], "--help"], capture_output=True, text=True,
                                timeout=60, env={**os.environ, "CLOUDSDK_CORE_DISABLE_PROMPTS": "1"})
        text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        if result.returncode == 0 and f"gcloud {' '.join(words[:size])} - " in " ".join(text.split()):
            return text
    return None


def test_every_gcloud_command_and_flag_the_docs_use_exists():
    """A newcomer follows the docs word for word: each command is one gcloud has, and each flag
    one that command takes (checked against the installed SDK's own help, offline)."""
    gcloud = require_tool("gcloud")
    commands = _gcloud_commands()
    assert len(commands) >= 10  # the GKE and App Engine paths
    wrong = []
    for command in commands:
        words = []
        for token in command.split()[1:]:
            if not re.fullmatch(r"[a-z][a-z0-9-]*", token):
                break
            words.append(token)
        help_text = _gcloud_help(gcloud, words)
        if help_text is None:
            wrong.append(f"no such command: {command}")
            continue
        for flag in set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", command)) - GCLOUD_WIDE_FLAGS:
            if not re.search(rf"(?<![\w-]){flag}(?:[=\s\]]|$)", help_text, flags=re.M):
                wrong.append(f"{command}: {flag}")
    assert wrong == []
