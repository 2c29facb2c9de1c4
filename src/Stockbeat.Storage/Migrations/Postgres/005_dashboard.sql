-- Dashboard accounts, the shared ASP.NET Core Data Protection key ring, and sign-in throttling.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'viewer')),
    created       BIGINT  NOT NULL,
    last_login    BIGINT
);

-- Every node reads the same key ring, so a cookie issued by one node is read by all.
CREATE TABLE data_protection_keys (
    name    TEXT    PRIMARY KEY,
    xml     TEXT    NOT NULL,
    created BIGINT  NOT NULL
);

-- One row per throttled subject (an account or a client address), cleared by a successful sign-in.
CREATE TABLE login_throttle (
    subject      TEXT    PRIMARY KEY,
    failures     BIGINT  NOT NULL,
    last_failure BIGINT  NOT NULL
);
