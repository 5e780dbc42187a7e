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

// Print jobs (cloud/jobs/job.h): the ticket as sent (JSON), one document whose bytes are in
// the spool directory beside this file, and what the assigned Output Device last reported.
constexpr const char* kJobs = R"sql(
CREATE TABLE jobs (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    printer_id             INTEGER NOT NULL REFERENCES printers (id) ON DELETE CASCADE,
    uuid                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    owner                  TEXT NOT NULL,
    state                  INTEGER NOT NULL,
    state_reasons          TEXT NOT NULL,            -- JSON array of keywords
    state_message          TEXT NOT NULL DEFAULT '',
    ticket                 TEXT NOT NULL,            -- JSON array of {name, value}
    document_count         INTEGER NOT NULL DEFAULT 0,
    document_format        TEXT NOT NULL DEFAULT '',
    document_name          TEXT NOT NULL DEFAULT '',
    document_octets        INTEGER NOT NULL DEFAULT 0,
    document_fetchable     INTEGER NOT NULL DEFAULT 0,
    document_acknowledged  INTEGER NOT NULL DEFAULT 0,
    cancel_requested       INTEGER NOT NULL DEFAULT 0,
    device_uuid            TEXT NOT NULL DEFAULT '',  -- '' = not assigned
    device_state           INTEGER NOT NULL DEFAULT 0,
    device_reasons         TEXT NOT NULL DEFAULT '[]',
    device_message         TEXT NOT NULL DEFAULT '',
    impressions_completed  INTEGER NOT NULL DEFAULT 0,
    pages_completed        INTEGER NOT NULL DEFAULT 0,
    media_sheets_completed INTEGER NOT NULL DEFAULT 0,
    created_at             INTEGER NOT NULL,
    processing_at          INTEGER NOT NULL DEFAULT 0,
    completed_at           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jobs_by_printer ON jobs (printer_id, id);
)sql";

// Device registration (RFC 8628 grant, Register-Output-Device; cloud/registration/): codes
// waiting for a decision, and the device tokens they issued (digests only).
constexpr const char* kDeviceRegistration = R"sql(
CREATE TABLE device_grants (
    id                 INTEGER PRIMARY KEY,
    device_code_sha256 TEXT NOT NULL UNIQUE,
    user_code          TEXT NOT NULL UNIQUE,
    client_id          TEXT NOT NULL,
    scope              TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL,
    interval_seconds   INTEGER NOT NULL,
    last_polled_at     INTEGER NOT NULL DEFAULT 0,
    state              TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'denied', 'issued')),
    decided_by         INTEGER NOT NULL DEFAULT 0,  -- users.id; 0 while pending
    printer_name       TEXT NOT NULL DEFAULT ''
);

CREATE TABLE device_tokens (
    id            INTEGER PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,
    owner_user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    printer_id    INTEGER REFERENCES printers (id) ON DELETE CASCADE,  -- NULL until registered
    printer_name  TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER                                              -- NULL while valid
);
CREATE INDEX device_tokens_by_printer ON device_tokens (printer_id);
)sql";

// Identify-Printer requests waiting for the Proxy's Acknowledge-Identify-Printer (PWG
// 5100.18 §4.1.5, §5.2): only the latest per printer is kept, so the printer is the key.
constexpr const char* kIdentifyRequests = R"sql(
CREATE TABLE identify_requests (
    printer_id         INTEGER PRIMARY KEY REFERENCES printers (id) ON DELETE CASCADE,
    actions            TEXT NOT NULL,             -- JSON array of identify-actions keywords
    message            TEXT NOT NULL DEFAULT '',
    requested_by       TEXT NOT NULL,             -- cloud user name
    output_device_uuid TEXT NOT NULL DEFAULT '',  -- the device it was meant for
    requested_at       INTEGER NOT NULL
);
)sql";

// Subscriptions of cloud accounts and per-job subscriptions (RFC 3995), and events that carry
// their job (RFC 3996 Table 4, PWG 5100.18 Table 12). Every subscription made before this
// version was a device's (only the Proxy role could subscribe), and every event recorded
// before it reads as a printer event (job_id 0), which is what it was rendered as.
constexpr const char* kSubscriptionOwnersAndJobEvents = R"sql(
ALTER TABLE subscriptions ADD COLUMN owner_kind TEXT NOT NULL DEFAULT 'device'
    CHECK (owner_kind IN ('device', 'account'));
ALTER TABLE subscriptions ADD COLUMN job_id INTEGER NOT NULL DEFAULT 0;        -- 0 = per-printer
ALTER TABLE subscriptions ADD COLUMN job_ended_at INTEGER NOT NULL DEFAULT 0;  -- 0 = not ended
CREATE INDEX subscriptions_by_printer ON subscriptions (printer_id, job_id);

ALTER TABLE events ADD COLUMN occurred_event TEXT NOT NULL DEFAULT '';   -- '' = subscribed_event
ALTER TABLE events ADD COLUMN job_id INTEGER NOT NULL DEFAULT 0;         -- 0 = a printer event
ALTER TABLE events ADD COLUMN job_uuid TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN job_state INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN job_state_reasons TEXT NOT NULL DEFAULT '[]';  -- JSON array
ALTER TABLE events ADD COLUMN job_impressions_completed INTEGER NOT NULL DEFAULT 0;
)sql";

// An administrator may withdraw a firmware update (docs/protocol.md §3.1): a pending request
// is withdrawn at once ('done'); an acknowledged one is 'waiting' until the device's reported
// printer-firmware-update-state says it stopped ('done') or the installer had already claimed
// the image ('refused', with the reason in withdrawal_message). A withdrawn request is no
// longer pending, so the one-pending index leaves it out.
constexpr const char* kFirmwareWithdrawal = R"sql(
ALTER TABLE firmware_requests ADD COLUMN withdrawn_at INTEGER;  -- NULL unless withdrawn
ALTER TABLE firmware_requests ADD COLUMN withdrawn_by TEXT NOT NULL DEFAULT '';
ALTER TABLE firmware_requests ADD COLUMN withdrawal TEXT NOT NULL DEFAULT ''
    CHECK (withdrawal IN ('', 'waiting', 'done', 'refused'));
ALTER TABLE firmware_requests ADD COLUMN withdrawal_message TEXT NOT NULL DEFAULT '';
DROP INDEX firmware_requests_one_pending;
CREATE UNIQUE INDEX firmware_requests_one_pending
    ON firmware_requests (printer_id) WHERE acknowledged_at IS NULL AND withdrawn_at IS NULL;
)sql";

constexpr const char* const kMigrations[] = {kVersion1,
                                             kJobs,
                                             kDeviceRegistration,
                                             kIdentifyRequests,
                                             kSubscriptionOwnersAndJobEvents,
                                             kFirmwareWithdrawal};

}  // namespace

std::span<const char* const> schema_migrations() {
    return kMigrations;
}

}  // namespace printlink::cloud
