-- One ticket of a paid order given back alone (app/domain/payment_rules.py, refund_ticket): the
-- payment keeps what was given back in parts, never more than was paid (invariant 18).
ALTER TABLE payments ADD COLUMN refunded_part INTEGER NOT NULL DEFAULT 0
    CHECK (refunded_part >= 0 AND refunded_part <= amount);
ALTER TABLE registrations ADD COLUMN refunded_at TEXT;
