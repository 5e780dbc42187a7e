#include "cloud/store/device_token_store.h"

#include "cloud/auth/secret_token.h"

namespace printlink::cloud {

Result<std::int64_t> DeviceTokenStore::add(const std::string& token, std::int64_t owner_user_id,
                                           const std::string& printer_name, std::int64_t now) {
    if (token.empty()) return make_error(ErrorCode::InvalidArgument, "empty device token");
    auto stmt = db_.prepare(
        "INSERT INTO device_tokens (token_sha256, owner_user_id, printer_name, created_at) "
        "VALUES (?1, ?2, ?3, ?4)");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_digest(token)).bind(2, owner_user_id).bind(3, printer_name).bind(4, now);
    if (auto s = stmt->run(); !s) return s.error();
    return db_.last_insert_rowid();
}

Result<std::optional<DeviceTokenRecord>> DeviceTokenStore::find_active(const std::string& token) {
    if (token.empty()) return std::optional<DeviceTokenRecord>();
    auto stmt = db_.prepare(
        "SELECT id, owner_user_id, printer_id, printer_name, created_at FROM device_tokens "
        "WHERE token_sha256 = ?1 AND revoked_at IS NULL");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_digest(token));
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<DeviceTokenRecord>();
    DeviceTokenRecord r;
    r.id = stmt->column_int64(0);
    r.owner_user_id = stmt->column_int64(1);
    r.printer_id = stmt->column_int64(2);
    r.printer_name = stmt->column_text(3);
    r.created_at = stmt->column_int64(4);
    return std::optional<DeviceTokenRecord>(r);
}

Result<std::optional<std::int64_t>> DeviceTokenStore::find_registered_printer(
    std::int64_t owner_user_id, const std::string& output_device_uuid) {
    // Revoked tokens count too: a device re-enrolled after a revocation gets its printer back.
    // So does a device that was deregistered, unless another device took the printer since.
    auto stmt = db_.prepare(
        "SELECT p.id FROM device_tokens t JOIN printers p ON p.id = t.printer_id "
        "WHERE t.owner_user_id = ?1 AND (p.output_device_uuid = ?2 OR "
        "(COALESCE(p.output_device_uuid, '') = '' AND p.former_output_device_uuid = ?2)) "
        "ORDER BY p.id LIMIT 1");
    if (!stmt) return stmt.error();
    stmt->bind(1, owner_user_id).bind(2, output_device_uuid);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(stmt->column_int64(0));
}

Status DeviceTokenStore::bind(std::int64_t token_id, const std::string& token,
                              std::int64_t printer_id) {
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun();
    auto own = db_.prepare("UPDATE device_tokens SET printer_id = ?2 WHERE id = ?1");
    if (!own) return own.error();
    own->bind(1, token_id).bind(2, printer_id);
    if (auto s = own->run(); !s) return s;
    auto printer = db_.prepare("UPDATE printers SET token_sha256 = ?2 WHERE id = ?1");
    if (!printer) return printer.error();
    printer->bind(1, printer_id).bind(2, token_digest(token));
    if (auto s = printer->run(); !s) return s;
    if (db_.changes() != 1) return make_error(ErrorCode::NotFound, "no such printer");
    return tx.commit();
}

Result<int> DeviceTokenStore::revoke_printer(std::int64_t printer_id, std::int64_t now) {
    auto unknown = random_token();
    if (!unknown) return unknown.error();
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto printer = db_.prepare("UPDATE printers SET token_sha256 = ?2 WHERE id = ?1");
    if (!printer) return printer.error();
    printer->bind(1, printer_id).bind(2, token_digest(*unknown));
    if (auto s = printer->run(); !s) return s.error();
    if (db_.changes() != 1) return make_error(ErrorCode::NotFound, "no such printer");
    auto grants = db_.prepare(
        "UPDATE device_tokens SET revoked_at = ?2 WHERE printer_id = ?1 AND revoked_at IS NULL");
    if (!grants) return grants.error();
    grants->bind(1, printer_id).bind(2, now);
    if (auto s = grants->run(); !s) return s.error();
    const int revoked = db_.changes();
    if (auto s = tx.commit(); !s) return s.error();
    return revoked;
}

}  // namespace printlink::cloud
