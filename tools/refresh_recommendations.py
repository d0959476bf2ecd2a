"""`python -m tools.refresh_recommendations`: rebuild the recommender's model once, outside any
request (a Cloud Run job, when the model outgrows the time of /tasks/refresh-recommendations:
docs/scaling.md, section 5). Reads the same settings as the app."""

from __future__ import annotations

import sys

from app.config import load_config
from app.domain import recommendations
from app.store import open_store
from app.timeutil import utcnow


def main() -> int:
    store = open_store(load_config())
    try:
        rebuilt = recommendations.rebuild(store, utcnow())
    finally:
        store.close()
    print(f"learnt {rebuilt.events} events and {rebuilt.people} people; forgot {rebuilt.forgotten}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
