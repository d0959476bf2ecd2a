-- The bus file's schema of the first release. Never edit a released migration: add the next one.
CREATE TABLE IF NOT EXISTS deliveries (
    subscription TEXT NOT NULL,
    message_id TEXT NOT NULL,
    message TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    available_at TEXT,
    created_at TEXT NOT NULL,
    last_error TEXT,
    PRIMARY KEY (subscription, message_id)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (available_at, created_at);
CREATE TABLE IF NOT EXISTS dead_letters (
    subscription TEXT NOT NULL,
    message_id TEXT NOT NULL,
    message TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    dead_at TEXT NOT NULL,
    PRIMARY KEY (subscription, message_id)
);
