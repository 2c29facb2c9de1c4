-- How far the ping journal has been applied: a byte position in the journal, written in the same transaction as
-- the pings before it, so a restart replays exactly the pings after it. One row.
CREATE TABLE ping_journal (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    applied_through INTEGER NOT NULL
);
