"""Online backup of the SQLite files while the server runs: `make backup` (or
`python -m app.infra.backup [DEST_DIR]`).

Copying a WAL database with `cp` can catch the main file and its -wal file at different moments;
SQLite's backup API copies one consistent snapshot page by page, while writers go on.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

from app.infra.sqlite import private_file


def backup(source: Path, dest: Path) -> Path:
    """A consistent copy of `source` at `dest` (written aside, then moved into place; 0600)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    private_file(partial)  # owner-only from its first byte, as the files it copies
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    out = sqlite3.connect(partial)
    try:
        src.backup(out, pages=1024)  # in steps: writers are never held for the whole copy
        out.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        if out.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise RuntimeError(f"the copy of {source} failed its integrity check")
    finally:
        out.close()
        src.close()
    partial.replace(dest)
    return dest


def main(argv: list[str]) -> int:
    from app.config import load_config

    config = load_config()
    dest_dir = Path(argv[0]) if argv else config.instance_path / "backups"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for source in (config.database_path, config.instance_path / "bus.db"):
        if source.exists():
            print(backup(source, dest_dir / f"{source.stem}-{stamp}.db"))
    # The generated secrets are not in the databases: without secret_key every token is void,
    # without payments_secret no test checkout page opens. Said, not copied: a backup folder is
    # often less guarded than the instance.
    kept = [config.instance_path / name for name in SECRETS if (config.instance_path / name).exists()]
    if kept:
        print("secrets, not in the backup (copy them somewhere as safe as they are, mode 0600): "
              + ", ".join(str(path) for path in kept))
    return 0


# files load_config generates into the instance when no environment variable sets them
SECRETS = ("secret_key", "push_token", "payments_secret")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
