"""SQLite adapter: stdlib sqlite3, WAL, one connection per thread.

Write transactions start with BEGIN IMMEDIATE, so SQLite serialises writers across threads and
gunicorn processes: a seat is counted and claimed under that lock, which is what keeps an event
from being oversold. Partial unique indexes back up the one-active-registration and one-review
rules even if a rule in Python were ever wrong. One module per repository; `store.py` holds the
unit of work.
"""

from app.store.sqlite.store import MIGRATIONS, SqliteCredentials, SqliteStore, SqliteTransaction

__all__ = ["MIGRATIONS", "SqliteCredentials", "SqliteStore", "SqliteTransaction"]
