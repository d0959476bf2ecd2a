# syntax=docker/dockerfile:1
# The API and its web client as GKE runs them: gunicorn as PID 1 with the project's config, a
# non-root user. Pinned to exact patch releases; pin the digests too in your registry mirror
# (docker buildx imagetools inspect python:3.12.12-slim-bookworm).

# The web client, built with the versions web/package-lock.json pins; only web/dist is kept.
FROM node:20.20.2-bookworm-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY web/ ./
RUN npm run build

FROM python:3.12.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8080 \
    DATABASE_PATH=/tmp/instance/events.db

WORKDIR /srv
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /srv --shell /usr/sbin/nologin app

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install --no-compile -r requirements.txt

COPY --chown=root:root run.py openapi.yaml ./
COPY --chown=root:root app/ app/
COPY --chown=root:root deploy/__init__.py deploy/gunicorn.conf.py deploy/
COPY --from=web --chown=root:root /web/dist web/dist/

USER 10001:10001
EXPOSE 8080
# gunicorn drains in-flight requests on SIGTERM for up to GUNICORN_GRACEFUL_TIMEOUT seconds.
STOPSIGNAL SIGTERM
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "run:app"]
