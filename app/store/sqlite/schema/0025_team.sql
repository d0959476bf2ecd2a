-- The team that helps run an event (app/domain/roles.py): a member per person and event, and the
-- places offered by mail until their link is used or withdrawn.
CREATE TABLE team_members (
    event_id TEXT NOT NULL REFERENCES events (id),
    user_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('manager', 'door')),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (event_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members (user_id, added_at, event_id);
CREATE TABLE team_invitations (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id),
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('manager', 'door')),
    invited_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX team_invitations_by_event ON team_invitations (event_id, created_at);
