-- Promo and access codes (app/domain/offers.py, PromoCode): money off the tickets they apply to,
-- hidden types revealed; each held or confirmed ticket bought with one is a use of it.
CREATE TABLE promo_codes (
    event_id TEXT NOT NULL REFERENCES events (id),
    code TEXT NOT NULL,
    discount_kind TEXT NOT NULL CHECK (discount_kind IN ('percent', 'fixed')),
    discount INTEGER NOT NULL CHECK (discount >= 0),
    type_ids TEXT NOT NULL DEFAULT '[]',
    valid_from TEXT,
    valid_until TEXT,
    max_uses INTEGER CHECK (max_uses IS NULL OR max_uses >= 1),
    used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event_id, code),
    CHECK (discount_kind = 'fixed' OR discount <= 100),
    -- invariant 17: never more uses than allowed, whatever the code above does
    CHECK (max_uses IS NULL OR used <= max_uses)
);
ALTER TABLE ticket_types ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0);
ALTER TABLE registrations ADD COLUMN promo_code TEXT;
ALTER TABLE orders ADD COLUMN discount INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0);
ALTER TABLE orders ADD COLUMN promo_code TEXT;
