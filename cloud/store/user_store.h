// Cloud user accounts: name, role and password hash (never the password).
#pragma once

#include "cloud/auth/role.h"
#include "cloud/store/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace printlink::cloud {

struct UserRecord {
    std::int64_t id = 0;
    std::string name;
    Role role = Role::User;
    std::string password_hash;
    std::int64_t created_at = 0;
};

// User names appear in user URIs (<public-url>/users/<name>) and in logs, so they are kept
// to 1-64 characters of [A-Za-z0-9._-], not starting with '.' or '-'.
bool is_valid_user_name(std::string_view name);

class UserStore {
  public:
    explicit UserStore(Database& db) : db_(db) {}

    // ErrorCode::InvalidArgument for a bad or already used name.
    [[nodiscard]] Result<std::int64_t> add(const std::string& name, Role role,
                                           const std::string& password_hash, std::int64_t now);
    [[nodiscard]] Result<std::optional<UserRecord>> find_by_name(const std::string& name);
    [[nodiscard]] Result<std::optional<UserRecord>> find_by_id(std::int64_t id);
    // ErrorCode::NotFound when there is no such user.
    [[nodiscard]] Status set_role(const std::string& name, Role role);

  private:
    Database& db_;
};

}  // namespace printlink::cloud
