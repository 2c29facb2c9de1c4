-- How far the ping journal has been applied (see the SQLite migration). PostgreSQL stores pings directly, so the
-- row stays absent; the table keeps the two schemas alike for the statements they share.
CREATE TABLE ping_journal (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    applied_through BIGINT NOT NULL
);
