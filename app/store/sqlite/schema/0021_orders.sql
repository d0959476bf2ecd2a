-- Orders of several tickets (app/domain/models.py, Order), written once when placed; their
-- tickets are registrations that name the order and whom each is for.
CREATE TABLE orders (
    id TEXT PRIMARY KEY,  -- its first ticket's id, and its payment's
    event_id TEXT NOT NULL REFERENCES events (id),
    user_id TEXT NOT NULL,
    ticket_count INTEGER NOT NULL CHECK (ticket_count >= 1),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    currency TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX orders_of_user ON orders (user_id, created_at, id);

ALTER TABLE registrations ADD COLUMN order_id TEXT;
ALTER TABLE registrations ADD COLUMN attendee_name TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN attendee_email TEXT NOT NULL DEFAULT '';
ALTER TABLE registrations ADD COLUMN price INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0);
CREATE INDEX registrations_of_order ON registrations (order_id) WHERE order_id IS NOT NULL;
-- Invariant 2 with orders: one active ticket bought alone, or order (its first ticket), per
-- person and event; the other tickets of an order are for the people its buyer named.
DROP INDEX IF EXISTS registrations_active;
CREATE UNIQUE INDEX registrations_active ON registrations (event_id, user_id)
    WHERE status IN ('confirmed', 'waitlisted', 'pending_payment') AND (order_id IS NULL OR order_id = id);
