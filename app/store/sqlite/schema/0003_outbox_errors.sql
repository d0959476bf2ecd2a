-- The outbox keeps why its last publish failed, as the local bus's deliveries do (both are one
-- leased queue, app/infra/leased_queue.py).
ALTER TABLE outbox ADD COLUMN last_error TEXT;
