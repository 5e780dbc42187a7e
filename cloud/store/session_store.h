// Web sessions. The browser holds a random session token; the database holds only its
// SHA-256, the user, the session's CSRF token and when it expires.
#pragma once

#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace printlink::cloud {

struct SessionRecord {
    std::int64_t user_id = 0;
    std::string csrf_token;
    std::int64_t expires_at = 0;
};

struct NewSession {
    std::string token;  // goes into the cookie, never into the database or a log
    std::string csrf_token;
    std::int64_t expires_at = 0;
};

class SessionStore {
  public:
    explicit SessionStore(Database& db) : db_(db) {}

    [[nodiscard]] Result<NewSession> create(std::int64_t user_id, std::int64_t now,
                                            std::int64_t lifetime_seconds);
    // nullopt for an unknown or expired token.
    [[nodiscard]] Result<std::optional<SessionRecord>> find(const std::string& token,
                                                            std::int64_t now);
    [[nodiscard]] Status remove(const std::string& token);
    [[nodiscard]] Status remove_expired(std::int64_t now);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
