-- Seat shards (docs/scaling.md): how many seat counters an event's seats are spread over, and
-- which one a registration's seat is counted in. SQLite has one writer at a time, so here every
-- event keeps its counts on its own row (one shard); the columns keep both stores' records alike.
ALTER TABLE events ADD COLUMN seat_shards INTEGER NOT NULL DEFAULT 1 CHECK (seat_shards >= 1);
ALTER TABLE registrations ADD COLUMN seat_shard INTEGER NOT NULL DEFAULT 0;
