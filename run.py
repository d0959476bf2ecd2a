"""Entry point: `gunicorn run:app` (see deploy/gunicorn.conf.py)."""

from app import create_app

app = create_app()
