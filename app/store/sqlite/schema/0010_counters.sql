-- Counters of per-address request limits and per-account quotas (app/domain/quotas.py), shared by
-- every worker and process: each counts in a fixed window that ends at expires_at.
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY,  -- a hash or an id, never an address or an email as typed
    count INTEGER NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS counters_expiry ON counters (expires_at);
