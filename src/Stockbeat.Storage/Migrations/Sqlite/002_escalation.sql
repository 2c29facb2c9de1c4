-- Escalation policies, deliveries, incident timelines, maintenance windows and dependencies.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE policies (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT    NOT NULL UNIQUE,
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    steps          TEXT    NOT NULL,
    repeat_every_s INTEGER,
    is_default     INTEGER NOT NULL,
    created        INTEGER NOT NULL
);

ALTER TABLE checks ADD COLUMN policy_id INTEGER REFERENCES policies (id) ON DELETE SET NULL;
-- Set while a down monitor waits for its incident (suppressed by a maintenance window).
ALTER TABLE checks ADD COLUMN incident_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_checks_incident_pending ON checks (id) WHERE incident_pending = 1;

ALTER TABLE incidents ADD COLUMN steps TEXT;
ALTER TABLE incidents ADD COLUMN repeat_every_s INTEGER;
ALTER TABLE incidents ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN next_step_at INTEGER;
ALTER TABLE incidents ADD COLUMN acknowledged INTEGER;
ALTER TABLE incidents ADD COLUMN acknowledged_by TEXT;
ALTER TABLE incidents ADD COLUMN parent_id INTEGER REFERENCES incidents (id) ON DELETE SET NULL;
CREATE INDEX ix_incidents_next_step ON incidents (next_step_at) WHERE next_step_at IS NOT NULL;
CREATE INDEX ix_incidents_parent ON incidents (parent_id) WHERE parent_id IS NOT NULL;

-- One row per (incident, step, channel, kind): the unique key makes every delivery happen once.
-- channel_id is 0 for automated actions and their undo.
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    step         INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    attempts     INTEGER NOT NULL,
    next_attempt INTEGER,
    payload      TEXT,
    last_error   TEXT,
    created      INTEGER NOT NULL,
    sent         INTEGER,
    UNIQUE (incident_id, step, channel_id, kind)
);
CREATE INDEX ix_deliveries_due ON deliveries (next_attempt) WHERE status = 'pending';

CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX ix_incident_events ON incident_events (incident_id, id);

CREATE TABLE maintenance_windows (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT    NOT NULL UNIQUE,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    starts     INTEGER,
    ends       INTEGER,
    schedule   TEXT,
    tz         TEXT,
    duration_s INTEGER,
    checks     TEXT    NOT NULL,
    tags       TEXT    NOT NULL,
    created    INTEGER NOT NULL
);

CREATE TABLE check_dependencies (
    check_id    INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    upstream_id INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    PRIMARY KEY (check_id, upstream_id)
);
