-- Escalation policies, deliveries, incident timelines, maintenance windows and dependencies.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE policies (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid           TEXT    NOT NULL UNIQUE,
    project_id     BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    steps          TEXT    NOT NULL,
    repeat_every_s BIGINT,
    is_default     BIGINT NOT NULL,
    created        BIGINT NOT NULL
);

ALTER TABLE checks ADD COLUMN policy_id BIGINT REFERENCES policies (id) ON DELETE SET NULL;
-- Set while a down monitor waits for its incident (suppressed by a maintenance window).
ALTER TABLE checks ADD COLUMN incident_pending BIGINT NOT NULL DEFAULT 0;
CREATE INDEX ix_checks_incident_pending ON checks (id) WHERE incident_pending = 1;

ALTER TABLE incidents ADD COLUMN steps TEXT;
ALTER TABLE incidents ADD COLUMN repeat_every_s BIGINT;
ALTER TABLE incidents ADD COLUMN step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incidents ADD COLUMN next_step_at BIGINT;
ALTER TABLE incidents ADD COLUMN acknowledged BIGINT;
ALTER TABLE incidents ADD COLUMN acknowledged_by TEXT;
ALTER TABLE incidents ADD COLUMN parent_id BIGINT REFERENCES incidents (id) ON DELETE SET NULL;
CREATE INDEX ix_incidents_next_step ON incidents (next_step_at) WHERE next_step_at IS NOT NULL;
CREATE INDEX ix_incidents_parent ON incidents (parent_id) WHERE parent_id IS NOT NULL;

-- One row per (incident, step, channel, kind): the unique key makes every delivery happen once.
-- channel_id is 0 for automated actions and their undo.
CREATE TABLE deliveries (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id  BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    step         BIGINT NOT NULL,
    channel_id   BIGINT NOT NULL,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    attempts     BIGINT NOT NULL,
    next_attempt BIGINT,
    payload      TEXT,
    last_error   TEXT,
    created      BIGINT NOT NULL,
    sent         BIGINT,
    UNIQUE (incident_id, step, channel_id, kind)
);
CREATE INDEX ix_deliveries_due ON deliveries (next_attempt) WHERE status = 'pending';

CREATE TABLE incident_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at          BIGINT NOT NULL,
    kind        TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX ix_incident_events ON incident_events (incident_id, id);

CREATE TABLE maintenance_windows (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid       TEXT    NOT NULL UNIQUE,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    starts     BIGINT,
    ends       BIGINT,
    schedule   TEXT,
    tz         TEXT,
    duration_s BIGINT,
    checks     TEXT    NOT NULL,
    tags       TEXT    NOT NULL,
    created    BIGINT NOT NULL
);

CREATE TABLE check_dependencies (
    check_id    BIGINT NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    upstream_id BIGINT NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    PRIMARY KEY (check_id, upstream_id)
);
