-- How many tickets one order of an event may have (app/domain/models.py, Event.max_per_order):
-- the organizer's choice, at most the platform's 10.
ALTER TABLE events ADD COLUMN max_per_order INTEGER NOT NULL DEFAULT 10 CHECK (max_per_order BETWEEN 1 AND 10);
