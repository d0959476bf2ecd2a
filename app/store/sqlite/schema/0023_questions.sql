-- What an event asks its buyers (app/domain/offers.py, Question); answers are kept as JSON with
-- the order (asked once per order) and with each ticket (asked of each attendee).
CREATE TABLE questions (
    id TEXT NOT NULL,
    event_id TEXT NOT NULL REFERENCES events (id),
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    choices TEXT NOT NULL DEFAULT '[]',
    required INTEGER NOT NULL DEFAULT 0,
    per_attendee INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (event_id, id)
);
ALTER TABLE orders ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
ALTER TABLE registrations ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';
