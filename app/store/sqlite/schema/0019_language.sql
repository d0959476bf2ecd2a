-- The language a person chose for their mail and screens (app/domain/models.py, User.language):
-- 'en', 'ru' or 'kk'; NULL: each device's own.
ALTER TABLE users ADD COLUMN language TEXT;
