-- What an event is about (app/domain/catalog.py): its category, and its tags as a JSON array of
-- normalised words (filtered with json_each).
ALTER TABLE events ADD COLUMN category TEXT NOT NULL DEFAULT 'other';
ALTER TABLE events ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE INDEX IF NOT EXISTS events_category ON events (status, category, starts_at);
