# syntax=docker/dockerfile:1
# The API as GKE runs it: gunicorn as PID 1 with the project's config, a non-root user.
# Pinned to an exact Python patch release; pin the digest too in your registry mirror
# (docker buildx imagetools inspect python:3.12.12-slim-bookworm).
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

USER 10001:10001
EXPOSE 8080
# gunicorn drains in-flight requests on SIGTERM for up to GUNICORN_GRACEFUL_TIMEOUT seconds.
STOPSIGNAL SIGTERM
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "run:app"]
