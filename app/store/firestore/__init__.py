"""Cloud Firestore adapter (firebase-admin): one module per repository, `store.py` the unit of
work, `seat_counters.py` how a large event's seats are spread over counters.

Every rule runs in a Firestore transaction. Uniqueness is held by documents with deterministic
ids that the transaction reads and then writes (emails, usernames, one active registration per
person and event, one review per person and event, processed messages), never by a query
followed by a blind write."""

from app.store.firestore.store import FirestoreCredentials, FirestoreStore, FirestoreTransaction

__all__ = ["FirestoreCredentials", "FirestoreStore", "FirestoreTransaction"]
