#include "cloud/store/user_store.h"

namespace printlink::cloud {

bool is_valid_user_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name[0] == '.' || name[0] == '-') return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

Result<std::int64_t> UserStore::add(const std::string& name, Role role,
                                    const std::string& password_hash, std::int64_t now) {
    if (!is_valid_user_name(name)) {
        return make_error(
            ErrorCode::InvalidArgument,
            "invalid user name '" + name +
                "': use 1-64 characters of A-Z a-z 0-9 . _ - (not starting with . or -)");
    }
    auto existing = find_by_name(name);
    if (!existing) return existing.error();
    if (*existing)
        return make_error(ErrorCode::InvalidArgument, "user '" + name + "' already exists");
    auto stmt = db_.prepare(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt) return stmt.error();
    stmt->bind(1, name)
        .bind(2, std::string_view(role_name(role)))
        .bind(3, password_hash)
        .bind(4, now);
    if (auto s = stmt->run(); !s) return s.error();
    return db_.last_insert_rowid();
}

namespace {

constexpr const char* kSelectUser = "SELECT id, name, role, password_hash, created_at FROM users ";

Result<std::optional<UserRecord>> read_one(Statement& stmt) {
    auto row = stmt.step();
    if (!row) return row.error();
    if (!*row) return std::optional<UserRecord>();
    UserRecord user;
    user.id = stmt.column_int64(0);
    user.name = stmt.column_text(1);
    // The CHECK constraint keeps the column to the three names; default to the least right.
    user.role = parse_role(stmt.column_text(2)).value_or(Role::User);
    user.password_hash = stmt.column_text(3);
    user.created_at = stmt.column_int64(4);
    return std::optional<UserRecord>(std::move(user));
}

}  // namespace

Result<std::optional<UserRecord>> UserStore::find_by_name(const std::string& name) {
    auto stmt = db_.prepare(std::string(kSelectUser) + "WHERE name = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, name);
    return read_one(*stmt);
}

Result<std::optional<UserRecord>> UserStore::find_by_id(std::int64_t id) {
    auto stmt = db_.prepare(std::string(kSelectUser) + "WHERE id = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, id);
    return read_one(*stmt);
}

Status UserStore::set_role(const std::string& name, Role role) {
    auto stmt = db_.prepare("UPDATE users SET role = ?2 WHERE name = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, name).bind(2, std::string_view(role_name(role)));
    if (auto s = stmt->run(); !s) return s;
    if (db_.changes() == 0) return make_error(ErrorCode::NotFound, "no user '" + name + "'");
    return Ok{};
}

}  // namespace printlink::cloud
