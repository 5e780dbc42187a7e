#include "cloud/store/firmware_request_store.h"

namespace printlink::cloud {
namespace {

constexpr const char* kColumns =
    "SELECT id, printer_id, component, target_version, start_at, requested_by, requested_at, "
    "acknowledged_at, withdrawn_at, withdrawn_by, withdrawal, withdrawal_message "
    "FROM firmware_requests ";

std::optional<std::int64_t> optional_int(const Statement& stmt, int column) {
    if (stmt.column_is_null(column)) return std::nullopt;
    return stmt.column_int64(column);
}

// One row of kColumns, or nullopt when the query found none.
Result<std::optional<FirmwareRequest>> read_one(Statement& stmt) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return std::optional<FirmwareRequest>();
    FirmwareRequest r;
    r.id = stmt.column_int64(0);
    r.printer_id = stmt.column_int64(1);
    r.component = stmt.column_text(2);
    r.target_version = stmt.column_text(3);
    r.start_at = stmt.column_int64(4);
    r.requested_by = stmt.column_text(5);
    r.requested_at = stmt.column_int64(6);
    r.acknowledged_at = optional_int(stmt, 7);
    r.withdrawn_at = optional_int(stmt, 8);
    r.withdrawn_by = stmt.column_text(9);
    r.withdrawal = stmt.column_text(10);
    r.withdrawal_message = stmt.column_text(11);
    return std::optional<FirmwareRequest>(std::move(r));
}

}  // namespace

Result<std::optional<FirmwareRequest>> FirmwareRequestStore::pending(std::int64_t printer_id) {
    auto stmt = db_.prepare(std::string(kColumns) +
                            "WHERE printer_id = ?1 AND acknowledged_at IS NULL "
                            "AND withdrawn_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id);
    return read_one(*stmt);
}

Result<std::optional<FirmwareRequest>> FirmwareRequestStore::latest(std::int64_t printer_id) {
    auto stmt =
        db_.prepare(std::string(kColumns) + "WHERE printer_id = ?1 ORDER BY id DESC LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id);
    return read_one(*stmt);
}

Result<std::int64_t> FirmwareRequestStore::add(const FirmwareRequest& request) {
    auto existing = pending(request.printer_id);
    if (!existing) return existing.error();
    if (*existing) {
        return make_error(ErrorCode::InvalidState, "a firmware update is already pending");
    }
    auto stmt = db_.prepare(
        "INSERT INTO firmware_requests "
        "(printer_id, component, target_version, start_at, requested_by, requested_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!stmt) return stmt.error();
    stmt->bind(1, request.printer_id)
        .bind(2, request.component)
        .bind(3, request.target_version)
        .bind(4, request.start_at)
        .bind(5, request.requested_by)
        .bind(6, request.requested_at);
    if (auto s = stmt->run(); !s) return s.error();
    return db_.last_insert_rowid();
}

Status FirmwareRequestStore::acknowledge(std::int64_t request_id, std::int64_t now) {
    auto stmt = db_.prepare(
        "UPDATE firmware_requests SET acknowledged_at = ?2 "
        "WHERE id = ?1 AND acknowledged_at IS NULL AND withdrawn_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind(1, request_id).bind(2, now);
    if (auto s = stmt->run(); !s) return s;
    if (db_.changes() == 0)
        return make_error(ErrorCode::InvalidState, "the request is not pending");
    return Ok{};
}

Status FirmwareRequestStore::withdraw(std::int64_t request_id, const std::string& user,
                                      std::int64_t now, const std::string& withdrawal) {
    auto stmt = db_.prepare(
        "UPDATE firmware_requests SET withdrawn_at = ?2, withdrawn_by = ?3, withdrawal = ?4 "
        "WHERE id = ?1 AND withdrawn_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind(1, request_id).bind(2, now).bind(3, user).bind(4, withdrawal);
    if (auto s = stmt->run(); !s) return s;
    if (db_.changes() == 0)
        return make_error(ErrorCode::InvalidState, "the request was already withdrawn");
    return Ok{};
}

Status FirmwareRequestStore::settle_withdrawal(std::int64_t request_id,
                                               const std::string& withdrawal,
                                               const std::string& message) {
    auto stmt = db_.prepare(
        "UPDATE firmware_requests SET withdrawal = ?2, withdrawal_message = ?3 "
        "WHERE id = ?1 AND withdrawal = 'waiting'");
    if (!stmt) return stmt.error();
    stmt->bind(1, request_id).bind(2, withdrawal).bind(3, message);
    if (auto s = stmt->run(); !s) return s;
    if (db_.changes() == 0)
        return make_error(ErrorCode::InvalidState, "no withdrawal of that request is waiting");
    return Ok{};
}

}  // namespace printlink::cloud
