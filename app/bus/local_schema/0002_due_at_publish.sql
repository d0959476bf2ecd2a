-- A delivery is due from the moment it was published (it was NULL, "due now"): the queue's claim
-- is then one indexed range on available_at, as on the outbox.
UPDATE deliveries SET available_at = created_at WHERE available_at IS NULL;
