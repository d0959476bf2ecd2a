-- The terms a ticket was sold under (docs/payments.md): a payment keeps the refund policy of its
-- event when its seat was taken, and an event records when its start was last moved (tickets
-- bought before that may be cancelled with a refund whatever their policy).
ALTER TABLE payments ADD COLUMN refund_hours_before INTEGER DEFAULT 0;
UPDATE payments SET refund_hours_before = (
    SELECT events.refund_hours_before FROM events WHERE events.id = payments.event_id);
ALTER TABLE events ADD COLUMN starts_moved_at TEXT;
