-- Who finds an event (app/domain/models.py, Visibility): public events are listed to everyone,
-- unlisted ones to their organizer alone; both are readable by anyone with the link.
ALTER TABLE events ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public'
    CHECK (visibility IN ('public', 'unlisted'));
