#include "cloud/store/device_grant_store.h"

namespace printlink::cloud {
namespace {

constexpr const char* kSelectGrant =
    "SELECT id, user_code, client_id, scope, created_at, expires_at, interval_seconds, "
    "last_polled_at, state, decided_by, printer_name FROM device_grants ";

std::optional<GrantState> parse_grant_state(const std::string& text) {
    for (GrantState s :
         {GrantState::Pending, GrantState::Approved, GrantState::Denied, GrantState::Issued}) {
        if (text == grant_state_name(s)) return s;
    }
    return std::nullopt;
}

DeviceGrantRecord read_grant(const Statement& stmt) {
    DeviceGrantRecord g;
    g.id = stmt.column_int64(0);
    g.user_code = stmt.column_text(1);
    g.client_id = stmt.column_text(2);
    g.scope = stmt.column_text(3);
    g.created_at = stmt.column_int64(4);
    g.expires_at = stmt.column_int64(5);
    g.interval_seconds = stmt.column_int64(6);
    g.last_polled_at = stmt.column_int64(7);
    // The CHECK constraint keeps the column to the four names; Denied is the safe reading.
    g.state = parse_grant_state(stmt.column_text(8)).value_or(GrantState::Denied);
    g.decided_by = stmt.column_int64(9);
    g.printer_name = stmt.column_text(10);
    return g;
}

}  // namespace

const char* grant_state_name(GrantState state) {
    switch (state) {
        case GrantState::Pending:
            return "pending";
        case GrantState::Approved:
            return "approved";
        case GrantState::Denied:
            return "denied";
        case GrantState::Issued:
            return "issued";
    }
    return "denied";
}

Result<std::int64_t> DeviceGrantStore::add(const NewDeviceGrant& grant) {
    auto taken = find_by_user_code(grant.user_code);
    if (!taken) return taken.error();
    if (*taken) return make_error(ErrorCode::InvalidState, "the user code is in use");
    auto stmt = db_.prepare(
        "INSERT INTO device_grants (device_code_sha256, user_code, client_id, scope, created_at, "
        "expires_at, interval_seconds, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending')");
    if (!stmt) return stmt.error();
    stmt->bind(1, grant.device_code_sha256).bind(2, grant.user_code).bind(3, grant.client_id);
    stmt->bind(4, grant.scope).bind(5, grant.created_at).bind(6, grant.expires_at);
    stmt->bind(7, grant.interval_seconds);
    if (auto s = stmt->run(); !s) return s.error();
    return db_.last_insert_rowid();
}

Result<std::optional<DeviceGrantRecord>> DeviceGrantStore::find_by_device_code_digest(
    const std::string& digest) {
    auto stmt = db_.prepare(std::string(kSelectGrant) + "WHERE device_code_sha256 = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, digest);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<DeviceGrantRecord>();
    return std::optional<DeviceGrantRecord>(read_grant(*stmt));
}

Result<std::optional<DeviceGrantRecord>> DeviceGrantStore::find_by_user_code(
    const std::string& user_code) {
    auto stmt = db_.prepare(std::string(kSelectGrant) + "WHERE user_code = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, user_code);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<DeviceGrantRecord>();
    return std::optional<DeviceGrantRecord>(read_grant(*stmt));
}

Status DeviceGrantStore::record_poll(std::int64_t id, std::int64_t now,
                                     std::int64_t interval_seconds) {
    auto stmt = db_.prepare(
        "UPDATE device_grants SET last_polled_at = ?2, interval_seconds = ?3 WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, now).bind(3, interval_seconds);
    return stmt->run();
}

Status DeviceGrantStore::transition(std::int64_t id, GrantState from, GrantState to,
                                    std::int64_t decided_by, const std::string& printer_name) {
    auto stmt = db_.prepare(
        "UPDATE device_grants SET state = ?3, "
        "decided_by = CASE WHEN ?4 = 0 THEN decided_by ELSE ?4 END, "
        "printer_name = CASE WHEN ?5 = '' THEN printer_name ELSE ?5 END "
        "WHERE id = ?1 AND state = ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, grant_state_name(from)).bind(3, grant_state_name(to));
    stmt->bind(4, decided_by).bind(5, printer_name);
    if (auto s = stmt->run(); !s) return s;
    if (db_.changes() != 1) {
        return make_error(ErrorCode::InvalidState,
                          "the code is no longer " + std::string(grant_state_name(from)));
    }
    return Ok{};
}

Status DeviceGrantStore::remove_expired(std::int64_t now, std::int64_t keep_seconds) {
    auto stmt = db_.prepare("DELETE FROM device_grants WHERE expires_at < ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, now - keep_seconds);
    return stmt->run();
}

}  // namespace printlink::cloud
