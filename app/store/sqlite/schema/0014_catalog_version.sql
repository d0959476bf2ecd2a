-- What every reader sees of the catalog (events, their seats and figures, their organizers'
-- names) has a version, bumped in the same transaction as any change to it, so a worker may
-- keep an answer built at one version for as long as the version stays (app/infra/answers.py).
CREATE TABLE catalog_version (n INTEGER NOT NULL);
INSERT INTO catalog_version (n) VALUES (0);
CREATE TRIGGER catalog_event_added AFTER INSERT ON events BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_event_changed AFTER UPDATE ON events BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_event_removed AFTER DELETE ON events BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_name_changed AFTER UPDATE OF username ON users
    WHEN OLD.username IS NOT NEW.username BEGIN UPDATE catalog_version SET n = n + 1; END;
CREATE TRIGGER catalog_person_removed AFTER DELETE ON users BEGIN UPDATE catalog_version SET n = n + 1; END;
