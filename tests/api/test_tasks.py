"""The scheduled routes (app/api/tasks.py): only the scheduler may call them, each call does a
bounded amount of work, and calling again (or twice at once) publishes nothing twice."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace

from app import create_app
from app.domain import messages as m
from tests.conftest import PUSH_TOKEN, fast_auth, make_config
from tests.support.oidc import AUDIENCE, token

RELAY = "/tasks/relay-outbox"


def _emit(store, clock, n: int) -> list[str]:
    messages = [m.new_message(m.EVENT_CREATED, "u1", clock.now, event_id=f"e{i}") for i in range(n)]

    def write(tx):
        for message in messages:
            tx.emit(message)

    store.run(write)
    return [message.id for message in messages]


def _published_ids(bus) -> Counter[str]:
    # each message goes to two topics (audit, capacity): count one topic
    return Counter(message.id for message in bus.messages("notification-topic"))


def test_only_the_scheduler_may_sweep_the_outbox(client, store, bus, clock):
    _emit(store, clock, 3)
    assert client.post(RELAY).status_code == 401
    assert client.get(RELAY, headers={"X-Appengine-Cron": "true"}).status_code == 401  # not on App Engine
    assert client.post(f"{RELAY}?token=not-the-push-token").status_code in (401, 403)
    assert client.get(RELAY, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert not bus.published  # refused calls published nothing
    assert client.post(f"{RELAY}?token={PUSH_TOKEN}").get_json() == {"published": 3, "more": False}


def test_app_engine_cron_may_sweep_there(app, client, store, bus, clock):
    services = app.extensions["events"]
    app.extensions["events"] = replace(services, config=replace(services.config, app_engine=True))
    _emit(store, clock, 1)
    assert client.get(RELAY, headers={"X-Appengine-Cron": "true"}).get_json()["published"] == 1


def test_cloud_scheduler_with_an_oidc_token_may_sweep(tmp_path, store, bus, clock, oidc):
    app = create_app(make_config(tmp_path), store=store, auth=fast_auth(store), bus=bus, clock=clock,
                     push_auth=oidc)
    client = app.test_client()
    _emit(store, clock, 2)
    assert client.post(RELAY, headers={"Authorization": f"Bearer {token(aud='other')}"}).status_code == 401
    assert not bus.published
    answer = client.post(RELAY, headers={"Authorization": f"Bearer {token()}"})
    assert answer.status_code == 200 and answer.get_json()["published"] == 2
    assert AUDIENCE.endswith("/pubsub")  # the same audience as pushes: one identity for the bus


def test_each_call_does_bounded_work_and_nothing_goes_out_twice(client, store, bus, clock):
    ids = _emit(store, clock, 650)
    first = client.post(f"{RELAY}?token={PUSH_TOKEN}").get_json()
    assert first == {"published": 500, "more": True}
    second = client.post(f"{RELAY}?token={PUSH_TOKEN}").get_json()
    assert second == {"published": 150, "more": False}
    assert client.post(f"{RELAY}?token={PUSH_TOKEN}").get_json() == {"published": 0, "more": False}
    published = _published_ids(bus)
    assert set(published) == set(ids) and max(published.values()) == 1


def test_sweeps_at_once_share_the_work(app, store, bus, clock):
    ids = _emit(store, clock, 400)
    answers: list[int] = []

    def sweep() -> None:
        answers.append(app.test_client().post(f"{RELAY}?token={PUSH_TOKEN}").get_json()["published"])

    threads = [threading.Thread(target=sweep) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    published = _published_ids(bus)
    assert sum(answers) == 400 and set(published) == set(ids) and max(published.values()) == 1
