-- Times are UTC milliseconds since the Unix epoch; booleans are 0/1; ids in URLs are text UUIDs.
CREATE TABLE projects (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT    NOT NULL,
    ping_key_hash TEXT    UNIQUE,
    created       BIGINT  NOT NULL
);

CREATE TABLE api_keys (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id BIGINT  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    key_hash   TEXT    NOT NULL UNIQUE,
    read_only  BIGINT  NOT NULL,
    created    BIGINT  NOT NULL,
    revoked    BIGINT
);

CREATE TABLE checks (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid             TEXT    NOT NULL UNIQUE,
    project_id       BIGINT  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name             TEXT    NOT NULL,
    slug             TEXT    NOT NULL,
    tags             TEXT    NOT NULL,
    description      TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    timeout_s        BIGINT  NOT NULL,
    schedule         TEXT    NOT NULL,
    tz               TEXT    NOT NULL,
    grace_s          BIGINT  NOT NULL,
    max_runtime_s    BIGINT,
    manual_resume    BIGINT  NOT NULL,
    methods          TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    last_ping        BIGINT,
    last_start       BIGINT,
    last_start_rid   TEXT,
    last_duration_ms BIGINT,
    n_pings          BIGINT  NOT NULL,
    deadline         BIGINT,
    created          BIGINT  NOT NULL,
    version          BIGINT  NOT NULL
);
CREATE INDEX ix_checks_project_slug ON checks (project_id, slug);
-- The sweep reads only due rows; down and new monitors have no deadline and stay out of the index.
CREATE INDEX ix_checks_deadline ON checks (deadline) WHERE deadline IS NOT NULL;

CREATE TABLE pings (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id    BIGINT  NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    n           BIGINT  NOT NULL,
    kind        TEXT    NOT NULL,
    created     BIGINT  NOT NULL,
    exit_status BIGINT,
    rid         TEXT,
    method      TEXT    NOT NULL,
    remote_addr TEXT    NOT NULL,
    scheme      TEXT    NOT NULL,
    ua          TEXT    NOT NULL,
    body        BYTEA,
    duration_ms BIGINT
);
CREATE UNIQUE INDEX ux_pings_check_n ON pings (check_id, n);

CREATE TABLE flips (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id   BIGINT  NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    created    BIGINT  NOT NULL,
    old_status TEXT    NOT NULL,
    new_status TEXT    NOT NULL,
    reason     TEXT    NOT NULL,
    processed  BIGINT
);
CREATE INDEX ix_flips_check ON flips (check_id, created);
CREATE INDEX ix_flips_unprocessed ON flips (id) WHERE processed IS NULL;

CREATE TABLE incidents (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    check_id BIGINT  NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    opened   BIGINT  NOT NULL,
    reason   TEXT    NOT NULL,
    severity TEXT    NOT NULL,
    state    TEXT    NOT NULL,
    resolved BIGINT
);
-- One open incident per monitor: a repeated failure of a monitor that is already down opens nothing new.
CREATE UNIQUE INDEX ux_incidents_open ON incidents (check_id) WHERE state = 'open';

CREATE TABLE channels (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid          TEXT    NOT NULL UNIQUE,
    project_id    BIGINT  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    config        TEXT    NOT NULL,
    created       BIGINT  NOT NULL,
    last_error    TEXT,
    last_error_at BIGINT
);

CREATE TABLE check_channels (
    check_id   BIGINT  NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    channel_id BIGINT  NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
    PRIMARY KEY (check_id, channel_id)
);
