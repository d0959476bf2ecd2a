-- The recommender's records (app/domain/taste.py), each kept whole as JSON: they are read and
-- written whole, by id, and never searched by their fields. An event's content vector is apart,
-- as float32 bytes (a request reads a few hundred, and JSON numbers are slow to parse), and so
-- are its neighbour lists, which ranking a candidate never reads.
CREATE TABLE taste_items (
    event_id TEXT PRIMARY KEY,
    starts_at TEXT NOT NULL,
    vector BLOB NOT NULL,
    co TEXT NOT NULL,
    similar TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX taste_items_by_start ON taste_items (starts_at);
CREATE TABLE taste_people (
    user_id TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE taste_popular (
    key TEXT PRIMARY KEY,
    event_ids TEXT NOT NULL
);
-- the rebuild streams registrations and reviews of recent events
CREATE INDEX IF NOT EXISTS reviews_by_time ON reviews (created_at);
