-- The schema of the first release. Never edit a released migration: add the next one.
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    username TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email ON users (lower(email));
CREATE UNIQUE INDEX IF NOT EXISTS users_username ON users (lower(username));

CREATE TABLE IF NOT EXISTS credentials (
    user_id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS credentials_email ON credentials (lower(email));

CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    organizer_id TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT,
    timezone TEXT NOT NULL,
    location TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    price INTEGER NOT NULL CHECK (price >= 0),
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    confirmed_count INTEGER NOT NULL DEFAULT 0,
    waitlist_count INTEGER NOT NULL DEFAULT 0,
    review_count INTEGER NOT NULL DEFAULT 0,
    rating_sum INTEGER NOT NULL DEFAULT 0,
    sold_out_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (confirmed_count <= capacity)
);
CREATE INDEX IF NOT EXISTS events_upcoming ON events (status, starts_at, id);
CREATE INDEX IF NOT EXISTS events_organizer ON events (organizer_id, status, starts_at, id);

CREATE TABLE IF NOT EXISTS registrations (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id),
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    ticket_code TEXT NOT NULL UNIQUE,
    checked_in_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS registrations_active
    ON registrations (event_id, user_id) WHERE status IN ('confirmed', 'waitlisted');
CREATE INDEX IF NOT EXISTS registrations_event ON registrations (event_id, status, created_at, id);
CREATE INDEX IF NOT EXISTS registrations_event_all ON registrations (event_id, created_at, id);
CREATE INDEX IF NOT EXISTS registrations_user ON registrations (user_id, created_at, id);

CREATE TABLE IF NOT EXISTS reviews (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id),
    user_id TEXT NOT NULL,
    username TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (event_id, user_id)
);
CREATE INDEX IF NOT EXISTS reviews_event ON reviews (event_id, created_at, id);

CREATE TABLE IF NOT EXISTS notifications (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- order of storing: the live stream's position
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    event_id TEXT,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX IF NOT EXISTS notifications_user ON notifications (user_id, created_at, id);
CREATE INDEX IF NOT EXISTS notifications_unread ON notifications (user_id, created_at, id)
    WHERE read_at IS NULL;
CREATE INDEX IF NOT EXISTS notifications_stream ON notifications (user_id, seq);

CREATE TABLE IF NOT EXISTS processed_messages (
    subscription TEXT NOT NULL,
    message_id TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    occurred_at TEXT,
    PRIMARY KEY (subscription, message_id)
);

CREATE TABLE IF NOT EXISTS outbox (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    available_at TEXT,  -- NULL: due now, else when a lease or backoff ends
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS outbox_available ON outbox (available_at, created_at);
