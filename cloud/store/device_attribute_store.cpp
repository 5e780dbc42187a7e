#include "cloud/store/device_attribute_store.h"

namespace printlink::cloud {

Result<std::vector<StoredAttribute>> DeviceAttributeStore::load(std::int64_t printer_id) {
    auto stmt = db_.prepare(
        "SELECT name, value FROM device_attributes WHERE printer_id = ?1 ORDER BY rowid");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id);
    std::vector<StoredAttribute> attributes;
    while (true) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!*row) break;
        attributes.push_back({stmt->column_text(0), stmt->column_text(1)});
    }
    return attributes;
}

Status DeviceAttributeStore::put(std::int64_t printer_id, const StoredAttribute& attribute) {
    // An upsert keeps the row (and so its rowid, the attribute's position).
    auto stmt = db_.prepare(
        "INSERT INTO device_attributes (printer_id, name, value) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (printer_id, name) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id).bind(2, attribute.name).bind(3, attribute.value);
    return stmt->run();
}

Status DeviceAttributeStore::remove(std::int64_t printer_id, const std::string& name) {
    auto stmt = db_.prepare("DELETE FROM device_attributes WHERE printer_id = ?1 AND name = ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, printer_id).bind(2, name);
    return stmt->run();
}

}  // namespace printlink::cloud
