#include "cloud/store/printer_store.h"

#include "cloud/auth/secret_token.h"
#include "cloud/store/random_uuid.h"

namespace printlink::cloud {
namespace {

constexpr const char* kSelectPrinter =
    "SELECT id, name, model, uuid, registered_at, output_device_uuid, last_seen_at FROM printers ";

PrinterRecord read_printer(const Statement& stmt) {
    PrinterRecord p;
    p.id = stmt.column_int64(0);
    p.name = stmt.column_text(1);
    p.model = stmt.column_text(2);
    p.uuid = stmt.column_text(3);
    p.registered_at = stmt.column_int64(4);
    p.output_device_uuid = stmt.column_text(5);
    p.last_seen_at = stmt.column_int64(6);
    return p;
}

}  // namespace

Result<NewPrinter> PrinterStore::add(const std::string& name, const std::string& model,
                                     std::int64_t now) {
    if (name.empty() || model.empty()) {
        return make_error(ErrorCode::InvalidArgument, "a printer needs a name and a model");
    }
    auto token = random_token();
    if (!token) return token.error();
    auto uuid = random_uuid_urn();
    if (!uuid) return uuid.error();

    NewPrinter created;
    created.token = *token;
    created.printer.name = name;
    created.printer.model = model;
    created.printer.uuid = *uuid;
    created.printer.registered_at = now;
    auto stmt = db_.prepare(
        "INSERT INTO printers (name, model, uuid, token_sha256, registered_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt) return stmt.error();
    stmt->bind(1, name).bind(2, model).bind(3, created.printer.uuid).bind(4, token_digest(*token));
    stmt->bind(5, now);
    if (auto s = stmt->run(); !s) return s.error();
    created.printer.id = db_.last_insert_rowid();
    return created;
}

Result<std::optional<PrinterRecord>> PrinterStore::find(std::int64_t id) {
    auto stmt = db_.prepare(std::string(kSelectPrinter) + "WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<PrinterRecord>();
    return std::optional<PrinterRecord>(read_printer(*stmt));
}

Result<std::vector<PrinterRecord>> PrinterStore::list() {
    auto stmt = db_.prepare(std::string(kSelectPrinter) + "ORDER BY id");
    if (!stmt) return stmt.error();
    std::vector<PrinterRecord> printers;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        printers.push_back(read_printer(*stmt));
    }
    return printers;
}

Result<std::optional<std::int64_t>> PrinterStore::find_by_token(const std::string& token) {
    if (token.empty()) return std::optional<std::int64_t>();
    // Looked up by digest: what an attacker could time is a B-tree search for a hash, which
    // says nothing about the token.
    auto stmt = db_.prepare("SELECT id FROM printers WHERE token_sha256 = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_digest(token));
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(stmt->column_int64(0));
}

Status PrinterStore::set_output_device_uuid(std::int64_t id, const std::string& uuid) {
    auto stmt = db_.prepare("UPDATE printers SET output_device_uuid = ?2 WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, uuid);
    return stmt->run();
}

Status PrinterStore::end_device_association(std::int64_t id) {
    auto stmt = db_.prepare(
        "UPDATE printers SET former_output_device_uuid = output_device_uuid, "
        "output_device_uuid = '' WHERE id = ?1 AND COALESCE(output_device_uuid, '') <> ''");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    return stmt->run();
}

Status PrinterStore::mark_seen(std::int64_t id, std::int64_t now) {
    auto stmt = db_.prepare("UPDATE printers SET last_seen_at = ?2 WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id).bind(2, now);
    return stmt->run();
}

}  // namespace printlink::cloud
