#include "cloud/store/identify_request_store.h"

#include <nlohmann/json.hpp>

namespace printlink::cloud {
namespace {

std::vector<std::string> keywords_from_json(const std::string& text) {
    std::vector<std::string> keywords;
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (!parsed.is_array()) return keywords;
    for (const auto& k : parsed) {
        if (k.is_string()) keywords.push_back(k.get<std::string>());
    }
    return keywords;
}

}  // namespace

Result<std::optional<IdentifyRequest>> IdentifyRequestStore::pending(std::int64_t printer_id) {
    auto stmt = db_.prepare(
        "SELECT printer_id, actions, message, requested_by, output_device_uuid, requested_at "
        "FROM identify_requests WHERE printer_id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<IdentifyRequest>();
    IdentifyRequest r;
    r.printer_id = stmt->column_int64(0);
    r.actions = keywords_from_json(stmt->column_text(1));
    r.message = stmt->column_text(2);
    r.requested_by = stmt->column_text(3);
    r.output_device_uuid = stmt->column_text(4);
    r.requested_at = stmt->column_int64(5);
    return std::optional<IdentifyRequest>(std::move(r));
}

Status IdentifyRequestStore::replace(const IdentifyRequest& request) {
    auto stmt = db_.prepare(
        "INSERT OR REPLACE INTO identify_requests "
        "(printer_id, actions, message, requested_by, output_device_uuid, requested_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!stmt) return stmt.error();
    stmt->bind(1, request.printer_id)
        .bind(2, nlohmann::json(request.actions).dump())
        .bind(3, request.message)
        .bind(4, request.requested_by)
        .bind(5, request.output_device_uuid)
        .bind(6, request.requested_at);
    return stmt->run();
}

Result<bool> IdentifyRequestStore::clear(std::int64_t printer_id) {
    auto stmt = db_.prepare("DELETE FROM identify_requests WHERE printer_id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id);
    if (auto s = stmt->run(); !s) return s.error();
    return db_.changes() > 0;
}

}  // namespace printlink::cloud
