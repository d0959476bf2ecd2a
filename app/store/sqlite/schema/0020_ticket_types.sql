-- Ticket types (app/domain/models.py, TicketType): an event's kinds of ticket, each with its price,
-- sale window and optional cap; a capped type keeps its counts here. An event with no row has the
-- one made from it. A registration names its type (NULL: made before types, the first).
CREATE TABLE ticket_types (
    id TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    price INTEGER NOT NULL CHECK (price >= 0),
    description TEXT NOT NULL DEFAULT '',
    cap INTEGER CHECK (cap IS NULL OR cap >= 0),
    sales_start TEXT,
    sales_end TEXT,
    confirmed_count INTEGER NOT NULL DEFAULT 0 CHECK (confirmed_count >= 0),
    held_count INTEGER NOT NULL DEFAULT 0 CHECK (held_count >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event_id, id),
    -- invariant 1, per type: never more taken than its cap, whatever the code above does
    CHECK (cap IS NULL OR confirmed_count + held_count <= cap)
);
ALTER TABLE registrations ADD COLUMN ticket_type_id TEXT;
CREATE INDEX registrations_by_type ON registrations (event_id, ticket_type_id);
