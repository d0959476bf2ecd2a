"""`python -m app.jobs refresh-recommendations [--at ISO]`: work too long for a request or a
worker, run as its own process. The embedded default's dispatcher starts it when a rebuild of the
recommender is due (app/infra/background.py); on Google Cloud, a Cloud Run job may
(docs/scaling.md, section 5). Reads the same settings as the app."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from app.config import load_config
from app.domain import recommendations
from app.store import open_store
from app.timeutil import to_utc, utcnow


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.jobs")
    parser.add_argument("job", choices=["refresh-recommendations"])
    parser.add_argument("--at", type=datetime.fromisoformat, default=None,
                        help="the time to rebuild as of (the app's clock); now by default")
    args = parser.parse_args(argv)
    store = open_store(load_config())
    try:
        rebuilt = recommendations.rebuild(store, to_utc(args.at) if args.at else utcnow())
    finally:
        store.close()
    print(f"recommendations: learnt {rebuilt.events} events and {rebuilt.people} people, "
          f"forgot {rebuilt.forgotten}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
