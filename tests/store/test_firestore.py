"""What only the Firestore adapter does (the shared behaviour is in test_contract.py)."""

from __future__ import annotations

from app.domain.repositories import EventQuery
from app.store.firestore import events as adapter
from app.store.firestore.documents import Session
from tests.support.records import T0, event, put


def test_a_search_page_reads_a_bounded_number_of_events(firestore_store, monkeypatch):
    """No substring index in Firestore: `q`/`location` filter an ordered scan, bounded per page;
    a page that reached the bound says where to go on, even with fewer items than asked."""
    monkeypatch.setattr(adapter, "SEARCH_SCAN", 60)
    plain = [event(days=1 + i / 1000, title="Meetup") for i in range(130)]
    wanted = [event(days=2, title="Jazz night"), event(days=3, title="Late jazz")]
    put(firestore_store, *plain, *wanted)
    reads: list[int] = []
    real_query = Session.query

    def counting(self, query):
        docs = real_query(self, query)
        reads.append(len(docs))
        return docs

    monkeypatch.setattr(Session, "query", counting)
    found, cursor, pages = [], None, 0
    while True:
        reads.clear()
        page = firestore_store.read(lambda tx, c=cursor: tx.events.search(
            EventQuery(starts_from=T0, text="jazz", limit=5, cursor=c)))
        assert sum(reads) <= 60  # the bound
        found += [e.id for e in page.items]
        pages += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert found == [e.id for e in wanted]
    assert pages >= 3  # 132 events at 60 a page: the matches come on the last
