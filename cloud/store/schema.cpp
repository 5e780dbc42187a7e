#include "cloud/store/schema.h"

namespace printlink::cloud {
namespace {

// Times are seconds since the epoch (UTC). Secrets are stored only as SHA-256 hex digests.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'user')),
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);

CREATE TABLE printers (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT NOT NULL,
    model              TEXT NOT NULL,
    uuid               TEXT NOT NULL UNIQUE,
    token_sha256       TEXT NOT NULL UNIQUE,
    registered_at      INTEGER NOT NULL,
    output_device_uuid TEXT,
    last_seen_at       INTEGER
);

-- The Output Device's printer attributes exactly as last sent, one row per attribute
-- (JSON: value tag and values); rowid order is the order they first arrived in.
CREATE TABLE device_attributes (
    printer_id INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (printer_id, name)
);

CREATE TABLE firmware_requests (
    id              INTEGER PRIMARY KEY,
    printer_id      INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,
    component       TEXT NOT NULL,
    target_version  TEXT NOT NULL,
    start_at        INTEGER NOT NULL,  -- 0 = now
    requested_by    TEXT NOT NULL,
    requested_at    INTEGER NOT NULL,
    acknowledged_at INTEGER            -- NULL while pending
);
CREATE UNIQUE INDEX firmware_requests_one_pending
    ON firmware_requests (printer_id) WHERE acknowledged_at IS NULL;

CREATE TABLE subscriptions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    printer_id        INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,
    events            TEXT NOT NULL,   -- JSON array of notify-events keywords
    owner             TEXT NOT NULL,
    charset           TEXT NOT NULL,
    natural_language  TEXT NOT NULL,
    user_data         BLOB,
    lease_seconds     INTEGER NOT NULL,  -- 0 = infinite
    expires_at        INTEGER NOT NULL,  -- 0 = never
    last_sequence     INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);

CREATE TABLE events (
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    sequence         INTEGER NOT NULL,
    subscribed_event TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    up_time          INTEGER NOT NULL,
    text             TEXT NOT NULL,
    printer_state    INTEGER NOT NULL,
    state_reasons    TEXT NOT NULL,    -- JSON array of keywords
    accepting_jobs   INTEGER NOT NULL,
    PRIMARY KEY (subscription_id, sequence)
);
CREATE INDEX events_by_age ON events (created_at);
)sql";

constexpr const char* const kMigrations[] = {kVersion1};

}  // namespace

std::span<const char* const> schema_migrations() {
    return kMigrations;
}

}  // namespace printlink::cloud
