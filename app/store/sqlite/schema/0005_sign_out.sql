-- Sign-out everywhere: tokens issued before this instant are refused (app/domain/accounts.py).
ALTER TABLE users ADD COLUMN tokens_valid_after TEXT;
