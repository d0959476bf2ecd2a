-- Whether a person confirmed their address, and which mail beyond tickets, money and their
-- account they want (app/domain/models.py, User).
ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN mail_reminders INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN mail_announcements INTEGER NOT NULL DEFAULT 1;
