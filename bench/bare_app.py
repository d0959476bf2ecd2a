"""The ceiling of this stack: a bare Flask JSON endpoint under the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)
PAYLOAD = {"items": [{"id": str(i), "title": "x" * 20} for i in range(20)], "next_cursor": None}


@app.get("/")
def index() -> dict:
    return PAYLOAD
