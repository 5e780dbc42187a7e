#include "cloud/store/session_store.h"

#include "cloud/auth/secret_token.h"

namespace printlink::cloud {

Result<NewSession> SessionStore::create(std::int64_t user_id, std::int64_t now,
                                        std::int64_t lifetime_seconds) {
    auto token = random_token();
    if (!token) return token.error();
    auto csrf = random_token();
    if (!csrf) return csrf.error();
    NewSession session{*token, *csrf, now + lifetime_seconds};
    auto stmt = db_.prepare(
        "INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_digest(session.token))
        .bind(2, user_id)
        .bind(3, session.csrf_token)
        .bind(4, now)
        .bind(5, session.expires_at);
    if (auto s = stmt->run(); !s) return s.error();
    return session;
}

Result<std::optional<SessionRecord>> SessionStore::find(const std::string& token,
                                                        std::int64_t now) {
    if (token.empty()) return std::optional<SessionRecord>();
    auto stmt = db_.prepare(
        "SELECT user_id, csrf_token, expires_at FROM sessions "
        "WHERE token_sha256 = ?1 AND expires_at > ?2");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_digest(token)).bind(2, now);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return std::optional<SessionRecord>();
    return std::optional<SessionRecord>(
        SessionRecord{stmt->column_int64(0), stmt->column_text(1), stmt->column_int64(2)});
}

Status SessionStore::remove(const std::string& token) {
    auto stmt = db_.prepare("DELETE FROM sessions WHERE token_sha256 = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, token_digest(token));
    return stmt->run();
}

Status SessionStore::remove_expired(std::int64_t now) {
    auto stmt = db_.prepare("DELETE FROM sessions WHERE expires_at <= ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, now);
    return stmt->run();
}

}  // namespace printlink::cloud
