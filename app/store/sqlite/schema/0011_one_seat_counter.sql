-- The embedded store keeps each event's seats in one counter, the event's row: the number of
-- counters is the Firestore adapter's own business (app/store/firestore/seat_counters.py).
-- A registration records the counter its seat came from only where a store has several.
ALTER TABLE events DROP COLUMN seat_shards;
ALTER TABLE registrations DROP COLUMN seat_shard;
ALTER TABLE registrations ADD COLUMN seat_counter INTEGER;
