-- Paid tickets (docs/payments.md): seats held while their buyers pay, one payment per
-- registration of a paid event, the event's refund policy and sales figures.
ALTER TABLE events ADD COLUMN held_count INTEGER NOT NULL DEFAULT 0 CHECK (held_count >= 0);
ALTER TABLE events ADD COLUMN refund_hours_before INTEGER DEFAULT 0;
ALTER TABLE events ADD COLUMN paid_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN paid_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN refunded_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN refunded_amount INTEGER NOT NULL DEFAULT 0;

-- Holds and confirmed tickets together never pass capacity (invariant 1), whatever Python does.
CREATE TRIGGER IF NOT EXISTS events_never_oversold
BEFORE UPDATE OF capacity, confirmed_count, held_count ON events
WHEN NEW.confirmed_count + NEW.held_count > NEW.capacity
BEGIN
    SELECT RAISE(ABORT, 'seats taken exceed capacity');
END;

ALTER TABLE registrations ADD COLUMN hold_expires_at TEXT;
-- A hold is an active registration too (invariant 2).
DROP INDEX IF EXISTS registrations_active;
CREATE UNIQUE INDEX IF NOT EXISTS registrations_active
    ON registrations (event_id, user_id) WHERE status IN ('confirmed', 'waitlisted', 'pending_payment');
CREATE INDEX IF NOT EXISTS registrations_holds
    ON registrations (hold_expires_at, id) WHERE status = 'pending_payment';

CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY,  -- the registration's id
    event_id TEXT NOT NULL REFERENCES events (id),
    user_id TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    provider TEXT,
    checkout_id TEXT,
    checkout_url TEXT,
    provider_payment_id TEXT,
    paid_at TEXT,
    refund_id TEXT,
    refunded_at TEXT,
    refund_reason TEXT
);
CREATE INDEX IF NOT EXISTS payments_event ON payments (event_id, status);
