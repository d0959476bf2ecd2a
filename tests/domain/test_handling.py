"""Message handling (app/domain/handling.py): every subscription's effect applies once, in any
order, however often a message is delivered."""

from __future__ import annotations

import sqlite3

from tests.stack import push, sell_out_story, state


def test_every_handler_is_idempotent_and_order_free(local, clock):
    envelopes = local.envelopes(sell_out_story)
    assert set(envelopes) == set(local.config.subscriptions.values())
    start = state(local.store)
    # once, in order
    for sub, batch in envelopes.items():
        for env in batch:
            assert push(local.client, sub, env).status_code == 204
    local.drain()  # the letters the mail topic fanned out, sent
    once = state(local.store)
    audited, mailed = len(local.audit.lines), len(local.mails())
    assert once != start and once[0]  # the story did store notifications
    assert mailed  # and mailed tickets
    # again, twice, in reverse order: nothing changes
    for _ in range(2):
        for sub, batch in envelopes.items():
            for env in reversed(batch):
                assert push(local.client, sub, env).status_code == 204
    local.drain()
    assert state(local.store) == once
    assert len(local.audit.lines) == audited and len(local.mails()) == mailed


def test_reverse_order_first_gives_the_same_state(local, clock, tmp_path):
    envelopes = local.envelopes(sell_out_story)
    for sub, batch in envelopes.items():
        for env in reversed(batch):
            push(local.client, sub, env)
    reversed_state = state(local.store)
    # Undo and replay in order on a copy: same notifications, same sold_out_at.
    def forget(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM notifications")
        conn.execute("DELETE FROM processed_messages")
        conn.execute("UPDATE events SET sold_out_at = NULL")

    local.store.db.write(forget)
    for sub, batch in envelopes.items():
        for env in batch:
            push(local.client, sub, env)
    assert state(local.store) == reversed_state
