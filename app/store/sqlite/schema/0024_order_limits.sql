-- How many of a ticket type one order takes (app/domain/offers.py, TicketType).
ALTER TABLE ticket_types ADD COLUMN min_per_order INTEGER NOT NULL DEFAULT 1 CHECK (min_per_order >= 1);
ALTER TABLE ticket_types ADD COLUMN max_per_order INTEGER CHECK (max_per_order IS NULL OR max_per_order >= min_per_order);
