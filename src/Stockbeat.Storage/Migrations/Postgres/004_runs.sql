-- Runs as records, the thresholds that judge them, and the insights drawn from them.
ALTER TABLE checks ADD COLUMN error_threshold DOUBLE PRECISION;
ALTER TABLE checks ADD COLUMN min_runtime_s BIGINT;
ALTER TABLE checks ADD COLUMN source TEXT;
ALTER TABLE checks ADD COLUMN destination TEXT;
ALTER TABLE checks ADD COLUMN job_kind TEXT;
ALTER TABLE checks ADD COLUMN rules TEXT;
-- Event-flow monitors: what they expect, and the window being counted.
ALTER TABLE checks ADD COLUMN flow_min_events BIGINT;
ALTER TABLE checks ADD COLUMN flow_window_s BIGINT;
ALTER TABLE checks ADD COLUMN flow_active_hours TEXT;
ALTER TABLE checks ADD COLUMN flow_tz TEXT;
ALTER TABLE checks ADD COLUMN flow_window_start BIGINT;
ALTER TABLE checks ADD COLUMN flow_events BIGINT NOT NULL DEFAULT 0;
ALTER TABLE flips ADD COLUMN detail TEXT;
ALTER TABLE incidents ADD COLUMN detail TEXT;
-- Counts finished runs not yet analysed; the analysis pass clears it only if no new run came meanwhile.
ALTER TABLE checks ADD COLUMN analysis_due BIGINT NOT NULL DEFAULT 0;
CREATE INDEX ix_checks_analysis_due ON checks (id) WHERE analysis_due > 0;

CREATE TABLE runs (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id    BIGINT NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    rid         TEXT,
    started_at  BIGINT,
    finished_at BIGINT,
    outcome     TEXT    NOT NULL,
    exit_status BIGINT,
    reason      TEXT,
    report      TEXT,
    log         TEXT
);
CREATE INDEX ix_runs_check ON runs (check_id, id);
-- Retention deletes by age.
CREATE INDEX ix_runs_finished ON runs (finished_at);
-- A finish looks for the open run it closes; there are few, so this index stays small.
CREATE INDEX ix_runs_open ON runs (check_id) WHERE finished_at IS NULL;

CREATE TABLE insights (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id   BIGINT NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    severity   TEXT    NOT NULL,
    message    TEXT    NOT NULL,
    opened_at  BIGINT NOT NULL,
    cleared_at BIGINT,
    notified   BIGINT
);
CREATE INDEX ix_insights_check ON insights (check_id, id);
-- A condition is recorded once while it lasts.
CREATE UNIQUE INDEX ux_insights_open ON insights (check_id, kind) WHERE cleared_at IS NULL;
