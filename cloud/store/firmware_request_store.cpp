#include "cloud/store/firmware_request_store.h"

namespace printlink::cloud {

Result<std::optional<FirmwareRequest>> FirmwareRequestStore::pending(std::int64_t printer_id) {
    auto stmt = db_.prepare(
        "SELECT id, printer_id, component, target_version, start_at, requested_by, requested_at "
        "FROM firmware_requests WHERE printer_id = ?1 AND acknowledged_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<FirmwareRequest>();
    FirmwareRequest r;
    r.id = stmt->column_int64(0);
    r.printer_id = stmt->column_int64(1);
    r.component = stmt->column_text(2);
    r.target_version = stmt->column_text(3);
    r.start_at = stmt->column_int64(4);
    r.requested_by = stmt->column_text(5);
    r.requested_at = stmt->column_int64(6);
    return std::optional<FirmwareRequest>(std::move(r));
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
        "WHERE id = ?1 AND acknowledged_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind(1, request_id).bind(2, now);
    if (auto s = stmt->run(); !s) return s;
    if (db_.changes() == 0)
        return make_error(ErrorCode::InvalidState, "the request is not pending");
    return Ok{};
}

}  // namespace printlink::cloud
