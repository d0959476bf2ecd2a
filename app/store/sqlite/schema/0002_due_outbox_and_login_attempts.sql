-- Outbox rows are due from the time of their change, on the app's clock: rows written by the
-- first release (available_at NULL, meaning "due now") get that time.
UPDATE outbox SET available_at = created_at WHERE available_at IS NULL;

-- Sign-in attempts per account, shared by every worker and process (the lockout rule).
CREATE TABLE IF NOT EXISTS login_attempts (
    key TEXT PRIMARY KEY,  -- a hash of the account's normalised email, never the email itself
    attempts INTEGER NOT NULL,
    window_start TEXT NOT NULL
);
