-- What a person chose to be shown more of, and whether lists may be ordered for them at all
-- (app/domain/models.py, User): categories and normalised tags as JSON arrays.
ALTER TABLE users ADD COLUMN interest_categories TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN interest_tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE users ADD COLUMN personalised INTEGER NOT NULL DEFAULT 1;
