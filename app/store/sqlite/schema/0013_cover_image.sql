-- An event's cover image (app/domain/covers.py): the files live in the file store, keyed by
-- the event and `image_id` (a content hash); the row keeps what a page needs to lay them out.
ALTER TABLE events ADD COLUMN image_id TEXT;
ALTER TABLE events ADD COLUMN image_width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN image_height INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN image_alt TEXT NOT NULL DEFAULT '';
