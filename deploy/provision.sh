#!/usr/bin/env bash
# Provision what the events API needs in a Google Cloud project, idempotently (safe to run twice):
#   - the five Pub/Sub topics, a dead-letter topic and its pull subscription,
#   - one push subscription per topic, authenticated with OIDC (service account + audience),
#     with a retry policy and a maximum number of delivery attempts before dead-lettering,
#   - the send_notification Cloud Function (2nd gen, HTTP, not public),
#   - the Firestore composite indexes of firestore.indexes.json,
#   - the covers' bucket, readable by everyone, written by the app's service account.
#
# Usage: deploy/provision.sh --project P --region R --service-url https://API_HOST [--dry-run]
#          [--app-service-account EMAIL]
#   --service-url  where Pub/Sub pushes: SERVICE_URL/pubsub/<subscription>
#   --app-service-account  who the app runs as (default events-api@P.iam.gserviceaccount.com,
#                  GKE's; on App Engine P@appspot.gserviceaccount.com)
#   --dry-run      print the gcloud commands instead of running them (no gcloud needed)
set -euo pipefail

PROJECT="" REGION="" SERVICE_URL="" DRY_RUN=0 APP_SA=""
MAX_ATTEMPTS=5
PUSH_SA_NAME="pubsub-push"
TOPICS=(users-registration notification user-notifications change-event-capacity payments mail recommendations)
DEAD_LETTER_TOPIC="events-dead-letter-topic"
DEAD_LETTER_SUB="events-dead-letter-sub"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --project) PROJECT="$2"; shift 2 ;;
    --region) REGION="$2"; shift 2 ;;
    --service-url) SERVICE_URL="${2%/}"; shift 2 ;;
    --max-attempts) MAX_ATTEMPTS="$2"; shift 2 ;;
    --app-service-account) APP_SA="$2"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
  esac
done
[[ -n "$PROJECT" && -n "$REGION" && -n "$SERVICE_URL" ]] || usage 2

PUSH_SA="${PUSH_SA_NAME}@${PROJECT}.iam.gserviceaccount.com"
APP_SA="${APP_SA:-events-api@${PROJECT}.iam.gserviceaccount.com}"
BUCKET="gs://${PROJECT}-events-files"  # FILES_BUCKET: ${PROJECT}-events-files
AUDIENCE="${SERVICE_URL}/pubsub"

# Run a command, or print it in dry-run mode.
run() {
  if [[ "$DRY_RUN" == 1 ]]; then
    printf '%q ' "$@"; printf '\n'
  else
    "$@"
  fi
}

# True when the resource exists; in dry-run mode nothing is asked and everything is created.
exists() {
  [[ "$DRY_RUN" == 1 ]] && return 1
  "$@" >/dev/null 2>&1
}

ensure_topic() {
  exists gcloud pubsub topics describe "$1" --project "$PROJECT" \
    || run gcloud pubsub topics create "$1" --project "$PROJECT"
}

ensure_push_subscription() {
  local topic="$1" sub="$2"
  local flags=(
    --topic "$topic" --project "$PROJECT"
    --push-endpoint "${SERVICE_URL}/pubsub/${sub}"
    --push-auth-service-account "$PUSH_SA"
    --push-auth-token-audience "$AUDIENCE"
    --ack-deadline 30
    --min-retry-delay 10s --max-retry-delay 600s
    --dead-letter-topic "$DEAD_LETTER_TOPIC" --max-delivery-attempts "$MAX_ATTEMPTS"
  )
  if exists gcloud pubsub subscriptions describe "$sub" --project "$PROJECT"; then
    # --topic cannot change on update; everything else is brought to the wanted state
    run gcloud pubsub subscriptions update "$sub" "${flags[@]:2}"
  else
    run gcloud pubsub subscriptions create "$sub" "${flags[@]}"
  fi
}

echo "# project ${PROJECT}, region ${REGION}, pushes to ${SERVICE_URL}/pubsub/<subscription>" >&2

# Service account that signs the push requests' OIDC tokens.
exists gcloud iam service-accounts describe "$PUSH_SA" --project "$PROJECT" \
  || run gcloud iam service-accounts create "$PUSH_SA_NAME" --project "$PROJECT" \
       --display-name "Pub/Sub push to the events API"

ensure_topic "$DEAD_LETTER_TOPIC"
exists gcloud pubsub subscriptions describe "$DEAD_LETTER_SUB" --project "$PROJECT" \
  || run gcloud pubsub subscriptions create "$DEAD_LETTER_SUB" --topic "$DEAD_LETTER_TOPIC" \
       --project "$PROJECT" --message-retention-duration 7d

for name in "${TOPICS[@]}"; do
  ensure_topic "${name}-topic"
  ensure_push_subscription "${name}-topic" "${name}-topic-sub"
done

# Pub/Sub's own service agent must be able to mint OIDC tokens for the push account, to publish
# to the dead-letter topic and to acknowledge what it forwards there.
PROJECT_NUMBER="PROJECT_NUMBER"
if [[ "$DRY_RUN" == 0 ]]; then
  PROJECT_NUMBER="$(gcloud projects describe "$PROJECT" --format 'value(projectNumber)')"
fi
PUBSUB_AGENT="service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com"
run gcloud iam service-accounts add-iam-policy-binding "$PUSH_SA" --project "$PROJECT" \
  --member "serviceAccount:${PUBSUB_AGENT}" --role roles/iam.serviceAccountTokenCreator
run gcloud pubsub topics add-iam-policy-binding "$DEAD_LETTER_TOPIC" --project "$PROJECT" \
  --member "serviceAccount:${PUBSUB_AGENT}" --role roles/pubsub.publisher
for name in "${TOPICS[@]}"; do
  run gcloud pubsub subscriptions add-iam-policy-binding "${name}-topic-sub" --project "$PROJECT" \
    --member "serviceAccount:${PUBSUB_AGENT}" --role roles/pubsub.subscriber
done

# send_notification: `gcloud functions deploy` creates or updates, so it is idempotent itself.
run gcloud functions deploy send_notification --project "$PROJECT" --region "$REGION" \
  --gen2 --runtime python312 --source "${ROOT}/cloud_functions/send_notification" \
  --entry-point send_notification --trigger-http --no-allow-unauthenticated

# Firestore composite indexes, from firestore.indexes.json (an existing index is left alone).
while IFS=$'\t' read -r collection fields; do
  args=()
  IFS=';' read -r -a pairs <<< "$fields"
  for pair in "${pairs[@]}"; do  # path:order=..., path:array-config=contains or path:vector-config=...
    args+=(--field-config "field-path=${pair%%:*},${pair#*:}")
  done
  run gcloud firestore indexes composite create --project "$PROJECT" \
    --collection-group "$collection" --query-scope COLLECTION "${args[@]}" \
    || echo "# index on ${collection} (${fields}) exists already" >&2
done < <(python3 - "${ROOT}/firestore.indexes.json" <<'PY'
import json, sys
for index in json.load(open(sys.argv[1]))["indexes"]:
    def config(f):
        if "order" in f:
            return f"order={f['order'].lower()}"
        if "arrayConfig" in f:
            return f"array-config={f['arrayConfig'].lower()}"
        vector = {"dimension": str(f["vectorConfig"]["dimension"]), "flat": "{}"}  # KNN, exact
        return "vector-config=" + json.dumps(vector, separators=(",", ":"))
    fields = ";".join(f"{f['fieldPath']}:{config(f)}" for f in index["fields"])
    print(f"{index['collectionGroup']}\t{fields}")
PY
)

# Covers (docs/covers.md): one bucket, read by every browser straight from Cloud Storage (public
# access prevention off, uniform access), written and deleted by the app alone.
exists gcloud storage buckets describe "$BUCKET" --project "$PROJECT" \
  || run gcloud storage buckets create "$BUCKET" --project "$PROJECT" --location "$REGION" \
    --uniform-bucket-level-access --no-public-access-prevention
run gcloud storage buckets add-iam-policy-binding "$BUCKET" --project "$PROJECT" \
  --member allUsers --role roles/storage.objectViewer
run gcloud storage buckets add-iam-policy-binding "$BUCKET" --project "$PROJECT" \
  --member "serviceAccount:${APP_SA}" --role roles/storage.objectAdmin
