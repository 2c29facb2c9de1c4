-- Pings stored in monitor order (the table is its (check_id, n) key): a ping and the pruning of the monitor's oldest
-- one then touch the same page or two, where a row-id table with an index on (check_id, n) touched four pages at
-- random, each rewritten to the log on commit. Pings are only ever read by monitor and number.
CREATE TABLE pings_by_monitor (
    check_id    INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    n           INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    exit_status INTEGER,
    rid         TEXT,
    method      TEXT    NOT NULL,
    remote_addr TEXT    NOT NULL,
    scheme      TEXT    NOT NULL,
    ua          TEXT    NOT NULL,
    body        BLOB,
    duration_ms INTEGER,
    PRIMARY KEY (check_id, n)
) WITHOUT ROWID;

INSERT INTO pings_by_monitor (check_id, n, kind, created, exit_status, rid, method, remote_addr, scheme, ua, body, duration_ms)
SELECT check_id, n, kind, created, exit_status, rid, method, remote_addr, scheme, ua, body, duration_ms FROM pings;

DROP TABLE pings;
ALTER TABLE pings_by_monitor RENAME TO pings;
