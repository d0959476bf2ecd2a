-- Sign-in throttling per account and address, and pacing per account (app/domain/signin.py):
-- when the last attempt at a key was taken.
ALTER TABLE login_attempts ADD COLUMN last_attempt_at TEXT;
