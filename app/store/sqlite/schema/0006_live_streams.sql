-- Open notification streams, for the per-person cap across workers (each ends by `until`).
CREATE TABLE IF NOT EXISTS live_streams (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    until TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS live_streams_user ON live_streams (user_id);
