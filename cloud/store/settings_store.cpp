#include "cloud/store/settings_store.h"

namespace printlink::cloud {

Result<std::optional<std::string>> SettingsStore::get(const std::string& key) {
    auto stmt = db_.prepare("SELECT value FROM settings WHERE key = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(stmt->column_text(0));
}

Status SettingsStore::set(const std::string& key, const std::string& value) {
    auto stmt = db_.prepare(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    stmt->bind(1, key).bind(2, value);
    return stmt->run();
}

}  // namespace printlink::cloud
